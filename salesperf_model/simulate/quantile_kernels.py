"""Compiled passes of the keyed inverse CDFs (``keyed.poisson_quantile`` and
``keyed.binomial_quantile``): the bookkeeping around their special functions.

A count's quantile needs a few special functions (the normal quantile, a regularised
beta or gamma, exp and log), and numba's libm need not round those as numpy's vectorised
loops and scipy do: one last bit can flip a count. So those stay in numpy and scipy
(the normal quantile in ``normal_kernels``, a port proven bit for bit), on contiguous
arrays, and these loops do everything between them in a few passes (the walks from zero
with the split of the cells, the normal-approximation guess, the log of the pmf, the
walks from the guess with the scatter): the same float operations in the same order, no
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
from salesperf_model.simulate.cdf_kernels import _binomial as _binomial_cdfs
from salesperf_model.simulate.cdf_kernels import _poisson as _poisson_cdfs

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


#: Steps of the walk from zero taken for every cell at once, as selects rather than
#: branches (the loop then runs on vectors, and a random count of steps costs no missed
#: branch): ``_HALF`` steps for every cell, then ``_HALF`` more for the cells still going
#: up (in most months few: most counts are small); a cell that needs more, or a step
#: back, walks again by :func:`_walk_one` (whose limit of steps is far above these).
_HALF = 4


@compiled(inline="always")
def _steps(ui, k, c, pi, going, start, first, odds, upper, binomial):
    """``_HALF`` steps of :func:`_walk_one` up from step ``start`` (k, its CDF ``c`` and pmf
    ``pi`` there; ``going``: whether the walk goes on up), the same operations (k is the
    step's number while the walk goes on): (k, c, pi, going) after them."""
    for step in range(_HALF):
        at = np.float64(start + step)
        p_next = pi * _ratio(at, first, odds, binomial)
        c_next = c + p_next
        pi = p_next if going else pi
        c = c_next if going else c
        k = at + 1.0 if going else k
        going = going & (ui > c) & (k < upper) & (pi > 0)
    return k, c, pi, going


@compiled(inline="always")
def _steps_from_zero(ui, pmf0, first, odds, upper, binomial):
    """:func:`_steps` from k = 0 (CDF = pmf = ``pmf0``)."""
    going = (ui > pmf0) & (upper > 0.0) & (pmf0 > 0)
    return _steps(ui, 0.0, pmf0, pmf0, going, 0, first, odds, upper, binomial)


@compiled(inline="always")
def _code(is_small, k, c, pi, going, ui):
    """What a walk from zero still needs after its first steps: 3 more steps, 1 to walk
    again (a step back), 0 nothing."""
    return is_small * (3 * going + (not going) * ((k > 0) & (ui <= c - pi)))


@compiled(inline="always")
def _inside(trials, chance, below):
    """Whether a binomial cell walks: from zero (mean below ``below``), from a guess."""
    inside = (trials > 0) & (chance > 0) & (chance < 1.0)
    mean = trials * chance
    return inside & (mean < below), inside & (mean >= below)


@compiled
def log_pmf0(n, log_q):
    """n log(1 - p), each cell's log pmf at 0: numpy's product of the two, without its
    slower pass casting ``n`` to floats first."""
    out = np.empty(n.size)
    for i in range(n.size):
        out[i] = n[i] * log_q[i]
    return out


@compiled(error_model="numpy")
def binomial_small(u, n, p, *, pmf0, below: float, limit: int):
    """Each count known without a guess (``n`` where p >= 1, 0 where n p is 0, the walk
    from zero, whose pmf there is ``pmf0``, where n p is below ``below``) and the cells
    left to walk from a guess, in order. Every cell takes the first steps (vectors, no
    branches), the cells still going up the next ones; the few unfinished walk again
    cell by cell."""
    out = np.empty(n.size, np.int64)
    todo = np.empty(n.size, np.int8)  # 1: walk again, 2: walk from a guess, 3: step on
    state = np.empty((3, n.size))  # k, CDF and pmf after the first steps
    for i in range(n.size):
        trials, chance = n[i], p[i]
        is_small, is_live = _inside(trials, chance, below)
        first = np.float64(trials)
        odds = chance / (1.0 - chance)
        k, c, pi, going = _steps_from_zero(u[i], pmf0[i], first, odds, first, True)
        state[0, i], state[1, i], state[2, i] = k, c, pi
        out[i] = np.int64(k) if is_small else (trials if chance >= 1.0 else 0)
        todo[i] = _code(is_small, k, c, pi, going, u[i]) + 2 * is_live
    more, live = _split(todo)
    for i in more:
        first = np.float64(n[i])
        odds = p[i] / (1.0 - p[i])
        k, c, pi, going = _steps(
            u[i], state[0, i], state[1, i], state[2, i], True, _HALF, first, odds, first, True
        )
        out[i] = np.int64(k)
        todo[i] = going | ((k > 0) & (u[i] <= c - pi))
    for i in range(n.size):
        if todo[i] == 1:
            first = np.float64(n[i])
            odds = p[i] / (1.0 - p[i])
            k, _, _ = _walk_one(u[i], 0.0, pmf0[i], pmf0[i], first, odds, first, True, limit)
            out[i] = np.int64(k)
    return out, live


@compiled(inline="always")
def _split(todo):
    """The cells to step on (code 3) and those to walk from a guess (2), each in order."""
    more = np.empty(todo.size, np.int64)
    live = np.empty(todo.size, np.int64)
    n_more = n_live = 0
    for i in range(todo.size):
        more[n_more] = i
        n_more += todo[i] == 3
        live[n_live] = i
        n_live += todo[i] == 2
    return more[:n_more], live[:n_live]


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
    odds = np.empty(u.size)
    sure = np.empty(u.size, np.bool_)
    for i in range(u.size):  # the CDFs first, all cells at once (cdf_kernels)
        sure[i] = trials[i] < NEAR_TRIALS and pmf[i] > 1e-250
        odds[i] = p[i] / q[i] if sure[i] else 1.0
    cdfs = _binomial_cdfs(k, trials, odds, pmf, sure & (k < trials))
    unsure = np.empty(u.size, np.int64)
    n_unsure = 0
    for i in range(u.size):
        nn, ki, pi = trials[i], k[i], pmf[i]
        if sure[i]:
            cdf = cdfs[i] if ki < nn else 1.0
            ki, near = _walk_near(u[i], ki, cdf, pi, nn, odds[i], nn, True, limit)
            out[cells[i]] = np.int64(ki)
            sure[i] = near > margin
        unsure[n_unsure] = i
        n_unsure += not sure[i]
    return unsure[:n_unsure]


@compiled(error_model="numpy")
def poisson_small(u, mean, pmf0, *, below: float, limit: int):
    """As :func:`binomial_small`: each count of mean in (0, ``below``) walked from zero
    (``pmf0`` = exp(-mean)), 0 where the mean is not positive; and the cells of mean at
    least ``below``, in order."""
    out = np.empty(mean.size, np.int64)
    todo = np.empty(mean.size, np.int8)
    state = np.empty((3, mean.size))
    for i in range(mean.size):
        m = mean[i]
        is_small = (m > 0) & (m < below)
        k, c, pi, going = _steps_from_zero(u[i], pmf0[i], m, m, np.inf, False)
        state[0, i], state[1, i], state[2, i] = k, c, pi
        out[i] = np.int64(k) if is_small else 0
        todo[i] = _code(is_small, k, c, pi, going, u[i]) + 2 * (m >= below)
    more, live = _split(todo)
    for i in more:
        m = mean[i]
        k, c, pi, going = _steps(
            u[i], state[0, i], state[1, i], state[2, i], True, _HALF, m, m, np.inf, False
        )
        out[i] = np.int64(k)
        todo[i] = going | ((k > 0) & (u[i] <= c - pi))
    for i in range(mean.size):
        if todo[i] == 1:
            m = mean[i]
            k, _, _ = _walk_one(u[i], 0.0, pmf0[i], pmf0[i], m, m, np.inf, False, limit)
            out[i] = np.int64(k)
    return out, live


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
    sure = np.empty(u.size, np.bool_)
    for i in range(u.size):  # the CDFs first, all cells at once (cdf_kernels)
        sure[i] = mean[i] < NEAR_MEAN and pmf[i] > 1e-250
    cdfs = _poisson_cdfs(k, mean, pmf, sure)
    unsure = np.empty(u.size, np.int64)
    n_unsure = 0
    for i in range(u.size):
        m, pi = mean[i], pmf[i]
        if sure[i]:
            ki, near = _walk_near(u[i], k[i], cdfs[i], pi, m, m, np.inf, False, limit)
            sure[i] = near > margin
            out[cells[i]] = np.int64(ki)
        unsure[n_unsure] = i
        n_unsure += not sure[i]
    return unsure[:n_unsure]
