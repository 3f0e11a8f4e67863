"""Cost and fairness of a paid plan, and comparisons of plans against a baseline."""

from salesperf_model.measure.compare import (
    BANDS,
    METRICS,
    TABLE_NAMES,
    comparison_tables,
    evaluate_plans,
)
from salesperf_model.measure.cost import (
    Metric,
    PlanResultLike,
    cost_by,
    cost_by_component,
    monte_carlo_summary,
    rep_totals,
)
from salesperf_model.measure.fairness import (
    row_correlation,
    within_role_percentile,
)
from salesperf_model.measure.keep_whole import keep_whole, keep_whole_summary, pay_per_rep

__all__ = [
    "BANDS",
    "METRICS",
    "TABLE_NAMES",
    "Metric",
    "PlanResultLike",
    "comparison_tables",
    "cost_by",
    "cost_by_component",
    "evaluate_plans",
    "keep_whole",
    "keep_whole_summary",
    "monte_carlo_summary",
    "pay_per_rep",
    "rep_totals",
    "row_correlation",
    "within_role_percentile",
]
