"""`salesperf report`: run the report notebooks for a set of scenarios and write HTML reports."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from salesperf_model.commands._arguments import (
    add_plan_overrides,
    months,
    non_negative_int,
    output_folder,
    positive_int,
)
from salesperf_model.report import (
    DEFAULT_EXECUTION_TIMEOUT,
    default_scenarios,
    plans_besides_baseline,
    run_batch,
)
from salesperf_model.report.guard import BatchRefused
from salesperf_model.report.stopping import BatchInterrupted

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def _default_scenarios_dir() -> Path:
    local = Path.cwd() / "scenarios"
    return local if local.is_dir() else REPOSITORY_ROOT / "scenarios"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="run the report notebooks and write offline HTML reports with an index",
        description=(
            "Run scenario_report.ipynb for every scenario and compare_scenarios.ipynb for all "
            "of them (papermill, parallel processes), export each to self-contained HTML with "
            "code hidden, and write index.html. Exit status 1 if any report failed."
        ),
    )
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="SCENARIO",
        help="scenario files (default: every file in scenarios/ except the baseline)",
    )
    parser.add_argument(
        "--baseline", metavar="FILE", help="baseline scenario (default: scenarios/baseline.yaml)"
    )
    parser.add_argument(
        "--out",
        type=output_folder,
        metavar="DIR",
        default="reports",
        help="output folder (default: reports)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        help="parallel processes (default: number of cores)",
    )
    parser.add_argument(
        "--actuals", metavar="MAPPING.yaml", help="replay on real data: CRM column mapping file"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="with --actuals: folder with the export files (default: the mapping's data_dir)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="with --actuals: replay even when the import leaves out rows carrying won "
        "revenue (refused by default); every report then says what was left out",
    )
    parser.add_argument(
        "--calibrated",
        metavar="FILE",
        help=(
            "with --actuals: calibrated scenario for the calibration report (default: "
            "calibration/<mapping name>.yaml when it exists; otherwise that report is skipped)"
        ),
    )
    parser.add_argument(
        "--calibration-sims",
        type=positive_int,
        default=20,
        metavar="N",
        help="simulations of the calibrated scenario in the calibration report (default 20)",
    )
    parser.add_argument(
        "--reps",
        type=positive_int,
        help="simulated reps (default: the scenario's simulation section)",
    )
    parser.add_argument("--periods", type=months, help="simulated months")
    parser.add_argument(
        "--sims", type=positive_int, dest="simulations", help="Monte Carlo simulations"
    )
    parser.add_argument("--seed", type=non_negative_int, help="root seed")
    add_plan_overrides(parser)
    parser.add_argument(
        "--timeout",
        type=positive_int,
        default=DEFAULT_EXECUTION_TIMEOUT,
        metavar="SECONDS",
        help=f"fail a run whose cell takes longer (default {DEFAULT_EXECUTION_TIMEOUT})",
    )
    parser.add_argument(
        "--search",
        metavar="SEARCH.yaml",
        help="also run `salesperf optimize` from the baseline with this SEARCH file: a report "
        "of the search and the winning plan (search/winner.yaml)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the comparison's simulations in chunks on a Dask cluster, e.g. "
        "tcp://HOST:8786 (see README, 'Running on a cluster'); the tables are identical, the "
        "section on sales 10%% lower or higher is left out (it needs every month)",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        help="run the comparison's simulations in chunks over N local processes (with "
        "--scheduler: ignored); default: in one piece, reusing OUT/.cache",
    )
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
        metavar="SIMS",
        help="with --scheduler or --workers: simulations per chunk (default: about 25,000 "
        "rep-simulations)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--no-validation",
        action="store_true",
        help="skip the validation report (the model against published field findings)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=(
            "neither reuse nor keep the simulation and plans' pay in OUT/.cache (by default "
            "a re-run recomputes only what changed; the figures are the same either way)"
        ),
    )
    parser.set_defaults(func=run)


def _default_calibrated(mapping: Path) -> Path:
    """``calibration/<mapping stem>.yaml`` in the working directory, else in the repository."""
    local = Path.cwd() / "calibration" / f"{mapping.stem}.yaml"
    return local if local.is_file() else REPOSITORY_ROOT / "calibration" / f"{mapping.stem}.yaml"


def _revenue_table(mapping: Path) -> bool:
    """True when the mapping reads a revenue table (no deals to calibrate on); a mapping
    that cannot be read is left to the replay to report."""
    from salesperf_model.actuals import load_mapping
    from salesperf_model.loading import ScenarioError

    try:
        return load_mapping(mapping).revenue is not None
    except (OSError, ValueError, ScenarioError):
        return False


def calibration_job(args: argparse.Namespace, baseline: Path) -> tuple[dict | None, list[str]]:
    """The calibration report's parameters (or None) and a note saying why it is skipped."""
    if not args.actuals:
        if args.calibrated:
            return None, ["--calibrated is used only with --actuals: calibration report skipped"]
        return None, []
    mapping = Path(args.actuals).resolve()
    if _revenue_table(mapping):
        return None, [
            f"{args.actuals} reads revenue already summed per rep and period (mapping key "
            "revenue): calibration fits deals, so the calibration report is skipped"
        ]
    calibrated = Path(args.calibrated) if args.calibrated else _default_calibrated(mapping)
    if not calibrated.is_file():
        return None, [
            f"no calibrated scenario {calibrated}: calibration report skipped (write one with "
            f"`salesperf calibrate {args.actuals} --out {calibrated}` or pass --calibrated FILE)"
        ]
    parameters = {
        "mapping_path": str(mapping),
        "calibrated_path": str(calibrated.resolve()),
        "baseline_path": str(baseline.resolve()),
        "data_dir": str(Path(args.data_dir).resolve()) if args.data_dir else None,
        "simulations": args.calibration_sims,
        "seed": args.seed,
    }
    return parameters, []


