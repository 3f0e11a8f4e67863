"""A parameter sweep: every point of a GRID file paid or simulated on common random numbers, one tidy row per point with paired intervals against the baseline point."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from salesperf_model.schema import Scenario
from salesperf_model.schema.search import SweepGrid
from salesperf_model.search.evaluate import Evaluator, paired_summary
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
    jobs: int = 1,
) -> SweepResult:
    """Evaluate every point against the baseline point (the baseline with the spec's
    ``fixed`` overrides): re-paid on one simulated sales force where only the plan changes
    and reps do not respond, else simulated with the same seed. ``jobs`` > 1 spreads the
    points over forked processes that share the baseline's simulation (POSIX only)."""
    started = time.perf_counter()
    evaluator = Evaluator(loader.baseline, **dict(sizes or {}))
    names = list(points[0]) if points else []
    # every point validated before any runs: a refused combination stops the sweep early
    scenarios = [loader.scenario(point, name=f"point {n}") for n, point in enumerate(points)]
    work = [
        (n, p, s, *simulation_reason(p, loader.baseline))
        for n, (p, s) in enumerate(zip(points, scenarios, strict=True))
    ]
    rows = (
        _in_processes(evaluator, work, jobs)
        if jobs > 1 and len(work) > 1
        else [_row(evaluator, item) for item in work]
    )
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
    )


Work = tuple[int, Mapping[str, int | float], Scenario, str, str]
_SHARED: dict[str, Evaluator] = {}


def _row(evaluator: Evaluator, item: Work) -> dict[str, object]:
    """One point's row: its values, how and why it was evaluated, its paired figures."""
    number, point, scenario, how, why = item
    draws = evaluator.evaluate(scenario, simulate=how == "simulated")
    summary = paired_summary(draws, evaluator.baseline_draws)
    return {"point": number, **point, "evaluation": how, "why": why, **summary}


def _forked_row(item: Work) -> dict[str, object]:
    return _row(_SHARED["evaluator"], item)


def _in_processes(evaluator: Evaluator, work: list[Work], jobs: int) -> list[dict[str, object]]:
    """The rows computed in ``jobs`` forked processes: each inherits the baseline's
    simulation instead of receiving a copy; rows come back in point order."""
    import multiprocessing
    import os

    if os.name != "posix":
        return [_row(evaluator, item) for item in work]
    _SHARED["evaluator"] = evaluator
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_forked_row, work, chunksize=max(1, len(work) // (4 * jobs)))
    finally:
        _SHARED.clear()


def sweep(
    scenario: str | Path,
    grid: str | Path | SweepGrid,
    *,
    grid_file: str | Path = "<grid>",
    jobs: int = 1,
) -> SweepResult:
    """Sweep ``scenario`` (a scenario file) over the points of ``grid`` (a GRID file, or
    a SweepGrid with ``grid_file`` naming where it came from for error messages).

    Every point goes through the loader ``--set`` uses; an unknown path or a value the
    schema refuses raises a ScenarioError naming the GRID file, key and value."""
    if not isinstance(grid, SweepGrid):
        grid_file = grid
        grid = load_spec(grid, SweepGrid)
    loader = point_loader(scenario, grid_file, grid)
    points = design_points(grid)
    sizes = grid.sizes.model_dump()
    return run_sweep(loader, points, sizes=sizes, description=grid.description, jobs=jobs)


def baseline_scenario(scenario: str | Path, grid: SweepGrid, grid_file: str | Path) -> Scenario:
    """The baseline point of a sweep: the scenario with the GRID file's ``fixed`` overrides."""
    return point_loader(scenario, grid_file, grid).baseline
