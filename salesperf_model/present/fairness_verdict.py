"""One fairness verdict per plan in plain words (fairer, about as fair, less fair) from its components, each judged against the baseline with its 95% paired interval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.present.differences import clear_difference, difference_words
from salesperf_model.present.format import escape
from salesperf_model.present.verdict_words import is_replay, plan_title

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

#: The rule, as the glossary states it.
RULE = (
    "Each plan is compared with the baseline on four components: how closely pay follows "
    "true skill, how often grades match true skill, the size of the gender pay gap, and "
    "luck's share of pay differences. A component counts only when its 95% paired "
    "interval excludes no change. Fairer: at least one component is clearly fairer and "
    "none clearly less fair. Less fair: at least one is clearly less fair and none "
    "clearly fairer. About as fair: no clear change, or clear changes both ways (mixed)."
)

_WORDS = {1: "fairer", -1: "less fair", 0: "no clear difference"}


@dataclass(frozen=True)
class Component:
    """One component of a plan's fairness against the baseline."""

    label: str
    direction: int | None  #: +1 fairer, -1 less fair, 0 no clear change, None not measured
    words: str
    #: the levels and the change with its interval, e.g. "0.511 vs 0.487; +0.024, 95% ..."
    figures: str = ""


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
        """The components that clearly changed, with their figures, e.g. 'pay follows
        true skill 0.511 vs 0.487 (+0.024, 95% interval +0.019 to +0.030)'."""
        return "; ".join(
            f"{c.label.lower()} {c.figures}" for c in self.components if c.direction in (1, -1)
        )


def _component(row: pd.Series | None, metric: str, higher_is_fairer: bool) -> Component:
    label, digits, unit = COMPONENTS[metric]
    if row is None or pd.isna(row["alternative"]) or pd.isna(row["baseline"]):
        return Component(label, None, f"{label}: not measurable on these data")
    if metric == "gender_pay_gap_mean":
        fairer = abs(row["alternative"]) < abs(row["baseline"])
    else:
        fairer = (row["difference"] > 0) == higher_is_fairer
    direction = (1 if fairer else -1) if clear_difference(row) else 0
    level = f"{row['alternative']:.{digits}f} vs {row['baseline']:.{digits}f}"
    change = difference_words(row, digits, unit)
    words = f"{label}: {_WORDS[direction]} ({level}; {change})"
    return Component(label, direction, words, f"{level} ({change})")


def _combine(components: tuple[Component, ...], *, replay: bool) -> tuple[str, str]:
    measured = [c for c in components if c.direction is not None]
    if not measured:
        return "not measurable", "no component can be measured on these data"
    up = [c.label.lower() for c in measured if c.direction == 1]
    down = [c.label.lower() for c in measured if c.direction == -1]
    if up and not down:
        return "fairer", f"clearly fairer on {', '.join(up)}; less fair on none"
    if down and not up:
        return "less fair", f"clearly less fair on {', '.join(down)}; fairer on none"
    if up and down:
        return "about as fair", f"mixed: fairer on {', '.join(up)}; less fair on {', '.join(down)}"
    if replay:
        return "about as fair", "no component changes on the actual results"
    return "about as fair", "no component changes beyond the simulation noise"


def fairness_verdict(run: Run, plan: str) -> FairnessVerdict:
    """``plan``'s composite fairness verdict against the baseline (see :data:`RULE`)."""
    comparison = run.tables["comparison"]
    rows = comparison[comparison["plan"] == plan].set_index("metric")
    components = tuple(
        _component(
            rows.loc[metric] if metric in rows.index else None,
            metric,
            higher_is_fairer=metric in ("merit_alignment_pay", "grade_accuracy"),
        )
        for metric in COMPONENTS
    )
    verdict, reason = _combine(components, replay=is_replay(run))
    return FairnessVerdict(plan, verdict, reason, components)


def fairness_verdicts_html(run: Run) -> str:
    """Each plan's verdict in one line, its components a click below (``<details>``, no
    script), and the rule."""
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
        f"<p>{escape(RULE)} Click a plan for its components.</p><ul>{''.join(items)}</ul>"
    )
