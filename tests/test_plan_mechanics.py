"""Windfall deals, holdbacks, SPIFs and payout modifiers (pay.windfall, pay.holdback,
pay.spifs, pay.modifiers): hand-worked cases with the arithmetic in the comments, and
properties (components still add to the total to the cent; forfeiture never raises pay;
a cap never raises commission; a SPIF never pays more than its fund)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from commission_fixture import BASELINE, outcomes_of, scenario_with
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.windfall import expected_taken
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.present.statement import rep_statement
from salesperf_model.schema import Scenario
from salesperf_model.schema.mechanics import Windfall

#: 3% up to quota, 5% on the part above (marginal), settled monthly on booked revenue.
TIERS = [{"from_attainment": 0.0, "rate": 0.03}, {"from_attainment": 1.0, "rate": 0.05}]
FLAT = [{"from_attainment": 0.0, "rate": 0.03}]


def plan(tiers=TIERS, settlement="monthly", **pay) -> Scenario:
    """The baseline without bonuses, commission on booked revenue, plus ``pay`` keys."""
    base = scenario_with(tiers=tiers, base="booked", settlement=settlement)
    data = base.model_dump(by_alias=True)
    data["pay"].update(pay)
    return Scenario.model_validate(data)


def with_deals(outcomes: Outcomes, deals: list[tuple[str, str, float]]) -> Outcomes:
    """Outcomes carrying per-deal records (simulation 0): (rep, period, booked value)."""
    table = pd.DataFrame(
        {
            "simulation": 0,
            "rep": [d[0] for d in deals],
            "period": [d[1] for d in deals],
            "list_value": [d[2] for d in deals],
            "discount": 0.0,
        }
    )
    return replace(outcomes, meta={**outcomes.meta, "deals": table})


def paid(scenario: Scenario, outcomes: Outcomes, name: str) -> list[float]:
    """One component for rep 0 of simulation 0, per month."""
    return run_plan(outcomes, scenario).payouts[name][0, 0].tolist()


# --- windfall deals ----------------------------------------------------------------
# One month, quota 100,000, booked 300,000 = a 250,000 deal + a 50,000 deal.
# Commission on everything: attainment 3.0: 100,000 x 3% + 200,000 x 5% = 13,000.
ONE_MONTH = with_deals(
    outcomes_of(np.array([[300_000.0]]), deals_won=np.array([[2.0]])),
    [("r0", "2026-01", 250_000.0), ("r0", "2026-01", 50_000.0)],
)


@pytest.mark.parametrize(
    ("windfall", "expected"),
    [
        # cap at 200,000: the 50,000 above it is not credited: base 250,000:
        # 3,000 + 150,000 x 5% = 10,500; change 10,500 - 13,000 = -2,500
        ({"above_amount": 200_000, "action": "cap"}, -2_500.0),
        # carve-out: the same 10,500 + the 50,000 at the first tier's 3% = 1,500:
        # 12,000; change -1,000
        ({"above_amount": 200_000, "action": "carve_out"}, -1_000.0),
        # carve-out at 1%: 10,500 + 500 = 11,000; change -2,000
        ({"above_amount": 200_000, "action": "carve_out", "rate": 0.01}, -2_000.0),
        # flat rate 2%: the whole 250,000 deal leaves the tiers: base 50,000 earns
        # 1,500, the deal 250,000 x 2% = 5,000: 6,500; change -6,500
        ({"above_amount": 200_000, "action": "flat_rate", "rate": 0.02}, -6_500.0),
        # flat rate 6% pays more than the tiers: 1,500 + 15,000 = 16,500; change +3,500
        ({"above_amount": 200_000, "action": "flat_rate", "rate": 0.06}, 3_500.0),
        # no deal above 300,000: nothing changes
        ({"above_amount": 300_000, "action": "cap"}, 0.0),
    ],
)
def test_a_recorded_windfall_deal_under_each_action(windfall, expected) -> None:
    scenario = plan(windfall=windfall)
    result = run_plan(ONE_MONTH, scenario)
    assert result.payouts["commission"][0, 0, 0] == 13_000.0  # commission itself unchanged
    assert result.payouts["windfall"][0, 0, 0] == pytest.approx(expected, abs=0.005)
    # attainment as reported keeps every deal
    assert result.attainment[0, 0, 0] == pytest.approx(3.0)


def test_a_threshold_as_a_share_of_annual_quota() -> None:
    """12 months of quota 100,000: annual quota 1,200,000; 10% of it = 120,000. A
    150,000 deal in March (month quota 100,000) capped at 120,000: base 120,000 instead
    of 150,000: 3,000 + 20,000 x 5% = 4,000 instead of 3,000 + 50,000 x 5% = 5,500."""
    revenue = np.zeros((1, 12))
    revenue[0, 2] = 150_000.0
    outcomes = with_deals(
        outcomes_of(revenue, deals_won=(revenue > 0) * 1.0), [("r0", "2026-03", 150_000.0)]
    )
    windfall = paid(
        plan(windfall={"above_quota_share": 0.1, "action": "cap"}), outcomes, "windfall"
    )
    assert windfall[2] == pytest.approx(-1_500.0, abs=0.005)
    assert sum(abs(x) for i, x in enumerate(windfall) if i != 2) == 0.0


def test_without_deal_records_the_expected_excess_of_log_normal_deals() -> None:
    """No records: 2 deals worth 300,000 in the month, mean 150,000, the hunter's
    deal_size_sigma 0.7, threshold 200,000. d1 = (ln(150/200) + 0.7^2/2) / 0.7 = -0.06097,
    d2 = d1 - 0.7 = -0.76097; N(d1) = 0.475690, N(d2) = 0.223336; per deal
    E[(X - k)+] = 150,000 x 0.475690 - 200,000 x 0.223336 = 26,686.23; two deals:
    53,372.47 capped. Base 246,627.53: 3,000 + 146,627.53 x 5% = 10,331.38; change
    10,331.38 - 13,000 = -2,668.62."""
    outcomes = outcomes_of(np.array([[300_000.0]]), deals_won=np.array([[2.0]]))
    windfall = paid(plan(windfall={"above_amount": 200_000, "action": "cap"}), outcomes, "windfall")
    assert windfall[0] == pytest.approx(-2_668.62, abs=0.01)


@settings(max_examples=20, deadline=None)
@given(
    mean=st.floats(1_000, 500_000),
    limit=st.floats(1_000, 1_000_000),
    sigma=st.floats(0.2, 1.2),
    action=st.sampled_from(["cap", "flat_rate"]),
)
def test_the_expected_excess_matches_log_normal_draws(mean, limit, sigma, action) -> None:
    """The closed form against 400,000 log-normal draws of mean ``mean`` (a test-side
    check of the formula, not simulation randomness)."""
    policy = Windfall(above_amount=limit, action=action, rate=0.02 if action != "cap" else None)
    z = np.random.default_rng(7).standard_normal(400_000)
    draws = mean * np.exp(sigma * z - sigma**2 / 2)
    if action == "cap":
        sampled = np.maximum(draws - limit, 0.0).mean()
    else:
        sampled = np.where(draws > limit, draws, 0.0).mean()
    closed = expected_taken(
        policy, np.array(1.0), np.array(mean), limit=np.array(limit), sigma=np.array(sigma)
    )
    assert float(closed) == pytest.approx(sampled, rel=0.08, abs=mean * 2e-3)


# --- holdback ------------------------------------------------------------------------
# Six months; 100,000 booked in January only: commission 3% = 3,000 paid in January.
# Holdback 20% for 3 months: 600 held in January, released in April.
JANUARY = np.array([[100_000.0, 0, 0, 0, 0, 0]])


def test_a_holdback_held_and_released_in_full() -> None:
    scenario = plan(tiers=FLAT, holdback={"share": 0.2, "months": 3, "release": "in_full"})
    assert paid(scenario, outcomes_of(JANUARY), "holdback") == [-600.0, 0, 0, 600.0, 0, 0]
    assert paid(scenario, outcomes_of(JANUARY), "commission")[0] == 3_000.0


def test_a_holdback_released_in_proportion_to_customers_kept() -> None:
    """10 existing customers; one lost in February and one in April: kept 0.9 x 1 x 0.9
    = 0.81 of the book over February-April; 600 x 0.81 = 486 released in April."""
    outcomes = outcomes_of(
        JANUARY,
        existing_customers=np.full((1, 6), 10.0),
        customers_lost=np.array([[0.0, 1, 0, 1, 0, 0]]),
    )
    scenario = plan(tiers=FLAT, holdback={"share": 0.2, "months": 3})
    assert paid(scenario, outcomes, "holdback") == [-600.0, 0, 0, 486.0, 0, 0]


def test_a_holdback_is_forfeited_on_exit() -> None:
    """The January holder leaves after February (person 1 -> 2): the 600 is never paid."""
    outcomes = outcomes_of(JANUARY, person_id=np.array([[1.0, 1, 2, 2, 2, 2]]))
    scenario = plan(tiers=FLAT, holdback={"share": 0.2, "months": 3, "release": "in_full"})
    assert paid(scenario, outcomes, "holdback") == [-600.0, 0, 0, 0, 0, 0]


def test_a_holdback_due_after_the_horizon_stays_held() -> None:
    """Commission in May (month 5 of 6): released in August, after the data ends."""
    revenue = np.array([[0.0, 0, 0, 0, 100_000, 0]])
    scenario = plan(tiers=FLAT, holdback={"share": 0.25, "months": 3, "release": "in_full"})
    assert paid(scenario, outcomes_of(revenue), "holdback") == [0, 0, 0, 0, -750.0, 0]


# --- SPIFs -----------------------------------------------------------------------------
# Two reps, six months; new-customer deals won per month: rep 0 [1, 1, 1, 1, 0, 0],
# rep 1 [2, 2, 2, 0, 0, 0]. SPIF: 1,000 per deal, February-March.
DEALS = np.array([[1.0, 1, 1, 1, 0, 0], [2.0, 2, 2, 0, 0, 0]])
TWO_REPS = outcomes_of(np.full((2, 6), 50_000.0), deals_won=DEALS)
SPIF = {"name": "q1_push", "window": ["2026-02", "2026-03"], "per_deal": 1000}


def test_a_spif_pays_inside_its_window_only() -> None:
    """Rep 0: 1,000 in February and March; rep 1: 2,000 each; nothing in January (one
    deal each month) or April (rep 0's deal) outside the window."""
    result = run_plan(TWO_REPS, plan(spifs=[SPIF]))
    spif = result.payouts["spif_q1_push"][0]
    assert spif.tolist() == [[0, 1_000.0, 1_000.0, 0, 0, 0], [0, 2_000.0, 2_000.0, 0, 0, 0]]


def test_a_spif_stops_when_its_fund_is_spent() -> None:
    """Fund 5,000: February pays 3,000 in full; March earns 3,000 with 2,000 left: each
    rep gets 2/3 of the earning: rep 0 666.67, rep 1 1,333.33; the fund is met exactly."""
    result = run_plan(TWO_REPS, plan(spifs=[{**SPIF, "fund": 5_000}]))
    spif = result.payouts["spif_q1_push"][0]
    assert spif[:, 1].tolist() == [1_000.0, 2_000.0]
    assert spif[:, 2].tolist() == [666.67, 1_333.33]
    assert spif.sum() == pytest.approx(5_000.0, abs=1e-6)


def test_a_spif_on_a_product_line_and_roles() -> None:
    """1% of new-customer revenue on GTK (4.0% of revenue in the default mix): 50,000 x
    0.04 x 1% = 20 a month in the window, for new-business reps (the only role here);
    a SPIF for account managers pays nobody."""
    line = {**SPIF, "per_deal": 0, "rate": 0.01, "products": ["GTK"]}
    result = run_plan(
        TWO_REPS, plan(spifs=[line, {**line, "name": "farmers", "roles": ["account_manager"]}])
    )
    assert result.payouts["spif_q1_push"][0, 0].tolist() == [0, 20.0, 20.0, 0, 0, 0]
    assert result.payouts["spif_farmers"].sum() == 0.0


# --- payout modifiers ------------------------------------------------------------------
# 100,000 booked a month at a flat 3%: commission 3,000 a month.
STEADY = np.full((1, 3), 100_000.0)
NPS_GATE = {"name": "satisfaction", "measure": "nps", "at_least": 30, "factor": 0.75}


def test_a_modifier_when_the_gate_misses_and_not_when_it_passes() -> None:
    """NPS 20 in January (below 30: 3,000 x (0.75 - 1) = -750), 40 and 30 after (pass)."""
    outcomes = outcomes_of(STEADY, nps=np.array([[20.0, 40.0, 30.0]]))
    scenario = plan(tiers=FLAT, modifiers=[NPS_GATE])
    assert paid(scenario, outcomes, "modifier_satisfaction") == [-750.0, 0.0, 0.0]


def test_a_modifier_reads_the_settlement_period() -> None:
    """Quarterly settlement: commission 9,000 in March. NPS mean (20 + 40 + 40) / 3 =
    33.3 passes; (20 + 20 + 40) / 3 = 26.7 misses: 9,000 x -0.25 = -2,250 in March."""
    scenario = plan(tiers=FLAT, settlement="quarterly", modifiers=[NPS_GATE])
    passes = outcomes_of(STEADY, nps=np.array([[20.0, 40.0, 40.0]]))
    misses = outcomes_of(STEADY, nps=np.array([[20.0, 20.0, 40.0]]))
    assert paid(scenario, passes, "modifier_satisfaction") == [0.0, 0.0, 0.0]
    assert paid(scenario, misses, "modifier_satisfaction") == [0.0, 0.0, -2_250.0]


def test_modifiers_compound_and_a_missing_measure_passes() -> None:
    """January misses both: NPS 20 < 30 (x 0.75: -750) and 3 complaints > 2 (x 0.8 on
    the 2,250 left: -450); 1,800 paid = 3,000 x 0.6. A gate on a measure the data lacks
    (no response times here) takes nothing."""
    complaints = {"name": "complaints", "measure": "complaints", "at_most": 2, "factor": 0.8}
    missing = {"name": "speed", "measure": "response_time_hours", "at_most": 4, "factor": 0.5}
    outcomes = outcomes_of(
        STEADY, nps=np.array([[20.0, 40.0, 40.0]]), complaints=np.array([[3.0, 0, 0]])
    )
    result = run_plan(outcomes, plan(tiers=FLAT, modifiers=[NPS_GATE, complaints, missing]))
    assert result.payouts["modifier_satisfaction"][0, 0, 0] == -750.0
    assert result.payouts["modifier_complaints"][0, 0, 0] == -450.0
    assert result.payouts["modifier_speed"].sum() == 0.0


def test_the_holdback_holds_commission_after_windfall_and_modifiers() -> None:
    """One month: commission 13,000, cap -2,500, NPS miss x 0.75 on 10,500: -2,625;
    7,875 paid, 20% of it held: -1,575."""
    outcomes = replace(ONE_MONTH, measures={**ONE_MONTH.measures, "nps": np.full((1, 1, 1), 0.0)})
    scenario = plan(
        windfall={"above_amount": 200_000, "action": "cap"},
        modifiers=[NPS_GATE],
        holdback={"share": 0.2},
    )
    result = run_plan(outcomes, scenario)
    assert result.payouts["modifier_satisfaction"][0, 0, 0] == -2_625.0
    assert result.payouts["holdback"][0, 0, 0] == -1_575.0


# --- statements, the example scenario, properties -----------------------------------------


def test_each_component_is_recorded_for_the_statement() -> None:
    outcomes = outcomes_of(STEADY, nps=np.array([[20.0, 40.0, 40.0]]), deals_won=np.ones((1, 3)))
    scenario = plan(
        tiers=FLAT,
        windfall={"above_amount": 80_000, "action": "carve_out"},
        holdback={"share": 0.1, "months": 1, "release": "in_full"},
        spifs=[{**SPIF, "window": ["2026-01", "2026-03"]}],
        modifiers=[NPS_GATE],
    )
    result = run_plan(outcomes, scenario, records=True)
    for name in ("windfall", "holdback", "spif_q1_push", "modifier_satisfaction"):
        record = result.pay_records[name]
        last = list(record.values)[-1]
        placed = result.payouts[name][0, 0, record.settle.ends]
        np.testing.assert_allclose(record.values[last][0, 0], placed, atol=0.005)
    statement = rep_statement(result, outcomes, scenario, rep_id="r0", period="2026-Q1")
    lines = statement.pay
    assert {"windfall", "holdback", "spif_q1_push", "modifier_satisfaction"} <= set(
        lines["component"]
    )
    assert lines["rule"].str.contains("Payout modifier: commission x 0.75").any()


def test_the_example_scenario_turns_every_mechanic_on() -> None:
    example = load_scenario(BASELINE.parent / "plan_mechanics.yaml")
    pay = example.pay
    assert pay.windfall is not None and pay.holdback is not None
    assert pay.spifs and pay.modifiers
    assert load_scenario(BASELINE).pay.windfall is None  # off by default


def _random(seed: int, months: int) -> Outcomes:
    rng = np.random.default_rng(seed)
    shape = (2, 3, months)
    new = rng.gamma(1.0, 80_000, shape) * (rng.random(shape) < 0.8)
    base = outcomes_of(np.zeros((3, months)))
    measures = {
        "quota": np.full(shape, 100_000.0),
        "revenue_booked_new": new,
        "revenue_collected_new": new * rng.uniform(0.5, 1, shape),
        "deals_won": rng.integers(0, 4, shape) * 1.0,
        "nps": rng.uniform(-20, 100, shape),
        "existing_customers": np.full(shape, 12.0),
        "customers_lost": rng.integers(0, 2, shape) * 1.0,
        "person_id": np.cumsum(rng.random(shape) < 0.1, axis=2) * 1.0,
    }
    return replace(base, measures=measures)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    months=st.integers(1, 14),
    action=st.sampled_from(["cap", "carve_out", "flat_rate"]),
    share=st.floats(0.05, 0.6),
)
def test_components_add_to_the_cent_and_rules_bound_pay(seed, months, action, share) -> None:
    outcomes = _random(seed, months)
    windfall = {"above_quota_share": share, "action": action}
    if action == "flat_rate":
        windfall["rate"] = 0.02
    scenario = plan(
        windfall=windfall,
        holdback={"share": 0.2, "months": 2},
        spifs=[{**SPIF, "window": ["2026-01", "2026-06"], "rate": 0.01, "fund": 20_000}],
        modifiers=[NPS_GATE],
    )
    result = run_plan(outcomes, scenario)
    cents = sum(np.round(v * 100).astype(np.int64) for v in result.payouts.values())
    assert (cents == np.round(result.total_pay() * 100).astype(np.int64)).all()
    assert (result.payouts["modifier_satisfaction"] <= 0).all()  # factor 0.75 only takes
    assert result.payouts["holdback"].sum(axis=2).max() <= 0.0  # never pays more than held
    spent = result.payouts["spif_q1_push"].sum(axis=(1, 2))
    assert (spent <= 20_000 + 0.01 * outcomes.shape[1] * months).all()  # a cent a rep-month
    if action == "cap":
        assert (result.payouts["windfall"] <= 0.005).all()  # a cap never raises commission
    # forfeiture never increases pay: the same sales with nobody leaving pay at least as much
    stay = replace(outcomes, measures={**outcomes.measures, "person_id": np.zeros(outcomes.shape)})
    kept = run_plan(stay, scenario).payouts["holdback"].sum(axis=2)
    assert (result.payouts["holdback"].sum(axis=2) <= kept + 0.005).all()


