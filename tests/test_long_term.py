"""Long-term and non-cash plan elements (``pay.long_term``): a deferred bonus that vests and
is forfeited on exit, a development fund, non-cash rewards at an assigned value and their
effect on leaving; hand-computed cases."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from salesperf_model.engine import EnginePlanResponse, run_plan
from salesperf_model.engine.long_term import (
    award_exit_multiplier,
    deferred_parts,
    deferred_schedule,
    long_term_payouts,
)
from salesperf_model.engine.pay import base_share_warnings, on_target_pay
from salesperf_model.engine.periods import period_groups
from salesperf_model.loading import load_scenario
from salesperf_model.measure.cash_flow import component_label
from salesperf_model.measure.cost import cost_by_component, cost_by_year, deferred_vesting
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Pay, Scenario
from salesperf_model.schema.long_term import DeferredBonus, DevelopmentFund, NonCashReward
from salesperf_model.simulate import simulate

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def _months(start: str, n: int) -> list[str]:
    return [str(p) for p in pd.period_range(start, periods=n, freq="M")]


def _outcomes(periods: list[str], measures: dict[str, np.ndarray], reps: int = 2) -> Outcomes:
    table = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(reps)],
            "role": ["new_business"] * reps,
            "region": "R",
            "region_tier": 1,
            "team": "T",
            "group": "",
        }
    )
    shape = (1, reps, len(periods))
    full = {k: np.broadcast_to(np.asarray(v, float), shape).copy() for k, v in measures.items()}
    return Outcomes(reps=table, periods=periods, measures=full)


def _with_long_term(scenario: Scenario, elements: list[dict]) -> Scenario:
    data = scenario.model_dump()
    data["pay"]["long_term"] = elements
    return Scenario.model_validate(data)


def test_deferred_bonus_earns_monthly_and_forfeits_what_has_not_vested():
    """1% of 100,000 collected a month = 1,000 a month per rep. The 2026 grant vests in
    December 2027 (vesting [[1, 1]]). Rep 1's holder leaves after January 2028: 2026's
    12,000 had vested, 2027's 12,000 and January's 1,000 are forfeited, so January 2028
    counts 1,000 - 13,000 = -12,000."""
    periods = _months("2026-01", 27)
    person = np.zeros((1, 2, 27))
    person[0, 1, 25:] = 7  # a new holder from February 2028
    out = _outcomes(
        periods,
        {
            "revenue_collected_new": np.full(27, 100_000.0),
            "revenue_collected_existing": np.zeros(27),
            "person_id": person,
        },
    )
    element = DeferredBonus(name="equity", share_of_closed=0.01, vesting=[(1, 1.0)])
    reviews = period_groups(periods, "quarterly")
    grades = np.zeros((1, 2, len(reviews.labels)), int)
    paid = long_term_payouts([element], out, grades=grades, reviews=reviews)
    component = paid["deferred_equity"][0]
    assert (component[0] == 1000.0).all()
    expected = np.full(27, 1000.0)
    expected[24] = -12_000.0
    np.testing.assert_allclose(component[1], expected)

    schedule = deferred_schedule(element, out)
    assert schedule["years"].tolist() == [2026, 2027, 2028, 2029]
    np.testing.assert_allclose(schedule["earned"], [24_000, 24_000, 6_000, 0])
    np.testing.assert_allclose(schedule["forfeited"], [0, 0, 13_000, 0])
    # kept: 2026 all 24,000 -> 2027; 2027 rep 0's 12,000 -> 2028; 2028 5,000 -> 2029
    np.testing.assert_allclose(schedule["vesting"], [0, 24_000, 12_000, 5_000])
    assert schedule["earned"].sum() == schedule["forfeited"].sum() + schedule["vesting"].sum()


def test_development_fund_once_after_tenure_and_yearly():
    """Once: 100,000 in the month the holder completes 3 months; yearly: 1,200 / 12 = 100
    a month from 2 months on; a new holder starts again."""
    periods = _months("2026-01", 6)
    out = _outcomes(periods, {"tenure_months": np.array([1, 2, 3, 4, 1, 2])}, reps=1)
    once = DevelopmentFund(name="housing", amount=100_000, per="once", after_tenure_months=3)
    yearly = DevelopmentFund(name="mba", amount=1200, per="year", after_tenure_months=2)
    reviews = period_groups(periods, "quarterly")
    paid = long_term_payouts([once, yearly], out, grades=np.zeros((1, 1, 2), int), reviews=reviews)
    assert paid["fund_housing"][0, 0].tolist() == [0, 0, 100_000, 0, 0, 0]
    assert paid["fund_mba"][0, 0].tolist() == [0, 100, 100, 100, 0, 100]


def test_non_cash_reward_is_valued_at_the_review_end_and_changes_leaving():
    """2,000 for each S in a quarterly review, in the quarter's last month; the exit
    multipliers of two rewards multiply for a rep who earns both."""
    periods = _months("2026-01", 6)
    out = _outcomes(periods, {"visits": np.zeros(6)}, reps=3)
    grades = np.array([[[0, 1], [1, 1], [0, 0]]])  # (sims, reps, reviews) S=0 A=1
    title = NonCashReward(name="gold_seller", value=2000, grades=["S"], exit_effect=0.8)
    hours = NonCashReward(name="flexible_hours", value=500, grades=["S", "A"], exit_effect=0.5)
    reviews = period_groups(periods, "quarterly")
    paid = long_term_payouts([title, hours], out, grades=grades, reviews=reviews)
    assert paid["non_cash_gold_seller"][0].tolist() == [
        [0, 0, 2000, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 2000, 0, 0, 2000],
    ]
    assert paid["non_cash_flexible_hours"][0].sum(axis=1).tolist() == [1000, 1000, 1000]
    multiplier = award_exit_multiplier([title, hours], grades[:, :, 0], out)
    np.testing.assert_allclose(multiplier, [[0.4, 0.5, 0.4]])
    neutral = NonCashReward(name="plaque", value=100)
    assert award_exit_multiplier([neutral], grades[:, :, 0], out) is None


def test_elements_are_paid_as_components_and_shown_in_the_cost_table():
    scenario = _with_long_term(
        load_scenario(BASELINE),
        [
            {"type": "deferred_bonus", "name": "equity", "vesting": [[2, 0.2], [3, 0.8]]},
            {
                "type": "development_fund",
                "name": "mba",
                "per": "year",
                "amount": 12_000,
                "after_tenure_months": 0,
            },
            {"type": "non_cash", "name": "flexible_hours", "value": 1500},
        ],
    )
    out = simulate(scenario.population, reps=40, periods=12, simulations=2, seed=4)
    result = run_plan(out, scenario)
    for name in ("deferred_equity", "fund_mba", "non_cash_flexible_hours"):
        assert result.payouts[name].sum() > 0
    _, forfeited, _ = deferred_parts(scenario.pay.long_term[0], out)
    assert forfeited.sum() > 0  # a year: every leaver forfeits all earned so far
    expected = 0.01 * out.get("revenue_collected") - forfeited
    np.testing.assert_allclose(result.payouts["deferred_equity"], expected, atol=0.01)
    np.testing.assert_allclose(result.payouts["fund_mba"].sum(), 2 * 40 * 12 * 1000, rtol=1e-12)
    s_grades = (result.grades == 0).sum()
    assert result.payouts["non_cash_flexible_hours"].sum() == pytest.approx(1500 * s_grades)
    table = cost_by_component(result)
    assert {"deferred_equity", "fund_mba", "non_cash_flexible_hours"} <= set(table["component"])
    assert component_label("fund_mba") == "mba fund"
    assert component_label("non_cash_flexible_hours") == "flexible hours (non-cash, assigned value)"


def test_a_reward_that_cuts_leaving_keeps_more_reps_in_a_simulation():
    """Every grade earns a reward that multiplies the exit hazard by 0.05 until the next
    review: after the first review far fewer reps leave of their own accord (same seed,
    same people; promotions and improvement-plan exits switched off)."""
    base = load_scenario(
        BASELINE,
        [
            "grading.consequences.promotion.enabled=false",
            "grading.consequences.improvement_plan.enabled=false",
        ],
    )
    kept = _with_long_term(
        base,
        [
            {
                "type": "non_cash",
                "name": "retention",
                "grades": ["S", "A", "B", "C"],
                "exit_effect": 0.05,
            }
        ],
    )

    def exits(plan: Scenario) -> int:
        response = EnginePlanResponse(plan, market=plan, behaviour=plan.behaviour)
        out = simulate(
            plan.population,
            reps=80,
            periods=9,
            simulations=3,
            seed=8,
            plan_response=response,
            behaviour=plan.behaviour,
        )
        person = out.get("person_id")[:, :, 3:]
        return int((person[:, :, 1:] != person[:, :, :-1]).sum())

    assert exits(kept) * 4 < exits(base)


@pytest.mark.parametrize(
    ("element", "words"),
    [
        ({"type": "deferred_bonus", "name": "e", "vesting": [[2, 0.2], [3, 0.4]]}, "add to 0.6"),
        ({"type": "deferred_bonus", "name": "e", "vesting": [[3, 0.5], [2, 0.5]]}, "in order"),
        ({"type": "non_cash", "name": "t", "grades": ["X"]}, "'S', 'A', 'B' or 'C'"),
        ({"type": "bonus", "name": "t"}, "deferred_bonus"),
    ],
)
def test_bad_elements_are_refused_in_words(element, words):
    data = load_scenario(BASELINE).pay.model_dump()
    data["long_term"] = [element]
    with pytest.raises(ValidationError, match=words.replace("(", r"\(")):
        Pay.model_validate(data)


def test_element_names_must_be_unique():
    data = load_scenario(BASELINE).pay.model_dump()
    data["long_term"] = [
        {"type": "non_cash", "name": "t"},
        {"type": "development_fund", "name": "t"},
    ]
    with pytest.raises(ValidationError, match=r"\['t'\] repeated"):
        Pay.model_validate(data)


def test_cost_by_year_splits_each_component_by_calendar_year():
    """Two simulations, two reps, November 2026 to February 2027: 100 a rep-month of
    ``a`` and 10 of ``b`` in simulation 0, twice that in simulation 1."""
    periods = _months("2026-11", 4)
    a = np.stack([np.full((2, 4), 100.0), np.full((2, 4), 200.0)])
    b = a / 10
    result = SimpleNamespace(payouts={"a": a, "b": b}, total_pay=lambda: a + b)
    table = cost_by_year(result, periods)
    assert table["year"].tolist() == ["2026"] * 3 + ["2027"] * 3
    assert table["component"].tolist() == ["a", "b", "total"] * 2
    assert table["months"].tolist() == [2] * 6
    # 2 reps x 2 months x 100 (sim 0) and x 200 (sim 1): mean 600
    assert table["mean"].tolist() == [600.0, 60.0, 660.0] * 2
    assert table["p5"].tolist() == pytest.approx([420.0, 42.0, 462.0] * 2)


def test_vesting_schedule_of_one_rep_who_leaves_in_year_two():
    """One seat, 1% of 100,000 collected a month = 1,000 a month, vesting 20/40/40 two,
    three and four years after each December grant (the default). The holder leaves
    after June 2027: the 2026 grant (12,000, nothing vested before December 2028) and
    January-June 2027 (6,000) are forfeited in 2027; the successor's July-December 2027
    (6,000) vests 1,200 in 2029, 2,400 in 2030 and 2,400 in 2031, after the horizon."""
    periods = _months("2026-01", 24)
    person = np.zeros((1, 1, 24))
    person[0, 0, 18:] = 1  # a new holder from July 2027
    out = _outcomes(
        periods,
        {
            "revenue_collected_new": np.full(24, 100_000.0),
            "revenue_collected_existing": np.zeros(24),
            "person_id": person,
        },
        reps=1,
    )
    element = DeferredBonus(name="equity", share_of_closed=0.01)
    assert element.vesting == [(2, 0.2), (3, 0.4), (4, 0.4)]
    reviews = period_groups(periods, "quarterly")
    records = {}
    paid = long_term_payouts(
        [element], out, grades=np.zeros((1, 1, 8), int), reviews=reviews, deferred=records
    )
    assert paid["deferred_equity"][0, 0, 17] == 1000.0 - 18_000.0

    result = SimpleNamespace(deferred=records)
    table = deferred_vesting(result, periods)
    assert set(table["component"]) == {"deferred_equity"}
    wide = table.pivot(index="year", columns="flow", values="mean")
    assert wide.index.tolist() == ["2026", "2027", "2028", "2029", "2030", "2031"]
    assert wide["earned"].tolist() == [12_000, 12_000, 0, 0, 0, 0]
    assert wide["forfeited"].tolist() == [0, 18_000, 0, 0, 0, 0]
    assert wide["vesting"].tolist() == pytest.approx([0, 0, 0, 1_200, 2_400, 2_400])
    after = table.drop_duplicates("year").set_index("year")["after_horizon"]
    assert after.tolist() == [False, False, True, True, True, True]
    one_sim = table[["mean", "p5", "p50", "p95"]].to_numpy()
    np.testing.assert_allclose(one_sim, one_sim[:, :1].repeat(4, axis=1))

    schedule = deferred_schedule(element, out)
    np.testing.assert_allclose(schedule["vesting"], wide["vesting"].to_numpy())
    assert deferred_vesting(SimpleNamespace(deferred={}), periods).empty


def test_run_plan_keeps_the_deferred_flows_the_vesting_table_reads():
    scenario = _with_long_term(
        load_scenario(BASELINE), [{"type": "deferred_bonus", "name": "equity"}]
    )
    out = simulate(scenario.population, reps=30, periods=12, simulations=2, seed=4)
    result = run_plan(out, scenario)
    record = result.deferred["deferred_equity"]
    assert record.earned.shape == (2, 12)
    np.testing.assert_allclose(
        (record.earned - record.forfeited).sum(axis=1),
        result.payouts["deferred_equity"].sum(axis=(1, 2)),
        atol=0.01 * 30 * 12,
    )
    table = deferred_vesting(result, list(out.periods))
    wide = table.groupby("flow")["mean"].sum()
    assert wide["forfeited"] > 0
    assert wide["earned"] == pytest.approx(wide["forfeited"] + wide["vesting"], rel=1e-12)
    vesting = table[table["flow"] == "vesting"]
    assert vesting.loc[~vesting["after_horizon"], "mean"].sum() == 0  # 20% after 2 years
    assert run_plan(out, load_scenario(BASELINE)).deferred == {}


def test_a_deferred_bonus_counts_in_the_on_target_pay_of_the_base_share_check():
    """The brief's base of 30-40% of *total* pay counts long-term pay: a deferred bonus of
    10% of the closed amount adds 10% of the 100,000 monthly quota, 10,000 a month, to
    the on-target pay of the roles it covers (account managers here), nothing to others."""
    rows = [
        {"rep_id": rep, "period": "2026-01", "role": role, "quota": 100_000.0}
        for rep, role in (("a", "new_business"), ("b", "account_manager"))
    ]
    outcomes = Outcomes.from_long(pd.DataFrame(rows), source="actuals")
    base = load_scenario(BASELINE)
    element = {
        "type": "deferred_bonus",
        "name": "equity",
        "share_of_closed": 0.1,
        "roles": ["account_manager"],
    }
    plan = _with_long_term(base, [element])
    salary, before = on_target_pay(base, outcomes)
    same_salary, after = on_target_pay(plan, outcomes)
    np.testing.assert_array_equal(salary, same_salary)
    np.testing.assert_allclose(after - before, [0.0, 10_000.0], rtol=1e-12)
    # a band that the account manager's base share falls into only without the bonus
    share_before, share_after = salary[1] / before[1], salary[1] / after[1]
    band = [round(share_before - 0.001, 4), round(share_before + 0.001, 4)]
    narrow = {"pay.base_share_band": band}
    assert share_after < band[0]
    warned = base_share_warnings(load_scenario(BASELINE, narrow), outcomes)
    assert not any("account_manager" in w for w in warned)
    warned = base_share_warnings(
        _with_long_term(load_scenario(BASELINE, narrow), [element]), outcomes
    )
    assert any("for account_manager" in w for w in warned), warned
