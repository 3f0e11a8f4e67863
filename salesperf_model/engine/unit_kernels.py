"""A compiled pass for sums over the reps of a unit (region, team): ``periods.unit_sum``.

Each unit's members are added in rep order into a running sum per (simulation, unit,
month), then every seat reads its unit's: the order ``np.bincount`` adds in, in one
pass over the cells, with no index array (bincount's made it 2-5x slower than the
0/1-matrix product it replaced for a handful of regions) and no (reps x units) matrix.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled


@compiled
def _unit_sum(values, codes, n_units, out):
    sims, reps, months = values.shape
    per_unit = np.zeros((n_units, months))
    for s in range(sims):
        per_unit[:, :] = 0.0
        for r in range(reps):
            unit = codes[r]
            for m in range(months):
                per_unit[unit, m] = per_unit[unit, m] + values[s, r, m]
        for r in range(reps):
            unit = codes[r]
            for m in range(months):
                out[s, r, m] = per_unit[unit, m]


def unit_sums(values: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """(sims, reps, months) ``values`` summed over each unit's reps (codes 0..n_units - 1),
    each seat given its unit's sum."""
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty(values.shape)
    _unit_sum(values, np.ascontiguousarray(codes, dtype=np.int64), int(n_units), out)
    return out
