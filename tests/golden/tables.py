"""Golden tables: every figure the golden test pins, built the one way both the recorder
(``python tests/golden/record.py``) and the test (``tests/test_golden.py``) use.

Each group is a function ``build_<group>(workdir) -> {name: table}`` where a table is a
DataFrame (written as CSV with full float precision), or a str: the text of a CSV a
command wrote, kept byte for byte, or of what a command printed (``.txt``). Names are
paths below ``expected/<group>/``. ``compare_table`` says how a recomputed table may
differ from the recorded one: money to the cent, other floats to 1e-9 relative, counts,
flags and labels exactly.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.yaml"
EXAMPLE_OUTCOMES = ROOT / "tests" / "data" / "example_outcomes.csv"
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_DATA = ROOT / "tests" / "data" / "maven_crm"
#: Extra scenario files that make the two comparison doors disagree (door_cases group).
DOOR_SCENARIOS = HERE / "scenarios"

#: Run sizes of every simulated table: small, so the whole golden test stays fast.
REPS, PERIODS, SIMULATIONS, SEED = 40, 12, 3, 11
SIZES = {"reps": REPS, "periods": PERIODS, "simulations": SIMULATIONS, "seed": SEED}
CLI_SIZES = [
    *("--reps", str(REPS)),
    *("--periods", str(PERIODS)),
    *("--sims", str(SIMULATIONS)),
    *("--seed", str(SEED)),
]

#: Tolerances: money to the cent, other floats relative (with a floor for values that
#: should be zero and come out as rounding noise).
MONEY_ABS = 0.005
FLOAT_REL = 1e-9
FLOAT_ABS_FLOOR = 1e-12

REGENERATE = (
    "If the change is intended, regenerate with `python tests/golden/record.py` (or "
    "`python tests/golden/record.py GROUP`) and justify the regeneration in the commit "
    "message: which figures changed and why."
)

Table = pd.DataFrame | str


def scenario_paths() -> list[Path]:
    """Every scenario of the project, baseline included, in file-name order."""
    return sorted(SCENARIOS.glob("*.yaml"))


def check_checkout() -> Path:
    """The imported ``salesperf_model`` must be this checkout's, or the golden tables
    would pin another copy of the code."""
    import salesperf_model

    where = Path(salesperf_model.__file__).resolve()
    if ROOT not in where.parents:
        raise RuntimeError(
            f"salesperf_model is imported from {where}, not from this checkout ({ROOT}); "
            f"run with PYTHONPATH={ROOT}"
        )
    return where


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    from salesperf_model.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _placeholders(text: str, **paths: Path) -> str:
    """Machine-specific paths in printed text replaced by ``<NAME>``."""
    for name, path in paths.items():
        text = text.replace(str(path), f"<{name}>")
    return text.replace(str(ROOT), "<ROOT>")


# ---------------------------------------------------------------------------------------
# a. The engine: every plan paid on one simulated sales force (common random numbers)
# ---------------------------------------------------------------------------------------


def _payout_by_rep(plan: str, result) -> pd.DataFrame:
    """Each component summed over months, per (simulation, rep); ``total`` is
    ``PlanResult.total_pay()``."""
    sims, reps, _months = result.attainment.shape
    rep_ids = np.array(result.rep_ids)
    frames = []
    for component, values in {**result.payouts, "total": result.total_pay()}.items():
        frames.append(
            pd.DataFrame(
                {
                    "plan": plan,
                    "simulation": np.repeat(np.arange(sims), reps),
                    "rep_id": np.tile(rep_ids, sims),
                    "component": component,
                    "amount": values.sum(axis=2).reshape(-1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _payout_by_month(plan: str, result) -> pd.DataFrame:
    """Each component summed over reps, per (simulation, month)."""
    sims, _reps, months = result.attainment.shape
    periods = np.array(result.periods)
    frames = []
    for component, values in {**result.payouts, "total": result.total_pay()}.items():
        frames.append(
            pd.DataFrame(
                {
                    "plan": plan,
                    "simulation": np.repeat(np.arange(sims), months),
                    "period": np.tile(periods, sims),
                    "component": component,
                    "amount": values.sum(axis=1).reshape(-1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _grade_counts(plan: str, result) -> pd.DataFrame:
    """Reps per (simulation, review, grade): final grade and point-band grade."""
    from salesperf_model.schema import GRADES

    rows = []
    sims = result.grades.shape[0]
    for simulation in range(sims):
        for review, label in enumerate(result.review_labels):
            final = result.grades[simulation, :, review]
            band = result.band_grades[simulation, :, review]
            for code, grade in enumerate(GRADES):
                rows.append(
                    {
                        "plan": plan,
                        "simulation": simulation,
                        "review": label,
                        "grade": grade,
                        "reps": int((final == code).sum()),
                        "band_reps": int((band == code).sum()),
                    }
                )
    return pd.DataFrame(rows)


def _points_summary(plan: str, result) -> pd.DataFrame:
    """Total points per (simulation, review): spread over reps, and the grading flags."""
    rows = []
    sims = result.points.shape[0]
    for simulation in range(sims):
        for review, label in enumerate(result.review_labels):
            points = result.points[simulation, :, review]
            rows.append(
                {
                    "plan": plan,
                    "simulation": simulation,
                    "review": label,
                    "points_mean": float(points.mean()),
                    "points_std": float(points.std()),
                    "points_min": float(points.min()),
                    "points_median": float(np.median(points)),
                    "points_max": float(points.max()),
                    "moved": int(result.moved[simulation, :, review].sum()),
                    "improvement_flags": int(result.improvement_flag[simulation, :, review].sum()),
                    "promotion_flags": int(result.promotion_flag[simulation, :, review].sum()),
                }
            )
    return pd.DataFrame(rows)


def _kpi_points(plan: str, result) -> pd.DataFrame:
    """Each KPI's points summed over reps and reviews, per simulation."""
    rows = []
    for kpi, values in result.kpi_points.items():
        for simulation in range(values.shape[0]):
            rows.append(
                {
                    "plan": plan,
                    "simulation": simulation,
                    "kpi": kpi,
                    "points_sum": float(values[simulation].sum()),
                }
            )
    return pd.DataFrame(rows)


