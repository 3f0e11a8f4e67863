"""Compiled passes of the keyed inverse CDFs (``keyed.poisson_quantile`` and
``keyed.binomial_quantile``): the bookkeeping around their special functions.

A count's quantile needs a few special functions (the normal quantile, a regularised
beta or gamma, exp and log), and numba's libm need not round those as numpy's vectorised
loops and scipy do: one last bit can flip a count. So those stay in numpy and scipy, on
the same contiguous arrays as before, and these loops do everything between them in
one pass (split the cells, gather their inputs, the normal-approximation guess, the log
of the pmf, the walk and the scatter): the same float operations in the same order, no
fast-math, so the counts are bit for bit those of the whole-array numpy version that
``tests/test_keyed_kernels.py`` keeps as reference. ``log(k!)`` comes from a table of
scipy's ``gammaln`` at whole numbers, which is what numpy computed cell by cell.

The costliest special function was the CDF at the guess (scipy's ``pdtr``, ``betainc``).
The walk uses it only in comparisons with u, and its pmfs (hence its steps) do not
depend on it: so a walk from the CDF summed from the pmf stops at the same count as a
walk from scipy's wherever u stays farther from every CDF compared than both CDFs' error
(a margin of 1e-7, against errors of ~1e-11). Only the rare cells within the margin
(none in most months) ask scipy (``*_walk_near``).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled

#: Means (trials) up to which a Poisson (binomial) CDF is summed from its pmf rather than
#: asked of scipy: its log pmf, hence the sum, is good to ~1e-11 there.
NEAR_MEAN = 1000.0
NEAR_TRIALS = 1000.0


@compiled(inline="always")
def _ratio(k, first, odds, binomial):
    """pmf(k + 1) / pmf(k): Poisson of mean ``first``, or binomial of ``first`` trials."""
    if binomial:
        return (first - k) / (k + 1) * odds
    return first / (k + 1)


@compiled(inline="always")
def _walk_one(ui, ki, ci, pi, first, odds, upper, binomial, limit):
    """The least k with CDF(k) >= ``ui``, walked from a guess ``ki`` with its CDF ``ci`` and
    pmf ``pi``: up while u > CDF(k) (at most to ``upper``), then down while
    u <= CDF(k - 1), at most ``limit`` steps each way; (k, cdf, pmf) where it stops."""
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


@compiled(inline="always")
def _walk_near(ui, ki, ci, pi, first, odds, upper, binomial, limit):
    """:func:`_walk_one` from an approximate CDF ``ci``: also how near ``ui`` came to any
    CDF it was compared with. A CDF off by less than that takes every step the same way
    (the pmfs, hence the steps, do not depend on the CDF), so stops at the same k."""
    near = np.inf
    steps = 0
    while steps < limit:
        near = min(near, abs(ui - ci))
        if not (ui > ci and ki < upper and pi > 0):
            break
        pi = pi * _ratio(ki, first, odds, binomial)
        ki += 1
        ci += pi
        steps += 1
    steps = 0
    near = min(near, abs(ui - (ci - pi)))
    down = ki > 0 and ui <= ci - pi
    while steps < limit and down:
        ci -= pi
        ki -= 1
        pi = pi / _ratio(ki, first, odds, binomial)
        steps += 1
        near = min(near, abs(ui - (ci - pi)))
        down = ki > 0 and ui <= ci - pi and pi > 0
    return ki, near


@compiled
def walk_small(u, first, odds, *, pmf0, cells, out, binomial: bool, limit: int) -> None:
    """The walk from k = 0 (CDF = pmf = ``pmf0``) of each cell of ``cells``, its count
    written to ``out``; a binomial's upper end is its trials (``first``)."""
    for j in range(cells.size):
        top = first[j] if binomial else np.inf
        k, _, _ = _walk_one(u[j], 0.0, pmf0[j], pmf0[j], first[j], odds[j], top, binomial, limit)
        out[cells[j]] = np.int64(k)


@compiled(inline="always")
def _inside(trials, chance, below):
    """Whether a binomial cell walks: from zero (mean below ``below``), from a guess."""
    inside = (trials > 0) & (chance > 0) & (chance < 1.0)
    mean = trials * chance
    return inside & (mean < below), inside & (mean >= below)


