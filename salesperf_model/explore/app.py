"""The explorer's widgets: a scenario picker, every plan lever in tabs, the live figures and curve, Reset, Save and Re-simulate."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from salesperf_model.explore.behaviour import behaviour_notes, resimulate
from salesperf_model.explore.bonus_levers import BONUS_TYPES, with_bonus_added, with_bonus_removed
from salesperf_model.explore.checks import inactive
from salesperf_model.explore.controls import Controls, LeverRows, Look, reason_html
from salesperf_model.explore.curve import PayoutCurve
from salesperf_model.explore.explorer import Explorer, prepare_explorer, repay
from salesperf_model.explore.figures_text import figure_lines
from salesperf_model.explore.levers import GROUPS, TIER_FIELDS, Value, tier_start_field
from salesperf_model.explore.more_levers import plan_levers
from salesperf_model.explore.plan_values import PlanRefused, build_plan, start_values
from salesperf_model.explore.starting import StartingFile, scenario_files
from salesperf_model.formatting import money, percent
from salesperf_model.present.format import escape, html_list

if TYPE_CHECKING:
    from salesperf_model.schema import Scenario


class ExplorerApp(StartingFile):
    """The live explorer: pick a scenario, move any lever, read what changed, save it."""

    def __init__(
        self,
        scenario_path: str | os.PathLike,
        *,
        simulations: int = 8,
        reps: int | None = None,
        periods: int | None = None,
        seed: int | None = None,
    ) -> None:
        self.sizes = {"simulations": simulations, "reps": reps, "periods": periods, "seed": seed}
        self.folder = Path(scenario_path).resolve().parent
        files = scenario_files(self.folder)
        self.lever_rows = LeverRows(self._changed)
        #: every lever's control and greyed-out words by key (a row is made when first shown)
        self.controls = Controls(self.lever_rows)
        self.reasons = Controls(self.lever_rows, "reason")
        look = self.lever_rows.look
        self.picker = widgets.Dropdown(
            options=files,
            value=Path(scenario_path).name,
            description="start from",
            style=look.described,
            layout=look.control,
        )
        self.picker.add_class("sp-scenario")
        self.figures = widgets.HTML()
        self.figures.add_class("sp-figures")
        self.problems = widgets.HTML()
        self.problems.add_class("sp-problems")
        self.behaviour = widgets.HTML()
        self.picture = widgets.Image(format="png", layout=widgets.Layout(width="640px"))
        self.message = widgets.HTML()
        self.message.add_class("sp-message")
        self.save_name = widgets.Text(description="save as", style=look.text, layout=look.control)
        self.save_name.add_class("sp-save-name")
        buttons = {}
        for name, words in (("reset", "Reset"), ("save", "Save"), ("resimulate", "Re-simulate")):
            buttons[name] = widgets.Button(description=words)
            buttons[name].add_class(f"sp-{name}")
        self.reset_button, self.save_button, self.resimulate_button = buttons.values()
        self.reset_button.on_click(lambda _b: self.reset())
        self.save_button.on_click(lambda _b: self.save())
        self.resimulate_button.on_click(lambda _b: self.resimulate())
        self._make_plan_buttons(look)
        self.tabs = widgets.Tab(children=[widgets.VBox() for _ in GROUPS])
        for i, group in enumerate(GROUPS):
            self.tabs.set_title(i, group)
        #: the tabs opened so far (by index): only their rows are made and kept up to date
        self.opened = {self.tabs.selected_index}
        self.tabs.observe(lambda change: self._open(change["new"]), names="selected_index")
        #: the file the explorer started from (the picker shows it but for a moment)
        self.started = self.picker.value
        self._reverting = False
        self.picker.observe(lambda change: self._picked(change["new"]), names="value")
        self.view = widgets.VBox(
            [
                self.picker,
                self.tabs,
                self.problems,
                self.figures,
                self.picture,
                widgets.HBox([self.reset_button, self.save_name, self.save_button]),
                widgets.HBox([self.resimulate_button, self.behaviour]),
                self.message,
            ]
        )
        self.explorer: Explorer | None = None
        self.seconds = 0.0
        self.start_from(self.picker.value)

    # -- starting plan ---------------------------------------------------------------
    def start_from(self, file_name: str) -> None:
        """Simulate (or reuse) the sales force of ``file_name`` and show its levers."""
        from salesperf_model.loading import load_scenario

        scenario = load_scenario(self.folder / file_name)
        old = self.explorer
        if old is not None and (
            old.scenario.population == scenario.population
            and old.scenario.simulation == scenario.simulation
        ):
            self.explorer = _reuse(old, scenario)
        else:
            self.explorer = prepare_explorer(self.folder / file_name, **self.sizes)
        self.curve = PayoutCurve(self.explorer.scenario)
        self.working = self.explorer.scenario
        self.started = file_name
        self.save_name.value = f"{Path(file_name).stem}_edited"
        self.message.value = ""
        self._build(len(self.explorer.scenario.pay.commission.tiers))

    def _make_plan_buttons(self, look: Look) -> None:
        """The tabs' own buttons and pickers, made once: adding or removing a tier or a
        bonus, and the role whose KPI weights are shown."""
        self.tier_add = widgets.Button(description="Add a tier")
        self.tier_add.add_class("sp-add-tier")
        self.tier_remove = widgets.Button(description="Remove the last tier")
        self.tier_add.on_click(lambda _b: self._retier(+1))
        self.tier_remove.on_click(lambda _b: self._retier(-1))
        self.tier_buttons = widgets.HBox([self.tier_add, self.tier_remove])
        self.role = widgets.Dropdown(description="role", style=look.described, layout=look.control)
        self.role.add_class("sp-role")
        self.weights = widgets.VBox()
        self.weight_keys: dict[str, list[str]] = {}
        self.role.observe(lambda _c: self._show_weights(), names="value")
        wide = {"description_width": "initial"}
        kind = widgets.Dropdown(options=BONUS_TYPES, description="new bonus of type", style=wide)
        name = widgets.Text(
            value="new_bonus", description="named", style=wide, layout={"width": "260px"}
        )
        add = widgets.Button(description="Add the bonus")
        add.add_class("sp-add-bonus")
        add.on_click(lambda _b: self.add_bonus(kind.value, name.value.strip()))
        self.bonus_picked = widgets.Dropdown(description="bonus", style=wide)
        self.bonus_remove = widgets.Button(description="Remove the bonus")
        self.bonus_remove.on_click(lambda _b: self.remove_bonus(self.bonus_picked.value))
        self.bonus_rows = [
            widgets.HBox([kind, name, add]),
            widgets.HBox([self.bonus_picked, self.bonus_remove]),
        ]

    def _show_weights(self) -> None:
        """The picked role's KPI weights, their rows made now if not yet (only once the
        KPI weights tab has been opened)."""
        if GROUPS.index("KPI weights") in self.opened:
            keys = self.weight_keys.get(self.role.value, [])
            self.weights.children = [self.lever_rows.row(key).row for key in keys]

    def _open(self, index: int | None) -> None:
        """The analyst opened tab ``index``: its rows are made (once) and shown."""
        if index is not None:
            self.opened.add(index)
            self._fill(index)

    def _fill(self, index: int) -> None:
        """Tab ``index``'s rows, with the tab's own buttons and pickers."""
        group = GROUPS[index]
        rows = [self.lever_rows.row(key).row for key in self.group_keys[group]]
        if group == "Commission":
            rows.insert(len(TIER_FIELDS) * self._tiers(), self.tier_buttons)
        elif group == "KPI weights":
            rows[:0] = [self.role, self.weights]
            self._show_weights()
        elif group == "Bonuses":
            rows[:0] = self.bonus_rows
        self.tabs.children[index].children = rows

    def _build(self, tiers: int, values: dict[str, Value] | None = None) -> None:
        """Controls for ``tiers`` commission tiers, set to ``values`` (default: the start).
        A lever whose control is unchanged keeps it; controls no longer used are closed."""
        self.levers = plan_levers(self.working, tiers=tiers)
        self.values = {**start_values(self.levers), **(values or {})}
        self.values = {lever.key: self.values[lever.key] for lever in self.levers}
        retired = self.lever_rows.update(self.levers, self.values, self._inactive())
        self.group_keys: dict[str, list[str]] = {group: [] for group in GROUPS}
        self.weight_keys = {}
        for lever in self.levers:
            if lever.key.startswith("scoring.weights."):
                self.weight_keys.setdefault(lever.key.split(".")[2], []).append(lever.key)
            else:
                self.group_keys[lever.group].append(lever.key)
        self.tier_remove.disabled = tiers <= 1
        # The tabs stay, so adding a tier or a bonus keeps the open tab open in the
        # browser. Only the tab shown is filled again; the others are emptied and filled
        # when next opened, so a rebuild makes at most one tab's new rows at a time (none
        # for a role the pickers below switch to while its tab is hidden).
        shown = self.tabs.selected_index
        for index in self.opened - {shown}:
            self.tabs.children[index].children = ()
            if GROUPS[index] == "KPI weights":
                self.weights.children = ()
        self.opened = set()
        _offer(self.role, list(self.weight_keys))
        names = [bonus.name for bonus in self.working.pay.bonuses]
        _offer(self.bonus_picked, names)
        self.bonus_remove.disabled = not names
        self._open(shown)
        for row in retired:  # off the page now
            row.close()
        self.redraw()

    def add_bonus(self, bonus_type: str, name: str) -> None:
        """A new bonus at its documented defaults, its controls in the Bonuses tab. A name
        the starting plan gives a bonus (one removed here too) is refused: a saved file
        extends the starting plan, so its item would merge with the old one, key by key."""
        started = {bonus.name: bonus.type for bonus in self.explorer.scenario.pay.bonuses}
        taken = {bonus.name for bonus in self.working.pay.bonuses}
        if name in started and name not in taken:
            self.message.value = (
                f"<b>Not added:</b> the starting plan has a {escape(started[name])} bonus "
                f"named {escape(name)}; a saved plan extends it and would merge the new "
                "bonus into it, so give the new bonus another name"
            )
            return
        try:
            self.working = with_bonus_added(self.working, bonus_type, name)
        except ValueError as problem:
            self.message.value = f"<b>Not added:</b> {escape(problem)}"
            return
        self.message.value = f"Added the {escape(bonus_type)} bonus {escape(name)}"
        self._build(self._tiers(), dict(self.values))

    def remove_bonus(self, name: str) -> None:
        """The plan without the bonus ``name`` (Save writes it as removed)."""
        self.working = with_bonus_removed(self.working, name)
        self.message.value = f"Removed the bonus {escape(name)}"
        self._build(self._tiers(), dict(self.values))

    def _tiers(self) -> int:
        return sum(
            1
            for lever in self.levers
            if lever.key.startswith("tier.") and lever.key.endswith(".rate")
        )

    def _retier(self, step: int) -> None:
        tiers = self._tiers()
        values = dict(self.values)
        if step > 0:
            begins = tier_start_field(self.explorer.scenario)
            last = float(values[f"tier.{tiers}.{begins}"])
            gap = 20.0 if begins == "from_attainment" else max(last, 10_000.0)
            values[f"tier.{tiers + 1}.{begins}"] = last + gap
            values[f"tier.{tiers + 1}.rate"] = float(values[f"tier.{tiers}.rate"])
        self._build(max(1, tiers + step), values)

    def _inactive(self) -> dict[str, str]:
        """Why each control that does nothing under the current choices does nothing."""
        roles = sorted(set(self.explorer.outcomes.reps["role"].astype(str)))
        return inactive(self.working, self.levers, self.values, roles_present=roles)

    def _changed(self, key: str, value: Value) -> None:
        """The analyst moved the control of ``key``."""
        self.values[key] = value
        self.redraw()
        if self.lever_rows.stretched is not None:
            stretched, end = self.lever_rows.stretched
            lever = self.lever_rows.levers[stretched]
            self.message.value = escape(
                f"{lever.label} reached the end of its range at {value:,.0f}; the range now "
                f"runs to {end:,.0f}: move it or type the value again to go higher"
            )

    # -- the live loop ---------------------------------------------------------------
    def edited(self) -> Scenario:
        """The plan the controls describe (raises PlanRefused)."""
        return build_plan(self.working, self.levers, self.values)

    def redraw(self) -> None:
        """Re-pay, redraw, say what changed; an invalid plan keeps the last figures."""
        started = time.perf_counter()
        explorer = self.explorer
        reasons = self._inactive()
        self.lever_rows.reasons = reasons  # for the rows made later
        for key, row in self.lever_rows.rows.items():
            row.control.disabled = key in reasons
            row.reason.value = reason_html(reasons.get(key))
        try:
            scenario = self.edited()
        except PlanRefused as refused:
            self.problems.value = "<b>Not a valid plan (nothing re-paid or saved):</b>" + html_list(
                refused.problems
            )
            self.save_button.disabled = True
            return
        self.problems.value = ""
        self.save_button.disabled = False
        figures = repay(explorer, scenario)
        repaid = time.perf_counter() - started
        self.picture.value = self.curve.png(scenario)
        notes = behaviour_notes(explorer.scenario, scenario)
        self.behaviour.value = (
            "<i>Re-paid on one simulated sales force; " + escape("; ".join(notes)) + ".</i>"
            if notes
            else "<i>No behaviour setting of this sales force responds to these edits.</i>"
        )
        self.resimulate_button.disabled = not notes
        self.seconds = time.perf_counter() - started
        self.figures.value = html_list(
            [
                *figure_lines(explorer, figures),
                f"Re-paid in {repaid:.2f} s, redrawn in {self.seconds - repaid:.2f} s",
            ]
        )

    # -- buttons -------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the starting scenario, every control as it set them."""
        self.working = self.explorer.scenario
        self._build(len(self.explorer.scenario.pay.commission.tiers))
        self.message.value = "Reset to " + escape(self.started)

    def resimulate(self) -> None:
        """Simulate both plans again with reps responding to each, and say the totals."""
        try:
            scenario = self.edited()
        except PlanRefused:
            return
        result = resimulate(self.explorer, scenario)
        currency = scenario.currency
        self.message.value = escape(
            f"With reps responding to each plan: total pay {money(result.edited_total_pay, currency)} "
            f"vs {money(result.start_total_pay, currency)} under {self.explorer.scenario.name} "
            f"({percent(result.change_pct, signed=True)}); simulated in {result.seconds:.1f} s"
        )


def _offer(dropdown: widgets.Dropdown, options: list[str]) -> None:
    """New options, the one shown kept while it is still offered (else the first)."""
    shown = dropdown.value
    dropdown.options = options
    dropdown.value = shown if shown in options else (options[0] if options else None)


def _reuse(old: Explorer, scenario: Scenario) -> Explorer:
    """A new starting plan on the sales force already simulated."""
    from salesperf_model.explore.explorer import start_figures

    return start_figures(scenario, old.outcomes, seed=old.seed)
