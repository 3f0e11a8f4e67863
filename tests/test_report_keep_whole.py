"""Keep-whole view of the replay reports and the calibration report's plain words: hand-made
pay tables with numbers worked out by hand, and one small end-to-end `salesperf report
--actuals` run (one plan, the comparison and the calibration report)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from salesperf_model import calibrate, pipeline, present
from salesperf_model.present import charts
from salesperf_model.report import save_keep_whole

ROOT = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_COPY = ROOT / "tests" / "data" / "maven_crm"
MAVEN_SHARED = ROOT.parent / "shared" / "data" / "maven_crm"

#: Monthly pay over two months per rep: (baseline, alternative). Worked by hand:
#: A 2000 -> 1800 (-10%, top-up 200), B 2000 -> 1920 (-4%), C 1000 -> 940 (-6%, top-up 60),
#: D 0 -> 100 (no % change), E 3000 -> 3300 (+10%), F 2000 -> 1900 (exactly -5%: not more).
PAY = {
    "A": ([1000, 1000], [900, 900]),
    "B": ([1000, 1000], [960, 960]),
    "C": ([500, 500], [470, 470]),
    "D": ([0, 0], [50, 50]),
    "E": ([1500, 1500], [1650, 1650]),
    "F": ([1000, 1000], [950, 950]),
}


def _result(column: int, scale: float = 1.0) -> SimpleNamespace:
    reps = list(PAY)
    pay = np.array([PAY[rep][column] for rep in reps], dtype=float)[None, :, :] * scale
    return SimpleNamespace(rep_ids=reps, total_pay=lambda: pay)


@pytest.fixture
def run() -> pipeline.Run:
    reps = pd.DataFrame(
        {
            "rep_id": list(PAY),
            "role": ["new_business"] * 6,
            "region": ["East", "East", "West", "West", "West", "East"],
            "team": ["T1", "T1", "T2", "T2", "T2", "T1"],
        }
    )
    evaluations = {
        "current": SimpleNamespace(result=_result(0)),
        "alternative": SimpleNamespace(result=_result(1)),
        "generous": SimpleNamespace(result=_result(0, scale=1.1)),
    }
    return pipeline.Run(
        baseline="current",
        plans=["alternative", "generous"],
        scenarios={},
        sources={},
        outcomes=SimpleNamespace(reps=reps),
        evaluations=evaluations,
        tables={},
        settings=pipeline.RunSettings(source="actuals"),
    )


def test_keep_whole_table_flags_reps_losing_more_than_5pct_sorted_by_loss(run):
    table = present.keep_whole_table(run, "alternative")
    assert list(table["rep_id"]) == ["A", "C", "F", "B", "D", "E"]
    assert list(table["loses_over_threshold"]) == [True, True, False, False, False, False]
    assert table["change"].tolist() == [-200, -60, -100, -80, 100, 300]
    assert table["pct_change"].iloc[:4].tolist() == pytest.approx([-10, -6, -5, -4])
    assert np.isnan(table.loc[table["rep_id"] == "D", "pct_change"]).all()
    assert table["keep_whole_top_up"].tolist() == [200, 60, 0, 0, 0, 0]
    assert table.loc[0, "region"] == "East" and table.loc[1, "team"] == "T2"


def test_keep_whole_figures_and_sentence(run):
    figures = present.keep_whole_figures(present.keep_whole_table(run, "alternative"))
    assert figures == {
        "reps": 6,
        "reps_losing_over_threshold": 2,
        "keep_whole_cost": 260.0,
        "keep_whole_cost_pct_of_current": pytest.approx(2.6),  # 260 / 10,000
        "reps_losing_any": 4,
        "top_up_every_loser": 440.0,
        "net_change": -40.0,
    }
    assert present.keep_whole_sentence(figures, "alternative", "current", currency="EUR") == (
        "Replayed on the actual results, 2 of 6 reps would lose more than 5% of their pay "
        "under alternative; keeping them whole (paying each the difference to current) "
        "costs 260 EUR."
    )
    nobody = present.keep_whole_figures(present.keep_whole_table(run, "generous"))
    assert nobody["reps_losing_over_threshold"] == 0 and nobody["keep_whole_cost"] == 0
    assert "nobody needs to be kept whole" in present.keep_whole_sentence(nobody, "generous", "x")


def test_losers_table_and_words_show_only_the_reps_to_keep_whole(run):
    table = present.keep_whole_table(run, "alternative")
    losers = present.keep_whole_losers(table, "EUR")
    assert list(losers["rep"]) == ["A", "C"]
    assert list(losers["change (%)"]) == ["-10.0%", "-6.0%"]
    assert list(losers["keep-whole top-up (EUR)"]) == ["200", "60"]
    words = present.keep_whole_words(present.keep_whole_figures(table), "EUR")
    assert words[0] == (
        "Keeping whole the 2 reps who lose more than 5% costs 260 EUR (2.6% of today's pay bill)."
    )
    assert words[1].startswith("4 of 6 reps lose something; topping every one of them up")


def test_keep_whole_by_plan_gives_one_row_per_plan_and_the_comparison_sentence(run, tmp_path):
    by_plan = present.keep_whole_by_plan(run)
    assert list(by_plan["plan"]) == ["alternative", "generous"]
    assert list(by_plan["reps_losing_over_threshold"]) == [2, 0]
    assert list(by_plan["keep_whole_cost"]) == [260.0, 0.0]
    rows = present.keep_whole_plan_rows(by_plan, "EUR")
    assert list(rows["reps losing > 5%"]) == ["2 of 6", "0 of 6"]
    assert present.keep_whole_comparison_sentence(by_plan, "EUR") == (
        "Replayed on the actual results, alternative would need the largest keep-whole "
        "budget: 2 of 6 reps lose more than 5%, 260 EUR to keep them whole; no rep loses "
        "more than 5% under generous."
    )
    written = pd.read_csv(save_keep_whole(run, tmp_path, run.plans))
    assert (
        len(written) == 12 and written.loc[written["plan"] == "alternative", "change"].sum() == -40
    )


def test_keep_whole_chart_marks_the_losers_and_states_the_finding(run):
    table = present.keep_whole_table(run, "alternative")
    figure = charts.keep_whole_chart(table, "alternative", "current", currency="EUR")
    axes = figure.axes[0]
    assert axes.get_title(loc="left").replace("\n", " ") == (
        "2 of 6 reps would lose more than 5% under Alternative; keeping them whole costs 260 EUR"
    )
    bars = axes.patches[:5]  # D (no % change) is not drawn
    assert [round(b.get_height(), 6) for b in bars] == [-10, -6, -5, -4, 10]
    vermillion = matplotlib.colors.to_rgba(charts.OKABE_ITO["vermillion"])
    assert [b.get_facecolor() == vermillion for b in bars] == [True, True, False, False, False]
    assert any(line.get_ydata()[0] == -5 for line in axes.get_lines())
    assert "%" in axes.get_ylabel()
    plans = charts.keep_whole_plans_chart(present.keep_whole_by_plan(run), "EUR")
    assert "Alternative needs the largest keep-whole budget: 260 EUR for 2 reps" in (
        plans.axes[0].get_title(loc="left").replace("\n", " ")
    )


def test_calibration_summary_states_the_tolerance_reached():
    fits = pd.DataFrame(
        {"quantity": ["win_rate", "x"], "population_field": ["roles.a.win_rate", None]}
    )
    diagnostics = pd.DataFrame(
        {
            "moment": ["revenue_per_rep_month", "win_rate", "deals_won_per_rep_month"],
            "actual": [100.0, 0.5, 10.0],
            "simulated": [104.0, 0.45, 1.0],
            "relative_difference": [0.04, -0.1, -0.9],
        }
    )
    cost = pd.DataFrame(
        {
            "component": ["commission", "total"],
            "replay_per_seat_month": [40.0, 1000.0],
            "simulated_per_seat_month": [60.0, 1050.0],
            "relative_difference": [0.5, 0.05],
            "note": ["", ""],
        }
    )
    check = calibrate.CalibrationCheck(
        source="crm",
        calibration=SimpleNamespace(fits=fits, source="crm"),
        scenario=None,
        actual=None,
        simulated=SimpleNamespace(shape=(20, 30, 10)),
        diagnostics=diagnostics,
        cost=cost,
        notes=["gap one", "gap two"],
        unmapped=["x"],
        simulations=20,
        seed=3,
    )
    summary = calibrate.calibration_summary(check, "EUR")
    assert summary.moments_within == 2 and summary.moments_targeted == 2  # 10% is within
    assert summary.cost_ok and summary.cost_gap == pytest.approx(0.05)
    assert summary.fitted == 1 and summary.figures["Targeted figures within 10%"] == "2 of 2"
    assert (
        summary.cost_sentence
        == summary.sentences[2]
        == (
            "Cost check: the baseline plan pays 1,000 EUR per rep and month on the replayed actuals "
            "and 1,050 EUR on the calibrated simulation (+5.0%), within the 6% tolerance."
        )
    )
    assert "largest gap is win rate (-10.0%)" in summary.moments_sentence
    moments = calibrate.moment_table(check)
    assert list(moments["check"]) == [
        "within 10%",
        "within 10%",
        "not targeted: OUTSIDE 10% (see known gaps)",
    ]
    notes = calibrate.cost_check_table(check, "EUR")["note"].tolist()
    assert notes == ["under 5% of pay; rests on a few awards, so it varies a lot", ""]
    worse = calibrate.CalibrationCheck(
        **{**check.__dict__, "cost": cost.assign(relative_difference=0.07)}
    )
    assert "OUTSIDE the 6% tolerance" in calibrate.calibration_summary(worse).cost_sentence


def _maven_data() -> Path:
    for folder in (MAVEN_COPY, MAVEN_SHARED):
        if (folder / "sales_pipeline.csv").is_file():
            return folder
    pytest.skip(f"no Maven CRM export in {MAVEN_COPY} or {MAVEN_SHARED}")


@pytest.mark.slow
def test_report_on_actuals_writes_keep_whole_and_calibration_reports(tmp_path, capsys):
    """End to end: one plan, the comparison and the calibration report (about 25 s)."""
    from salesperf_model.cli import main

    data = _maven_data()
    out = tmp_path / "reports"
    code = main(
        [
            "report",
            str(ROOT / "scenarios" / "flat_commission.yaml"),
            "--actuals",
            str(MAVEN_MAPPING),
            "--data-dir",
            str(data),
            "--calibration-sims",
            "8",
            "--out",
            str(out),
            "--no-progress",
            "--jobs",
            "3",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "3 of 3 reports written" in printed
    plan_page = (out / "flat-commission" / "report.html").read_text()
    assert re.search(r"\d+ of 35 reps would lose more than 5% of their pay", plan_page)
    assert "Keep whole: reps who would lose more than 5% under Flat 3.3% commission" in plan_page
    keep = pd.read_csv(out / "flat-commission" / "keep_whole.csv")
    assert len(keep) == 35 and set(keep["plan"]) == {"flat_commission"}
    assert keep["keep_whole_top_up"].ge(0).all()
    comparison = (out / "comparison" / "report.html").read_text()
    assert "Keep whole: reps who would lose more than 5% of their pay, by plan" in comparison
    calibration = (out / "calibration" / "report.html").read_text()
    assert "Cost check: the baseline plan pays" in calibration
    assert "Known gaps of the fit" in calibration
    index = (out / "index.html").read_text()
    assert 'href="calibration/report.html"' in index
    for page in (plan_page, comparison):
        # worded for one set of actuals, with the import's data problems, no empty slots
        assert "Appendix: validation report of the actual results" in page
        assert "possible duplicate" in page and "The real data behind these figures" in page
        assert "5-95% of simulations" not in page and "No frontier" not in page
        assert "Fairness cannot be measured" not in page and "<td>n/a</td>" not in page
        assert "Metrics not shown" in page and "true skill, which only a simulation knows" in page
    for page in (plan_page, comparison, calibration):
        assert "data:image/png;base64," in page
        alts = re.findall(r'<img[^>]* alt="([^"]*)"', page)
        assert alts and all(alt.startswith("Chart") for alt in alts), alts
        assert "run_comparison(" not in page and "import " not in page
        assert "calibration_check(" not in page and "hl-ipython3" not in page


def test_calibration_report_is_skipped_with_a_note_when_no_calibrated_scenario(tmp_path):
    from salesperf_model.commands.report import calibration_job

    args = SimpleNamespace(
        actuals=str(MAVEN_MAPPING),
        calibrated=str(tmp_path / "missing.yaml"),
        data_dir=None,
        calibration_sims=5,
        seed=None,
    )
    parameters, notes = calibration_job(args, ROOT / "scenarios" / "baseline.yaml")
    assert parameters is None and "calibration report skipped" in notes[0]
    default = calibration_job(
        SimpleNamespace(**{**args.__dict__, "calibrated": None}),
        ROOT / "scenarios" / "baseline.yaml",
    )[0]
    assert default["calibrated_path"] == str(ROOT / "calibration" / "maven_crm.yaml")
    # No --seed: the notebook falls back on the one default seed (schema.DEFAULT_SEED).
    assert default["simulations"] == 5 and default["seed"] is None
    # A revenue table has no deals to calibrate on: skipped with the reason, not a hint to
    # run `salesperf calibrate` (which refuses it).
    quarterly = str(ROOT / "mappings" / "quarterly_revenue.yaml")
    revenue = SimpleNamespace(**{**args.__dict__, "actuals": quarterly, "calibrated": None})
    parameters, notes = calibration_job(revenue, ROOT / "scenarios" / "baseline.yaml")
    assert parameters is None
    assert "calibration fits deals, so the calibration report is skipped" in notes[0]
    assert "salesperf calibrate" not in notes[0]


def test_index_and_summary_show_the_skip_note_escaped():
    from salesperf_model import report

    page = report.render_index([], "Reports", notes=["no calibrated scenario <x>.yaml"])
    assert '<p class="meta">Note: no calibrated scenario &lt;x&gt;.yaml</p>' in page
    batch = report.BatchResult(Path("out"), Path("out/index.html"), [], 0.0, notes=["skipped"])
    assert "note: skipped" in batch.summary()
