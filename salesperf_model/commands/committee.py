"""`salesperf committee`: the appraisal committee's tables for each review period."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesperf_model.commands._arguments import output_folder
from salesperf_model.commands._people import add_plan_and_data, load_plan_and_data


def _points(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of points") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{value} is not allowed: expected points >= 0")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "committee",
        help="who the grading rule moved, borderline cases, grade changes, C-twice cases",
        description=(
            "Pay SCENARIO on an outcome table or a CRM export and write the appraisal "
            "committee's tables for every review period as CSV: committee_moved (every "
            "rep the rule moved from the band grade: points, band grade, final grade, "
            "rank), committee_borderline (within --within points of a band edge), "
            "committee_grade_changes (final grade against the last period) and "
            "committee_c_twice (the C run that triggers an improvement plan, with history)."
        ),
    )
    add_plan_and_data(parser)
    parser.add_argument(
        "--within",
        type=_points,
        default=None,
        metavar="POINTS",
        help="points either side of a band edge that make a case borderline (default 2)",
    )
    parser.add_argument(
        "--out",
        type=output_folder,
        metavar="DIR",
        help="folder for the CSVs (default reports/committee/<scenario>)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.engine import run_plan
    from salesperf_model.present.committee import BORDERLINE_POINTS, committee_tables
    from salesperf_model.present.committee_ties import tie_words

    loaded = load_plan_and_data(args)
    if loaded is None:
        return 1
    scenario, outcomes = loaded
    result = run_plan(outcomes, scenario)
    for warning in result.warnings:  # what `pay` says of the same plan and data
        print(f"warning: {warning}", file=sys.stderr)
    within = BORDERLINE_POINTS if args.within is None else args.within
    tables = committee_tables(result, outcomes, scenario, within=within)
    out = Path(args.out) if args.out else Path("reports") / "committee" / scenario.name
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        path = out / f"committee_{name}.csv"
        table.to_csv(path, index=False)
        print(f"{name:<14}{len(table):>5} rows  {path}")
    ties = tie_words(tables["ties"])
    if ties:
        print(f"note: {ties}")
    return 0
