"""The CDFs at the guesses of the keyed Poisson and binomial quantiles, summed down from
each guess's pmf for all cells at once (``quantile_kernels.*_walk_near``).

Summed cell by cell, each sum is a chain of dependent multiplications (about 20 terms a
cell), one term per few cycles. Here every cell still summing takes the next
``_BLOCK`` terms in one loop over the cells (selects, no branches, so on vectors),
then the finished cells leave (their sums written out) and the rest go on: each cell
gets the same terms, stopping test and additions in the same order as its own loop
did, so the same sum bit for bit (``tests/test_perf5_simulate.py``).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled

#: Terms taken by every cell still summing between two rounds of removing finished ones.
_BLOCK = 16


@compiled(inline="always")
def _term(j, term, first, per, binomial):
    """The next term below pmf(j) and whether the sum stops after it (the terms below
    all together negligible): Poisson of mean ``first`` (``per`` = 1 / mean), or binomial
    of ``first`` trials (``per`` = 1 / odds)."""
    if binomial:
        ratio = j * per / (first - j + 1)
        term = term * ratio
        return term, (ratio < 1) & (term * ratio < 1e-17 * (1 - ratio))
    term = term * (j * per)
    return term, (j < first) & (term * j < 1e-17 * (first - j))


@compiled(inline="always")
def _sums(k, first, of_per, pmf, going, binomial):
    """pmf(k) plus the terms below it (down to k = 0 or the stop) of the cells ``going``;
    pmf(k) itself elsewhere. ``per`` is 1 / ``of_per``."""
    out = pmf.copy()
    n = 0
    for i in range(k.size):
        n += going[i] and k[i] > 0
    at = np.empty(n, np.int64)
    work = np.empty((5, n))
    term, total, j, f, p = work[0], work[1], work[2], work[3], work[4]
    n = 0
    for i in range(k.size):
        if going[i] and k[i] > 0:
            at[n] = i
            term[n], total[n], j[n] = pmf[i], pmf[i], k[i]
            f[n], p[n] = first[i], 1.0 / of_per[i]
            n += 1
    live = np.ones(n, np.bool_)
    while n > 0:
        for _ in range(_BLOCK):
            for i in range(n):  # a cell that has stopped keeps its total
                jj = j[i]
                t, stop = _term(jj, term[i], f[i], p[i], binomial)
                total[i] = total[i] + t if live[i] else total[i]
                term[i] = t
                j[i] = jj - 1.0
                live[i] = live[i] & (not stop) & (jj - 1.0 > 0)
        kept = 0
        for i in range(n):
            if live[i]:
                term[kept], total[kept], j[kept] = term[i], total[i], j[i]
                f[kept], p[kept], at[kept], live[kept] = f[i], p[i], at[i], True
                kept += 1
            else:
                out[at[i]] = total[i]
        n = kept
    return out


@compiled(error_model="numpy")
def _poisson(k, mean, pmf, going):
    """:func:`poisson_cdfs`, positional (for calls from other compiled loops)."""
    return _sums(k, mean, mean, pmf, going, False)


@compiled(error_model="numpy")
def _binomial(k, trials, odds, pmf, going):
    """:func:`binomial_cdfs`, positional (for calls from other compiled loops)."""
    return _sums(k, trials, odds, pmf, going, True)


@compiled(error_model="numpy")
def poisson_cdfs(k, mean, pmf, *, going):
    """``quantile_kernels._poisson_cdf_near(k, mean, pmf)`` of each cell ``going`` (pmf
    elsewhere)."""
    return _poisson(k, mean, pmf, going)


@compiled(error_model="numpy")
def binomial_cdfs(k, trials, odds, *, pmf, going):
    """``quantile_kernels._binomial_cdf_near(k, trials, odds, pmf)`` of each cell
    ``going`` (pmf elsewhere)."""
    return _binomial(k, trials, odds, pmf, going)
