"""Compiled sums of the measures: per-seat pay totals over the months, month and rep
sums and means, and the pay-at-target outcomes, each in one pass over the arrays.

Every sum adds the very numbers numpy's ``sum`` adds, in its order (``pairwise.pairwise_sum``
is numpy's pairwise summation of a contiguous row: eight running sums up to 128 values,
halves above), so the figures are bit for bit those of the numpy expressions they replace.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.pairwise import BLOCK, block_sum, pairwise_sum


@compiled
def _add_component(values, months, is_fixed, summed, total, fixed):
    """One component (cells x months, flat) summed over the months into ``summed`` and
    added to the running ``total`` (and ``fixed`` for a fixed component), as Python's
    ``sum`` of the arrays adds them. One call per component: a tuple of every component
    would be typed by each array's flags, and a kept (read-only) payout beside a fresh one
    made a tuple numba cannot index."""
    for cell in range(total.size):
        summed[cell] = 0.0 + block_sum(values, cell * months, months)
        total[cell] += summed[cell]
        if is_fixed:
            fixed[cell] += summed[cell]


def pay_totals(
    payouts: dict[str, np.ndarray], fixed_names: tuple[str, ...]
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray] | None:
    """(component -> (sims, reps) summed over the months, total, fixed pay), as
    ``measure.totals.rep_totals`` sums them; None where the loop does not apply (no
    components, or not (sims, reps, months) arrays of one shape)."""
    arrays = [np.ascontiguousarray(v, dtype=float) for v in payouts.values()]
    if not arrays or arrays[0].ndim != 3 or any(a.shape != arrays[0].shape for a in arrays):
        return None
    sims, reps, months = arrays[0].shape
    cells = sims * reps
    if not 0 < months <= BLOCK:
        return None  # longer rows: numpy's halving, kept in numpy
    names = list(payouts)
    stacked = np.empty((len(names), cells))
    total, fixed = np.empty(cells), np.empty(cells)
    order = [n for n in fixed_names if n in payouts]
    if order != [n for n in names if n in fixed_names]:
        return None  # fixed pay adds its parts in FIXED_COMPONENTS order: kept by numpy
    total[:] = 0.0
    fixed[:] = 0.0
    for k, (name, values) in enumerate(zip(names, arrays, strict=True)):
        _add_component(values.reshape(-1), months, name in fixed_names, stacked[k], total, fixed)
    components = {n: stacked[k].reshape(sims, reps) for k, n in enumerate(names)}
    return components, total.reshape(sims, reps), fixed.reshape(sims, reps)


@compiled
def _at_quota(quota, new, existing, hunter, reps, months, money, out, new_at, existing_at, fill):
    """One side (booked or collected) of ``variants.revenue_at_quota``: every money
    measure times quota / (new + existing) where that is positive, else 0, with quota as
    new (hunters) or existing revenue where nothing came in, and ``fill`` (receivable,
    or -1) equal to quota there."""
    for i in range(quota.size):
        actual = new[i] + existing[i]
        has = actual > 0
        factor = quota[i] / actual if has else 0.0
        for k in range(len(money)):
            out[k][i] = money[k][i] * factor
        if not has:
            is_hunter = hunter[(i // months) % reps]
            out[new_at][i] = quota[i] if is_hunter else 0.0
            out[existing_at][i] = 0.0 if is_hunter else quota[i]
            if fill >= 0:
                out[fill][i] = quota[i]


def at_quota_side(
    quota: np.ndarray,
    measures: dict[str, np.ndarray],
    hunter: np.ndarray,
    *,
    new: str,
    existing: str,
    fill: str | None = None,
) -> dict[str, np.ndarray]:
    """``measures`` (name -> (sims, reps, months)) scaled to quota in one pass: see
    :func:`_at_quota`; ``hunter`` (reps,) True for new-business seats."""
    flat = [np.ascontiguousarray(v, dtype=float).reshape(-1) for v in measures.values()]
    if len({a.flags.writeable for a in flat}) > 1:  # one array type for numba's tuple
        flat = [np.array(a) for a in flat]
    out = tuple(np.empty(quota.size) for _ in flat)
    names = list(measures)
    _, reps, months = quota.shape
    _at_quota(
        np.ascontiguousarray(quota, dtype=float).reshape(-1),
        flat[names.index(new)],
        flat[names.index(existing)],
        np.asarray(hunter, dtype=np.bool_),
        reps,
        months,
        tuple(flat),
        out,
        names.index(new),
        names.index(existing),
        -1 if fill is None else names.index(fill),
    )
    return {name: values.reshape(quota.shape) for name, values in zip(names, out)}


@compiled(inline="always")
def _row_sum(values, start, n):
    """``pairwise_sum``, a row of one block added inline: a call per row cost more than
    its additions (4x on 12 months)."""
    if n <= BLOCK:
        return block_sum(values, start, n)
    return pairwise_sum(values, start, n)


@compiled
def _month_means(values, months, out):
    for cell in range(out.size):
        out[cell] = (0.0 + _row_sum(values, cell * months, months)) / months


def month_means(values: np.ndarray) -> np.ndarray:
    """``values.mean(axis=2)`` of a (sims, reps, months) array, bit for bit, in one pass
    (numpy's reduction over a short last axis costs more per row than its additions)."""
    values = np.ascontiguousarray(values, dtype=float)
    sims, reps, months = values.shape
    if months == 0:
        return values.mean(axis=2)
    out = np.empty((sims, reps))
    _month_means(values.reshape(-1), months, out.reshape(-1))
    return out


@compiled
def _month_sums(first, second, months, out):
    """Per cell, the sum over the months of ``first`` (+ ``second`` month by month when
    it has values): numpy's pairwise sum of the row, from 0."""
    row = np.empty(months)
    both = second.size > 0
    for cell in range(out.size):
        at = cell * months
        if both:
            for month in range(months):
                row[month] = first[at + month] + second[at + month]
            out[cell] = 0.0 + _row_sum(row, 0, months)
        else:
            out[cell] = 0.0 + _row_sum(first, at, months)


def month_sums(values: np.ndarray, plus: np.ndarray | None = None) -> np.ndarray:
    """``values.sum(axis=2, keepdims=True)`` of a (sims, reps, months) array, or
    ``(values + plus).sum(...)``, bit for bit, in one pass without the temporary."""
    values = np.ascontiguousarray(values, dtype=float)
    sims, reps, months = values.shape
    if plus is None:
        second = np.empty(0)
    else:
        second = np.ascontiguousarray(plus, dtype=float).reshape(-1)
        if second.size != values.size:
            return (values + plus).sum(axis=2, keepdims=True)
    out = np.empty((sims, reps, 1))
    if months == 0:
        out[:] = 0.0
        return out
    _month_sums(values.reshape(-1), second, months, out.reshape(-1))
    return out


@compiled
def _rep_sums(values, out):
    sims, reps, months = values.shape
    for sim in range(sims):
        for month in range(months):
            out[sim, month] = 0.0
        for rep in range(reps):
            for month in range(months):
                out[sim, month] += values[sim, rep, month]


def rep_sums(values: np.ndarray) -> np.ndarray:
    """``values.sum(axis=1)`` of a (sims, reps, months) float array, bit for bit: numpy
    adds the reps one after another into each (simulation, month) when the months are
    the contiguous axis (more than one of them, C order); otherwise numpy's own sum."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 3 or values.shape[2] < 2 or not values.flags.c_contiguous:
        return values.sum(axis=1)
    out = np.empty((values.shape[0], values.shape[2]))
    _rep_sums(values, out)
    return out
