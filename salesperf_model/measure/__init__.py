"""Cost and fairness of a paid plan, and comparisons of plans against a baseline.

``compare``, ``frontier``, ``headline`` and ``winners_losers`` are both modules and the
functions in them: import those functions from their modules.
"""

from salesperf_model.measure.compare import compare_draws, summarize_plans
from salesperf_model.measure.cost import cost_by, cost_by_component
from salesperf_model.measure.evaluate import PlanEvaluation, evaluate_plans
from salesperf_model.measure.headline import HEADLINE
from salesperf_model.measure.keep_whole import keep_whole, keep_whole_summary, pay_per_rep
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.measure.metrics_doc import METRICS_DOC_COMMAND, render_metrics_markdown
from salesperf_model.measure.registry import (
    METRICS,
    NEEDS_TRUTH,
    metric_draws,
    plan_draws,
    skipped_metrics,
)
from salesperf_model.measure.statistics import (
    monte_carlo_summary,
    paired_difference,
    row_correlation,
    within_role_percentile,
)
from salesperf_model.measure.tables import TABLE_NAMES, comparison_tables, plan_tables
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.measure.variants import revenue_at_quota, revenue_scaled
from salesperf_model.measure.winners_losers import BANDS, GROUPINGS

__all__ = [
    "BANDS",
    "GROUPINGS",
    "HEADLINE",
    "METRICS",
    "METRICS_DOC_COMMAND",
    "NEEDS_TRUTH",
    "TABLE_NAMES",
    "Metric",
    "MetricInputs",
    "PlanEvaluation",
    "PlanResultLike",
    "compare_draws",
    "comparison_tables",
    "cost_by",
    "cost_by_component",
    "evaluate_plans",
    "keep_whole",
    "keep_whole_summary",
    "metric_draws",
    "monte_carlo_summary",
    "paired_difference",
    "pay_per_rep",
    "plan_draws",
    "plan_tables",
    "render_metrics_markdown",
    "rep_totals",
    "revenue_at_quota",
    "revenue_scaled",
    "row_correlation",
    "skipped_metrics",
    "summarize_plans",
    "within_role_percentile",
]
