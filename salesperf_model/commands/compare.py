"""`salesperf compare SCENARIOS... --baseline FILE`: run the pipeline (one simulated sales
force, every plan paid on it against the baseline's budget), print the headline table and
write every comparison table as CSV.

The run goes chunk by chunk of simulations (``pipeline.stream``): memory depends on
``--chunk-size``, not ``--sims``; chunks run in local processes (``--workers``) or on a
Dask cluster (``--scheduler``), with tables identical to an unchunked run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from salesperf_model.commands._arguments import (
    add_plan_overrides,
    months,
    non_negative_int,
    output_folder_path,
    positive_int,
)
from salesperf_model.commands._chunks import ChunkRunError, add_chunk_arguments, streamed_run
from salesperf_model.formatting import counted

DEFAULT_OUT = Path("reports") / "compare"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare plans against a baseline on cost and fairness; write the tables as CSV",
        description=(
            "Simulate the baseline scenario's sales force once, pay it under the baseline and "
            "every other scenario's plan (common random numbers), and compare cost and "
            "fairness metric by metric (Monte Carlo mean and standard error of the paired "
            "difference), winners and losers by group, and the cost-vs-fairness frontier. "
            "Every plan is measured against the baseline's budget; two files with one "
            "scenario name are told apart by file stem (both with a warning). "
            "Prints the headline table; writes every table as CSV (see docs/metrics.md)."
        ),
    )
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML files")
    parser.add_argument(
        "--baseline", required=True, metavar="FILE", help="the baseline scenario YAML file"
    )
    parser.add_argument(
        "--sims",
        type=positive_int,
        help="Monte Carlo simulations (default: the baseline's simulation)",
    )
    parser.add_argument(
        "--seed", type=non_negative_int, help="root seed (default: simulation.seed)"
    )
    parser.add_argument("--reps", type=positive_int, help="seats (default: simulation.reps)")
    parser.add_argument("--periods", type=months, help="months (default: simulation.periods)")
    parser.add_argument(
        "--out",
        type=output_folder_path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the CSV tables (default: {DEFAULT_OUT})",
    )
    add_plan_overrides(parser)
    parser.add_argument(
        "--no-variants",
        action="store_true",
        help="skip the two extra engine runs per plan (pay at target, marginal cost)",
    )
    add_chunk_arguments(parser)
    parser.set_defaults(func=run)


def _print_problems(problems: Mapping[str, list[str]]) -> None:
    for path, found in problems.items():
        print(f"FAIL {path}: {counted(len(found), 'problem')}", file=sys.stderr)
        for problem in found:
            print(f"  error: {problem}", file=sys.stderr)


def format_headline(headline: pd.DataFrame) -> str:
    """The headline table with plans as columns and readable numbers."""
    table = headline.set_index("plan").T

    def cell(value: float, figure: str) -> str:
        if pd.isna(value):
            return "-"
        if figure in (
            "total_pay",
            "change_vs_baseline",
            "revenue_collected",
            "revenue_change_vs_baseline",
        ):
            return f"{value:,.0f}"
        if figure in (
            "cost_of_sales_collected",
            "over_budget_total_pay",
            "over_budget_cost_of_sales",
        ):
            return f"{value:.1%}"
        if figure in ("merit_alignment_pay", "gini_variable_pay"):
            return f"{value:.3f}"
        return f"{value:.1f}"

    formatted = pd.DataFrame(
        {plan: [cell(v, f) for f, v in table[plan].items()] for plan in table.columns},
        index=table.index,
    )
    return formatted.to_string()


def _size_problem(plans, args: argparse.Namespace) -> str | None:
    """The --reps (with --periods) whose one simulation does not fit in memory, in words
    naming the options; None when it fits (the run's chunks are sized to fit)."""
    from salesperf_model.schema.settings import size_problem

    settings = plans.scenarios[plans.baseline].simulation
    reps, periods = args.reps or settings.reps, args.periods or settings.periods
    problem = size_problem(reps, periods, 1)
    return f"--reps {reps} (--periods {periods}): {problem}" if problem else None


def run(args: argparse.Namespace) -> int:
    from salesperf_model import pipeline
    from salesperf_model.measure import TABLE_NAMES
    from salesperf_model.report import save_tables

    try:
        plans = pipeline.load_plans(
            args.scenarios, args.baseline, overrides=args.overrides, skip_invalid=True
        )
    except Exception as error:  # the baseline itself: nothing to compare with
        _print_problems({args.baseline: pipeline.problems_of(error)})
        return 1
    too_big = _size_problem(plans, args)
    if too_big:  # before any seat is made: an option's fault, not the baseline's
        print(f"FAIL {too_big}; no table written", file=sys.stderr)
        return 1
    plans = pipeline.without_unscored_plans(plans, reps=args.reps, seed=args.seed)
    if plans.skipped:  # named, and the good plans compared without them
        _print_problems(plans.skipped)
        if len(plans.scenarios) < 2:
            print(
                "FAIL: no valid plan to compare with the baseline; nothing written", file=sys.stderr
            )
            return 1
    for warning in plans.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        run = streamed_run(
            plans,
            args,
            reps=args.reps,
            periods=args.periods,
            simulations=args.sims,
            seed=args.seed,
            variants=not args.no_variants,
        )
    except ChunkRunError as error:
        what = f" {args.baseline}:" if error.plans_at_fault else ""  # an option's, a machine's
        print(f"FAIL{what} {error}; no table written", file=sys.stderr)
        return 1
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        save_tables(args.out, run.tables)
        for name in set(TABLE_NAMES) - set(run.tables):  # a table an earlier run left behind
            (args.out / f"{name}.csv").unlink(missing_ok=True)
    except OSError as error:
        message = str(error).removesuffix(": nothing written")
        print(f"FAIL --out {args.out}: {message}; no table written", file=sys.stderr)
        return 1
    print(
        f"{len(run.scenarios)} plans paid on the same {run.settings.simulations} simulations x "
        f"{run.settings.reps} reps x {run.settings.periods} months; baseline {run.baseline}"
    )
    print(format_headline(run.tables["headline"]))
    frontier = run.tables["frontier"]
    notes = run.tables["notes"].set_index("metric")["note"]
    if "frontier" in notes:  # no fairness figure: no plan is on a frontier
        print(f"\nCost-vs-fairness frontier: none ({notes['frontier']})")
    else:
        on = ", ".join(frontier.loc[frontier["on_frontier"], "plan"])
        print(f"\nCost-vs-fairness frontier ({frontier['fairness_metric'].iloc[0]}): {on}")
    print(f"{len(run.tables)} tables written to {args.out}/ (columns: docs/metrics.md)")
    if plans.skipped:
        left_out = len(plans.skipped)
        print(
            f"{left_out} plan{'s' if left_out > 1 else ''} left out (see FAIL above): "
            + ", ".join(plans.skipped)
        )
        return 1
    return 0
