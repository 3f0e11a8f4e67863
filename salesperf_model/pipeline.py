"""The one way through the package: load scenarios -> outcomes -> pay every plan -> measure -> compare.

``salesperf compare``, the report notebooks and the explorer all come through here, so the
same scenario files give the same tables through every door. Two rules live here and
nowhere else:

- **One budget.** A comparison measures every plan against the *baseline's* ``budget``
  section; a plan file that sets another budget gets a warning saying so.
- **Names tell plans apart.** Two files with one scenario name are both kept: the later
  one is renamed ``"<name> (<file stem>)"`` and a warning names both files (a batch of
  reports must not die on a copied file).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from salesperf_model.cache.stages import PlanStage, StageCache
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
        if scenario.population != baseline.population or scenario.simulation != baseline.simulation:
            warnings.append(
                f"{name} has its own population or simulation settings; every plan is "
                "paid on the same outcomes (the baseline's sales force, or the actuals)"
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
) -> Outcomes:
    """What every plan is paid on: the scenario's sales force simulated once (sizes
    default to its ``simulation`` section), or the actuals an import mapping reads
    (``actuals_data_dir``: the export files' folder, if not the mapping's)."""
    if actuals_mapping:
        from salesperf_model.actuals import load_actuals

        outcomes, _report = load_actuals(actuals_mapping, data_dir=actuals_data_dir)
        return outcomes
    from salesperf_model.simulate import simulate

    return simulate(
        scenario.population,
        scenario.simulation,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
    )


# ---------------------------------------------------------------------------------------
# 3-5. Pay every plan, measure, compare
# ---------------------------------------------------------------------------------------


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
    )[name]
    own = plan_tables(evaluation, outcomes)
    return dataclasses.replace(evaluation, at_target=None, bumped=None), own


def pay_and_compare(
    plans: Plans,
    outcomes: Outcomes,
    *,
    variants: bool = True,
    settings: RunSettings | None = None,
    cache: StageCache | None = None,
) -> Run:
    """Pay every plan on the same outcomes, measure it against the baseline's budget and
    build the comparison tables, one plan at a time. With a ``cache``, a plan already paid
    on these outcomes with this budget (and code) is taken from it, not paid again."""
    from salesperf_model.measure import comparison_tables

    budget = plans.scenarios[plans.baseline].budget
    evaluations = {}
    own_tables = {}
    for name, scenario in plans.scenarios.items():
        compute = functools.partial(
            _plan_stage, name, scenario, outcomes, budget=budget, variants=variants
        )
        if cache is None:
            evaluations[name], own_tables[name] = compute()
            continue
        inputs = {"plan": scenario, "budget": budget, "variants": variants}
        evaluations[name], own_tables[name] = cache.plan_stage(
            outcomes, inputs, compute, describe=f"the pay and metrics of {name}"
        )
    tables = comparison_tables(evaluations, plans.baseline, outcomes, own_tables=own_tables)
    sims, n_reps, months = outcomes.shape
    return Run(
        baseline=plans.baseline,
        plans=plans.plans,
        scenarios=plans.scenarios,
        sources=plans.sources,
        outcomes=outcomes,
        evaluations=evaluations,
        tables=tables,
        skipped=plans.skipped,
        warnings=plans.warnings,
        settings=settings
        or RunSettings(source=outcomes.source, simulations=sims, reps=n_reps, periods=months),
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
    cache_dir: PathLike | None = None,
) -> Run:
    """The whole pipeline: load the baseline and the scenarios (:func:`load_plans`),
    simulate the baseline's sales force once or import actuals (:func:`outcomes_for`),
    pay every plan on those same outcomes and compare them (:func:`pay_and_compare`).

    ``cache_dir``: keep the simulation and each plan's pay there and reuse them when
    nothing they depend on changed (``salesperf report`` uses ``<out>/.cache``); what was
    reused is listed in ``Run.settings.reused``. Results are identical either way."""
    started = time.perf_counter()
    plans = load_plans(
        scenario_paths, baseline_path, overrides=overrides, skip_invalid=skip_invalid
    )
    baseline = plans.scenarios[plans.baseline]
    sizes = {"reps": reps, "periods": periods, "simulations": simulations, "seed": seed}
    compute = functools.partial(
        outcomes_for,
        baseline,
        **sizes,
        actuals_mapping=actuals_mapping,
        actuals_data_dir=actuals_data_dir,
    )
    cache = None
    if cache_dir is not None:
        from salesperf_model.cache.stages import StageCache

        cache = StageCache(cache_dir)
    if cache is None or actuals_mapping:  # actuals are read afresh, keyed by their content
        outcomes = compute()
    else:
        inputs = {"population": baseline.population, "simulation": baseline.simulation, **sizes}
        outcomes = cache.outcomes(inputs, compute, describe="the baseline simulation")
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
