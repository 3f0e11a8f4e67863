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
    """The :data:`HEADLINE` figures (Monte Carlo means) of one plan; change vs baseline is
    paired over simulations. Figures that cannot be computed are NaN."""
    values: dict[str, float] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for figure in HEADLINE:
            if figure.startswith("change_vs_baseline"):
                continue
            values[figure] = float(np.nanmean(draws[figure])) if figure in draws else np.nan
        if baseline_draws is not None:
            change = paired_difference(
                draws["total_pay"].to_numpy(), baseline_draws["total_pay"].to_numpy()
            )["difference"]
            base_total = float(np.nanmean(baseline_draws["total_pay"]))
            values["change_vs_baseline"] = change
            values["change_vs_baseline_pct"] = 100.0 * change / base_total if base_total else np.nan
        else:
            values["change_vs_baseline"] = values["change_vs_baseline_pct"] = np.nan
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
