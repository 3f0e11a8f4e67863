"""Plans ranked for a director: the cost-fairness frontier first, then by how many plans beat them, then cheapest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from salesperf_model.measure.decision import DecisionResult
    from salesperf_model.pipeline import Run


def ranking(run: Run, *, decision: DecisionResult | None = None) -> pd.DataFrame:
    """Plans ranked for a director: first the plans no other plan beats on both cost and
    fairness (the frontier), then by how many plans beat them, then cheapest first.

    Columns: ``rank, plan, total_pay, change_pct, revenue_change_pct, fairness_metric,
    fairness, on_frontier, beaten_by, losers_pct, keep_whole_cost`` (``revenue_change_pct``:
    collected revenue vs the baseline, paired; ``losers_pct``: % of reps losing more than
    the ``decision``'s threshold, ``keep_whole_cost``: topping them up; NaN without one)."""
    frontier = run.tables["frontier"].copy()
    headline = run.tables["headline"].set_index("plan")
    frontier["beaten_by"] = (
        frontier["dominated_by"]
        .fillna("")
        .map(lambda text: len([p for p in str(text).split(", ") if p]))
    )
    frontier["change_pct"] = frontier["plan"].map(headline["change_vs_baseline_pct"])
    frontier["revenue_change_pct"] = (
        frontier["plan"].map(headline["revenue_change_vs_baseline_pct"])
        if "revenue_change_vs_baseline_pct" in headline
        else np.nan
    )
    if frontier["fairness"].isna().all():  # fairness not measured: no cost-fairness trade-off
        frontier["on_frontier"] = False
    frontier["losers_pct"] = frontier["keep_whole_cost"] = np.nan
    if decision is not None:
        verdicts = decision.verdicts
        frontier["losers_pct"] = [
            next(c.value for c in verdicts[p].checks if c.condition == "disruption")
            for p in frontier["plan"]
        ]
        frontier["keep_whole_cost"] = [verdicts[p].keep_whole_cost for p in frontier["plan"]]
    frontier = frontier.sort_values(["beaten_by", "cost"], kind="stable").reset_index(drop=True)
    frontier.insert(0, "rank", np.arange(1, len(frontier) + 1))
    return frontier.rename(columns={"cost": "total_pay"})[
        [
            "rank",
            "plan",
            "total_pay",
            "change_pct",
            "revenue_change_pct",
            "fairness_metric",
            "fairness",
            "on_frontier",
            "beaten_by",
            "losers_pct",
            "keep_whole_cost",
        ]
    ]
