"""Arguments and loading shared by the people commands (statement, appeal, committee):
one scenario and the outcomes it pays, from an outcome table or a CRM export."""

from __future__ import annotations

import argparse
import sys

from salesperf_model.outcomes import Outcomes, read_outcomes_csv, signed_measure
from salesperf_model.schema import Scenario
from salesperf_model.tables import TableError


def add_plan_and_data(parser: argparse.ArgumentParser) -> None:
    """SCENARIO, --outcomes FILE | --actuals MAPPING (with --data-dir), --set."""
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file (the plan)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--outcomes", metavar="TABLE.csv", help="outcome table (one row per rep and month)"
    )
    source.add_argument(
        "--actuals", metavar="MAPPING.yaml", help="CRM export through its column mapping"
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="with --actuals: folder with the export files"
    )
    parser.add_argument(
        "--signed",
        action="append",
        default=[],
        type=signed_measure,
        metavar="MEASURE",
        help="with --outcomes: a money column that refunds netted in may make negative, "
        "e.g. revenue_booked_new (repeatable; as salesperf pay takes it)",
    )
    parser.add_argument(
        "--roster",
        metavar="ROSTER.csv",
        help="with --outcomes: the roster saying from when a rep's role, region, team or "
        "group changes (as salesperf pay takes it)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        dest="overrides",
        help="override a scenario value (repeatable)",
    )


def load_plan_and_data(args: argparse.Namespace) -> tuple[Scenario, Outcomes] | None:
    """The scenario and outcomes the arguments name; None after printing the error."""
    from salesperf_model.actuals import ActualsValidationError, load_actuals
    from salesperf_model.actuals.money import CurrencyMismatch
    from salesperf_model.loading import ScenarioError, load_scenario

    try:
        scenario = load_scenario(args.scenario, args.overrides)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return None
    try:
        if args.outcomes:
            notes: list[str] = []
            outcomes = read_outcomes_csv(
                args.outcomes, signed=set(args.signed), notes=notes, roster=args.roster
            )
            for note in notes:
                print(f"note: {note}", file=sys.stderr)
        else:
            if args.signed or args.roster:
                print(
                    "--signed and --roster go with --outcomes: a CRM mapping states its own "
                    "refunds and roster",
                    file=sys.stderr,
                )
                return None
            outcomes, _report = load_actuals(
                args.actuals, data_dir=args.data_dir, currency=scenario.currency
            )
    except (TableError, ActualsValidationError, ScenarioError, CurrencyMismatch) as error:
        print(error, file=sys.stderr)  # each names its file
        return None
    except (ValueError, OSError) as error:
        print(f"{args.outcomes or args.actuals}: {error}", file=sys.stderr)
        return None
    return scenario, outcomes
