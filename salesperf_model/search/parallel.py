"""Plans of a sweep or search measured on any ``concurrent.futures.Executor``: local processes that inherit the baseline's simulation, or workers (a Dask client's executor) that simulate it once each from the same seed.

A piece of work carries the baseline scenario, the simulation sizes and its plans, so any
worker can rebuild the baseline point: the same seed gives the same simulation to the
bit, hence the same figures wherever a plan ran. Local processes forked by
:func:`local_processes` find the baseline's evaluator already in memory and simulate
nothing. Results come back in the order the plans were given.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from salesperf_model.pipeline.executors import LocalWorkers
from salesperf_model.schema import Scenario
from salesperf_model.search.evaluate import Evaluator

#: Pieces per worker: small enough that a slow piece does not hold up the end, large
#: enough that sending a piece costs little against paying its plans.
PIECES_PER_WORKER = 4

#: Evaluators of the baselines this process measures against, by :func:`evaluator_key`
#: (filled before forking, so forked workers inherit the simulation; one kept otherwise).
_EVALUATORS: dict[str, Evaluator] = {}


@dataclass(frozen=True)
class Piece:
    """Plans (each with whether it is simulated anew) measured against one baseline point."""

    key: str
    baseline: Scenario
    sizes: dict[str, int | None]
    plans: list[tuple[Scenario, bool]]


def evaluator_key(evaluator: Evaluator) -> str:
    """What identifies an evaluator's simulation: its baseline scenario, sizes and seed."""
    text = evaluator.baseline.model_dump_json() + json.dumps(evaluator.sizes(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def evaluate_piece(piece: Piece) -> list[pd.DataFrame]:
    """Every plan of ``piece`` measured per simulation (runs in a worker)."""
    evaluator = _EVALUATORS.get(piece.key)
    if evaluator is None:
        evaluator = Evaluator(piece.baseline, **piece.sizes)
        _EVALUATORS.clear()  # one baseline per worker: a search moves to fresh seeds
        _EVALUATORS[piece.key] = evaluator
    return [evaluator.evaluate(plan, simulate=simulate) for plan, simulate in piece.plans]


def executor_workers(executor: Executor) -> int:
    """How many workers ``executor`` runs (a process pool's, a Dask client's; else 2)."""
    for name in ("workers", "_max_workers"):
        count = getattr(executor, name, None)
        if isinstance(count, int) and count > 0:
            return count
    return 2


def evaluate_all(
    evaluator: Evaluator,
    plans: Sequence[tuple[Scenario, bool]],
    *,
    executor: Executor | None = None,
) -> list[pd.DataFrame]:
    """Each plan's figures per simulation, in order: in this process without an
    ``executor``, else in pieces on it (figures identical either way)."""
    if executor is None or len(plans) <= 1:
        return [evaluator.evaluate(plan, simulate=simulate) for plan, simulate in plans]
    key = evaluator_key(evaluator)
    count = min(len(plans), PIECES_PER_WORKER * executor_workers(executor))
    bounds = [round(n * len(plans) / count) for n in range(count + 1)]
    futures = [
        executor.submit(
            evaluate_piece,
            Piece(key, evaluator.baseline, evaluator.sizes(), list(plans[start:end])),
        )
        for start, end in itertools.pairwise(bounds)
        if end > start
    ]
    return [draws for future in futures for draws in future.result()]


@contextmanager
def local_processes(evaluator: Evaluator, workers: int) -> Iterator[Executor | None]:
    """``workers`` local processes that start with ``evaluator``'s simulation in memory
    (forked, POSIX) or simulate it once each (elsewhere); None for one worker (this
    process). Closed on leaving."""
    if workers <= 1:
        yield None
        return
    key = evaluator_key(evaluator)
    _EVALUATORS[key] = evaluator  # before the pool forks its workers
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    try:
        with LocalWorkers(workers, context) as pool:
            yield pool
    finally:
        _EVALUATORS.pop(key, None)
