"""Compiled passes over the seats of a unit (region, team): sums (``periods.unit_sum``)
and each unit's seats in seat order (``unit_members``).

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


@compiled
def unit_members(codes, n_units):
    """(members, first): each unit's seats in seat order, unit ``u``'s being
    ``members[first[u]:first[u + 1]]``; seats whose code is outside 0..n_units - 1 in
    none. A counting sort, linear in the seats (a stable argsort of 100,000 codes per
    call took more than the work on them)."""
    first = np.zeros(n_units + 1, dtype=np.int64)
    for r in range(codes.size):
        if 0 <= codes[r] < n_units:
            first[codes[r] + 1] += 1
    for u in range(n_units):
        first[u + 1] += first[u]
    members = np.empty(first[n_units], dtype=np.int64)
    place = first[:n_units].copy()
    for r in range(codes.size):
        unit = codes[r]
        if 0 <= unit < n_units:
            members[place[unit]] = r
            place[unit] += 1
    return members, first
