"""The appraisal committee's view of each review period: who the grading rule moved, who
sits within a few points of a band edge, whose grade changed since the last period, and
the C-twice cases with their history, by name, from one plan result; and what the C-run
flag does, in words, where the page shows the flagged reps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult
from salesperf_model.formatting import share
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Scenario

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: Points either side of a band edge that make a case borderline for the committee. Not a
#: published figure: 2 points is what a 2% miss on the KPIs worth 100 points moves, about
#: one rating step on a single 10-point KPI; pass another value where a plan needs it.
BORDERLINE_POINTS = 2.0

_REP_COLUMNS = ["rep_id", "role", "region", "team"]


def _rep_columns(outcomes: Outcomes, reps: np.ndarray) -> dict[str, np.ndarray]:
    return {c: outcomes.reps[c].astype(str).to_numpy()[reps] for c in _REP_COLUMNS}


def shown_points(points: np.ndarray | float) -> np.ndarray:
    """Points cut (not rounded) to two decimals: 79.996, a B, shows as 79.99, never as the
    80 where A begins, and the same in every table and history."""
    return np.floor(np.asarray(points, dtype=float) * 100.0 + 1e-9) / 100.0


def moved_reps(result: PlanResult, outcomes: Outcomes, *, simulation: int = 0) -> pd.DataFrame:
    """Every rep the rule moved from its band grade, per review period: review, rep,
    points, band grade, grade, and the rank in the unit when the rule ranks."""
    reps, reviews = np.nonzero(result.moved[simulation])
    order = np.lexsort((reps, reviews))
    reps, reviews = reps[order], reviews[order]
    table = pd.DataFrame(
        {
            "review": [result.review_labels[r] for r in reviews],
            **_rep_columns(outcomes, reps),
            "points": shown_points(result.points[simulation, reps, reviews]),
            "band_grade": [GRADES[g] for g in result.band_grades[simulation, reps, reviews]],
            "grade": [GRADES[g] for g in result.grades[simulation, reps, reviews]],
        }
    )
    record = result.grade_record
    if record is not None:
        table["rank"] = record.rank[simulation, reps, reviews]
        table["unit_size"] = record.unit_size[reps]
    return table


def band_edges(scenario: Scenario) -> list[tuple[float, str, str]]:
    """(points, grade below, grade from there up) of every band edge."""
    edges = []
    bands = [b for b in scenario.grading.bands if b.min_points is not None]
    for band in bands:
        below = [b for b in scenario.grading.bands if b.max_points == band.min_points]
        edges.append((float(band.min_points), below[0].grade if below else "C", band.grade))
    return sorted(edges)


def borderline_reps(
    result: PlanResult,
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    within: float = BORDERLINE_POINTS,
    simulation: int = 0,
) -> pd.DataFrame:
    """Reps within ``within`` points of a band edge: review, rep, points, the edge, the
    points to it (negative: below it), the grades either side and the final grade."""
    edges = band_edges(scenario)
    rows = []
    points = result.points[simulation]
    for edge, below, above in edges:
        reps, reviews = np.nonzero(np.abs(points - edge) <= within)
        for rep, review in zip(reps, reviews):
            rows.append(
                {
                    "review": result.review_labels[review],
                    **{c: v[0] for c, v in _rep_columns(outcomes, np.array([rep])).items()},
                    "points": float(shown_points(points[rep, review])),
                    "edge": edge,
                    "points_to_edge": round(float(shown_points(points[rep, review])) - edge, 2),
                    "edge_between": f"{below} / {above}",
                    "band_grade": GRADES[result.band_grades[simulation, rep, review]],
                    "grade": GRADES[result.grades[simulation, rep, review]],
                }
            )
    columns = ["review", *_REP_COLUMNS, "points", "edge", "points_to_edge", "edge_between"]
    table = pd.DataFrame(rows, columns=[*columns, "band_grade", "grade"])
    return table.sort_values(["review", "rep_id", "edge"], kind="stable").reset_index(drop=True)


def grade_changes(result: PlanResult, outcomes: Outcomes, *, simulation: int = 0) -> pd.DataFrame:
    """Reps whose final grade differs from the last review period's: review, rep,
    previous grade and points, grade and points."""
    grades, points = result.grades[simulation], result.points[simulation]
    changed = grades[:, 1:] != grades[:, :-1]
    reps, previous = np.nonzero(changed)
    order = np.lexsort((reps, previous))
    reps, previous = reps[order], previous[order]
    return pd.DataFrame(
        {
            "review": [result.review_labels[p + 1] for p in previous],
            **_rep_columns(outcomes, reps),
            "previous_grade": [GRADES[g] for g in grades[reps, previous]],
            "previous_points": shown_points(points[reps, previous]),
            "grade": [GRADES[g] for g in grades[reps, previous + 1]],
            "points": shown_points(points[reps, previous + 1]),
        }
    )


def _people_at_reviews(
    result: PlanResult, outcomes: Outcomes, simulation: int
) -> np.ndarray | None:
    """Who held each seat at the end of each review period, (reps, reviews); None when
    the outcomes do not say (one person a seat)."""
    if "person_id" not in outcomes.measures:
        return None
    of_month = np.asarray(result.review_of_month)
    last = [int(np.flatnonzero(of_month == r)[-1]) for r in range(len(result.review_labels))]
    return np.asarray(outcomes.get("person_id"))[simulation][:, last]


def _history(
    result: PlanResult, rep: int, review: int, *, simulation: int, people: np.ndarray | None
) -> str:
    """A seat's grades and points up to ``review``; where another person took the seat,
    said: the flag follows the person, so C grades either side of it are two people's."""
    parts = []
    for r in range(review + 1):
        entry = (
            f"{result.review_labels[r]} {GRADES[result.grades[simulation, rep, r]]} "
            f"({shown_points(result.points[simulation, rep, r]):.2f})"
        )
        if r and people is not None and people[rep, r] != people[rep, r - 1]:
            entry = f"; new person in the seat: {entry}"
        parts.append(entry if not parts or entry.startswith(";") else f", {entry}")
    return "".join(parts)


