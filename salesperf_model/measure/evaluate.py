"""Pay every plan on the same outcomes (common random numbers), with the variants the cost
metrics need, and measure each plan's draws."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd

from salesperf_model.measure.registry import plan_draws
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.measure.variants import SALES_MONEY, revenue_at_quota, revenue_scaled
from salesperf_model.outcomes import Outcomes

#: What a plan is to ``run_plan``: a ``Scenario`` for the engine, anything for a test.
Plan = TypeVar("Plan")

#: One budget for every plan, or plan name -> budget (None: no budget).
Budget = float | None | Mapping[str, float | None]


@dataclass(frozen=True)
class PlanEvaluation:
    """One plan paid on the shared outcomes, plus the two variants cost metrics need:
    pay at target (``revenue_at_quota``) and pay after 1% more sales."""

    name: str
    result: PlanResultLike
    draws: pd.DataFrame  # simulation x metric
    at_target: PlanResultLike | None = None
    bumped: PlanResultLike | None = None
    #: ``rep_totals(result)``, the sums the draws were measured on: kept so that reducing
    #: the result to its horizon (``measure.horizon.horizon_result``) does not sum again
    totals: dict[str, np.ndarray] | None = field(default=None, repr=False, compare=False)


def _budget_for(budget: Budget, plan: str) -> float | None:
    return budget.get(plan) if isinstance(budget, Mapping) else budget


def evaluate_plans(
    plans: Mapping[str, Plan],
    outcomes: Outcomes,
    run_plan: Callable[[Outcomes, Plan], PlanResultLike],
    *,
    variants: bool = True,
    bump: float = 0.01,
    total_pay_budget: Budget = None,
    cost_of_sales_budget: Budget = None,
    keep_totals: bool = False,
    reuse_points: bool = False,
) -> dict[str, PlanEvaluation]:
    """Pay every plan (name -> scenario) on the same outcomes with ``run_plan`` and measure
    it. With ``variants`` each plan is also paid at target and after 1% more sales, for
    pay at target and marginal cost (three engine runs per plan). A budget is one number
    for every plan, or plan name -> number (each scenario's own ``budget`` section).
    ``keep_totals``: keep each plan's per-seat pay totals (``PlanEvaluation.totals``) for
    a caller that reduces the result to its horizon next. ``reuse_points``: ``run_plan``
    is the engine's (it takes ``same_points`` and ``kpi_points_kept``), so a variant is
    paid with the plan's own points of the KPIs no variant changes (``_pay_variant``).

    Only each seat's total pay is read of a variant, so each is kept as that alone
    (``measure.horizon.horizon_result(total_only=True)``, the same figures). The
    variants' outcomes are made once for several plans, and for a single plan (a chunk
    of a comparison) just before each is paid, so the two are never held together: the
    full variant results and outcomes took half the memory of a 100,000-rep chunk."""
    several = variants and len(plans) > 1
    at_quota = revenue_at_quota(outcomes) if several else None
    more_sales = revenue_scaled(outcomes, 1.0 + bump) if several else None
    evaluations = {}
    for name, scenario in plans.items():
        result = run_plan(outcomes, scenario)
        at_target = bumped = None
        if variants:
            pay_variant = functools.partial(
                _pay_variant,
                run_plan,
                scenario=scenario,
                own=result if reuse_points else None,
                outcomes=outcomes,
            )
            quota_paid = at_quota if at_quota is not None else revenue_at_quota(outcomes)
            at_target = pay_variant(quota_paid)
            del quota_paid
            sales_paid = (
                more_sales if more_sales is not None else revenue_scaled(outcomes, 1.0 + bump)
            )
            bumped = pay_variant(sales_paid)
            del sales_paid
        totals = rep_totals(result)
        draws = plan_draws(
            result,
            outcomes,
            totals=totals,
            at_target=at_target,
            bumped=bumped,
            bump=bump,
            total_pay_budget=_budget_for(total_pay_budget, name),
            cost_of_sales_budget=_budget_for(cost_of_sales_budget, name),
        )
        evaluations[name] = PlanEvaluation(
            name, result, draws, at_target, bumped, totals if keep_totals else None
        )
    return evaluations


def _pay_variant(
    run_plan: Callable,
    variant: Outcomes,
    *,
    scenario: Plan,
    own: PlanResultLike | None,
    outcomes: Outcomes,
) -> PlanResultLike:
    """``run_plan`` of ``scenario`` on a variant of ``outcomes``, reduced to total pay
    (``_total_only``). With the plan's ``own`` result (``reuse_points``: the engine's
    ``run_plan``), the points of the KPIs no variant changes (they read no sales money:
    ``engine.scoring_setup``) are handed over, not scored twice more, where the variant
    has the same measures (the same KPIs scorable, at the same weights), no KPI points
    are kept (a variant's are never read), and the pay is kept as each seat's total
    alone (``engine.PaidTotals``: the components are rounded and summed in one pass)."""
    if own is None:
        return _total_only(run_plan(variant, scenario))
    from salesperf_model.engine.scoring_setup import points_reading_none

    same = None
    if variant.measures.keys() == outcomes.measures.keys():
        same = points_reading_none(own.kpi_points, SALES_MONEY)
    result = run_plan(
        variant, scenario, same_points=same, kpi_points_kept=False, seat_totals_only=True
    )
    return _total_only(result)


def _total_only(result: PlanResultLike) -> PlanResultLike:
    """A variant's result reduced to each seat's total pay over the horizon (all its
    metrics read); a result that is not the engine's (a test's stand-in) as it is."""
    from salesperf_model.engine.run import PaidTotals
    from salesperf_model.measure.horizon import horizon_result

    engine_result = hasattr(result, "payouts") and hasattr(result, "review_of_month")
    if not engine_result and not isinstance(result, PaidTotals):  # its total pay alone
        return result
    return horizon_result(result, total_only=True)
