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
