"""The integral of a marginal commission curve in one compiled pass per cell.

``curves._integral_ungated`` sums each tier's slice of attainment at its rate: in numpy
five or six passes over the cells per tier, and reps' monthly outlook asks for it about
thirty times a month. This loop does each cell's tiers at once with the same float
operations in the same order (no fast-math), so the result is bit for bit the numpy one,
which ``tests/test_curve_kernels.py`` keeps as its reference.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled


@compiled
def _integral(attainment, starts, ends, rates, slopes):
    out = np.empty(attainment.size)
    for i in range(attainment.size):
        level = attainment[i]
        total = 0.0
        for t in range(starts.size):
            # np.clip(level - start, 0, end - start), NaN kept as NaN
            width = level - starts[t]
            if width < 0.0:
                width = 0.0
            top = ends[t] - starts[t]
            if width > top:
                width = top
            if slopes[t] < 0:
                # a decelerator reaches a zero rate at rate / -slope, pays nothing beyond
                stop = rates[t] / -slopes[t]
                if stop < width:
                    width = stop
            total = total + rates[t] * width + 0.5 * slopes[t] * width * width
        out[i] = total
    return out


def marginal_integral(
    attainment: np.ndarray, tiers: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Integral of the marginal rate from 0 to ``attainment`` over ``tiers`` (starts,
    ends, rates, slopes), elementwise, in ``attainment``'s shape."""
    attainment = np.asarray(attainment, dtype=np.float64)
    flat = np.ascontiguousarray(attainment).ravel()
    starts, ends, rates, slopes = (np.ascontiguousarray(a, dtype=np.float64) for a in tiers)
    return _integral(flat, starts, ends, rates, slopes).reshape(attainment.shape)
