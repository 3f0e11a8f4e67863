"""`salesperf diff SCENARIO [--baseline FILE]`: what a plan changes against its base, key by key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from salesperf_model.loading import ScenarioError, load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="the effective plan against the file it extends (or --baseline), key by key",
        description=(
            "Load the scenario (extends chain merged, overrides applied) and its base (the "
            "file it extends, or --baseline), and print every setting that differs: the "
            "key as --set takes it, the parameter reference's words, old -> new in the "
            "reference's units (percent as percent, money with the currency)."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    parser.add_argument(
        "--baseline", metavar="FILE", default=None, help="compare with this file instead"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="dotted override applied to SCENARIO, e.g. pay.bonuses.team_award.pool=200000",
    )
    parser.add_argument(
        "--format", choices=("text", "markdown", "csv"), default="text", help="output format"
    )
    parser.set_defaults(func=run)


def base_file(scenario_file: Path, extends: str | None, baseline: str | None) -> Path | None:
    """The file to compare with: ``--baseline``, else what the scenario extends."""
    if baseline:
        return Path(baseline)
    if extends:
        return scenario_file.parent / extends
    return None


def render(changes: pd.DataFrame, fmt: str, *, title: str) -> str:
    """The table as text (one line a setting), Markdown or CSV."""
    if fmt == "csv":
        return changes.to_csv(index=False)
    if fmt == "markdown":
        lines = [f"### {title}", "", "| key | setting | base | plan |", "|---|---|---|---|"]
        lines += [
            "| `{key}` | {setting} | {baseline} | {plan} |".format(
                **{k: str(v).replace("|", "\\|") for k, v in row.items()}
            )
            for row in changes.to_dict("records")
        ]
        return "\n".join(lines) + "\n"
    lines = [title]
    lines += [
        f"  {row['key']}: {row['setting']}: {row['baseline']} -> {row['plan']}"
        for row in changes.to_dict("records")
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from salesperf_model.present.changes import plan_changes

    path = Path(args.scenario)
    try:
        scenario = load_scenario(path, args.overrides)
        base_path = base_file(path, scenario.extends, args.baseline)
        if base_path is None:
            print(
                f"{path}: extends no other file: give the plan to compare with, "
                "e.g. --baseline scenarios/baseline.yaml",
                file=sys.stderr,
            )
            return 2
        base = load_scenario(base_path)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return 1
    changes = plan_changes(scenario, base)
    count = len(changes)
    title = (
        f"{scenario.name} ({path}) against {base.name} ({base_path}): "
        f"{count} setting{'s differ' if count != 1 else ' differs'}"
    )
    sys.stdout.write(render(changes, args.format, title=title))
    return 0
