"""What plans are paid on: the sales force simulated (under each plan's behaviour, or once) or imported actuals, and the small sales force validate checks plans on."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesperf_model.actuals import ValidationReport
    from salesperf_model.cache.stages import StageCache
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Scenario
from salesperf_model.pipeline.plans import PathLike, Plans

#: The data-problem report of every import read in this process, by (mapping, data folder).
_IMPORT_REPORTS: dict[tuple[str, str], ValidationReport] = {}


def _import_key(actuals_mapping: PathLike, actuals_data_dir: PathLike | None) -> tuple[str, str]:
    from pathlib import Path

    folder = str(Path(actuals_data_dir).resolve()) if actuals_data_dir else ""
    return str(Path(actuals_mapping).resolve()), folder


def import_report(
    actuals_mapping: PathLike,
    actuals_data_dir: PathLike | None = None,
    *,
    currency: str | None = None,
    lenient: bool = False,
) -> ValidationReport:
    """The data problems of the import a replay was paid on, for the report's data-quality
    section: the one read in this process, else read again (outcomes from the stage
    cache read no files) into ``currency``, the plan's."""
    key = _import_key(actuals_mapping, actuals_data_dir)
    if key not in _IMPORT_REPORTS:
        from salesperf_model.actuals import load_actuals

        _IMPORT_REPORTS[key] = load_actuals(
            actuals_mapping, data_dir=actuals_data_dir, currency=currency, lenient=lenient
        )[1]
    return _IMPORT_REPORTS[key]


def outcomes_for(
    scenario: Scenario,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    actuals_mapping: PathLike | None = None,
    actuals_data_dir: PathLike | None = None,
    actuals_lenient: bool = False,
    plan: Scenario | None = None,
    first_simulation: int = 0,
) -> Outcomes:
    """What a plan is paid on: the scenario's sales force simulated (sizes default to its
    ``simulation`` section), or the actuals an import mapping reads
    (``actuals_data_dir``: the export files' folder, if not the mapping's), in the
    scenario's currency; an import that would drop revenue is refused unless
    ``actuals_lenient``.

    With ``plan`` and the scenario's ``behaviour`` on, reps respond to ``plan``'s pay
    (the scenario's own plan is the market they could earn in); without ``plan`` they
    respond to no plan (the outcomes every plan is re-paid on). ``first_simulation``: the
    seed's simulations from this one on (a chunk of a larger run, bit for bit its rows)."""
    if actuals_mapping:
        from salesperf_model.actuals import load_actuals

        outcomes, report = load_actuals(
            actuals_mapping,
            data_dir=actuals_data_dir,
            currency=scenario.currency,
            lenient=actuals_lenient,
        )
        _IMPORT_REPORTS[_import_key(actuals_mapping, actuals_data_dir)] = report
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
        first_simulation=first_simulation,
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
    actuals_lenient: bool = False,
    cache: StageCache | None = None,
) -> Outcomes | dict[str, Outcomes]:
    """What each plan is paid on: with the baseline's behaviour on (and no actuals), plan
    name -> its own simulation (one seed: common random numbers); else one outcome set
    for every plan (:func:`outcomes_for`). With a ``cache``, a simulation made before from
    the same inputs (and code) is reused; actuals are read afresh (keyed by content)."""
    baseline = plans.scenarios[plans.baseline]
    sizes = {"reps": reps, "periods": periods, "simulations": simulations, "seed": seed}
    if actuals_mapping:
        return outcomes_for(
            baseline,
            **sizes,
            actuals_mapping=actuals_mapping,
            actuals_data_dir=actuals_data_dir,
            actuals_lenient=actuals_lenient,
        )
    responding = baseline.behaviour.enabled
    simulated = {}
    for name, plan in plans.scenarios.items() if responding else [(plans.baseline, None)]:
        compute = functools.partial(outcomes_for, baseline, **sizes, plan=plan)
        if cache is None:
            simulated[name] = compute()
            continue
        # the simulation reads the baseline's population, simulation and behaviour
        # sections, and under behaviour the plan responded to and the baseline's plan
        # (the pay reps could earn elsewhere): the whole baseline scenario and that plan.
        inputs = {"scenario": baseline, "plan": plan, **sizes}
        under = plan.display_title if plan is not None else name  # the title leadership reads
        what = f"the simulation under {under}" if responding else "the baseline simulation"
        simulated[name] = cache.outcomes(inputs, compute, describe=what)
    return simulated if responding else simulated[plans.baseline]
