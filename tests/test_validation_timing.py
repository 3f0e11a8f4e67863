"""Deal-timing findings reproduced by paired experiments (same seed, common random numbers,
only the plan differs): Oyer (1998) year-end bunching and Larkin (2014) timing discounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesperf_model.loading import load_scenario
from salesperf_model.validation.timing import (
    MIN_STANDARD_ERRORS,
    TimingFinding,
    larkin_discounts,
    oyer_year_end,
)

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"


@pytest.fixture(scope="module")
def oyer() -> TimingFinding:
    return oyer_year_end(load_scenario(BASELINE))


@pytest.fixture(scope="module")
def larkin() -> TimingFinding:
    return larkin_discounts(load_scenario(BASELINE))


def test_oyer_bookings_bunch_at_the_fiscal_year_end_under_a_quota_bonus(
    oyer: TimingFinding,
) -> None:
    # December's share minus January's rises against the linear plan of equal cost, by a
    # bunching of 0.2 to 5 percentage points, beyond 3 Monte Carlo standard errors
    assert oyer.direction_matches and oyer.size_matches
    assert 0.002 <= oyer.ours <= 0.05
    assert oyer.ours > MIN_STANDARD_ERRORS * oyer.standard_error
    assert oyer.reproduced
    # the year's start thins: January's share falls against the linear plan
    assert oyer.detail["january_difference"] < -3 * oyer.detail["january_difference_se"]
    assert oyer.detail["pulled_deals_linear"] == 0


def test_larkin_accelerating_quarterly_commissions_lose_revenue_to_discounts(
    larkin: TimingFinding,
) -> None:
    # direction: the accelerator loses more to discounts than the linear plan (paired,
    # beyond 3 standard errors) and the linear plan loses under 1%
    assert larkin.direction_matches
    assert larkin.detail["difference"] > MIN_STANDARD_ERRORS * larkin.detail["difference_se"]
    assert larkin.detail["lost_linear"] < 0.01
    assert larkin.ours > MIN_STANDARD_ERRORS * larkin.standard_error


def test_larkin_loses_about_half_the_published_six_to_eight_percent(larkin: TimingFinding) -> None:
    # reps weigh the whole batch they can pull (two quarters' reach of controlled deals,
    # across the accelerator's edge) at a 14% discount: 3.3% +- 0.07% at 200 reps x 16
    # (3.2% and 3.3% on seeds 1 and 7), within a factor of two of 6-8%, the linear plan 0
    assert 0.03 <= larkin.ours <= 0.05
    assert larkin.size_matches and larkin.reproduced
    # bookings bunch into the quarter-end months against the linear plan (40% vs 35%)
    quarter_end = larkin.detail["quarter_end_share_accelerating"]
    assert quarter_end > larkin.detail["quarter_end_share_linear"] + 0.03
