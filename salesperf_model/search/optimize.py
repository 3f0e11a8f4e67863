"""A constrained search for the best plan: differential evolution over a SEARCH file's step grid, fitted on one set of simulations, the winner reported on fresh ones, every evaluated point kept."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.loading import Problem, ScenarioError
from salesperf_model.loading.model_shape import closest_key
from salesperf_model.schema import Scenario
from salesperf_model.schema.search import SearchSpec
from salesperf_model.search.check import fresh_check
from salesperf_model.search.constraints import assess, binding, conflicts, constraint_label
from salesperf_model.search.evaluate import FIGURE_NAMES, Evaluator, figure_direction
from salesperf_model.search.parallel import evaluate_all, local_processes
from salesperf_model.search.points import (
    PointLoader,
    grid_values,
    load_spec,
    point_loader,
    simulation_reason,
)


class _BudgetSpent(Exception):
    """The search reached its evaluation or time budget."""


def plan_count(n: int) -> str:
    """'1 plan', '20 plans': a search may stop after one."""
    return f"{n} plan{'s' * (n != 1)}"


@dataclass(frozen=True)
class SearchResult:
    """Every evaluated point (``evaluations``: step, parameters, objective, each
    constraint's value and whether it was met, feasible, violation, seconds), the winner
    and runner-up (row numbers in ``evaluations``; None when nothing was feasible), both
    and the baseline measured again on fresh simulations (``check``), why the search
    stopped, which constraints bind or conflict, and whether reps responded to pay."""

    evaluations: pd.DataFrame
    parameters: list[str]
    objective: str
    goal: str
    constraints: list[str]
    winner: int | None
    runner_up: int | None
    check: pd.DataFrame
    stopped: str
    binding: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    behaviour: bool = False
    baseline_values: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    how: str = ""
    description: str = ""
    fixed: dict[str, object] = field(default_factory=dict)
    loader: PointLoader | None = field(default=None, repr=False)
    grids: dict[str, list[int | float]] = field(default_factory=dict, repr=False)
    #: the winner minus the runner-up on the check simulations, paired: the objective and
    #: total pay, each with ``_low`` and ``_high`` (its 95% interval)
    runner_up_gap: dict[str, float] = field(default_factory=dict)
    #: the baseline's currency: every amount is in it
    currency: str = "CNY"

    @property
    def tied_with_runner_up(self) -> bool:
        """Whether the 95% interval of the winner minus the runner-up on the objective, on
        the check simulations, holds zero: the two are not told apart."""
        low = self.runner_up_gap.get(f"{self.objective}_low", np.nan)
        high = self.runner_up_gap.get(f"{self.objective}_high", np.nan)
        return bool(low <= 0 <= high)

    def point(self, row: int) -> dict[str, int | float]:
        """The parameter values of an evaluated row."""
        values = self.evaluations.loc[row, self.parameters]
        point = {}
        for name, value in values.items():
            grid = self.grids.get(str(name)) or [value]
            point[str(name)] = grid[int(np.argmin([abs(g - value) for g in grid]))]
        return point


def check_names(spec: SearchSpec, spec_file: str) -> None:
    """The objective and every constraint name a registered metric or search figure, and
    an objective without a direction states its goal."""
    problems = []
    named = [("objective.metric", spec.objective.metric)]
    named += [(f"constraints.{n}.metric", c.metric) for n, c in enumerate(spec.constraints)]
    for key, name in named:
        if name not in FIGURE_NAMES:
            near = closest_key(name, list(FIGURE_NAMES))
            problems.append(
                Problem(
                    spec_file,
                    key,
                    f"not a registered metric or search figure: {name!r}",
                    value=name,
                    expected="a name from `salesperf metrics` or share_losing_over_5pct, "
                    "top_decile_losing_over_5pct, base_pay_share",
                    suggestion=near,
                )
            )
    objective = spec.objective
    undirected = objective.metric in FIGURE_NAMES and figure_direction(objective.metric) is None
    if undirected and objective.goal is None:
        problems.append(
            Problem(
                spec_file,
                "objective.goal",
                f"{objective.metric} has no better direction: say maximize or minimize",
                has_value=False,
                expected="maximize or minimize",
            )
        )
    if problems:
        raise ScenarioError(problems, spec_file, "SEARCH file")


def _goal(spec: SearchSpec) -> str:
    if spec.objective.goal:
        return spec.objective.goal
    return "maximize" if figure_direction(spec.objective.metric) else "minimize"


@dataclass
class _Search:
    """The state of one search: the step grids, the fit evaluator and every row so far."""

    loader: PointLoader
    spec: SearchSpec
    evaluator: Evaluator
    grids: dict[str, list[int | float]]
    started: float
    rows: list[dict[str, object]] = field(default_factory=list)
    seen: dict[tuple[int, ...], float] = field(default_factory=dict)

    executor: Executor | None = None

    def _spent(self) -> str | None:
        """Why the search must stop before evaluating another plan (None: it may go on)."""
        budget = self.spec.budget
        if len(self.rows) >= budget.evaluations:
            return f"evaluation budget reached ({plan_count(budget.evaluations)})"
        if self.rows and time.perf_counter() - self.started > budget.seconds:
            return f"time budget reached ({budget.seconds:g} s)"
        return None

    def _candidate(self, index: tuple[int, ...], step: int) -> tuple[dict, Scenario | None, bool]:
        """A candidate's row so far, its scenario (None when the schema refuses the
        combination: the row says why) and whether it is simulated anew."""
        point = {name: self.grids[name][i] for name, i in zip(self.grids, index, strict=True)}
        row: dict[str, object] = {"step": step, **point}
        try:
            scenario = self.loader.scenario(point, name=f"candidate {step}")
        except ScenarioError as error:
            row.update(objective=np.nan, feasible=False, violation=np.inf, note=str(error))
            return row, None, False
        how, _why = simulation_reason(point, self.loader.baseline)
        return row, scenario, how == "simulated"

    def _record(self, index: tuple[int, ...], row: dict, draws: pd.DataFrame | None) -> None:
        """Keep the row; the value differential evolution minimizes: minus the objective
        for a feasible plan; an infeasible one scores above every feasible one."""
        if draws is None:
            value = 1e12
        else:
            objective = float(np.nanmean(draws[self.spec.objective.metric]))
            row.update(objective=objective, **assess(draws, self.spec.constraints), note="")
            row["total_pay"] = float(np.nanmean(draws["total_pay"]))  # breaks exact ties
            row["feasible"] = row["violation"] == 0 and np.isfinite(objective)
            sign = -1.0 if _goal(self.spec) == "maximize" else 1.0
            value = sign * objective if row["feasible"] else 1e9 * (1.0 + float(row["violation"]))
        row["seconds"] = round(time.perf_counter() - self.started, 2)
        self.rows.append(row)
        self.seen[index] = value

    def score(self, index: tuple[int, ...]) -> float:
        """One candidate's value (see ``_record``), evaluated in this process."""
        if index not in self.seen:
            spent = self._spent()
            if spent:
                raise _BudgetSpent(spent)
            row, scenario, simulate = self._candidate(index, len(self.rows))
            draws = (
                None if scenario is None else self.evaluator.evaluate(scenario, simulate=simulate)
            )
            self._record(index, row, draws)
        return self.seen[index]

    def score_many(self, indices: list[tuple[int, ...]]) -> list[float]:
        """A generation's values: without an executor one by one (the budget checked
        before each), else its new candidates together on the executor, as many as the
        evaluation budget leaves (the time budget is checked before the generation);
        rows are kept in the same order either way."""
        if self.executor is None:
            return [self.score(index) for index in indices]
        new = list(dict.fromkeys(i for i in indices if i not in self.seen))
        spent = self._spent() if new else None
        if spent:
            raise _BudgetSpent(spent)
        room = self.spec.budget.evaluations - len(self.rows)
        if len(new) > room:
            new = new[:room]
            spent = f"evaluation budget reached ({plan_count(self.spec.budget.evaluations)})"
        candidates = [self._candidate(i, len(self.rows) + n) for n, i in enumerate(new)]
        plans = [(s, simulate) for _row, s, simulate in candidates if s is not None]
        measured = iter(evaluate_all(self.evaluator, plans, executor=self.executor))
        for index, (row, scenario, _simulate) in zip(new, candidates, strict=True):
            self._record(index, row, None if scenario is None else next(measured))
        if spent:
            raise _BudgetSpent(spent)
        return [self.seen[index] for index in indices]