def _warnings(plan: str, result) -> pd.DataFrame:
    return pd.DataFrame(
        {"plan": plan, "warning": list(result.warnings)}, columns=["plan", "warning"]
    )


def _engine_tables(results: Mapping[str, object]) -> dict[str, Table]:
    parts: dict[str, Callable] = {
        "payout_by_rep.csv": _payout_by_rep,
        "payout_by_month.csv": _payout_by_month,
        "grade_counts.csv": _grade_counts,
        "points_summary.csv": _points_summary,
        "kpi_points.csv": _kpi_points,
        "warnings.csv": _warnings,
    }
    return {
        name: pd.concat([part(plan, r) for plan, r in results.items()], ignore_index=True)
        for name, part in parts.items()
    }


def build_engine(workdir: Path) -> dict[str, Table]:
    """``run_plan`` of every scenario on one simulation of the baseline's sales force."""
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.simulate import simulate

    baseline = load_scenario(BASELINE)
    outcomes = simulate(baseline.population, baseline.simulation, **SIZES)
    results = {}
    for path in scenario_paths():
        scenario = load_scenario(path)
        results[scenario.name] = run_plan(outcomes, scenario)
    return _engine_tables(results)


# ---------------------------------------------------------------------------------------
# b. The notebooks' door: pipeline.run_comparison
# ---------------------------------------------------------------------------------------


def _report_door(paths: list[Path]) -> dict[str, Table]:
    from salesperf_model import pipeline

    run = pipeline.run_comparison(paths, BASELINE, **SIZES)
    return {f"{name}.csv": table for name, table in run.tables.items()}


def build_report_door(workdir: Path) -> dict[str, Table]:
    """Every table of ``Run.tables`` for all scenarios against the baseline."""
    return _report_door(scenario_paths())


# ---------------------------------------------------------------------------------------
# c. The command-line door: salesperf compare
# ---------------------------------------------------------------------------------------


def _cli_door(paths: list[Path], out: Path) -> tuple[int, dict[str, Table], str]:
    code, stdout, stderr = _run_cli(
        ["compare", *paths, "--baseline", BASELINE, *CLI_SIZES, "--out", out]
    )
    tables: dict[str, Table] = {}
    if out.is_dir():
        tables = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv"))}
    tables["stdout.txt"] = _placeholders(stdout, OUT=out)
    return code, tables, _placeholders(stderr, OUT=out)


