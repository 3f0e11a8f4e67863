"""Cost of a paid plan: totals by component and group, cost of sales, budget risk, margins.

Every function takes a ``PlanResult`` (see docs/architecture.md) and the ``Outcomes`` it
was paid on, works on whole (simulations, reps, periods) arrays, and returns either
per-simulation draws (numpy arrays, one value per simulation) or a pandas DataFrame whose
columns are listed in docs/metrics.md. Monte Carlo statistics are the mean and the 5th,
50th and 95th percentile across simulations; on real data (one simulation) all four equal
the single value.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from salesperf_model.outcomes import REP_COLUMNS, Outcomes

#: Payout components that do not depend on results: what is left is variable pay.
FIXED_COMPONENTS: tuple[str, ...] = ("base_salary", "allowances")

#: Monte Carlo statistics reported for every metric, in this column order.
STATISTICS: tuple[str, ...] = ("mean", "p5", "p50", "p95")

#: Money measures that scale with sales volume (booked side).
BOOKED_MONEY: tuple[str, ...] = (
    "revenue_booked_new",
    "revenue_booked_existing",
    "revenue_booked_big",
    "revenue_upsell",
    "gross_profit",
    "channel_revenue",
    "new_product_revenue",
)
#: Money measures that scale with cash collection (collected side, with what fell due).
COLLECTED_MONEY: tuple[str, ...] = (
    "revenue_collected_new",
    "revenue_collected_existing",
    "revenue_collected_big",
    "receivable",
)


class PlanResultLike(Protocol):
    """The fields of ``salesperf_model.engine.run.PlanResult`` this module reads."""

    scenario_name: str
    payouts: dict[str, np.ndarray]
    attainment: np.ndarray
    grades: np.ndarray
    review_of_month: np.ndarray

    def total_pay(self) -> np.ndarray: ...


@dataclass(frozen=True)
class Metric:
    """What a metric means: shown in tables and checked against docs/metrics.md."""

    name: str
    unit: str
    higher_is_better: bool | None
    needs_truth: bool
    description: str


COST_METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "total_pay",
            "money",
            higher_is_better=False,
            needs_truth=False,
            description="all payouts, all reps, whole horizon",
        ),
        Metric(
            "fixed_pay",
            "money",
            higher_is_better=False,
            needs_truth=False,
            description="base salary plus allowances",
        ),
        Metric(
            "variable_pay",
            "money",
            higher_is_better=False,
            needs_truth=False,
            description="commission plus every bonus",
        ),
        Metric(
            "variable_pay_share",
            "%",
            higher_is_better=None,
            needs_truth=False,
            description="variable pay / total pay x 100",
        ),
        Metric(
            "revenue_booked",
            "money",
            higher_is_better=True,
            needs_truth=False,
            description="booked revenue, all reps",
        ),
        Metric(
            "revenue_collected",
            "money",
            higher_is_better=True,
            needs_truth=False,
            description="collected cash, all reps",
        ),
        Metric(
            "cost_of_sales_booked",
            "ratio",
            higher_is_better=False,
            needs_truth=False,
            description="total pay / booked revenue",
        ),
        Metric(
            "cost_of_sales_collected",
            "ratio",
            higher_is_better=False,
            needs_truth=False,
            description="total pay / collected revenue",
        ),
        Metric(
            "pay_at_target",
            "money",
            higher_is_better=False,
            needs_truth=False,
            description="total pay if every rep booked and collected exactly quota each month",
        ),
        Metric(
            "expected_over_target_pay",
            "ratio",
            higher_is_better=None,
            needs_truth=False,
            description="total pay / pay at target (above 1 under convex curves)",
        ),
        Metric(
            "marginal_cost",
            "money per money",
            higher_is_better=False,
            needs_truth=False,
            description="extra pay per extra unit of booked revenue when all sales rise 1%",
        ),
        Metric(
            "over_budget_total_pay",
            "probability",
            higher_is_better=False,
            needs_truth=False,
            description="share of simulations whose total pay exceeds the total-pay budget",
        ),
        Metric(
            "over_budget_cost_of_sales",
            "probability",
            higher_is_better=False,
            needs_truth=False,
            description="share of simulations whose collected cost of sales exceeds its cap",
        ),
    )
}


def monte_carlo_summary(draws: np.ndarray) -> dict[str, np.ndarray]:
    """Mean and 5th / 50th / 95th percentile over the first axis (simulations).

    NaN draws (a metric undefined in some simulation) are left out.
    """
    draws = np.asarray(draws, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN metric: NaN statistics
        p5, p50, p95 = np.nanpercentile(draws, [5, 50, 95], axis=0)
        return {"mean": np.nanmean(draws, axis=0), "p5": p5, "p50": p50, "p95": p95}


def summarize_draws(draws: pd.DataFrame, units: dict[str, Metric] | None = None) -> pd.DataFrame:
    """Turn a (simulation x metric) table of draws into one row per metric with
    ``metric, unit, needs_truth, mean, p5, p50, p95``."""
    stats = monte_carlo_summary(draws.to_numpy(dtype=float))
    table = pd.DataFrame({"metric": list(draws.columns), **stats})
    if units is not None:
        table.insert(1, "unit", [units[m].unit if m in units else "" for m in draws.columns])
        table.insert(
            2, "needs_truth", [units[m].needs_truth if m in units else False for m in draws.columns]
        )
    return table


def rep_totals(result: PlanResultLike) -> dict[str, np.ndarray]:
    """Each payout component summed over the horizon, (simulations, reps); plus ``total``,
    ``fixed`` and ``variable``."""
    components = {
        name: np.asarray(v, dtype=float).sum(axis=2) for name, v in result.payouts.items()
    }
    if not components:
        raise ValueError(f"plan {result.scenario_name!r}: PlanResult.payouts is empty")
    total = sum(components.values())
    fixed = sum((components[c] for c in FIXED_COMPONENTS if c in components), np.zeros_like(total))
    return {**components, "total": total, "fixed": fixed, "variable": total - fixed}


def _stats_frame(draws: np.ndarray, **labels: Any) -> pd.DataFrame:
    stats = monte_carlo_summary(draws)
    return pd.DataFrame({**labels, **stats})


def cost_by_component(result: PlanResultLike) -> pd.DataFrame:
    """Total pay of the whole population over the horizon, per payout component.

    Columns: ``component`` (each payout component, then ``fixed``, ``variable``,
    ``total``), ``mean, p5, p50, p95`` (money), ``share_of_total_pct`` (mean component /
    mean total x 100).
    """
    totals = rep_totals(result)
    names = [*result.payouts, "fixed", "variable", "total"]
    draws = np.stack([totals[n].sum(axis=1) for n in names], axis=1)  # (sims, components)
    table = _stats_frame(draws, component=names)
    mean_total = table.loc[table["component"] == "total", "mean"].iloc[0]
    with np.errstate(all="ignore"):
        table["share_of_total_pct"] = 100.0 * table["mean"] / mean_total
    return table


def _group_matrix(outcomes: Outcomes, by: str) -> tuple[np.ndarray, pd.Index]:
    """One-hot (reps, groups) matrix for a rep-table column, so group sums are one matmul."""
    if by not in outcomes.reps.columns:
        raise KeyError(
            f"cannot group by {by!r}: not a rep-table column; expected one of "
            f"{list(outcomes.reps.columns)} (standard: {list(REP_COLUMNS)})"
        )
    codes, labels = pd.factorize(outcomes.reps[by], sort=True)
    onehot = np.zeros((len(codes), len(labels)))
    onehot[np.arange(len(codes)), codes] = 1.0
    return onehot, pd.Index(labels, name=by)


def cost_by(result: PlanResultLike, outcomes: Outcomes, by: str = "role") -> pd.DataFrame:
    """Pay per group of reps (``by`` is a rep-table column: role, region, team, group,
    region_tier or rep_id), per component.

    Columns: ``<by>``, ``component``, ``reps`` (seats in the group), ``mean, p5, p50, p95``
    (group total, money), ``mean_per_rep`` (money per seat).
    """
    onehot, labels = _group_matrix(outcomes, by)
    totals = rep_totals(result)
    names = [*result.payouts, "fixed", "variable", "total"]
    frames = []
    for name in names:  # a handful of components; the sums are vectorised
        draws = totals[name] @ onehot  # (sims, groups)
        frame = _stats_frame(draws, **{by: labels, "component": name})
        frame.insert(2, "reps", onehot.sum(axis=0).astype(int))
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["mean_per_rep"] = table["mean"] / table["reps"]
    return table.sort_values([by, "component"], kind="stable").reset_index(drop=True)


def cost_draws(
    result: PlanResultLike,
    outcomes: Outcomes,
    *,
    at_target: PlanResultLike | None = None,
    bumped: PlanResultLike | None = None,
    bump: float = 0.01,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
    totals: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Every cost metric per simulation: a DataFrame indexed by ``simulation`` with one
    column per :data:`COST_METRICS` entry that can be computed.

    ``at_target`` is the same plan paid on :func:`revenue_at_quota` outcomes and
    ``bumped`` the same plan paid on :func:`revenue_scaled` ``(1 + bump)`` outcomes; the
    metrics that need them, or a budget, are left out when they are not given.
    ``totals`` is ``rep_totals(result)`` when the caller has it already.
    """
    totals = totals or rep_totals(result)
    total = totals["total"].sum(axis=1)
    booked = outcomes.get("revenue_booked").sum(axis=(1, 2))
    collected = outcomes.get("revenue_collected").sum(axis=(1, 2))
    with np.errstate(all="ignore"):
        columns: dict[str, np.ndarray] = {
            "total_pay": total,
            "fixed_pay": totals["fixed"].sum(axis=1),
            "variable_pay": totals["variable"].sum(axis=1),
            "variable_pay_share": 100.0 * totals["variable"].sum(axis=1) / total,
            "revenue_booked": booked,
            "revenue_collected": collected,
            "cost_of_sales_booked": np.where(booked > 0, total / booked, np.nan),
            "cost_of_sales_collected": np.where(collected > 0, total / collected, np.nan),
        }
        if at_target is not None:
            target_total = rep_totals(at_target)["total"].sum(axis=1)
            columns["pay_at_target"] = target_total
            columns["expected_over_target_pay"] = total / target_total
        if bumped is not None:
            columns["marginal_cost"] = marginal_cost(result, bumped, outcomes, bump)
    if total_pay_budget is not None:
        columns["over_budget_total_pay"] = (total > total_pay_budget).astype(float)
    if cost_of_sales_budget is not None:
        ratio = columns["cost_of_sales_collected"]
        columns["over_budget_cost_of_sales"] = np.where(
            np.isnan(ratio), np.nan, (ratio > cost_of_sales_budget).astype(float)
        )
    table = pd.DataFrame(columns)
    table.index.name = "simulation"
    return table


