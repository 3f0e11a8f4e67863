"""Empty seats in plain words for a report's cost section: the seat-months nobody held
between a leaver's exit and the successor's start, and the revenue lost meanwhile."""

from __future__ import annotations

import pandas as pd

from salesperf_model.formatting import money, number
from salesperf_model.present.plan_titles import plan_title


def _figures(comparison: pd.DataFrame, plan: str, metric: str) -> tuple[float, float] | None:
    """(the plan's mean, the baseline's mean) of a metric, or None when not measured."""
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    if rows.empty or pd.isna(rows["alternative"].iloc[0]):
        return None
    return float(rows["alternative"].iloc[0]), float(rows["baseline"].iloc[0])


def vacancy_sentence(
    comparison: pd.DataFrame, plan: str, baseline: str, *, currency: str
) -> str | None:
    """One sentence on a plan's empty seats (against the baseline's when it is another
    plan), or None when no seat stood empty (``workforce.time_to_fill_months`` 0)."""
    months = _figures(comparison, plan, "vacant_seat_months")
    if months is None:
        return None
    against = plan != baseline
    under = f" under {plan_title(baseline)}"
    text = f"seats stood empty for {number(months[0])} seat-months in all"
    if against:
        text += f" ({number(months[1])}{under})"
    lost = _figures(comparison, plan, "revenue_lost_to_vacancies")
    if lost is not None:
        text += f", and {money(lost[0], currency)} of revenue was lost while they were empty"
        if against:
            text += f" ({money(lost[1], currency)}{under})"
    return (
        text + ": nothing is paid for an empty seat, but it wins no new business and "
        "colleagues keep only part of its customers' orders."
    )
