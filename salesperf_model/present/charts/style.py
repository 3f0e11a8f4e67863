"""The report chart style: Okabe-Ito palette, plan colours and line styles, titles that
state the finding, money axes, sized to read at laptop width."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from salesperf_model.present.plan_titles import plan_title

#: Okabe & Ito (2008) palette, distinguishable with every common colour-vision deficiency.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Plan colours in order: the baseline always gets the first (dark grey-black reads as "as is").
BASELINE_COLOUR = "#555555"
PLAN_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)
#: Line styles and bar hatches for the second and later rounds of colours (more than seven
#: plans), so that no two plans look alike. Okabe-Ito yellow is left out: too pale on white.
LINE_STYLES: tuple[str | tuple[int, tuple[float, float]], ...] = ("-", (0, (5, 2)), (0, (1, 1.5)))
MARKERS: tuple[str, ...] = ("o", "s", "D")
HATCHES: tuple[str, ...] = ("", "//", "..")
#: Colours of the parts of one whole (pay components, the sources of pay differences):
#: Okabe-Ito but its yellow, which beside orange reads as a second yellow and is too pale
#: on white; neighbours in this order differ in lightness as well as in hue.
PART_PALETTE: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["reddish_purple"],
)
#: Winners-and-losers bands, from big loss to big gain: a diverging, colour-blind-safe scale.
BAND_COLOURS: tuple[str, ...] = (
    OKABE_ITO["vermillion"],
    OKABE_ITO["orange"],
    "#D9D9D9",
    OKABE_ITO["sky_blue"],
    OKABE_ITO["blue"],
)
#: What a zoomed value axis says on its label (:func:`note_zero_left_out`).
ZERO_NOTE = "(axis does not start at zero)"
WIDTH = 9.0  # inches at 100 dpi: 900 px, fits a laptop screen with margins

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
}


def apply_style() -> None:
    """Use the report style for every chart drawn after this call."""
    plt.rcParams.update(STYLE)


def to_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, then closed: for an image widget that is redrawn in place
    (an Output widget capturing plt.show() can stall headless notebook runs, nbclient#312)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def plan_colours(names: Sequence[str], baseline: str | None = None) -> dict[str, str]:
    """A stable colour per plan; the baseline grey."""
    colours, others = {}, iter(PLAN_COLOURS * (1 + len(names) // len(PLAN_COLOURS)))
    for name in names:
        colours[name] = BASELINE_COLOUR if name == baseline else next(others)
    return colours


def plan_rounds(names: Sequence[str], baseline: str | None = None) -> dict[str, int]:
    """Which round of the palette each plan's colour comes from (0 for the first seven
    plans): later rounds get a dashed line or a hatched bar."""
    others = [n for n in names if n != baseline]
    rounds = {
        name: min(i // len(PLAN_COLOURS), len(LINE_STYLES) - 1) for i, name in enumerate(others)
    }
    return {name: rounds.get(name, 0) for name in names}


def literal(text: str) -> str:
    """Text matplotlib must not read as mathtext: a plan called "$5k bonus" stays as written."""
    return str(text).replace("$", r"\$")


def wrap_title(text: str, width: int = 78) -> str:
    """Break a long finding over lines so it fits the chart's width."""
    return literal(textwrap.fill(text, width=width, break_long_words=False))


def plan_label(name: str, baseline: str | None) -> str:
    """A plan's display title, marked when it is the baseline (unless it says so already)."""
    title = plan_title(name)
    if name == baseline and "baseline" not in title.lower():
        return literal(f"{title} (baseline)")
    return literal(title)


def tick_decimals(values: Sequence[float], most: int = 4) -> int:
    """The fewest decimals that write every value exactly (0.025 needs 3, 120 none), so
    that ticks are neither rounded into other numbers nor padded with zeros."""
    for digits in range(most + 1):
        if all(abs(round(v, digits) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return most


class TickFormatter(Formatter):
    """Tick labels with the decimals the axis's ticks need, the same for every tick:
    ``scale`` divides the value (1e6 for millions, 0.01 for percent), ``suffix`` follows
    it; ``default`` decimals for a value formatted on its own (no ticks set). Never
    "-0"."""

    def __init__(self, scale: float = 1.0, suffix: str = "", default: int | None = None):
        self.scale, self.suffix, self.default = scale, suffix, default
        self.digits: int | None = None

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.digits = tick_decimals([v / self.scale for v in locs]) if len(locs) else None

    def __call__(self, x: float, pos: int | None = None) -> str:
        value = x / self.scale
        digits = self.digits
        if digits is None:
            digits = self.default if self.default is not None else tick_decimals([value])
        text = f"{value:,.{digits}f}"
        if text.startswith("-") and not any(c in "123456789" for c in text):
            text = text[1:]
        return text + self.suffix


def millions_axis() -> TickFormatter:
    """Tick labels for a money axis in millions ("120 M", "1.25 M": the decimals the ticks
    need, no more); the unit goes in the axis label."""
    return TickFormatter(1e6, " M")


def note_zero_left_out(axes: Axes, which: str = "x") -> None:
    """Add :data:`ZERO_NOTE` to an axis label when the axis leaves zero out: a reader of
    a zoomed cost axis must not take a gap between points for a proportion. Call it once
    the axis limits are final."""
    low, high = axes.get_xlim() if which == "x" else axes.get_ylim()
    label = axes.get_xlabel() if which == "x" else axes.get_ylabel()
    if (low <= 0 <= high) or ZERO_NOTE in label:
        return
    long = len(label) + len(ZERO_NOTE) > 100
    noted = f"{label}{chr(10) if long else ' '}{ZERO_NOTE}" if label else ZERO_NOTE
    (axes.set_xlabel if which == "x" else axes.set_ylabel)(noted)


def money_axis(axis: Axis) -> None:
    """A money axis in millions with at most six ticks on round steps, so that its labels
    never run together at the width of a report column."""
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(millions_axis())
