"""The comparison in chunks of simulations: each chunk simulated, paid and reduced where it runs, the chunks merged in order.

Memory depends on the chunk size, not on the number of simulations: a chunk's outcomes
and pay (simulations x reps x months per measure and component) live only while the chunk
runs; what comes back is each plan's metric draws (one row per simulation) and its pay
and outcomes reduced over the months (``measure.horizon``: per-rep totals, grades,
horizon attainment). Chunks are merged in simulation order whatever order they finish
in, and each simulation draws from its own seeded streams, so the tables are bit for bit
those of :func:`~salesperf_model.pipeline.run.run_comparison`, whatever the chunk size
and wherever the chunks ran (local processes, this process or a Dask cluster: any
``concurrent.futures.Executor``, see ``pipeline.executors``).
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.pipeline.chunk_merge import ChunkMerger
from salesperf_model.pipeline.plans import Overrides, PathLike, Plans, load_plans
from salesperf_model.pipeline.run import Run, RunSettings
from salesperf_model.pipeline.worker_settings import chunk_settings, release_freed_memory

if TYPE_CHECKING:
    from salesperf_model.measure.horizon import HorizonOutcomes, HorizonResult

#: Rep-simulations per chunk by default: a chunk's arrays stay near 100 MB per plan at
#: 12 months, and 500 reps make chunks of 50 simulations (a few seconds of work each).
CHUNK_CELLS = 25_000

#: ``progress(chunks done, chunks in all)`` after each chunk comes back.
Progress = Callable[[int, int], None]


class ChunkFailed(RuntimeError):
    """A chunk raised, or its worker died more often than retried (``kind``: the error's class)."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ChunkTask:
    """One chunk of a comparison: simulations ``first`` to ``first + count - 1``."""

    index: int
    chunks: int
    first: int
    count: int
    plans: Plans
    reps: int | None
    periods: int | None
    seed: int | None
    variants: bool

    def describe(self) -> str:
        """The chunk in words, for messages."""
        last = self.first + self.count - 1
        return f"chunk {self.index + 1} of {self.chunks} (simulations {self.first}-{last})"


@dataclass(frozen=True)
class ChunkSummary:
    """What a chunk sends back: per plan its metric draws, its pay reduced to the horizon
    (and at target), and the horizon outcomes it was paid on."""

    index: int
    draws: dict[str, pd.DataFrame]
    results: dict[str, HorizonResult]
    at_target: dict[str, HorizonResult | None]
    outcomes: dict[str, HorizonOutcomes]


def run_chunk(task: ChunkTask) -> ChunkSummary:
    """Simulate, pay and measure one chunk of simulations (a top-level function, so
    process pools and Dask workers can run it), in the process settings chunks run under
    (``worker_settings.chunk_settings``: one BLAS thread, no huge-page advice)."""
    with chunk_settings():
        return _run_chunk(task)


def _run_chunk(task: ChunkTask) -> ChunkSummary:
    from salesperf_model.engine import run_plan
    from salesperf_model.measure import evaluate_plans
    from salesperf_model.measure.horizon import horizon_outcomes, horizon_result
    from salesperf_model.measure.owed import holdback_bases
    from salesperf_model.pipeline.outcomes import outcomes_for

    plans = task.plans
    baseline = plans.scenarios[plans.baseline]
    budget = baseline.budget
    responding = baseline.behaviour.enabled
    sizes = {"reps": task.reps, "periods": task.periods, "seed": task.seed}
    shared = None
    summary = ChunkSummary(task.index, {}, {}, {}, {})
    for name, scenario in plans.scenarios.items():
        if responding or shared is None:
            shared = None  # the last plan's outcomes go before this plan's are simulated
            shared = outcomes_for(
                baseline,
                **sizes,
                simulations=task.count,
                plan=scenario if responding else None,
                first_simulation=task.first,
            )
        evaluation = evaluate_plans(
            {name: scenario},
            shared,
            functools.partial(run_plan, warnings=False),  # the run's come from load_plans
            variants=task.variants,
            total_pay_budget=budget.total_pay,
            cost_of_sales_budget=budget.cost_of_sales,
            keep_totals=True,  # the horizon result below is reduced from the same sums
            reuse_points=True,
        )[name]
        summary.draws[name] = evaluation.draws
        summary.results[name] = horizon_result(
            evaluation.result,
            shared,
            totals=evaluation.totals,
            holdback_bases=holdback_bases(scenario, evaluation.result, shared) or None,
        )
        at_target = evaluation.at_target
        summary.at_target[name] = (
            None if at_target is None else horizon_result(at_target, total_only=True)
        )
        if responding or name == plans.baseline:
            summary.outcomes[name] = horizon_outcomes(shared)
        del evaluation, at_target
    return summary


def chunk_plan(
    plans: Plans,
    *,
    simulations: int | None = None,
    reps: int | None = None,
    chunk_size: int | None = None,
) -> tuple[int, int]:
    """(simulations, simulations per chunk) of a run: sizes default to the baseline's
    ``simulation`` section, the chunk to :data:`CHUNK_CELLS` rep-simulations."""
    settings = plans.scenarios[plans.baseline].simulation
    total = simulations if simulations is not None else settings.simulations
    if chunk_size is None:
        chunk_size = max(1, CHUNK_CELLS // (reps if reps is not None else settings.reps))
    return total, min(chunk_size, total)


def chunk_tasks(
    plans: Plans,
    *,
    simulations: int,
    chunk_size: int,
    reps: int | None = None,
    periods: int | None = None,
    seed: int | None = None,
    variants: bool = True,
) -> list[ChunkTask]:
    """The chunks of ``simulations`` simulations, ``chunk_size`` each (the last smaller)."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    starts = range(0, simulations, chunk_size)
    return [
        ChunkTask(
            index=i,
            chunks=len(starts),
            first=first,
            count=min(chunk_size, simulations - first),
            plans=plans,
            reps=reps,
            periods=periods,
            seed=seed,
            variants=variants,
        )
        for i, first in enumerate(starts)
    ]


def run_chunks(
    tasks: Sequence[ChunkTask],
    executor: Executor,
    *,
    progress: Progress | None = None,
    merger: ChunkMerger | None = None,
) -> list[ChunkSummary]:
    """Every chunk through ``executor``, in simulation order whatever order they finish
    in; the first chunk that fails raises :class:`ChunkFailed` naming it (the others are
    cancelled). With a ``merger``, each chunk is handed to it as it comes back and not
    kept (the list returned is empty). In this process (:class:`~salesperf_model.
    pipeline.executors.InProcessExecutor`) the chunks run one after another, each counted
    as it ends (all submitted at once, they would all run before the first was counted)."""
    done: dict[int, ChunkSummary] = {}
    for count, (task, summary) in enumerate(_completed(tasks, executor), start=1):
        if merger is not None:
            merger.add(summary)
        else:
            done[task.index] = _share_rep_tables(summary, done)
        if progress is not None:
            progress(count, len(tasks))
    return [done[task.index] for task in tasks] if merger is None else []


def _completed(tasks: Sequence[ChunkTask], executor: Executor):
    """(task, its summary) as each chunk ends; a chunk that raises is named."""
    from salesperf_model.pipeline.executors import InProcessExecutor

    def named(task: ChunkTask, error: Exception) -> ChunkFailed:
        kind = type(error).__name__
        return ChunkFailed(f"{task.describe()} failed: {kind}: {error}", kind)

    if isinstance(executor, InProcessExecutor):
        for task in tasks:
            try:
                summary = run_chunk(task)
            except Exception as error:
                raise named(task, error) from error
            yield task, summary
        return
    futures = {executor.submit(run_chunk, task): task for task in tasks}
    try:
        for future in as_completed(futures):
            task = futures.pop(future)
            try:
                summary = future.result()
            except Exception as error:
                raise named(task, error) from error
            del future
            yield task, summary
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _share_rep_tables(summary: ChunkSummary, done: dict[int, ChunkSummary]) -> ChunkSummary:
    """``summary`` with its plans' rep tables replaced by an equal one already received:
    every chunk brings its own copy (about 90 bytes per seat and plan, as much as its
    pay), which would otherwise be kept once per chunk until the merge."""
    if not done:
        return summary
    first = next(iter(done.values())).outcomes
    for name, outcomes in summary.outcomes.items():
        kept = first.get(name)
        if kept is not None and outcomes.reps is not kept.reps and outcomes.reps.equals(kept.reps):
            summary.outcomes[name] = dataclasses.replace(outcomes, reps=kept.reps)
    return summary


def stream_comparison(
    scenario_paths: PathLike | Sequence[PathLike] | Plans,
    baseline_path: PathLike | None = None,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    overrides: Overrides = (),
    variants: bool = True,
    chunk_size: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Run:
    """:func:`~salesperf_model.pipeline.run.run_comparison`'s tables, computed chunk by
    chunk of simulations (``chunk_size``; default :data:`CHUNK_CELLS` rep-simulations)
    on ``executor`` (default: this process). The tables are identical to the unchunked
    run's. The Run's results and outcomes are reduced to the horizon
    (``measure.horizon``): enough for every table, not for month-by-month charts."""
    from salesperf_model.measure import comparison_tables
    from salesperf_model.measure.owed import owed_by_plan
    from salesperf_model.pipeline.executors import InProcessExecutor

    started = time.perf_counter()
    if isinstance(scenario_paths, Plans):
        plans = scenario_paths
    else:
        if baseline_path is None:
            raise TypeError("stream_comparison: baseline_path is required with scenario files")
        plans = load_plans(scenario_paths, baseline_path, overrides=overrides)
    baseline = plans.scenarios[plans.baseline]
    total, chunk_size = chunk_plan(plans, simulations=simulations, reps=reps, chunk_size=chunk_size)
    tasks = chunk_tasks(
        plans,
        simulations=total,
        chunk_size=chunk_size,
        reps=reps,
        periods=periods,
        seed=seed,
        variants=variants,
    )
    merger = ChunkMerger.of_tasks(plans, tasks, variants=variants)
    run_chunks(tasks, executor or InProcessExecutor(), progress=progress, merger=merger)
    release_freed_memory()  # the chunks' freed working arrays, before the tables' arrays
    evaluations, own_tables, outcomes = merger.finish()
    del merger
    shared = outcomes[plans.baseline] if isinstance(outcomes, dict) else outcomes
    results = {name: evaluation.result for name, evaluation in evaluations.items()}
    owed = owed_by_plan(plans.scenarios, results, outcomes)  # counted as pay by the frontier
    budget = plans.scenarios[plans.baseline].budget  # the chances of exceeding it, owed pay too
    tables = comparison_tables(
        evaluations, plans.baseline, outcomes, own_tables=own_tables, owed=owed, budget=budget
    )
    sims, n_reps, _ = shared.shape
    return Run(
        baseline=plans.baseline,
        plans=plans.plans,
        scenarios=plans.scenarios,
        sources=plans.sources,
        outcomes=shared,
        outcomes_by_plan=outcomes if isinstance(outcomes, dict) else {},
        evaluations=evaluations,
        tables=tables,
        skipped=plans.skipped,
        warnings=plans.warnings,
        settings=RunSettings(
            source=shared.source,
            simulations=sims,
            reps=n_reps,
            periods=len(shared.periods),
            seed=seed if seed is not None else baseline.simulation.seed,
            overrides=list(overrides) if not isinstance(overrides, dict) else dict(overrides),
            seconds=round(time.perf_counter() - started, 2),
        ),
    )


def comparison_on(
    scenario_paths: PathLike | Sequence[PathLike],
    baseline_path: PathLike,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    overrides: Overrides = (),
    variants: bool = True,
    skip_invalid: bool = False,
) -> Run:
    """:func:`stream_comparison` of scenario files on ``make_executor(scheduler, workers)``
    (a Dask scheduler address, or local processes), the executor closed afterwards: what
    the comparison notebook runs when ``salesperf report --scheduler/--workers`` asks for
    it. ``skip_invalid`` as in :func:`~salesperf_model.pipeline.run.run_comparison`."""
    from salesperf_model.pipeline.executors import make_executor
    from salesperf_model.pipeline.plans import without_unscored_plans

    plans = load_plans(
        scenario_paths, baseline_path, overrides=overrides, skip_invalid=skip_invalid
    )
    if skip_invalid:  # a plan that cannot score a seated role fails inside a chunk
        plans = without_unscored_plans(plans, reps=reps, seed=seed)
    with make_executor(scheduler, workers) as executor:
        return stream_comparison(
            plans,
            reps=reps,
            periods=periods,
            simulations=simulations,
            seed=seed,
            overrides=overrides,
            variants=variants,
            chunk_size=chunk_size,
            executor=executor,
        )


def report_comparison(
    scenario_paths: PathLike | Sequence[PathLike],
    baseline_path: PathLike,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    **options: object,
) -> Run:
    """The comparison notebook's run: :func:`comparison_on` when a ``scheduler`` or
    ``workers`` is given (``salesperf report --scheduler/--workers``) and the plans are
    simulated, else :func:`~salesperf_model.pipeline.run.run_comparison` with
    ``options`` (actuals, cache_dir, ...). The tables are the same either way."""
    from salesperf_model.pipeline.run import run_comparison

    chunked = scheduler is not None or workers is not None
    if not chunked or options.get("actuals_mapping") is not None:
        return run_comparison(scenario_paths, baseline_path, **options)
    options = {k: v for k, v in options.items() if not k.startswith(("actuals_", "cache_"))}
    chunks = {"scheduler": scheduler, "workers": workers, "chunk_size": chunk_size}
    return comparison_on(scenario_paths, baseline_path, **chunks, **options)