def test_a_spif_raises_marginal_pay_in_its_window_only() -> None:
    """A hunter before any month (no deals yet): mean deal = the role's 42,000 x
    exp(0.7^2 / 2) = 53,660.10; 500 per deal = 0.0093179 per unit booked; on a collected
    base with 90% collected, 0.0093179 / 0.9 = 0.0103532 per unit of cash. Expected SPIF
    pay at a run rate of 60,000: 60,000 x 0.0093179 = 559.07. In July: nothing."""
    from salesperf_model.engine.spif_outlook import spif_outlook
    from salesperf_model.plan_questions import PayState

    scenario = plan(spifs=[{**SPIF, "per_deal": 500}])
    data = scenario.model_dump(by_alias=True)
    data["pay"]["commission"]["base"] = "collected"
    collected = Scenario.model_validate(data)

    def state(label: str) -> PayState:
        return PayState(
            period_index=0,
            period_label=label,
            reps=TWO_REPS.reps.iloc[:1],
            so_far=None,
            quota=np.full((1, 1), 100_000.0),
            run_rate=np.full((1, 1), 60_000.0),
            collected_share=0.9,
            next_quota_per_revenue=np.zeros((1, 1)),
        )

    marginal, pay = spif_outlook(collected, state("2026-02"))
    assert marginal[0, 0] == pytest.approx(0.0103532, rel=1e-4)
    assert pay[0, 0] == pytest.approx(559.07, abs=0.01)
    marginal, pay = spif_outlook(collected, state("2026-07"))
    assert marginal[0, 0] == 0.0 and pay[0, 0] == 0.0


