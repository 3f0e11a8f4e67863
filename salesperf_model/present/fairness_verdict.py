"""One fairness verdict per plan in plain words (fairer, about as fair, less fair) from its
components, each judged against the baseline with its 95% paired interval and the smallest
change that matters (the decision rule's ``smallest_fairness_change``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.measure.decision import matters
from salesperf_model.present.differences import clear_difference, difference_words
from salesperf_model.present.format import escape
from salesperf_model.present.verdict_words import is_replay, plan_title
from salesperf_model.schema.decision import SMALLEST_FAIRNESS_CHANGE

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: The components, metric -> (label, digits, unit shown); pay equity is judged by the
#: size of the gap whichever way it runs.
COMPONENTS: dict[str, tuple[str, int, str]] = {
    "merit_alignment_pay": ("Pay follows true skill", 3, ""),
    "grade_accuracy": ("Grades match true skill", 1, " points"),
    "gender_pay_gap_mean": ("Pay equity (gender pay gap)", 1, " points"),
    "luck_share": ("Luck's share of pay differences", 1, " points"),
}


def threshold_words(metric: str, value: float) -> str:
    """A threshold in the component's unit: '0.01', '1 point', '2.5 points'."""
    unit = COMPONENTS[metric][2]
    if not unit:
        return f"{value:g}"
    return f"{value:g}{unit[:-1] if value == 1 else unit}"


def smallest_changes_words(smallest: dict[str, float]) -> str:
    """'pay follows true skill 0.01, grades match true skill 1 point, ...'."""
    return ", ".join(
        f"{COMPONENTS[m][0].lower()} {threshold_words(m, smallest[m])}" for m in COMPONENTS
    )


#: The rule, as the glossary states it (the defaults; a comparison's own block and method
#: section name the thresholds it used).
RULE = (
    "Each plan is compared with the baseline on four components: how closely pay follows "
    "true skill, how often grades match true skill, the size of the gender pay gap, and "
    "luck's share of pay differences. A component counts only when its 95% paired "
    "interval excludes no change and the change is at least the smallest change that "
    "matters for that component (the gender pay gap by the change in its size); a clear "
    "change smaller than that reads no change that matters. The smallest changes are a "
    "judgment set in the baseline's decision rule, by default "
    f"{smallest_changes_words(SMALLEST_FAIRNESS_CHANGE)}. Fairer: at least one component is "
    "clearly fairer and none clearly less fair. Less fair: at least one is clearly less "
    "fair and none clearly fairer. About as fair: no change that matters, or changes that "
    "matter both ways (mixed). Cost has no such threshold: any clear change in pay counts."
)

_WORDS = {1: "fairer", -1: "less fair", 0: "no clear difference"}


def smallest_changes(run: Run) -> dict[str, float]:
    """The smallest change that matters per component: the baseline's decision rule's,
    else the defaults (a run without scenarios' decision sections)."""
    scenario = (getattr(run, "scenarios", None) or {}).get(run.baseline)
    rule = getattr(scenario, "decision", None)
    return {**SMALLEST_FAIRNESS_CHANGE, **(getattr(rule, "smallest_fairness_change", {}) or {})}


@dataclass(frozen=True)
class Component:
    """One component of a plan's fairness against the baseline."""

    label: str
    direction: int | None  #: +1 fairer, -1 less fair, 0 no change that matters, None not measured
    words: str
    #: the levels and the change with its interval, e.g. "0.511 vs 0.487; +0.024, 95% ..."
    figures: str = ""
    #: clear of the noise but smaller than the smallest change that matters
    too_small: bool = False


@dataclass(frozen=True)
class FairnessVerdict:
    """A plan's composite verdict and the components it follows from."""

    plan: str
    verdict: str  #: "fairer", "about as fair", "less fair" or "not measurable"
    reason: str
    components: tuple[Component, ...]

    @property
    def words(self) -> str:
        """The verdict and its reason as every page shows them: 'fairer (clearly ...)'."""
        return f"{self.verdict} ({self.reason})"

    @property
    def direction(self) -> float:
        """+1 fairer, -1 less fair, 0 about as fair (or not measurable)."""
        return {"fairer": 1.0, "less fair": -1.0}.get(self.verdict, 0.0)

    @property
    def measured(self) -> bool:
        """Whether any component can be measured on these data."""
        return self.verdict != "not measurable"

    @property
    def mixed(self) -> bool:
        """Clearly fairer on some component and clearly less fair on another."""
        return self.reason.startswith("mixed")

    def clear_changes(self) -> str:
        """The components whose change counts (clear of the noise and at least the
        smallest change that matters), with their figures, e.g. 'pay follows true skill
        0.511 vs 0.487 (+0.024, 95% interval +0.019 to +0.030)'."""
        return "; ".join(
            f"{c.label.lower()} {c.figures}" for c in self.components if c.direction in (1, -1)
        )


