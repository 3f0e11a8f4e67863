"""Benchmark: the full pipeline for one plan against the random-number floor, time per rep-month from 1,000 to 100,000 reps, and peak memory of a chunked comparison.

Run: ``.venv/bin/python benchmarks/bench_scale.py`` (every part) or one part with
``--part floor|scaling|cluster|repay|memory``. Not a test: prints figures only, as ratios measured in
one run (the machine may be shared: compare ratios, not seconds, between machines).

- **floor**: the full pipeline for one plan (simulate under the plan's behaviour, pay with
  both variants, measure every metric and table, chunk by chunk in this process; warm:
  after a small run and a first full-size run, whose times are printed apart) next to
  the random-number floor: the same number and kinds of variates the simulation drew
  (counted by wrapping its generators), drawn in bulk from one generator, timed in the
  same process, in ``--repeat`` pairs. ``floor / pipeline`` (the median of the pairs'
  ratios) is the ratio the issue targets (>= 0.5). The floor is also drawn in blocks of
  ``FLOOR_BLOCK`` variates, reusing the same memory: drawing one array of 26 million
  normals first touches 212 MB of fresh pages, which some machines make slow (a first
  bulk floor of 3.9 s and a blocked one of 1.3 s on 3 December), and the blocked ratio
  shows the pipeline against drawing alone.
- **scaling**: CPU microseconds per rep-month of the same pipeline at 1,000, 10,000 and
  100,000 reps (about the same rep-months a size, 36 million by default: 30 simulations
  at 100,000 reps; ``--plan FILE`` for another plan, e.g. one paying on teams), the
  median of ``--rounds`` rounds of every size in turn: over the whole run, after the
  first chunk, and in the later chunks alone (without the first chunk's population and
  the merge and tables at the end, which read every seat once), and the first chunk's
  extra seconds.
- **cluster**: a comparison of two plans in this process, in two local processes and on
  a Dask ``LocalCluster`` of two worker processes (the tables checked identical).
- **repay**: the explorer's re-pay of 500 reps x 12 months x 100 simulations after an
  edit of the pay alone (the starting grades reused) and after an edit of the grading
  (scored and graded again), median of seven each (the issue's target: < 0.3 s).
- **memory**: peak resident memory of a comparison of two plans in a fresh process per
  size: chunked (``stream_comparison``) at two numbers of simulations with one chunk size
  (flat in simulations) and at two chunk sizes (grows with the chunk), and unchunked
  (``run_comparison``, every plan's full results kept) for reference.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import ClassVar

import numpy as np

from salesperf_model.pipeline.stream import CHUNK_CELLS
from salesperf_model.simulate import Draws
from salesperf_model.simulate.keyed import KeyedDraws

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
OTHER = ROOT / "scenarios" / "flat_commission.yaml"
#: CPU seconds of each pipeline run (this process): on a shared machine wall time is not
#: the work done
CPU_SECONDS: list[float] = []


class VariateCounter:
    """Counts the variates the simulation draws, by kind, with their mean parameters: both
    the per-variable streams (``Draws``) and, under behaviour, the month loop's draws keyed
    by cell (``KeyedDraws``); a keyed draw made from other keyed draws (a normal from a
    uniform, a beta from uniforms) counts once, as its own kind."""

    KINDS = ("normal", "uniform", "poisson", "binomial", "beta", "per_item")
    #: keyed draws of some cells only, and per-item normals scaled in the same pass:
    #: method -> the kind they count as
    PARTIAL: ClassVar[dict[str, str]] = {
        "uniform_at": "uniform",
        "normal_at": "normal",
        "per_item_spread": "normal",
    }

    def __init__(self) -> None:
        self.count: dict[str, int] = defaultdict(int)
        self.parameters: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        self._originals = {
            (cls, name): getattr(cls, name)
            for cls in (Draws, KeyedDraws)
            for name in (*self.KINDS, *self.PARTIAL)
            if hasattr(cls, name)
        }
        self._depth = 0
        #: CPU seconds inside the draws themselves (outermost calls), by generator class
        self.seconds: dict[str, float] = defaultdict(float)

    def __enter__(self) -> VariateCounter:
        for (cls, name), original in self._originals.items():
            setattr(cls, name, self._counted(name, original))
        return self

    def __exit__(self, *exc: object) -> None:
        for (cls, name), original in self._originals.items():
            setattr(cls, name, original)

    def _counted(self, kind: str, method):
        @functools.wraps(method)
        def wrapper(draws, name, *args, **kwargs):
            self._depth += 1
            start = time.process_time()
            try:
                out = method(draws, name, *args, **kwargs)
            finally:
                self._depth -= 1
            if self._depth:
                return out
            self.seconds[type(draws).__name__] += time.process_time() - start
            label = args[1] if kind == "per_item" else self.PARTIAL.get(kind, kind)
            self.count[label] += out.size
            if kind in ("poisson", "binomial", "beta"):
                first = np.broadcast_to(args[0], out.shape)
                second = np.broadcast_to(args[1], out.shape) if len(args) > 1 else first
                self.parameters[kind][0] += float(first.sum())
                self.parameters[kind][1] += float(second.sum())
            return out

        return wrapper

    def floor_seconds(self, block: int | None = None) -> float:
        """Seconds to draw the counted variates in bulk from one generator: one array of
        each kind, or with ``block``, arrays of at most ``block`` variates drawn in turn
        (each freed before the next, so the same memory is reused: no fresh pages)."""
        generator = np.random.default_rng(0)
        means = {
            k: (a / max(1, self.count[k]), b / max(1, self.count[k]))
            for k, (a, b) in self.parameters.items()
        }
        start = time.perf_counter()
        cpu = time.process_time()
        for kind, total in self.count.items():
            sizes = [total] if block is None else np.diff(np.r_[0:total:block, total])
            for n in sizes:
                self._draw(generator, kind, int(n), means)
        CPU_SECONDS.append(time.process_time() - cpu)
        return time.perf_counter() - start

    @staticmethod
    def _draw(generator: np.random.Generator, kind: str, n: int, means: dict) -> None:
        if kind == "normal":
            generator.standard_normal(n)
        elif kind == "uniform":
            generator.random(n)
        elif kind == "poisson":
            generator.poisson(means[kind][0], n)
        elif kind == "binomial":
            generator.binomial(max(1, round(means[kind][0])), min(1.0, means[kind][1]), n)
        elif kind == "beta":
            generator.beta(means[kind][0], means[kind][1], n)


def pipeline_one_plan(
    reps: int, periods: int, simulations: int, chunk_cpu: list | None = None, plan: Path = BASELINE
) -> float:
    """Seconds for the full pipeline of one plan alone (the baseline unless ``plan``;
    chunked, this process); ``chunk_cpu`` receives the CPU seconds up to each chunk's end
    (the first includes building the population)."""
    from salesperf_model.pipeline import load_plans
    from salesperf_model.pipeline.stream import stream_comparison

    plans = load_plans([], plan)
    start = time.perf_counter()
    cpu = time.process_time()

    def progress(done: int, total: int) -> None:
        if chunk_cpu is not None:
            chunk_cpu.append(time.process_time() - cpu)

    stream_comparison(plans, reps=reps, periods=periods, simulations=simulations, progress=progress)
    CPU_SECONDS.append(time.process_time() - cpu)
    return time.perf_counter() - start


#: Variates per array of the floor drawn in blocks: 8 MB of normals, reused block to block.
FLOOR_BLOCK = 1 << 20

#: The warm-up before the floor's runs: small enough to take about a second.
WARM_UP = (50, 12, 4)


def floor(reps: int, periods: int, simulations: int, repeats: int) -> None:
    """The pipeline's time next to the floor's, both warm, as paired runs.

    A small run first pays what a process pays once (imports, numba's compiled loops
    loaded from disk, the scenario's checks); a first full-size run counts the variates
    (and touches the chunk's memory for the first time). Then ``repeats`` pairs of
    (pipeline, floor) run one after the other, and the ratio printed is the median of the
    pairs' ratios: on a shared machine a single run moved by 10-25% from one run to the
    next, and a pair sees the same load."""
    cold = time.perf_counter()
    pipeline_one_plan(*WARM_UP)
    cold = time.perf_counter() - cold
    with VariateCounter() as counter:
        first = pipeline_one_plan(reps, periods, simulations)
    pairs = []
    for _ in range(repeats):
        seconds = pipeline_one_plan(reps, periods, simulations)
        pipeline_cpu = CPU_SECONDS[-1]
        floor_seconds = counter.floor_seconds()
        floor_cpu = CPU_SECONDS[-1]
        blocked = counter.floor_seconds(block=FLOOR_BLOCK)
        pairs.append((seconds, pipeline_cpu, floor_seconds, floor_cpu, blocked))
    pipeline_wall, pipeline_cpu, floor_wall, floor_cpu, blocked_wall = (
        [pair[i] for pair in pairs] for i in range(5)
    )
    wall_ratio = float(np.median([f / p for p, _, f, _, _ in pairs]))
    cpu_ratio = float(np.median([f / p for _, p, _, f, _ in pairs]))
    blocked_ratio = float(np.median([b / p for p, _, _, _, b in pairs]))
    cells = reps * periods * simulations
    variates = sum(counter.count.values())

    def each(values: list[float]) -> str:
        return f"{np.median(values):8.2f} s (median of {', '.join(f'{v:.2f}' for v in values)})"

    print(f"\nfloor: {reps:,} reps x {periods} months x {simulations} simulations")
    print(
        f"  variates drawn: {variates:,} ({variates / cells:.1f} per rep-month): "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counter.count.items()))
    )
    print(
        f"  first run in this process:        {cold:8.2f} s "
        f"({'x'.join(map(str, WARM_UP))}: imports, compiled loops loaded; not in the ratio)"
    )
    print(f"  first full-size run (counting):   {first:8.2f} s (not in the ratio)")
    print(f"  full pipeline, one plan:          {each(pipeline_wall)}")
    print(f"  the same variates in bulk:        {each(floor_wall)}")
    print(f"  the same in blocks of {FLOOR_BLOCK:,}:  {each(blocked_wall)}")
    ratios = ", ".join(f"{f / p:.2f}" for p, _, f, _, _ in pairs)
    print(
        f"  floor / pipeline:                 {wall_ratio:8.2f}x wall ({ratios}), "
        f"{cpu_ratio:.2f}x CPU (target >= 0.5)"
    )
    print(
        f"  floor in blocks / pipeline:       {blocked_ratio:8.2f}x wall (no fresh pages: "
        "where first touching fresh memory is slow, the bulk floor reads high)"
    )
    drawing = sum(counter.seconds.values())
    print(
        f"  of the first full-size run, drawing them: {drawing:.2f} s CPU ("
        + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(counter.seconds.items()))
        + f"): floor / drawing alone {np.median(floor_cpu) / drawing:.2f}x"
    )


def scaling(periods: int, rep_months: int, plan: Path = BASELINE, rounds: int = 1) -> None:
    """Per size, CPU per rep-month over the whole run, after the first chunk (the later
    chunks, merging and every table), and in the later chunks alone: a process's first
    chunk also builds the population and touches fresh memory (the allocator reuses it
    for later chunks), and the tables at the end read every seat once, so a run of many
    simulations costs what the later chunks cost. After a warm-up, ``rounds`` rounds of
    every size in turn; each figure is the median of the rounds (the machine moves 5-10%
    a run)."""
    print(f"\nscaling: full pipeline for {plan.name} alone, about {rep_months:,} rep-months a size")
    print(
        f"  {'reps':>8} {'sims':>5} {'chunks':>6} {'wall s':>8} {'CPU s':>8}"
        f" {'CPU us per rep-month':>21} {'after the first chunk':>22} {'later chunks alone':>19}"
        f" {'tables s':>9} {'first chunk extra s':>20}   (median of {rounds})"
    )
    pipeline_one_plan(*WARM_UP, plan=plan)
    sizes = {reps: max(1, rep_months // (reps * periods)) for reps in (1_000, 10_000, 100_000)}
    runs: dict[int, list[tuple[float, ...]]] = defaultdict(list)
    for _ in range(rounds):
        for reps, simulations in sizes.items():
            chunk_cpu: list[float] = []
            seconds = pipeline_one_plan(reps, periods, simulations, chunk_cpu, plan)
            cpu, cells = CPU_SECONDS[-1], reps * periods * simulations
            first = min(simulations, max(1, CHUNK_CELLS // reps))
            later_cells = reps * periods * (simulations - first) or np.nan
            after = (cpu - chunk_cpu[0]) / later_cells
            alone = (chunk_cpu[-1] - chunk_cpu[0]) / later_cells
            tables = cpu - chunk_cpu[-1]
            # the first chunk's CPU beyond the later chunks' rate: seating the sales force
            # and first touching the chunk's working set, once a run
            first_extra = chunk_cpu[0] - alone * reps * periods * first
            per = 1e6 * cpu / cells
            runs[reps].append(
                (seconds, cpu, per, 1e6 * after, 1e6 * alone, tables, first_extra, len(chunk_cpu))
            )
    rates = {}
    for reps, simulations in sizes.items():
        figures = [float(np.median([r[i] for r in runs[reps]])) for i in range(7)]
        seconds, cpu, per, after, alone, tables, first_extra = figures
        rates[reps] = (per, alone)
        each = ", ".join(f"{r[4]:.2f}" for r in runs[reps]) if rounds > 1 else ""
        print(
            f"  {reps:>8,} {simulations:>5} {runs[reps][0][7]:>6} {seconds:>8.2f} {cpu:>8.2f}"
            f" {per:>21.2f} {after:>22.2f} {alone:>19.2f} {tables:>9.2f} {first_extra:>20.2f}   {each}"
        )
    by_round = "; the last column lists them by round" if rounds > 1 else ""
    print(
        f"  (later chunks alone: the chunks after the first, without the merge and tables{by_round};"
        "\n   first chunk extra: its CPU seconds beyond the later chunks' rate, once a run:"
        " seating the\n   sales force and first touching a chunk's memory, which grow with"
        " the reps of one chunk)"
    )
    smallest, largest = min(rates), max(rates)
    whole, marginal = (rates[largest][i] / rates[smallest][i] - 1 for i in (0, 1))
    later = (
        f"{marginal:+.0%} per rep-month in the later chunks"
        if np.isfinite(marginal)
        else "no later chunk (one chunk a run: raise --rep-months)"
    )
    print(
        f"  {largest:,} reps against {smallest:,}: {later}, {whole:+.0%} over the whole run"
        " (target: flat)"
    )


def _one_memory(reps: int, periods: int, simulations: int, chunk: int | None) -> None:
    """In a fresh process: one comparison of two plans, print its peak resident set."""
    start = time.perf_counter()
    if chunk is None:
        from salesperf_model.pipeline import run_comparison

        run_comparison([OTHER], BASELINE, reps=reps, periods=periods, simulations=simulations)
    else:
        from salesperf_model.pipeline.stream import stream_comparison

        stream_comparison(
            [OTHER], BASELINE, reps=reps, periods=periods, simulations=simulations, chunk_size=chunk
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(json.dumps({"peak_gib": peak, "seconds": time.perf_counter() - start}))


def memory(reps: int, periods: int, sizes: list[tuple[int, int | None]]) -> None:
    print(f"\nmemory: compare of two plans, {reps:,} reps x {periods} months, one process each")
    print(f"  {'sims':>5} {'chunk':>6} {'peak GiB':>9} {'seconds':>8}")
    for simulations, chunk in sizes:
        command = [
            sys.executable,
            __file__,
            "--one-memory",
            json.dumps([reps, periods, simulations, chunk]),
        ]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        label = "all" if chunk is None else str(chunk)
        print(
            f"  {simulations:>5} {label:>6} {figures['peak_gib']:>9.2f} "
            f"{figures['seconds']:>8.1f}"
            + ("  (unchunked run_comparison)" if chunk is None else "")
        )


def cluster(reps: int, periods: int, simulations: int, chunk: int) -> None:
    import pandas as pd
    from distributed import Client, LocalCluster

    from salesperf_model.pipeline.executors import make_executor
    from salesperf_model.pipeline.stream import stream_comparison

    sizes = {"reps": reps, "periods": periods, "simulations": simulations, "chunk_size": chunk}
    print(
        f"\ncluster: compare of two plans, {reps:,} reps x {periods} months x {simulations} "
        f"simulations, chunks of {chunk}"
    )
    tables = {}

    def timed(label: str, executor) -> None:
        start = time.perf_counter()
        with executor:
            run = stream_comparison([OTHER], BASELINE, executor=executor, **sizes)
        tables[label] = run.tables
        print(f"  {label:<34} {time.perf_counter() - start:8.1f} s")

    timed("this process", make_executor(workers=1))
    timed("2 local processes", make_executor(workers=2))
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local:
        print(f"  (LocalCluster of 2 workers started in {time.perf_counter() - start:.1f} s)")
        with Client(local) as client:
            timed("Dask LocalCluster, 2 workers", make_executor(client))
    reference = tables["this process"]
    for other in tables.values():
        for name, table in reference.items():
            pd.testing.assert_frame_equal(table, other[name], check_exact=True)
    print("  tables identical in all three")


def repay_part(reps: int, periods: int, simulations: int) -> None:
    """The explorer's re-pay after two kinds of edit, on one simulated sales force."""
    from salesperf_model.explore.edits import edited_scenario
    from salesperf_model.explore.explorer import prepare_explorer, repay

    start = time.perf_counter()
    explorer = prepare_explorer(BASELINE, reps=reps, periods=periods, simulations=simulations)
    print(
        f"\nrepay: the explorer, {reps:,} reps x {periods} months x {simulations} simulations "
        f"(simulated and paid once in {time.perf_counter() - start:.1f} s)"
    )
    scenario = explorer.scenario
    tiers = [
        (
            tier.from_amount if tier.from_amount is not None else tier.from_attainment,
            tier.rate * 1.1,
        )
        for tier in scenario.pay.commission.tiers
    ]
    other = "absolute" if scenario.grading.method != "absolute" else "forced"
    edits = {
        "commission rates 10% higher (grades reused)": edited_scenario(scenario, tiers=tiers),
        f"grading method {other} (scored again)": edited_scenario(scenario, grading_method=other),
    }
    for label, edited in edits.items():
        repay(explorer, edited)  # the first also loads what a re-pay imports
        seconds = [repay(explorer, edited)["seconds"] for _ in range(7)]
        print(
            f"  {label:<46} {np.median(seconds):6.3f} s (median of seven; "
            f"{min(seconds):.3f}-{max(seconds):.3f}; target < 0.3 s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part", choices=["floor", "scaling", "cluster", "repay", "memory", "all"], default="all"
    )
    parser.add_argument("--cluster-size", default="500x12x40:10", metavar="RxPxS:CHUNK")
    parser.add_argument("--floor-size", default="500x12x200", metavar="RxPxS")
    parser.add_argument(
        "--repeat", type=int, default=3, help="paired (pipeline, floor) runs of the floor part"
    )
    parser.add_argument(
        "--rep-months",
        type=int,
        default=36_000_000,
        help="rep-months per size of the scaling table (30 simulations at 100,000 reps: a run"
        " of 3 weighs the first chunk's once-a-run work ten times as much)",
    )
    parser.add_argument("--plan", type=Path, default=BASELINE, help="the scaling table's plan")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of the scaling table (each 1-2 minutes a size)",
    )
    parser.add_argument("--memory-reps", type=int, default=2_000)
    parser.add_argument(
        "--memory-sizes",
        nargs="+",
        default=["8:4", "32:4", "32:8", "32:16", "32:all"],
        metavar="SIMS:CHUNK",
        help="simulations:chunk size ('all': unchunked run_comparison)",
    )
    parser.add_argument("--one-memory", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_memory:
        _one_memory(*json.loads(args.one_memory))
        return
    if args.part in ("floor", "all"):
        floor(*(int(x) for x in args.floor_size.lower().split("x")), args.repeat)
    if args.part in ("scaling", "all"):
        scaling(12, args.rep_months, args.plan.resolve(), args.rounds)
    if args.part in ("cluster", "all"):
        size, chunk = args.cluster_size.split(":")
        cluster(*(int(x) for x in size.lower().split("x")), int(chunk))
    if args.part in ("repay", "all"):
        repay_part(500, 12, 100)
    if args.part in ("memory", "all"):
        sizes = []
        for item in args.memory_sizes:
            sims, chunk = item.split(":")
            sizes.append((int(sims), None if chunk == "all" else int(chunk)))
        memory(args.memory_reps, 12, sizes)


if __name__ == "__main__":
    main()
