"""On actual results (a replay) the report pages speak of facts: no figure is a "mean over
simulations", "as simulated" or given with a "95% interval", while simulated runs keep
their words. The Maven CRM replay read "Commission by product line (... mean over
simulations)" and chart alt texts "as simulated"."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from commission_fixture import outcomes_of, scenario_with

from salesperf_model import pipeline
from salesperf_model.loading import load_scenario
from salesperf_model.pipeline import pay_and_compare
from salesperf_model.pipeline.plans import Plans
from salesperf_model.present import plain_words
from salesperf_model.present.cost_drivers import never_paid_notes
from salesperf_model.present.deferred import vesting_html
from salesperf_model.present.equity_words import pay_equity_rows
from salesperf_model.present.summary_notes import pay_equity_warnings
from salesperf_model.present.verdict_ranking import ranking_caption
from salesperf_model.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]
ACTUALS = pipeline.RunSettings(source="actuals", simulations=1, reps=35, periods=12)


def test_the_ranking_caption_gives_no_interval_and_no_close_call_on_actual_results():
    ranked = pd.DataFrame({"plan": ["steep"], "rank": [1], "rule": ["recommended"]})
    simulated = ranking_caption(ranked)
    assert simulated == (
        "Plans that meet the decision rule come first, then those too close to call, then "
        "those that fail it; within each group, by what the company keeps against the "
        "baseline (revenue change minus pay change, with its 95% interval); plans within "
        "the Monte Carlo error of each other share a rank."
    )
    assert ranking_caption(ranked, replay=True) == (
        "Plans that meet the decision rule come first, then those that fail it; within each "
        "group, by what the company keeps against the baseline (revenue change minus pay "
        "change, on the actual results); plans whose figures are equal share a rank."
    )


def _clawback_run(settings: pipeline.RunSettings | None = None) -> pipeline.Run:
    """Commission on bookings with and without a clawback that never fires."""
    flat = [{"from_attainment": 0.0, "rate": 0.03}]

    def plan(name: str, **pay) -> Scenario:
        data = scenario_with(tiers=flat, base="booked").model_dump(by_alias=True)
        data["pay"].update(pay)
        data["name"], data["title"] = name, name.capitalize()
        return Scenario.model_validate(data)

    scenarios = {
        "booked": plan("booked"),
        "clawback": plan("clawback", clawback={"window_months": 6, "share": 1.0}),
    }
    plans = Plans(baseline="booked", scenarios=scenarios, sources={k: "" for k in scenarios})
    run = pay_and_compare(plans, outcomes_of(np.full((1, 12), 100_000.0)), variants=False)
    return dataclasses.replace(run, settings=settings) if settings else run


def test_a_component_that_pays_nothing_on_actual_results_is_not_said_of_simulations():
    simulated = never_paid_notes(_clawback_run(), "clawback")
    assert simulated[0].startswith("The clawback takes back nothing in any simulation")
    (note,) = never_paid_notes(_clawback_run(ACTUALS), "clawback")
    assert note == (
        "The clawback takes back nothing on the actual results: no deal in them was "
        "cancelled after commission had been paid on it within the clawback window"
    )


def _vesting_run(settings: pipeline.RunSettings | None = None) -> SimpleNamespace:
    rows = [
        {
            "plan": "deferred",
            "component": "deferred_equity",
            "year": year,
            "after_horizon": year != "2026",
            "flow": flow,
            "mean": value,
        }
        for year in ("2026", "2027")
        for flow, value in (("earned", 12_000.0), ("forfeited", 0.0), ("vesting", 6_000.0))
    ]
    return SimpleNamespace(
        tables={"deferred_vesting": pd.DataFrame(rows)},
        settings=settings or pipeline.RunSettings(),
    )


def test_the_deferred_pay_heading_says_actual_results_on_a_replay():
    simulated = vesting_html(_vesting_run(), "deferred", "CNY", title="Deferred plan")
    assert "<h3>Deferred pay by year, Deferred plan (CNY, mean over simulations)</h3>" in simulated
    replay = vesting_html(_vesting_run(ACTUALS), "deferred", "CNY", title="Deferred plan")
    assert "<h3>Deferred pay by year, Deferred plan (CNY, the actual results)</h3>" in replay
    assert "simulation" not in replay


def _equity(mean: float) -> dict:
    """One gap on one set of actual results: its 5-95% range is the figure itself."""
    return {
        "plan": "steep",
        "category": "all",
        "measure": "gender_pay_gap_mean",
        "unit": "% of male",
        "mean": mean,
        "p5": mean,
        "p95": mean,
        "reference_reps": 20,
        "comparison_reps": 15,
    }


def test_a_pay_gap_on_actual_results_is_a_fact_not_clear_of_noise():
    table = pd.DataFrame([_equity(-7.9), _equity(2.0)])
    simulated = pay_equity_rows(table)
    assert "5-95% range" in simulated.columns
    assert (
        simulated["reading"].iloc[0]
        == "women paid 7.9% more than men: 5% or more and clear of the noise"
    )
    replay = pay_equity_rows(table, replay=True)
    assert "5-95% range" not in replay.columns and "mean" not in replay.columns
    assert list(replay["figure"]) == ["-7.9", "2.0"]
    assert list(replay["reading"]) == [
        "women paid 7.9% more than men: 5% or more",
        "women paid 2.0% less than men",
    ]
    assert list(replay["flag (5% or more)"]) == ["FLAG", ""]
    (warning,) = pay_equity_warnings(table, replay=True)
    assert warning[0] == (
        "Pay equity: among all reps, women paid 7.9% more than men on average, a gap of 5% "
        "or more on the actual results, which triggers a joint pay assessment (EU Directive "
        "2023/970)"
    )
    (simulated_warning,) = pay_equity_warnings(table)
    assert "clear of the simulation noise" in simulated_warning[0]


def test_the_plan_s_consequences_are_not_called_simulated_on_a_replay():
    scenario = load_scenario(ROOT / "scenarios" / "steep_accelerator.yaml")
    simulated = next(w for w in plain_words(scenario) if w.startswith("Consequences"))
    assert simulated.startswith("Consequences (simulated when reps respond to the plan): ")
    replay = next(w for w in plain_words(scenario, replay=True) if w.startswith("Consequences"))
    assert replay.startswith(
        "Consequences (not in these figures: the actual results do not respond to the plan): "
    )
    assert replay.split("): ", 1)[1] == simulated.split("): ", 1)[1]


MAVEN = [ROOT / "tests" / "data" / "maven_crm", ROOT.parent / "shared" / "data" / "maven_crm"]
#: Words that on one set of actual results would call a fact a simulation's figure.
SIMULATION_WORDS = re.compile(
    r"mean over simulations|as simulated|rep-simulations|95% interval|Mean pay by component|"
    r"Mean total pay"
)


@pytest.mark.slow
def test_the_replay_pages_call_no_fact_simulated(tmp_path, capsys):
    """End to end on the Maven CRM export (35 reps): the plan's page and the comparison."""
    from salesperf_model.cli import main

    data = next((d for d in MAVEN if (d / "sales_pipeline.csv").is_file()), None)
    if data is None:
        pytest.skip(f"no Maven CRM export in {MAVEN[0]} or {MAVEN[1]}")
    out = tmp_path / "reports"
    code = main(
        [
            "report",
            str(ROOT / "scenarios" / "steep_accelerator.yaml"),
            "--actuals",
            str(ROOT / "mappings" / "maven_crm.yaml"),
            "--data-dir",
            str(data),
            "--no-validation",
            "--calibration-sims",
            "8",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    plan_page = (out / "steep-accelerator" / "report.html").read_text()
    comparison = (out / "comparison" / "report.html").read_text()
    for page in (plan_page, comparison):
        assert not SIMULATION_WORDS.findall(page), SIMULATION_WORDS.findall(page)
        alts = re.findall(r'<img[^>]* alt="([^"]*)"', page)
        pay = next(alt for alt in alts if "yearly pay" in alt)
        assert "band of yearly attainment on the actual results" in pay
        assert "with sales 10% lower, as recorded and 10% higher" in " ".join(alts)
    assert "Commission by product line (CNY, whole period, the actual results)" in plan_page
    assert "Pay by component (CNY, whole period, the actual results)" in plan_page
    assert "Consequences (not in these figures" in plan_page
