"""Statistics over simulations and reps: Monte Carlo summaries, paired differences with
their standard errors, masked means and within-role rank correlations."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from salesperf_model.compiled import on_first_use

#: compiled loops, loaded on first use (numba: the text commands never run them)
group_percentiles = on_first_use("salesperf_model.measure.stat_kernels", "group_percentiles")
masked_row_stat = on_first_use("salesperf_model.measure.stat_kernels", "masked_row_stat")


#: Monte Carlo statistics reported for every metric, in this column order.
STATISTICS: tuple[str, ...] = ("mean", "p5", "p50", "p95")

#: Normal quantile of the two-sided 95% intervals: the limit of :func:`half_width_factor`
#: for many simulations, and the factor of a proportion's Wilson interval.
Z = 1.96


def half_width_factor(n: int) -> float:
    """Standard errors either side of a mean of ``n`` simulations that make its two-sided
    95% interval: Student's t with n - 1 degrees of freedom (12.71 at 2 simulations, 2.09
    at 20, 1.97 at 200; 1.96, the normal's, in the limit), so that a few simulations'
    own estimate of their spread does not make a difference look clearer than it is;
    0 for one (real data: no Monte Carlo error)."""
    if n < 2:
        return 0.0
    from scipy.special import stdtrit  # loaded by the commands that measure, not by text ones

    return float(stdtrit(n - 1, 0.975))


def standard_error(draws: np.ndarray) -> np.ndarray:
    """Monte Carlo standard error of the mean over the first axis (simulations): std /
    sqrt(n) of the finite draws; 0 for a single draw (real data: one set of results, no
    Monte Carlo error), NaN with none."""
    draws = np.asarray(draws, dtype=float)
    n = np.isfinite(draws).sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        se = np.nanstd(draws, axis=0, ddof=1) / np.sqrt(n)
    return np.where(n == 1, 0.0, se)


def monte_carlo_summary(draws: np.ndarray) -> dict[str, np.ndarray]:
    """Mean and 5th / 50th / 95th percentile over the first axis (simulations).

    NaN draws (a metric undefined in some simulation) are left out.
    """
    draws = np.asarray(draws, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN metric: NaN statistics
        # without NaN, np.percentile gives nanpercentile's figures, vectorised over
        # columns (nanpercentile goes column by column: seconds for a per-rep table)
        percentile = nan_percentiles if np.isnan(draws).any() else np.percentile
        p5, p50, p95 = percentile(draws, [5, 50, 95], axis=0)
        return {"mean": np.nanmean(draws, axis=0), "p5": p5, "p50": p50, "p95": p95}


def nan_percentiles(values: np.ndarray, percentiles: list[float], axis: int = 0) -> np.ndarray:
    """``np.nanpercentile(values, percentiles, axis=axis)`` (linear method) bit for bit,
    vectorised over the other axes: numpy finds each column's percentiles one column at a
    time in Python (100,000 calls for a per-rep table of 100,000 reps). Each column is
    sorted with its NaNs last, and the same order statistics are interpolated with
    numpy's own arithmetic (``_lerp``: from the lower value below gamma 0.5, from the
    upper one from 0.5 on). A column with no finite value gives NaN."""
    values = np.moveaxis(np.asarray(values, dtype=float), axis, 0)
    quantiles = np.true_divide(np.asarray(percentiles, dtype=float), 100)
    ordered = np.sort(values, axis=0)  # NaNs sort last
    count = (~np.isnan(values)).sum(axis=0)  # valid values per column
    shape = (len(quantiles),) + (1,) * count.ndim
    virtual = (count - 1)[None, ...] * quantiles.reshape(shape)
    previous = np.floor(virtual)
    above = virtual >= (count - 1)[None, ...]
    previous = np.where(above, count - 1, previous)
    following = np.where(above, count - 1, previous + 1)
    gamma = virtual - previous
    empty = count == 0
    previous_index = np.where(empty, 0, previous).astype(np.intp)
    following_index = np.where(empty, 0, following).astype(np.intp)
    low = np.take_along_axis(ordered, previous_index, axis=0)
    high = np.take_along_axis(ordered, following_index, axis=0)
    difference = high - low
    result = low + difference * gamma
    np.subtract(high, difference * (1 - gamma), out=result, where=gamma >= 0.5)
    return np.where(empty[None, ...], np.nan, result)


def paired_difference(alternative: np.ndarray, baseline: np.ndarray) -> dict[str, float]:
    """Mean paired difference over simulations, its Monte Carlo standard error
    (std of the per-simulation differences / sqrt(n), NaN for one simulation), its 95%
    confidence interval (difference +- :func:`half_width_factor` se; the difference itself
    for one simulation, which has no Monte Carlo error) and the 5th / 95th percentile of the per-simulation
    differences (their spread, not an interval). Simulations where either value is NaN
    are left out."""
    difference = np.asarray(alternative, dtype=float) - np.asarray(baseline, dtype=float)
    valid = difference[np.isfinite(difference)]
    if valid.size == 0:
        return {
            "difference": np.nan,
            "difference_se": np.nan,
            "difference_low": np.nan,
            "difference_high": np.nan,
            "difference_p5": np.nan,
            "difference_p95": np.nan,
        }
    se = valid.std(ddof=1) / np.sqrt(valid.size) if valid.size > 1 else np.nan
    mean = float(valid.mean())
    half = half_width_factor(valid.size) * se if valid.size > 1 else 0.0
    p5, p95 = np.percentile(valid, [5, 95])
    return {
        "difference": mean,
        "difference_se": float(se),
        "difference_low": mean - half,
        "difference_high": mean + half,
        "difference_p5": float(p5),
        "difference_p95": float(p95),
    }


def resolved(low: float, high: float) -> bool:
    """Whether a difference's 95% interval excludes zero (NaN: not resolved)."""
    return bool(low > 0 or high < 0)


