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
    # one new array per component, rounded in place, and two running sums: these arrays
    # are large, and the same operations in the same order as summing whole arrays give
    # the same cents to the bit (tests/test_cents.py checks against that)
    rounded = []
    total = np.zeros(shape)
    rounded_sum = np.zeros(shape)
    from salesperf_model.engine.cents_kernels import to_cents

    for value in values:
        cents = to_cents(np.broadcast_to(value, shape))
        rounded.append(cents)
        # the total is the exact sum in money, then scaled: the same order of operations
        # a reader's spreadsheet uses, so a half-cent total rounds the same way
        total += value
        rounded_sum += cents
    total = to_cents(total)
    off = np.nonzero(rounded_sum != total)
    if off[0].size:
        exact = np.stack([v[off] * 100.0 for v in values])  # (components, cells off)
        fixed = largest_remainder(exact, total[off][None, :], axis=0)
        for i, cents in enumerate(rounded):
            cents[off] = fixed[i]
    for cents in rounded:
        np.divide(cents, 100.0, out=cents)  # in place: these arrays are large
    return dict(zip(names, rounded, strict=True))


def whole_cents_by_unit(shares: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Round shares (sims, reps, t) to whole cents so each unit's shares still add up to
    its exact total rounded to the cent: a 100,000 pool split three ways pays 33,333.34 +
    33,333.33 + 33,333.33, never a cent more or less (equal remainders: the rep listed
    first)."""
    cents = shares * 100.0
    out = np.zeros_like(cents)
    for unit in range(n_units):  # a handful of regions
        columns = np.flatnonzero(codes == unit)
        if not columns.size:
            continue
        unit_cents = cents[:, columns, :]
        total = np.rint(unit_cents.sum(axis=1, keepdims=True))
        out[:, columns, :] = largest_remainder(unit_cents, total, axis=1)
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
