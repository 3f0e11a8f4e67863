"""A KPI's share of weight and points for every (simulation, rep, review) in one
compiled pass.

``scoring.kpi_score`` took about ten numpy passes per KPI (ratio, guards, NaN, caps,
floors, clip) on the reps the role weights, gathered out of the whole table and
scattered back: a third of a plan's scoring. This loop does a cell at once with the
same comparisons and float operations in the same order (numpy's clip: the floor, then
the cap, NaN kept), so shares and points are bit for bit the numpy ones, which
``tests/test_score_kernels.py`` keeps as the reference.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.edges import EDGE_WITHIN


@compiled(inline="always")
def _share(actual, target, lower, cap, floor, band_at, band_share, bands):
    if lower:
        ratio = target / actual if actual > 0 else np.inf
    else:
        ratio = actual / target if target > 0 else 0.0
    if np.isnan(actual):  # growth with no previous period: at target
        ratio = 1.0
    if bands:  # ascending: the highest band reached (a hair short: on it) wins
        share = 0.0
        for b in range(band_at.size):
            if ratio >= band_at[b] - EDGE_WITHIN * abs(band_at[b]):
                share = band_share[b]
        return share
    if np.isinf(ratio):  # a lower-is-better actual of 0
        ratio = cap if np.isfinite(cap) else 1.0
    if not np.isnan(ratio) and not ratio > floor:
        ratio = floor
    if not np.isnan(ratio) and not ratio < cap:
        ratio = cap
    return ratio


@compiled
def shares_and_points(
    actual, target, weights, *, cap, floor, lower, band_at, band_share, bands, shares, points
):
    """Fill ``shares`` (share of weight earned) and ``points`` (weight x share) for
    (simulations, reps, reviews) cells; reps of weight 0 are not scored (share 0)."""
    sims, reps, reviews = actual.shape
    for s in range(sims):
        for r in range(reps):
            weight = weights[r]
            for p in range(reviews):
                share = 0.0
                if weight != 0:
                    share = _share(
                        actual[s, r, p],
                        target[s, r, p],
                        lower,
                        cap[r],
                        floor[r],
                        band_at,
                        band_share,
                        bands,
                    )
                shares[s, r, p] = share
                points[s, r, p] = weight * share
