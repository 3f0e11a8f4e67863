"""What a statement says beside its figures: KPIs the data could not score (left out, the
others scaled up), scores set by a floor or cap, awards pro-rated for months the data lack,
money targets with their currency, and no '-0.00'."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.actuals import load_actuals
from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.present.statement import rep_statement
from salesperf_model.report.statement_page import statement_html, value_text, write_statements

ROOT = Path(__file__).parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
LEFT_OUT = [
    "new_customer_conversion",
    "customer_visits",
    "response_time",
    "collaboration",
    "compliance",
    "product_knowledge",
    "negotiation",
    "learning",
    "customer_relationship",
]


def _plain(page: str) -> str:
    """The page's text with tags dropped and spaces run together."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


@pytest.fixture(scope="module")
def hand() -> tuple:
    """Two new-business reps' actuals, March-December 2026 (10 of 12 months): quota
    100,000 a month, new-customer revenue 130,000 (a1) and 90,000 (b2) a month, one new
    customer a month; no visits, ratings or other measures. The new-customer revenue
    target is the quota (x1)."""
    shape = (1, 2, 10)
    reps = pd.DataFrame(
        {
            "rep_id": ["a1", "b2"],
            "role": "new_business",
            "region": ["North", "South"],
            "region_tier": 1,
            "team": ["t1", "t2"],
            "group": "",
        }
    )
    rev = np.broadcast_to(np.array([130_000.0, 90_000.0])[None, :, None], shape).copy()
    measures = {
        "quota": np.full(shape, 100_000.0),
        "revenue_collected_new": rev,
        "revenue_booked_new": rev.copy(),
        "new_customers": np.ones(shape),
    }
    periods = [f"2026-{m:02d}" for m in range(3, 13)]
    outcomes = Outcomes(reps=reps, periods=periods, measures=measures, source="actuals")
    scenario = load_scenario(
        BASELINE, ["scoring.kpis.new_customer_revenue.target.by_role.new_business=1"]
    )
    return run_plan(outcomes, scenario, records=True), outcomes, scenario


def test_left_out_kpis_and_the_plan_weight_beside_the_weight_used(hand) -> None:
    # baseline new_business weights: 30 + 25 scorable, 45 of 100 on absent measures;
    # the two kept are scaled x100/55: 30 -> 54.5454..., 25 -> 45.4545...
    s = rep_statement(*hand, rep_id="a1")
    assert s.kpis["plan_weight"].tolist() == [30, 25]
    assert s.kpis["weight"].to_numpy() == pytest.approx([3000 / 55, 2500 / 55])
    assert s.left_out["kpi"].tolist() == LEFT_OUT
    assert s.left_out["plan_weight"].tolist() == [15, 7, 5, 5, 3, 2.5, 2.5, 2.5, 2.5]
    note = s.left_out_note
    assert note.startswith("9 of the 11 KPIs the plan weighs for new_business could not be")
    assert "left out, not scored 0" in note
    assert "customer visits (7 of 100 points)" in note
    assert "The other 2 KPIs, 55 of the plan's 100 points, were scaled up x1.82" in note
    assert "new customer revenue 30 of 100 in the plan, 54.55 used" in note
    assert "new customer count 25 of 100 in the plan, 45.45 used" in note
    text = _plain(statement_html(s))
    assert note in text
    assert "30 of 100 in the plan, 54.55 used" in text
    assert "Customer visits left out: not scored on these data" in text
    table = s.table()
    assert ((table["section"] == "note") & (table["value"] == note)).any()
    plan = table[(table["item"] == "new_customer_revenue") & (table["detail"] == "plan weight")]
    assert plan["value"].tolist() == [30]


def test_scores_set_by_a_cap_or_a_floor_say_so(hand) -> None:
    # a1 Q4: 390,000 / 300,000 = 1.30 -> the cap 1.20; 3 customers / (1.58 x 3 = 4.74)
    # = 0.633 -> the floor 0.65. b2: 270,000 / 300,000 = 0.90, scored on the result.
    a1 = rep_statement(*hand, rep_id="a1")
    assert a1.kpis["limit"].tolist() == ["cap", "floor"]
    assert a1.kpis["score"].tolist() == pytest.approx([1.2, 0.65])
    assert a1.kpi_notes == [
        "New customer revenue: scored 1.20, the plan's cap, not on the result: the actual "
        "(390,000 CNY) against the target (300,000 CNY) would score 1.30.",
        "New customer count: scored 0.65, the plan's floor, not on the result: the actual "
        "(3) against the target (4.74) would score 0.63.",
    ]
    b2 = rep_statement(*hand, rep_id="b2")
    assert b2.kpis["limit"].tolist() == ["", "floor"]
    text = _plain(statement_html(a1))
    assert all(n in text for n in a1.kpi_notes)
    assert "300,000 CNY" in text  # a money target carries its currency


