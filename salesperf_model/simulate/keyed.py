"""Draws keyed by (simulation, month, seat, slot): one rep's choices never shift another
rep's luck, nor a later month's.

``Draws`` continues one generator per variable and simulation, so a draw whose size or
consumption depends on state (a Poisson count of visits that effort scales, a binomial of
a pipeline, one log-normal per deal won) shifts every later draw of that variable: under
behaviour two plans would meet different luck for every rep after the first whose
choices differ. ``KeyedDraws`` has the same methods for the month loop but computes each
draw from its own counter: a 64-bit hash of (seed, variable, simulation, month, seat, slot)
(SplitMix64's finaliser applied once per key part, a bijection on 64 bits) gives one
uniform, and every distribution is its inverse CDF of that uniform (Poisson, binomial),
or a fixed number of uniforms with an exact fallback (gamma, hence beta). A cell's draws
therefore depend only on its key and its own parameters, and a larger parameter never
gives a smaller count (the coupling that makes paired differences precise).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy import special

from salesperf_model.simulate.streams import stream_key

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
#: Uniform attempts per gamma draw before its exact fallback (inverse CDF): Marsaglia and
#: Tsang's method accepts at least 95% of attempts for shape >= 1, so the fallback is rare.
_GAMMA_ATTEMPTS = 4
_WALK_LIMIT = 10_000
#: Below this mean a count is found by walking up from zero (cheap arithmetic); above it
#: from a normal-approximation guess, with the CDF there from a special function.
_FROM_ZERO = 10.0


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (a bijection of 64-bit words, full avalanche)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _key(value: np.ndarray | int) -> np.ndarray:
    """One key part as a mixed 64-bit word (parts never collide with one another)."""
    with np.errstate(over="ignore"):
        return _mix(np.asarray(value, dtype=np.uint64) * _GOLDEN + _GOLDEN)


def _walk(
    u: np.ndarray,
    k: np.ndarray,
    cdf: np.ndarray,
    pmf: np.ndarray,
    first: np.ndarray,
    odds: np.ndarray | None,
    upper: np.ndarray,
) -> np.ndarray:
    """The least k with CDF(k) >= u, from a guess ``k`` with its ``cdf`` and ``pmf``: steps
    up while u > CDF(k) (at most to ``upper``), then down while u <= CDF(k - 1). The ratio
    pmf(k + 1) / pmf(k) is ``first / (k + 1)`` for a Poisson count (``odds`` None,
    ``first`` the mean), ``(first - k) / (k + 1) * odds`` for a binomial one (``first`` the
    trials). Each cell walks in one compiled loop (``keyed_kernels.walk``)."""
    kernels = _kernels()
    k, cdf, pmf = (np.ascontiguousarray(a, dtype=np.float64) for a in (k, cdf, pmf))
    binomial = odds is not None
    kernels.walk(
        np.ascontiguousarray(u, dtype=np.float64),
        k,
        cdf,
        pmf=pmf,
        first=np.ascontiguousarray(first, dtype=np.float64),
        odds=np.ascontiguousarray(odds if binomial else first, dtype=np.float64),
        upper=np.ascontiguousarray(upper, dtype=np.float64),
        binomial=binomial,
        limit=_WALK_LIMIT,
    )
    return k


def _kernels():
    """The compiled loops, imported on first use (numba costs a moment to import)."""
    from salesperf_model.simulate import keyed_kernels

    return keyed_kernels


def _no_limit(like: np.ndarray) -> np.ndarray:
    return np.full(like.shape, np.inf)


def poisson_quantile(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Poisson(``lam``) at probability ``u`` (the inverse CDF), elementwise, as int64."""
    u, lam = np.broadcast_arrays(np.asarray(u, float), np.maximum(np.asarray(lam, float), 0.0))
    u, lam = u.ravel(), lam.ravel()
    out = np.zeros(u.shape, np.int64)
    kernels = _kernels()
    small, live = kernels.split_counts(lam, lam > 0, _FROM_ZERO)
    if small.size:  # walked from zero, cell by cell
        kernels.walk_from_zero(
            u,
            small,
            np.exp(-lam[small]),
            first=lam,
            p=lam,
            out=out,
            binomial=False,
            limit=_WALK_LIMIT,
        )
    if live.size:
        v, m = u[live], lam[live]
        z = special.ndtri(v)
        sd = np.sqrt(m)
        guess = np.ceil(m + sd * z + (z**2 - 1) / 6 - 0.5)
        k = np.maximum(guess, 0.0)
        cdf = special.pdtr(k, m)
        pmf = np.exp(k * np.log(m) - m - special.gammaln(k + 1))
        k = _walk(v, k, cdf, pmf, m, None, _no_limit(m))
        out[live] = k.astype(np.int64)
    return out


