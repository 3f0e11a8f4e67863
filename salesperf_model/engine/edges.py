"""Edges reached by sums: a figure a plan compares with an edge (a tier's start, a
threshold, the gate's annual quota, a bonus's ``at_least``) counts as on the edge when
it falls short of it by no more than the rounding of the sums that made it.

Money is kept in binary floating point, where cents are not exact: three months of
142,309.33 + 128,745.25 + 28,945.42 add up to 299,999.99999999994, and a quota of
100,000 relieved for 70% leave is 30,000.000000000004. Compared as they stand, a rep
whose quarter is exactly the quota would be paid as below it (a retroactive curve's
lower rate on everything, no award for meeting quota, a gate kept shut). A sum of n
amounts errs by at most about n parts in 10^16 of its size, so figures within
:data:`EDGE_WITHIN` (a part in 10^11) of an edge are read as on it: ten thousand amounts
summed stay well inside, and a cent short of a quota under a billion stays short.
"""

from __future__ import annotations

import numpy as np

#: Relative distance from an edge within which a figure is on the edge.
EDGE_WITHIN = 1e-11


def at_least(value: np.ndarray | float, edge: np.ndarray | float) -> np.ndarray:
    """``value >= edge``, a value short of the edge by its sums' rounding included
    (NaN never reaches an edge)."""
    edge = np.asarray(edge, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray(value) >= edge - EDGE_WITHIN * np.abs(edge)


def above(value: np.ndarray | float, edge: np.ndarray | float) -> np.ndarray:
    """``value > edge``, a value over it by its sums' rounding not counted (an ``at
    most`` limit met exactly is met)."""
    edge = np.asarray(edge, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray(value) > edge + EDGE_WITHIN * np.abs(edge)


def on_edges(level: np.ndarray, edges: np.ndarray | list[float]) -> np.ndarray:
    """``level`` with each value within :data:`EDGE_WITHIN` of one of ``edges`` set to
    that edge exactly (a new array only where some value moves)."""
    level = np.asarray(level, dtype=float)
    moved = None
    for edge in np.unique(np.asarray(edges, dtype=float)):
        if not np.isfinite(edge) or edge == 0.0:
            continue
        near = np.abs(level - edge) <= EDGE_WITHIN * abs(edge)
        if near.any():
            if moved is None:
                moved = level.copy()
            moved[near] = edge
    return level if moved is None else moved
