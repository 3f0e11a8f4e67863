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
#: from a normal-approximation guess, with the CDF there summed from the pmf or, where
#: that could matter, from a special function. Up to a mean of 30 the walk (about 30
#: multiply-adds, its sum good to ~1e-14) costs less than the guess's special functions:
#: a month's counts took 25% less time than with 10, the counts themselves unchanged.
_FROM_ZERO = 30.0
#: log(k!) is looked up for k below this (8 MB of table at most), else computed per cell.
_FACTORIAL_TABLE = 1 << 20
_LOG_FACTORIALS = [np.zeros(0)]
#: A walk from an approximate CDF whose u came this near a CDF it was compared with is
#: redone from the exact one (the approximation is good to ~1e-11, scipy's to ~1e-14).
_MARGIN = 1e-7


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (a bijection of 64-bit words, full avalanche)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _key(value: np.ndarray | int) -> np.ndarray:
    """One key part as a mixed 64-bit word (parts never collide with one another)."""
    with np.errstate(over="ignore"):
        return _mix(np.asarray(value, dtype=np.uint64) * _GOLDEN + _GOLDEN)


def _kernels():
    """The compiled loops, imported on first use (numba costs a moment to import)."""
    from salesperf_model.simulate import keyed_kernels

    return keyed_kernels


def _quantiles():
    """The compiled passes of the quantiles, imported on first use (as :func:`_kernels`)."""
    from salesperf_model.simulate import quantile_kernels

    return quantile_kernels


def _ndtri(u: np.ndarray) -> np.ndarray:
    """scipy's ``special.ndtri(u)`` of float64 ``u`` bit for bit, in about half its time
    (``normal_kernels``, imported on first use as :func:`_kernels`)."""
    from salesperf_model.simulate import normal_kernels

    u = np.asarray(u, dtype=float)
    return normal_kernels.normals(np.ascontiguousarray(u)).reshape(u.shape)


def _log_factorials(top: float) -> np.ndarray | None:
    """log(k!) for k = 0, 1, ... at least to ``top``, as scipy's ``gammaln(k + 1)`` gives
    it (kept and grown as needed); None past ``_FACTORIAL_TABLE`` entries."""
    if not top < _FACTORIAL_TABLE:
        return None
    table = _LOG_FACTORIALS[0]
    if top >= table.size:
        size = min(max(2 * table.size, int(top) + 1, 1024), _FACTORIAL_TABLE)
        table = _LOG_FACTORIALS[0] = special.gammaln(np.arange(size) + 1.0)
    return table


