"""Compiled writes of whole measures into the run's month-first arrays (periods, sims, reps).

The measures known for every month when a chunk starts (its territories, market paths)
were built in numpy as (sims, reps, periods) products, each a temporary as big as the
measure, and then copied across into the month-first layout. This loop writes each cell
once, straight into the run's arrays, with the very products numpy made, in the same
order (no fast-math), so the figures are bit for bit the same.
"""

from __future__ import annotations

from salesperf_model.compiled import compiled


@compiled
def whole_run(outs, seat, paths, *, region, region_base, season):
    """Every month of: nothing carved out, the territory potential and big-account share
    (``seat``: (sims, reps) each), the market x regional shock and the region's market
    size (base x season x market x regional shock) into ``outs`` (periods, sims, reps)
    each. ``paths``: market (sims, periods), regional shock (sims, regions, periods);
    ``region``: each seat's region."""
    carved, potential, share, shock, size = outs
    territory, big_share = seat
    market, regional = paths
    T, S, R = carved.shape
    for t in range(T):
        for s in range(S):
            for r in range(R):
                k = region[r]
                carved[t, s, r] = 0.0
                potential[t, s, r] = territory[s, r]
                share[t, s, r] = big_share[s, r]
                shock[t, s, r] = market[s, t] * regional[s, k, t]
                size[t, s, r] = region_base[k] * season[t] * market[s, t] * regional[s, k, t]
