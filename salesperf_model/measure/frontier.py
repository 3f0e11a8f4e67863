"""The cost-vs-fairness frontier: the plans no other plan beats on both cost and
fairness."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.registry import metric


def _default_fairness_metric(means: pd.DataFrame) -> str:
    """Merit alignment, or the gender pay gap where merit is unknown (real data)."""
    merit = means.get("merit_alignment_pay")
    if merit is not None and merit.notna().any():
        return "merit_alignment_pay"
    return "gender_pay_gap_mean"


def frontier(
    summary: pd.DataFrame,
    cost_metric: str = "total_pay",
    fairness_metric: str | None = None,
) -> pd.DataFrame:
    """Cost-vs-fairness frontier: the plans no other plan beats on both (lower cost and
    fairer, at least one strictly). ``summary`` is ``summarize_plans`` output.

    ``fairness_metric`` defaults to merit alignment, or the absolute gender pay gap on
    real data. Gap metrics are compared by absolute size.
    Columns: ``plan, cost_metric, cost, fairness_metric, fairness, on_frontier,
    dominated_by``.
    """
    means = summary.pivot_table(
        index="plan", columns="metric", values="mean", dropna=False, sort=False
    )
    if fairness_metric is None:
        fairness_metric = _default_fairness_metric(means)
    for name in (cost_metric, fairness_metric):
        if name not in means.columns:
            raise KeyError(
                f"frontier metric {name!r} not in the summary; available: {list(means.columns)}"
            )
    cost = means[cost_metric].to_numpy(dtype=float)
    fair = means[fairness_metric].to_numpy(dtype=float)
    if "gap" in fairness_metric:
        goodness = -np.abs(fair)
    elif metric(fairness_metric).higher_is_better is False:
        goodness = -fair
    else:
        goodness = fair
    cheaper_or_equal = cost[None, :] <= cost[:, None]  # [i, j]: plan j costs no more than i
    fairer_or_equal = goodness[None, :] >= goodness[:, None]
    strictly = (cost[None, :] < cost[:, None]) | (goodness[None, :] > goodness[:, None])
    dominates = cheaper_or_equal & fairer_or_equal & strictly  # [i, j]: j dominates i
    plans = list(means.index)
    return pd.DataFrame(
        {
            "plan": plans,
            "cost_metric": cost_metric,
            "cost": cost,
            "fairness_metric": fairness_metric,
            "fairness": fair,
            "on_frontier": ~dominates.any(axis=1),
            "dominated_by": [", ".join(p for p, d in zip(plans, row) if d) for row in dominates],
        }
    )
