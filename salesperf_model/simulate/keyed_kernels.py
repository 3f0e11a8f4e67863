"""Compiled loops of the keyed draws (``keyed.py``): the same arithmetic, in one pass.

In numpy every step of a hash or of a CDF walk is a pass over the whole array with its
own temporary, and a walk repeats them once per step of the slowest cell. These loops
do each cell's work at once. They compute exactly what the numpy steps computed (the same
64-bit words, the same float operations in the same order, no fast-math), so results are
bit for bit those of the numpy version, which ``tests/test_keyed_kernels.py`` keeps as
its reference. Functions are compiled on first use and cached on disk (numba).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_UNIT = 2.0**-53


@compiled(inline="always")
def _mix(z):
    """SplitMix64's finaliser on one word."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@compiled(inline="always")
def _key(value):
    """One key part (a uint64) as a mixed word."""
    return _mix(value * _GOLDEN + _GOLDEN)


@compiled(inline="always")
def _uniform(bits):
    """The top 53 bits as a uniform in (0, 1), centred in their interval."""
    return (np.float64(bits >> _S11) + 0.5) * _UNIT


@compiled
def cell_bits(base: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """(simulations, seats) words: mix(mix(base[s]) ^ seats[r])."""
    out = np.empty((base.size, seats.size), np.uint64)
    for s in range(base.size):
        mixed = _mix(base[s])
        for r in range(seats.size):
            out[s, r] = _mix(mixed ^ seats[r])
    return out


@compiled
def uniforms(bits: np.ndarray) -> np.ndarray:
    """Each word as a uniform (:func:`_uniform`), in ``bits``' shape."""
    out = np.empty(bits.shape, np.float64)
    flat_in, flat_out = bits.ravel(), out.ravel()
    for i in range(flat_in.size):
        flat_out[i] = _uniform(flat_in[i])
    return out


@compiled
def slot_uniforms(cells: np.ndarray, slots: int) -> np.ndarray:
    """(simulations, slots, seats) uniforms of mix(cell ^ key(slot))."""
    sims, seats = cells.shape
    out = np.empty((sims, slots, seats), np.float64)
    for j in range(slots):
        slot = _key(np.uint64(j))
        for s in range(sims):
            for r in range(seats):
                out[s, j, r] = _uniform(_mix(cells[s, r] ^ slot))
    return out


@compiled
def item_uniforms(cells: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """One uniform per counted item, cells in order, ``mix(cell ^ key(rank in cell))``."""
    out = np.empty(counts.sum(), np.float64)
    at = 0
    for c in range(counts.size):
        for rank in range(counts[c]):
            out[at] = _uniform(_mix(cells[c] ^ _key(np.uint64(rank))))
            at += 1
    return out


@compiled(inline="always")
def _ratio(k, first, odds, binomial):
    """pmf(k + 1) / pmf(k): Poisson of mean ``first``, or binomial of ``first`` trials."""
    if binomial:
        return (first - k) / (k + 1) * odds
    return first / (k + 1)


@compiled(inline="always")
def _walk_one(ui, ki, ci, pi, first, odds, upper, binomial, limit):
    """One cell's walk (see :func:`walk`): (k, cdf, pmf) where it stops."""
    steps = 0
    while steps < limit and ui > ci and ki < upper and pi > 0:
        ratio = _ratio(ki, first, odds, binomial)
        pi = pi * ratio
        ki += 1
        ci += pi
        steps += 1
    steps = 0
    down = ki > 0 and ui <= ci - pi
    while steps < limit and down:
        ci -= pi
        ki -= 1
        ratio = _ratio(ki, first, odds, binomial)
        pi = pi / ratio
        steps += 1
        down = ki > 0 and ui <= ci - pi and pi > 0
    return ki, ci, pi


@compiled
def walk(u, k, cdf, *, pmf, first, odds, upper, binomial: bool, limit: int) -> None:
    """The least k with CDF(k) >= u, walked from a guess (``k``, its ``cdf`` and ``pmf``),
    in place. The ratio pmf(k + 1) / pmf(k) is ``first / (k + 1)`` (Poisson, ``first``
    the mean) or ``(first - k) / (k + 1) * odds`` (binomial, ``first`` the trials). Steps
    up while u > CDF(k) (at most to ``upper``), then down while u <= CDF(k - 1), at most
    ``limit`` steps each way."""
    for i in range(u.size):
        k[i], cdf[i], pmf[i] = _walk_one(
            u[i], k[i], cdf[i], pmf[i], first[i], odds[i], upper[i], binomial, limit
        )


@compiled
def split_counts(mean: np.ndarray, inside: np.ndarray, below: float):
    """Indices of the cells ``inside`` whose ``mean`` is below ``below`` (walked from
    zero) and of the others inside (walked from a normal guess), each in order."""
    small = np.empty(mean.size, np.int64)
    live = np.empty(mean.size, np.int64)
    n_small = n_live = 0
    for i in range(mean.size):
        if inside[i]:
            if mean[i] < below:
                small[n_small] = i
                n_small += 1
            elif mean[i] >= below:
                live[n_live] = i
                n_live += 1
    return small[:n_small], live[:n_live]


@compiled
def walk_from_zero(u, cells, pmf0, *, first, p, out, binomial: bool, limit: int) -> None:
    """The walk from k = 0 (CDF = pmf = ``pmf0``, one per cell of ``cells``) of each cell,
    written to ``out``; a binomial's odds are ``p / (1 - p)``, its upper end ``first``."""
    for j in range(cells.size):
        i = cells[j]
        top = first[i] if binomial else np.inf
        odds = p[i] / (1.0 - p[i]) if binomial else 0.0
        k, _, _ = _walk_one(
            u[i], 0.0, pmf0[j], pmf0[j], np.float64(first[i]), odds, top, binomial, limit
        )
        out[i] = np.int64(k)
