"""Benchmark: the analyst's edit loop, `salesperf report one.yaml` cold, warm and after an edit.

Run: ``.venv/bin/python benchmarks/bench_edit_loop.py`` (the default size: the scenario's
own simulation section) or ``--sims 40``. Not a test: prints figures only.

Whole-process wall-clock times of the CLI (kernel start, notebooks, HTML export included),
on a copy of ``scenarios/`` in a temporary folder:

- **no cache**: ``--no-cache``, what every run cost before the cache;
- **cold**: an empty output folder: everything computed, then stored in ``<out>/.cache``;
- **warm**: the same command again: the simulation and every plan's pay come from the cache;
- **edited**: one number of the plan changed (its first commission rate + 0.1 point): the
  baseline's simulation and pay come from the cache, the edited plan is paid afresh.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SALESPERF = Path(sys.executable).with_name("salesperf")


def _report(plan: Path, baseline: Path, out: Path, extra: list[str]) -> tuple[float, str]:
    """Seconds the whole `salesperf report` process took, and its cache lines."""
    command = [str(SALESPERF), "report", str(plan), "--baseline", str(baseline)]
    command += ["--out", str(out), "--no-progress", "--jobs", "2", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    reused = [line.strip() for line in done.stdout.splitlines() if "reused (cache)" in line]
    return seconds, reused[0].removeprefix("reused (cache): ") if reused else "nothing"


def _edit(plan: Path) -> str:
    """Raise the plan's first commission rate by 0.1 point; the edit, in words."""
    text = plan.read_text(encoding="utf-8")
    match = re.search(r"rate: ([0-9.]+)", text)
    if match is None:
        sys.exit(f"{plan}: no 'rate:' to edit")
    new = round(float(match.group(1)) + 0.001, 6)
    plan.write_text(text[: match.start(1)] + str(new) + text[match.end(1) :], encoding="utf-8")
    return f"rate {match.group(1)} -> {new}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="flat_commission.yaml", help="file in scenarios/")
    parser.add_argument("--sims", type=int, help="simulations (default: the scenario's own)")
    parser.add_argument(
        "--no-validation",
        action="store_true",
        help="pass --no-validation: the plan and comparison reports only",
    )
    args = parser.parse_args()
    extra = ["--sims", str(args.sims)] if args.sims else []
    extra += ["--no-validation"] if args.no_validation else []
    with tempfile.TemporaryDirectory(prefix="bench-edit-loop-") as folder:
        scenarios = Path(folder) / "scenarios"
        shutil.copytree(REPOSITORY / "scenarios", scenarios)
        plan, baseline = scenarios / args.scenario, scenarios / "baseline.yaml"
        rows = [
            ("no cache", *_report(plan, baseline, Path(folder) / "plain", [*extra, "--no-cache"]))
        ]
        out = Path(folder) / "out"
        rows.append(("cold", *_report(plan, baseline, out, extra)))
        rows.append(("warm", *_report(plan, baseline, out, extra)))
        edit = _edit(plan)
        rows.append((f"edited ({edit})", *_report(plan, baseline, out, extra)))
        cache = sum(p.stat().st_size for p in (out / ".cache").rglob("*") if p.is_file())
    cold = rows[1][1]
    size = f"{args.sims} simulations" if args.sims else "the default size"
    which = " --no-validation" if args.no_validation else ""
    print(f"salesperf report {args.scenario}{which} at {size}, whole process (wall clock):")
    width = max(len(name) for name, *_ in rows)
    for name, seconds, reused in rows:
        print(
            f"  {name:<{width}}  {seconds:6.1f} s  {seconds / cold:5.2f} x cold   reused: {reused}"
        )
    print(f"  cache folder after the runs: {cache / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