def poisson_quantile(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Poisson(``lam``) at probability ``u`` (the inverse CDF), elementwise, as int64.

    Below a mean of ``_FROM_ZERO`` walked up from zero; above, from a normal guess whose
    CDF is summed from its pmf (``quantile_kernels.poisson_walk_near``), or taken from
    scipy's ``pdtr`` where u came within ``_MARGIN`` of a CDF on the way: the same
    counts as with scipy's CDF everywhere, at a fraction of its cost."""
    u, lam = np.broadcast_arrays(np.asarray(u, float), np.asarray(lam, float))
    u, lam = np.ascontiguousarray(u).ravel(), np.ascontiguousarray(lam).ravel()
    quantiles = _quantiles()
    with np.errstate(over="ignore", invalid="ignore"):
        pmf0 = np.exp(-lam)  # each cell's pmf at 0 (needed where the mean is small)
    out, cells = quantiles.poisson_small(u, lam, pmf0, below=_FROM_ZERO, limit=_WALK_LIMIT)
    if cells.size:
        v, m = u[cells], lam[cells]
        k = quantiles.poisson_guess(_ndtri(v), m)
        table = _log_factorials(k.max())
        if table is None:
            log_pmf = k * np.log(m) - m - special.gammaln(k + 1)
        else:
            log_pmf = quantiles.poisson_log_pmf(m, k, log_mean=np.log(m), log_factorial=table)
        pmf = np.exp(log_pmf)
        unsure = quantiles.poisson_walk_near(
            v, k, pmf, mean=m, cells=cells, out=out, margin=_MARGIN, limit=_WALK_LIMIT
        )
        if unsure.size:  # scipy's CDF, where the walk came near the summed one
            k, m, pmf = k[unsure], m[unsure], pmf[unsure]
            quantiles.poisson_walk(
                v[unsure],
                k,
                special.pdtr(k, m),
                pmf=pmf,
                mean=m,
                cells=cells[unsure],
                out=out,
                limit=_WALK_LIMIT,
            )
    return out


def binomial_quantile(u: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial(``n``, ``p``) at probability ``u`` (the inverse CDF), elementwise, as int64.

    As :func:`poisson_quantile`, with scipy's ``betainc`` the exact CDF at the guess."""
    given = np.asarray(p, float)
    u, n, p = np.broadcast_arrays(np.asarray(u, float), np.asarray(n, np.int64), given)
    shape = u.shape
    u, n, p = (np.ascontiguousarray(a).ravel() for a in (u, n, p))
    quantiles = _quantiles()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pmf0 = np.exp(quantiles.log_pmf0(n, _log_q(given, p, shape)))  # each cell's pmf at 0
    out, cells = quantiles.binomial_small(u, n, p, pmf0=pmf0, below=_FROM_ZERO, limit=_WALK_LIMIT)
    if cells.size:
        v, trials, pp = u[cells], n[cells].astype(float), p[cells]
        k, a, b, q = quantiles.binomial_guess(_ndtri(v), trials, pp)
        table = _log_factorials(trials.max())
        if table is None:
            log_pmf = (
                special.gammaln(trials + 1)
                - special.gammaln(k + 1)
                - special.gammaln(trials - k + 1)
                + k * np.log(pp)
                + (trials - k) * np.log(q)
            )
        else:
            log_pmf = quantiles.binomial_log_pmf(
                trials, k, log_p=np.log(pp), log_q=np.log(q), log_factorial=table
            )
        pmf = np.exp(log_pmf)
        unsure = quantiles.binomial_walk_near(
            v,
            k,
            pmf,
            trials=trials,
            p=pp,
            q=q,
            cells=cells,
            out=out,
            margin=_MARGIN,
            limit=_WALK_LIMIT,
        )
        if unsure.size:  # scipy's CDF, where the walk came near the summed one
            k, trials, pp, q = k[unsure], trials[unsure], pp[unsure], q[unsure]
            quantiles.binomial_walk(
                v[unsure],
                k,
                special.betainc(a[unsure], b[unsure], q),
                pmf=pmf[unsure],
                trials=trials,
                p=pp,
                q=q,
                cells=cells[unsure],
                out=out,
                limit=_WALK_LIMIT,
            )
    return out


def _log_q(given: np.ndarray, p: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """log(1 - p) of every cell, flat: of ``given`` (p before its broadcast to ``shape``,
    e.g. one per seat) where that is smaller, then broadcast; else of ``p`` (flat). Either
    way on a contiguous array, as numpy's elementwise loop gives each value alike."""
    if 2 * given.size > p.size:
        return np.log1p(-p)
    own = np.log1p(-np.ascontiguousarray(given)).reshape(given.shape)
    return np.broadcast_to(own, shape).ravel()


def gamma_from_uniforms(shape: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Gamma(``shape``, 1) from uniforms ``u`` (..., 2 x attempts + 2): Marsaglia and Tsang's
    method on shape + 1 (one normal and one uniform an attempt; the first accepted
    attempt wins), times u ** (1 / shape) for the shape itself; if every attempt is
    rejected, the inverse CDF of the last uniform but one. Exact in distribution."""
    a = np.asarray(shape, float)
    cells = np.broadcast_shapes(a.shape, u.shape[:-1])
    u = np.broadcast_to(u, (*cells, u.shape[-1])).reshape(-1, u.shape[-1])
    return _gamma(a, cells, lambda i, at: u[:, i] if at is None else u[at, i])


def _gamma(a: np.ndarray, cells: tuple[int, ...], uniforms) -> np.ndarray:
    """:func:`gamma_from_uniforms` asking ``uniforms(i, at)`` for uniform ``i`` of the
    (flattened) cells ``at`` (None: of every cell) only where an attempt needs it."""
    width = 2 * _GAMMA_ATTEMPTS + 2
    a = np.broadcast_to(a, cells).ravel()
    d = a + 1.0 - 1.0 / 3.0
    c = 1.0 / np.sqrt(9.0 * d)
    value = np.full(a.size, np.nan)
    at = None
    for i in range(_GAMMA_ATTEMPTS):
        # each attempt only where no earlier one was accepted (after the first: few)
        if i:
            at = np.flatnonzero(np.isnan(value))
            if not at.size:
                break
        dd, cc = (d, c) if at is None else (d[at], c[at])
        x = _ndtri(uniforms(2 * i, at))
        v = _kernels().gamma_base(cc, x) ** 3  # the powers and logs stay numpy's
        with np.errstate(invalid="ignore", divide="ignore"):
            log_u, log_v = np.log(uniforms(2 * i + 1, at)), np.log(v)
        accepted = _kernels().gamma_accepted(x, v, d=dd, log_v=log_v, log_u=log_u)
        value[slice(None) if at is None else at] = accepted
    missing = np.flatnonzero(np.isnan(value))
    if missing.size:
        value[missing] = special.gammaincinv(a[missing] + 1.0, uniforms(width - 2, missing))
    return (value * uniforms(width - 1, None) ** (1.0 / np.maximum(a, 1e-300))).reshape(cells)


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
        self._named: dict[str, np.ndarray] = {}
        self._month_key: tuple[int, np.ndarray] | None = None  # (month, its key)

    def set_month(self, t: int) -> None:
        """Key the following draws by month ``t``."""
        self.month = t

    def _base(self, name: str) -> np.ndarray:
        """Per simulation, the key of variable ``name`` in the current month (its part
        without the month kept per variable, the month's per month)."""
        named = self._named.get(name)
        if named is None:
            root = int(_key(np.uint64(stream_key(name)))) ^ int(_key(np.uint64(self.seed)))
            with np.errstate(over="ignore"):
                named = self._named[name] = _mix(self._sims ^ np.uint64(root))
        if self._month_key is None or self._month_key[0] != self.month:
            self._month_key = (self.month, _key(np.uint64(self.month)))
        return named ^ self._month_key[1]

    def _cells(self, name: str) -> np.ndarray:
        """The (simulations, seats) key of variable ``name`` in the current month."""
        return _kernels().cell_bits(self._base(name), self._seats)

    def _cell_uniforms(self, name: str) -> np.ndarray:
        """One uniform per (simulation, seat): :meth:`_cells` as uniforms."""
        return _kernels().cell_uniforms(self._base(name), self._seats)

    def uniform(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        if len(shape) == 1:
            return self._cell_uniforms(name)
        slots = int(np.prod(shape[:-1]))
        u = _kernels().slot_uniforms(self._cells(name), slots)
        return u.reshape((len(self.simulations), *shape))

    def normal(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return _ndtri(self.uniform(name, shape))

    def uniform_at(self, name: str, shape: tuple[int, ...], at: np.ndarray) -> np.ndarray:
        """:meth:`uniform` of the flat (simulation, seat) cells ``at`` only, as (cells,
        *slots): a keyed draw depends on its key alone, so cells not asked for are skipped."""
        at = np.asarray(at, np.int64)
        if len(shape) == 1:
            return _kernels().cell_uniforms_at(self._base(name), self._seats, at)
        slots = int(np.prod(shape[:-1]))
        u = _kernels().slot_uniforms_of(self._cells(name).ravel(), slots, at)
        return u.reshape((at.size, *shape[:-1]))

    def normal_at(self, name: str, shape: tuple[int, ...], at: np.ndarray) -> np.ndarray:
        """:meth:`normal` of the cells ``at`` only (as :meth:`uniform_at`)."""
        return _ndtri(self.uniform_at(name, shape, at))

    def poisson(self, name: str, lam: np.ndarray) -> np.ndarray:
        lam = np.asarray(lam, float)
        u = np.broadcast_to(self._cell_uniforms(name), lam.shape)
        return poisson_quantile(u, lam).reshape(lam.shape)

    def binomial(self, name: str, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        n = np.asarray(n)
        u = self._cell_uniforms(name)
        # p as given (often one per seat): its log(1 - p) is then taken per seat, not cell
        return binomial_quantile(u, n, p).reshape(n.shape)

    def beta(self, name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Two gammas from slots (2, 2 x attempts + 2) of each cell (as ``uniform``
        would give them), each slot hashed only for the cells an attempt needs it in."""
        width = 2 * _GAMMA_ATTEMPTS + 2
        cells = self._cells(name).ravel()
        shape = (len(self.simulations), len(self._seats))
        every = np.arange(cells.size)

        def slots(first: int):
            return lambda i, at: _kernels().slot_uniforms_at(
                cells, first + i, every if at is None else at
            )

        x = _gamma(np.asarray(a, float), shape, slots(0))
        y = _gamma(np.asarray(b, float), shape, slots(width))
        return x / (x + y)

    def per_item(
        self, name: str, counts: np.ndarray, kind: Literal["normal", "uniform"]
    ) -> np.ndarray:
        """One draw per counted item (e.g. per deal), keyed by its cell and its rank in
        the cell; cells in order (simulations, then seats), flattened."""
        counts = np.asarray(counts, np.int64).ravel()
        u = _kernels().item_uniforms(self._cells(name).ravel(), counts)
        return _ndtri(u) if kind == "normal" else u

    def per_item_spread(
        self, name: str, counts: np.ndarray, sigma: np.ndarray, *, centred: bool = True
    ) -> np.ndarray:
        """``sigma * z - sigma ** 2 / 2`` (``sigma * z`` unless ``centred``) of each item's
        :meth:`per_item` normal ``z``, ``sigma`` its seat's (seats,): the log of a log-normal
        factor per item, its mean 1 if centred, hashed, inverted and scaled in one pass."""
        from salesperf_model.simulate import item_kernels  # numba: loaded on first use

        return item_kernels.item_spread(
            self._cells(name).ravel(),
            np.ascontiguousarray(counts, dtype=np.int64).ravel(),
            np.ascontiguousarray(sigma, dtype=float),
            centred=centred,
        )
