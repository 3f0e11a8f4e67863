"""Every table of a plan comparison, keyed by file-safe name: what ``salesperf compare``
writes and the reports read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.measure.compare import compare_draws, summarize_plans
from salesperf_model.measure.cost import (
    cost_by,
    cost_by_component,
    cost_by_year,
    deferred_vesting,
    pay_at_target_vs_expected,
)
from salesperf_model.measure.evaluate import PlanEvaluation
from salesperf_model.measure.fairness_comparisons import fairness_comparison_table
from salesperf_model.measure.frontier import frontier, frontier_note
from salesperf_model.measure.grade_parity import grade_parity_table
from salesperf_model.measure.headline import headline_from_draws
from salesperf_model.measure.pay_equity import pay_equity_table, pay_quartile_table
from salesperf_model.measure.registry import skipped_metrics
from salesperf_model.measure.winners_losers import GROUPINGS, winners_losers
from salesperf_model.outcomes import Outcomes

if TYPE_CHECKING:
    from salesperf_model.schema.scenario import Budget

#: Every table :func:`comparison_tables` can return (some only with variants, with an
#: alternative plan or, ``deferred_vesting``, with a deferred bonus), in file order.
TABLE_NAMES: tuple[str, ...] = (
    "headline",
    "comparison",
    "summary",
    "frontier",
    "notes",
    "cost_by_component",
    "cost_by_year",
    "deferred_vesting",
    "cost_by_role",
    "cost_by_region",
    "cost_by_rep",
    "pay_at_target",
    "pay_equity",
    "pay_quartiles",
    "grade_parity",
    "fairness_comparisons",
    *(f"winners_losers_by_{by}" for by in GROUPINGS),
)


def plan_tables(evaluation: PlanEvaluation, outcomes: Outcomes) -> dict[str, pd.DataFrame]:
    """The tables of one plan that depend on that plan alone (no baseline), each without
    its ``plan`` column: cost by component / year / role / region / rep, deferred vesting
    by year (only with deferred elements), pay at target (with
    variants), pay equity, pay quartiles, grade parity, fairness comparisons. Separate so
    that a plan's tables can be computed once and reused (``own_tables`` below)."""
    result = evaluation.result
    by_rep = cost_by(result, outcomes, "rep_id", components=["total", "variable"])
    tables = {
        "cost_by_component": cost_by_component(result),
        "cost_by_year": cost_by_year(result, list(outcomes.periods)),
        "cost_by_role": cost_by(result, outcomes, "role"),
        "cost_by_region": cost_by(result, outcomes, "region"),
        "cost_by_rep": by_rep,
    }
    if getattr(result, "deferred", None):  # only a plan with a deferred bonus
        tables["deferred_vesting"] = deferred_vesting(result, list(outcomes.periods))
    if evaluation.at_target is not None:
        tables["pay_at_target"] = pay_at_target_vs_expected(result, evaluation.at_target, outcomes)
    tables["pay_equity"] = pay_equity_table(result, outcomes)
    tables["pay_quartiles"] = pay_quartile_table(result, outcomes)
    tables["grade_parity"] = grade_parity_table(result, outcomes)
    tables["fairness_comparisons"] = fairness_comparison_table(result, outcomes)
    return tables


