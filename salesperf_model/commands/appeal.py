"""`salesperf appeal`: what-if for an appeal: one rep's outcome or rating changed, the
rep's new points, grade and pay, and every other rep whose grade it moves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesperf_model.commands._arguments import output_folder
from salesperf_model.commands._people import add_plan_and_data, load_plan_and_data


def _change(text: str) -> tuple[str, float]:
    measure, sep, value = text.partition("=")
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not sep or not measure.strip() or number != number:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected MEASURE=NUMBER, e.g. rating_manager=95 or revenue_booked_new=120000"
        )
    return measure.strip(), number


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "appeal",
        help="what-if for an appeal: change one outcome or rating of one rep and re-pay",
        description=(
            "Pay SCENARIO on an outcome table or a CRM export, then again with one measure "
            "of one rep changed (--change MEASURE=VALUE, in the month --period names or in "
            "every month of the review period it names; default the last review period). "
            "Prints the rep's points, grade and pay before and after and every other rep "
            "whose grade changes (under forced or hybrid grading a new rank moves others), "
            "how many other reps' pay moved and by how much, and with --out writes both "
            "statements and the tables of others. On a CRM export with no cash data, a "
            "booked revenue change is collected by the mapping's collection rule."
        ),
    )
    add_plan_and_data(parser)
    parser.add_argument("--rep", required=True, metavar="ID", help="rep id")
    parser.add_argument(
        "--change", required=True, type=_change, metavar="MEASURE=VALUE", help="the change"
    )
    parser.add_argument(
        "--period", metavar="P", help="a month (2026-02) or a review period (2026-Q1)"
    )
    parser.add_argument(
        "--out", type=output_folder, metavar="DIR", help="write the statements and tables here"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.explore.appeal import appeal
    from salesperf_model.present.people_lookup import PeopleInputError
    from salesperf_model.report.statement_page import write_statement

    loaded = load_plan_and_data(args)
    if loaded is None:
        return 1
    scenario, outcomes = loaded
    measure, value = args.change
    try:
        result = appeal(
            outcomes,
            scenario,
            rep_id=args.rep,
            measure=measure,
            value=value,
            period=args.period,
            signed=set(args.signed),  # a part above a netted whole is read as the table is
        )
    except PeopleInputError as error:
        print(f"salesperf appeal: {error}", file=sys.stderr)
        return 1
    print(result.summary())
    if args.out:
        out = Path(args.out)
        before = write_statement(result.before, out / "before")[0]
        after = write_statement(result.after, out / "after")[0]
        result.others.to_csv(out / "other_grade_changes.csv", index=False)
        result.pay_changes.to_csv(out / "pay_changes.csv", index=False)
        print(
            f"wrote {before}, {after}, {out / 'other_grade_changes.csv'} and {out / 'pay_changes.csv'}"
        )
    return 0