def _import_refused(args: argparse.Namespace, baseline: Path) -> str:
    """Why the replay's import is refused ('' when it is not): read it once, in the
    baseline's currency, before any report starts, so a refusal is one clear message
    rather than a failed notebook per report."""
    from salesperf_model.actuals import RevenueDropRefused, load_actuals
    from salesperf_model.loading import ScenarioError, load_scenario

    try:
        load_actuals(
            args.actuals,
            data_dir=args.data_dir,
            currency=load_scenario(baseline).currency,
            lenient=args.lenient,
        )
    except (RevenueDropRefused, FileNotFoundError, ValueError, ScenarioError) as error:
        return str(error)
    return ""


def comparison_parameters(args: argparse.Namespace) -> tuple[dict[str, object], str]:
    """The comparison notebook's chunk parameters and why they are refused ('' if not):
    a scheduler address is tried here, before any kernel starts, so one that does not
    answer is one clear message rather than a failed comparison report."""
    if args.scheduler is None and args.workers is None:
        return {}, ""
    if args.scheduler is not None:
        from salesperf_model.commands._chunks import SCHEDULER_RUNS_THEM
        from salesperf_model.pipeline import executors

        if args.workers is not None:
            print(SCHEDULER_RUNS_THEM.format(workers=args.workers), file=sys.stderr)

        try:
            executors.make_executor(args.scheduler, timeout=executors.SCHEDULER_TIMEOUT).shutdown()
        except (executors.SchedulerUnreachable, ValueError) as error:
            return {}, f"--scheduler: {error}; no report started"
    parameters = {"scheduler": args.scheduler, "workers": args.workers}
    return {**parameters, "chunk_size": args.chunk_size}, ""


def _size_refused(args: argparse.Namespace, baseline: Path) -> str | None:
    """--reps whose one simulation does not fit in memory (the baseline's months unless
    --periods is given; a baseline that does not load is left to its report's message)."""
    from salesperf_model.loading import load_scenario
    from salesperf_model.schema.settings import size_problem

    if not args.reps:
        return None
    periods = args.periods
    if not periods:
        try:
            periods = load_scenario(baseline).simulation.periods
        except Exception:  # the baseline's own problems are reported where it runs
            periods = 1
    problem = size_problem(args.reps, periods, 1)
    return f"--reps {args.reps} (--periods {periods}): {problem}" if problem else None


def _one_simulation(args: argparse.Namespace, baseline: Path) -> str | None:
    """One simulation gives no Monte Carlo interval, so no verdict in a report could tell
    a change from noise (a replay of actual results has none to tell)."""
    from salesperf_model.loading import load_scenario

    if args.actuals:
        return None
    source = "--sims 1"
    simulations = args.simulations
    for item in args.overrides:
        key, _, value = str(item).partition("=")
        if key.strip() == "simulation.simulations" and value.strip().isdigit():
            simulations, source = int(value), f"--set {str(item).strip()}"
    if simulations is None:
        try:
            simulations = load_scenario(baseline).simulation.simulations
        except Exception:  # the baseline's own problems are reported where it runs
            return None
        source = f"{baseline} sets simulation.simulations: 1"
    if simulations != 1:
        return None
    return (
        f"{source}: one simulation gives no 95% interval, so the reports could not tell a "
        "change from the simulation noise; run 2 or more (the verdicts firm up with more), or "
        "`salesperf compare --sims 1` for the figures without verdicts"
    )


