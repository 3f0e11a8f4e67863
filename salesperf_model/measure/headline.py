"""The headline figures of a leadership summary for each plan: cost, change vs baseline,
budget risk, and the fairness figures leadership asks about first."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from salesperf_model.measure.registry import plan_draws
from salesperf_model.measure.statistics import paired_difference
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: Figures in a leadership summary, in order (metric names, or change_vs_baseline*).
HEADLINE: tuple[str, ...] = (
    "total_pay",
    "change_vs_baseline",
    "change_vs_baseline_pct",
    "revenue_collected",
    "revenue_change_vs_baseline",
    "revenue_change_vs_baseline_pct",
    "cost_of_sales_collected",
    "over_budget_total_pay",
    "over_budget_cost_of_sales",
    "variable_pay_share",
    "merit_alignment_pay",
    "luck_share",
    "false_c_rate",
    "gender_pay_gap_mean",
    "gini_variable_pay",
)


def headline_from_draws(
    draws: pd.DataFrame, baseline_draws: pd.DataFrame | None = None, name: str = ""
) -> pd.Series:
    """The :data:`HEADLINE` figures (Monte Carlo means) of one plan; the changes vs the
    baseline (total pay, and collected revenue: what reps bring in under the plan) are
    paired over simulations. Figures that cannot be computed are NaN."""
    values: dict[str, float] = {}
    changes = {"change_vs_baseline": "total_pay", "revenue_change_vs_baseline": "revenue_collected"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for figure in HEADLINE:
            if "change_vs_baseline" in figure:
                continue
            values[figure] = float(np.nanmean(draws[figure])) if figure in draws else np.nan
        for figure, metric in changes.items():
            values[figure] = values[f"{figure}_pct"] = np.nan
            if baseline_draws is None or metric not in draws:
                continue
            change = paired_difference(draws[metric].to_numpy(), baseline_draws[metric].to_numpy())[
                "difference"
            ]
            base = float(np.nanmean(baseline_draws[metric]))
            values[figure] = change
            values[f"{figure}_pct"] = 100.0 * change / base if base else np.nan
    return pd.Series({f: values[f] for f in HEADLINE}, name=name, dtype=float)


def headline(
    result: PlanResultLike,
    outcomes: Outcomes,
    baseline: PlanResultLike | None = None,
    *,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
) -> pd.Series:
    """The figures a leadership summary needs for one plan (see :data:`HEADLINE` and
    docs/metrics.md): total cost, change vs baseline in money and %, cost of sales,
    probability of exceeding each budget, variable share, merit alignment, luck share,
    false-C rate, gender pay gap, Gini of variable pay."""
    budgets = {"total_pay_budget": total_pay_budget, "cost_of_sales_budget": cost_of_sales_budget}
    draws = plan_draws(result, outcomes, **budgets)
    base = None if baseline is None else plan_draws(baseline, outcomes, **budgets)
    return headline_from_draws(draws, base, name=result.scenario_name)
