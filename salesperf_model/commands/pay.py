"""`salesperf pay`: pay a given outcome table under one scenario and write the payouts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.commands._arguments import output_file
from salesperf_model.engine import PlanResult, run_plan
from salesperf_model.outcomes import Outcomes, read_outcomes_csv, signed_measure
from salesperf_model.tables import TableError, parse_period


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pay",
        help="pay an outcome table (CSV) under a scenario; write the payout components",
        description=(
            "Score, grade and pay every rep of an outcome table (one row per rep and period: "
            "months 2026-01, quarters 2026Q1 / Q1 2026 or half years 2026H1, one kind per "
            "table, stated; columns from salesperf_model.outcomes) under SCENARIO, write one "
            "row per rep and period with every payout component and the total, and print the "
            "cost summary. A quarter pays 3 months' base, and a plan settling more often than "
            "the data settles on the data's period (said in a warning)."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    parser.add_argument("--outcomes", required=True, metavar="TABLE.csv", help="outcome table")
    parser.add_argument(
        "--out", required=True, type=output_file, metavar="FILE", help="payout table to write (CSV)"
    )
    parser.add_argument(
        "--roster",
        metavar="ROSTER.csv",
        help="roster saying from when a rep's role, region, team or group changes (rep_id, "
        "effective_from, role, region, region_tier, team, group): a rep who moves is paid as "
        "one seat per roster row; without it a change within a rep is refused. Optional "
        "hire_date and exit_date (YYYY-MM-DD, YYYY-MM or a period label): base salary and "
        "allowances only for the months from the hire month to the exit month (a rehire: "
        "the exit on one row, the new hire_date on a later row). Every roster rep must be in "
        "the table; a quarterly table changes seats only at a quarter's first month",
    )
    parser.add_argument(
        "--signed",
        action="append",
        default=[],
        type=signed_measure,
        metavar="MEASURE",
        help="a money column that refunds or reversals netted in may make negative, e.g. "
        "revenue_booked_new (repeatable; not a quota, count or score). Its part-of checks "
        "(big-account revenue within booked revenue) are then not applied",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        dest="overrides",
        help="override a scenario value, e.g. pay.commission.tiers.1.rate=0.05 (repeatable)",
    )
    parser.set_defaults(func=run)


def payout_table(result: PlanResult) -> pd.DataFrame:
    """Payout components of every simulation, with a ``simulation`` column first."""
    tables = []
    for simulation in range(result.attainment.shape[0]):
        table = result.payout_table(simulation)
        table.insert(0, "simulation", simulation)
        tables.append(table)
    table = pd.concat(tables, ignore_index=True)
    money = table.select_dtypes("float").columns
    table[money] = table[money].round(2) + 0.0  # whole cents; + 0.0: no "-0.00" written
    return table


def cost_summary(result: PlanResult, outcomes: Outcomes) -> str:
    """Totals per component, total pay, and pay as a share of collected revenue."""
    sims = result.attainment.shape[0]
    first = parse_period(outcomes.periods[0]) if outcomes.periods else None
    kind = first.kind.replace("_", " ") if first else "period"
    lines = [
        f"scenario {result.scenario_name}: {outcomes.n_reps} reps x {outcomes.n_periods} {kind}s"
    ]
    lines += [f"  {'component':<28}{'total (mean per simulation)':>30}"]
    for name, values in result.payouts.items():
        lines.append(f"  {name:<28}{values.sum() / sims:>30,.2f}")
    total = result.total_pay().sum() / sims
    collected = outcomes.get("revenue_collected").sum() / sims
    lines.append(f"  {'total pay':<28}{total:>30,.2f}")
    if collected > 0:
        lines.append(f"  {'pay / collected revenue':<28}{total / collected:>30.2%}")
    grades = np.bincount(result.grades.reshape(-1), minlength=4) / result.grades.size
    lines.append("  grades: " + ", ".join(f"{g} {s:.0%}" for g, s in zip("SABC", grades)))
    lines += [f"  warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.commands._arguments import same_file
    from salesperf_model.loading import ScenarioError, load_scenario

    inputs = [args.outcomes, args.scenario, *([args.roster] if args.roster else [])]
    clobbered = next((path for path in inputs if same_file(args.out, path)), None)
    if clobbered is not None:
        print(
            f"--out {args.out} is the input {clobbered}: write the payouts elsewhere",
            file=sys.stderr,
        )
        return 1
    try:
        scenario = load_scenario(args.scenario, args.overrides)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return 1
    notes: list[str] = []
    try:
        outcomes = read_outcomes_csv(
            args.outcomes, signed=set(args.signed), notes=notes, roster=args.roster
        )
    except TableError as error:
        print(error, file=sys.stderr)
        return 1
    except (ValueError, OSError) as error:
        print(f"{args.outcomes}: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    result = run_plan(outcomes, scenario)
    out = Path(args.out)
    from salesperf_model.report.files import write_csv_atomic

    try:
        write_csv_atomic(payout_table(result), out, index=False, float_format="%.2f")
    except OSError as error:
        print(f"error: --out {out}: {error}", file=sys.stderr)
        return 1
    print(cost_summary(result, outcomes))
    print(f"wrote {out}")
    return 0