def nan_mean(values: np.ndarray) -> float:
    """Mean of the finite values, NaN when there are none (an all-NaN metric or side)."""
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else np.nan


def masked_stat(values: np.ndarray, mask: np.ndarray, stat: str) -> np.ndarray:
    """Row-wise mean or median over the columns where mask is true (NaN if none)."""
    if np.ndim(values) == 2 and stat in ("mean", "median"):  # one compiled pass, same figures
        return masked_row_stat(values, mask, stat)
    masked = np.where(mask, values, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty groups give NaN, by design
        return np.nanmean(masked, axis=1) if stat == "mean" else np.nanmedian(masked, axis=1)


def row_correlation(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson correlation of each row of x with the same row of y (NaN if a row is flat)."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        r = (xc * yc).sum(axis=1) / np.sqrt((xc**2).sum(axis=1) * (yc**2).sum(axis=1))
    # exact test for a flat row: the centred values of a constant row are rounding noise
    flat = (np.ptp(x, axis=1) == 0) | (np.ptp(y, axis=1) == 0)
    return np.where(flat, np.nan, r)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n along the last axis, ties sharing their average rank (as
    ``scipy.stats.rankdata``; numpy only, so that reports need not import scipy.stats);
    a row with a NaN ranks NaN."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, axis=-1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=-1)
    n = values.shape[-1]
    rows = ordered.reshape(-1, n)
    new_group = np.ones(rows.shape, dtype=bool)
    new_group[:, 1:] = rows[:, 1:] != rows[:, :-1]
    group = np.cumsum(new_group.ravel()) - 1  # tie groups, numbered across all rows
    position = np.tile(np.arange(1, n + 1, dtype=float), rows.shape[0])
    mean_position = np.bincount(group, weights=position) / np.bincount(group)
    ranked = np.empty(values.shape, dtype=float)
    np.put_along_axis(ranked, order, mean_position[group].reshape(ordered.shape), axis=-1)
    return np.where(np.isnan(values).any(axis=-1, keepdims=True), np.nan, ranked)


def distinct(labels: np.ndarray) -> list:
    """The distinct labels of a per-rep array, sorted (``np.unique``'s set, found by
    hashing: sorting 100,000 role strings took most of a per-rep measure's time)."""
    return sorted(pd.unique(np.asarray(labels).ravel()))


#: A copy of the last labels coded, and their codes: the metrics of a plan code the same
#: roles a dozen times (comparing them is cheaper than finding the distinct labels again).
_LAST_CODED: list[tuple[np.ndarray, tuple[np.ndarray, int]]] = []


def group_codes(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Each seat's position among :func:`distinct` ``labels``, and how many there are."""
    values = np.asarray(labels)
    if _LAST_CODED:
        kept, coded = _LAST_CODED[0]
        if kept is values or (kept.dtype == values.dtype and np.array_equal(kept, values)):
            return coded
    kinds = distinct(values)
    codes = np.zeros(len(values), dtype=np.int64)
    for code, label in enumerate(kinds):  # a few labels
        codes[values == label] = code
    codes.flags.writeable = False
    # read-only labels (a metric's roles) are kept as they are: the same object again is
    # the same labels, found without comparing 100,000 strings
    kept = values if not values.flags.writeable else values.copy()
    _LAST_CODED[:] = [(kept, (codes, len(kinds)))]
    return codes, len(kinds)


def within_role_percentile(values: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """Mid-rank percentile (0..1) of each rep among reps of the same role, per simulation.

    Ties share their average rank. Ranking within role keeps pay levels that policy sets
    by role from passing for merit.
    """
    if np.ndim(values) == 2:  # the same ranks in one compiled pass
        return group_percentiles(values, *group_codes(roles))
    out = np.empty(values.shape, dtype=float)
    for role in distinct(roles):  # a few roles; vectorised across sims and reps
        columns = roles == role
        out[:, columns] = (average_ranks(values[:, columns]) - 0.5) / columns.sum()
    return out