def c_twice_cases(result: PlanResult, outcomes: Outcomes, *, simulation: int = 0) -> pd.DataFrame:
    """Reps whose run of C grades reached the plan's improvement trigger
    (``improvement_flag``), with their grade and points history up to that period (and
    where a new person took the seat)."""
    flags = result.improvement_flag[simulation]
    people = _people_at_reviews(result, outcomes, simulation)
    rows = []
    for rep, review in zip(*np.nonzero(flags)):
        history = _history(result, rep, review, simulation=simulation, people=people)
        rows.append(
            {
                "review": result.review_labels[review],
                **{c: v[0] for c, v in _rep_columns(outcomes, np.array([rep])).items()},
                "points": float(shown_points(result.points[simulation, rep, review])),
                "history": history,
            }
        )
    table = pd.DataFrame(rows, columns=["review", *_REP_COLUMNS, "points", "history"])
    return table.sort_values(["review", "rep_id"], kind="stable").reset_index(drop=True)


def committee_tables(
    result: PlanResult,
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    within: float = BORDERLINE_POINTS,
    simulation: int = 0,
) -> dict[str, pd.DataFrame]:
    """The committee's tables by name: moved, borderline, grade_changes, c_twice, and
    ties (tied reps who took a grade beyond the rule's count)."""
    from salesperf_model.present.committee_ties import tie_overshoots

    return {
        "moved": moved_reps(result, outcomes, simulation=simulation),
        "borderline": borderline_reps(
            result, outcomes, scenario, within=within, simulation=simulation
        ),
        "grade_changes": grade_changes(result, outcomes, simulation=simulation),
        "c_twice": c_twice_cases(result, outcomes, simulation=simulation),
        "ties": tie_overshoots(result, outcomes, simulation=simulation),
    }


def _run_words(scenario: Scenario) -> str:
    runs = scenario.grading.consequences.improvement_after_consecutive_c
    return "a C grade" if runs == 1 else f"{runs} C grades running"


def flag_words(scenario: Scenario) -> str:
    """'flagged after 2 C grades running' (the plan's improvement trigger)."""
    return f"flagged after {_run_words(scenario)}"


def flag_heading(scenario: Scenario) -> str:
    """The heading over the flagged reps: 'Reps flagged after 2 C grades running, and
    their history'."""
    return f"Reps {flag_words(scenario)}, and their history"


def exit_flag_words(
    scenario: Scenario, *, exit_probability: float, responding: bool, replay: bool = False
) -> str:
    """What the flag does, where the page shows flagged reps. A flagged rep leaves with
    ``exit_probability`` at that review (the sales force's ``plan_exit_probability``), not
    surely, so a reader may see a rep graded C four reviews running still in the seat;
    no flagged rep is made to leave when reps do not respond to the plan, on actual
    results (whoever left, left in fact), or with the improvement plan switched off."""
    runs = _run_words(scenario)
    if not scenario.grading.consequences.improvement_plan.enabled:
        return (
            f"The plan's improvement plan is switched off: a rep flagged after {runs} is "
            "not made to leave."
        )
    if replay:
        return (
            f"On actual results the flag shows whom the plan's rule reaches after {runs}, "
            "not who left: that is the company's decision after notice and a chance to "
            "improve."
        )
    if not responding:
        return (
            "In this run reps do not respond to the plan, so no flagged rep is made to "
            f"leave: the flag shows whom the plan's rule reaches after {runs}."
        )
    return (
        f"A rep flagged after {runs} leaves at that review with a {share(exit_probability)} "
        "chance, not surely (the chance set for the sales force): a flagged rep who stays "
        "is graded again and, with another C, flagged again, so a rep can be graded C "
        "several reviews running and still hold the seat."
    )


def exit_flag_note(run: Run, plan: str) -> str:
    """:func:`exit_flag_words` for ``plan`` in ``run``: every plan meets the baseline's
    sales force, whose exit probability the simulation applies."""
    workforce = run.scenarios[run.baseline].population.workforce
    return exit_flag_words(
        run.scenarios[plan],
        exit_probability=workforce.plan_exit_probability,
        responding=bool(run.behaviour),
        replay=getattr(run.settings, "source", "") == "actuals",
    )