def run(args: argparse.Namespace) -> int:
    from salesperf_model.pipeline.plans import baseline_only_overrides

    scenarios_dir = _default_scenarios_dir()
    baseline = Path(args.baseline) if args.baseline else scenarios_dir / "baseline.yaml"
    if not baseline.is_file():
        print(
            f"salesperf report: baseline file {baseline} not found (use --baseline FILE)",
            file=sys.stderr,
        )
        return 2
    if args.search and not Path(args.search).is_file():
        print(f"salesperf report: SEARCH file {args.search} not found", file=sys.stderr)
        return 2
    scenarios = [Path(s) for s in args.scenarios] or default_scenarios(scenarios_dir, baseline)
    scenarios, left_out = plans_besides_baseline(scenarios, baseline)
    for note in left_out:
        print(f"note: {note}")
    for warning in baseline_only_overrides(list(args.overrides)):
        print(f"warning: {warning}")
    if not scenarios:
        print(
            f"salesperf report: no plan to compare with the baseline {baseline}: "
            f"no scenario files given or found in {scenarios_dir} besides it",
            file=sys.stderr,
        )
        return 2
    too_big = _size_refused(args, baseline)
    if too_big:  # before any notebook starts and builds the seats
        print(f"salesperf report: {too_big}", file=sys.stderr)
        return 2
    alone = _one_simulation(args, baseline)
    if alone:
        print(f"salesperf report: {alone}", file=sys.stderr)
        return 2
    run_parameters = {
        "reps": args.reps,
        "periods": args.periods,
        "simulations": args.simulations,
        "seed": args.seed,
        "overrides": list(args.overrides),
        "actuals_mapping": str(Path(args.actuals).resolve()) if args.actuals else None,
    }
    if args.data_dir:
        if not args.actuals:
            print("salesperf report: --data-dir needs --actuals MAPPING.yaml", file=sys.stderr)
            return 2
        run_parameters["actuals_data_dir"] = str(Path(args.data_dir).resolve())
    if args.lenient:
        if not args.actuals:
            print("salesperf report: --lenient needs --actuals MAPPING.yaml", file=sys.stderr)
            return 2
        run_parameters["actuals_lenient"] = True
    if args.actuals:
        refused = _import_refused(args, baseline)
        if refused:
            print(f"salesperf report: {refused}", file=sys.stderr)
            return 2
    chunks, refused = comparison_parameters(args)
    if refused:
        print(f"salesperf report: {refused}", file=sys.stderr)
        return 2
    calibration_parameters, notes = calibration_job(args, baseline)
    validation_parameters = None
    # the validation report checks the simulation against published findings; a replay of
    # real results has its calibration report instead
    if not args.no_validation and not args.actuals:
        validation_parameters = {"baseline_path": str(baseline.resolve()), "seed": args.seed}
    try:
        result = run_batch(
            scenarios,
            baseline,
            args.out,
            run_parameters=run_parameters,
            jobs=args.jobs,
            execution_timeout=args.timeout,
            progress=not args.no_progress,
            calibration_parameters=calibration_parameters,
            validation_parameters=validation_parameters,
            notes=notes,
            cache=not args.no_cache,
            search=args.search,
            comparison_parameters=chunks,
        )
    except BatchRefused as refused:
        print(f"salesperf report: {refused}", file=sys.stderr)
        return 2
    except BatchInterrupted as stop:
        print(f"salesperf report: {_stopped_line(stop)}", file=sys.stderr)
        return 128 + signal.Signals[stop.signal_name].value
    except KeyboardInterrupt:
        print("salesperf report: stopped by SIGINT before any report started", file=sys.stderr)
        return 130
    print(result.summary())
    return 0 if result.ok else 1


def _stopped_line(stop: BatchInterrupted) -> str:
    """One line on an interrupted batch: what finished, what stopped, where the index is."""
    if stop.result is None:
        return f"{stop}: nothing written"
    results = stop.result.results
    stopped = sum(r.status == "stopped" for r in results)
    return (
        f"{stop}: {len(results) - stopped} of {len(results)} reports finished, {stopped} "
        f"stopped and marked so in {stop.result.index}"
    )
