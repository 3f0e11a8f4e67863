"""`salesperf compare SCENARIOS... --baseline FILE`: pay every plan on one simulated sales
force, print the headline table and write every comparison table as CSV."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

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
            "Prints the headline table; writes every table as CSV (see docs/metrics.md)."
        ),
    )
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML files")
    parser.add_argument(
        "--baseline", required=True, metavar="FILE", help="the baseline scenario YAML file"
    )
    parser.add_argument(
        "--sims", type=int, help="Monte Carlo simulations (default: the baseline's simulation)"
    )
    parser.add_argument("--seed", type=int, help="root seed (default: simulation.seed)")
    parser.add_argument("--reps", type=int, help="seats (default: simulation.reps)")
    parser.add_argument("--periods", type=int, help="months (default: simulation.periods)")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the CSV tables (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--no-variants",
        action="store_true",
        help="skip the two extra engine runs per plan (pay at target, marginal cost)",
    )
    parser.set_defaults(func=run)


def _load(paths: list[str]) -> dict[str, Any] | None:
    """Scenario name -> validated scenario, or None after printing every file's problems."""
    from salesperf_model.loading import ScenarioError, load_scenario

    scenarios: dict[str, Any] = {}
    sources: dict[str, str] = {}
    failed = False
    for path in paths:
        try:
            scenario = load_scenario(path)
        except (ScenarioError, OSError) as error:
            failed = True
            problems = getattr(error, "problems", [str(error)])
            print(f"FAIL {path}: {len(problems)} problem(s)", file=sys.stderr)
            for problem in problems:
                print(f"  error: {problem}", file=sys.stderr)
            continue
        if scenario.name in scenarios:
            failed = True
            print(
                f"FAIL {path}: scenario name {scenario.name!r} is also the name of "
                f"{sources[scenario.name]}; names must be unique to tell plans apart",
                file=sys.stderr,
            )
            continue
        scenarios[scenario.name] = scenario
        sources[scenario.name] = path
    return None if failed else scenarios


def write_csv_atomic(table: pd.DataFrame, path: Path) -> None:
    """Write a CSV through a temporary file in the same folder, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            table.to_csv(stream, index=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_headline(headline: pd.DataFrame) -> str:
    """The headline table with plans as columns and readable numbers."""
    table = headline.set_index("plan").T

    def cell(value: float, figure: str) -> str:
        if pd.isna(value):
            return "-"
        if figure in ("total_pay", "change_vs_baseline"):
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


def run(args: argparse.Namespace) -> int:
    from salesperf_model.engine import run_plan
    from salesperf_model.measure import TABLE_NAMES, comparison_tables, evaluate_plans
    from salesperf_model.simulate import simulate

    baseline_path = Path(args.baseline).resolve()
    others = [p for p in args.scenarios if Path(p).resolve() != baseline_path]
    scenarios = _load([args.baseline, *others])
    if scenarios is None:
        return 1
    baseline_name, baseline = next(iter(scenarios.items()))
    for name, scenario in scenarios.items():
        if name != baseline_name and (
            scenario.population != baseline.population or scenario.simulation != baseline.simulation
        ):
            print(
                f"note: {name} has its own population or simulation settings; compare pays "
                f"every plan on the baseline's simulated sales force",
                file=sys.stderr,
            )
    try:
        outcomes = simulate(
            baseline.population,
            baseline.simulation,
            reps=args.reps,
            periods=args.periods,
            simulations=args.sims,
            seed=args.seed,
        )
    except ValueError as error:
        print(f"FAIL {args.baseline}: {error}", file=sys.stderr)
        return 1
    evaluations = evaluate_plans(
        scenarios,
        outcomes,
        run_plan,
        variants=not args.no_variants,
        total_pay_budget={name: s.budget.total_pay for name, s in scenarios.items()},
        cost_of_sales_budget={name: s.budget.cost_of_sales for name, s in scenarios.items()},
    )
    tables = comparison_tables(evaluations, baseline_name, outcomes)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            write_csv_atomic(table, args.out / f"{name}.csv")
        for name in set(TABLE_NAMES) - set(tables):  # a table an earlier run left behind
            (args.out / f"{name}.csv").unlink(missing_ok=True)
    except OSError as error:
        print(f"FAIL --out {args.out}: {error}", file=sys.stderr)
        return 1
    sims, reps, months = outcomes.shape
    print(
        f"{len(scenarios)} plans paid on the same {sims} simulations x {reps} reps x "
        f"{months} months; baseline {baseline_name}"
    )
    print(format_headline(tables["headline"]))
    frontier = tables["frontier"]
    on = ", ".join(frontier.loc[frontier["on_frontier"], "plan"])
    print(f"\nCost-vs-fairness frontier ({frontier['fairness_metric'].iloc[0]}): {on}")
    print(f"{len(tables)} tables written to {args.out}/ (columns: docs/metrics.md)")
    return 0
