"""Cost under sales scenarios: the same plan re-paid with every revenue measure scaled.

Finance asks what the plan costs if sales come in 10% under or over plan, and whether
cost of sales then stays under its cap. Quotas, counts and ratings stay as simulated;
reps' effort is not re-simulated (a re-pay, not a new simulation), so under behaviour it
answers "same people, different market", not "reps respond to a weaker market".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.measure.variants import revenue_scaled
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario

#: Revenue -10%, as simulated, +10%.
SALES_FACTORS: tuple[float, ...] = (0.9, 1.0, 1.1)

PayPlan = Callable[[Outcomes, Scenario], PlanResultLike]


def cost_under_sales(
    scenario: Scenario,
    outcomes: Outcomes,
    pay_plan: PayPlan,
    *,
    factors: Sequence[float] = SALES_FACTORS,
    cost_of_sales_cap: float | None = None,
) -> pd.DataFrame:
    """The plan paid (``pay_plan``, the engine's ``run_plan``) on ``outcomes`` with every
    sales-money measure times each factor.

    Columns: ``revenue_change_pct`` ((factor - 1) x 100), ``total_pay`` and
    ``revenue_collected`` (money over the horizon, mean over simulations),
    ``cost_of_sales_pct`` (pay / collected revenue x 100, mean over simulations),
    ``over_cap_pct`` (% of simulations above ``cost_of_sales_cap``; NaN without a cap)."""
    rows = []
    for factor in factors:  # three re-pays of whole arrays
        scaled = outcomes if factor == 1.0 else revenue_scaled(outcomes, factor)
        pay = rep_totals(pay_plan(scaled, scenario))["total"].sum(axis=1)  # (sims,)
        revenue = scaled.get("revenue_collected").sum(axis=(1, 2))
        with np.errstate(all="ignore"):
            ratio = np.where(revenue > 0, pay / revenue, np.nan)
        over = (
            100.0 * float(np.mean(ratio > cost_of_sales_cap))
            if cost_of_sales_cap is not None and np.isfinite(ratio).any()
            else np.nan
        )
        rows.append(
            {
                "revenue_change_pct": round(100.0 * (factor - 1.0), 6),
                "total_pay": float(pay.mean()),
                "revenue_collected": float(revenue.mean()),
                "cost_of_sales_pct": 100.0 * float(np.nanmean(ratio))
                if np.isfinite(ratio).any()
                else np.nan,
                "over_cap_pct": over,
            }
        )
    return pd.DataFrame(rows)
