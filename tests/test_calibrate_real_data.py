"""Calibration on the real Maven export: figures a tester found wrong, hand-worked with
pandas from the CSV the fit reads (tests/data/maven_crm, a copy of shared/data/maven_crm)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.actuals import outcomes_from_deals, read_actuals
from salesperf_model.calibrate import calibrate, fit_diagnostics, simulate_calibrated

REPO = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = REPO / "mappings" / "maven_crm.yaml"
MAVEN_DATA = REPO / "tests" / "data" / "maven_crm"


@pytest.fixture(scope="module")
def pipeline() -> pd.DataFrame:
    return pd.read_csv(MAVEN_DATA / "sales_pipeline.csv", parse_dates=["engage_date", "close_date"])


@pytest.fixture(scope="module")
def maven():
    actuals = read_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    outcomes = outcomes_from_deals(actuals)
    return actuals, outcomes, calibrate(actuals, outcomes)


def test_the_cycle_leaves_out_open_deals_older_than_any_close(maven, pipeline):
    """The 1,589 'Engaging' deals were right-censored as live negotiations, 1,078 of them
    open longer than any deal ever took to close (138 days): the cycle came out at 83.4
    days against the 48.0 the 6,711 closed deals take."""
    closed = pipeline[pipeline["deal_stage"].isin(["Won", "Lost"])]
    closed_days = (closed["close_date"] - closed["engage_date"]).dt.days
    assert len(closed) == 6711 and closed_days.mean() == pytest.approx(47.985, abs=1e-3)
    longest = closed_days.max()
    assert longest == 138
    window_start, window_end = pd.Timestamp("2017-03-01"), pd.Timestamp("2017-12-31")
    engaged = pipeline[
        (pipeline["engage_date"] >= window_start)
        & pipeline["deal_stage"].isin(["Won", "Lost", "Engaging"])
    ]
    is_closed = engaged["deal_stage"].isin(["Won", "Lost"])
    days = (engaged["close_date"].where(is_closed, window_end) - engaged["engage_date"]).dt.days
    abandoned = ~is_closed & (days > longest)
    assert abandoned.sum() == 1078 and (~is_closed & ~abandoned).sum() == 298
    kept = days[~abandoned]
    expected = np.maximum(kept, 0.5).sum() / is_closed.sum()  # events / exposure
    assert expected == pytest.approx(46.08, abs=0.01)

    _, _, calibration = maven
    assert calibration.value("negotiation_days") == pytest.approx(expected)
    assert calibration.value("negotiation_months") == pytest.approx(expected / (365.25 / 12))
    assert any(
        "1,078 deals still open" in note and "138 days" in note for note in calibration.notes
    )


def test_the_check_compares_the_sales_cycle(maven, pipeline):
    """The check had no cycle moment, so a 2x miss in the cycle was invisible."""
    _, outcomes, calibration = maven
    simulated = simulate_calibrated(calibration, simulations=3, seed=3)
    table = fit_diagnostics(calibration, outcomes, simulated).set_index("moment")
    closed = pipeline[pipeline["deal_stage"].isin(["Won", "Lost"])]
    actual = (closed["close_date"] - closed["engage_date"]).dt.days.mean()
    assert table.loc["negotiation_days", "actual"] == pytest.approx(actual)
    realised = simulated.meta["realised_stage_months"]["new_business"]["negotiation"]
    assert table.loc["negotiation_days", "simulated"] == pytest.approx(realised * 365.25 / 12)
    assert abs(table.loc["negotiation_days", "relative_difference"]) < 0.10


def _icc_by_hand(table: np.ndarray) -> tuple[float, float]:
    """ICC(3,1) and the between-rep variance of a reps x months table (Shrout & Fleiss)."""
    n, k = table.shape
    grand = table.mean()
    rep_means, month_means = table.mean(axis=1), table.mean(axis=0)
    ms_reps = k * ((rep_means - grand) ** 2).sum() / (n - 1)
    residual = table - rep_means[:, None] - month_means[None, :] + grand
    ms_error = (residual**2).sum() / ((n - 1) * (k - 1))
    return (ms_reps - ms_error) / (ms_reps + (k - 1) * ms_error), (ms_reps - ms_error) / k


def _copy_export(tmp_path: Path, pipeline: pd.DataFrame) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ["accounts.csv", "products.csv", "sales_teams.csv"]:
        (folder / name).write_bytes((MAVEN_DATA / name).read_bytes())
    pipeline.to_csv(folder / "sales_pipeline.csv", index=False)
    return folder


def test_a_seat_with_one_deal_does_not_set_the_spread_between_reps(tmp_path):
    """Anna Snelling left with one won deal (revenue in 1 of 10 months): log(1 + 0) in nine
    months against ~12 for everyone else made the lasting share of differences between
    reps 0.92 (0.44 without her) and the territory spread 2.15 log units (0.45)."""
    raw = pd.read_csv(MAVEN_DATA / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    anna = raw["sales_agent"] == "Anna Snelling"
    first_won = raw.index[anna & (raw["deal_stage"] == "Won")][0]
    single = raw[~anna | (raw.index == first_won)]
    actuals = read_actuals(MAVEN_MAPPING, data_dir=_copy_export(tmp_path, single), currency="CNY")
    calibration = calibrate(actuals, outcomes_from_deals(actuals))

    won = single[single["deal_stage"] == "Won"].assign(
        month=lambda d: d["close_date"].str[:7], amount=lambda d: d["close_value"].astype(float)
    )
    revenue = won.pivot_table(
        index="sales_agent", columns="month", values="amount", aggfunc="sum", fill_value=0
    ).drop(index="Anna Snelling")
    assert revenue.shape == (29, 10) and (revenue > 0).all().all()
    icc, between = _icc_by_hand(np.log1p(revenue.to_numpy() * 6.75))
    assert 0.40 < icc < 0.48
    assert calibration.value("repeatability_icc") == pytest.approx(icc)
    assert calibration.value("between_rep_log_sd") == pytest.approx(np.sqrt(between))
    assert calibration.value("territory_potential_sigma") < 0.6
    [note] = [n for n in calibration.notes if "Anna Snelling" in n]
    assert "1 seat with revenue in fewer than half" in note and "1 of 10 months" in note


def test_new_customers_bunched_in_the_first_month_are_a_known_gap(maven, pipeline):
    """84 of the 85 'new customers' (an account's first won deal in the export) fall in the
    export's first month: accounts that bought before it. The fit averaged them over 10
    months as a steady inflow without a word."""
    won = pipeline[pipeline["deal_stage"] == "Won"].dropna(subset=["account"])
    first = won.sort_values(["close_date", "opportunity_id"]).groupby("account").head(1)
    by_month = first["close_date"].dt.to_period("M").value_counts()
    assert len(first) == 85 and by_month[pd.Period("2017-03")] == 84
    later = len(first) - by_month[pd.Period("2017-03")]
    _, _, calibration = maven
    assert calibration.value("new_customer_deals_per_rep_month") == pytest.approx(85 / 300)
    [note] = [n for n in calibration.notes if "first month" in n]
    assert "84 of the 85 new customers (99%)" in note
    assert f"{later} in the 270 rep-months after it ({later / 270:.4f} per rep and month)" in note
    assert "0.283 per rep and month" in note