def marginal_cost(
    result: PlanResultLike, bumped: PlanResultLike, outcomes: Outcomes, bump: float = 0.01
) -> np.ndarray:
    """Extra pay per extra unit of booked revenue, per simulation: the same plan paid on
    outcomes whose every sales-money measure is ``1 + bump`` times larger (quotas fixed).

    A finite difference rather than a regression: it answers "what does the next 1% of
    sales cost under this plan", which is what a convex curve makes expensive.
    """
    extra_pay = rep_totals(bumped)["total"].sum(axis=1) - rep_totals(result)["total"].sum(axis=1)
    extra_revenue = bump * outcomes.get("revenue_booked").sum(axis=(1, 2))
    with np.errstate(all="ignore"):
        return np.where(extra_revenue > 0, extra_pay / extra_revenue, np.nan)


def _with_measures(outcomes: Outcomes, measures: dict[str, np.ndarray]) -> Outcomes:
    return Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures={**outcomes.measures, **measures},
        truth=outcomes.truth,
        source=outcomes.source,
        meta=outcomes.meta,
    )


def revenue_scaled(outcomes: Outcomes, factor: float) -> Outcomes:
    """The same outcomes with every sales-money measure (booked, collected, receivable,
    big-account, upsell, profit, channel and new-product revenue) times ``factor``.
    Quotas, counts and ratings are unchanged."""
    if not np.isfinite(factor) or factor <= 0:
        raise ValueError(f"revenue scale factor must be a positive number, got {factor!r}")
    names = [n for n in (*BOOKED_MONEY, *COLLECTED_MONEY) if n in outcomes.measures]
    return _with_measures(outcomes, {n: outcomes.measures[n] * factor for n in names})


