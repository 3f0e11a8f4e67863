"""Loading the plans of one comparison: the baseline first, names told apart, one budget."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesperf_model.schema import Budget, Scenario

Overrides = Sequence[str] | Mapping[str, object]
PathLike = str | os.PathLike

#: Sections that describe the sales force every plan meets rather than a plan: an override
#: of one of them applies to the baseline too, whose sales force the comparison simulates
#: (else ``--set population...`` would change nothing but a warning).
SALES_FORCE_SECTIONS: tuple[str, ...] = ("population", "simulation", "behaviour")


def _override_key(item: object) -> str:
    """The dotted key of one override (``"population.x=1"`` -> ``"population.x"``)."""
    return str(item).split("=", 1)[0].strip()


def split_overrides(overrides: Overrides) -> tuple[Overrides, Overrides]:
    """(overrides of the sales force, overrides of the plans), in the form given."""

    def of_sales_force(key: str) -> bool:
        return key.split(".", 1)[0] in SALES_FORCE_SECTIONS

    if isinstance(overrides, Mapping):
        force = {k: v for k, v in overrides.items() if of_sales_force(str(k))}
        return force, {k: v for k, v in overrides.items() if not of_sales_force(str(k))}
    if isinstance(overrides, str):
        overrides = [overrides]
    force_list = [o for o in overrides if of_sales_force(_override_key(o))]
    return force_list, [o for o in overrides if not of_sales_force(_override_key(o))]


#: Sections a comparison reads from the baseline alone, for every plan.
BASELINE_SECTIONS: tuple[str, ...] = ("decision", "budget")


def baseline_only_overrides(overrides: Overrides) -> list[str]:
    """A warning per override of a section the comparison reads from the baseline alone
    (the decision rule, the budget): ``--set`` changes the plans under study, so such a
    key changes no verdict."""
    keys = (
        [str(k) for k in overrides]
        if isinstance(overrides, Mapping)
        else [_override_key(o) for o in ([overrides] if isinstance(overrides, str) else overrides)]
    )
    return [
        f"--set {key} changes the plans under study, but the comparison judges every plan "
        f"by the baseline's {key.split('.', 1)[0]} section, so it changes no verdict: write "
        "it in the baseline file"
        for key in keys
        if key.split(".", 1)[0] in BASELINE_SECTIONS
    ]


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
    """Load the baseline and the scenarios under study. ``overrides`` apply to the latter;
    those of the sales force (:data:`SALES_FORCE_SECTIONS`: population, simulation,
    behaviour) to the baseline as well, since every plan meets the baseline's sales force.
    The baseline file among the scenarios is left out unless a plan setting is overridden.

    A scenario that fails to load raises, or with ``skip_invalid`` is named in
    ``Plans.skipped`` with its problems. The baseline must load: its error is raised."""
    from salesperf_model.loading import load_scenario

    baseline_file = Path(baseline_path)
    sales_force, plan_overrides = split_overrides(overrides)
    baseline = load_scenario(baseline_file, sales_force)
    scenarios: dict[str, Scenario] = {baseline.name: baseline}
    sources = {baseline.name: str(baseline_file)}
    skipped: dict[str, list[str]] = {}
    warnings: list[str] = baseline_only_overrides(plan_overrides)
    for path in _as_paths(scenario_paths):
        same_file = path.resolve() == baseline_file.resolve()
        if same_file and not plan_overrides:
            continue  # the baseline against itself says nothing
        try:
            scenario = load_scenario(path, overrides)
        except Exception as error:
            if not skip_invalid:
                raise
            skipped[str(path)] = problems_of(error)
            continue
        if scenario.currency != baseline.currency:
            # one sales force, one set of outcomes: in one currency, named in every report
            problem = (
                f"{path}: currency: {scenario.currency!r}, but the baseline "
                f"({baseline_file}) pays in {baseline.currency!r}; plans compared on one "
                f"sales force share one currency: write this plan's amounts in "
                f"{baseline.currency} (currency: {baseline.currency})"
            )
            if not skip_invalid:
                raise ValueError(problem)
            skipped[str(path)] = [problem]
            continue
        name = scenario.name
        if name in scenarios:
            other = sources[name]
            same = Path(other).resolve() == path.resolve()
            if same and scenario == scenarios[name]:  # the same plan given twice
                warnings.append(f"{path} is listed twice; compared once")
                continue
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
        if scenario.decision != baseline.decision:
            warnings.append(
                f"{name} ({path}) sets its own decision rule; the comparison recommends by "
                "the baseline's"
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


def without_unscored_plans(
    plans: Plans, *, reps: int | None = None, seed: int | None = None, seated: object = None
) -> Plans:
    """``plans`` with every plan that gives no KPI weights for a role holding seats moved to
    ``skipped``, with the problem: such a plan passes loading, then fails while being paid,
    inside a chunk, and takes the whole comparison down with it. The seats are ``seated``
    (each seat's role, e.g. an import's ``reps["role"]``), else those of the baseline's
    simulated sales force (``reps`` seats; default the baseline's)."""
    import pandas as pd

    if seated is None:
        from salesperf_model.simulate.seats import build_rep_table

        baseline = plans.scenarios[plans.baseline]
        settings = baseline.simulation
        seated = build_rep_table(
            baseline.population,
            reps if reps is not None else settings.reps,
            seed if seed is not None else settings.seed,
        )["role"]
    from salesperf_model.engine.scoring import unscored_roles_problem  # the engine's own words

    seats = dict(pd.Series(seated).astype(str).value_counts().items())
    scenarios, skipped = dict(plans.scenarios), dict(plans.skipped)
    for name, scenario in plans.scenarios.items():
        problem = unscored_roles_problem(scenario, seats)
        if problem and name != plans.baseline:
            skipped[plans.sources.get(name, name)] = [problem]
            del scenarios[name]
    return Plans(plans.baseline, scenarios, plans.sources, skipped, plans.warnings)