def build_cli_door(workdir: Path) -> dict[str, Table]:
    """Every CSV ``salesperf compare`` writes for all scenarios, as written, and what it
    prints (the output folder shown as ``<OUT>``)."""
    code, tables, stderr = _cli_door(scenario_paths(), workdir / "cli_door")
    if code != 0:
        raise RuntimeError(f"salesperf compare failed ({code}): {stderr}")
    return tables


# ---------------------------------------------------------------------------------------
# d. salesperf pay on the example outcome table
# ---------------------------------------------------------------------------------------


def build_pay_cli(workdir: Path) -> dict[str, Table]:
    """``salesperf pay SCENARIO --outcomes tests/data/example_outcomes.csv`` for every
    scenario: the payout CSV as written and the printed cost summary."""
    tables: dict[str, Table] = {}
    for path in scenario_paths():
        out = workdir / "pay" / f"{path.stem}.csv"
        code, stdout, stderr = _run_cli(["pay", path, "--outcomes", EXAMPLE_OUTCOMES, "--out", out])
        if code != 0:
            raise RuntimeError(f"salesperf pay {path.name} failed ({code}): {stderr}")
        tables[f"{path.stem}.csv"] = out.read_text(encoding="utf-8")
        tables[f"{path.stem}.txt"] = _placeholders(stdout, OUT=out)
    return tables


# ---------------------------------------------------------------------------------------
# e. Replay of real data: the Maven CRM export paid under every plan
# ---------------------------------------------------------------------------------------


def build_replay(workdir: Path) -> dict[str, Table]:
    """``load_actuals(mappings/maven_crm.yaml)`` (the copy in tests/data/maven_crm) paid
    under every scenario: per-rep pay per component over the export's months, plus the
    imported measures' totals (to tell an import change from a pay change)."""
    from salesperf_model.actuals import load_actuals
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario

    # the scenarios pay in CNY: the dollar amounts at the mapping's stated rate
    outcomes, _report = load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    results = {}
    for path in scenario_paths():
        scenario = load_scenario(path)
        assert scenario.currency == "CNY", f"{path}: the replay golden assumes CNY plans"
        results[scenario.name] = run_plan(outcomes, scenario)
    engine = _engine_tables(results)
    measures = pd.DataFrame(
        [
            {
                "measure": name,
                "total": float(np.asarray(values, dtype=float).sum()),
                "nonzero": int(np.count_nonzero(values)),
            }
            for name, values in sorted(outcomes.measures.items())
        ]
    )
    shape = pd.DataFrame(
        [
            {
                "simulations": outcomes.shape[0],
                "reps": outcomes.shape[1],
                "periods": outcomes.shape[2],
            }
        ]
    )
    return {
        "payout_by_rep.csv": engine["payout_by_rep.csv"].drop(columns="simulation"),
        "payout_by_month.csv": engine["payout_by_month.csv"].drop(columns="simulation"),
        "grade_counts.csv": engine["grade_counts.csv"].drop(columns="simulation"),
        "warnings.csv": engine["warnings.csv"],
        "measures.csv": measures,
        "shape.csv": shape,
    }


# ---------------------------------------------------------------------------------------
# f. The explorer: prepare_explorer + repay
# ---------------------------------------------------------------------------------------

#: Edits the explorer re-pays (arguments of ``explore.edited_scenario``).
EXPLORER_EDITS: dict[str, dict] = {
    "unchanged": {},
    "tier_rate": {"tiers": [(0.0, 0.03), (1.0, 0.05), (1.2, 0.05)]},
    "forced_and_weights": {
        "tiers": [(0.0, 0.02), (1.0, 0.06), (1.5, 0.08)],
        "grading_method": "forced",
        "shares": {"S": 15, "A": 35, "B": 40, "C": 10},
        "weights": {"new_business": {"new_customer_revenue": 45.0, "customer_visits": 1.0}},
    },
}


