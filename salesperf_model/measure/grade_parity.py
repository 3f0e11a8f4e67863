"""Grade parity between groups: S-rate and C-rate per group and the four-fifths rule for
adverse impact."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.grade_accuracy import GRADE_C, GRADE_S
from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.pay_equity import labelled_groups
from salesperf_model.measure.statistics import monte_carlo_summary
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: The four-fifths (80%) rule for adverse impact on selection rates.
FOUR_FIFTHS = 0.8


def grade_rates(grades: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S-rate and C-rate (%) among the rep-reviews of the reps in mask (sims, reps)."""
    weight = mask[:, :, None].astype(float)
    n = weight.sum(axis=(1, 2)) * grades.shape[2]
    with np.errstate(all="ignore"):
        s = 100.0 * ((grades == GRADE_S) * weight).sum(axis=(1, 2)) / n
        c = 100.0 * ((grades == GRADE_C) * weight).sum(axis=(1, 2)) / n
    return s, c


def rates_by_group(
    grades: np.ndarray, groups: np.ndarray, labels: list[str]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Label -> (S-rate, C-rate) draws of the reps carrying that label."""
    shape = (grades.shape[0], len(groups))
    return {label: grade_rates(grades, np.broadcast_to(groups == label, shape)) for label in labels}


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


def ratio_metric(m: MetricInputs, name: str) -> np.ndarray:
    """One of :func:`rate_ratios` for a metric's draws; NaN with fewer than two groups."""

    def compute() -> dict[str, np.ndarray]:
        groups, labels = labelled_groups(m.outcomes)
        if len(labels) < 2:
            nan = np.full(m.outcomes.n_simulations, np.nan)
            return {"s_rate_ratio": nan, "not_c_rate_ratio": nan}
        return rate_ratios(rates_by_group(np.asarray(m.result.grades), groups, labels))

    return m.shared("rate_ratios", compute)[name]


def grade_parity_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """S-rate and C-rate per group, and the four-fifths rule across groups.

    Columns: ``group`` (each label, then ``lowest/highest``), ``measure`` (s_rate,
    c_rate in % of the group's rep-reviews; for the ratio row s_rate_ratio and
    not_c_rate_ratio), ``reps``, ``mean, p5, p50, p95``, ``four_fifths_fail`` (ratio
    rows whose Monte Carlo mean is below 0.8).
    """
    groups, labels = labelled_groups(outcomes)
    rates = rates_by_group(np.asarray(result.grades), groups, labels)
    rows = []
    for group, (s, c) in rates.items():
        for measure, draws in (("s_rate", s), ("c_rate", c)):
            rows.append(
                {
                    "group": group,
                    "measure": measure,
                    "reps": int((groups == group).sum()),
                    **{k: float(v) for k, v in monte_carlo_summary(draws).items()},
                    "four_fifths_fail": False,
                }
            )
    if len(labels) >= 2:
        for measure, draws in rate_ratios(rates).items():
            stats = monte_carlo_summary(draws)
            rows.append(
                {
                    "group": "lowest/highest",
                    "measure": measure,
                    "reps": int((groups != "").sum()),
                    **{k: float(v) for k, v in stats.items()},
                    "four_fifths_fail": bool(stats["mean"] < FOUR_FIFTHS),
                }
            )
    return pd.DataFrame(rows)
