"""Grade parity between groups: S-rate and C-rate per group and the four-fifths rule for
adverse impact, on rates pooled across simulations and tested against no bias."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from salesperf_model.compiled import on_first_use
from salesperf_model.measure.grade_accuracy import GRADE_C, GRADE_S
from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.pay_equity import labelled_groups
from salesperf_model.measure.statistics import monte_carlo_summary
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: compiled loops, loaded on first use (numba: the text commands never run them)
grade_counts = on_first_use("salesperf_model.measure.stat_kernels", "grade_counts")

#: The four-fifths (80%) rule for adverse impact on selection rates.
FOUR_FIFTHS = 0.8


def graded_of(result: object) -> np.ndarray | None:
    """(sims, reps, reviews) the seat-reviews somebody was graded in (False: the seat was
    empty at the review's end, ``engine.vacancy``), or None when every one was."""
    graded = getattr(result, "graded", None)
    return None if graded is None else np.asarray(graded, bool)


def grade_rates(
    grades: np.ndarray, mask: np.ndarray, graded: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """S-rate and C-rate (%) among the rep-reviews of the reps in mask (sims, reps),
    counting only the ``graded`` seat-reviews when given (an empty seat is nobody)."""
    if mask.dtype == bool:  # counts of rep-reviews: the same figures, one compiled pass
        n, s, c = grade_counts(grades, mask, graded, s_code=GRADE_S, c_code=GRADE_C).T.astype(float)
        with np.errstate(all="ignore"):
            return 100.0 * s / n, 100.0 * c / n
    weight = np.broadcast_to(mask[:, :, None], grades.shape).astype(float)
    if graded is not None:
        weight = weight * graded
    n = weight.sum(axis=(1, 2))
    with np.errstate(all="ignore"):
        s = 100.0 * ((grades == GRADE_S) * weight).sum(axis=(1, 2)) / n
        c = 100.0 * ((grades == GRADE_C) * weight).sum(axis=(1, 2)) / n
    return s, c


def rates_by_group(
    grades: np.ndarray,
    groups: np.ndarray,
    labels: list[str],
    *,
    graded: np.ndarray | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Label -> (S-rate, C-rate) draws of the reps carrying that label (``graded``:
    :func:`grade_rates`)."""
    shape = (grades.shape[0], len(groups))
    return {
        label: grade_rates(grades, np.broadcast_to(groups == label, shape), graded)
        for label in labels
    }


def rate_ratios(rates: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
    """Lowest / highest S-rate and not-C rate across two or more groups, per simulation:
    the four-fifths rule's ratios."""
    s_rates = np.stack([s for s, _ in rates.values()], axis=1)
    not_c = 100.0 - np.stack([c for _, c in rates.values()], axis=1)
    with np.errstate(all="ignore"):
        return {
            "s_rate_ratio": s_rates.min(axis=1) / s_rates.max(axis=1),
            "not_c_rate_ratio": not_c.min(axis=1) / not_c.max(axis=1),
        }


def _no_bias_p(low: np.ndarray, high: np.ndarray, counts: tuple[int, int], pairs: int) -> float:
    """Two-sided p-value that two groups' rates (%, per simulation) are equal, Bonferroni
    adjusted for ``pairs`` comparisons. Across simulations the test is on the paired
    per-simulation differences (each simulation one independent draw of the whole
    sales force); a single set of results falls back to the two-proportion z-test on
    ``counts`` (rep-reviews of each group)."""
    if low.size > 1:
        difference = low - high
        mean, se = difference.mean(), difference.std(ddof=1) / np.sqrt(difference.size)
    else:
        p_low, p_high = low[0] / 100.0, high[0] / 100.0
        pooled = (p_low * counts[0] + p_high * counts[1]) / sum(counts)
        mean = p_low - p_high
        se = np.sqrt(pooled * (1 - pooled) * (1 / counts[0] + 1 / counts[1]))
    if not np.isfinite(mean):
        return np.nan
    if se == 0:
        return 1.0 if mean == 0 else 0.0
    return float(min(1.0, 2 * ndtr(-abs(mean / se)) * pairs))


def pooled_four_fifths(
    rates: dict[str, tuple[np.ndarray, np.ndarray]], rep_reviews: dict[str, int]
) -> dict[str, tuple[float, float]]:
    """Measure -> (ratio of the lowest to the highest group rate pooled over simulations,
    p-value of no difference between those two groups). Pooling first avoids the
    downward bias of averaging each simulation's worst-group ratio: with no bias at all,
    the minimum of noisy ratios sits below 1 (forced distribution averaged 0.81)."""
    labels = list(rates)
    pairs = len(labels) * (len(labels) - 1) // 2
    out = {}
    for measure, pick in (("s_rate_ratio", 0), ("not_c_rate_ratio", 1)):
        draws = {g: rates[g][pick] if pick == 0 else 100.0 - rates[g][pick] for g in labels}
        with np.errstate(all="ignore"):
            pooled = {g: float(np.nanmean(v)) for g, v in draws.items()}
        low, high = min(labels, key=pooled.get), max(labels, key=pooled.get)
        ratio = pooled[low] / pooled[high] if pooled[high] else np.nan
        counts = (rep_reviews[low], rep_reviews[high])
        out[measure] = (ratio, _no_bias_p(draws[low], draws[high], counts, pairs))
    return out


def ratio_metric(m: MetricInputs, name: str) -> np.ndarray:
    """One of :func:`rate_ratios` for a metric's draws; NaN with fewer than two groups."""

    def compute() -> dict[str, np.ndarray]:
        groups, labels = labelled_groups(m.outcomes)
        if len(labels) < 2:
            nan = np.full(m.outcomes.n_simulations, np.nan)
            return {"s_rate_ratio": nan, "not_c_rate_ratio": nan}
        grades = np.asarray(m.result.grades)
        return rate_ratios(rates_by_group(grades, groups, labels, graded=graded_of(m.result)))

    return m.shared("rate_ratios", compute)[name]


def grade_parity_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """S-rate and C-rate per group, and the four-fifths rule across groups.

    Columns: ``group`` (each label, then ``lowest/highest``), ``measure`` (s_rate,
    c_rate in % of the group's rep-reviews; for the ratio row s_rate_ratio and
    not_c_rate_ratio), ``reps``, ``mean, p5, p50, p95`` (of the per-simulation figure),
    ``pooled`` (rates: the mean; ratios: lowest / highest group rate pooled over
    simulations), ``four_fifths_fail`` (pooled ratio below 0.8), ``no_bias_p`` (p-value
    that the two groups' rates are equal), ``adverse_impact`` (both: below four fifths
    and beyond chance at 5%).
    """
    groups, labels = labelled_groups(outcomes)
    rates = rates_by_group(np.asarray(result.grades), groups, labels, graded=graded_of(result))
    rows = []
    for group, (s, c) in rates.items():
        for measure, draws in (("s_rate", s), ("c_rate", c)):
            rows.append(
                {
                    "group": group,
                    "measure": measure,
                    "reps": int((groups == group).sum()),
                    **(stats := {k: float(v) for k, v in monte_carlo_summary(draws).items()}),
                    "pooled": stats["mean"],
                    "four_fifths_fail": False,
                    "no_bias_p": np.nan,
                    "adverse_impact": False,
                }
            )
    if len(labels) >= 2:
        reviews = np.asarray(result.grades).shape[2]
        rep_reviews = {g: int((groups == g).sum()) * reviews for g in labels}
        pooled = pooled_four_fifths(rates, rep_reviews)
        for measure, draws in rate_ratios(rates).items():
            ratio, p_value = pooled[measure]
            fails = bool(ratio < FOUR_FIFTHS)
            rows.append(
                {
                    "group": "lowest/highest",
                    "measure": measure,
                    "reps": int((groups != "").sum()),
                    **{k: float(v) for k, v in monte_carlo_summary(draws).items()},
                    "pooled": ratio,
                    "four_fifths_fail": fails,
                    "no_bias_p": p_value,
                    "adverse_impact": bool(fails and p_value < 0.05),
                }
            )
    return pd.DataFrame(rows)
