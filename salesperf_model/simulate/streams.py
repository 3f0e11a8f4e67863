"""Seeded random streams: one generator per random variable and simulation.

Every random variable draws from its own generator: ``SeedSequence(seed, spawn_key=(key,
simulation))`` where ``key`` is a stable hash of the variable's name. Adding a variable
therefore never shifts the draws of existing ones, and a simulation's draws do not depend
on which other simulations run beside it: results are bit for bit the same whether the
simulations run in one chunk or several. Under behaviour the month loop draws from
``keyed.KeyedDraws`` instead (a draw per cell, whatever other cells did).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.random.bit_generator import ISeedSequence

#: SeedSequence's hash constants (numpy/random/bit_generator.pyx), its pool of 4 words.
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4
_MASK = 0xFFFFFFFF


def stream_key(name: str) -> int:
    """Stable 64-bit spawn key for a variable name (independent of Python's hash seed)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def variable_generator(seed: int, name: str, *index: int) -> np.random.Generator:
    """The generator of variable ``name`` (and, e.g., one simulation ``index``) under ``seed``."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_key(name), *index)))
    )


def _words(value: int) -> list[int]:
    """An integer as SeedSequence reads it: 32-bit words, the least significant first."""
    words = [value & _MASK]
    while value > _MASK:
        value >>= 32
        words.append(value & _MASK)
    return words


def _hashmix(value: int, hash_const: list[int], mult: int) -> int:
    """SeedSequence's hashmix of a 32-bit word, ``hash_const`` advanced in place."""
    value = value ^ hash_const[0]
    hash_const[0] = (hash_const[0] * mult) & _MASK
    value = (value * hash_const[0]) & _MASK
    return value ^ (value >> 16)


def _mix(x: int, y: int) -> int:
    result = (_MIX_L * x - _MIX_R * y) & _MASK
    return result ^ (result >> 16)


def _pcg_seeds(shared: list[int], own: np.ndarray) -> np.ndarray:
    """PCG64's four seed words from ``SeedSequence`` of each entropy ``shared + row`` of
    ``own`` (32-bit words laid out as ``_get_assembled_entropy`` does, at least 4 of them
    shared): the shared words mixed once, as integers, the rows' own words and the
    output in a compiled loop (``keyed_kernels.pcg_seeds``)."""
    from salesperf_model.simulate import keyed_kernels  # numba: loaded on first use

    hash_const = [_INIT_A]
    pool = [_hashmix(shared[i], hash_const, _MULT_A) for i in range(_POOL)]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                pool[dst] = _mix(pool[dst], _hashmix(pool[src], hash_const, _MULT_A))
    for word in shared[_POOL:]:
        for dst in range(_POOL):
            pool[dst] = _mix(pool[dst], _hashmix(word, hash_const, _MULT_A))
    return keyed_kernels.pcg_seeds(
        np.array(pool, np.uint64), np.uint64(hash_const[0]), np.ascontiguousarray(own)
    )


class _Seeded(ISeedSequence):
    """A SeedSequence's state words, computed already (:func:`_pcg_seeds`): what PCG64
    reads when seeded (it cannot spawn, which the draws never do)."""

    def __init__(self, words: np.ndarray) -> None:
        self.words = words

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        return self.words


def variable_generators(seed: int, name: str, simulations: Sequence[int]) -> list:
    """:func:`variable_generator` of variable ``name`` for each of ``simulations``: the
    same streams, their seeding hashed for all simulations at once (a SeedSequence
    apiece costs ~30 us, most of a chunk's setup)."""
    simulations = [int(s) for s in simulations]
    if not (isinstance(seed, int | np.integer) and seed >= 0 and min(simulations, default=0) >= 0):
        return [variable_generator(seed, name, s) for s in simulations]
    run = _words(int(seed))
    run += [0] * (_POOL - len(run))  # padded when a spawn key follows
    run += _words(stream_key(name))
    groups: dict[int, list[int]] = {}
    own = [_words(s) for s in simulations]
    for i, words in enumerate(own):
        groups.setdefault(len(words), []).append(i)
    out: list = [None] * len(own)
    for members in groups.values():
        seeds = _pcg_seeds(run, np.array([own[i] for i in members], np.uint32))
        for i, words in zip(members, seeds):
            out[i] = np.random.Generator(np.random.PCG64(_Seeded(words)))
    return out


class Draws:
    """Per-variable, per-simulation generators for one chunk of simulations.

    Each method draws one variable for every simulation of the chunk, stacked on a first
    axis of simulations; a variable's generators are made on first use and kept, so the
    month loop continues each variable's stream where the last month left it.
    """

    def __init__(self, seed: int, simulations: Sequence[int]) -> None:
        self.seed = seed
        self.simulations = list(simulations)
        self._generators: dict[str, list[np.random.Generator]] = {}

    def generators(self, name: str) -> list[np.random.Generator]:
        """The generators of variable ``name``, one per simulation of the chunk."""
        if name not in self._generators:
            self._generators[name] = variable_generators(self.seed, name, self.simulations)
        return self._generators[name]

    def set_month(self, t: int) -> None:
        """Nothing: each variable's stream simply continues into month ``t``."""

    def normal(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        out = np.empty((len(self.simulations), *shape))
        for g, row in zip(self.generators(name), out.reshape(len(out), -1)):
            g.standard_normal(out=row)  # drawn in place: the same values, no stacking
        return out

    def uniform(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        out = np.empty((len(self.simulations), *shape))
        for g, row in zip(self.generators(name), out.reshape(len(out), -1)):
            g.random(out=row)
        return out

    def poisson(self, name: str, lam: np.ndarray) -> np.ndarray:
        out = np.empty(lam.shape, dtype=np.int64)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.poisson(lam[i])
        return out

    def binomial(self, name: str, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        p = np.broadcast_to(p, n.shape)
        out = np.empty(n.shape, dtype=np.int64)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.binomial(n[i], p[i])
        return out

    def beta(self, name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(a.shape)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.beta(a[i], b[i])
        return out

    def per_item(
        self, name: str, counts: np.ndarray, kind: Literal["normal", "uniform"]
    ) -> np.ndarray:
        """One draw per counted item (e.g. per deal), simulations in order, flattened."""
        totals = counts.reshape(len(self.simulations), -1).sum(axis=1)
        parts = [
            g.standard_normal(int(n)) if kind == "normal" else g.random(int(n))
            for g, n in zip(self.generators(name), totals)
        ]
        return np.concatenate(parts) if parts else np.empty(0)
