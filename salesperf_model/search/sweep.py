"""A parameter sweep: every point of a GRID file paid or simulated on common random numbers, one tidy row per point with paired intervals against the baseline point."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from salesperf_model.schema import Scenario
from salesperf_model.schema.search import SweepGrid
from salesperf_model.search.evaluate import Evaluator, paired_summary
from salesperf_model.search.parallel import evaluate_all, local_processes
from salesperf_model.search.points import (
    PointLoader,
    design_points,
    load_spec,
    point_loader,
    simulation_reason,
)


@dataclass(frozen=True)
class SweepResult:
    """The tidy table (one row per point; columns ``point, <parameters>, evaluation, why``,
    then per figure its mean, ``_diff`` and the 95% interval ``_diff_low``/``_diff_high``
    of the paired difference against the baseline point) and how the sweep ran."""

    table: pd.DataFrame
    parameters: list[str]
    baseline: dict[str, float]
    simulations: int
    reps: int
    periods: int
    seconds: float
    description: str = ""
    #: the baseline point's warnings (the plan's own, and keys its `fixed` overrides dropped)
    warnings: tuple[str, ...] = ()
    #: the baseline's currency: every amount is in it
    currency: str = "CNY"


def _baseline_values(loader: PointLoader, names: list[str]) -> dict[str, float]:
    """Each swept parameter's value in the baseline (NaN where it has none)."""
    from salesperf_model.loading.named import resolve_names
    from salesperf_model.loading.paths import get_path, split_key

    values = {}
    for name in names:
        path, unknown, _ = resolve_names(loader.data, split_key(name))
        value = None if unknown is not None else get_path(loader.data, path)
        values[name] = float(value) if isinstance(value, int | float) else float("nan")
    return values


def run_sweep(
    loader: PointLoader,
    points: list[Mapping[str, int | float]],
    *,
    sizes: Mapping[str, int | None] | None = None,
    description: str = "",
    workers: int = 1,
    executor: Executor | None = None,
) -> SweepResult:
    """Evaluate every point against the baseline point (the baseline with the spec's
    ``fixed`` overrides): re-paid on one simulated sales force where only the plan changes
    and reps do not respond, else simulated with the same seed. The points run on
    ``executor`` (any ``concurrent.futures.Executor``, e.g. a Dask client's) when given,
    else on ``workers`` local processes sharing the baseline's simulation; the table is
    the same to the bit however they ran."""
    started = time.perf_counter()
    evaluator = Evaluator(loader.baseline, **dict(sizes or {}))
    names = list(points[0]) if points else []
    # every point validated before any runs: a refused combination stops the sweep early
    scenarios = [loader.scenario(point, name=f"point {n}") for n, point in enumerate(points)]
    reasons = [simulation_reason(point, loader.baseline) for point in points]
    plans = [(s, how == "simulated") for s, (how, _why) in zip(scenarios, reasons, strict=True)]
    if executor is None:
        with local_processes(evaluator, workers) as pool:
            draws = evaluate_all(evaluator, plans, executor=pool)
    else:
        draws = evaluate_all(evaluator, plans, executor=executor)
    rows = [
        {
            "point": number,
            **point,
            "evaluation": how,
            "why": why,
            **paired_summary(point_draws, evaluator.baseline_draws),
        }
        for number, (point, (how, why), point_draws) in enumerate(
            zip(points, reasons, draws, strict=True)
        )
    ]
    sims, reps, periods = evaluator.outcomes.shape
    return SweepResult(
        table=pd.DataFrame(rows),
        parameters=names,
        baseline={
            **_baseline_values(loader, names),
            **{
                k: v
                for k, v in paired_summary(
                    evaluator.baseline_draws, evaluator.baseline_draws
                ).items()
                if "_diff" not in k
            },
        },
        simulations=sims,
        reps=reps,
        periods=periods,
        seconds=round(time.perf_counter() - started, 2),
        description=description,
        warnings=tuple(loader.baseline.warnings()),
        currency=loader.baseline.currency,
    )


def sweep(
    scenario: str | Path,
    grid: str | Path | SweepGrid,
    *,
    grid_file: str | Path = "<grid>",
    workers: int = 1,
    executor: Executor | None = None,
) -> SweepResult:
    """Sweep ``scenario`` (a scenario file) over the points of ``grid`` (a GRID file, or
    a SweepGrid with ``grid_file`` naming where it came from for error messages), on
    ``executor`` or ``workers`` local processes (see :func:`run_sweep`).

    Every point goes through the loader ``--set`` uses; an unknown path or a value the
    schema refuses raises a ScenarioError naming the GRID file, key and value."""
    if not isinstance(grid, SweepGrid):
        grid_file = grid
        grid = load_spec(grid, SweepGrid)
    loader = point_loader(scenario, grid_file, grid)
    points = design_points(grid, str(grid_file))
    sizes = grid.sizes.model_dump()
    return run_sweep(
        loader,
        points,
        sizes=sizes,
        description=grid.description,
        workers=workers,
        executor=executor,
    )


def baseline_scenario(scenario: str | Path, grid: SweepGrid, grid_file: str | Path) -> Scenario:
    """The baseline point of a sweep: the scenario with the GRID file's ``fixed`` overrides."""
    return point_loader(scenario, grid_file, grid).baseline
