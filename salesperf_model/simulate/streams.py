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


def stream_key(name: str) -> int:
    """Stable 64-bit spawn key for a variable name (independent of Python's hash seed)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def variable_generator(seed: int, name: str, *index: int) -> np.random.Generator:
    """The generator of variable ``name`` (and, e.g., one simulation ``index``) under ``seed``."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_key(name), *index)))
    )


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
            self._generators[name] = [
                variable_generator(self.seed, name, s) for s in self.simulations
            ]
        return self._generators[name]

    def set_month(self, t: int) -> None:
        """Nothing: each variable's stream simply continues into month ``t``."""

    def normal(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return np.stack([g.standard_normal(shape) for g in self.generators(name)])

    def uniform(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return np.stack([g.random(shape) for g in self.generators(name)])

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
