"""Compare plans paid on the same outcomes, metric by metric: Monte Carlo summaries and
paired differences against a baseline.

Every plan is paid on the very same simulated outcomes (common random numbers), so the
difference between two plans is computed simulation by simulation and its Monte Carlo
standard error is that of a paired difference, far smaller than either plan's spread.
Column dictionaries are in docs/metrics.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesperf_model.measure.registry import metric, plan_draws, skipped_metrics
from salesperf_model.measure.statistics import (
    monte_carlo_summary,
    paired_difference,
    resolved,
    standard_error,
)
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: Columns of :func:`compare_draws`, in order.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "plan",
    "metric",
    "unit",
    "needs_truth",
    "higher_is_better",
    "baseline",
    "alternative",
    "difference",
    "difference_pct",
    "difference_se",
    "difference_low",
    "difference_high",
    "difference_p5",
    "difference_p95",
    "better",
    "note",
)


#: A comparison of one simulation: no interval, nothing better or worse (one set of
#: actual results is a fact, with no Monte Carlo error; one simulation is a draw).
ONE_SIMULATION = "one simulation: no 95% interval, so no verdict; run 2 or more"


def _notes(outcomes: Outcomes | None) -> dict[str, str]:
    return {} if outcomes is None else skipped_metrics(outcomes)


def summarize_plans(
    draws_by_plan: Mapping[str, pd.DataFrame], outcomes: Outcomes | None = None
) -> pd.DataFrame:
    """One row per plan and metric: ``plan, metric, unit, needs_truth, higher_is_better,
    mean, mean_se, p5, p50, p95, note``: ``mean_se`` is the Monte Carlo standard error of
    the mean (0 on one set of real results), p5-p95 the spread over simulations; note says
    why a metric is missing. Every column of the draws must be a registered metric."""
    notes = _notes(outcomes)
    frames = []
    for plan, draws in draws_by_plan.items():
        declared = [metric(name) for name in draws.columns]
        stats = monte_carlo_summary(draws.to_numpy(dtype=float))
        values = draws.to_numpy(dtype=float)
        table = pd.DataFrame(
            {"metric": list(draws.columns), "mean": stats.pop("mean")}
            | {"mean_se": standard_error(values)}
            | stats
        )
        table.insert(0, "plan", plan)
        table.insert(2, "unit", [m.unit for m in declared])
        table.insert(3, "needs_truth", [m.needs_truth for m in declared])
        table.insert(4, "higher_is_better", [m.higher_is_better for m in declared])
        table["note"] = [notes.get(m, "") for m in table["metric"]]
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def _comparison_row(
    plan: str, name: str, alternative: pd.Series, baseline: pd.Series, note: str
) -> dict[str, object]:
    """One plan's metric against the baseline's, paired over simulations."""
    declared = metric(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        base_mean = float(np.nanmean(baseline))
        alt_mean = float(np.nanmean(alternative))
    diff = paired_difference(alternative.to_numpy(), baseline.to_numpy())
    direction = declared.higher_is_better
    better = None
    if direction is not None and resolved(diff["difference_low"], diff["difference_high"]):
        better = bool((diff["difference"] > 0) == direction)
    with np.errstate(all="ignore"):
        pct = 100.0 * diff["difference"] / abs(base_mean) if base_mean else np.nan
    return {
        "plan": plan,
        "metric": name,
        "unit": declared.unit,
        "needs_truth": declared.needs_truth,
        "higher_is_better": direction,
        "baseline": base_mean,
        "alternative": alt_mean,
        **diff,
        "difference_pct": pct,
        "better": better,
        "note": note,
    }


def compare_draws(
    draws_by_plan: Mapping[str, pd.DataFrame], baseline: str, outcomes: Outcomes | None = None
) -> pd.DataFrame:
    """Per plan (the baseline included, with zero differences) and metric: baseline,
    alternative (Monte Carlo means), their paired difference with standard error.

    Columns: :data:`COMPARISON_COLUMNS`. ``difference_pct`` is the difference in % of the
    baseline mean; ``difference_low`` / ``_high`` its 95% interval; ``better`` is
    True/False only where the metric has a direction and the interval excludes zero
    (a difference within the Monte Carlo error is neither better nor worse; with one
    simulation, not of actual results, there is no interval and no verdict). Every column
    of the draws must be a registered metric.
    """
    if baseline not in draws_by_plan:
        raise KeyError(f"baseline plan {baseline!r} not among the plans {list(draws_by_plan)}")
    notes = _notes(outcomes)
    base = draws_by_plan[baseline]
    single = len(base) == 1 and (outcomes is None or outcomes.source != "actuals")
    rows = []
    for plan, draws in draws_by_plan.items():
        if len(draws) != len(base):
            raise ValueError(
                f"plan {plan!r} has {len(draws)} simulations, baseline {baseline!r} has "
                f"{len(base)}: plans must be paid on the same outcomes"
            )
        for name in draws.columns:
            if name not in base.columns:
                continue
            note = notes.get(name, "")
            row = _comparison_row(plan, name, draws[name], base[name], note)
            if single:  # one simulation: its Monte Carlo error is there, but unknown
                row.update(difference_low=np.nan, difference_high=np.nan, better=None)
                row["note"] = "; ".join(filter(None, [note, ONE_SIMULATION]))
            rows.append(row)
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def compare(
    results: Mapping[str, PlanResultLike],
    baseline: str | PlanResultLike,
    outcomes: Outcomes,
    *,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
) -> pd.DataFrame:
    """Compare plan results (name -> PlanResult, all paid on ``outcomes``) with the
    baseline (its name in ``results``, or a PlanResult, then named by its scenario_name),
    metric by metric: see :func:`compare_draws` for the columns. Cost metrics that need
    extra engine runs (pay at target, marginal cost) come from ``evaluate_plans``."""
    results = dict(results)
    if not isinstance(baseline, str):
        name = baseline.scenario_name
        results = {name: baseline, **{k: v for k, v in results.items() if k != name}}
        baseline = name
    draws = {
        name: plan_draws(
            result,
            outcomes,
            total_pay_budget=total_pay_budget,
            cost_of_sales_budget=cost_of_sales_budget,
        )
        for name, result in results.items()
    }
    return compare_draws(draws, baseline, outcomes)
