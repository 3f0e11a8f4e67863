"""Tests for the calibration: estimators on hand-computed cases, and the Maven fit end to end."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.actuals import outcomes_from_deals, read_actuals
from salesperf_model.calibrate import (
    calibrate,
    cost_comparison,
    fit_censored_exponential,
    fit_diagnostics,
    fit_lognormal,
    fit_negative_binomial,
    fit_win_rate,
    icc_consistency,
    like_actuals,
    plot_fit,
    refine_territory_sigma,
    seasonality_index,
    simulate_calibrated,
    write_calibrated_scenario,
)
from salesperf_model.loading import load_scenario

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = REPO / "mappings" / "maven_crm.yaml"
MAVEN_DATA = REPO / "tests" / "data" / "maven_crm"


def test_lognormal_mle_is_the_mean_and_sd_of_the_logs():
    fit = fit_lognormal(np.exp([0.0, 1.0, 2.0]))
    assert fit["median"] == pytest.approx(math.e)
    assert fit["sigma"] == pytest.approx(math.sqrt(2 / 3))
    assert fit["n"] == 3


def test_win_rate_and_exact_interval():
    fit = fit_win_rate(63, 37)
    assert fit["value"] == 0.63 and fit["n"] == 100
    assert 0.52 < fit["low"] < 0.63 < fit["high"] < 0.73


def test_censored_exponential_counts_open_spells_as_exposure():
    # Two closed spells (10, 20 days), one still open after 30: 2 events in 60 days.
    fit = fit_censored_exponential(np.array([10.0, 20.0, 30.0]), np.array([True, True, False]))
    assert fit["mean"] == pytest.approx(30.0)
    assert fit["low"] < 30 < fit["high"]


def test_negative_binomial_recovers_mean_and_dispersion():
    rng = np.random.default_rng(7)
    counts = rng.negative_binomial(5.0, 5.0 / (5.0 + 14.0), size=3000)
    fit = fit_negative_binomial(counts)
    assert fit["mean"] == pytest.approx(14.0, rel=0.05)
    assert fit["size"] == pytest.approx(5.0, rel=0.25)
    assert fit["lr_vs_poisson"] > 100


def test_icc_hand_computed_table():
    fit = icc_consistency(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]]))
    # MS reps 15.5, MS error 1.5, F = 31/3: ICC(3,1) = (F - 1) / (F + 1).
    assert fit["icc"] == pytest.approx((31 / 3 - 1) / (31 / 3 + 1))
    assert fit["between_rep_variance"] == pytest.approx(7.0)
    assert fit["period_noise_variance"] == pytest.approx(1.5)
    assert fit["icc_mean_of_periods"] == pytest.approx(1 - 3 / 31)
    assert fit["low"] < fit["icc"] < fit["high"]


@settings(max_examples=30, deadline=None)
@given(
    arrays(np.float64, (6, 5), elements=st.floats(-10, 10)),
    arrays(np.float64, (5,), elements=st.floats(-100, 100)),
)
def test_icc_ignores_common_period_effects(table, period_effect):
    if np.ptp(table - table.mean(axis=1, keepdims=True) - table.mean(axis=0)) < 1e-3:
        return  # no residual variation: ICC undefined
    plain = icc_consistency(table)
    shifted = icc_consistency(table + period_effect)
    assert shifted["icc"] == pytest.approx(plain["icc"], abs=1e-6)


def test_seasonality_index_averages_one_with_unobserved_months_at_one():
    index, observed = seasonality_index(
        pd.Series([2.0, 1.0, 1.0], index=["2017-03", "2017-04", "2017-05"])
    )
    assert observed == [3, 4, 5]
    assert index[2:5] == pytest.approx([1.5, 0.75, 0.75])
    assert index[0] == 1.0 and np.mean(index) == pytest.approx(1.0)


@pytest.fixture(scope="module")
def maven():
    actuals = read_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    outcomes = outcomes_from_deals(actuals)
    return actuals, outcomes, calibrate(actuals, outcomes)


def test_maven_fits_match_direct_counts(maven):
    _, _, calibration = maven
    pipeline = pd.read_csv(MAVEN_DATA / "sales_pipeline.csv")
    assert calibration.value("win_rate") == pytest.approx(4238 / (4238 + 2473))
    accounts = pd.read_csv(MAVEN_DATA / "accounts.csv")
    big = accounts.nlargest(22, "revenue")["account"]
    won = pipeline[pipeline["deal_stage"] == "Won"]
    share = won.loc[won["account"].isin(big), "close_value"].sum() / won["close_value"].sum()
    assert calibration.value("big_account_revenue_share") == pytest.approx(share)
    assert calibration.value("deals_won_per_rep_month") == pytest.approx(4238 / 300, rel=1e-3)
    assert calibration.value("deal_size_all_median") == pytest.approx(
        math.exp(np.log(won["close_value"] * 6.75).mean())
    )
    assert 0 < calibration.value("repeatability_icc") < 1
    assert calibration.simulation == {"reps": 30, "periods": 10, "start_period": "2017-03"}


def test_maven_population_section_uses_only_existing_fields(maven):
    _, _, calibration = maven
    population = calibration.population
    assert population["role_shares"]["new_business"] == 1.0
    assert sum(population["role_shares"].values()) == 1.0
    assert [r["name"] for r in population["regions"]] == ["Central", "East", "West"]
    assert population["roles"]["new_business"]["win_rate"] == pytest.approx(0.631501, abs=1e-6)
    assert len(population["market"]["seasonality"]) == 12
    assert "repeatability_icc" in calibration.unmapped and "order_size_cv" in calibration.unmapped


def test_written_scenario_extends_the_baseline_and_validates(maven, tmp_path):
    _, _, calibration = maven
    path = write_calibrated_scenario(
        calibration,
        tmp_path / "scenarios" / "calibrated.yaml",
        baseline=REPO / "scenarios" / "baseline.yaml",
    )
    data = yaml.safe_load(path.read_text())
    assert (
        Path(tmp_path / "scenarios" / data["extends"]).resolve()
        == (REPO / "scenarios" / "baseline.yaml").resolve()
    )
    scenario = load_scenario(path)
    assert scenario.population.roles["new_business"].win_rate == pytest.approx(0.631501, abs=1e-6)
    assert scenario.simulation.reps == 30 and scenario.simulation.start_period == "2017-03"
    assert scenario.population.collections.lag_shares == [1.0]
    assert scenario.pay == load_scenario(REPO / "scenarios" / "baseline.yaml").pay
    assert path.with_suffix(".json").exists()


def test_calibrated_simulation_reproduces_the_revenue_level(maven):
    """Tolerance: revenue per rep-month and attainment within 10%, win rate within 3 points.
    Revenue comes from the fitted book and orders (set to reproduce the window's mean), so
    10% allows for 20 simulations of 30 reps and the seasonality of a 10-month window."""
    _, outcomes, calibration = maven
    simulated = simulate_calibrated(calibration, simulations=20, seed=3)
    table = fit_diagnostics(calibration, outcomes, simulated).set_index("moment")
    assert abs(table.loc["revenue_per_rep_month", "relative_difference"]) < 0.10
    assert abs(table.loc["attainment_mean", "relative_difference"]) < 0.10
    assert abs(table.loc["win_rate", "simulated"] - table.loc["win_rate", "actual"]) < 0.03
    figure = plot_fit(calibration, simulated)
    assert len(figure.axes) == 6
    assert len(plot_fit(calibration).axes) == 6  # actual distributions alone


def test_cli_calibrate_writes_a_valid_scenario(tmp_path, capsys, monkeypatch):
    from salesperf_model.cli import main

    monkeypatch.chdir(REPO)
    out = tmp_path / "calibrated.yaml"
    code = main(
        [
            "calibrate",
            str(MAVEN_MAPPING),
            "--data-dir",
            str(MAVEN_DATA),
            "--out",
            str(out),
            "--refine",
            "0",
        ]
    )
    assert code == 0
    assert load_scenario(out).population.role_shares["new_business"] == 1.0
    assert "Fitted but not in the population model" in capsys.readouterr().out


def test_calibrate_run_outside_the_repository_extends_the_shipped_baseline(
    tmp_path, monkeypatch, capsys
):
    """The default --baseline was relative to the folder run from: 'file not found'."""
    from salesperf_model.cli import main

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "calibrated.yaml"
    argv = ["calibrate", str(MAVEN_MAPPING), "--data-dir", str(MAVEN_DATA), "--out", str(out)]
    assert main([*argv, "--refine", "0"]) == 0
    shipped = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
    assert (tmp_path / yaml.safe_load(out.read_text())["extends"]).resolve() == shipped


def test_replay_and_calibrated_simulation_cost_the_same_plan_alike(maven):
    """Tolerance: total pay per seat-month within 6% when the simulation is paid on the
    measures the actuals have (like for like). Measured 0.5-4% over three plans and two
    seeds; the rest is between-rep dispersion the population cannot express (order sizes
    fitted to one log-normal sigma) and 20 simulations of 30 reps."""
    from salesperf_model.engine import run_plan

    _, outcomes, calibration = maven
    scenario = load_scenario(REPO / "scenarios" / "baseline.yaml")
    simulated = simulate_calibrated(calibration, simulations=20, seed=3)
    table = cost_comparison(
        run_plan(outcomes, scenario),
        outcomes,
        run_plan(like_actuals(simulated, outcomes), scenario),
    ).set_index("component")
    assert table.loc["base_salary", "relative_difference"] == 0
    assert abs(table.loc["commission", "relative_difference"]) < 0.10
    assert abs(table.loc["total", "relative_difference"]) < 0.06
    unlike = cost_comparison(run_plan(outcomes, scenario), outcomes, run_plan(simulated, scenario))
    assert (
        "measures the export lacks"
        in unlike.set_index("component").loc["bonus_profit_share", "note"]
    )


def test_refined_territory_sigma_matches_the_between_rep_spread(maven):
    _, _, calibration = maven
    refined = refine_territory_sigma(calibration, simulations=8, seed=11)
    sigma = refined.value("territory_potential_sigma")
    assert refined.population["territory"]["potential_sigma"] == pytest.approx(sigma, abs=1e-6)
    assert (
        calibration.population["territory"]["potential_sigma"]
        != refined.population["territory"]["potential_sigma"]
    )
    simulated = simulate_calibrated(refined, simulations=8, seed=11)
    revenue = np.log1p(simulated.get("revenue_booked"))
    between = np.mean(
        [math.sqrt(icc_consistency(revenue[s])["between_rep_variance"]) for s in range(8)]
    )
    assert between == pytest.approx(calibration.value("between_rep_log_sd"), abs=0.01)


def test_an_export_without_engage_dates_is_refused_naming_the_key(tmp_path, capsys):
    """'no closed spells: the stage duration cannot be estimated' named neither the
    mapping nor what it lacks."""
    from salesperf_model.cli import main

    root = Path(__file__).resolve().parents[1]
    code = main(
        [
            "calibrate",
            str(root / "mappings" / "won_deals.yaml"),
            "--data-dir",
            str(root / "tests" / "data" / "imports" / "won_deals"),
            "--out",
            str(tmp_path / "calibrated.yaml"),
            "--baseline",
            str(root / "scenarios" / "baseline.yaml"),
        ]
    )
    said = capsys.readouterr().out
    assert code == 2 and "won_deals.yaml: the export cannot be calibrated from" in said
    assert "opportunities.columns.engage_date" in said
    assert not (tmp_path / "calibrated.yaml").exists()
