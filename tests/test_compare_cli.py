"""`salesperf compare`: pays every plan on one simulated sales force, writes the tables, and
agrees with the notebooks' door (both run salesperf_model.pipeline)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
#: The golden door cases: a plan with its own budget, a second file named flat_commission.
GOLDEN_SCENARIOS = ROOT / "tests" / "golden" / "scenarios"
SMALL = ["--sims", "3", "--reps", "40", "--periods", "6", "--seed", "7"]


def test_compare_prints_the_headline_and_writes_every_table(tmp_path, capsys):
    baseline = str(SCENARIOS / "baseline.yaml")
    flat = str(SCENARIOS / "flat_commission.yaml")
    code = main(["compare", baseline, flat, "--baseline", baseline, *SMALL, "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 plans paid on the same 3 simulations x 40 reps x 6 months" in out
    assert "merit_alignment_pay" in out and "flat_commission" in out
    written = {p.stem for p in tmp_path.glob("*.csv")}
    assert {
        "headline",
        "comparison",
        "frontier",
        "pay_quartiles",
        "winners_losers_by_attainment_decile",
        "pay_at_target",
    } <= written
    comparison = pd.read_csv(tmp_path / "comparison.csv")
    base_rows = comparison[comparison["plan"] == "baseline"]
    assert (base_rows["difference"].fillna(0) == 0).all()
    headline = pd.read_csv(tmp_path / "headline.csv").set_index("plan")
    total = comparison.set_index(["plan", "metric"]).loc[("flat_commission", "total_pay")]
    assert headline.loc["flat_commission", "change_vs_baseline"] == pytest.approx(
        total["difference"]
    )
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def _compare_with_a_broken_plan(tmp_path, *others: Path) -> tuple[int, Path]:
    """compare of a scenario whose tiers are no list (and ``others``): exit code, its file."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("extends: baseline.yaml\npay: {commission: {tiers: 'many'}}\n")
    (tmp_path / "baseline.yaml").write_text((SCENARIOS / "baseline.yaml").read_text())
    plans = [str(broken), *map(str, others)]
    baseline = ["--baseline", str(tmp_path / "baseline.yaml")]
    return main(["compare", *plans, *baseline, *SMALL, "--out", str(tmp_path / "out")]), broken


def test_compare_refuses_an_invalid_scenario_and_names_it(tmp_path, capsys):
    code, broken = _compare_with_a_broken_plan(tmp_path)
    assert code == 1
    assert f"FAIL {broken}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_compare_goes_on_past_an_invalid_scenario_and_names_it(tmp_path, capsys):
    """One bad plan in a batch does not spoil the rest: the good ones are compared, the
    bad one is named, and the exit code says something failed."""
    code, broken = _compare_with_a_broken_plan(tmp_path, SCENARIOS / "flat_commission.yaml")
    assert code == 1
    captured = capsys.readouterr()
    assert f"FAIL {broken}" in captured.err
    assert f"1 plan left out (see FAIL above): {broken}" in captured.out
    plans = set(pd.read_csv(tmp_path / "out" / "headline.csv")["plan"])
    assert plans == {"baseline", "flat_commission"}