@compiled
def binomial_split(u, n, p, *, below: float):
    """The counts known without a walk (``n`` where p >= 1, else 0) and the cells to walk,
    each with its inputs gathered: (cells, u, trials, -p, odds p / (1 - p)) of those of
    mean n p below ``below``, (cells, u, trials, p) of the others; cells in order. Counted
    first, so that each array has its size (fresh memory costs more than a pass)."""
    n_small = n_live = 0
    for i in range(n.size):
        is_small, is_live = _inside(n[i], p[i], below)
        n_small += is_small
        n_live += is_live
    out = np.empty(n.size, np.int64)
    small, live = np.empty(n_small + 1, np.int64), np.empty(n_live + 1, np.int64)
    small_u, small_trials = np.empty(n_small + 1), np.empty(n_small + 1)
    small_minus_p, small_odds = np.empty(n_small + 1), np.empty(n_small + 1)
    live_u, live_trials, live_p = np.empty(n_live + 1), np.empty(n_live + 1), np.empty(n_live + 1)
    n_small = n_live = 0
    for i in range(n.size):  # without branches: each cell is written to both, kept by one
        trials, chance = n[i], p[i]
        out[i] = trials if chance >= 1.0 else 0
        small[n_small] = live[n_live] = i
        small_u[n_small] = live_u[n_live] = u[i]
        small_trials[n_small] = live_trials[n_live] = trials
        small_minus_p[n_small] = -chance
        small_odds[n_small] = chance / ((1.0 - chance) if chance < 1.0 else 1.0)
        live_p[n_live] = chance
        is_small, is_live = _inside(trials, chance, below)
        n_small += is_small
        n_live += is_live
    return (
        out,
        (
            small[:n_small],
            small_u[:n_small],
            small_trials[:n_small],
            small_minus_p[:n_small],
            small_odds[:n_small],
        ),
        (live[:n_live], live_u[:n_live], live_trials[:n_live], live_p[:n_live]),
    )


@compiled
def binomial_guess(z, trials, p):
    """The normal-approximation guess at each count (with skew correction), clipped to
    [0, trials]; with 1 - p and the arguments of the CDF's regularised beta there."""
    k = np.empty(z.size)
    a = np.empty(z.size)
    b = np.empty(z.size)
    q = np.empty(z.size)
    for i in range(z.size):
        nn, pp, zz = trials[i], p[i], z[i]
        qq = 1.0 - pp
        sd = np.sqrt(nn * pp * qq)
        guess = np.ceil(nn * pp + sd * zz + (qq - pp) * (zz * zz - 1) / 6 - 0.5)
        ki = min(max(guess, 0.0), nn)
        k[i], a[i], b[i], q[i] = ki, max(nn - ki, 1.0), ki + 1, qq
    return k, a, b, q


@compiled
def binomial_log_pmf(trials, k, *, log_p, log_q, log_factorial):
    """log pmf at each guess: log C(n, k) + k log p + (n - k) log q, in numpy's order."""
    out = np.empty(k.size)
    for i in range(k.size):
        nn, ki = trials[i], k[i]
        out[i] = (
            log_factorial[np.int64(nn)]
            - log_factorial[np.int64(ki)]
            - log_factorial[np.int64(nn - ki)]
            + ki * log_p[i]
            + (nn - ki) * log_q[i]
        )
    return out


@compiled
def binomial_walk(u, k, beta, *, pmf, trials, p, q, cells, out, limit: int) -> None:
    """Each live cell's walk from its guess (CDF the regularised ``beta``, or 1 at
    k = n), its count written to ``out`` at its cell."""
    for i in range(u.size):
        ki, nn = k[i], trials[i]
        cdf = beta[i] if ki < nn else 1.0
        ki, _, _ = _walk_one(u[i], ki, cdf, pmf[i], nn, p[i] / q[i], nn, True, limit)
        out[cells[i]] = np.int64(ki)


@compiled(inline="always")
def _binomial_cdf_near(k, trials, odds, pmf):
    """CDF(k) of a binomial count summed down from pmf(k) (to within ~1e-11 for trials
    below ``NEAR_TRIALS``): once the ratio of a term to the one above falls below 1 it
    keeps falling, and the rest is dropped when all of it is below 1e-17."""
    term = total = pmf
    per_odds = 1.0 / odds
    j = k
    while j > 0:
        ratio = j * per_odds / (trials - j + 1)
        term *= ratio
        total += term
        if ratio < 1 and term * ratio < 1e-17 * (1 - ratio):
            break
        j -= 1
    return total


