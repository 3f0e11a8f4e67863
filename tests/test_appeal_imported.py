"""An appeal on an imported CRM export: the import derives collected cash from bookings
(the mapping's collection rule), so a booked correction is collected by the same rule; a
change that moves nothing paid or scored says so and names what the plan pays on; pay
moved for others (a shared team award) is counted on the console."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from salesperf_model.actuals import load_actuals
from salesperf_model.explore.appeal import appeal
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).parents[1]
BASELINE = load_scenario(ROOT / "scenarios" / "baseline.yaml")
REP = "Darcel Schlecht"


@pytest.fixture(scope="module")
def maven():
    outcomes, _report = load_actuals(
        ROOT / "mappings" / "maven_crm.yaml",
        data_dir=ROOT / "tests" / "data" / "maven_crm",
        currency="CNY",
    )
    return outcomes


def test_a_missed_deal_appealed_as_booked_revenue_is_collected_by_the_mapping_rule(maven):
    # Darcel Schlecht's November existing-customer bookings 729,121.50 CNY (108,018 USD at
    # 6.75) + a missed 100,000 CNY deal. Maven has no cash data: collected = booked in the
    # close month, so the 100,000 is collected in November too and commission (on collected
    # cash) moves: 169,180.46 -> 175,421.19 CNY in 2017-Q4, the same as appealing
    # revenue_collected_existing directly (+6,240.73). It was paid unchanged, silently.
    result = appeal(
        maven,
        BASELINE,
        rep_id=REP,
        measure="revenue_booked_existing",
        value=829121.5,
        period="2017-11",
    )
    assert result.before.total == pytest.approx(169180.46, abs=0.01)
    assert result.after.total == pytest.approx(175421.19, abs=0.01)
    summary = result.summary()
    assert (
        "revenue_collected_existing set with it to 829122 in 2017-11 (was 729122): the "
        "import derives collected from booked (mapping key collection_lag_months: 0)"
    ) in summary
    # nine other Central reps' shares of the team award fall, 240.73 CNY in all
    others = result.pay_changes.iloc[1:]
    assert len(others) == 9
    assert (others["pay_after"] - others["pay_before"]).sum() == pytest.approx(-240.73, abs=0.01)
    assert "9 other reps' pay over the data changed, by -240.73 CNY in total" in summary


def test_a_booked_change_on_cash_data_says_it_moves_nothing_paid(maven):
    # the same change where collected cash is data (an outcome table, a collections table):
    # commission is on collected cash and no KPI of a new_business rep reads existing-
    # customer bookings, so nothing moves, and the console says so and what the plan pays on
    meta = {k: v for k, v in maven.meta.items() if k != "cash_from_bookings"}
    result = appeal(
        replace(maven, meta=meta),
        BASELINE,
        rep_id=REP,
        measure="revenue_booked_existing",
        value=829121.5,
        period="2017-11",
    )
    assert result.after.total == result.before.total == pytest.approx(169180.46, abs=0.01)
    summary = result.summary()
    assert "revenue_collected_existing set with it" not in summary
    assert (
        "nothing paid or scored moved: plan 'baseline' pays commission on collected revenue "
        "(revenue_collected_new, revenue_collected_existing, revenue_collected_big)"
    ) in summary
    assert "revenue_booked_existing feeds none of a new_business rep's pay or KPIs" in summary
