"""What the company keeps under a plan: its change in collected revenue minus its change in
total pay against the baseline, and differences between two plans, each with its 95% Monte
Carlo interval, paired by simulation (every plan meets the same simulated sales force)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.present.verdict_words import Estimate, estimate, row_estimate

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

PAY, REVENUE = "total_pay", "revenue_collected"


def metric_draws(run: Run, plan: str, metric: str) -> np.ndarray | None:
    """``plan``'s per-simulation draws of ``metric`` (None when the run keeps none); total
    pay with pay still owed at the end of the period counted (a commission holdback's last
    months, cost_drivers.accrued_pay_draws): a deferral is not a saving."""
    if metric == PAY:
        from salesperf_model.present.cost_drivers import accrued_pay_draws

        return accrued_pay_draws(run, plan)
    evaluation = (getattr(run, "evaluations", None) or {}).get(plan)
    draws = getattr(evaluation, "draws", None)
    if draws is None or metric not in draws:
        return None
    return draws[metric].to_numpy(dtype=float)


def paired(run: Run, plan: str, other: str, *, metric: str) -> Estimate | None:
    """``plan`` minus ``other`` on ``metric``, paired by simulation; None without draws."""
    mine, theirs = metric_draws(run, plan, metric), metric_draws(run, other, metric)
    if mine is None or theirs is None or mine.size != theirs.size:
        return None
    return estimate(mine - theirs)


def _kept_draws(run: Run, plan: str) -> np.ndarray | None:
    revenue, pay = metric_draws(run, plan, REVENUE), metric_draws(run, plan, PAY)
    if pay is None:
        return None
    return (revenue if revenue is not None else np.zeros_like(pay)) - pay


def _row(run: Run, plan: str, metric: str) -> pd.Series | None:
    comparison = run.tables.get("comparison")
    if comparison is None:
        return None
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def _from_rows(run: Run, plan: str) -> Estimate:
    """From the comparison table alone: the two changes' intervals combined as if
    independent (wider than the paired interval, so no tie is hidden)."""
    if plan == run.baseline:
        return Estimate(0.0, 0.0, 0.0)
    parts = [_row(run, plan, REVENUE), _row(run, plan, PAY)]
    if parts[1] is None:
        return Estimate(np.nan, np.nan, np.nan)
    revenue, pay = (row_estimate(r) if r is not None else Estimate(0.0, 0.0, 0.0) for r in parts)
    value = revenue.value - pay.value
    half = np.hypot((revenue.high - revenue.low) / 2, (pay.high - pay.low) / 2)
    return Estimate(value, value - half, value + half)


def kept(run: Run, plan: str) -> Estimate:
    """What the company keeps under ``plan`` against the baseline (revenue change minus
    pay change), with its paired 95% interval."""
    mine, base = _kept_draws(run, plan), _kept_draws(run, run.baseline)
    if mine is None or base is None or mine.size != base.size:
        return _from_rows(run, plan)
    return estimate(mine - base)


def kept_between(run: Run, plan: str, other: str) -> Estimate:
    """What the company keeps under ``plan`` minus under ``other``."""
    mine, theirs = _kept_draws(run, plan), _kept_draws(run, other)
    if mine is not None and theirs is not None and mine.size == theirs.size:
        return estimate(mine - theirs)
    a, b = kept(run, plan), kept(run, other)
    half = np.hypot((a.high - a.low) / 2, (b.high - b.low) / 2)  # as if independent
    return Estimate(a.value - b.value, a.value - b.value - half, a.value - b.value + half)
