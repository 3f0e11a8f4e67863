"""Charts for the reports: titles that state the finding, labelled axes with units, the
Okabe-Ito colour-blind-safe palette, sized to read at laptop width.

Charts read the comparison tables (salesperf_model.measure.compare) and never recompute
metrics; each function returns a matplotlib Figure and leaves showing or saving it to the
caller.
"""

from salesperf_model.present.charts.alt_text import describe, enable_alt_text
from salesperf_model.present.charts.calibration import calibration_fit_chart
from salesperf_model.present.charts.cost import cost_components_chart, cost_distribution
from salesperf_model.present.charts.fairness import FAIRNESS_PANELS, fairness_chart
from salesperf_model.present.charts.frontier import frontier_chart
from salesperf_model.present.charts.keep_whole import keep_whole_chart, keep_whole_plans_chart
from salesperf_model.present.charts.payout import payout_curve_table, payout_curves
from salesperf_model.present.charts.style import (
    BAND_COLOURS,
    BASELINE_COLOUR,
    OKABE_ITO,
    PLAN_COLOURS,
    WIDTH,
    apply_style,
    literal,
    plan_colours,
    plan_label,
    plan_rounds,
    to_png,
    wrap_title,
)
from salesperf_model.present.charts.winners import disruption_chart, winners_losers_chart
from salesperf_model.present.plan_titles import plan_title, set_plan_titles

__all__ = [
    "BAND_COLOURS",
    "BASELINE_COLOUR",
    "FAIRNESS_PANELS",
    "OKABE_ITO",
    "PLAN_COLOURS",
    "WIDTH",
    "apply_style",
    "calibration_fit_chart",
    "cost_components_chart",
    "cost_distribution",
    "describe",
    "disruption_chart",
    "enable_alt_text",
    "fairness_chart",
    "frontier_chart",
    "keep_whole_chart",
    "keep_whole_plans_chart",
    "literal",
    "payout_curve_table",
    "payout_curves",
    "plan_colours",
    "plan_label",
    "plan_rounds",
    "plan_title",
    "set_plan_titles",
    "to_png",
    "winners_losers_chart",
    "wrap_title",
]
