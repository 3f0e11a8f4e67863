"""Reps leaving in plain words for a plan's headline: how many left over the period, per
100 reps, against the baseline with its 95% interval, and how many of them were better
than the median rep (the turnover metrics, ``measure.vacancy_metrics``)."""

from __future__ import annotations

import pandas as pd

from salesperf_model.present.plan_titles import plan_title
from salesperf_model.present.verdict_words import row_estimate


def _row(comparison: pd.DataFrame, plan: str, metric: str) -> pd.Series | None:
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    if rows.empty or pd.isna(rows["alternative"].iloc[0]):
        return None
    return rows.iloc[0]


def turnover_sentence(comparison: pd.DataFrame, plan: str, baseline: str) -> str | None:
    """'31.5 reps in 100 left over the period against 24.0 under Current plan (+7.5, 95%
    interval +4.1 to +10.9); 14.0 of them better than the median rep against 9.5.', or
    None where the comparison has no turnover figures."""
    left = _row(comparison, plan, "leavers_per_100_reps")
    if left is None:
        return None
    good = _row(comparison, plan, "good_reps_leaving_per_100_reps")
    if plan == baseline:
        sentence = f"{left['alternative']:.1f} reps in 100 left over the period"
        if good is not None:
            sentence += f"; {good['alternative']:.1f} of them better than the median rep"
        return sentence + "."
    change = row_estimate(left)
    versus = f"against {left['baseline']:.1f} under {plan_title(baseline)}"
    if change.low == change.high == 0:
        how = "the same reps in every simulation"
    elif change.clear:
        how = f"{change.value:+.1f}, 95% interval {change.low:+.1f} to {change.high:+.1f}"
    else:
        how = "a difference inside the Monte Carlo error"
    sentence = f"{left['alternative']:.1f} reps in 100 left over the period {versus} ({how})"
    if good is not None:
        sentence += (
            f"; {good['alternative']:.1f} of them better than the median rep against "
            f"{good['baseline']:.1f}"
        )
    return sentence + "."
