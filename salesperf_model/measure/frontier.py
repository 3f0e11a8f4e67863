"""The cost-vs-fairness frontier: the plans no other plan beats on both cost and
fairness, beyond the Monte Carlo error when the draws are given."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesperf_model.measure.registry import metric
from salesperf_model.measure.statistics import paired_difference, resolved


def _default_fairness_metric(means: pd.DataFrame) -> str:
    """Merit alignment, or the gender pay gap where merit is unknown (real data) and the
    gap has a value: an empty stand-in would pass for a frontier."""
    merit = means.get("merit_alignment_pay")
    if merit is not None and merit.notna().any():
        return "merit_alignment_pay"
    gap = means.get("gender_pay_gap_mean")
    if gap is not None and gap.notna().any():
        return "gender_pay_gap_mean"
    return "merit_alignment_pay" if merit is not None else "gender_pay_gap_mean"


def frontier_note(table: pd.DataFrame, *, reps: int) -> str | None:
    """Why a frontier table names no plan (no fairness figure has a value), or None when
    it has one: a reader must not take an empty frontier for every plan being on it."""
    if table["fairness"].notna().any():
        return None
    if reps < 2:
        return f"no fairness figure can be measured with {reps} rep: no frontier"
    return "no fairness figure can be measured on these data: no frontier"


def _orient(values: np.ndarray, fairness_metric: str) -> np.ndarray:
    """Fairness values turned so that higher is fairer (gaps by their absolute size)."""
    if "gap" in fairness_metric:
        return -np.abs(values)
    if metric(fairness_metric).higher_is_better is False:
        return -values
    return values


def _significant_sides(
    draws: Mapping[str, pd.DataFrame], plans: list[str], cost_metric: str, fairness_metric: str
) -> tuple[np.ndarray, np.ndarray]:
    """[i, j] = +1 where plan j is better than plan i beyond the Monte Carlo error (paired
    by simulation index), -1 where worse, 0 within it; for cost, then fairness."""
    n = len(plans)
    cost_side, fair_side = np.zeros((n, n)), np.zeros((n, n))
    for i, a in enumerate(plans):
        for j, b in enumerate(plans):
            if i == j:
                continue
            for side, name, sign in (
                (cost_side, cost_metric, -1.0),
                (fair_side, fairness_metric, 1.0),
            ):
                values_a = draws[a][name].to_numpy(float)
                values_b = draws[b][name].to_numpy(float)
                if name == fairness_metric:
                    values_a, values_b = _orient(values_a, name), _orient(values_b, name)
                diff = paired_difference(values_b, values_a)
                if resolved(diff["difference_low"], diff["difference_high"]):
                    side[i, j] = sign * np.sign(diff["difference"])
    return cost_side, fair_side


def frontier(
    summary: pd.DataFrame,
    cost_metric: str = "total_pay",
    fairness_metric: str | None = None,
    *,
    draws: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Cost-vs-fairness frontier: the plans no other plan beats on both (lower cost and
    fairer, at least one strictly). ``summary`` is ``summarize_plans`` output.

    With ``draws`` (plan -> per-simulation metric draws, paired by index), a plan that
    is no worse on both beats another only when it is better on at least one beyond the
    Monte Carlo error (its 95% paired interval excludes zero): differences within the
    noise dominate nothing. ``fairness_metric`` defaults to merit alignment,
    or the absolute gender pay gap on real data. Gap metrics are compared by absolute size.
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
    goodness = _orient(fair, fairness_metric)
    plans = list(means.index)
    cheaper_or_equal = cost[None, :] <= cost[:, None]  # [i, j]: j costs no more than i
    fairer_or_equal = goodness[None, :] >= goodness[:, None]
    if draws is not None:
        cost_side, fair_side = _significant_sides(draws, plans, cost_metric, fairness_metric)
        strictly = (cost_side > 0) | (fair_side > 0)
    else:
        strictly = (cost[None, :] < cost[:, None]) | (goodness[None, :] > goodness[:, None])
    dominates = cheaper_or_equal & fairer_or_equal & strictly  # [i, j]: j dominates i
    measured = bool(np.isfinite(fair).any())  # NaN is never beaten: all would be "on" it
    return pd.DataFrame(
        {
            "plan": plans,
            "cost_metric": cost_metric,
            "cost": cost,
            "fairness_metric": fairness_metric,
            "fairness": fair,
            "on_frontier": ~dominates.any(axis=1) & measured,
            "dominated_by": [", ".join(p for p, d in zip(plans, row) if d) for row in dominates],
        }
    )