def _start_index(
    loader: PointLoader, grids: Mapping[str, list[int | float]], baseline: Mapping[str, float]
) -> list[int]:
    """The grid point nearest the baseline's values (the search starts from today's plan)."""
    start = []
    for name, values in grids.items():
        here = baseline.get(name, np.nan)
        target = values[0] if not np.isfinite(here) else here
        start.append(int(np.argmin([abs(v - target) for v in values])))
    return start


def _run_differential_evolution(search: _Search, start: list[int]) -> str:
    """Differential evolution over grid indices until it converges or the budget is spent."""
    from scipy.optimize import differential_evolution

    sizes = [len(v) for v in search.grids.values()]
    bounds = [(0, n - 1) for n in sizes]

    def objective(x: np.ndarray) -> float:
        index = tuple(round(v) for v in x)
        return search.score(index)

    def generation(_objective: object, population: object) -> list[float]:
        # every generation evaluated together (on the executor, if any): the same
        # candidates in the same order with or without one
        return search.score_many([tuple(round(v) for v in x) for x in population])

    if all(n == 1 for n in sizes):
        objective(np.zeros(len(sizes)))
        return "a single candidate"
    try:
        differential_evolution(
            objective,
            bounds,
            integrality=[True] * len(sizes),
            x0=np.array(start, dtype=float),
            popsize=max(2, min(8, 40 // max(1, len(sizes)))),
            maxiter=200,
            seed=search.spec.method_seed,
            polish=False,
            tol=1e-6,
            updating="deferred",
            workers=generation,
        )
    except _BudgetSpent as spent:
        return str(spent)
    return "differential evolution converged"


def optimize(
    scenario: str | Path,
    search_file: str | Path,
    *,
    workers: int = 1,
    executor: Executor | None = None,
) -> SearchResult:
    """Search the plan that does best on the SEARCH file's objective within its
    constraints, starting from ``scenario``. Stops at convergence or the budget, keeping
    the best feasible plan so far; with nothing feasible, says which constraints conflict.
    Each generation's candidates run on ``executor`` (any ``concurrent.futures.Executor``)
    when given, else on ``workers`` local processes; the same plans are evaluated either
    way."""
    spec = load_spec(search_file, SearchSpec)
    return search_plans(scenario, spec, search_file=search_file, workers=workers, executor=executor)


def search_plans(
    scenario: str | Path,
    spec: SearchSpec,
    *,
    search_file: str | Path,
    workers: int = 1,
    executor: Executor | None = None,
) -> SearchResult:
    """:func:`optimize` on a SearchSpec already read (``search_file`` names it in errors)."""
    from salesperf_model.search.sweep import _baseline_values

    started = time.perf_counter()
    check_names(spec, str(search_file))
    loader = point_loader(scenario, search_file, spec)
    grids = {name: grid_values(p, name) for name, p in spec.parameters.items()}
    baseline_values = _baseline_values(loader, list(grids))
    evaluator = Evaluator(loader.baseline, **spec.fit.model_dump())
    search = _Search(loader, spec, evaluator, grids, time.perf_counter())
    start = _start_index(loader, grids, baseline_values)
    if executor is None:
        with local_processes(evaluator, workers) as pool:
            search.executor = pool
            stopped = _run_differential_evolution(search, start)
        search.executor = None
    else:
        search.executor = executor
        stopped = _run_differential_evolution(search, start)
    table = pd.DataFrame(search.rows)
    goal = _goal(spec)
    feasible = table[table["feasible"].astype(bool)] if len(table) else table
    # exact ties on the objective go to the plan that costs less, then the one found first
    by, ascending = ["objective", "total_pay", "step"], [goal == "minimize", True, True]
    ranked = feasible.sort_values(by, ascending=ascending) if len(feasible) else feasible
    distinct = ranked.drop_duplicates(subset=list(grids))
    winner = int(distinct.index[0]) if len(distinct) else None
    runner_up = int(distinct.index[1]) if len(distinct) > 1 else None
    result_binding, result_conflicts = [], []
    if winner is None:
        result_conflicts = conflicts(table, spec.constraints)
    else:
        best = table.loc[winner, "objective"]
        better = table["objective"] > best if goal == "maximize" else table["objective"] < best
        result_binding = binding(table, spec.constraints, winner=winner, better=better)
    check, gap = fresh_check(loader, spec, table, rows=[winner, runner_up], names=list(grids))
    behaviour = loader.baseline.behaviour.enabled
    how = (
        "optimized under the behaviour model: every candidate simulated with reps responding "
        "to its pay (same seed)"
        if behaviour
        else "behaviour off: every candidate re-paid on one simulated sales force"
    )
    return SearchResult(
        evaluations=table,
        parameters=list(grids),
        objective=spec.objective.metric,
        goal=goal,
        constraints=[constraint_label(c) for c in spec.constraints],
        winner=winner,
        runner_up=runner_up,
        check=check,
        stopped=stopped,
        binding=result_binding,
        conflicts=result_conflicts,
        behaviour=behaviour,
        baseline_values=baseline_values,
        seconds=round(time.perf_counter() - started, 2),
        how=how,
        description=spec.description,
        fixed=dict(spec.fixed),
        loader=loader,
        grids=grids,
        runner_up_gap=gap,
        currency=loader.baseline.currency,
    )
