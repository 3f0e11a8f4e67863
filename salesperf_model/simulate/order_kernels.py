"""Sums of log-normal orders per (simulation, seat) in compiled passes over the orders.

``month_step._order_sum`` draws one size per order (a month's repeat orders, upsells) and
sums them per cell, big accounts apart. In numpy that was a dozen passes over every
order (the cell of each, its seat's sigma twice, flags, two weighted counts). These loops
do the arithmetic per order in the same order of operations; the exponential stays in
numpy (its vectorised exp is what the figures were made with), so sums are bit for bit
those of the numpy version, which ``tests/test_order_kernels.py`` keeps as reference.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled


@compiled
def log_growth(counts, sigma, z):
    """Per order, ``sigma * z - sigma ** 2 / 2`` with its seat's sigma (cells are
    (simulation, seat) flattened, seats last: the seat is the cell modulo the seats)."""
    seats = sigma.size
    out = np.empty(z.size)
    at = 0
    for cell in range(counts.size):
        s = sigma[cell % seats]
        for _ in range(counts[cell]):
            out[at] = s * z[at] - s * s / 2
            at += 1
    return out


@compiled
def cell_sums(counts, mean, growth, *, big_counts, multiplier):
    """(all orders, big-account orders) per cell: each order ``mean * growth``, the first
    ``big_counts`` of a cell times ``multiplier`` (none big when ``big_counts`` is empty)."""
    total = np.zeros(counts.size)
    big_total = np.zeros(counts.size)
    has_big = big_counts.size > 0
    at = 0
    for cell in range(counts.size):
        for rank in range(counts[cell]):
            size = mean[cell] * growth[at]
            if has_big:
                big = rank < big_counts[cell]
                size = size * (multiplier if big else 1.0)
                big_total[cell] += size if big else size * 0.0
            total[cell] += size
            at += 1
    return total, big_total