@compiled
def binomial_walk_near(u, k, pmf, *, trials, p, q, cells, out, margin: float, limit: int):
    """:func:`binomial_walk` from a CDF summed from the pmf instead of scipy's
    ``betainc``, as :func:`poisson_walk_near`: returns the cells (indices into ``u``)
    left for the exact walk."""
    unsure = np.empty(u.size, np.int64)
    n_unsure = 0
    for i in range(u.size):
        nn, ki, pi = trials[i], k[i], pmf[i]
        sure = nn < NEAR_TRIALS and pi > 1e-250
        if sure:
            odds = p[i] / q[i]
            cdf = _binomial_cdf_near(ki, nn, odds, pi) if ki < nn else 1.0
            ki, near = _walk_near(u[i], ki, cdf, pi, nn, odds, nn, True, limit)
            sure = near > margin
            out[cells[i]] = np.int64(ki)
        unsure[n_unsure] = i
        n_unsure += not sure
    return unsure[:n_unsure]


@compiled
def poisson_split(u, lam, *, below: float):
    """The cells to walk, each with its inputs gathered: (cells, u, mean, -mean) of those
    of mean in (0, ``below``), (cells, u, mean) of the others of positive mean; cells in
    order (counted first, as in :func:`binomial_split`)."""
    n_small = n_live = 0
    for i in range(lam.size):
        n_small += (lam[i] > 0) & (lam[i] < below)
        n_live += lam[i] >= below
    small, live = np.empty(n_small + 1, np.int64), np.empty(n_live + 1, np.int64)
    small_u, small_mean = np.empty(n_small + 1), np.empty(n_small + 1)
    small_minus_mean = np.empty(n_small + 1)
    live_u, live_mean = np.empty(n_live + 1), np.empty(n_live + 1)
    n_small = n_live = 0
    for i in range(lam.size):  # without branches, as binomial_split
        m = lam[i]
        small[n_small] = live[n_live] = i
        small_u[n_small] = live_u[n_live] = u[i]
        small_mean[n_small] = live_mean[n_live] = m
        small_minus_mean[n_small] = -m
        n_small += (m > 0) & (m < below)
        n_live += m >= below
    return (
        (small[:n_small], small_u[:n_small], small_mean[:n_small], small_minus_mean[:n_small]),
        (live[:n_live], live_u[:n_live], live_mean[:n_live]),
    )


@compiled
def poisson_guess(z, mean):
    """The normal-approximation guess at each count (with skew correction), at least 0."""
    k = np.empty(z.size)
    for i in range(z.size):
        m, zz = mean[i], z[i]
        k[i] = max(np.ceil(m + np.sqrt(m) * zz + (zz * zz - 1) / 6 - 0.5), 0.0)
    return k


@compiled
def poisson_log_pmf(mean, k, *, log_mean, log_factorial):
    """log pmf at each guess: k log m - m - log k!, in numpy's order."""
    out = np.empty(k.size)
    for i in range(k.size):
        out[i] = k[i] * log_mean[i] - mean[i] - log_factorial[np.int64(k[i])]
    return out


@compiled
def poisson_walk(u, k, cdf, *, pmf, mean, cells, out, limit: int) -> None:
    """Each live cell's walk from its guess, its count written to ``out`` at its cell."""
    for i in range(u.size):
        m = mean[i]
        ki, _, _ = _walk_one(u[i], k[i], cdf[i], pmf[i], m, m, np.inf, False, limit)
        out[cells[i]] = np.int64(ki)


@compiled(inline="always")
def _poisson_cdf_near(k, mean, pmf):
    """CDF(k) of a Poisson count summed down from pmf(k) (to within ~1e-11 for means
    below ``NEAR_MEAN``): the terms below are dropped once all of them together are
    below 1e-17 (they fall geometrically under the mean)."""
    term = total = pmf
    per_mean = 1.0 / mean
    j = k
    while j > 0:
        term *= j * per_mean
        total += term
        if j < mean and term * j < 1e-17 * (mean - j):
            break
        j -= 1
    return total


@compiled
def poisson_walk_near(u, k, pmf, *, mean, cells, out, margin: float, limit: int):
    """:func:`poisson_walk` from a CDF summed from the pmf instead of scipy's ``pdtr``:
    the same count wherever no CDF compared came within ``margin`` of u (far wider than
    both CDFs' errors), written to ``out``; returns the others (indices into ``u``), for
    the exact walk."""
    unsure = np.empty(u.size, np.int64)
    n_unsure = 0
    for i in range(u.size):
        m, pi = mean[i], pmf[i]
        sure = m < NEAR_MEAN and pi > 1e-250
        if sure:
            cdf = _poisson_cdf_near(k[i], m, pi)
            ki, near = _walk_near(u[i], k[i], cdf, pi, m, m, np.inf, False, limit)
            sure = near > margin
            out[cells[i]] = np.int64(ki)
        unsure[n_unsure] = i
        n_unsure += not sure
    return unsure[:n_unsure]
