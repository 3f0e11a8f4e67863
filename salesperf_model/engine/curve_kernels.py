"""Commission curves cell by cell in one compiled pass (curves.py states the rules).

In numpy each step of a curve (attainment, threshold, the end of accrual, every tier's
slice, the gate, cap_amount, minimum_payout) is a pass over the cells with its own
temporary, and reps' monthly outlook asks for a curve about thirty times a month. These
loops do each cell's steps at once with the same float operations in the same order (no
fast-math), so results are bit for bit the numpy ones: ``tests/test_curve_kernels.py``
keeps the numpy integral as its reference. numpy's minimum and maximum return their
second operand on a tie (``-0.0`` against ``0.0``): the comparisons below do the same.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.edges import EDGE_WITHIN


class Curve(NamedTuple):
    """A curve's rules as :func:`curve_cells` reads them (flags and money amounts)."""

    per_quota: bool  #: attainment tiers: the level is base / quota, money quota x share
    marginal: bool  #: marginal curve (else retroactive)
    has_end: bool  #: accrual stops at ``end``
    end: float
    threshold: float
    per_cell_gate: bool  #: ``gate`` picks the tiers in force cell by cell
    scaled: bool  #: the earning is scaled by credited / base
    limited: bool  #: cap_amount and minimum_payout apply
    has_cap: bool
    cap: float
    minimum: float


#: Rows of a tiers array (gates, 4, tiers): each tier's start, end, rate and slope, for
#: each set of tiers (gate open, gate shut); ``counts[g]`` tiers of set ``g`` are used.
#: One array indexed by the set, not two arrays picked per cell: numba counts references
#: to an array rebound in a loop, which costs more than the curve itself.
STARTS, ENDS, RATES, SLOPES = range(4)


@compiled(inline="always")
def _integral_at(level, tiers, counts, g):
    """Integral of the marginal rate from 0 to ``level`` (NaN stays NaN)."""
    total = 0.0
    for t in range(counts[g]):
        start, rate, slope = tiers[g, STARTS, t], tiers[g, RATES, t], tiers[g, SLOPES, t]
        # np.clip(level - start, 0, end - start)
        width = level - start
        if width < 0.0:
            width = 0.0
        top = tiers[g, ENDS, t] - start
        if width > top:
            width = top
        if slope < 0:
            # a decelerator reaches a zero rate at rate / -slope, pays nothing beyond
            stop = rate / -slope
            if stop < width:
                width = stop
        total = total + rate * width + 0.5 * slope * width * width
    return total


@compiled(inline="always")
def _rate_at(level, tiers, counts, g):
    """The rate of the tier ``level`` falls in (on an edge: the higher tier), never below 0.
    Like np.searchsorted(side="right"), a NaN level reads the last tier."""
    n = counts[g]
    tier = n - 1
    if level == level:
        tier = 0
        while tier + 1 < n and tiers[g, STARTS, tier + 1] <= level:
            tier += 1
    rate = tiers[g, RATES, tier] + tiers[g, SLOPES, tier] * (level - tiers[g, STARTS, tier])
    if rate <= 0.0:
        rate = 0.0
    return rate


@compiled(inline="always")
def _on_edge(level, tiers, counts, g, curve):
    """``level``, or the tier start, threshold or end of accrual it lies within
    ``EDGE_WITHIN`` of (a sum of cents a hair short of it: ``engine.edges``)."""
    for t in range(counts[g]):
        edge = tiers[g, STARTS, t]
        if edge != 0.0 and abs(level - edge) <= EDGE_WITHIN * abs(edge):
            return edge
    edge = curve.threshold
    if edge != 0.0 and abs(level - edge) <= EDGE_WITHIN * abs(edge):
        return edge
    edge = curve.end
    if curve.has_end and abs(level - edge) <= EDGE_WITHIN * abs(edge):
        return edge
    return level


@compiled
def _integral(attainment, tiers):
    counts = np.full(1, tiers.shape[2])
    out = np.empty(attainment.size)
    for i in range(attainment.size):
        out[i] = _integral_at(attainment[i], tiers, counts, 0)
    return out


