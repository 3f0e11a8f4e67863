"""Paying every plan on its outcomes, measuring and comparing: the run every door shares."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from salesperf_model.cache.stages import PlanStage, StageCache
    from salesperf_model.engine import PlanResult
    from salesperf_model.measure.compare import PlanEvaluation
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Budget, Scenario
from salesperf_model.pipeline.outcomes import plan_outcomes
from salesperf_model.pipeline.plans import (
    Overrides,
    PathLike,
    Plans,
    load_plans,
    without_unscored_plans,
)


@dataclass(frozen=True)
class RunSettings:
    """How the outcomes were made and how long the whole run took (method appendix)."""

    source: str = "simulation"
    simulations: int = 0
    reps: int = 0
    periods: int = 0
    seed: int | None = None
    overrides: list[str] | dict[str, object] = field(default_factory=list)
    actuals_mapping: str | None = None
    seconds: float = 0.0
    #: Stage results taken from the cache instead of computed, one phrase each.
    reused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """Everything a report shows: the plans, the outcomes they were paid on, each plan's
    :class:`~salesperf_model.measure.compare.PlanEvaluation` (result and metric draws),
    and the comparison tables (``salesperf_model.measure.comparison_tables``; columns in
    docs/metrics.md)."""

    baseline: str
    plans: list[str]
    scenarios: dict[str, Scenario]
    sources: dict[str, str]
    outcomes: Outcomes
    evaluations: dict[str, PlanEvaluation]
    tables: dict[str, pd.DataFrame]
    skipped: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    settings: RunSettings = field(default_factory=RunSettings)
    #: plan name -> the outcomes it was paid on, when each plan was simulated under its
    #: own behaviour (empty: every plan was paid on ``outcomes``)
    outcomes_by_plan: dict[str, Outcomes] = field(default_factory=dict)

    def outcomes_of(self, plan: str) -> Outcomes:
        """The outcomes ``plan`` was paid on."""
        return self.outcomes_by_plan.get(plan, self.outcomes)

    @property
    def behaviour(self) -> bool:
        """Whether each plan was simulated under its own behaviour."""
        return bool(self.outcomes_by_plan)

    @property
    def results(self) -> dict[str, PlanResult]:
        """Plan name -> PlanResult, baseline first."""
        return {name: evaluation.result for name, evaluation in self.evaluations.items()}


def _plan_stage(
    name: str, scenario: Scenario, outcomes: Outcomes, *, budget: Budget, variants: bool
) -> PlanStage:
    """One plan paid and measured against ``budget``, with the tables of that plan alone.

    The result paid after 1% more sales has served its purpose once the marginal cost is
    in the draws, the result paid at target once the plan's own tables are built (memory:
    each PlanResult holds every payout component for every simulation, rep and month)."""
    from salesperf_model.engine import run_plan
    from salesperf_model.measure import evaluate_plans, plan_tables

    evaluation = evaluate_plans(
        {name: scenario},
        outcomes,
        run_plan,
        variants=variants,
        total_pay_budget=budget.total_pay,
        cost_of_sales_budget=budget.cost_of_sales,
        reuse_points=True,
    )[name]
    own = plan_tables(evaluation, outcomes)
    return dataclasses.replace(evaluation, at_target=None, bumped=None), own


def pay_and_compare(
    plans: Plans,
    outcomes: Outcomes | Mapping[str, Outcomes],
    *,
    variants: bool = True,
    settings: RunSettings | None = None,
    cache: StageCache | None = None,
) -> Run:
    """Pay every plan on its outcomes (one set for all, or plan name -> its own, see
    :func:`plan_outcomes`), measure it against the baseline's budget and build the
    comparison tables, one plan at a time. With a ``cache``, a plan already paid on the
    same outcomes with this budget (and code) is taken from it, not paid again."""
    from salesperf_model.measure import comparison_tables
    from salesperf_model.measure.owed import owed_by_plan

    budget = plans.scenarios[plans.baseline].budget
    by_plan = dict(outcomes) if isinstance(outcomes, Mapping) else {}
    shared = by_plan[plans.baseline] if by_plan else outcomes
    evaluations = {}
    own_tables = {}
    for name, scenario in plans.scenarios.items():
        paid_on = by_plan.get(name, shared)
        compute = functools.partial(
            _plan_stage, name, scenario, paid_on, budget=budget, variants=variants
        )
        if cache is None:
            evaluations[name], own_tables[name] = compute()
            continue
        inputs = {"plan": scenario, "budget": budget, "variants": variants}
        evaluations[name], own_tables[name] = cache.plan_stage(
            paid_on, inputs, compute, describe=f"the pay and metrics of {scenario.display_title}"
        )
    results = {name: evaluation.result for name, evaluation in evaluations.items()}
    tables = comparison_tables(
        evaluations,
        plans.baseline,
        by_plan or shared,
        own_tables=own_tables,
        owed=owed_by_plan(plans.scenarios, results, by_plan or shared),
        budget=budget,
    )
    sims, n_reps, months = shared.shape
    return Run(
        baseline=plans.baseline,
        plans=plans.plans,
        scenarios=plans.scenarios,
        sources=plans.sources,
        outcomes=shared,
        outcomes_by_plan=by_plan,
        evaluations=evaluations,
        tables=tables,
        skipped=plans.skipped,
        warnings=plans.warnings,
        settings=settings
        or RunSettings(source=shared.source, simulations=sims, reps=n_reps, periods=months),
    )


def run_comparison(
    scenario_paths: PathLike | Sequence[PathLike],
    baseline_path: PathLike,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    overrides: Overrides = (),
    actuals_mapping: PathLike | None = None,
    actuals_data_dir: PathLike | None = None,
    actuals_lenient: bool = False,
    variants: bool = True,
    skip_invalid: bool = False,
    cache_dir: PathLike | None = None,
) -> Run:
    """The whole pipeline: load the baseline and the scenarios (:func:`load_plans`),
    simulate the baseline's sales force under each plan's behaviour, or once, or import
    actuals (:func:`plan_outcomes`; ``actuals_lenient``: import even when rows carrying
    revenue are left out), pay every plan and compare them (:func:`pay_and_compare`).

    ``cache_dir``: keep the simulations and each plan's pay there and reuse them when
    nothing they depend on changed (``salesperf report`` uses ``<out>/.cache``); what was
    reused is listed in ``Run.settings.reused``. Results are identical either way."""
    started = time.perf_counter()
    plans = load_plans(
        scenario_paths, baseline_path, overrides=overrides, skip_invalid=skip_invalid
    )
    if skip_invalid and actuals_mapping is None:  # a plan that cannot score a seated role
        plans = without_unscored_plans(plans, reps=reps, seed=seed)
    baseline = plans.scenarios[plans.baseline]
    cache = None
    if cache_dir is not None:
        from salesperf_model.cache.stages import StageCache

        cache = StageCache(cache_dir)
    outcomes = plan_outcomes(
        plans,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
        actuals_mapping=actuals_mapping,
        actuals_data_dir=actuals_data_dir,
        actuals_lenient=actuals_lenient,
        cache=cache,
    )
    if skip_invalid and actuals_mapping is not None:  # the import's roles, known by now
        plans = without_unscored_plans(plans, seated=outcomes.reps["role"])
    run = pay_and_compare(plans, outcomes, variants=variants, cache=cache)
    settings = dataclasses.replace(
        run.settings,
        seed=seed if seed is not None else baseline.simulation.seed,
        overrides=dict(overrides) if isinstance(overrides, Mapping) else list(overrides),
        actuals_mapping=str(actuals_mapping) if actuals_mapping else None,
        seconds=round(time.perf_counter() - started, 2),
        reused=list(cache.reused) if cache is not None else [],
    )
    return dataclasses.replace(run, settings=settings)
