"""Simulating a sales force month by month from one seeded source of randomness."""

from salesperf_model.simulate.core import (
    EnginePlanHooks,
    build_rep_table,
    expected_monthly_revenue,
    period_labels,
    rating_reliability,
    sanity_report,
    simulate,
    stream_key,
)

__all__ = [
    "EnginePlanHooks",
    "build_rep_table",
    "expected_monthly_revenue",
    "period_labels",
    "rating_reliability",
    "sanity_report",
    "simulate",
    "stream_key",
]
