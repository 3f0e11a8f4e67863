"""The one way through the package: load scenarios -> outcomes -> pay every plan -> measure -> compare.

``salesperf compare``, the report notebooks and the explorer all come through here, so the
same scenario files give the same tables through every door. Two rules live here and
nowhere else:

- **One budget.** A comparison measures every plan against the *baseline's* ``budget``
  section; a plan file that sets another budget gets a warning saying so.
- **Names tell plans apart.** Two files with one scenario name are both kept: the later
  one is renamed ``"<name> (<file stem>)"`` and a warning names both files (a batch of
  reports must not die on a copied file).
- **Each plan under its own behaviour.** With the baseline's ``behaviour`` section on
  (the default), every plan is simulated with the baseline's sales force and seed while
  reps respond to that plan's pay (effort, leaving; the market pays like the baseline),
  so the same people, markets and draws meet each plan and only choices differ (common
  random numbers). With ``behaviour: none``, or on actuals, the sales force is simulated
  once and every plan is paid on those same outcomes (fast).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from salesperf_model.engine import PlanResult
    from salesperf_model.measure.compare import PlanEvaluation
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Budget, Scenario

Overrides = Sequence[str] | Mapping[str, object]
PathLike = str | os.PathLike


@dataclass(frozen=True)
class Plans:
    """The scenarios of one comparison, baseline first, as loaded: where each came from,
    the files that could not be loaded (file -> every problem found) and warnings about
    what the comparison does differently from what a file asks."""

    baseline: str
    scenarios: dict[str, Scenario]
    sources: dict[str, str]
    skipped: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def plans(self) -> list[str]:
        """The plans under study (every scenario but the baseline), in file order."""
        return [name for name in self.scenarios if name != self.baseline]


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


# ---------------------------------------------------------------------------------------
# 1. Scenarios
# ---------------------------------------------------------------------------------------


def _as_paths(scenario_paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(scenario_paths, str | os.PathLike):
        return [Path(scenario_paths)]
    return [Path(p) for p in scenario_paths]


def problems_of(error: Exception) -> list[str]:
    """Every problem a failed load reports (a ScenarioError lists them all)."""
    return [str(p) for p in getattr(error, "problems", None) or [error]]


def _unique_name(name: str, path: Path, same_file: bool, taken: Mapping[str, Scenario]) -> str:
    """``name`` told apart from the names already taken: by file stem, by folder and stem
    when the stem is the name, "(changed)" for the same file loaded with overrides."""
    if same_file:
        label = "changed"
    elif path.stem != name:
        label = path.stem
    else:
        label = f"{path.parent.name}/{path.stem}"
    candidate = unique = f"{name} ({label})"
    number = 2
    while unique in taken:
        unique = f"{candidate} {number}"
        number += 1
    return unique


def _budget_words(budget: Budget) -> str:
    total = f"{budget.total_pay:,.0f}" if budget.total_pay is not None else "none"
    ratio = f"{budget.cost_of_sales:.1%}" if budget.cost_of_sales is not None else "none"
    return f"total pay {total}, cost of sales {ratio}"


def load_plans(
    scenario_paths: PathLike | Sequence[PathLike],
    baseline_path: PathLike,
    *,
    overrides: Overrides = (),
    skip_invalid: bool = False,
) -> Plans:
    """Load the baseline and the scenarios under study (``overrides`` apply to the latter
    only). The baseline file among the scenarios is left out unless overridden.

    A scenario that fails to load raises, or with ``skip_invalid`` is named in
    ``Plans.skipped`` with its problems. The baseline must load: its error is raised."""
    from salesperf_model.loading import load_scenario

    baseline_file = Path(baseline_path)
    baseline = load_scenario(baseline_file)
    scenarios: dict[str, Scenario] = {baseline.name: baseline}
    sources = {baseline.name: str(baseline_file)}
    skipped: dict[str, list[str]] = {}
    warnings: list[str] = []
    for path in _as_paths(scenario_paths):
        same_file = path.resolve() == baseline_file.resolve()
        if same_file and not overrides:
            continue  # the baseline against itself says nothing
        try:
            scenario = load_scenario(path, overrides)
        except Exception as error:
            if not skip_invalid:
                raise
            skipped[str(path)] = problems_of(error)
            continue
        name = scenario.name
        if name in scenarios:
            other = sources[name]
            same = Path(other).resolve() == path.resolve()
            name = _unique_name(name, path, same, scenarios)
            if not same:
                warnings.append(
                    f"{path} and {other} both name their scenario {scenario.name!r}; "
                    f"the plan of {path} is shown as {name!r}"
                )
            scenario = scenario.model_copy(update={"name": name})
        if scenario.budget != baseline.budget:
            warnings.append(
                f"{name} ({path}) sets its own budget ({_budget_words(scenario.budget)}); "
                f"the comparison measures every plan against the baseline's "
                f"({_budget_words(baseline.budget)})"
            )
        if (
            scenario.population != baseline.population
            or scenario.simulation != baseline.simulation
            or scenario.behaviour != baseline.behaviour
        ):
            warnings.append(
                f"{name} has its own population, simulation or behaviour settings; every "
                "plan meets the same sales force (the baseline's, or the actuals)"
            )
        scenarios[name] = scenario
        sources[name] = str(path)
    return Plans(baseline.name, scenarios, sources, skipped, warnings)


# ---------------------------------------------------------------------------------------
# 2. Outcomes
# ---------------------------------------------------------------------------------------


def outcomes_for(
    scenario: Scenario,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    actuals_mapping: PathLike | None = None,
    actuals_data_dir: PathLike | None = None,
    plan: Scenario | None = None,
) -> Outcomes:
    """What a plan is paid on: the scenario's sales force simulated (sizes default to its
    ``simulation`` section), or the actuals an import mapping reads
    (``actuals_data_dir``: the export files' folder, if not the mapping's).

    With ``plan`` and the scenario's ``behaviour`` on, reps respond to ``plan``'s pay
    (the scenario's own plan is the market they could earn in); without ``plan`` they
    respond to no plan (the outcomes every plan is re-paid on)."""
    if actuals_mapping:
        from salesperf_model.actuals import load_actuals

        outcomes, _report = load_actuals(actuals_mapping, data_dir=actuals_data_dir)
        return outcomes
    from salesperf_model.engine import EnginePlanResponse
    from salesperf_model.simulate import simulate

    behaviour = scenario.behaviour if plan is not None and scenario.behaviour.enabled else None
    response = (
        EnginePlanResponse(plan, market=scenario, behaviour=behaviour)
        if behaviour is not None and plan is not None
        else None
    )
    return simulate(
        scenario.population,
        scenario.simulation,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
        plan_response=response,
        behaviour=behaviour,
    )


#: Simulations `salesperf validate` runs for the checks that need a sales force: enough
#: that the on-target shares are within a few points of a full run's (about 1 s).
CHECK_SIMULATIONS = 10


def check_plan(
    scenario: Scenario, *, simulations: int = CHECK_SIMULATIONS, outcomes: Outcomes | None = None
) -> list[str]:
    """Every warning about the plan, the ones ``run`` and the reports show (one function
    makes them: ``engine.checks.plan_warnings``), paid on ``outcomes`` or on the
    scenario's own sales force simulated ``simulations`` times: figures in the warnings
    (shares, seat counts) are those of that run."""
    from salesperf_model.engine import run_plan

    if outcomes is None:
        outcomes = outcomes_for(scenario, simulations=simulations)
    return run_plan(outcomes, scenario).warnings


def plan_outcomes(
    plans: Plans,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    actuals_mapping: PathLike | None = None,
    actuals_data_dir: PathLike | None = None,
) -> Outcomes | dict[str, Outcomes]:
    """What each plan is paid on: with the baseline's behaviour on (and no actuals), plan
    name -> its own simulation (one seed: common random numbers); else one outcome set
    for every plan (:func:`outcomes_for`)."""
    baseline = plans.scenarios[plans.baseline]
    sizes = {"reps": reps, "periods": periods, "simulations": simulations, "seed": seed}
    if actuals_mapping or not baseline.behaviour.enabled:
        return outcomes_for(
            baseline, **sizes, actuals_mapping=actuals_mapping, actuals_data_dir=actuals_data_dir
        )
    return {
        name: outcomes_for(baseline, **sizes, plan=plan) for name, plan in plans.scenarios.items()
    }


def simulate_plan(
    scenario: Scenario,
    *,
    market: Scenario | None = None,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
) -> Outcomes:
    """The sales force simulated *under* ``scenario``'s plan: with the behaviour section on,
    reps respond to its pay (``market``, by default the scenario itself, is the plan they
    could earn under elsewhere); with it off, they respond to no plan. Same seeds as
    :func:`outcomes_for`, so two plans meet the same people and markets."""
    return outcomes_for(
        market or scenario,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
        plan=scenario,
    )


# ---------------------------------------------------------------------------------------
# 3-5. Pay every plan, measure, compare
# ---------------------------------------------------------------------------------------


def pay_and_compare(
    plans: Plans,
    outcomes: Outcomes | Mapping[str, Outcomes],
    *,
    variants: bool = True,
    settings: RunSettings | None = None,
) -> Run:
    """Pay every plan on its outcomes (one set for all, or plan name -> its own, see
    :func:`plan_outcomes`), measure it against the baseline's budget and build the
    comparison tables.

    One plan at a time, keeping only what the tables need: the result paid after 1% more
    sales has served its purpose once the marginal cost is in the draws, the result paid
    at target once the tables are built (memory: each PlanResult holds every payout
    component for every simulation, rep and month)."""
    from salesperf_model.engine import run_plan
    from salesperf_model.measure import comparison_tables, evaluate_plans

    budget = plans.scenarios[plans.baseline].budget
    by_plan = dict(outcomes) if isinstance(outcomes, Mapping) else {}
    shared = by_plan[plans.baseline] if by_plan else outcomes
    evaluations = {}
    for name, scenario in plans.scenarios.items():
        evaluation = evaluate_plans(
            {name: scenario},
            by_plan.get(name, shared),
            run_plan,
            variants=variants,
            total_pay_budget=budget.total_pay,
            cost_of_sales_budget=budget.cost_of_sales,
        )[name]
        evaluations[name] = dataclasses.replace(evaluation, bumped=None)
    tables = comparison_tables(evaluations, plans.baseline, by_plan or shared)
    sims, n_reps, months = shared.shape
    return Run(
        baseline=plans.baseline,
        plans=plans.plans,
        scenarios=plans.scenarios,
        sources=plans.sources,
        outcomes=shared,
        outcomes_by_plan=by_plan,
        evaluations={n: dataclasses.replace(e, at_target=None) for n, e in evaluations.items()},
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
    variants: bool = True,
    skip_invalid: bool = False,
) -> Run:
    """The whole pipeline: load the baseline and the scenarios (:func:`load_plans`),
    simulate the baseline's sales force under each plan's behaviour, or once, or import
    actuals (:func:`plan_outcomes`), pay every plan and compare them
    (:func:`pay_and_compare`)."""
    started = time.perf_counter()
    plans = load_plans(
        scenario_paths, baseline_path, overrides=overrides, skip_invalid=skip_invalid
    )
    baseline = plans.scenarios[plans.baseline]
    outcomes = plan_outcomes(
        plans,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
        actuals_mapping=actuals_mapping,
        actuals_data_dir=actuals_data_dir,
    )
    run = pay_and_compare(plans, outcomes, variants=variants)
    settings = dataclasses.replace(
        run.settings,
        seed=seed if seed is not None else baseline.simulation.seed,
        overrides=dict(overrides) if isinstance(overrides, Mapping) else list(overrides),
        actuals_mapping=str(actuals_mapping) if actuals_mapping else None,
        seconds=round(time.perf_counter() - started, 2),
    )
    return dataclasses.replace(run, settings=settings)