def test_compare_tells_two_plans_with_one_name_apart_and_warns(tmp_path, capsys):
    copy = tmp_path / "baseline.yaml"  # named "baseline" after its file, like the original
    copy.write_text((SCENARIOS / "baseline.yaml").read_text())
    code = main(
        [
            "compare",
            str(copy),
            "--baseline",
            str(SCENARIOS / "baseline.yaml"),
            *SMALL,
            "--out",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0
    shown = f"baseline ({tmp_path.name}/baseline)"
    assert f"both name their scenario 'baseline'; the plan of {copy} is shown as {shown!r}" in err
    assert str(SCENARIOS / "baseline.yaml") in err
    headline = pd.read_csv(tmp_path / "out" / "headline.csv")
    assert headline["plan"].tolist() == ["baseline", shown]


def test_the_cli_and_the_notebooks_write_identical_tables(tmp_path, capsys):
    """One comparison, two doors: `salesperf compare` and the report notebooks
    (pipeline.run_comparison, then report.save_run_tables) write byte-identical CSVs, also
    with a plan that sets its own budget (measured against the baseline's, with a warning)
    and two files with one scenario name (told apart by file stem, with a warning)."""
    from salesperf_model import pipeline
    from salesperf_model.report import save_run_tables

    baseline = SCENARIOS / "baseline.yaml"
    paths = [
        baseline,
        SCENARIOS / "flat_commission.yaml",
        GOLDEN_SCENARIOS / "own_budget.yaml",
        GOLDEN_SCENARIOS / "renamed.yaml",
    ]
    out = tmp_path / "cli"
    code = main(
        ["compare", *map(str, paths), "--baseline", str(baseline), *SMALL, "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    run = pipeline.run_comparison(paths, baseline, reps=40, periods=6, simulations=3, seed=7)
    save_run_tables(run, tmp_path / "report")
    cli = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    report = {p.name: p.read_bytes() for p in sorted((tmp_path / "report").glob("*.csv"))}
    assert len(cli) == 19 and list(cli) == list(report)
    assert [name for name in cli if cli[name] != report[name]] == []
    assert run.plans == ["flat_commission", "own_budget", "flat_commission (renamed)"]
    assert err.splitlines() == [f"warning: {warning}" for warning in run.warnings]
    assert len(run.warnings) == 2
    assert "own_budget" in run.warnings[0] and "against the baseline's" in run.warnings[0]
    assert "both name their scenario 'flat_commission'" in run.warnings[1]
    assert str(GOLDEN_SCENARIOS / "renamed.yaml") in run.warnings[1]
    assert str(SCENARIOS / "flat_commission.yaml") in run.warnings[1]
    # the baseline has no total-pay budget: nobody is measured against own_budget's 9.5 M
    headline = pd.read_csv(out / "headline.csv").set_index("plan")
    assert headline["over_budget_total_pay"].isna().all()


def test_real_data_comparison_skips_truth_metrics_with_a_note():
    from dataclasses import replace

    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.measure import comparison_tables, evaluate_plans
    from salesperf_model.simulate import simulate

    baseline = load_scenario(SCENARIOS / "baseline.yaml")
    flat = load_scenario(SCENARIOS / "flat_commission.yaml")
    simulated = simulate(baseline.population, reps=30, periods=6, simulations=1, seed=3)
    actuals = replace(simulated, truth=None, source="actuals")
    evaluations = evaluate_plans({"baseline": baseline, "flat": flat}, actuals, run_plan)
    tables = comparison_tables(evaluations, "baseline", actuals)
    notes = tables["notes"].set_index("metric")["note"]
    assert "luck_share" in notes and "hidden truth" in notes["luck_share"]
    summary = tables["summary"].set_index(["plan", "metric"])
    assert np.isnan(summary.loc[("flat", "merit_alignment_pay"), "mean"])
    assert np.isfinite(summary.loc[("flat", "gini_variable_pay"), "mean"])
    assert tables["frontier"]["fairness_metric"].iloc[0] == "gender_pay_gap_mean"
    # one simulation: every statistic is the single value, no standard error
    row = summary.loc[("flat", "total_pay")]
    assert row["mean"] == row["p5"] == row["p95"]
    comparison = tables["comparison"].set_index(["plan", "metric"])
    assert np.isnan(comparison.loc[("flat", "total_pay"), "difference_se"])


def test_a_rerun_without_variants_removes_the_stale_pay_at_target_table(tmp_path):
    baseline = str(SCENARIOS / "baseline.yaml")
    (tmp_path / "pay_at_target.csv").write_text("stale\n")
    (tmp_path / "mine.csv").write_text("kept\n")
    code = main(
        [
            "compare",
            baseline,
            "--baseline",
            baseline,
            *SMALL,
            "--no-variants",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert not (tmp_path / "pay_at_target.csv").exists()
    assert (tmp_path / "mine.csv").read_text() == "kept\n"  # not a table of ours: untouched
    assert not (tmp_path / "winners_losers_by_role.csv").exists()  # baseline alone
    assert (tmp_path / "headline.csv").exists()


def test_compare_set_population_changes_the_sales_force_every_plan_meets(tmp_path, capsys):
    """A population override reaches the baseline, whose sales force is simulated: with
    60% yearly attrition instead of the baseline's, every plan's total pay changes,
    the baseline's included, and no plan is warned to meet another sales force."""
    baseline = str(SCENARIOS / "baseline.yaml")
    flat = str(SCENARIOS / "flat_commission.yaml")
    heads = {}
    for label, extra in (
        ("as is", []),
        ("changed", ["--set", "population.workforce.annual_attrition=0.6"]),
    ):
        out = tmp_path / label.replace(" ", "_")
        code = main(["compare", flat, "--baseline", baseline, *SMALL, "--out", str(out), *extra])
        captured = capsys.readouterr()
        assert code == 0
        assert "own population" not in captured.err
        heads[label] = pd.read_csv(out / "headline.csv").set_index("plan")
    for plan in ("baseline", "flat_commission"):
        assert heads["changed"].loc[plan, "total_pay"] != heads["as is"].loc[plan, "total_pay"]


def test_load_plans_applies_sales_force_overrides_to_the_baseline_and_plan_overrides_to_plans():
    from salesperf_model.pipeline import load_plans

    baseline = SCENARIOS / "baseline.yaml"
    plans = load_plans(
        [SCENARIOS / "flat_commission.yaml", baseline],
        baseline,
        overrides=["population.workforce.annual_attrition=0.4", "simulation.reps=30"],
    )
    assert list(plans.scenarios) == [
        "baseline",
        "flat_commission",
    ]  # the baseline file: no plan change
    for scenario in plans.scenarios.values():
        assert scenario.population.workforce.annual_attrition == 0.4
        assert scenario.simulation.reps == 30
    assert plans.warnings == []
    mixed = load_plans(
        [SCENARIOS / "flat_commission.yaml"],
        baseline,
        overrides={
            "population.workforce.annual_attrition": 0.4,
            "pay.commission.cap_attainment": 3.0,
        },
    )
    assert mixed.scenarios["baseline"].population.workforce.annual_attrition == 0.4
    assert mixed.scenarios["baseline"].pay.commission.cap_attainment is None
    assert mixed.scenarios["flat_commission"].pay.commission.cap_attainment == 3.0
