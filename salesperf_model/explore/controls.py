"""The explorer's lever rows (control, reason, row), made once and kept across rebuilds.

Every widget is a model the kernel announces to the browser in its own message. The
explorer used to give each slider, reason and row its own layout and style (about 2,000
models for the starting plan) and to make them all again for every added tier or bonus,
never closing the old ones. A burst that size can overrun the kernel's message queue
(ZeroMQ drops what passes its high-water mark of 1,000 messages when the server reads
slowly, as while the kernel compiles), and the browser then lacks the models of a tab's
controls: the tab stays blank ("Could not create child view"). Here the look is shared, a
lever whose control would be made the same keeps it, and controls no longer used are
closed, so an added bonus sends a few dozen messages, not thousands.

A row is also made only when it is first shown: a tab's rows when the tab is opened, a
role's KPI weights when the role is picked. The baseline's 237 levers were about 825
messages at start, near that mark, and a plan with more roles, KPIs or bonuses passed it;
now the start sends the first tab's rows and each tab opened sends its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from salesperf_model.explore.levers import Lever, Value
from salesperf_model.present.format import escape

DESCRIPTION_WIDTH = "300px"
CONTROL_WIDTH = "560px"
REASON_WIDTH = "420px"


def css_class(key: str) -> str:
    """The CSS class of a lever's control (browser tests find controls by it)."""
    return "sp-" + key.replace(".", "-").replace("_", "-")


class Look:
    """One style and layout per kind of widget, shared by every control of that kind."""

    def __init__(self) -> None:
        self.slider = widgets.SliderStyle(description_width=DESCRIPTION_WIDTH)
        self.described = DescriptionStyle(description_width=DESCRIPTION_WIDTH)
        self.text = TextStyle(description_width=DESCRIPTION_WIDTH)
        self.control = widgets.Layout(width=CONTROL_WIDTH)
        self.reason = widgets.Layout(width=REASON_WIDTH)
        self.reason_style = HTMLStyle()
        self.row = widgets.Layout()


def shape(lever: Lever) -> tuple:
    """What a lever's control is made from; a lever of the same shape keeps its control."""
    return (lever.kind, lever.label, lever.low, lever.high, lever.step, lever.options)


def reach(lever: Lever, value: Value, end: float) -> float:
    """The end of a slider at ``end`` that must show ``value``: a stretching lever's range
    doubles until the value is inside it (a slider clamps what passes its end)."""
    if lever.stretches and lever.kind != "choice" and lever.kind != "switch":
        while float(value) > end:
            end *= 2
    return end


def reason_html(reason: str | None) -> str:
    """The greyed words beside a control that does nothing, or nothing."""
    return f"<span style='color:#777'>{escape(reason)}</span>" if reason else ""


def make_control(lever: Lever, look: Look, *, value: Value, disabled: bool) -> widgets.Widget:
    """A dropdown for a choice or switch, a slider (released, not dragged) for a number,
    made with its value, state and class: each setting changed after it is made would be
    one more message to the browser."""
    common = {
        "description": lever.label,
        "disabled": disabled,
        "layout": look.control,
        "_dom_classes": (css_class(lever.key),),
    }
    if lever.kind in ("choice", "switch"):
        return widgets.Dropdown(
            options=list(lever.options), value=value, style=look.described, **common
        )
    return widgets.FloatSlider(
        value=float(value),
        min=lever.low,
        max=reach(lever, value, lever.high),
        step=lever.step,
        continuous_update=False,
        readout_format=".2f" if lever.step < 1 else ".0f",
        style=look.slider,
        **common,
    )


@dataclass
class LeverRow:
    """A lever's control, the words saying why it does nothing, and the row holding both."""

    shape: tuple
    control: widgets.Widget
    reason: widgets.HTML
    row: widgets.HBox

    def close(self) -> None:
        for widget in (self.row, self.control, self.reason):
            widget.close()


class LeverRows:
    """The rows of the plan's levers, each made when first asked for (:meth:`row`);
    ``on_change(key, value)`` is called when the analyst moves a control (not when
    :meth:`update` sets it)."""

    def __init__(self, on_change: Callable[[str, Value], None]):
        self.look = Look()
        #: the rows made so far, by lever key
        self.rows: dict[str, LeverRow] = {}
        self.levers: dict[str, Lever] = {}
        #: the values and greyed-out reasons a row is made with (kept up to date by the app)
        self.values: Mapping[str, Value] = {}
        self.reasons: Mapping[str, str] = {}
        self._on_change = on_change
        self._setting = False
        #: the lever whose slider the analyst last ran to its end, and its new end
        self.stretched: tuple[str, float] | None = None

    def update(
        self,
        levers: Iterable[Lever],
        values: Mapping[str, Value],
        reasons: Mapping[str, str] | None = None,
    ) -> list[LeverRow]:
        """The plan's levers are now ``levers``, set to ``values``: a row already made whose
        lever keeps its shape keeps its control, set to the value; a row not yet made is made
        when asked for, greyed out with the words of ``reasons`` (why its control does
        nothing). The rows no longer used are returned, to be closed once off the page."""
        self.levers = {lever.key: lever for lever in levers}
        self.values = values
        self.reasons = reasons or {}
        kept: dict[str, LeverRow] = {}
        retired: list[LeverRow] = []
        self._setting = True
        try:
            for key, row in self.rows.items():
                lever = self.levers.get(key)
                if lever is None or row.shape != shape(lever):
                    retired.append(row)
                else:
                    if lever.kind in ("number", "whole"):
                        row.control.max = reach(lever, values[key], row.control.max)
                    row.control.value = values[key]
                    kept[key] = row
        finally:
            self._setting = False
        self.rows = kept
        return retired

    def row(self, key: str) -> LeverRow:
        """The row of lever ``key``, made now if it was not yet (KeyError: no such lever)."""
        row = self.rows.get(key)
        if row is None:
            lever = self.levers[key]
            row = self._make(lever, self.values[key], self.reasons.get(key))
            self.rows[key] = row
        return row

    def _make(self, lever: Lever, value: Value, why_inactive: str | None) -> LeverRow:
        control = make_control(lever, self.look, value=value, disabled=why_inactive is not None)
        control.observe(self._observer(lever.key), names="value")
        reason = widgets.HTML(
            value=reason_html(why_inactive), layout=self.look.reason, style=self.look.reason_style
        )
        row = widgets.HBox([control, reason], layout=self.look.row)
        return LeverRow(shape(lever), control, reason, row)

    def _observer(self, key: str) -> Callable[[dict], None]:
        def observe(change: dict) -> None:
            if self._setting:
                return
            control, lever = change["owner"], self.levers.get(key)
            self.stretched = None
            if lever is not None and lever.stretches and change["new"] >= control.max > 0:
                # the analyst ran the slider to its end (or typed more, which it clamps):
                # room to go on, and the app says so
                control.max = control.max * 2
                self.stretched = (key, control.max)
            self._on_change(key, change["new"])

        return observe


class Controls(Mapping):
    """Every lever's control (or, with ``part="reason"``, its greyed-out words) by key, in
    the levers' order; asking for one makes its row if it was not yet shown."""

    def __init__(self, rows: LeverRows, part: str = "control"):
        self._rows = rows
        self._part = part

    def __getitem__(self, key: str) -> widgets.Widget:
        return getattr(self._rows.row(key), self._part)

    def __contains__(self, key: object) -> bool:
        return key in self._rows.levers

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows.levers)

    def __len__(self) -> int:
        return len(self._rows.levers)