def revenue_at_quota(outcomes: Outcomes) -> Outcomes:
    """The same outcomes with booked revenue and collected cash each equal to quota in
    every rep-month (100% attainment on either commission base).

    Each side is scaled by quota / actual so its mix (new vs existing, big accounts,
    upsell, profit) is kept; a rep-month with nothing booked (or collected) gets its
    quota as new-customer revenue for new-business reps, existing-customer revenue for
    every other role. ``receivable`` is scaled with collected cash, so the collection
    rate is unchanged where there was cash.
    """
    quota = outcomes.get("quota")
    hunter = (outcomes.reps["role"].to_numpy() == "new_business")[None, :, None]
    updated: dict[str, np.ndarray] = {}
    for side, family, new, existing in (
        ("booked", BOOKED_MONEY, "revenue_booked_new", "revenue_booked_existing"),
        ("collected", COLLECTED_MONEY, "revenue_collected_new", "revenue_collected_existing"),
    ):
        actual = outcomes.get(f"revenue_{side}")
        has = actual > 0
        with np.errstate(all="ignore"):
            factor = np.where(has, quota / np.where(has, actual, 1.0), 0.0)
        for name in family:
            updated[name] = outcomes.get(name) * factor
        updated[new] = np.where(has, updated[new], np.where(hunter, quota, 0.0))
        updated[existing] = np.where(has, updated[existing], np.where(hunter, 0.0, quota))
        if side == "collected":
            updated["receivable"] = np.where(has, updated["receivable"], quota)
    return _with_measures(outcomes, updated)


def pay_at_target_vs_expected(
    result: PlanResultLike, at_target: PlanResultLike, outcomes: Outcomes
) -> pd.DataFrame:
    """Expected pay (the plan on simulated outcomes) next to pay at target (the plan on
    :func:`revenue_at_quota` outcomes), per role and in total.

    Columns: ``role`` (``all`` for the total), ``reps``, ``expected_pay_mean``,
    ``pay_at_target_mean`` (money, mean over simulations), ``expected_over_target``
    (ratio of the means).
    """
    onehot, labels = _group_matrix(outcomes, "role")
    expected = rep_totals(result)["total"] @ onehot
    target = rep_totals(at_target)["total"] @ onehot
    expected = np.column_stack([expected, expected.sum(axis=1)]).mean(axis=0)
    target = np.column_stack([target, target.sum(axis=1)]).mean(axis=0)
    with np.errstate(all="ignore"):
        ratio = expected / target
    return pd.DataFrame(
        {
            "role": [*labels, "all"],
            "reps": [*onehot.sum(axis=0).astype(int), onehot.shape[0]],
            "expected_pay_mean": expected,
            "pay_at_target_mean": target,
            "expected_over_target": ratio,
        }
    )
