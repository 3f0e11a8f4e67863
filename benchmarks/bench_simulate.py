"""Benchmark: rep-periods per second for simulate and simulate + pay, peak memory, and the
share of the simulation's time spent drawing random numbers.

Run: ``.venv/bin/python benchmarks/bench_simulate.py`` (both standard sizes) or
``--sizes 500x12x200`` (reps x periods x simulations). Not a test: prints figures only.

The random-number time is measured in the same run: every call into the simulation's
per-variable, per-simulation generators (seeding included) is timed, so the ratio
total / drawing says how much the model's own arithmetic adds to the unavoidable draws.
Each size runs in its own process, so peak memory is that process's peak resident set
(``resource.getrusage``), measured after simulate and again after pay. A yardstick line
times 10 million standard-normal draws, to compare this machine with others.
"""

from __future__ import annotations

import argparse
import functools
import resource
import subprocess
import sys
import time
from pathlib import Path

from salesperf_model.loading import load_scenario
from salesperf_model.simulate import Draws, simulate
from salesperf_model.simulate.keyed import KeyedDraws

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
_DRAW_METHODS = (
    "generators",
    "normal",
    "uniform",
    "poisson",
    "binomial",
    "beta",
    "per_item",
)


class DrawTimer:
    """Times every call into the simulation's generators (outermost calls only)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._depth = 0
        self._originals = {
            (kind, name): getattr(kind, name)
            for kind in (Draws, KeyedDraws)  # KeyedDraws: the month loop under behaviour
            for name in _DRAW_METHODS
            if hasattr(kind, name)
        }

    def __enter__(self) -> DrawTimer:
        for (kind, name), original in self._originals.items():
            setattr(kind, name, self._timed(original))
        return self

    def __exit__(self, *exc: object) -> None:
        for (kind, name), original in self._originals.items():
            setattr(kind, name, original)

    def _timed(self, method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            if self._depth:
                return method(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1
                self._depth -= 1

        return wrapper


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def yardstick() -> None:
    import numpy as np

    generator = np.random.default_rng(0)
    start = time.perf_counter()
    generator.standard_normal(10_000_000)
    print(
        f"yardstick: 10,000,000 standard-normal draws take {time.perf_counter() - start:.2f} s here"
    )


def bench(reps: int, periods: int, simulations: int, pay: bool, behaviour: bool) -> None:
    scenario = load_scenario(BASELINE)
    cells = reps * periods * simulations
    before = _peak_gib()
    with DrawTimer() as timer:
        start = time.perf_counter()
        outcomes = simulate(
            scenario.population,
            scenario.simulation,
            reps=reps,
            periods=periods,
            simulations=simulations,
        )
        simulate_seconds = time.perf_counter() - start
    print(f"\n{reps:,} reps x {periods} months x {simulations} simulations = {cells:,} rep-periods")
    print(
        f"  simulate:        {simulate_seconds:8.2f} s  {cells / simulate_seconds:12,.0f} rep-periods/s"
    )
    print(
        f"  drawing randoms: {timer.seconds:8.2f} s  (inside simulate); "
        f"simulate / drawing = {simulate_seconds / timer.seconds:.2f}"
    )
    print(f"  peak memory after simulate:       {_peak_gib():6.2f} GiB (imports: {before:.2f} GiB)")
    if pay:
        from salesperf_model.engine import run_plan

        start = time.perf_counter()
        run_plan(outcomes, scenario)
        pay_seconds = time.perf_counter() - start
        total = simulate_seconds + pay_seconds
        print(f"  pay (run_plan):  {pay_seconds:8.2f} s")
        print(f"  simulate + pay:  {total:8.2f} s  {cells / total:12,.0f} rep-periods/s")
        print(f"  peak memory after simulate + pay: {_peak_gib():6.2f} GiB")
    if behaviour:
        from salesperf_model.engine import EnginePlanResponse

        del outcomes
        start = time.perf_counter()
        simulate(
            scenario.population,
            scenario.simulation,
            reps=reps,
            periods=periods,
            simulations=simulations,
            plan_response=EnginePlanResponse(scenario),
            behaviour=scenario.behaviour,
        )
        plan_seconds = time.perf_counter() - start
        print(
            f"  simulate under the plan's behaviour: {plan_seconds:8.2f} s "
            f"({plan_seconds / simulate_seconds:.1f}x simulate; each plan of a comparison)"
        )
        print(f"  peak memory after it:             {_peak_gib():6.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["500x12x200", "10000x12x100"],
        metavar="RxPxS",
        help="reps x periods x simulations (default: 500x12x200 10000x12x100)",
    )
    parser.add_argument("--no-pay", action="store_true", help="skip simulate + pay")
    parser.add_argument(
        "--behaviour",
        action="store_true",
        help="also time simulating under the baseline plan's behaviour (what each plan of a "
        "comparison costs with the behaviour section on)",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        reps, periods, simulations = (int(x) for x in args.sizes[0].lower().split("x"))
        bench(reps, periods, simulations, pay=not args.no_pay, behaviour=args.behaviour)
        return
    yardstick()
    for size in args.sizes:  # one process per size: peak memory is per size
        command = [sys.executable, __file__, "--one", "--sizes", size]
        flags = [
            *(["--no-pay"] if args.no_pay else []),
            *(["--behaviour"] if args.behaviour else []),
        ]
        subprocess.run([*command, *flags], check=True)


if __name__ == "__main__":
    main()
