"""The CDF sums of the keyed quantiles taken for all cells at once (simulate/cdf_kernels.py)
are bit for bit the sums of the cell-by-cell loops they replace, awkward inputs included;
log(1 - p) of a p given per seat is that of p broadcast to every cell."""

from __future__ import annotations

import numpy as np
import pytest

from salesperf_model.simulate import cdf_kernels, keyed


def _poisson_loop(k, mean, pmf):
    """``quantile_kernels._poisson_cdf_near``, in Python floats (the same IEEE operations)."""
    term = total = pmf
    per_mean = 1.0 / mean if mean != 0 else np.inf
    j = k
    while j > 0:
        term *= j * per_mean
        total += term
        if j < mean and term * j < 1e-17 * (mean - j):
            break
        j -= 1
    return total


def _binomial_loop(k, trials, odds, pmf):
    """``quantile_kernels._binomial_cdf_near``, in Python floats."""
    term = total = pmf
    per_odds = 1.0 / odds if odds != 0 else np.inf
    j = k
    while j > 0:
        ratio = j * per_odds / (trials - j + 1)
        term *= ratio
        total += term
        if ratio < 1 and term * ratio < 1e-17 * (1 - ratio):
            break
        j -= 1
    return total


def _cells(seed, n):
    rng = np.random.default_rng(seed)
    k = np.floor(rng.uniform(0, 80, n))
    first = k + np.floor(rng.uniform(0, 40, n)) + rng.uniform(0, 1, n) * (rng.random(n) < 0.5)
    pmf = rng.uniform(1e-6, 0.2, n)
    odds = rng.uniform(0.01, 20, n)
    going = rng.random(n) < 0.8
    # awkward values: k = 0, nan and infinite parameters, signed zeros, tiny pmfs
    k[:4] = 0.0
    first[4], first[5] = np.nan, np.inf
    pmf[6], pmf[7], pmf[8], pmf[9] = -0.0, 0.0, np.nan, np.inf
    pmf[10], odds[11], odds[12], odds[13] = 1e-300, np.nan, np.inf, 0.0
    k[14] = np.nan
    going[:16] = True
    return k, first, odds, pmf, going


def _same(a, b):
    return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [0, 1, 17, 3000])
def test_cdf_sums_match_the_cell_by_cell_loops(seed, n):
    k, first, odds, pmf, going = (a[:n] for a in _cells(seed, max(n, 16)))
    poisson = cdf_kernels.poisson_cdfs(k, first, pmf, going=going)
    binomial = cdf_kernels.binomial_cdfs(k, first, odds, pmf=pmf, going=going)
    want_p = np.array(
        [_poisson_loop(*c) if g else c[2] for *c, g in zip(k, first, pmf, going, strict=True)]
    )
    want_b = np.array(
        [
            _binomial_loop(*c) if g else c[3]
            for *c, g in zip(k, first, odds, pmf, going, strict=True)
        ]
    )
    assert _same(poisson, want_p.reshape(-1)) and _same(binomial, want_b.reshape(-1))


def test_cdf_sums_of_broadcast_views():
    k = np.broadcast_to(np.array([30.0]), (50,))
    mean = np.linspace(10.0, 60.0, 100)[::2]  # a strided view
    pmf = np.broadcast_to(np.array(0.05), (50,))
    going = np.broadcast_to(np.array(True), (50,))
    out = cdf_kernels.poisson_cdfs(k, mean, pmf, going=going)
    assert _same(out, np.array([_poisson_loop(30.0, m, 0.05) for m in mean]))
    odds = np.broadcast_to(np.array([0.5]), (50,))
    out = cdf_kernels.binomial_cdfs(k, mean + 30, odds, pmf=pmf, going=going)
    assert _same(out, np.array([_binomial_loop(30.0, m + 30, 0.5, 0.05) for m in mean]))


