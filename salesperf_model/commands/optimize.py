"""`salesperf optimize SCENARIO SEARCH.yaml`: search the best plan within constraints; write every evaluated plan, the fresh-seed check and the winning plan as a scenario file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesperf_model.commands._arguments import output_folder_path, positive_int

DEFAULT_OUT = Path("reports") / "optimize"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "optimize",
        help="search the best plan within constraints; write the winner as a scenario file",
        description=(
            "Differential evolution over SEARCH.yaml's parameters (bounds and steps), "
            "maximizing or minimizing any registered metric within its constraints, fitted "
            "on one set of simulations and reported on fresh ones. Stops at its evaluation "
            "or time budget with the best feasible plan so far; with none, says which "
            "constraints conflict. With the baseline's behaviour on, every candidate is "
            "simulated with reps responding to its pay. Writes evaluations.csv (every plan "
            "tried), check.csv and winner.yaml (extends SCENARIO). Exit 0: a winner that "
            "meets every constraint on the fresh check simulations too; 1: no plan met "
            "every constraint (or a bad file); 3: a winner written that fails a constraint "
            "on the fresh check simulations."
        ),
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO", help="the baseline scenario")
    parser.add_argument("search", type=Path, metavar="SEARCH.yaml", help="the SEARCH file")
    parser.add_argument(
        "--out",
        type=output_folder_path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"default {DEFAULT_OUT}",
    )
    parser.add_argument(
        "--workers",
        "--jobs",
        dest="workers",
        type=positive_int,
        default=1,
        metavar="N",
        help="local processes evaluating each generation's candidates; the same plans are "
        "evaluated however many (default 1: this process)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.loading import ScenarioError
    from salesperf_model.search import optimize
    from salesperf_model.search.optimize import plan_count
    from salesperf_model.search.report import check_failures, tie_words, write_search_outputs

    try:
        result = optimize(args.scenario, args.search, workers=args.workers)
    except (ScenarioError, ValueError) as error:
        print(f"FAIL {args.search}: {error}", file=sys.stderr)
        return 1
    if result.loader is not None:  # what `pay` says of the baseline plan
        for warning in result.loader.baseline.warnings():
            print(f"warning: {warning}", file=sys.stderr)
    try:
        winner = write_search_outputs(result, args.out, scenario=args.scenario, search=args.search)
    except OSError as error:
        print(f"FAIL --out {args.out}: {error}", file=sys.stderr)
        return 1
    evaluated = plan_count(len(result.evaluations))
    print(f"{evaluated} evaluated in {result.seconds:.1f} s; {result.stopped}")
    print(result.how)
    if result.winner is None:
        print("no plan met every constraint:")
        for line in result.conflicts:
            print(f"  {line}")
        return 1
    print(f"winner: {result.point(result.winner)}")
    for line in result.binding:
        print(f"  binding: {line}")
    if tie_words(result):
        print(f"tied: {tie_words(result)}")
    print(f"winning plan written to {winner}; tables in {args.out}/")
    failures = check_failures(result)
    for label, figure in failures:
        print(
            f"WARNING: the winner fails {label} on the fresh check simulations: {figure}",
            file=sys.stderr,
        )
    if failures:
        print(
            "WARNING: it met every constraint only on the simulations it was found on; "
            "not recommended as it stands (exit 3)",
            file=sys.stderr,
        )
        return 3
    return 0
