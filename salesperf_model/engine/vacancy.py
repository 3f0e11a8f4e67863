"""Vacant seats in the plan engine: a seat-month nobody holds is paid nothing and not ranked.

A seat is vacant in a month when its ``person_id`` is -1 (``simulate.vacancy``: between
an exit and the successor's first month). The plan sees the **held view** of the
outcomes (:func:`held_outcomes`): every measure of a vacant seat-month is 0 (the
existing customers' revenue colleagues keep is the company's, not commission of the
seat; its quota is 0), ``person_id`` stays -1, and ``meta["vacant"]`` marks the months,
so :func:`~salesperf_model.engine.periods.seat_months` counts no month held in them:
base, allowances and target bonuses accrue nothing there.

Then :func:`unpaid_when_vacant` zeroes every component in a vacant month: a settlement
whose period ends while the seat is empty (a quarter's commission of a rep who left in
its first month) is paid to nobody. This reduces the existing components, it adds no
new one: a rep statement shows the month's lines at 0. What a leaver is owed at exit is
the leaver rule's business, not the vacancy's.

In forced and hybrid grading a seat vacant in a review period's last month (or a roster's
seat nobody holds then) takes no place: the grade counts are cut over the held seats of its unit
(:func:`~salesperf_model.engine.grading.ranked_grades`), so the others' grades do not
move because a seat is empty. The vacant seat keeps its band grade in the arrays (grade
codes have no "none"); it is paid nothing whatever its grade.

Outcomes without any vacant seat-month (imports, ``time_to_fill_months`` 0) pass through
unchanged: the same object, the same figures.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from salesperf_model.engine.records import PayRecord
from salesperf_model.outcomes import Outcomes

#: person_id of a seat nobody holds.
VACANT = -1


def vacant_months(outcomes: Outcomes) -> np.ndarray | None:
    """(sims, reps, periods) True in the months nobody held the seat; None when no
    seat-month is vacant (or the outcomes have no ``person_id``)."""
    if "vacant" in outcomes.meta:
        return np.asarray(outcomes.meta["vacant"], bool)
    person = outcomes.measures.get("person_id")
    if person is None:
        return None
    vacant = person == VACANT
    return vacant if vacant.any() else None


def held_outcomes(outcomes: Outcomes) -> Outcomes:
    """The outcomes a plan pays on: every measure 0 in vacant seat-months (``person_id``
    kept) and ``meta["vacant"]`` set; the same object when no seat-month is vacant."""
    if "vacant" in outcomes.meta:
        return outcomes  # already the held view
    vacant = vacant_months(outcomes)
    if vacant is None:
        return outcomes
    measures = {
        name: values if name == "person_id" else np.where(vacant, 0.0, values)
        for name, values in outcomes.measures.items()
    }
    return replace(outcomes, measures=measures, meta={**outcomes.meta, "vacant": vacant})


def unpaid_when_vacant(
    components: dict[str, np.ndarray], outcomes: Outcomes
) -> dict[str, np.ndarray]:
    """Each pay component with 0 in the vacant seat-months (unchanged without any)."""
    vacant = vacant_months(outcomes)
    if vacant is None:
        return components
    return {name: np.where(vacant, 0.0, values) for name, values in components.items()}


#: The record line of a settlement paid to nobody (its last value: what is paid).
UNPAID_LINE = "=paid (nothing when the seat is empty at the settlement's end)"


def note_unpaid(records: dict[str, PayRecord] | None, outcomes: Outcomes) -> None:
    """Add to each calculation record whose settlement ends in a vacant month with an
    amount due the line :data:`UNPAID_LINE`: the amount, 0 where the seat was empty,
    so a rep statement shows why nothing was paid."""
    vacant = vacant_months(outcomes)
    if vacant is None or not records:
        return
    for record in records.values():
        if not record.values:
            continue
        due = list(record.values.values())[-1]
        empty = vacant[..., record.settle.ends]
        if np.any(empty & (due != 0)):
            record.add(UNPAID_LINE, np.where(empty, 0.0, due))


def vacant_at_reviews(outcomes: Outcomes, review_ends: np.ndarray | None) -> np.ndarray | None:
    """(sims, reps, reviews) True where nobody holds the seat in the review period's last
    month (nobody to rank): vacant, or a roster's seat not held then (``meta["in_seat"]``
    0: the seat of a person who moves in later, or has left); None without either."""
    if review_ends is None:
        return None
    ends = np.asarray(review_ends, dtype=int)
    vacant = vacant_months(outcomes)
    empty = None if vacant is None else vacant[..., ends]
    if "in_seat" in outcomes.meta:
        held = np.broadcast_to(np.asarray(outcomes.meta["in_seat"], float), outcomes.shape)
        unheld = held[..., ends] <= 0
        empty = unheld if empty is None else empty | unheld
    return empty if empty is not None and empty.any() else None