def binomial_quantile(u: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial(``n``, ``p``) at probability ``u`` (the inverse CDF), elementwise, as int64."""
    u, n, p = np.broadcast_arrays(
        np.asarray(u, float), np.asarray(n, np.int64), np.clip(np.asarray(p, float), 0.0, 1.0)
    )
    u, n, p = u.ravel(), n.ravel(), p.ravel()
    out = np.where(p >= 1.0, n, 0).astype(np.int64)
    kernels = _kernels()
    inside = (n > 0) & (p > 0) & (p < 1)
    small, live = kernels.split_counts(n * p, inside, _FROM_ZERO)
    if small.size:  # walked from zero, cell by cell
        nn, pp = n[small].astype(float), p[small]
        kernels.walk_from_zero(
            u,
            small,
            np.exp(nn * np.log1p(-pp)),
            first=n,
            p=p,
            out=out,
            binomial=True,
            limit=_WALK_LIMIT,
        )
    if live.size:
        v, nn, pp = u[live], n[live].astype(float), p[live]
        q = 1.0 - pp
        z = special.ndtri(v)
        sd = np.sqrt(nn * pp * q)
        guess = np.ceil(nn * pp + sd * z + (q - pp) * (z**2 - 1) / 6 - 0.5)
        k = np.clip(guess, 0.0, nn)
        cdf = np.where(k < nn, special.betainc(np.maximum(nn - k, 1.0), k + 1, q), 1.0)
        pmf = np.exp(
            special.gammaln(nn + 1)
            - special.gammaln(k + 1)
            - special.gammaln(nn - k + 1)
            + k * np.log(pp)
            + (nn - k) * np.log(q)
        )
        odds = pp / q
        k = _walk(v, k, cdf, pmf, nn, odds, nn)
        out[live] = k.astype(np.int64)
    return out


def gamma_from_uniforms(shape: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Gamma(``shape``, 1) from uniforms ``u`` (..., 2 x attempts + 2): Marsaglia and Tsang's
    method on shape + 1 (one normal and one uniform an attempt; the first accepted
    attempt wins), times u ** (1 / shape) for the shape itself; if every attempt is
    rejected, the inverse CDF of the last uniform but one. Exact in distribution."""
    a = np.asarray(shape, float)
    d = a + 1.0 - 1.0 / 3.0
    c = 1.0 / np.sqrt(9.0 * d)
    cells = np.broadcast_shapes(a.shape, u.shape[:-1])
    d_cells, c_cells = np.broadcast_to(d, cells), np.broadcast_to(c, cells)
    value = np.full(cells, np.nan)
    everywhere = tuple(slice(None) for _ in cells)
    for i in range(_GAMMA_ATTEMPTS):
        # each attempt only where no earlier one was accepted (after the first: few)
        at = everywhere if i == 0 else np.nonzero(np.isnan(value))
        if i and not at[0].size:
            break
        dd, cc = d_cells[at], c_cells[at]
        x = special.ndtri(u[..., 2 * i][at])
        v = (1.0 + cc * x) ** 3
        with np.errstate(invalid="ignore", divide="ignore"):
            accept = (v > 0) & (
                np.log(u[..., 2 * i + 1][at]) < 0.5 * x**2 + dd - dd * v + dd * np.log(v)
            )
        value[at] = np.where(accept, dd * v, np.nan)
    missing = np.isnan(value)
    if missing.any():
        value[missing] = special.gammaincinv(
            np.broadcast_to(a, cells)[missing] + 1.0, u[..., -2][missing]
        )
    return value * u[..., -1] ** (1.0 / np.maximum(a, 1e-300))


class KeyedDraws:
    """Draws of a chunk's month loop, each keyed by (variable, simulation, month, seat,
    slot): the methods of :class:`~salesperf_model.simulate.streams.Draws` the month loop
    uses, for the month set by :meth:`set_month`. Arrays are (simulations, ..., seats);
    the last axis of a requested shape is the seats, any axes before it are slots."""

    def __init__(self, seed: int, simulations: Sequence[int], reps: int) -> None:
        self.seed = seed
        self.simulations = list(simulations)
        self.month = 0
        self._sims = _key(np.asarray(self.simulations, np.uint64))
        self._seats = _key(np.arange(reps, dtype=np.uint64))

    def set_month(self, t: int) -> None:
        """Key the following draws by month ``t``."""
        self.month = t

    def _base(self, name: str) -> np.ndarray:
        """Per simulation, the key of variable ``name`` in the current month."""
        root = int(_key(np.uint64(stream_key(name)))) ^ int(_key(np.uint64(self.seed)))
        with np.errstate(over="ignore"):
            return _mix(self._sims ^ np.uint64(root)) ^ _key(np.uint64(self.month))

    def _cells(self, name: str) -> np.ndarray:
        """The (simulations, seats) key of variable ``name`` in the current month."""
        return _kernels().cell_bits(self._base(name), self._seats)

    def _cell_uniforms(self, name: str) -> np.ndarray:
        """One uniform per (simulation, seat): :meth:`_cells` as uniforms."""
        kernels = _kernels()
        return kernels.uniforms(kernels.cell_bits(self._base(name), self._seats))

    def uniform(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        if len(shape) == 1:
            return self._cell_uniforms(name)
        slots = int(np.prod(shape[:-1]))
        u = _kernels().slot_uniforms(self._cells(name), slots)
        return u.reshape((len(self.simulations), *shape))

    def normal(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return special.ndtri(self.uniform(name, shape))

    def poisson(self, name: str, lam: np.ndarray) -> np.ndarray:
        lam = np.asarray(lam, float)
        u = np.broadcast_to(self._cell_uniforms(name), lam.shape)
        return poisson_quantile(u, lam).reshape(lam.shape)

    def binomial(self, name: str, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        n = np.asarray(n)
        u = self._cell_uniforms(name)
        return binomial_quantile(u, n, np.broadcast_to(p, n.shape)).reshape(n.shape)

    def beta(self, name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        width = 2 * _GAMMA_ATTEMPTS + 2
        u = self.uniform(name, (2, width, len(self._seats)))  # (S, 2, width, R)
        u = np.moveaxis(u, 2, -1)  # (S, 2, R, width)
        x = gamma_from_uniforms(np.asarray(a, float), u[:, 0])
        y = gamma_from_uniforms(np.asarray(b, float), u[:, 1])
        return x / (x + y)

    def per_item(
        self, name: str, counts: np.ndarray, kind: Literal["normal", "uniform"]
    ) -> np.ndarray:
        """One draw per counted item (e.g. per deal), keyed by its cell and its rank in
        the cell; cells in order (simulations, then seats), flattened."""
        counts = np.asarray(counts, np.int64).ravel()
        u = _kernels().item_uniforms(self._cells(name).ravel(), counts)
        return special.ndtri(u) if kind == "normal" else u
