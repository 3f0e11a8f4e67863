"""`salesperf import MAPPING.yaml`: a CRM export to a tidy outcome CSV and its problem report."""

from __future__ import annotations

import argparse
from pathlib import Path

from salesperf_model.actuals import ActualsValidationError, RevenueDropRefused, load_actuals
from salesperf_model.commands._arguments import output_file
from salesperf_model.formatting import counted
from salesperf_model.loading import ScenarioError
from salesperf_model.tables.problems import TableError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a CRM export (deals, or revenue per rep and period) as rep-period "
        "outcomes, with a validation report",
        description=(
            "Read the export a mapping YAML describes (mappings/maven_crm.yaml: one row per "
            "deal; mappings/quarterly_revenue.yaml: revenue per rep and quarter, with a roster), "
            "turn it into rep-period outcomes (one simulation, no truth) and write them as a "
            "tidy CSV that `read_outcomes_csv` reads back. The period is stated in the report. "
            "Every data problem is printed with its rows, the revenue they carry and the fix "
            "applied; an import that would leave out won revenue is refused (exit 1) unless "
            "--lenient; --strict refuses any problem."
        ),
    )
    parser.add_argument("mapping", metavar="MAPPING.yaml", help="column mapping file")
    parser.add_argument(
        "--strict", action="store_true", help="stop on any data problem instead of fixing it"
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="import even when rows carrying won revenue would be left out (refused by "
        "default); the report then says what was left out",
    )
    parser.add_argument(
        "--currency",
        metavar="CODE",
        help="the plan's currency: amounts are converted at the mapping's stated rate "
        "(rates.CODE), or refused without one; default: the export's own currency",
    )
    parser.add_argument(
        "--out",
        type=output_file,
        metavar="FILE",
        help="tidy outcome CSV to write (default reports/actuals/<mapping name>.csv); the "
        "problem table goes beside it as <stem>_problems.csv",
    )
    parser.add_argument(
        "--period",
        choices=["month", "quarter", "half_year"],
        default=None,
        help="period of the outcomes (default: the mapping's `period`, else the data's own: "
        "months for deal rows, the revenue table's period); shorter than the data's is refused",
    )
    parser.add_argument(
        "--quotas",
        metavar="FILE|AMOUNT",
        help="quota CSV (rep_id, period, quota) or a quota per rep and period, in the "
        "plan's currency (--currency, else the export's); default: the mapping's quota rule "
        "(in the export's currency, converted like its amounts)",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="folder with the export files (overrides the mapping)"
    )
    parser.set_defaults(func=run)


def _quotas(text: str | None) -> str | float | None:
    """--quotas as given: a number is a quota per rep and period, anything else a file."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _inputs_in_the_way(args: argparse.Namespace, out: Path) -> str | None:
    """The input the outcome table or its problem table would overwrite, if any: the
    mapping, the --quotas file, or a file of the export the mapping reads."""
    from salesperf_model.actuals.files import resolve_data_dir
    from salesperf_model.actuals.mapping import load_mapping
    from salesperf_model.commands._arguments import same_file

    written = [out, out.with_name(f"{out.stem}_problems.csv")]
    inputs = [
        Path(args.mapping),
        *([Path(args.quotas)] if isinstance(_quotas(args.quotas), str) else []),
    ]
    try:
        mapping = load_mapping(args.mapping)
        folder = resolve_data_dir(mapping, args.mapping, args.data_dir)
    except Exception:  # the import itself reports a mapping it cannot read
        mapping = None
    if mapping is not None:
        inputs += [folder / name for name in _files_named(mapping.model_dump())]
    for path in written:
        for given in inputs:
            if same_file(path, given):
                return f"{path} is the input {given}"
    return None


def _files_named(section: object) -> list[str]:
    """Every ``file`` a mapping's sections name (the export's tables)."""
    if isinstance(section, dict):
        named = [section["file"]] if isinstance(section.get("file"), str) else []
        return named + [f for value in section.values() for f in _files_named(value)]
    if isinstance(section, list):
        return [f for value in section for f in _files_named(value)]
    return []


def run(args: argparse.Namespace) -> int:
    if args.out is not None:
        clobbered = _inputs_in_the_way(args, Path(args.out))
        if clobbered is not None:
            print(f"error: --out {args.out}: {clobbered}; nothing written")
            return 2
    try:
        outcomes, report = load_actuals(
            args.mapping,
            strict=args.strict,
            period=args.period,
            quotas=_quotas(args.quotas),
            data_dir=args.data_dir,
            currency=args.currency,
            lenient=args.lenient,
        )
    except ActualsValidationError as error:
        print(error.report.to_text())
        print(
            f"\nREFUSED (--strict): {counted(len(error.report.blocking), 'problem')}; nothing written."
        )
        return 1
    except RevenueDropRefused as error:
        print(error.report.to_text())
        print(f"\nREFUSED: {error}")
        return 1
    except TableError as error:  # the export's data refused, as the refusals above
        print(f"error: {error}")
        return 1
    except (FileNotFoundError, ValueError, ScenarioError) as error:
        print(f"error: {error}")
        return 2
    default = Path("reports") / "actuals" / f"{outcomes.meta['mapping']}.csv"
    out = Path(args.out) if args.out else default
    problems = report.problems.assign(
        rows=report.problems["rows"].map(lambda r: " ".join(map(str, r)))
    )
    problems_path = out.with_name(f"{out.stem}_problems.csv")
    from salesperf_model.report.files import writable_target, write_csv_atomic

    try:
        for path in (out, problems_path):  # both can be written, or neither is
            writable_target(path)
        write_csv_atomic(outcomes.to_long(), out, index=False)
        write_csv_atomic(problems, problems_path, index=False)
    except OSError as error:
        print(f"error: --out {out}: {error}")
        return 2
    print(report.to_text())
    print(
        f"\nWrote {out} ({outcomes.n_reps} reps x {outcomes.n_periods} "
        f"{outcomes.meta['period'].replace('_', ' ')}s, "
        f"{len(report.measures_present)} measures, amounts in {outcomes.meta['currency']}) "
        f"and {problems_path}."
    )
    if args.currency is None:
        print(
            f"The amounts are in the export's currency ({outcomes.meta['currency']}); the CSV "
            "does not carry it: pay it only under a plan in that currency, or import again "
            "with --currency PLAN_CURRENCY to convert at the mapping's stated rate."
        )
    return 0