def comparison_tables(
    evaluations: Mapping[str, PlanEvaluation],
    baseline: str,
    outcomes: Outcomes | Mapping[str, Outcomes],
    *,
    own_tables: Mapping[str, Mapping[str, pd.DataFrame]] | None = None,
    owed: Mapping[str, np.ndarray] | None = None,
    budget: Budget | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of a comparison, keyed by a file-safe name (the CLI writes
    ``<name>.csv``): headline, comparison, summary, frontier, notes, and per plan (a
    ``plan`` column) cost by component / role / region / rep (total and variable only),
    pay at target, pay equity, pay quartiles, grade parity, fairness comparisons, and
    winners and losers by each of :data:`GROUPINGS`. ``outcomes``: what every plan was
    paid on, or plan name -> the outcomes of that plan (each simulated under its own
    behaviour; the seats are the same, so reps compare seat by seat). ``own_tables``:
    plan name -> :func:`plan_tables` already computed for it (then its ``at_target`` is
    not needed). ``owed``: plan name -> pay its holdbacks still owe at the end, per
    simulation (``measure.owed.owed_by_plan``): the frontier counts it as pay, a deferral
    being no saving, and so do the chances of exceeding the baseline's ``budget`` (as the
    decision rule reads them); the other tables show pay as paid within the horizon."""
    if baseline not in evaluations:
        raise KeyError(f"baseline plan {baseline!r} not among the plans {list(evaluations)}")
    by_plan = dict(outcomes) if isinstance(outcomes, Mapping) else {}
    outcomes = by_plan[baseline] if by_plan else outcomes
    draws = {
        name: budget_chances_owed(e.draws, (owed or {}).get(name), budget)
        for name, e in evaluations.items()
    }
    base = evaluations[baseline]
    summary = summarize_plans(draws, outcomes)
    tables: dict[str, pd.DataFrame] = {
        "headline": pd.DataFrame(
            [headline_from_draws(draws[name], draws[baseline], name) for name in evaluations]
        )
        .rename_axis("plan")
        .reset_index(),
        "comparison": compare_draws(draws, baseline, outcomes),
        "summary": summary,
        "frontier": _accrued_frontier(summary, draws, owed or {}, outcomes),
    }
    notes = skipped_metrics(outcomes)
    if why := frontier_note(tables["frontier"], reps=outcomes.n_reps):
        notes["frontier"] = why
    tables["notes"] = pd.DataFrame(
        [{"metric": m, "note": n} for m, n in notes.items()], columns=["metric", "note"]
    )
    per_plan: dict[str, list[pd.DataFrame]] = {}
    for name, evaluation in evaluations.items():
        own = (own_tables or {}).get(name)
        plan = (
            dict(own) if own is not None else plan_tables(evaluation, by_plan.get(name, outcomes))
        )
        if name != baseline:
            for by in GROUPINGS:
                plan[f"winners_losers_by_{by}"] = winners_losers(
                    evaluation.result, base.result, outcomes, by=by
                )
        for key, table in plan.items():
            per_plan.setdefault(key, []).append(table.assign(plan=name)[["plan", *table.columns]])
    tables.update({key: pd.concat(frames, ignore_index=True) for key, frames in per_plan.items()})
    return tables


def budget_chances_owed(
    draws: pd.DataFrame, owed: np.ndarray | None, budget: Budget | None
) -> pd.DataFrame:
    """``draws`` with the chances of exceeding the budget read from pay plus what is still
    owed at the end (the decision rule's reading): a plan holding pay back past the
    horizon defers it, it does not save it; the draws themselves when nothing is owed."""
    if budget is None or owed is None or not np.any(owed):
        return draws
    return budget_chances(draws.copy(), draws["total_pay"].to_numpy(float) + owed, budget)


def budget_chances(draws: pd.DataFrame, pay: np.ndarray, budget: Budget) -> pd.DataFrame:
    """``draws``' chances of exceeding the budget read from ``pay`` per simulation (set in
    place): over the total-pay budget, and over the cost-of-sales cap on collected revenue
    (NaN without revenue)."""
    if "over_budget_total_pay" in draws and budget.total_pay is not None:
        draws["over_budget_total_pay"] = (pay > budget.total_pay).astype(float)
    if "over_budget_cost_of_sales" in draws and budget.cost_of_sales is not None:
        revenue = draws["revenue_collected"].to_numpy(float)
        over = (pay / np.where(revenue > 0, revenue, 1.0) > budget.cost_of_sales).astype(float)
        draws["over_budget_cost_of_sales"] = np.where(revenue > 0, over, np.nan)
    return draws


def _accrued_frontier(
    summary: pd.DataFrame,
    draws: Mapping[str, pd.DataFrame],
    owed: Mapping[str, np.ndarray],
    outcomes: Outcomes,
) -> pd.DataFrame:
    """The frontier with pay still owed at the end counted as each plan's total pay (the
    summary's as it is when no plan owes anything)."""
    if not any(np.any(amount) for amount in owed.values()):
        return frontier(summary, draws=draws)
    accrued = {
        name: table.assign(total_pay=table["total_pay"].to_numpy(float) + owed[name])
        if name in owed and "total_pay" in table
        else table
        for name, table in draws.items()
    }
    return frontier(summarize_plans(accrued, outcomes), draws=accrued)
