"""`salesperf statement`: one rep's (or every rep's) pay and performance statement for a
review period, as an A4 page and CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesperf_model.commands._arguments import output_folder
from salesperf_model.commands._people import add_plan_and_data, load_plan_and_data


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "statement",
        help="rep statements: KPIs, points, grade and the rule that set it, every pay line",
        description=(
            "Pay SCENARIO on an outcome table or a CRM export and write, for one rep (--rep) "
            "or every rep (--all, with an index page), the statement of one review period: "
            "each KPI's actual, target, score and weight, the points, the band and final "
            "grade and the rule that set it, and each pay component with its calculation, "
            "adding up to the total paid to the cent. HTML printable on A4, and CSV."
        ),
    )
    add_plan_and_data(parser)
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--rep", metavar="ID", help="rep id")
    who.add_argument("--all", action="store_true", help="every rep, with an index page")
    parser.add_argument(
        "--period",
        metavar="P",
        help="review period (e.g. 2026-Q1) or one of its months (default: the last)",
    )
    parser.add_argument(
        "--out",
        type=output_folder,
        metavar="DIR",
        help="folder to write into (default reports/statements/<scenario name>)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.engine import run_plan
    from salesperf_model.present.people_lookup import PeopleInputError
    from salesperf_model.present.statement import rep_statement
    from salesperf_model.report.statement_page import write_statement, write_statements

    loaded = load_plan_and_data(args)
    if loaded is None:
        return 1
    scenario, outcomes = loaded
    result = run_plan(outcomes, scenario, records=True)
    for warning in result.warnings:  # what `pay` says of the same plan and data
        print(f"warning: {warning}", file=sys.stderr)
    out = Path(args.out) if args.out else Path("reports") / "statements" / scenario.name
    try:
        reps = result.rep_ids if args.all else [args.rep]
        statements = [
            rep_statement(result, outcomes, scenario, rep_id=r, period=args.period) for r in reps
        ]
    except PeopleInputError as error:
        print(f"salesperf statement: {error}", file=sys.stderr)
        return 1
    if args.all:
        index = write_statements(statements, out)
        print(f"wrote {len(statements)} statements for {statements[0].review} and {index}")
        return 0
    s = statements[0]
    page, table = write_statement(s, out)
    print(
        f"{s.rep['rep_id']} {s.review}: {s.points:.1f} points, band grade {s.band_grade}, "
        f"grade {s.grade}; paid {s.total:,.2f} {s.currency}"
    )
    for first, last, plan in s.plans:  # a plan change moved the rep (pay_changes)
        print(f"  paid under {plan}: {first}..{last}")
    for c in s.components.itertuples():
        print(f"  {c.component:<28}{c.amount:>14,.2f}")
    print(f"wrote {page} and {table}")
    return 0
