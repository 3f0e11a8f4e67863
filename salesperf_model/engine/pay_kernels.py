"""Compiled loops of commission's monthly arrays: each cell's steps in one pass.

In numpy each step (weights, the big-account share, its clip, the coefficients, a year's
running sum) is a pass over the (sims, reps, months) cells with its own temporary. These
loops do the same float operations in the same order (no fast-math), so the figures are
bit for bit the numpy ones (the reference check of the performance work compares them).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled


@compiled
def _credited_cells(new, existing, big, region, factors, revenue, credited):
    """Into ``revenue`` (unless empty) new + existing, into ``credited`` (new x
    factors[0] + existing x factors[1]) x (1 + factors[2] x big share, clipped to 0..1) x
    the seat's region coefficient (commission.credited_revenue's rule; factors[2] is the
    big-account coefficient - 1)."""
    sims, reps, months = new.shape
    for s in range(sims):
        for r in range(reps):
            for m in range(months):
                n, e = new[s, r, m], existing[s, r, m]
                total = n + e
                share = 0.0
                if total > 0:
                    share = big[s, r, m] / total
                if share < 0.0:  # np.clip(share, 0, 1): NaN stays NaN
                    share = 0.0
                if share > 1.0:
                    share = 1.0
                weighted = n * factors[0] + e * factors[1]
                weighted = weighted * (1.0 + factors[2] * share)
                if revenue.size:  # none: the caller reads the credited revenue only
                    revenue[s, r, m] = total
                credited[s, r, m] = weighted * region[r]


def credited_cells(
    new: np.ndarray,
    existing: np.ndarray,
    big: np.ndarray,
    *,
    region: np.ndarray,
    factors,
    total: bool = True,
) -> tuple[np.ndarray | None, np.ndarray]:
    """(new + existing, credited revenue): :func:`_credited_cells` into new arrays;
    without ``total``, (None, credited revenue)."""
    revenue = np.empty(new.shape if total else (0, 0, 0))
    credited = np.empty(new.shape)
    _credited_cells(new, existing, big, region, np.asarray(factors, float), revenue, credited)
    return (revenue if total else None), credited


@compiled
def year_to_date_cells(values, year_start):
    """periods.year_to_date: the running sum over months (numpy's cumsum), less the
    running sum before the first month of the month's year (``year_start[m]``)."""
    out = np.empty(values.shape)
    sims, reps, months = values.shape
    for s in range(sims):
        for r in range(reps):
            total = 0.0
            before = 0.0
            for m in range(months):
                if m == 0:
                    total = values[s, r, m]
                else:
                    if year_start[m] == m:
                        before = total
                    total = total + values[s, r, m]
                out[s, r, m] = total - before
    return out


@compiled
def annual_total_cells(values, years):
    """periods.annual_total: each month's year total (``years[m]``: the month's year
    index), summed as numpy sums the masked copy of the year's months: months outermost
    in that copy, so one by one from 0.0 in month order (not pairwise)."""
    out = np.empty(values.shape)
    sims, reps, months = values.shape
    n_years = years.max() + 1 if months else 0
    for s in range(sims):
        for r in range(reps):
            for y in range(n_years):
                total = 0.0
                for m in range(months):
                    if years[m] == y:
                        total += values[s, r, m]
                for m in range(months):
                    if years[m] == y:
                        out[s, r, m] = total
    return out


@compiled
def _split_credit(values, keep, seller_of, mate_share, out):
    """credit.split_credit's cells into ``out``: own x keep, plus the seller's value x
    ``mate_share`` where the seat has a seller (``seller_of`` >= 0), nothing added
    (a -0.0 kept) where it has none."""
    sims, reps, months = values.shape
    for s in range(sims):
        for r in range(reps):
            seller = seller_of[r]
            for m in range(months):
                own = values[s, r, m] * keep[r]
                if seller >= 0:
                    own = own + values[s, seller, m] * mate_share
                out[s, r, m] = own


def split_credit_cells(
    values: np.ndarray, keep: np.ndarray, seller_of: np.ndarray, *, mate_share: float
) -> np.ndarray:
    """:func:`_split_credit` into a new array (``values`` (sims, reps, months))."""
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty(values.shape)
    _split_credit(
        values,
        np.ascontiguousarray(keep, dtype=float),
        np.ascontiguousarray(seller_of, dtype=np.int64),
        float(mate_share),
        out,
    )
    return out
