"""Charts and words for the reports: formatting, plain words, summaries, keep-whole tables.

``salesperf_model.present.charts`` (matplotlib) is imported by itself, not from here.
"""

from salesperf_model.formatting import money, percent, share
from salesperf_model.present.changes import plan_changes
from salesperf_model.present.cost_drivers import accrued_pay_draws
from salesperf_model.present.data_quality import data_quality_html, data_quality_summary_html
from salesperf_model.present.detail_tables import (
    headline_table,
    measured,
    metric_table,
    pay_equity_summary,
    unavailable_words,
)
from salesperf_model.present.format import (
    escape,
    format_value,
    html_block,
    html_list,
    links_html,
    ranking_html,
    summary_html,
    table_html,
    winners_losers_html,
)
from salesperf_model.present.glossary import glossary_html
from salesperf_model.present.keep_whole import (
    KEEP_WHOLE_THRESHOLD,
    is_replay,
    keep_whole_by_plan,
    keep_whole_comparison_sentence,
    keep_whole_figures,
    keep_whole_losers,
    keep_whole_plan_rows,
    keep_whole_sentence,
    keep_whole_table,
    keep_whole_words,
)
from salesperf_model.present.method import run_settings_words
from salesperf_model.present.plan_titles import comparison_heading
from salesperf_model.present.ranking import ranking
from salesperf_model.present.recommendation import (
    Recommendation,
    budget_sentence,
    decision_table,
    disruption_frame,
    recommendation,
    recommendation_html,
    resolution_sentence,
    run_decision,
    summary_warnings,
)
from salesperf_model.present.summaries import (
    DirectorSummary,
    PlanSummary,
    Verdict,
    director_summary,
    fairness_verdict,
    plan_summary,
    plan_title,
)
from salesperf_model.present.verdict_rule_table import decision_rows
from salesperf_model.present.words import plain_words, plan_titles

__all__ = [
    "KEEP_WHOLE_THRESHOLD",
    "DirectorSummary",
    "PlanSummary",
    "Recommendation",
    "Verdict",
    "accrued_pay_draws",
    "budget_sentence",
    "comparison_heading",
    "data_quality_html",
    "data_quality_summary_html",
    "decision_rows",
    "decision_table",
    "director_summary",
    "disruption_frame",
    "escape",
    "fairness_verdict",
    "format_value",
    "glossary_html",
    "headline_table",
    "html_block",
    "html_list",
    "is_replay",
    "keep_whole_by_plan",
    "keep_whole_comparison_sentence",
    "keep_whole_figures",
    "keep_whole_losers",
    "keep_whole_plan_rows",
    "keep_whole_sentence",
    "keep_whole_table",
    "keep_whole_words",
    "links_html",
    "measured",
    "metric_table",
    "money",
    "pay_equity_summary",
    "percent",
    "plain_words",
    "plan_changes",
    "plan_summary",
    "plan_title",
    "plan_titles",
    "ranking",
    "ranking_html",
    "recommendation",
    "recommendation_html",
    "resolution_sentence",
    "run_decision",
    "run_settings_words",
    "share",
    "summary_html",
    "summary_warnings",
    "table_html",
    "unavailable_words",
    "winners_losers_html",
]
