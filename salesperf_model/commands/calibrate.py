"""`salesperf calibrate MAPPING.yaml --out scenarios/calibrated.yaml`: fit the simulation to
a CRM export and write a scenario that extends the baseline with the fitted values."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from salesperf_model.actuals import outcomes_from_deals, read_actuals
from salesperf_model.commands._arguments import non_negative_int, output_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate",
        help="fit simulation parameters to a CRM export; write a calibrated scenario",
        description=(
            "Import the export a mapping describes (default fixes applied, see `salesperf "
            "import`), fit deal sizes, win rate, cycle, deal counts, books, seasonality and "
            "the lasting share of between-rep differences, and write a scenario that extends "
            "the baseline (plus a JSON with every fit). --check simulates the calibrated "
            "scenario and prints actual vs simulated moments."
        ),
    )
    parser.add_argument("mapping", metavar="MAPPING.yaml", help="column mapping file")
    parser.add_argument(
        "--out",
        type=output_file,
        metavar="FILE",
        default="scenarios/calibrated.yaml",
        help="scenario YAML to write (default scenarios/calibrated.yaml; JSON beside it)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        default=None,
        help="scenario the calibrated one extends (default scenarios/baseline.yaml here, "
        "else the package's own)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="folder with the export files")
    parser.add_argument(
        "--check",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="simulate the calibrated population N times and print the fit diagnostics",
    )
    parser.add_argument("--figure", metavar="FILE.png", help="write the fit figure (needs --check)")
    parser.add_argument(
        "--refine",
        type=non_negative_int,
        default=20,
        metavar="N",
        help="re-fit territory.potential_sigma by simulation with N simulations (default 20; "
        "0: keep the analytic value)",
    )
    parser.set_defaults(func=run)


def _default_baseline() -> Path:
    """scenarios/baseline.yaml in the folder run from, else the one shipped with salesperf
    (run from elsewhere, the relative default was 'file not found')."""
    local = Path("scenarios") / "baseline.yaml"
    return local if local.is_file() else Path(__file__).resolve().parents[2] / local


def run(args: argparse.Namespace) -> int:
    from salesperf_model.calibrate import (
        calibrate,
        fit_diagnostics,
        plot_fit,
        refine_territory_sigma,
        simulate_calibrated,
        write_calibrated_scenario,
    )
    from salesperf_model.loading import ScenarioError, load_scenario

    if args.baseline is None:
        args.baseline = str(_default_baseline())
    try:
        baseline = load_scenario(args.baseline)
        actuals = read_actuals(args.mapping, data_dir=args.data_dir, currency=baseline.currency)
    except (FileNotFoundError, ValueError, ScenarioError) as error:
        print(f"error: {error}")
        return 2
    try:
        deals = actuals.revenue is None  # a revenue table: calibrate() says why it cannot
        outcomes = outcomes_from_deals(actuals, period="month") if deals else None
        calibration = calibrate(actuals, outcomes, base_population=baseline.population)
    except ValueError as error:
        print(f"error: {args.mapping}: the export cannot be calibrated from: {error}")
        return 2
    if args.refine:
        calibration = refine_territory_sigma(
            calibration, simulations=args.refine, base_population=baseline.population
        )
    path = write_calibrated_scenario(calibration, args.out, baseline=args.baseline)
    with pd.option_context("display.width", 160, "display.max_colwidth", 70):
        columns = ["quantity", "value", "ci_low", "ci_high", "population_field"]
        print(calibration.fits[columns].to_string(index=False, na_rep=""))
    print(f"\nFitted but not in the population model: {', '.join(calibration.unmapped)}")
    for note in calibration.notes:
        print(f"note: {note}")
    problems = actuals.report.problems
    if not problems.empty:
        print(
            f"data: {len(problems)} kinds of data problem fixed or noted (see `salesperf import`)"
        )
    if args.check:
        simulated = simulate_calibrated(
            calibration, simulations=args.check, base_population=baseline.population
        )
        with pd.option_context("display.width", 160):
            print("\n" + fit_diagnostics(calibration, outcomes, simulated).to_string(index=False))
        if args.figure:
            import matplotlib

            matplotlib.use("Agg")
            Path(args.figure).parent.mkdir(parents=True, exist_ok=True)
            plot_fit(calibration, simulated).savefig(args.figure, dpi=110)
            print(f"Wrote {args.figure}")
    print(f"\nWrote {path} and {path.with_suffix('.json')}")
    return 0
