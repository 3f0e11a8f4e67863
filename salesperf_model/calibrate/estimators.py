"""The statistics of the calibration: one estimator per fitted quantity, on plain arrays.

Log-normal deal sizes (maximum likelihood), win rates (exact binomial intervals), stage
durations with right-censored open spells (exponential), counts per rep-month (negative
binomial), the repeatability of a reps x periods table (ICC(3,1)) and a monthly
seasonality index. Nothing here knows about deals, reps or scenarios.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats


def fit_lognormal(values: np.ndarray) -> dict[str, float]:
    """Log-normal maximum likelihood (location fixed at 0) with a Kolmogorov-Smirnov
    distance; the 95% interval of the median comes from the normal interval of the log mean."""
    values = np.asarray(values, dtype=float)
    values = values[values > 0]
    if len(values) < 2:
        raise ValueError(
            f"need at least 2 positive amounts to fit a size distribution, got {len(values)}: "
            "the export has too few won deals (or orders) of this kind to calibrate from"
        )
    sigma, _, scale = stats.lognorm.fit(values, floc=0)
    half = 1.96 * sigma / math.sqrt(len(values))
    ks = stats.kstest(values, "lognorm", args=(sigma, 0, scale))
    return {
        "median": float(scale),
        "sigma": float(sigma),
        "median_low": float(scale * math.exp(-half)),
        "median_high": float(scale * math.exp(half)),
        "mean": float(scale * math.exp(sigma**2 / 2)),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "n": len(values),
    }


def fit_win_rate(won: int, lost: int) -> dict[str, float]:
    """Share of closed negotiations that were won, with a Clopper-Pearson 95% interval."""
    if won + lost == 0:
        raise ValueError(
            "no closed deals (won or lost): the win rate is undefined; the mapping's "
            "opportunities.stages must name the won and lost stages of the export"
        )
    test = stats.binomtest(int(won), int(won + lost))
    ci = test.proportion_ci(method="exact")
    return {"value": won / (won + lost), "low": ci.low, "high": ci.high, "n": won + lost}


def fit_censored_exponential(durations: np.ndarray, closed: np.ndarray) -> dict[str, float]:
    """Mean time to leave a stage when some spells are still open (right-censored): the
    maximum-likelihood rate is closed spells / total exposure; the 95% interval is the exact
    chi-square one (2 x exposure x rate ~ chi2 with 2 x events degrees of freedom)."""
    durations = np.asarray(durations, dtype=float)
    closed = np.asarray(closed, dtype=bool)
    events, exposure = int(closed.sum()), float(durations.sum())
    if events == 0 or exposure <= 0:
        raise ValueError(
            "no deal with both an engage date and a close date: the months deals spend in "
            "each stage cannot be estimated; map opportunities.columns.engage_date to the "
            "export's engage (created) date column"
        )
    rate = events / exposure
    rate_low = stats.chi2.ppf(0.025, 2 * events) / (2 * exposure)
    rate_high = stats.chi2.ppf(0.975, 2 * events) / (2 * exposure)
    return {
        "mean": 1 / rate,
        "low": 1 / rate_high,
        "high": 1 / rate_low,
        "n": len(durations),
        "events": events,
    }


def fit_negative_binomial(counts: np.ndarray) -> dict[str, float]:
    """Negative binomial by maximum likelihood (mean mu, size r: variance mu + mu^2 / r),
    with the likelihood-ratio statistic against a Poisson of the same mean."""
    counts = np.asarray(counts, dtype=float).ravel()
    mean = counts.mean()
    if mean <= 0:
        raise ValueError("all counts are zero: nothing to fit")

    def negative_loglik(theta: np.ndarray) -> float:
        size, mu = np.exp(theta)
        return -stats.nbinom.logpmf(counts, size, size / (size + mu)).sum()

    variance = counts.var()
    start_size = mean**2 / max(variance - mean, 1e-3 * mean)
    result = optimize.minimize(
        negative_loglik,
        np.log([min(start_size, 1e4), mean]),
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 4000},
    )
    size, mu = np.exp(result.x)
    poisson_loglik = stats.poisson.logpmf(counts, mean).sum()
    return {
        "mean": float(mu),
        "size": float(size),
        "variance": float(mu + mu**2 / size),
        "sample_variance": float(variance),
        "lr_vs_poisson": float(2 * (-result.fun - poisson_loglik)),
        "n": len(counts),
    }


def icc_consistency(values: np.ndarray) -> dict[str, float]:
    """ICC(3,1) of Shrout & Fleiss (1979): two-way ANOVA of a reps x periods table with
    periods as fixed effects (common seasonality and shocks removed); the share of the
    remaining variance that is lasting between-rep difference, with its exact F interval.

    Also returns the variance components (between reps, residual period noise) and
    ICC(3,k), the reliability of a rep's mean over all k periods.
    """
    y = np.asarray(values, dtype=float)
    n, k = y.shape
    if n < 2 or k < 2:
        raise ValueError(f"need at least 2 reps and 2 periods, got {n} x {k}")
    grand = y.mean()
    rep_means = y.mean(axis=1, keepdims=True)
    period_means = y.mean(axis=0, keepdims=True)
    ms_reps = k * ((rep_means - grand) ** 2).sum() / (n - 1)
    residual = y - rep_means - period_means + grand
    df_error = (n - 1) * (k - 1)
    ms_error = (residual**2).sum() / df_error
    f_value = ms_reps / ms_error
    f_low = f_value / stats.f.ppf(0.975, n - 1, df_error)
    f_high = f_value * stats.f.ppf(0.975, df_error, n - 1)

    def icc(f: float) -> float:
        return (f - 1) / (f + k - 1)

    return {
        "icc": icc(f_value),
        "low": icc(f_low),
        "high": icc(f_high),
        "icc_mean_of_periods": 1 - 1 / f_value,
        "between_rep_variance": max(0.0, (ms_reps - ms_error) / k),
        "period_noise_variance": ms_error,
        "reps": n,
        "periods": k,
    }


def seasonality_index(totals_by_label: pd.Series) -> tuple[list[float], list[int]]:
    """Twelve monthly multipliers (January first) averaging 1: each observed calendar month's
    mean total over the mean of the observed months; unobserved months are set to 1."""
    months = pd.PeriodIndex([str(p) for p in totals_by_label.index], freq="M").month
    by_month = (
        pd.Series(totals_by_label.to_numpy(dtype=float), index=months).groupby(level=0).mean()
    )
    index = by_month / by_month.mean()
    full = [float(index.get(m, 1.0)) for m in range(1, 13)]
    return full, sorted(int(m) for m in by_month.index)
