"""Benchmark: whole-process time of a plan-only sweep (default: the 200-point latin hypercube
of scenarios/searches/rates_hypercube.yaml at the default size), over 1 and 2 local
processes, optionally beside another checkout's code, and what a point costs when it
changes behaviour (every point simulated anew with reps responding to its pay).

Run: ``.venv/bin/python benchmarks/bench_sweep.py`` (this checkout, 1 and 2 workers),
``--compare /work/main`` (the same sweep with that checkout's code, in the same run, for
a ratio), ``--behaviour-points 4`` (the behaviour sweep's cost per point, at the default
size), ``--workers 1,2``. Not a test: prints figures only.

Every run is its own Python process started from scratch, timed from outside (imports,
the baseline's simulation, every point, the table); the machine's load average is printed
before and after each, since timings on a shared machine move with it. The tables of all
runs are compared: processes must not change a figure, and another checkout's table is
compared column by column (largest relative difference).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
GRID = ROOT / "scenarios" / "searches" / "rates_hypercube.yaml"

#: The child: one sweep, its table pickled to argv[4]; prints the sweep's own seconds.
_SWEEP = """
import inspect, sys, time
from salesperf_model.search import sweep
scenario, grid, workers, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# older checkouts call local processes jobs=
name = "workers" if "workers" in inspect.signature(sweep).parameters else "jobs"
result = sweep(scenario, grid, **{name: workers})
result.table.to_pickle(out)
print(len(result.table), result.simulations, result.reps, result.periods, result.seconds)
"""

#: The child of the behaviour measurement: the baseline point timed apart from the points.
_BEHAVIOUR = """
import sys, time
from salesperf_model.schema.search import SweepGrid
from salesperf_model.search.evaluate import Evaluator
from salesperf_model.search.parallel import evaluate_all, local_processes
from salesperf_model.search.points import point_loader, simulation_reason
scenario, count, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rates = [round(0.03 + 0.005 * n, 4) for n in range(count)]
grid = SweepGrid(parameters={"pay.commission.tiers.1.rate": {"values": rates}})
loader = point_loader(scenario, "<behaviour grid>", grid)
started = time.perf_counter()
evaluator = Evaluator(loader.baseline)
baseline = time.perf_counter() - started
points = [{"pay.commission.tiers.1.rate": r} for r in rates]
plans = [(loader.scenario(p, name=str(n)), simulation_reason(p, loader.baseline)[0] == "simulated")
         for n, p in enumerate(points)]
started = time.perf_counter()
with local_processes(evaluator, workers) as pool:
    evaluate_all(evaluator, plans, executor=pool)
spent = time.perf_counter() - started
sims, reps, periods = evaluator.outcomes.shape
print(sum(s for _p, s in plans), sims, reps, periods, round(baseline, 2), round(spent, 2))
"""


def _load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(code: str, checkout: Path, *args: str) -> tuple[float, list[str]]:
    """Run ``code`` in a fresh interpreter with ``checkout`` first on the path; the
    whole-process seconds and what it printed, split (and the CPU seconds it and its
    workers used, printed: on a shared machine the wall time moves with the load, the
    CPU time much less)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    cpu = _cpu_seconds()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"run in {checkout} failed:\n{done.stderr[-3000:]}")
    print(f"  ({_cpu_seconds() - cpu:.1f} CPU s in the process and its workers)", flush=True)
    return seconds, done.stdout.split()


def _largest_difference(a: pd.DataFrame, b: pd.DataFrame) -> tuple[str, float]:
    """The numeric column where two tables differ most (relative), and by how much."""
    worst = ("", 0.0)
    for column in a.columns:
        if column not in b or not pd.api.types.is_numeric_dtype(a[column]):
            continue
        x, y = a[column].to_numpy(float), b[column].to_numpy(float)
        with np.errstate(all="ignore"):
            gap = np.abs(x - y) / np.maximum(np.abs(x), 1e-9)
        gap = np.where(np.isnan(x) & np.isnan(y), 0.0, gap)
        if np.nanmax(gap, initial=0.0) > worst[1]:
            worst = (str(column), float(np.nanmax(gap)))
    return worst


def sweep_runs(grid: Path, workers: list[int], compare: Path | None) -> None:
    """Each checkout x worker count once, interleaved, with whole-process times."""
    runs = [(ROOT, n) for n in workers]
    if compare is not None:
        runs.insert(0, (compare, 1))
    tables: dict[tuple[Path, int], pd.DataFrame] = {}
    times: dict[tuple[Path, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as folder:
        for number, (checkout, count) in enumerate(runs):
            out = str(Path(folder) / f"{number}.pkl")
            before = _load()
            seconds, printed = _child(_SWEEP, checkout, str(BASELINE), str(grid), str(count), out)
            points, sims, reps, periods, inside = printed[-5:]
            times[(checkout, count)] = seconds
            tables[(checkout, count)] = pd.read_pickle(out)
            print(
                f"{checkout}  workers {count}: {points} points at {sims} sims x {reps} reps x "
                f"{periods} months: {seconds:6.1f} s whole process ({float(inside):.1f} s in "
                f"sweep), {float(points) / seconds:.2f} points/s  [{before} -> {_load()}]",
                flush=True,
            )
    first = tables[(ROOT, workers[0])]
    for count in workers[1:]:
        same = tables[(ROOT, count)].equals(first)
        print(f"workers {count} table identical to workers {workers[0]}: {same}")
    if compare is not None:
        ratio = times[(compare, 1)] / times[(ROOT, workers[-1])]
        print(f"ratio {compare} (1 process) / this checkout ({workers[-1]} workers): {ratio:.2f}x")
        if workers[0] == 1:
            alone = times[(compare, 1)] / times[(ROOT, 1)]
            print(f"ratio {compare} / this checkout, both 1 process: {alone:.2f}x")
        column, gap = _largest_difference(tables[(compare, 1)], first)
        print(f"largest relative difference of any figure against {compare}: {gap:.2g} ({column})")


def behaviour_runs(count: int, workers: list[int]) -> None:
    """The per-point cost of a sweep whose points each simulate the sales force anew."""
    for n in workers:
        before = _load()
        seconds, printed = _child(_BEHAVIOUR, ROOT, str(BASELINE), str(count), str(n))
        simulated, sims, reps, periods, baseline, spent = printed[-6:]
        per_point = float(spent) / int(simulated)
        print(
            f"behaviour on, workers {n}: {simulated} points simulated at {sims} sims x {reps} "
            f"reps x {periods} months: baseline point {float(baseline):.1f} s, points "
            f"{float(spent):.1f} s = {per_point:.1f} s per point ({seconds:.1f} s whole "
            f"process)  [{before} -> {_load()}]",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=Path, default=GRID, help="a plan-only GRID file")
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--compare", type=Path, help="another checkout to run beside this one")
    parser.add_argument(
        "--behaviour-points", type=int, default=0, metavar="N", help="N behaviour points"
    )
    parser.add_argument("--no-sweep", action="store_true", help="only the behaviour runs")
    args = parser.parse_args(argv)
    workers = [int(n) for n in args.workers.split(",")]
    print(f"{os.cpu_count()} cores; {_load()}")
    if not args.no_sweep:
        sweep_runs(args.grid, workers, args.compare)
    if args.behaviour_points:
        behaviour_runs(args.behaviour_points, workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
