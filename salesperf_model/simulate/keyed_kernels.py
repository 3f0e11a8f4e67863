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
def cell_uniforms(base: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """:func:`cell_bits` as uniforms (:func:`_uniform`), in one pass."""
    out = np.empty((base.size, seats.size), np.float64)
    for s in range(base.size):
        mixed = _mix(base[s])
        for r in range(seats.size):
            out[s, r] = _uniform(_mix(mixed ^ seats[r]))
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
    """One uniform per counted item, cells in order, ``mix(cell ^ key(rank in cell))``
    (the keys of the ranks mixed once, not once per item)."""
    out = np.empty(counts.sum(), np.float64)
    ranks = np.empty(max(counts.max(), 0) if counts.size else 0, np.uint64)
    for rank in range(ranks.size):
        ranks[rank] = _key(np.uint64(rank))
    at = 0
    for c in range(counts.size):
        for rank in range(counts[c]):
            out[at] = _uniform(_mix(cells[c] ^ ranks[rank]))
            at += 1
    return out


_MASK32 = np.uint64(0xFFFFFFFF)
_S16 = np.uint64(16)
_MULT_A = np.uint64(0x931E8875)
_INIT_B = np.uint64(0x8B51F9DD)
_MULT_B = np.uint64(0x58F38DED)
_MIX_L = np.uint64(0xCA01F9DD)
_MIX_R = np.uint64(0x4973F715)
_WRAP = np.uint64(1 << 32)


@compiled(inline="always")
def _hashmix(value, hash_const, mult):
    """SeedSequence's hashmix of one 32-bit word: (hashed word, next hash constant)."""
    value = value ^ hash_const
    hash_const = (hash_const * mult) & _MASK32
    value = (value * hash_const) & _MASK32
    return value ^ (value >> _S16), hash_const


@compiled(inline="always")
def _seed_mix(x, y):
    result = (((_MIX_L * x) & _MASK32) + _WRAP - ((_MIX_R * y) & _MASK32)) & _MASK32
    return result ^ (result >> _S16)


@compiled
def pcg_seeds(pool: np.ndarray, hash_const: np.uint64, own: np.ndarray) -> np.ndarray:
    """PCG64's four seed words of each row of ``own`` 32-bit words: SeedSequence's
    mixing of them into ``pool`` (the 4 words the shared entropy left, with the hash
    constant it reached) and its ``generate_state(4, uint64)``."""
    out = np.empty((own.shape[0], 4), np.uint64)
    for r in range(own.shape[0]):
        mixed = pool.copy()
        const = hash_const
        for w in range(own.shape[1]):
            for dst in range(4):
                hashed, const = _hashmix(np.uint64(own[r, w]), const, _MULT_A)
                mixed[dst] = _seed_mix(mixed[dst], hashed)
        const = _INIT_B
        for i in range(4):
            low, const = _hashmix(mixed[(2 * i) % 4], const, _MULT_B)
            high, const = _hashmix(mixed[(2 * i + 1) % 4], const, _MULT_B)
            out[r, i] = low | (high << np.uint64(32))
    return out


@compiled
def slot_uniforms_at(cells: np.ndarray, slot: int, at: np.ndarray) -> np.ndarray:
    """The uniforms of ``slot`` (as :func:`slot_uniforms`) of the cells ``at`` only."""
    key = _key(np.uint64(slot))
    out = np.empty(at.size, np.float64)
    for j in range(at.size):
        out[j] = _uniform(_mix(cells[at[j]] ^ key))
    return out


@compiled
def cell_uniforms_at(base: np.ndarray, seats: np.ndarray, at: np.ndarray) -> np.ndarray:
    """:func:`cell_uniforms` of the flat (simulation, seat) cells ``at`` only."""
    out = np.empty(at.size, np.float64)
    for j in range(at.size):
        s, r = divmod(at[j], seats.size)
        out[j] = _uniform(_mix(_mix(base[s]) ^ seats[r]))
    return out


@compiled
def slot_uniforms_of(cells: np.ndarray, slots: int, at: np.ndarray) -> np.ndarray:
    """(cells ``at``, slots) uniforms of :func:`slot_uniforms`, of the flat cells ``at``:
    :func:`slot_uniforms_at` of each slot."""
    out = np.empty((at.size, slots), np.float64)
    for j in range(slots):
        out[:, j] = slot_uniforms_at(cells, j, at)
    return out


@compiled
def gamma_base(c: np.ndarray, x: np.ndarray) -> np.ndarray:
    """1 + c x of each gamma attempt (``keyed._gamma``), which numpy then cubes."""
    out = np.empty(x.size)
    for i in range(x.size):
        out[i] = 1.0 + c[i] * x[i]
    return out


@compiled
def gamma_accepted(x: np.ndarray, v: np.ndarray, *, d, log_v, log_u) -> np.ndarray:
    """d v where Marsaglia and Tsang's test accepts the attempt, else nan: v > 0 and
    log u < x^2 / 2 + d - d v + d log v, in numpy's order (one pass, not ten)."""
    out = np.empty(x.size)
    for i in range(x.size):
        di, vi = d[i], v[i]
        accept = vi > 0 and log_u[i] < 0.5 * (x[i] * x[i]) + di - di * vi + di * log_v[i]
        out[i] = di * vi if accept else np.nan
    return out