def build_explorer(workdir: Path) -> dict[str, Table]:
    """The figures ``repay`` returns (numbers only) for the baseline re-paid under a few
    edits, and the explorer's starting figures."""
    from salesperf_model import explore

    explorer = explore.prepare_explorer(BASELINE, **SIZES)
    rows = [
        ("start", "total_pay", "money", explorer.start_total_pay),
        ("start", "merit_alignment", "rank correlation", explorer.start_merit),
        ("start", "gender_pay_gap", "% of male", explorer.start_gender_gap),
    ]
    for edit, arguments in EXPLORER_EDITS.items():
        arguments = dict(arguments)
        if "weights" in arguments:  # a role's starting weights with a few changed
            arguments["weights"] = {
                role: {**explorer.start_weights[role], **changes}
                for role, changes in arguments["weights"].items()
            }
        scenario = explore.edited_scenario(explorer.scenario, **arguments) if arguments else None
        figures = explore.repay(explorer, scenario or explorer.scenario)
        rows += [
            (edit, "total_pay", "money", figures["total_pay"]),
            (edit, "change_pct", "%", figures["change_pct"]),
            (edit, "merit_alignment", "rank correlation", figures["merit_alignment"]),
            (edit, "gender_pay_gap", "% of male", figures["gender_pay_gap"]),
        ]
        rows += [(edit, f"grade_mix_{g}", "%", v) for g, v in figures["grade_mix"].items()]
        sims = next(iter(figures["payouts"].values())).shape[0]
        rows += [
            (edit, f"payout_{name}", "money", float(values.sum()) / sims)
            for name, values in figures["payouts"].items()
        ]
    table = pd.DataFrame(rows, columns=["edit", "figure", "unit", "value"])
    table["value"] = table["value"].astype(float)
    return {"figures.csv": table}


# ---------------------------------------------------------------------------------------
# The cases where the two comparison doors once disagreed
# ---------------------------------------------------------------------------------------


def build_door_cases(workdir: Path) -> dict[str, Table]:
    """Both doors on the two rules where they once differed, which the project's scenarios
    do not exercise (they share one budget and have unique names):

    - ``own_budget``: a plan with a budget of its own. Both doors measure every plan
      against the baseline's budget.
    - ``duplicate_name``: two files with one scenario name. Both doors rename the second
      by its file stem; the CLI prints a warning naming both files.
    """
    tables: dict[str, Table] = {}
    own = [BASELINE, DOOR_SCENARIOS / "own_budget.yaml"]
    for name, table in _report_door(own).items():
        tables[f"own_budget/report_door/{name}"] = table
    code, cli, stderr = _cli_door(own, workdir / "own_budget")
    if code != 0:
        raise RuntimeError(f"salesperf compare failed ({code}): {stderr}")
    for name, table in cli.items():
        tables[f"own_budget/cli_door/{name}"] = table

    duplicate = [SCENARIOS / "flat_commission.yaml", DOOR_SCENARIOS / "renamed.yaml"]
    report = _report_door(duplicate)
    tables["duplicate_name/report_door/headline.csv"] = report["headline.csv"]
    out = workdir / "duplicate_name"
    code, cli, stderr = _cli_door(duplicate, out)
    tables["duplicate_name/cli_door/result.csv"] = pd.DataFrame(
        [{"exit_code": code, "tables_written": len(cli) - 1, "out_created": out.exists()}]
    )
    tables["duplicate_name/cli_door/stderr.txt"] = stderr
    return tables


#: Every group, in recording order: expected/<group>/ holds its tables.
GROUPS: dict[str, Callable[[Path], dict[str, Table]]] = {
    "engine": build_engine,
    "report_door": build_report_door,
    "cli_door": build_cli_door,
    "pay_cli": build_pay_cli,
    "replay": build_replay,
    "explorer": build_explorer,
    "door_cases": build_door_cases,
}


# ---------------------------------------------------------------------------------------
# Writing, reading and comparing
# ---------------------------------------------------------------------------------------


def to_text(table: Table) -> str:
    """The CSV text of a table (floats as repr: shortest text that reads back exactly)."""
    if isinstance(table, str):
        return table
    return table.to_csv(index=False, lineterminator="\n")


def read_csv_text(text: str) -> pd.DataFrame:
    """Read a CSV with only empty cells as missing (labels such as "NA" stay labels)."""
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])


