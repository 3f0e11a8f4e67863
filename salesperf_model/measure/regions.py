"""Region drill-down: pay, revenue, cost of sales and attainment of each region's reps.

A plan that looks affordable overall can be dear in the small-market regions where
quota is hard to reach; regional sales directors read their own line first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.attainment import rep_attainment
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.outcomes import Outcomes


def region_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """One row per region (largest pay first), then ``all``.

    Columns: ``region``, ``reps`` (seats), ``pay`` and ``revenue_collected`` (money over
    the horizon, mean over simulations), ``pay_per_rep`` (money), ``cost_of_sales_pct``
    (pay / collected revenue x 100, mean over simulations), ``attainment_median`` (median
    rep attainment, share of quota, pooled over simulations) and ``at_quota_pct`` (% of
    reps at 100% or more, mean over simulations)."""
    codes, labels = pd.factorize(outcomes.reps["region"].astype(str), sort=True)
    groups = len(labels) + 1  # the regions, then everyone
    member = np.zeros((len(codes), groups), dtype=bool)
    member[np.arange(len(codes)), codes] = True
    member[:, -1] = True
    weights = member.astype(float)
    pay = rep_totals(result)["total"] @ weights  # (sims, groups)
    revenue = outcomes.get("revenue_collected").sum(axis=2) @ weights
    attainment = rep_attainment(result, outcomes)
    known = ~np.isnan(attainment)
    at_quota = (np.where(known, attainment, 0.0) >= 1.0).astype(float) @ weights
    with_quota = known.astype(float) @ weights
    medians = [
        float(np.median(attainment[:, member[:, g]][known[:, member[:, g]]]))
        if known[:, member[:, g]].any()
        else np.nan
        for g in range(groups)  # one median per region: a handful, not a loop over reps
    ]
    with np.errstate(all="ignore"):
        cost_of_sales = np.where(revenue > 0, 100.0 * pay / revenue, np.nan)
        at_quota_pct = np.where(with_quota > 0, 100.0 * at_quota / with_quota, np.nan)
    reps = member.sum(axis=0)
    table = pd.DataFrame(
        {
            "region": [*labels, "all"],
            "reps": reps,
            "pay": pay.mean(axis=0),
            "revenue_collected": revenue.mean(axis=0),
            "pay_per_rep": pay.mean(axis=0) / reps,
            "cost_of_sales_pct": np.nanmean(cost_of_sales, axis=0)
            if np.isfinite(cost_of_sales).any()
            else np.nan,
            "attainment_median": medians,
            "at_quota_pct": at_quota_pct.mean(axis=0),
        }
    )
    regions = table.iloc[:-1].sort_values("pay", ascending=False, kind="stable")
    return pd.concat([regions, table.iloc[-1:]], ignore_index=True)
