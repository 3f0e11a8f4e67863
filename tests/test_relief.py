"""Quota relief and changes within the year (issue 19): leave and territory carve-outs
prorate the quota pay reads, and a mid-year plan change pays each part of the year under
its own plan. Hand-worked cases (the arithmetic in the comments), properties, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from commission_fixture import BASELINE, outcomes_of
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.relief import ReliefError
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.schema import Scenario
from salesperf_model.simulate import simulate

TWO_TIERS = [{"from_attainment": 0.0, "rate": 0.03}, {"from_attainment": 1.0, "rate": 0.04}]
STEEP = [{"from_attainment": 0.0, "rate": 0.02}, {"from_attainment": 1.0, "rate": 0.06}]


def plan(
    tiers=TWO_TIERS,
    *,
    settlement="quarterly",
    relief=None,
    changes=None,
    name="plan_a",
    **commission,
) -> Scenario:
    """The baseline without bonuses: marginal tiers, basis period, this settlement."""
    data = load_scenario(BASELINE).model_dump(by_alias=True)
    data["name"] = name
    data["pay"]["commission"].update(
        tiers=tiers, settlement=settlement, basis="period", **commission
    )
    data["pay"]["bonuses"] = []
    if relief is not None:
        data["pay"]["relief"] = relief
    if changes is not None:
        data["pay_changes"] = changes
    return Scenario.model_validate(data)


def commission(result, rep: int = 0) -> np.ndarray:
    return result.payouts["commission"][0, rep]


def adds_to_the_cent(result) -> None:
    total = sum(result.payouts.values())
    np.testing.assert_array_equal(np.round(total, 2), result.total_pay())
    for paid in result.payouts.values():  # each component is whole cents
        np.testing.assert_allclose(paid, np.round(paid, 2), atol=1e-9)


# --- leave --------------------------------------------------------------------------------


def test_three_month_leave_in_q2_prorates_the_quarters_quota() -> None:
    # Quota 100,000 a month; leave from mid-April to mid-July: April 0.5, May 1, June 1,
    # July 0.5. Quarterly settlement, 3% up to quota, 4% above (marginal).
    leave = np.zeros((1, 12))
    leave[0, 3:7] = [0.5, 1.0, 1.0, 0.5]
    revenue = np.full((1, 12), 100_000.0)
    revenue[0, 3:7] = [40_000.0, 0.0, 20_000.0, 60_000.0]
    outcomes = outcomes_of(revenue, leave=leave)
    relieved = run_plan(outcomes, plan(relief={"leave": "prorate"}))
    plain = run_plan(outcomes, plan())
    paid = commission(relieved)
    # Q1: quota 300,000, revenue 300,000: 300,000 x 3% = 9,000 (paid in March).
    assert paid[2] == 9_000.00
    # Q2: quota 100,000 x (0.5 + 0 + 0) = 50,000; revenue 60,000 (attainment 120%):
    # 50,000 x 3% + 10,000 x 4% = 1,500 + 400 = 1,900 (paid in June).
    assert paid[5] == 1_900.00
    # Without relief: quota 300,000, attainment 20%: 60,000 x 3% = 1,800.
    assert commission(plain)[5] == 1_800.00
    # Q3: quota 100,000 x (0.5 + 1 + 1) = 250,000; revenue 260,000:
    # 250,000 x 3% + 10,000 x 4% = 7,500 + 400 = 7,900 (unrelieved: 260,000 x 3% = 7,800).
    assert paid[8] == 7_900.00 and commission(plain)[8] == 7_800.00
    assert paid[11] == 9_000.00  # Q4 untouched
    assert paid[[0, 1, 3, 4, 6, 7, 9, 10]].sum() == 0.0  # paid at quarter ends only
    adds_to_the_cent(relieved)


def test_leave_rule_none_keeps_quota_and_pay() -> None:
    leave = np.zeros((1, 6))
    leave[0, 2] = 1.0
    outcomes = outcomes_of(np.full((1, 6), 90_000.0), leave=leave)
    off = run_plan(outcomes, plan(relief={"leave": "none"}))
    default = run_plan(outcomes, plan())
    np.testing.assert_array_equal(off.total_pay(), default.total_pay())


# --- carve-outs ----------------------------------------------------------------------------


def test_a_carve_out_of_30_percent_from_month_7() -> None:
    # Monthly settlement, 3% up to quota, 5% above. Both reps sell 100,000 a month against
    # a quota of 100,000; 30% of r0's territory is carved out from July.
    tiers = [{"from_attainment": 0.0, "rate": 0.03}, {"from_attainment": 1.0, "rate": 0.05}]
    relief = {
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-07", "share": 0.3, "reps": ["r0"]}],
    }
    outcomes = outcomes_of(np.full((2, 12), 100_000.0))
    result = run_plan(outcomes, plan(tiers, settlement="monthly", relief=relief))
    # January-June: 100,000 x 3% = 3,000 a month.
    np.testing.assert_array_equal(commission(result, 0)[:6], 3_000.0)
    # July-December: quota 70,000: 70,000 x 3% + 30,000 x 5% = 2,100 + 1,500 = 3,600.
    np.testing.assert_array_equal(commission(result, 0)[6:], 3_600.0)
    np.testing.assert_array_equal(commission(result, 1), 3_000.0)  # r1 not carved
    assert result.attainment[0, 0, 6] == pytest.approx(100_000 / 70_000)
    adds_to_the_cent(result)


def test_a_carve_out_ending_inside_a_quarter_prorates_by_months() -> None:
    # Quarterly data: a carve-out of 60% of August only removes 60% x 1/3 of Q3's quota.
    outcomes = outcomes_of(np.full((1, 4), 300_000.0))
    outcomes = outcomes.__class__(
        reps=outcomes.reps,
        periods=["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
        measures={k: v * (3.0 if k == "quota" else 1.0) for k, v in outcomes.measures.items()},
        source="hand-made",
    )
    relief = {
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-08", "to": "2026-08", "share": 0.6}],
    }
    result = run_plan(outcomes, plan(relief=relief))
    # Q3 quota 300,000 x (1 - 0.6 / 3) = 240,000; revenue 300,000:
    # 240,000 x 3% + 60,000 x 4% = 7,200 + 2,400 = 9,600. Other quarters: 9,000.
    np.testing.assert_array_equal(commission(result), [9_000.0, 9_000.0, 9_600.0, 9_000.0])


def test_leave_and_carve_outs_multiply_and_carve_outs_add_up() -> None:
    # March: leave 0.5 in a territory with two carve-outs of 0.25 and 0.15 (0.4 in all):
    # quota 100,000 x (1 - 0.5) x (1 - 0.4) = 30,000.
    leave = np.zeros((1, 3))
    leave[0, 2] = 0.5
    outcomes = outcomes_of(np.full((1, 3), 50_000.0), leave=leave)
    relief = {
        "leave": "prorate",
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-03", "share": 0.25}, {"from": "2026-02", "share": 0.15}],
    }
    result = run_plan(outcomes, plan(settlement="monthly", relief=relief))
    # January: 50,000 x 3% = 1,500. February: quota 85,000: 50,000 x 3% = 1,500.
    # March: quota 30,000: 30,000 x 3% + 20,000 x 4% = 900 + 800 = 1,700.
    np.testing.assert_array_equal(commission(result), [1_500.0, 1_500.0, 1_700.0])
    # a whole month on leave in a carved territory keeps no quota, and is not refused
    leave[0, 2] = 1.0
    whole = run_plan(outcomes_of(np.full((1, 3), 50_000.0), leave=leave), plan(relief=relief))
    assert whole.attainment[0, 0, 2] == 0.0


# --- plan changes --------------------------------------------------------------------------


def _changed(quota: str = "reset", first: str = "2026-08") -> Scenario:
    steep = plan(STEEP, name="plan_b").pay.model_dump(by_alias=True)
    change = {"from": first, "plan": "plan_b.yaml", "pay": steep, "reps": ["r0"], "quota": quota}
    return plan(changes=[change])


def test_a_mid_year_plan_change_pays_each_part_under_its_own_plan() -> None:
    # Both reps sell 120,000 a month against 100,000. Plan A: 3% to quota, 4% above;
    # plan B (from August, r0 only): 2% to quota, 6% above. Quarterly settlement.
    outcomes = outcomes_of(np.full((2, 12), 120_000.0))
    result = run_plan(outcomes, _changed())
    paid = commission(result, 0)
    # Q1, Q2 under A: quota 300,000, revenue 360,000: 9,000 + 60,000 x 4% = 11,400.
    assert paid[2] == 11_400.00 and paid[5] == 11_400.00
    # Q3 is cut in two. July under A, settled on its own and paid in July:
    # 100,000 x 3% + 20,000 x 4% = 3,000 + 800 = 3,800.
    assert paid[6] == 3_800.00
    # August-September under B, paid in September: quota 200,000, revenue 240,000:
    # 200,000 x 2% + 40,000 x 6% = 4,000 + 2,400 = 6,400.
    assert paid[8] == 6_400.00
    # Q4 under B: 300,000 x 2% + 60,000 x 6% = 6,000 + 3,600 = 9,600.
    assert paid[11] == 9_600.00
    assert paid.sum() == 11_400 * 2 + 3_800 + 6_400 + 9_600
    # r1 stays on A all year: 11,400 each quarter.
    np.testing.assert_array_equal(commission(result, 1)[[2, 5, 8, 11]], 11_400.0)
    # Base and allowances follow the month (both plans pay 8,000 + 1,000 a month here).
    np.testing.assert_array_equal(result.payouts["base_salary"][0, 0], 8_000.0)
    parts = sorted((p.start, p.end, p.plan, p.reps.tolist()) for p in result.parts)
    assert parts == [(0, 7, "plan_a", [True, False]), (7, 12, "plan_b", [True, False])]
    adds_to_the_cent(result)


def test_quota_carry_moves_the_shortfall_or_surplus_into_the_months_left() -> None:
    # As above with quota: carry. Before August r0 sold 840,000 against 700,000: 140,000
    # ahead. The months left (August-December) had 500,000 of quota: x (1 - 140/500) =
    # 0.72, i.e. 72,000 a month.
    outcomes = outcomes_of(np.full((2, 12), 120_000.0))
    paid = commission(run_plan(outcomes, _changed("carry")), 0)
    # August-September: quota 144,000, revenue 240,000: 144,000 x 2% + 96,000 x 6% =
    # 2,880 + 5,760 = 8,640.
    assert paid[8] == 8_640.00
    # Q4: quota 216,000, revenue 360,000: 4,320 + 144,000 x 6% = 4,320 + 8,640 = 12,960.
    assert paid[11] == 12_960.00
    assert paid[6] == 3_800.00  # the old plan's part is as with reset


def test_a_change_at_the_start_of_a_quarter_cuts_nothing() -> None:
    # From July (a quarter's start): Q3 and Q4 wholly under B: 6,000 + 3,600 = 9,600 each.
    outcomes = outcomes_of(np.full((1, 12), 120_000.0))
    paid = commission(run_plan(outcomes, _changed(first="2026-07")), 0)
    np.testing.assert_array_equal(paid[[2, 5, 8, 11]], [11_400.0, 11_400.0, 9_600.0, 9_600.0])


def test_the_statement_says_which_plan_paid_which_months() -> None:
    from salesperf_model.present.statement import rep_statement

    outcomes = outcomes_of(np.full((2, 12), 120_000.0), nps=np.full((2, 12), 50.0))
    scenario = _changed()
    result = run_plan(outcomes, scenario, records=True)
    statement = rep_statement(result, outcomes, scenario, rep_id="r0", period="2026-Q3")
    assert statement.plans == [("2026-07", "2026-07", "plan_a"), ("2026-08", "2026-09", "plan_b")]
    lines = statement.pay[statement.pay["component"] == "commission"]
    paid = {
        line.settlement: line.value
        for line in lines.itertuples()
        if str(line.item).startswith("=paid")
    }
    # the cut quarter settled once under each plan: 3,800 in July, 6,400 in September
    assert paid == {"2026-Q3 under plan_a": 3_800.0, "2026-Q3 under plan_b": 6_400.0}
    amounts = dict(zip(statement.components["component"], statement.components["amount"]))
    assert amounts["commission"] == 10_200.00
    # 3 months of base 8,000 + allowances 1,000, and the commission
    assert statement.total == 3 * 9_000.00 + 10_200.00 == round(sum(amounts.values()), 2)
    plans = statement.table().query("section == 'plan'")
    assert plans["item"].tolist() == ["2026-07..2026-07", "2026-08..2026-09"]


# --- properties ----------------------------------------------------------------------------

shares = st.floats(0.0, 1.0)
revenues = st.lists(st.floats(0, 300_000), min_size=6, max_size=6)


@settings(max_examples=25, deadline=None)
@given(revenue=revenues, leave=st.lists(shares, min_size=6, max_size=6), carve=shares)
def test_relief_adds_to_the_cent_and_never_pays_less_commission(revenue, leave, carve) -> None:
    # With rates that rise with attainment, a smaller quota never pays less commission.
    leave_share = np.array([leave])
    outcomes = outcomes_of(np.array([revenue]), leave=leave_share)
    relief = {
        "leave": "prorate",
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-04", "share": carve}],
    }
    relieved = run_plan(outcomes, plan(settlement="monthly", relief=relief))
    plain = run_plan(outcomes, plan(settlement="monthly"))
    adds_to_the_cent(relieved)
    kept = (1 - leave_share[None]) * (1 - carve * (np.arange(6) >= 3))
    covered = outcomes.get("quota") * kept > 0
    # months whose quota is wholly relieved earn nothing (a quota of 0: no attainment)
    gained = commission(relieved) - commission(plain)
    assert (gained[covered[0, 0]] >= -0.011).all()


@settings(max_examples=20, deadline=None)
@given(revenue=st.lists(st.floats(0, 300_000), min_size=12, max_size=12), month=st.integers(2, 12))
def test_a_plan_change_adds_to_the_cent_and_leaves_other_reps_alone(revenue, month) -> None:
    outcomes = outcomes_of(np.array([revenue, revenue[::-1]]))
    result = run_plan(outcomes, _changed(first=f"2026-{month:02d}"))
    adds_to_the_cent(result)
    alone = run_plan(outcomes, plan())
    np.testing.assert_array_equal(result.total_pay()[:, 1], alone.total_pay()[:, 1])
    # the months before the change's settlement period are paid as under the old plan
    start = (month - 1) // 3 * 3
    np.testing.assert_array_equal(result.total_pay()[0, 0, :start], alone.total_pay()[0, 0, :start])


# --- simulated leave -----------------------------------------------------------------------


def test_simulated_leave_stops_visits_and_keeps_every_other_draw() -> None:
    base = load_scenario(BASELINE)
    on = load_scenario(BASELINE, ["population.leave.rate_per_year=0.5"])
    kwargs = {"reps": 40, "simulations": 2, "periods": 12}
    away = simulate(on.population, on.simulation, **kwargs)
    plain = simulate(base.population, base.simulation, **kwargs)
    leave = away.get("leave")
    assert set(np.unique(leave)) == {0.0, 1.0}
    assert plain.get("leave").sum() == 0.0  # off by default: the measure is all zeros
    # about half the reps start a leave of 3 months in a year: 40 x 2 x 0.5 x 3 = 120
    # rep-months at most (a seat refilled ends its leave); at least some are seen
    assert 40 <= leave.sum() <= 2 * 40 * 12
    assert (away.get("visits")[leave == 1] == 0).all()
    # a leave lasts 3 months unless the horizon or a new holder ends it
    runs = np.diff(np.concatenate([np.zeros((2, 40, 1)), leave, np.zeros((2, 40, 1))], -1), axis=-1)
    lengths = np.flatnonzero(runs.reshape(-1) == -1) - np.flatnonzero(runs.reshape(-1) == 1)
    # (two leaves may follow back to back: a run of 3 + 3, or cut by the horizon)
    assert np.bincount(lengths).argmax() == 3
    # months before any leave are drawn exactly as without leave (their own variable)
    first = int(np.argmax(leave.reshape(-1, 12).any(axis=0)))
    np.testing.assert_array_equal(away.get("visits")[..., :first], plain.get("visits")[..., :first])
    np.testing.assert_array_equal(
        away.get("quota")[..., : first + 1], plain.get("quota")[..., : first + 1]
    )


def test_same_seed_same_leaves() -> None:
    on = load_scenario(BASELINE, ["population.leave.rate_per_year=0.2"])
    kwargs = {"reps": 30, "simulations": 2, "periods": 12}
    one = simulate(on.population, on.simulation, **kwargs).get("leave")
    two = simulate(on.population, on.simulation, **kwargs).get("leave")
    np.testing.assert_array_equal(one, two)


# --- bad input -----------------------------------------------------------------------------


def test_carve_outs_of_more_than_the_territory_are_refused() -> None:
    leave = np.zeros((1, 12))
    leave[0, 7] = 0.8
    outcomes = outcomes_of(np.full((1, 12), 100_000.0), leave=leave)
    relief = {
        "leave": "prorate",
        "carve_out": "prorate",
        "carve_outs": [
            {"from": "2026-07", "share": 0.3, "reps": ["r0"]},
            {"from": "2026-08", "to": "2026-08", "share": 0.8},
        ],
    }
    scenario = plan(relief=relief).with_source_file("plans/relief.yaml")
    with pytest.raises(ReliefError) as caught:
        run_plan(outcomes, scenario)
    text = str(caught.value)
    for fragment in (
        "plans/relief.yaml: pay.relief: carve-outs take 1.1 of rep r0's quota in 2026-08",
        "pay.relief.carve_outs.0 0.3; pay.relief.carve_outs.1 0.8",
        "expected the carve-outs of one period to add up to at most 1",
    ):
        assert fragment in text, text


def test_more_than_a_whole_month_of_leave_is_refused() -> None:
    leave = np.zeros((1, 3))
    leave[0, 1] = 1.5  # e.g. an outcome table written in months of leave, not shares
    outcomes = outcomes_of(np.full((1, 3), 100_000.0), leave=leave)
    with pytest.raises(ReliefError, match=r"leave takes 1.5 of rep r0's quota in 2026-02"):
        run_plan(outcomes, plan(relief={"leave": "prorate"}))


def test_a_carve_out_naming_a_rep_the_data_lacks_is_warned_of() -> None:
    outcomes = outcomes_of(np.full((1, 12), 100_000.0))
    relief = {
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-07", "share": 0.3, "reps": ["R9"], "regions": ["R1"]}],
    }
    result = run_plan(outcomes, plan(relief=relief))
    assert "pay.relief.carve_outs.0: the data has no rep 'R9'; it applies to 0 of 1 reps here" in (
        result.warnings
    )
    np.testing.assert_array_equal(result.total_pay(), run_plan(outcomes, plan()).total_pay())


def test_a_change_after_the_data_ends_is_not_yet_in_force() -> None:
    # Data of January-June (e.g. the months a simulation has run so far): a change in
    # August pays nothing under the new plan; one dated before the data is in force
    # throughout.
    outcomes = outcomes_of(np.full((1, 6), 120_000.0))
    np.testing.assert_array_equal(
        run_plan(outcomes, _changed()).total_pay(), run_plan(outcomes, plan()).total_pay()
    )
    later = outcomes.__class__(
        reps=outcomes.reps,
        periods=[f"2026-{m:02d}" for m in range(9, 13)],
        measures={k: v[..., :4] for k, v in outcomes.measures.items()},
        source="hand-made",
    )
    np.testing.assert_array_equal(
        run_plan(later, _changed()).total_pay(),
        run_plan(later, plan(STEEP, name="plan_b")).total_pay(),
    )


def test_a_change_inside_a_quarter_of_quarterly_data_is_refused() -> None:
    outcomes = outcomes_of(np.full((1, 4), 300_000.0))
    outcomes = outcomes.__class__(
        reps=outcomes.reps,
        periods=["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
        measures=outcomes.measures,
        source="hand-made",
    )
    with pytest.raises(ReliefError, match="2026-08 falls inside the data's period 2026-Q3"):
        run_plan(outcomes, _changed())


def test_a_change_naming_a_missing_plan_file_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "moved.yaml"
    scenario.write_text(
        f"extends: {BASELINE}\n"
        "pay_changes:\n"
        "  - {from: 2026-07, plan: nowhere.yaml, reps: [R00003]}\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    problem = caught.value.problems[0]
    assert (problem.path, problem.value, problem.line) == ("pay_changes.0.plan", "nowhere.yaml", 3)
    assert "no such scenario file" in str(caught.value) and str(scenario) in str(caught.value)


def test_a_change_loads_its_plan_relative_to_the_scenario(tmp_path: Path) -> None:
    steep = BASELINE.parent / "steep_accelerator.yaml"
    (tmp_path / "steep.yaml").write_text(f"extends: {steep}\nname: steep\n")
    (tmp_path / "moved.yaml").write_text(
        f"extends: {BASELINE}\n"
        "pay_changes:\n"
        "  - {from: 2026-07, plan: steep.yaml, roles: [new_business], quota: carry}\n"
    )
    scenario = load_scenario(tmp_path / "moved.yaml")
    change = scenario.pay_changes[0]
    assert change.pay is not None and change.pay.commission.threshold == 0.5
    assert (change.quota, change.label) == ("carry", "steep")
    # the scenario carries what it pays: a dump validates back to the same plan
    again = Scenario.model_validate(scenario.model_dump(by_alias=True))
    assert again.model_dump() == scenario.model_dump()


def test_a_change_needs_a_plan_or_its_pay() -> None:
    with pytest.raises(ValueError, match="needs `plan` \\(a scenario file\\) or `pay`"):
        plan(changes=[{"from": "2026-07", "reps": ["r0"]}])


# --- imported relief table -----------------------------------------------------------------

WON = BASELINE.parents[1] / "mappings" / "won_deals.yaml"


def _import_with_relief(tmp_path: Path, rows: str):
    import yaml

    from salesperf_model.actuals import load_actuals

    mapping = yaml.safe_load(WON.read_text())
    mapping["data_dir"] = str((WON.parent / mapping["data_dir"]).resolve())
    (tmp_path / "relief.csv").write_text("who,from,to,why,share\n" + rows)
    columns = {"rep": "who", "start": "from", "end": "to", "reason": "why", "share": "share"}
    mapping["relief_table"] = {"file": str(tmp_path / "relief.csv"), "columns": columns}
    path = tmp_path / "won_deals.yaml"
    path.write_text(yaml.safe_dump(mapping))
    return load_actuals(path)


def test_an_imported_relief_table_fills_leave_and_carve_outs(tmp_path: Path) -> None:
    # Ann on leave 15 February - 10 March 2024: February (29 days) 15/29, March 10/31.
    # Bob: 40% of his territory carved out in March.
    outcomes, report = _import_with_relief(
        tmp_path, "Ann,2024-02-15,2024-03-10,leave,1\nBob,2024-03,2024-03,carve_out,0.4\n"
    )
    reps = list(outcomes.reps["rep_id"])
    leave = outcomes.get("leave")[0]
    np.testing.assert_allclose(leave[reps.index("Ann")], [0, 15 / 29, 10 / 31])
    np.testing.assert_allclose(outcomes.get("quota_carved_out")[0, reps.index("Bob")], [0, 0, 0.4])
    assert any("relief.csv (mapping relief_table)" in a for a in report.assumptions)
    # Paid with leave and carve-outs prorated: quota 1,000 a month (the mapping's fixed rule)
    relief = {"leave": "prorate", "carve_out": "prorate"}
    data = plan(settlement="monthly", relief=relief).model_dump(by_alias=True)
    data["scoring"] = load_scenario(BASELINE).scoring.model_dump(by_alias=True)
    scenario = Scenario.model_validate(data)
    from salesperf_model.engine.relief import relieve

    quota = relieve(scenario.pay.relief, outcomes).get("quota")[0]
    np.testing.assert_allclose(quota[reps.index("Ann")], [1000, 1000 * 14 / 29, 1000 * 21 / 31])
    np.testing.assert_allclose(quota[reps.index("Bob")], [1000, 1000, 600])


def test_a_relief_table_making_quota_negative_is_refused(tmp_path: Path) -> None:
    # Bob's carve-outs in March add up to 0.7 + 0.5 (his leave multiplies: not counted)
    with pytest.raises(ValueError) as caught:
        _import_with_relief(
            tmp_path,
            "Ann,2024-01,2024-01,leave,1\nBob,2024-03,2024-03,carve_out,0.7\n"
            "Bob,2024-02,2024-03,leave,1\nBob,2024-03-01,2024-03-31,carve_out,0.5\n",
        )
    text = str(caught.value)
    assert (
        "relief.csv (mapping relief_table): carve_out rows on lines 3, 5 remove 1.2 of rep 'Bob'"
        in text
    )
    assert "period starting 2024-03" in text and "at most 1" in text


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (
            "Ann,2024-02,2024-02,holiday,1",
            "line 2 (the header is line 1), column 'why': 'holiday'; expected leave or carve_out",
        ),
        ("Ann,2024-02,2024-02,leave,1.5", "column 'share': '1.5'; expected a share 0..1"),
        (
            "Ann,Feb 2024,2024-02,leave,1",
            "column 'from': 'Feb 2024'; expected a month like 2024-04",
        ),
        ("Ann,2024-03,2024-02,leave,1", "column 'to': '2024-02'; expected on or after from"),
        ("Zed,2024-02,2024-02,leave,1", "column 'who': 'Zed'; expected a rep of the import"),
    ],
)
def test_a_bad_relief_row_is_refused_naming_file_line_column_value(tmp_path, row, fragment) -> None:
    with pytest.raises(ValueError) as caught:
        _import_with_relief(tmp_path, row + "\n")
    assert "relief.csv (mapping relief_table)" in str(caught.value)
    assert fragment.replace("2024-04", "2026-04") in str(caught.value), str(caught.value)


def test_wholly_relieved_months_with_revenue_are_warned_of() -> None:
    # March wholly on leave but 50,000 collected (earlier sales): quota 0, no commission.
    leave = np.zeros((1, 3))
    leave[0, 2] = 1.0
    outcomes = outcomes_of(np.full((1, 3), 50_000.0), leave=leave)
    result = run_plan(outcomes, plan(settlement="monthly", relief={"leave": "prorate"}))
    np.testing.assert_array_equal(commission(result), [1_500.0, 1_500.0, 0.0])
    assert any(
        w.startswith("pay.relief: 1 rep-months have their whole quota relieved")
        for w in result.warnings
    )


def test_selectors_must_all_match() -> None:
    # r0 and r1 in region R1, r2 in R2; a carve-out for reps [r0, r2] in region R1 takes r0 only.
    outcomes = outcomes_of(np.full((3, 2), 100_000.0))
    outcomes.reps.loc[2, "region"] = "R2"
    relief = {
        "carve_out": "prorate",
        "carve_outs": [{"from": "2026-02", "share": 0.5, "reps": ["r0", "r2"], "regions": ["R1"]}],
    }
    result = run_plan(outcomes, plan(settlement="monthly", relief=relief))
    # r0 in February: quota 50,000: 50,000 x 3% + 50,000 x 4% = 3,500; the others 3,000.
    np.testing.assert_array_equal(
        result.payouts["commission"][0, :, 1], [3_500.0, 3_000.0, 3_000.0]
    )


def test_a_plan_change_pays_a_company_pool_exactly_once():
    """The baseline's team award is a 100,000 pool for the year: a mid-year plan change
    must not pay moved reps a share of it in each part (it paid 113,760.67 in one
    simulation before); every simulation pays the pool to the cent, as the baseline does."""
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.pipeline import outcomes_for

    scenarios = Path(__file__).resolve().parents[1] / "scenarios"
    baseline = load_scenario(scenarios / "baseline.yaml")
    changed = load_scenario(scenarios / "mid_year_change.yaml")
    outcomes = outcomes_for(baseline, simulations=4)
    paid = run_plan(outcomes, changed).payouts["bonus_team_award"].sum(axis=(1, 2))
    assert np.allclose(paid, 100_000.0, rtol=0, atol=0.005), paid
