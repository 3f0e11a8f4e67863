"""`salesperf validate FILES...`: report every problem in every scenario file."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from salesperf_model.engine import PLAN_DATA_ERRORS
from salesperf_model.formatting import counted
from salesperf_model.loading import ScenarioError, load_scenario

if TYPE_CHECKING:
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files: every error in every file, and warnings",
        description=(
            "Load each scenario file (extends chain merged, overrides applied) and validate it, "
            "then run every plan check that `run` and the reports run: the ones that need a "
            "sales force on the scenario's own population, simulated 10 times once per "
            "population (about 1 s). Prints every error and warning; exits 1 if any file has an error."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="scenario YAML files, or folders (every *.yaml in them)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="dotted override applied to every file, e.g. pay.commission.tiers.1.rate=0.05",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on any warning)"
    )
    parser.add_argument(
        "--plan-only",
        action="store_true",
        help="only the checks that need no simulated sales force (KPI family weights, "
        "dropped named items); skips pay mix, grade mix and the other population checks",
    )
    parser.set_defaults(func=run)


def scenario_files(names: list[str]) -> list[str]:
    """Files as given; a folder stands for the scenario files in it (.yaml or .yml, any
    case, as the report batch takes them), sorted."""
    files: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
            files += sorted(str(p) for p in found if p.is_file())
        else:
            files.append(name)
    return files


def _population_checks() -> str:
    from salesperf_model.engine.checks import CHECKS
    from salesperf_model.pipeline import CHECK_SIMULATIONS

    needs = [name for name, why in CHECKS.items() if why]
    plain = [name for name, why in CHECKS.items() if not why]
    return (
        f"checks: {', '.join(plain)} (from the plan); {', '.join(needs)} (on each "
        f"scenario's own sales force, {CHECK_SIMULATIONS} simulations, once per population)"
    )


def _checked(scenario: Scenario, simulated: dict[str, Outcomes]) -> list[str]:
    """The plan's warnings, on its population simulated once for every file that shares it."""
    from salesperf_model.pipeline import CHECK_SIMULATIONS, check_plan, outcomes_for

    key = scenario.population.model_dump_json() + scenario.simulation.model_dump_json()
    if key not in simulated:
        simulated[key] = outcomes_for(scenario, simulations=CHECK_SIMULATIONS)
    return check_plan(scenario, outcomes=simulated[key])


def run(args: argparse.Namespace) -> int:
    simulated: dict[str, Outcomes] = {}  # one sales force per population, shared by files
    failed = 0
    warned = 0
    files = scenario_files(args.files)
    if not files:
        print(f"no scenario files (.yaml, .yml) in {', '.join(args.files)}: nothing validated")
        return 1
    started = time.perf_counter()
    print(_population_checks() if not args.plan_only else "checks: from the plan only")
    for file in files:
        try:
            scenario = load_scenario(file, args.overrides)
        except ScenarioError as error:
            failed += 1
            print(f"FAIL {file}: {counted(len(error.problems), 'problem')}")
            for problem in error.problems:
                print(f"  error: {problem}")
            continue
        except OSError as error:  # a path the system refuses (a name too long): this file's
            failed += 1
            print(f"FAIL {file}: 1 problem")
            print(f"  error: {file}: {error}")
            continue
        try:
            warnings = scenario.warnings() if args.plan_only else _checked(scenario, simulated)
        except PLAN_DATA_ERRORS as error:  # e.g. carve-outs over a whole quota: seen on the reps
            failed += 1
            print(f"FAIL {file}: 1 problem")
            print(f"  error: {error}")
            continue
        warned += bool(warnings)
        print(
            f"ok   {file} ({scenario.name})"
            + (f": {counted(len(warnings), 'warning')}" if warnings else "")
        )
        for warning in warnings:
            print(f"  warning: {file}: {warning}")
    total = len(files)
    seconds = time.perf_counter() - started
    print(
        f"{total - failed} of {counted(total, 'file')} valid; {warned} with warnings ({seconds:.1f} s)"
    )
    return 1 if failed or (args.strict and warned) else 0