@pytest.mark.parametrize("shape", [(), (1,), (7,), (4, 1)])
def test_log_q_of_p_per_seat_is_that_of_p_per_cell(shape):
    rng = np.random.default_rng(3)
    given = rng.uniform(0, 1, shape)
    if given.size > 2:
        given.flat[:3] = [-0.0, 1.0, np.nan]
    cells = np.broadcast_shapes(shape, (4, 7))
    p = np.ascontiguousarray(np.broadcast_to(given, cells)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        got = keyed._log_q(given, p, cells)
        want = np.log1p(-p)
    assert got.flags.c_contiguous and _same(got, want)


def test_binomial_with_p_per_seat_matches_p_per_cell():
    rng = np.random.default_rng(4)
    u = rng.random((6, 40))
    n = rng.integers(0, 60, (6, 40))
    p = rng.uniform(0, 1, 40)
    p[:3] = [0.0, 1.0, 0.5]
    got = keyed.binomial_quantile(u, n, p)
    want = keyed.binomial_quantile(u, n, np.broadcast_to(p, n.shape).copy())
    assert np.array_equal(got, want)


def _walk_from_zero(u, pmf0, first, odds, binomial):
    """``quantile_kernels._walk_one`` from k = 0, in Python floats."""

    def ratio(k):
        return (first - k) / (k + 1) * odds if binomial else first / (k + 1)

    upper = first if binomial else np.inf
    k, c, pi = 0.0, pmf0, pmf0
    while u > c and k < upper and pi > 0:
        pi = pi * ratio(k)
        k += 1
        c += pi
    while k > 0 and u <= c - pi:
        c -= pi
        k -= 1
        pi = pi / ratio(k)
        if not pi > 0:
            break
    return int(k)


@pytest.mark.parametrize("seed", [0, 1])
def test_walks_from_zero_in_two_batches_match_the_walk(seed):
    """binomial_small and poisson_small (first steps for every cell, the next ones for the
    cells still going up) give each small count of the plain walk, the others' cells."""
    from salesperf_model.simulate import quantile_kernels as qk

    rng = np.random.default_rng(seed)
    size = 4000
    u = rng.random(size)
    n = rng.integers(0, 40, size)
    p = rng.uniform(0, 0.6, size)
    u[:4], p[4:8], n[8:10] = [0.0, 1.0, 1 - 1e-16, 5e-324], [0.0, 1.0, np.nan, -0.0], 0
    u[10:20], n[10:20], p[10:20] = 1 - 1e-12, 30, 0.3  # walks of more than 8 steps
    with np.errstate(all="ignore"):
        pmf0 = np.exp(qk.log_pmf0(n, np.log1p(-p)))
    out, live = qk.binomial_small(u, n, p, pmf0=pmf0, below=10.0, limit=10_000)
    mean = n * p
    inside = (n > 0) & (p > 0) & (p < 1)
    small, want_live = inside & (mean < 10), np.flatnonzero(inside & (mean >= 10))
    for i in np.flatnonzero(small):
        assert out[i] == _walk_from_zero(u[i], pmf0[i], float(n[i]), p[i] / (1 - p[i]), True)
    assert np.array_equal(out[~inside], np.where(p[~inside] >= 1, n[~inside], 0))
    assert np.array_equal(live, want_live)

    lam = rng.uniform(0, 14, size)
    lam[:4], lam[4:8] = [0.0, -0.0, np.nan, np.inf], [9.99, 8.0, 8.0, 8.0]
    u[5:8] = 1 - 1e-12
    with np.errstate(all="ignore"):
        pmf0 = np.exp(-lam)
    out, live = qk.poisson_small(u, lam, pmf0, below=10.0, limit=10_000)
    small = (lam > 0) & (lam < 10)
    for i in np.flatnonzero(small):
        assert out[i] == _walk_from_zero(u[i], pmf0[i], lam[i], lam[i], False)
    assert np.all(out[~small] == 0) and np.array_equal(live, np.flatnonzero(lam >= 10))
