"""Rounding pay to whole cents without losing or creating a cent (largest remainder).

Each month, the exact total of a rep's components is rounded to the cent (half a cent
away from zero, as a spreadsheet's ROUND does, judged on the decimal amount:
``cents_kernels``) and the components are rounded so that they add up to it exactly; a pool split among reps pays
exactly the pool. Where plain rounding does not add up, the missing cents go to the
largest remainders (equal remainders: the one listed first).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.periods import unit_sum
from salesperf_model.engine.seats import ratio


def largest_remainder(cents: np.ndarray, totals: np.ndarray, axis: int) -> np.ndarray:
    """Whole cents close to the exact ``cents`` that add up to ``totals`` (whole cents,
    the sums along ``axis`` kept as a length-1 axis): every value is floored, then the
    cents left over go one each to the largest remainders along ``axis`` (equal
    remainders: lower index first)."""
    floors = np.floor(cents + 1e-7)
    remainders = np.clip(cents - floors, 0.0, None)
    leftover = totals - floors.sum(axis=axis, keepdims=True)
    order = np.argsort(-remainders, axis=axis, kind="stable")
    rank = np.empty_like(order)
    positions = np.arange(cents.shape[axis]).reshape(
        [-1 if a == axis else 1 for a in range(cents.ndim)]
    )
    np.put_along_axis(rank, order, positions, axis=axis)
    return floors + (rank < leftover)


def round_to_cents(components: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Round every component to cents so that, in every cell, they add up exactly to the
    exactly computed total rounded to the cent.

    Each component is rounded to the nearest cent (half cents away from zero); in the few cells
    where those roundings do not add up to the rounded total, the cents are re-allotted by
    largest remainder (equal remainders: the component listed first).
    """
    names = list(components)
    if not names:
        return {}
    values = [np.asarray(components[n], dtype=float) for n in names]
    shape = np.broadcast_shapes(*(v.shape for v in values))
    # one compiled pass over the cells (round_kernels), on 3-d views of the components:
    # the constant ones (base salary over the months) stay broadcast views
    cells = (1,) * (3 - len(shape)) + shape if len(shape) < 3 else shape
    cells = (int(np.prod(cells[:-2])), *cells[-2:])
    from salesperf_model.engine.round_kernels import round_cells

    rounded = round_cells([np.broadcast_to(v, shape).reshape(cells) for v in values])
    return {name: cents.reshape(shape) for name, cents in zip(names, rounded, strict=True)}


def seat_totals(components: dict[str, np.ndarray]) -> np.ndarray | None:
    """Each seat's total over the months, (sims, reps), of ``round_to_cents(components)``
    summed as ``measure.totals.rep_totals`` sums it, in one compiled pass that keeps no
    rounded component; None unless every component is (sims, reps, months), months
    within numpy's pairwise block."""
    values = [np.asarray(v, dtype=float) for v in components.values()]
    if not values or values[0].ndim != 3 or any(v.shape != values[0].shape for v in values):
        return None
    from salesperf_model.engine.round_kernels import round_totals

    return round_totals(values)


def whole_cents_by_unit(shares: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Round shares (sims, reps, t) to whole cents so each unit's shares still add up to
    its exact total rounded to the cent: a 100,000 pool split three ways pays 33,333.34 +
    33,333.33 + 33,333.33, never a cent more or less (equal remainders: the rep listed
    first)."""
    cents = shares * 100.0
    totals = np.zeros((cents.shape[0], n_units, cents.shape[2]))
    seats = [np.flatnonzero(codes == unit) for unit in range(n_units)]  # a handful
    for unit, columns in enumerate(seats):
        # the unit's own copy summed, as numpy summed it (one unit: the same array)
        whole = columns.size == cents.shape[1] and cents.flags.c_contiguous
        unit_cents = cents if whole else cents[:, columns, :]
        totals[:, unit, :] = np.rint(unit_cents.sum(axis=1))
    from salesperf_model.engine.round_kernels import unit_cents

    out = unit_cents(cents, codes, totals)
    if out is not None:
        return out
    out = np.zeros_like(cents)  # amounts too large to add up exactly in any order
    for unit, columns in enumerate(seats):
        if columns.size:
            total = totals[:, unit : unit + 1, :]
            out[:, columns, :] = largest_remainder(cents[:, columns, :], total, axis=1)
    return out / 100.0


def split_pool(
    pool: np.ndarray, weights: np.ndarray, members: np.ndarray, *, codes: np.ndarray, n_units: int
) -> np.ndarray:
    """Split each unit's pool (sims, reps, groups; the unit's pool at each member) among
    ``members`` (bool, sims x reps x groups) by ``weights``; all-zero weights: equally."""
    weights = np.where(members, np.maximum(weights, 0.0), 0.0)
    total = unit_sum(weights, codes, n_units)
    equal = members.astype(float)
    equal_total = unit_sum(equal, codes, n_units)
    by_weight = ratio(weights, total)
    by_head = ratio(equal, equal_total)
    return whole_cents_by_unit(pool * np.where(total > 0, by_weight, by_head), codes, n_units)
