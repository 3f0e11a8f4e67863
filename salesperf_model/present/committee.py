"""The appraisal committee's view of each review period: who the grading rule moved, who
sits within a few points of a band edge, whose grade changed since the last period, and
the C-twice cases with their history, by name, from one plan result."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Scenario

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


def c_twice_cases(result: PlanResult, outcomes: Outcomes, *, simulation: int = 0) -> pd.DataFrame:
    """Reps whose run of C grades reached the plan's improvement trigger
    (``improvement_flag``), with their grade and points history up to that period."""
    flags = result.improvement_flag[simulation]
    rows = []
    for rep, review in zip(*np.nonzero(flags)):
        history = ", ".join(
            f"{result.review_labels[r]} {GRADES[result.grades[simulation, rep, r]]} "
            f"({shown_points(result.points[simulation, rep, r]):.2f})"
            for r in range(review + 1)
        )
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
    """The committee's four tables by name: moved, borderline, grade_changes, c_twice."""
    return {
        "moved": moved_reps(result, outcomes, simulation=simulation),
        "borderline": borderline_reps(
            result, outcomes, scenario, within=within, simulation=simulation
        ),
        "grade_changes": grade_changes(result, outcomes, simulation=simulation),
        "c_twice": c_twice_cases(result, outcomes, simulation=simulation),
    }