def write_group(group: str, tables: Mapping[str, Table], root: Path = EXPECTED) -> list[Path]:
    """Write a group's tables below ``root/group`` and check each CSV reads back exactly."""
    written = []
    for name, table in sorted(tables.items()):
        path = root / group / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = to_text(table)
        path.write_text(text, encoding="utf-8", newline="")
        if isinstance(table, pd.DataFrame) and not table.empty:
            back = read_csv_text(path.read_text(encoding="utf-8"))
            problem = compare_table(f"{group}/{name}", back, read_csv_text(text), exact=True)
            if problem:
                raise AssertionError(f"{path} does not read back exactly:\n{problem}")
        written.append(path)
    return written


def expected_names(group: str, root: Path = EXPECTED) -> list[str]:
    """The recorded tables of a group (paths below ``root/group``)."""
    folder = root / group
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


#: Money columns by table file name (every plan's comparison tables and the engine's).
MONEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "payout_by_rep.csv": ("amount",),
    "payout_by_month.csv": ("amount",),
    "headline.csv": (
        "total_pay",
        "change_vs_baseline",
        "revenue_collected",
        "revenue_change_vs_baseline",
    ),
    "cost_by_component.csv": ("mean", "p5", "p50", "p95"),
    "cost_by_role.csv": ("mean", "p5", "p50", "p95", "mean_per_rep"),
    "cost_by_region.csv": ("mean", "p5", "p50", "p95", "mean_per_rep"),
    "cost_by_rep.csv": ("mean", "p5", "p50", "p95", "mean_per_rep"),
    "pay_at_target.csv": ("expected_pay_mean", "pay_at_target_mean"),
    "fairness_comparisons.csv": ("total_pay", "variable_pay"),
    **{
        f"winners_losers_by_{by}.csv": ("mean_change", "total_change")
        for by in ("attainment_decile", "role", "region", "group")
    },
}
#: Tables with a ``unit`` column: money in these columns of the rows whose unit is money.
MONEY_BY_UNIT: dict[str, tuple[str, ...]] = {
    "comparison.csv": (
        "baseline",
        "alternative",
        "difference",
        "difference_se",
        "difference_low",
        "difference_high",
        "difference_p5",
        "difference_p95",
    ),
    "summary.csv": ("mean", "mean_se", "p5", "p50", "p95"),
    "figures.csv": ("value",),
}


def money_mask(key: str, table: pd.DataFrame) -> pd.DataFrame:
    """True where a cell of table ``key`` (``group/.../name.csv``) is an amount of money."""
    group, name = key.split("/", 1)[0], key.rsplit("/", 1)[-1]
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    if group == "pay_cli":  # salesperf pay: every number but the simulation is money
        for column in table.columns:
            if column != "simulation" and pd.api.types.is_numeric_dtype(table[column]):
                mask[column] = True
        return mask
    for column in MONEY_COLUMNS.get(name, ()):
        if column in table.columns:
            mask[column] = True
    if name == "frontier.csv" and {"cost", "cost_metric"} <= set(table.columns):
        mask["cost"] = table["cost_metric"] == "total_pay"
    if name in MONEY_BY_UNIT and "unit" in table.columns:
        money_rows = table["unit"] == "money"
        for column in MONEY_BY_UNIT[name]:
            if column in table.columns:
                mask[column] = money_rows
    return mask


def _same_labels(expected: pd.Series, actual: pd.Series) -> np.ndarray:
    both_missing = expected.isna().to_numpy() & actual.isna().to_numpy()
    return both_missing | (expected.astype(str).to_numpy() == actual.astype(str).to_numpy())


def _close(expected: pd.Series, actual: pd.Series, money: np.ndarray, exact: bool) -> np.ndarray:
    e = expected.to_numpy(dtype=float)
    a = actual.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        tolerance = np.where(
            money, MONEY_ABS, FLOAT_REL * np.maximum(np.abs(e), np.abs(a)) + FLOAT_ABS_FLOOR
        )
        if exact:
            tolerance = np.zeros_like(e)
        same = (np.isnan(e) & np.isnan(a)) | (e == a) | (np.abs(a - e) <= tolerance)
    return same


