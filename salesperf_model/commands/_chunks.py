"""Where a command's chunks of simulations run: --chunk-size, --workers, --scheduler, and a progress bar counting chunks."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from salesperf_model.commands._arguments import positive_int

if TYPE_CHECKING:
    from salesperf_model.pipeline import Plans, Run


#: Said when --workers comes with --scheduler: the cluster's own workers run the chunks.
SCHEDULER_RUNS_THEM = (
    "warning: --workers {workers} is ignored with --scheduler: the cluster's workers run the "
    "chunks (start more with `dask worker`)"
)


#: How a chunk is lost with its worker's process (Dask; a local process pool): the
#: machine's fault, not the plans'.
WORKER_DEATHS = frozenset({"KilledWorker", "BrokenProcessPool", "CommClosedError"})
WORKER_DIED = "a worker process died (not a fault of the plans): run again"


class ChunkRunError(RuntimeError):
    """The chunked run could not finish: no scheduler answered, or a chunk failed
    (``plans_at_fault``: False where the option or the machine is)."""

    def __init__(self, message: str, *, plans_at_fault: bool = True) -> None:
        super().__init__(message)
        self.plans_at_fault = plans_at_fault


def add_chunk_arguments(parser: argparse.ArgumentParser) -> None:
    """--chunk-size, --workers and --scheduler (see ``pipeline.executors``)."""
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
        metavar="SIMS",
        help="simulations per chunk; memory grows with it, not with --sims "
        "(default: about 25,000 rep-simulations, 50 simulations of 500 reps)",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        help="local worker processes for the chunks (default: one per core; 1: this process; "
        "with --scheduler: ignored)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the chunks on a Dask cluster, e.g. tcp://HOST:8786 (see README, "
        "'Running on a cluster'); results are identical to a local run",
    )


def streamed_run(plans: Plans, args: argparse.Namespace, **sizes: object) -> Run:
    """``pipeline.stream_comparison`` on the executor ``args`` ask for, with a progress
    bar on stderr counting chunks done across workers; :class:`ChunkRunError` in words
    when the scheduler does not answer or a chunk fails."""
    from tqdm import tqdm

    from salesperf_model.pipeline.executors import SchedulerUnreachable, make_executor
    from salesperf_model.pipeline.stream import ChunkFailed, chunk_plan, stream_comparison

    workers = args.workers
    if args.scheduler is not None and workers is not None:
        print(SCHEDULER_RUNS_THEM.format(workers=workers), file=sys.stderr)
    if args.scheduler is None and workers is None:
        total, chunk = chunk_plan(
            plans,
            simulations=sizes.get("simulations"),
            reps=sizes.get("reps"),
            chunk_size=args.chunk_size,
        )
        if total <= chunk:  # one chunk: no worker to start
            workers = 1
    try:
        executor = make_executor(args.scheduler, workers)
    except (SchedulerUnreachable, ValueError, TypeError) as error:
        raise ChunkRunError(f"--scheduler: {error}", plans_at_fault=False) from None
    bar = tqdm(desc="chunks", unit="chunk", file=sys.stderr, disable=not sys.stderr.isatty())

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        with executor:
            return stream_comparison(
                plans, chunk_size=args.chunk_size, executor=executor, progress=progress, **sizes
            )
    except ChunkFailed as error:
        if error.kind in WORKER_DEATHS:
            raise ChunkRunError(f"{error}; {WORKER_DIED}", plans_at_fault=False) from None
        raise ChunkRunError(str(error)) from None
    except ValueError as error:  # sizes the simulation refuses
        raise ChunkRunError(str(error)) from None
    finally:
        bar.close()