def marginal_integral(
    attainment: np.ndarray, tiers: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Integral of the marginal rate from 0 to ``attainment`` over ``tiers`` (starts,
    ends, rates, slopes), elementwise, in ``attainment``'s shape."""
    attainment = np.asarray(attainment, dtype=np.float64)
    flat = np.ascontiguousarray(attainment).ravel()
    table = np.stack([np.asarray(a, dtype=np.float64) for a in tiers])[None]
    return _integral(flat, table).reshape(attainment.shape)


@compiled(inline="always")
def _share(level, tiers, counts, g, below, curve):
    """``earning_share`` of one cell at an attainment (or amount) ``level`` >= 0 (or NaN)
    under tier set ``g``: the tiers' integral or the retroactive rate x level, up to the
    end of accrual (``curve.end``; a retroactive curve at the end pays ``below[g]``, the
    rate just below it), 0 below the threshold."""
    capped = level
    if curve.has_end and capped >= curve.end:  # np.minimum(level, end)
        capped = curve.end
    if curve.marginal:
        share = _integral_at(capped, tiers, counts, g)
    else:
        rate = _rate_at(capped, tiers, counts, g)
        if curve.has_end and capped >= curve.end:
            rate = below[g]
        share = capped * rate
    if level < curve.threshold:
        share = 0.0
    return share


@compiled
def _curve_cells(quota, base, level_base, credited, gate, tiers, counts, below, curve, out):
    """One settlement's commission per cell, into ``out``.

    ``base`` is what the tiers read (attainment ``base / quota`` on attainment tiers, else
    the amount; ``curve.per_quota``: money is ``quota x share``); ``credited / base``
    scales the earning when ``curve.scaled``; tier set 0 (gate open) is in force, or per
    cell set 1 where ``gate`` is shut when ``curve.per_cell_gate``; with
    ``curve.limited``, cap_amount, then minimum_payout where ``level_base`` earns and
    reaches the threshold (its level: attainment or amount)."""
    for i in range(base.size):
        g = 0
        if curve.per_cell_gate and not gate[i]:
            g = 1
        q = quota[i]
        if curve.per_quota:
            earned = 0.0
            if q > 0:
                level = base[i] / q
                if level <= 0.0:  # np.maximum(attainment, 0)
                    level = 0.0
                level = _on_edge(level, tiers, counts, g, curve)
                earned = q * _share(level, tiers, counts, g, below, curve)
        else:
            level = base[i]
            if level <= 0.0:
                level = 0.0
            level = _on_edge(level, tiers, counts, g, curve)
            earned = _share(level, tiers, counts, g, below, curve)
        out[i] = earned
    # scaling and limits in a pass of their own: in the loop above they slow it 6-fold
    if curve.scaled or (curve.limited and (curve.has_cap or curve.minimum > 0)):
        _scale_and_limit(quota, base, level_base, credited, curve, out)


@compiled
def _scale_and_limit(quota, base, level_base, credited, curve, out):
    """``out`` x credited / base (``curve.scaled``), then cap_amount, then minimum_payout
    where ``level_base`` earns and reaches the threshold (``curve.limited``)."""
    for i in range(base.size):
        earned = out[i]
        if curve.scaled:
            scale = 0.0
            if base[i] > 0:
                scale = credited[i] / base[i]
            earned = earned * scale
        if curve.limited:
            if curve.has_cap and earned >= curve.cap:
                earned = curve.cap
            if curve.minimum > 0 and earned <= curve.minimum and level_base[i] > 0:
                q = quota[i]
                level = level_base[i]
                if curve.per_quota:
                    level = level / q if q > 0 else -np.inf  # no quota: never earning
                if level >= curve.threshold - EDGE_WITHIN * abs(curve.threshold):
                    earned = curve.minimum
        out[i] = earned


def rates_below(end: float, tiers: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each tier set's rate just below ``end`` (a retroactive curve pays it at the end)."""
    just_below = np.nextafter(end, -np.inf)
    return np.array([_rate_at(just_below, tiers, counts, g) for g in range(len(counts))])


def curve_cells(
    cells: tuple[np.ndarray, ...], gate: np.ndarray, curve: Curve, *, tables: tuple, out
) -> None:
    """:func:`_curve_cells` on flat ``cells`` (quota, base, level_base, credited) and
    ``tables`` (tiers, counts, below), into ``out``."""
    _curve_cells(*cells, gate, *tables, curve, out)
