"""Ties that overrode a ranking rule's counts: under ``tie_rule: same_grade`` reps with
equal points take the better grade together, so a unit where many reps tie (on actual
results, every rep at a KPI floor) can grade far more of them S or A than the rule's
shares allow. The committee and the report name each such tie, so a cost that comes from
ties is not read as the rule's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES

COLUMNS = [
    "review",
    "unit",
    "points",
    "tied_reps",
    "grade",
    "ranks",
    "rule_counts",
    "over_the_count",
]


def tie_overshoots(result: PlanResult, outcomes: Outcomes, *, simulation: int = 0) -> pd.DataFrame:
    """Every group of reps tied on points, in a unit and review period, that took a grade
    beyond the rule's count for it: the points, how many tied, the grade they took, their
    shared ranks, the rule's counts and how many reps more than its count took the grade."""
    from salesperf_model.present.committee import shown_points

    record = result.grade_record
    rows = []
    if record is None:
        return pd.DataFrame(rows, columns=COLUMNS)
    units = np.asarray(record.unit)
    for review, label in enumerate(result.review_labels):  # few reviews and units
        for unit in dict.fromkeys(units):
            members = np.flatnonzero(units == unit)
            ranks = record.rank[simulation, members, review]
            counts = record.counts[simulation, members[0], review]
            cuts = np.cumsum(counts)
            first_ranks, sizes = np.unique(ranks, return_counts=True)
            for rank, size in zip(first_ranks, sizes):
                if size < 2 or rank - 1 >= cuts[-1]:  # untied, or seats nobody held
                    continue
                grade = int((rank - 1 >= cuts[:3]).sum())
                over = int(rank - 1 + size - cuts[grade])
                if over <= 0:
                    continue
                rep = members[ranks == rank][0]
                rows.append(
                    {
                        "review": label,
                        "unit": "the company"
                        if record.scope == "company"
                        else f"{record.scope} {unit}",
                        "points": float(shown_points(result.points[simulation, rep, review])),
                        "tied_reps": int(size),
                        "grade": GRADES[result.grades[simulation, rep, review]],
                        "ranks": f"{rank}-{rank + size - 1}",
                        "rule_counts": ", ".join(f"{g} {int(c)}" for g, c in zip(GRADES, counts)),
                        "over_the_count": over,
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def tie_words(ties: pd.DataFrame) -> str | None:
    """One sentence on the ties for the committee's page; None when no tie mattered."""
    if ties.empty:
        return None
    worst = ties.sort_values("over_the_count", ascending=False, kind="stable").iloc[0]
    extra = int(ties["over_the_count"].sum())
    groups = len(ties)
    return (
        f"Ties on points overrode the rule's counts {groups} time{'s' if groups > 1 else ''}: "
        f"reps with equal points take the better grade together (tie_rule same_grade), so "
        f"{extra} rep-period{'s' if extra > 1 else ''} were graded above what the counts allowed. The "
        f"largest: in {worst['unit']}, {worst['review']}, {worst['tied_reps']} reps tied at "
        f"{worst['points']:.2f} points all took {worst['grade']}, where the rule allowed "
        f"{worst['rule_counts']}. Each tie is in committee_ties.csv."
    )