def compare_table(
    key: str, expected: pd.DataFrame, actual: pd.DataFrame, *, exact: bool = False, rows: int = 5
) -> str | None:
    """``None`` when ``actual`` matches the recorded ``expected`` table, else a message
    naming the table and showing its first differing rows (expected above actual).

    Columns and row order must match. Integer and boolean columns (counts, flags) and
    labels compare exactly; money (see :func:`money_mask`) within 0.005; other floats
    within 1e-9 relative."""
    if list(expected.columns) != list(actual.columns):
        return (
            f"{key}: columns differ\n  expected: {list(expected.columns)}\n"
            f"  actual:   {list(actual.columns)}"
        )
    if len(expected) != len(actual):
        head = f"{key}: {len(expected)} rows expected, {len(actual)} rows now"
        longer, which = (expected, "expected") if len(expected) > len(actual) else (actual, "now")
        extra = longer.iloc[min(len(expected), len(actual)) :].head(rows)
        return f"{head}; first rows only {which}:\n{extra.to_string()}"
    expected = expected.reset_index(drop=True)
    actual = actual.reset_index(drop=True)
    money = money_mask(key, expected).to_numpy()
    bad = pd.DataFrame(False, index=expected.index, columns=expected.columns)
    for i, column in enumerate(expected.columns):
        e, a = expected[column], actual[column]
        numeric = pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a)
        boolean = pd.api.types.is_bool_dtype(e) or pd.api.types.is_bool_dtype(a)
        integer = pd.api.types.is_integer_dtype(e) and pd.api.types.is_integer_dtype(a)
        if numeric and not boolean and not integer:
            bad[column] = ~_close(e, a, money[:, i], exact)
        else:
            bad[column] = ~_same_labels(e, a)
    differing = bad.any(axis=1)
    if not differing.any():
        return None
    columns = [c for c in expected.columns if bad[c].any()]
    labels = [
        c
        for c in expected.columns
        if c not in columns and not pd.api.types.is_float_dtype(expected[c])
    ]
    first = differing[differing].index[:rows]
    shown = (
        pd.concat(
            {
                "expected": expected.loc[first, labels + columns],
                "actual": actual.loc[first, labels + columns],
            }
        )
        .swaplevel()
        .sort_index(level=0, sort_remaining=False)
    )
    with pd.option_context("display.float_format", lambda v: repr(float(v)), "display.width", 200):
        text = shown.to_string()
    return (
        f"{key}: {int(differing.sum())} of {len(expected)} rows differ, in columns "
        f"{columns}; first rows (row number, expected / actual):\n{text}"
    )


def compare_text(key: str, expected: str, actual: str) -> str | None:
    """``None`` when printed text is the same, else the first differing line."""
    if expected == actual:
        return None
    old, new = expected.splitlines(), actual.splitlines()
    for number, (e, a) in enumerate(zip(old, new), start=1):
        if e != a:
            return f"{key}: line {number} differs\n  expected: {e!r}\n  actual:   {a!r}"
    return f"{key}: {len(old)} lines expected, {len(new)} lines now"


def compare_group(group: str, tables: Mapping[str, Table], root: Path = EXPECTED) -> list[str]:
    """Every difference between a group's recomputed tables and its recorded ones."""
    problems = []
    recorded = expected_names(group, root)
    if not recorded:
        return [f"{group}: nothing recorded in {root / group}"]
    missing = sorted(set(recorded) - set(tables))
    new = sorted(set(tables) - set(recorded))
    if missing:
        problems.append(f"{group}: recorded tables no longer produced: {missing}")
    if new:
        problems.append(f"{group}: tables produced but never recorded: {new}")
    for name in sorted(set(recorded) & set(tables)):
        key = f"{group}/{name}"
        expected_text = (root / group / name).read_text(encoding="utf-8")
        actual_text = to_text(tables[name])
        if name.endswith(".csv"):
            if expected_text.strip() == "" or actual_text.strip() == "":
                problem = compare_text(key, expected_text, actual_text)
            else:
                problem = compare_table(
                    key, read_csv_text(expected_text), read_csv_text(actual_text)
                )
        else:
            problem = compare_text(key, expected_text, actual_text)
        if problem:
            problems.append(problem)
    return problems