def test_a_pool_prorated_for_the_months_present_says_why(hand) -> None:
    # the yearly 100,000 team pool over March-December: 100,000 x 10 / 12 = 83,333.33,
    # all of it to a1, alone in the region first on attainment (North, 130%)
    s = rep_statement(*hand, rep_id="a1")
    team = s.components.set_index("component").loc["bonus_team_award", "amount"]
    assert team == 83_333.33
    assert s.pay_notes == [
        (
            "bonus_team_award",
            "2026: these data cover 10 of its 12 months, so the plan's pool of 100,000.00 "
            "CNY is pro-rated to 83,333.33 CNY (x0.83).",
        )
    ]
    assert s.pay_notes[0][1] in _plain(statement_html(s))
    # the components still add up to the total paid, to the cent
    cents = np.rint(s.components["amount"].to_numpy() * 100).sum()
    assert cents == np.rint(s.total * 100)


def test_a_rounding_under_half_a_cent_is_not_minus_zero() -> None:
    assert value_text(-0.00245, "money", "CNY") == "0.00 CNY"
    assert value_text(-0.006, "money", "CNY") == "-0.01 CNY"


def test_the_index_page_says_what_was_left_out_and_pro_rated(hand, tmp_path) -> None:
    statements = [rep_statement(*hand, rep_id=r) for r in ("a1", "b2")]
    text = _plain(write_statements(statements, tmp_path).read_text())
    assert statements[0].left_out_note in text
    assert "Team award 2026: these data cover 10 of its 12 months" in text


@pytest.fixture(scope="module")
def maven() -> tuple:
    scenario = load_scenario(BASELINE)
    outcomes, _ = load_actuals(
        ROOT / "mappings" / "maven_crm.yaml",
        data_dir=ROOT / "tests" / "data" / "maven_crm",
        currency=scenario.currency,
    )
    return run_plan(outcomes, scenario, records=True), outcomes, scenario


def test_maven_statement_says_what_the_export_could_not_score(maven) -> None:
    s = rep_statement(*maven, rep_id="Darcel Schlecht")
    assert s.review == "2017-Q4"
    assert s.left_out["kpi"].tolist() == LEFT_OUT
    assert s.kpis["limit"].tolist() == ["floor", "floor"]
    assert s.kpis["points"].sum() == pytest.approx(65.0)  # 0.65 x 100
    text = _plain(statement_html(s))
    for words in (
        "9 of the 11 KPIs the plan weighs for new_business could not be scored",
        "left out, not scored 0",
        "scaled up x1.82",
        "30 of 100 in the plan, 54.55 used",
        "25 of 100 in the plan, 45.45 used",
        "New customer revenue: scored 0.65, the plan's floor, not on the result: the actual "
        "(0 CNY) against the target (28,992,319,043 CNY) would score 0.00.",
        "2017: these data cover 10 of its 12 months, so the plan's pool of 100,000.00 CNY is "
        "pro-rated to 83,333.33 CNY (x0.83).",
    ):
        assert words in text, words
    assert "-0.00" not in text
    assert "28,992,319,043 CNY" in text


def test_maven_first_quarter_names_the_awards_cut_to_one_month(maven) -> None:
    s = rep_statement(*maven, rep_id="Anna Snelling", period="2017-Q1")
    notes = dict(s.pay_notes)
    assert set(notes) == {"bonus_new_customer_award", "bonus_satisfaction_award"}
    assert notes["bonus_new_customer_award"].startswith(
        "2017-Q1: these data cover 1 of its 3 months, so the plan's award of"
    )
    assert "(x0.33)" in notes["bonus_satisfaction_award"]
    # 71,246 CNY against a target of 5,173,751,781 CNY: 0.0000138, not "0.00"
    assert s.kpi_notes[0].endswith("would score less than 0.01.")