def _size(row: pd.Series, metric: str) -> float:
    """How much a component moved: the gender pay gap by the change in its size whichever
    way it runs, the others by their difference."""
    if metric == "gender_pay_gap_mean":
        return abs(abs(row["alternative"]) - abs(row["baseline"]))
    return abs(row["difference"])


def _component(
    row: pd.Series | None, metric: str, *, higher_is_fairer: bool, smallest: float
) -> Component:
    label, digits, unit = COMPONENTS[metric]
    if row is None or pd.isna(row["alternative"]) or pd.isna(row["baseline"]):
        return Component(label, None, f"{label}: not measurable on these data")
    if metric == "gender_pay_gap_mean":
        fairer = abs(row["alternative"]) < abs(row["baseline"])
    else:
        fairer = (row["difference"] > 0) == higher_is_fairer
    clear = clear_difference(row)
    size = _size(row, metric)
    too_small = clear and not matters(size, smallest, digits)
    direction = (1 if fairer else -1) if clear and not too_small else 0
    level = f"{row['alternative']:.{digits}f} vs {row['baseline']:.{digits}f}"
    change = difference_words(row, digits, unit)
    if too_small:
        verb = "matters" if not unit or smallest == 1 else "matter"
        under = f"smaller than the {threshold_words(metric, smallest)} that {verb}"
        if metric == "gender_pay_gap_mean":
            moved = "shrinks" if fairer else "grows"
            under = f"the gap's size {moved} by {size:.{digits}f}{unit}, {under}"
        words = f"{label}: no change that matters ({level}; {change}; {under})"
    else:
        words = f"{label}: {_WORDS[direction]} ({level}; {change})"
    return Component(label, direction, words, f"{level} ({change})", too_small)


def _combine(components: tuple[Component, ...], *, replay: bool) -> tuple[str, str]:
    measured = [c for c in components if c.direction is not None]
    if not measured:
        return "not measurable", "no component can be measured on these data"
    up = [c.label.lower() for c in measured if c.direction == 1]
    down = [c.label.lower() for c in measured if c.direction == -1]
    small = [c.label.lower() for c in measured if c.too_small]
    too_small = f"; too small to matter: {', '.join(small)}" if small else ""
    clearly = "" if replay else "clearly "  # actual results have no noise to be clear of
    if up and not down:
        return "fairer", f"{clearly}fairer on {', '.join(up)}; less fair on none{too_small}"
    if down and not up:
        return "less fair", f"{clearly}less fair on {', '.join(down)}; fairer on none{too_small}"
    if up and down:
        return (
            "about as fair",
            f"mixed: fairer on {', '.join(up)}; less fair on {', '.join(down)}{too_small}",
        )
    if small:
        verb = "changes" if len(small) == 1 else "change"
        how = "" if replay else " clearly but"  # on actual results every change is clear
        reason = (
            f"no change that matters: {', '.join(small)} {verb}{how} by less than the "
            "smallest change that matters"
        )
        if len(small) < len(measured):
            reason += "; the rest unchanged" if replay else "; the rest within the simulation noise"
        return "about as fair", reason
    if replay:
        return "about as fair", "no component changes on the actual results"
    return "about as fair", "no component changes beyond the simulation noise"


def fairness_verdict(run: Run, plan: str) -> FairnessVerdict:
    """``plan``'s composite fairness verdict against the baseline (see :data:`RULE`), each
    component held to the baseline decision rule's smallest change that matters."""
    comparison = run.tables["comparison"]
    rows = comparison[comparison["plan"] == plan].set_index("metric")
    smallest = smallest_changes(run)
    components = tuple(
        _component(
            rows.loc[metric] if metric in rows.index else None,
            metric,
            higher_is_fairer=metric in ("merit_alignment_pay", "grade_accuracy"),
            smallest=smallest[metric],
        )
        for metric in COMPONENTS
    )
    verdict, reason = _combine(components, replay=is_replay(run))
    return FairnessVerdict(plan, verdict, reason, components)


def fairness_verdicts_html(run: Run) -> str:
    """Each plan's verdict in one line, its components a click below (``<details>``, no
    script), and the rule with the smallest changes this comparison counts."""
    items = []
    for plan in run.plans:
        verdict = fairness_verdict(run, plan)
        head = (  # the words the one-line summaries and headlines use too
            f"<strong>{escape(plan_title(run, plan))}: {escape(verdict.verdict)}</strong> "
            f"({escape(verdict.reason)})"
        )
        parts = "".join(f"<li>{escape(c.words)}</li>" for c in verdict.components)
        items.append(f"<li><details><summary>{head}</summary><ul>{parts}</ul></details></li>")
    return (
        f"<h3>Fairness verdict against {escape(plan_title(run, run.baseline))}</h3>"
        f"<p>{escape(RULE)} This comparison's smallest changes that matter: "
        f"{escape(smallest_changes_words(smallest_changes(run)))}. Click a plan for its "
        f"components.</p><ul>{''.join(items)}</ul>"
    )
