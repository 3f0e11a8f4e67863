"""`salesperf validate FILES...`: report every problem in every scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from salesperf_model.loading import ScenarioError, load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files: every error in every file, and warnings",
        description=(
            "Load each scenario file (extends chain merged, overrides applied) and validate it. "
            "Prints every error and warning; exits 1 if any file has an error."
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
    parser.set_defaults(func=run)


def scenario_files(names: list[str]) -> list[str]:
    """Files as given; a folder stands for the *.yaml files in it, sorted."""
    files: list[str] = []
    for name in names:
        path = Path(name)
        files += sorted(str(p) for p in path.glob("*.yaml")) if path.is_dir() else [name]
    return files


def run(args: argparse.Namespace) -> int:
    failed = 0
    warned = 0
    files = scenario_files(args.files)
    for file in files:
        try:
            scenario = load_scenario(file, args.overrides)
        except ScenarioError as error:
            failed += 1
            print(f"FAIL {file}: {len(error.problems)} problem(s)")
            for problem in error.problems:
                print(f"  error: {problem}")
            continue
        warnings = scenario.warnings()
        warned += bool(warnings)
        print(
            f"ok   {file} ({scenario.name})" + (f": {len(warnings)} warning(s)" if warnings else "")
        )
        for warning in warnings:
            print(f"  warning: {file}: {warning}")
    total = len(files)
    print(f"{total - failed} of {total} file(s) valid; {warned} with warnings")
    return 1 if failed or (args.strict and warned) else 0