def test_spifs_and_modifiers_merge_by_name_under_extends(tmp_path) -> None:
    """A file extending the example changes one SPIF key and removes the modifier."""
    child = tmp_path / "bigger_fund.yaml"
    child.write_text(
        f"extends: {BASELINE.parent / 'plan_mechanics.yaml'}\n"
        "name: bigger_fund\n"
        "pay:\n"
        "  spifs:\n"
        "    - {name: q2_new_logos, fund: 600000}\n"
        "  modifiers:\n"
        "    - {name: satisfaction, remove: true}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(child)
    (spif,) = scenario.pay.spifs
    assert (spif.fund, spif.per_deal, spif.window) == (600_000, 500, ("2026-04", "2026-06"))
    assert scenario.pay.modifiers == []


def test_a_gate_or_window_the_data_lacks_is_warned() -> None:
    """No response times in the data (the gate passes everywhere), and a SPIF in June on
    three months of data (it pays nothing): both said."""
    missing = {"name": "speed", "measure": "response_time_hours", "at_most": 4}
    june = {**SPIF, "name": "june", "window": ["2026-06", "2026-06"]}
    result = run_plan(outcomes_of(STEADY), plan(modifiers=[missing], spifs=[june]))
    assert any(
        w.startswith("pay.modifiers.speed.measure: the data has no 'response_time_hours'")
        for w in result.warnings
    )
    assert any("the june SPIF pays nothing" in w for w in result.warnings)
    assert not any("SPIF" in w for w in run_plan(TWO_REPS, plan(spifs=[SPIF])).warnings)


def test_the_new_components_read_as_words_in_the_cost_sentences() -> None:
    from salesperf_model.measure.cash_flow import component_label
    from salesperf_model.present.cost_drivers import component_words

    assert component_words("holdback") == "the commission holdback"
    assert component_words("windfall") == "the windfall policy"
    assert component_words("spif_q2_new_logos") == "the q2 new logos SPIF"
    assert component_label("modifier_satisfaction") == "satisfaction payout modifier"


def test_the_estimate_keeps_to_what_the_month_total_tells() -> None:
    """Without records: one deal of 300,000 is the month (cap at 200,000: exactly 100,000
    taken: base 200,000: 3,000 + 100,000 x 5% = 8,000; change 8,000 - 13,000 = -5,000);
    three deals worth 190,000 in all can hold no deal above 200,000 (nothing taken)."""
    cap = plan(windfall={"above_amount": 200_000, "action": "cap"})
    one = outcomes_of(np.array([[300_000.0]]), deals_won=np.array([[1.0]]))
    assert paid(cap, one, "windfall") == [-5_000.0]
    small = outcomes_of(np.array([[190_000.0]]), deals_won=np.array([[3.0]]))
    flat = plan(windfall={"above_amount": 200_000, "action": "flat_rate", "rate": 0.02})
    assert paid(flat, small, "windfall") == [0.0]
