"""The views commercial compensation suites show: reps by attainment, the pay they meet at
each attainment, pay by month, regions and cost under sales scenarios, checked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from plan_result_fixture import FakePlanResult, make_outcomes

from salesperf_model.measure.attainment import attainment_bands, pay_by_attainment, rep_attainment
from salesperf_model.measure.cash_flow import payout_by_month
from salesperf_model.measure.regions import region_table
from salesperf_model.measure.sales_scenarios import cost_under_sales

ROOT = Path(__file__).resolve().parents[1]

#: Monthly attainment of 3 reps over 2 months in 2 simulations. Horizon attainment:
#: simulation 0: 0.5, 1.0, 1.5; simulation 1: 0.2, 0.9, 1.6.
ATTAINMENT = np.array(
    [
        [[0.4, 0.6], [1.0, 1.0], [2.0, 1.0]],
        [[0.2, 0.2], [0.9, 0.9], [1.6, 1.6]],
    ]
)


def _result(extra: dict[str, np.ndarray] | None = None) -> FakePlanResult:
    """Base salary 10 a month; commission 10 x monthly attainment. Horizon totals:
    simulation 0: 30, 40, 50; simulation 1: 24, 38, 52."""
    payouts = {"base_salary": np.full(ATTAINMENT.shape, 10.0), "commission": 10.0 * ATTAINMENT}
    return FakePlanResult(
        scenario_name="plan",
        payouts={**payouts, **(extra or {})},
        grades=np.zeros((2, 3, 1)),
        attainment=ATTAINMENT,
        review_of_month=np.zeros(2, dtype=int),
    )


@pytest.fixture
def outcomes():
    return make_outcomes(2, 3, 2, regions=["north", "south", "north"])


def test_rep_attainment_is_revenue_over_quota_over_the_horizon(outcomes):
    np.testing.assert_allclose(
        rep_attainment(_result(), outcomes), [[0.5, 1.0, 1.5], [0.2, 0.9, 1.6]]
    )


def test_attainment_bands_count_reps_and_pool_their_pay_by_hand(outcomes):
    table = attainment_bands(_result(), outcomes).set_index("band")
    assert list(table.index) == [
        "under 50%",
        "50% to 80%",
        "80% to 100%",
        "100% to 120%",
        "120% to 150%",
        "150% or more",
    ]
    # a band includes its lower edge: 0.5 is in 50-80%, 1.0 in 100-120%, 1.5 in 150%+
    np.testing.assert_allclose(table["reps"], [0.5, 0.5, 0.5, 0.5, 0.0, 1.0])
    np.testing.assert_allclose(table["reps_pct"], [100 / 6] * 4 + [0.0, 100 / 3])
    assert table.loc["150% or more", "pay_per_rep"] == pytest.approx((50 + 52) / 2)
    assert table.loc["150% or more", "variable_pay_per_rep"] == pytest.approx((30 + 32) / 2)
    assert table.loc["under 50%", "pay_per_rep"] == pytest.approx(24)
    assert np.isnan(table.loc["120% to 150%", "pay_per_rep"])


def test_pay_by_attainment_bins_pool_simulations(outcomes):
    table = pay_by_attainment(_result(), outcomes, step=0.5, top=2.0)
    np.testing.assert_allclose(table["attainment"], [0.25, 0.75, 1.25, 1.75])
    np.testing.assert_allclose(table["reps"], [1, 2, 1, 2])
    np.testing.assert_allclose(table["pay_mean"], [24, 34, 40, 51])
    np.testing.assert_allclose(table["pay_median"], [24, 34, 40, 51])
    with pytest.raises(ValueError, match="step must be > 0"):
        pay_by_attainment(_result(), outcomes, step=0.0)


def test_payout_by_month_places_each_bonus_in_its_pay_month():
    team = np.zeros(ATTAINMENT.shape)
    team[0, 0, 1] = 100.0  # one team award, paid in month 2 of simulation 0
    result = _result({"allowances": np.full(ATTAINMENT.shape, 5.0), "bonus_team_award": team})
    table = payout_by_month(result, ["2026-01", "2026-02"]).set_index("period")
    assert list(table.columns) == [
        "base pay and allowances",
        "commission",
        "team award bonus",
        "total",
        "share_of_year_pct",
        "cumulative",
    ]
    np.testing.assert_allclose(table["base pay and allowances"], [45, 45])
    np.testing.assert_allclose(table["commission"], [(34 + 27) / 2, (26 + 27) / 2])
    np.testing.assert_allclose(table["team award bonus"], [0, 50])
    np.testing.assert_allclose(table["total"], [75.5, 121.5])
    np.testing.assert_allclose(table["share_of_year_pct"], [100 * 75.5 / 197, 100 * 121.5 / 197])
    np.testing.assert_allclose(table["cumulative"], [75.5, 197])
    with pytest.raises(ValueError, match="3 labels for 2 months"):
        payout_by_month(result, ["a", "b", "c"])


def test_region_table_by_hand(outcomes):
    table = region_table(_result(), outcomes).set_index("region")
    assert list(table.index) == ["north", "south", "all"]  # largest pay first, then all
    north, south, every = table.loc["north"], table.loc["south"], table.loc["all"]
    assert (north["reps"], north["pay"], north["revenue_collected"]) == (2, 78, 400)
    assert north["pay_per_rep"] == pytest.approx(39)
    assert north["cost_of_sales_pct"] == pytest.approx((80 / 400 + 76 / 400) / 2 * 100)
    assert north["attainment_median"] == pytest.approx(1.0)  # of 0.5, 1.5, 0.2, 1.6
    assert north["at_quota_pct"] == pytest.approx(50)
    assert south["attainment_median"] == pytest.approx(0.95)
    assert south["at_quota_pct"] == pytest.approx(50)  # 1.0 counts as at quota
    assert every["pay"] == pytest.approx(117) and every["reps"] == 3
    assert every["cost_of_sales_pct"] == pytest.approx((120 / 600 + 114 / 600) / 2 * 100)


def _ten_percent_plan(outcomes, _scenario):
    """Base 10 a month plus 10% of collected revenue."""
    collected = outcomes.get("revenue_collected")
    return FakePlanResult(
        scenario_name="ten",
        payouts={"base_salary": np.full(outcomes.shape, 10.0), "commission": 0.1 * collected},
        grades=np.zeros((*outcomes.shape[:2], 1)),
        attainment=collected / outcomes.get("quota"),
        review_of_month=np.zeros(outcomes.shape[2], dtype=int),
    )


def test_cost_under_sales_scales_revenue_and_tests_the_cap_by_hand():
    from salesperf_model.loading import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    collected = np.array([100.0, 200.0])[:, None, None]  # simulation 1 sells twice as much
    outcomes = make_outcomes(2, 2, 2, measures={"revenue_collected_new": collected})
    table = cost_under_sales(
        scenario, outcomes, _ten_percent_plan, cost_of_sales_cap=0.19
    ).set_index("revenue_change_pct")
    # pay = 40 + 40 f (simulation 0) and 40 + 80 f (simulation 1); revenue 400 f and 800 f
    np.testing.assert_allclose(table.index, [-10, 0, 10])
    np.testing.assert_allclose(table["total_pay"], [(76 + 112) / 2, 100, (84 + 128) / 2])
    np.testing.assert_allclose(table["revenue_collected"], [540, 600, 660])
    np.testing.assert_allclose(
        table["cost_of_sales_pct"],
        [50 * (76 / 360 + 112 / 720), 50 * (80 / 400 + 120 / 800), 50 * (84 / 440 + 128 / 880)],
    )
    np.testing.assert_allclose(table["over_cap_pct"], [50, 50, 50])  # only simulation 0
    no_cap = cost_under_sales(scenario, outcomes, _ten_percent_plan)
    assert no_cap["over_cap_pct"].isna().all()


def test_cost_under_sales_of_the_baseline_plan_grows_with_sales_and_cost_of_sales_falls():
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.pipeline import outcomes_for

    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    outcomes = outcomes_for(scenario, reps=60, periods=12, simulations=4, seed=3)
    table = cost_under_sales(scenario, outcomes, run_plan, cost_of_sales_cap=0.12)
    assert table["total_pay"].is_monotonic_increasing
    assert table["cost_of_sales_pct"].is_monotonic_decreasing  # base pay is fixed
    as_simulated = run_plan(outcomes, scenario).total_pay().sum(axis=(1, 2)).mean()
    assert table.loc[1, "total_pay"] == pytest.approx(as_simulated)
