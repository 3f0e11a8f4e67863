"""Keyed normals per counted item (an order, a deal), scaled by their seat's sigma, in one
compiled pass: ``keyed.KeyedDraws.per_item_spread``.

The month's order sizes are its most numerous draws (about one per repeat order). Drawn
as ``per_item`` normals and then scaled, each took four passes over every item: the hash
(``keyed_kernels.item_uniforms``), the normal quantile (``normal_kernels.normals``), the
count and the list of its tails, and the scaling (``order_kernels.log_growth``). Here the
hash, the quantile's central branch and the scaling are done item by item in one pass,
the tails after it as ``normals`` does them. Every value is the same float operations in
the same order as that chain's, so bit for bit the same (``tests/test_perf3_simulate.py``).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.simulate.keyed_kernels import _key, _mix, _uniform
from salesperf_model.simulate.normal_kernels import (
    _SQRT_2PI,
    _central,
    _is_central,
    _tail_root,
    _tail_value,
    ndtri,
)


@compiled(inline="always")
def _scaled(s, z, centred):
    """``s * z - s * s / 2`` (centred: the log of a mean-1 log-normal) or ``s * z``."""
    return s * z - s * s / 2 if centred else s * z


@compiled(error_model="numpy")
def item_spread(cells, counts, sigma, *, centred):
    """Per item, cells in order: ``s * z`` (``- s * s / 2`` if ``centred``) with ``z`` the
    normal of ``mix(cell ^ key(rank in cell))`` (``keyed_kernels.item_uniforms``,
    ``normal_kernels.normals``) and ``s`` the cell's seat's sigma (cells are
    (simulation, seat) flattened, seats last: the seat is the cell modulo the seats)."""
    seats = sigma.size
    n = 0
    top = 0
    for c in range(counts.size):
        n += max(counts[c], 0)
        top = max(top, counts[c])
    ranks = np.empty(top, np.uint64)
    for rank in range(top):
        ranks[rank] = _key(np.uint64(rank))
    out = np.empty(n)  # first each item's uniform, then its value
    scale = np.empty(n)  # each item's sigma: the central branch then runs on vectors
    # the tails (a quarter of the items) listed as met, without branches: of these
    # arrays only the pages written are ever touched
    tails, tail_u = np.empty(n + 1, np.int64), np.empty(n + 1)
    n_tails = 0
    at = 0
    for c in range(counts.size):  # the hash for every item, and its seat's sigma
        s = sigma[c % seats]
        cell = cells[c]
        for rank in range(counts[c]):
            ui = _uniform(_mix(cell ^ ranks[rank]))
            out[at], scale[at] = ui, s
            tails[n_tails], tail_u[n_tails] = at, ui
            n_tails += not _is_central(ui)
            at += 1
    for i in range(n):  # the central branch for every item
        y = out[i] - 0.5
        out[i] = _scaled(scale[i], (y + y * _central(y * y)) * _SQRT_2PI, centred)
    x = np.empty(n_tails)
    for j in range(n_tails):  # the tails in stages, as normal_kernels.normals
        x[j] = _tail_root(tail_u[j])
    for j in range(n_tails):
        out[tails[j]] = _scaled(scale[tails[j]], _tail_value(tail_u[j], x[j]), centred)
    for j in range(n_tails):  # 0 and 1 (never a hashed uniform): as ndtri
        y0 = tail_u[j]
        if not (0.0 < y0 < 1.0):
            out[tails[j]] = _scaled(scale[tails[j]], ndtri(y0), centred)
    return out
