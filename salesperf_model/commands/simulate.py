"""`salesperf simulate SCENARIO`: simulate the scenario's sales force and print a sanity report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.commands._arguments import (
    months,
    non_negative_int,
    output_path,
    positive_int,
)
from salesperf_model.engine import EnginePlanResponse, run_plan
from salesperf_model.engine.checks import role_grade_mix
from salesperf_model.formatting import counted
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Scenario
from salesperf_model.simulate import sanity_report, simulate


def add_run_size_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by `simulate` and `run`: run size, seed and dotted overrides."""
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    parser.add_argument(
        "--reps", type=positive_int, help="seats (default: the scenario's simulation.reps)"
    )
    parser.add_argument("--periods", type=months, help="months (default: simulation.periods)")
    parser.add_argument(
        "--sims",
        type=positive_int,
        help="Monte Carlo simulations (default: simulation.simulations)",
    )
    parser.add_argument(
        "--seed", type=non_negative_int, help="root seed (default: simulation.seed)"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="dotted override, e.g. population.ratings.noise_scale=0.5",
    )
    parser.add_argument(
        "--behaviour",
        action="store_true",
        help="reps respond to the scenario's plan under its behaviour section (effort, deal "
        "timing, leaving), as each plan of a comparison is simulated",
    )
    parser.add_argument(
        "--plan-exits",
        action="store_true",
        help="let the scenario's plan drive exits (C twice running) and effort while simulating; "
        "default: no plan-driven exits, so every plan can be paid on the same outcomes",
    )


def load_and_simulate(args: argparse.Namespace) -> tuple[Scenario, Outcomes] | None:
    """Load the scenario named on the command line and simulate it; None after printing
    the scenario's problems."""
    try:
        scenario = load_scenario(args.scenario, args.overrides)
    except ScenarioError as error:
        print(f"FAIL {args.scenario}: {counted(len(error.problems), 'problem')}", file=sys.stderr)
        for problem in error.problems:
            print(f"  error: {problem}", file=sys.stderr)
        return None
    behaviour = scenario.behaviour if args.behaviour and scenario.behaviour.enabled else None
    response = None
    if behaviour is not None:
        response = EnginePlanResponse(scenario, market=scenario, behaviour=behaviour)
    elif args.plan_exits:
        response = EnginePlanResponse(scenario)
    try:
        outcomes = simulate(
            scenario.population,
            scenario.simulation,
            reps=args.reps,
            periods=args.periods,
            simulations=args.sims,
            seed=args.seed,
            plan_response=response,
            behaviour=behaviour,
            keep_deals=getattr(args, "deals", None) is not None,
        )
    except ValueError as error:
        print(f"FAIL {args.scenario}: {error}", file=sys.stderr)
        return None
    return scenario, outcomes


def grade_mix(outcomes: Outcomes, scenario: Scenario) -> dict[str, float]:
    """Share of each grade under the scenario's plan."""
    result = run_plan(outcomes, scenario)
    return {grade: float(np.mean(result.grades == code)) for code, grade in enumerate(GRADES)}


def role_grade_lines(outcomes: Outcomes, scenario: Scenario) -> list[str]:
    """The plan's grade mix per role beside the brief's ranges, and the plan's grade warnings."""
    result = run_plan(outcomes, scenario)
    roles = outcomes.reps["role"].astype(str).to_numpy()
    shares = scenario.grading.shares
    ranges = "  ".join(f"{g} {shares[g].min:.0%}-{shares[g].max:.0%}" for g in GRADES)
    lines = ["", f"Grade mix by role (grading.shares: {ranges}):"]
    for role, mix in role_grade_mix(result.grades, roles).items():
        text = "  ".join(f"{g} {share:5.1%}" for g, share in zip(GRADES, mix))
        lines.append(f"  {role:<22}{text}")
    lines += [f"  warning: {w}" for w in result.warnings if w.startswith("grading.")]
    return lines


def _table_kind(path: Path, option: str) -> str:
    if path.suffix == ".parquet":
        return "parquet"
    if path.name.endswith((".csv", ".csv.gz")):
        return "csv"
    raise ValueError(f"{option} {path}: unknown file type; expected .parquet, .csv or .csv.gz")


def write_table(table: pd.DataFrame, path: Path, option: str = "--out") -> None:
    """Write a table as .parquet, or .csv (optionally .csv.gz)."""
    if _table_kind(path, option) == "parquet":
        table.to_parquet(path, index=False)
    else:
        table.to_csv(path, index=False)


def write_outcomes(outcomes: Outcomes, path: Path) -> None:
    """Write the tidy long table: .parquet, or .csv (optionally .csv.gz)."""
    write_table(outcomes.to_long(), path)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a scenario's sales force and print a sanity report",
        description=(
            "Simulate the scenario's population (reps x months x simulations, seeded) and print "
            "a sanity report: attainment distribution, deals per rep, cycle lengths, collection "
            "rate, realised rating reliability, and the grade mix under the scenario's plan."
        ),
    )
    add_run_size_arguments(parser)
    parser.add_argument(
        "--out", type=output_path, help="write the outcomes as a tidy table (.parquet or .csv)"
    )
    parser.add_argument(
        "--deals",
        type=output_path,
        help="write one row per new-customer deal signed (simulation, rep, period, list "
        "value, discount, pulled, pushed) as .parquet or .csv; with --behaviour it shows "
        "the deals reps timed",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for option, path in (("--out", args.out), ("--deals", args.deals)):
        if path is not None:
            try:
                _table_kind(path, option)
            except ValueError as error:
                print(f"FAIL {error}", file=sys.stderr)
                return 1
    loaded = load_and_simulate(args)
    if loaded is None:
        return 1
    scenario, outcomes = loaded
    print(sanity_report(outcomes, grade_mix(outcomes, scenario)))
    print("\n".join(role_grade_lines(outcomes, scenario)))
    if args.out is not None:
        try:
            write_outcomes(outcomes, args.out)
        except (ValueError, OSError) as error:
            print(f"FAIL {error}", file=sys.stderr)
            return 1
        print(
            f"\nOutcomes written to {args.out} ({outcomes.n_simulations * outcomes.n_reps * outcomes.n_periods:,} rows)"
        )
    if args.deals is not None:
        deals = outcomes.meta["deals"]
        try:
            write_table(deals, args.deals, "--deals")
        except (ValueError, OSError) as error:
            print(f"FAIL {error}", file=sys.stderr)
            return 1
        print(
            f"Deals written to {args.deals} ({len(deals):,} deals, {int(deals['pulled'].sum()):,} "
            f"pulled in, {int(deals['pushed'].sum()):,} pushed from the month before)"
        )
    return 0
