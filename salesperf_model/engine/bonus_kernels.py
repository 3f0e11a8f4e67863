"""Compiled loops of the bonuses: top-N awards and target-bonus accruals.

numpy ranked a top-N bonus unit by unit (a copy of the unit's seats, a partition, and a
comparison pass per step) and built a target bonus's accruals in four passes with their
temporaries. Here each (simulation, period) lane of a unit is ranked in one loop, and
each accrual is one cell's product, with the same comparisons and the same float
operations in the same order (no fast-math), so the awards are bit for bit numpy's
(tests/test_perf2_pay.py).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.unit_kernels import unit_members


@compiled
def _nth_largest(values, seats, places, kept):
    """The ``places``-th largest of ``values[seats]`` (no NaN: a seat that does not
    qualify is -inf), as np.partition finds it: the ``places`` largest kept in order
    (a few places: one pass), else a partition."""
    if places > 16:
        for i in range(len(seats)):
            kept[i] = values[seats[i]]
        return np.partition(kept[: len(seats)], len(seats) - places)[len(seats) - places]
    for i in range(places):  # the first seats, largest first
        value = values[seats[i]]
        j = i
        while j > 0 and kept[j - 1] < value:
            kept[j] = kept[j - 1]
            j -= 1
        kept[j] = value
    for i in range(places, len(seats)):
        value = values[seats[i]]
        if value > kept[places - 1]:
            j = places - 1
            while j > 0 and kept[j - 1] < value:
                kept[j] = kept[j - 1]
                j -= 1
            kept[j] = value
    return kept[places - 1]


@compiled
def _top_n_awards(values, units, scale, places, share_ties, out):
    """bonuses._top_n's award per seat into ``out``: ``scale[t]`` (the award, pro-rated)
    to the seats above the unit's ``places``-th largest value, and to the seats tied at
    it (finite values only) each ``scale[t]`` x the places left / the seats tied
    (``share_ties``) or all of it; 0 to the others."""
    sims, reps, periods = values.shape
    n_units = units.max() + 1 if reps else 0
    members, first = unit_members(units, n_units)  # each unit's seats, in seat order
    lane = np.empty(reps)
    for s in range(sims):
        for t in range(periods):
            for unit in range(n_units):
                seats = members[first[unit] : first[unit + 1]]
                size = len(seats)
                nth = -np.inf
                if size >= places:
                    nth = _nth_largest(values[s, :, t], seats, places, lane)
                above, tied = 0, 0
                for r in seats:
                    value = values[s, r, t]
                    if value > nth:
                        above += 1
                    elif value == nth and np.isfinite(value):
                        tied += 1
                share = 1.0
                if share_ties:  # seats.ratio: nothing where nobody is tied
                    share = float(places - above) / tied if tied > 0 else 0.0
                for r in seats:
                    value = values[s, r, t]
                    factor = 0.0
                    if value > nth:
                        factor = 1.0
                    elif value == nth and np.isfinite(value):
                        factor = share
                    out[s, r, t] = scale[t] * factor


def top_n_awards(
    values: np.ndarray, units: np.ndarray, scale: np.ndarray, *, places: int, share_ties: bool
) -> np.ndarray:
    """:func:`_top_n_awards` into a new array (``values``: -inf where a seat does not
    qualify; ``units``: each seat's unit code, 0..units - 1)."""
    out = np.empty(values.shape)
    _top_n_awards(
        np.ascontiguousarray(values, dtype=float),
        np.asarray(units, np.int64),
        np.broadcast_to(np.asarray(scale, float), values.shape[-1:]),
        int(places),
        bool(share_ties),
        out,
    )
    return out


@compiled
def _target_accruals(grades, review_of_month, multipliers, target, months, out):
    """bonuses._target_bonus's monthly accrual into ``out``: the multiplier of the grade
    of the month's review period x the seat's target x its months held."""
    sims, reps, periods = out.shape
    for s in range(sims):
        for r in range(reps):
            for m in range(periods):
                multiplier = multipliers[grades[s, r, review_of_month[m]]]
                out[s, r, m] = multiplier * target[r] * months[s, r, m]


def target_accruals(
    grades: np.ndarray,
    review_of_month: np.ndarray,
    *,
    multipliers: np.ndarray,
    target: np.ndarray,
    months: np.ndarray,
) -> np.ndarray:
    """:func:`_target_accruals` into a new (sims, reps, months) array (``months``: any
    shape that broadcasts to it)."""
    months = np.asarray(months, float)
    shape = np.broadcast_shapes((*grades.shape[:2], len(review_of_month)), months.shape)
    out = np.empty(shape)
    _target_accruals(
        np.broadcast_to(grades, (*shape[:2], grades.shape[2])),
        np.asarray(review_of_month, np.int64),
        np.asarray(multipliers, float),
        np.asarray(target, float),
        np.broadcast_to(months, shape),
        out,
    )
    return out
