"""Deal timing in plain words for a plan's headline: revenue given up in discounts on
deals signed early, and how much of the year's bookings fall in quarter-end months."""

from __future__ import annotations

import pandas as pd

from salesperf_model.formatting import percent
from salesperf_model.present.plan_titles import plan_title


def _figures(comparison: pd.DataFrame, plan: str, metric: str) -> tuple[float, float] | None:
    """(the plan's mean, the baseline's mean) of a metric, or None when not measured."""
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    if rows.empty or pd.isna(rows["alternative"].iloc[0]):
        return None
    return float(rows["alternative"].iloc[0]), float(rows["baseline"].iloc[0])


def _share_words(value: float, digits: int) -> str:
    """A percentage, "0%" when it is 0 and "less than 0.01%" (at ``digits`` 2) when it
    is not 0 but would show as "0.00%", which reads as nothing at all."""
    if value == 0:
        return "0%"
    smallest = 10.0**-digits
    if 0 < abs(value) < smallest / 2:
        return f"less than {percent(smallest, digits)}"
    return percent(value, digits)


def timing_sentence(comparison: pd.DataFrame, plan: str, baseline: str) -> str | None:
    """One sentence (for a heading or a "Deal timing:" lead), or None when the comparison
    has no timing figures."""
    lost = _figures(comparison, plan, "revenue_lost_to_discounts")
    bunched = _figures(comparison, plan, "quarter_end_share")
    if lost is None or bunched is None:
        return None
    against = plan != baseline

    def pair(figures: tuple[float, float], digits: int) -> str:
        ours, theirs = (_share_words(100 * figure, digits) for figure in figures)
        return f"{ours} ({theirs} under {plan_title(baseline)})" if against else ours

    return (
        f"reps give up {pair(lost, 2)} of revenue in discounts to sign deals "
        f"early, and {pair(bunched, 1)} of bookings fall in the last month of a quarter."
    )
