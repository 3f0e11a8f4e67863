"""`salesperf sweep SCENARIO GRID.yaml`: evaluate a grid or latin hypercube of dotted parameters; write the tidy table and its charts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesperf_model.commands._arguments import output_folder_path, positive_int

DEFAULT_OUT = Path("reports") / "sweep"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="evaluate a grid of parameter values; write a table and charts",
        description=(
            "Load SCENARIO once, set every point of GRID.yaml's grid (or latin hypercube) of "
            "dotted parameters through the same loader as --set, and measure each point "
            "against the baseline point on the same simulations (common random numbers): "
            "re-paid on one simulated sales force where only the plan changes and reps do "
            "not respond, simulated again with the same seed otherwise. Writes sweep.csv "
            "(one row per point: every metric, its paired difference against the baseline "
            "and a 95% interval) and PNG charts."
        ),
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO", help="the baseline scenario")
    parser.add_argument("grid", type=Path, metavar="GRID.yaml", help="the GRID file")
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
        help="local processes sharing the baseline's simulation; the table is the same "
        "however many (default 1: this process)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.loading import ScenarioError
    from salesperf_model.present.charts import to_png
    from salesperf_model.present.charts.search import sweep_frontier_chart, sweep_parameter_chart
    from salesperf_model.search import sweep

    try:
        result = sweep(args.scenario, args.grid, workers=args.workers)
    except (ScenarioError, ValueError) as error:
        print(f"FAIL {args.grid}: {error}", file=sys.stderr)
        return 1
    for warning in result.warnings:  # what `pay` says of the baseline plan
        print(f"warning: {warning}", file=sys.stderr)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        result.table.to_csv(args.out / "sweep.csv", index=False)
        for number, parameter in enumerate(result.parameters):
            figure = sweep_parameter_chart(
                result.table,
                parameter,
                baseline_value=result.baseline.get(parameter),
                others=tuple(p for p in result.parameters if p != parameter),
                currency=result.currency,
            )
            (args.out / f"parameter_{number}.png").write_bytes(to_png(figure))
        (args.out / "frontier.png").write_bytes(
            to_png(sweep_frontier_chart(result.table, currency=result.currency))
        )
    except OSError as error:
        print(f"FAIL --out {args.out}: {error}", file=sys.stderr)
        return 1
    counts = result.table["evaluation"].value_counts().to_dict()
    how = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(
        f"{len(result.table)} points ({how}) on {result.simulations} simulations x "
        f"{result.reps} reps x {result.periods} months in {result.seconds:.1f} s"
    )
    for why in result.table["why"].unique():
        print(f"  {why}")
    shown = ["point", *result.parameters, "total_pay_diff", "merit_alignment_pay_diff"]
    print(result.table[[c for c in shown if c in result.table]].to_string(index=False))
    print(f"table and charts written to {args.out}/")
    return 0
