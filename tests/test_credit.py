"""Credit (pay.credit, engine/credit.py): split and double credit between teammates,
overlay credit and a manager's override, worked by hand; components adding to the cent;
credit never created from nothing when shares add to 1; bad input refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.credit import credited_outcomes, split_credit, teammates
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.present.statement import rep_statement
from salesperf_model.schema import Scenario

ROOT = Path(__file__).parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
FLAT = [{"from_attainment": 0.0, "rate": 0.03}]


def team_outcomes(
    revenue: list[float], *, roles: list[str] | None = None, teams: list[str] | None = None
) -> Outcomes:
    """One simulation, one month; a seat per entry of ``revenue`` (collected = booked, new
    customers), quota 100,000 each, all in region North (tier 1), team T1 by default."""
    n = len(revenue)
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(n)],
            "role": roles or ["new_business"] * n,
            "region": "North",
            "region_tier": 1,
            "team": teams or ["T1"] * n,
            "group": "",
        }
    )
    money = np.asarray(revenue, dtype=float).reshape(1, n, 1)
    measures = {
        "quota": np.full((1, n, 1), 100_000.0),
        "revenue_collected_new": money,
        "revenue_booked_new": money.copy(),
    }
    return Outcomes(reps=reps, periods=["2026-01"], measures=measures, source="hand-made")


def plan(*, tiers=FLAT, team_sold_share: float = 0.5, **credit) -> Scenario:
    """The baseline without bonuses, with these commission tiers and credit rules."""
    data = load_scenario(BASELINE).model_dump(by_alias=True)
    data["pay"]["commission"]["tiers"] = tiers
    data["pay"]["bonuses"] = []
    data["pay"]["credit"].update(credit)
    data["population"]["team_sold_share"] = team_sold_share
    return Scenario.model_validate(data)


def paid(scenario: Scenario, outcomes: Outcomes, component: str) -> list[float]:
    return run_plan(outcomes, scenario).payouts[component][0, :, 0].tolist()


def test_teammate_is_the_next_coselling_seat_of_the_team() -> None:
    reps = pd.DataFrame({"team": ["T1", "T2", "T1", "T1", "T2", "T3", "T1"]})
    coselling = np.array([True, True, True, True, True, True, False])
    # T1 co-sellers 0 -> 2 -> 3 -> 0 (seat 6 does not co-sell); T2: 1 <-> 4; T3 alone
    assert teammates(reps, coselling).tolist() == [2, 4, 3, 0, 1, -1, -1]


def test_a_60_40_split_by_hand() -> None:
    # r0 sells 200,000, r1 nothing; half of r0's sales are team-sold with r1.
    # r0 credited 100,000 (own) + 60% x 100,000 = 160,000; r1 credited 40% x 100,000 = 40,000.
    # Baseline tiers 3% / 4% above 100% / 5% above 120% of a 100,000 quota:
    # r0: 3% x 100,000 + 4% x 20,000 + 5% x 40,000 = 3,000 + 800 + 2,000 = 5,800;
    # r1: 3% x 40,000 = 1,200. Without the split r0 would earn 3,000 + 800 + 4,000 = 7,800.
    tiers = [
        {"from_attainment": 0.0, "rate": 0.03},
        {"from_attainment": 1.0, "rate": 0.04},
        {"from_attainment": 1.2, "rate": 0.05},
    ]
    outcomes = team_outcomes([200_000, 0])
    split = plan(tiers=tiers, splits=[0.6, 0.4])
    result = run_plan(outcomes, split)
    assert result.payouts["commission"][0, :, 0].tolist() == [5_800.0, 1_200.0]
    assert result.attainment[0, :, 0].tolist() == pytest.approx([1.6, 0.4])
    assert "double_credit" not in result.payouts
    assert paid(plan(tiers=tiers), outcomes, "commission") == [7_800.0, 0.0]


def test_double_credit_doubles_the_cost_of_the_shared_sales() -> None:
    # Flat 3%. r0 sells 200,000, half team-sold with r1; 100% / 100%:
    # r0 credited 200,000 (6,000), r1 credited 100,000 (3,000): the shared 100,000 pays
    # 3,000 twice. Shares scaled to add to 1 (50% / 50%): r0 150,000 (4,500), r1 50,000
    # (1,500) = 6,000, the cost without double credit; double_credit = 9,000 - 6,000 =
    # 3,000, 3% of the shared 100,000.
    outcomes = team_outcomes([200_000, 0])
    result = run_plan(outcomes, plan(splits=[1.0, 1.0], double_credit=True))
    commission = result.payouts["commission"][0, :, 0]
    double = result.payouts["double_credit"][0, :, 0]
    assert commission.tolist() == [4_500.0, 1_500.0]
    assert double.tolist() == [1_500.0, 1_500.0]
    assert (commission + double).sum() == 9_000.0
    assert paid(plan(), outcomes, "commission") == [6_000.0, 0.0]


def test_double_credit_shows_in_the_statement_and_cost_tables() -> None:
    outcomes = team_outcomes([200_000, 0])
    scenario = plan(splits=[1.0, 1.0], double_credit=True)
    result = run_plan(outcomes, scenario, records=True)
    s = rep_statement(result, outcomes, scenario, rep_id="r1")
    amounts = dict(zip(s.components["component"], s.components["amount"]))
    assert amounts["double_credit"] == 1_500.0
    lines = s.pay[s.pay["component"] == "double_credit"]
    values = dict(zip(lines["item"], lines["value"]))
    assert values["commission on the credit as declared"] == pytest.approx(3_000.0)
    assert values["=paid on credit above 100%"] == pytest.approx(1_500.0)
    assert "credit above 100%" in result.pay_records["double_credit"].rule
    from salesperf_model.measure.cost import cost_by_component

    table = cost_by_component(result).set_index("component")
    assert table.loc["double_credit", "mean"] == 3_000.0


def test_override_on_the_team_revenue() -> None:
    # Team T1: manager m (own book 50,000) and reps 200,000 and 100,000; team T2: manager
    # alone. 0.5% of the team's revenue (the other seats: 300,000) = 1,500; the
    # manager's own book is not in it; T2's manager has no team revenue.
    roles = ["regional_manager", "new_business", "account_manager", "regional_manager"]
    outcomes = team_outcomes(
        [50_000, 200_000, 100_000, 80_000], roles=roles, teams=["T1", "T1", "T1", "T2"]
    )
    override = {"role": "regional_manager", "paid_on": "revenue", "rate": 0.005}
    assert paid(plan(override=override), outcomes, "manager_override") == [1_500, 0, 0, 0]
    # on attainment: team attainment 300,000 / 200,000 = 1.5, capped at 1.2: 2,000 x 1.2
    on_attainment = {**override, "paid_on": "attainment", "target_amount": 2000}
    capped = plan(override={**on_attainment, "cap_attainment": 1.2})
    assert paid(capped, outcomes, "manager_override") == [2_400, 0, 0, 0]
    uncapped = plan(override=on_attainment)
    assert paid(uncapped, outcomes, "manager_override") == [3_000, 0, 0, 0]
    # below the threshold nothing is paid
    high = plan(override={**on_attainment, "threshold": 1.6})
    assert paid(high, outcomes, "manager_override") == [0, 0, 0, 0]


def test_overlay_credit_without_reducing_the_reps() -> None:
    # T1: two key-account managers as overlay on two hunters selling 200,000 and 100,000.
    # Overlay credit 25% x 300,000 = 75,000, shared by the two overlay seats: 37,500
    # each, paid 2%: 750 each. The hunters keep their commission (3%: 6,000 and 3,000).
    roles = ["key_account_manager", "new_business", "new_business", "key_account_manager"]
    outcomes = team_outcomes([10_000, 200_000, 100_000, 0], roles=roles)
    overlay = {"role": "key_account_manager", "share": 0.25, "rate": 0.02}
    scenario = plan(overlay=overlay)
    result = run_plan(outcomes, scenario, records=True)
    assert result.payouts["overlay"][0, :, 0].tolist() == [750.0, 0.0, 0.0, 750.0]
    assert result.payouts["commission"][0, :, 0].tolist() == [300.0, 6_000.0, 3_000.0, 0.0]
    values = result.pay_records["overlay"].values
    assert values["=overlay credit"][0, 0, 0] == pytest.approx(37_500.0)


def test_no_credit_rule_pays_on_the_outcomes_themselves() -> None:
    outcomes = team_outcomes([200_000, 50_000])
    scenario = plan()
    assert credited_outcomes(scenario, outcomes) is outcomes
    result = run_plan(outcomes, scenario)
    assert set(result.payouts).isdisjoint({"double_credit", "overlay", "manager_override"})


revenues = st.lists(st.floats(0, 500_000, allow_nan=False), min_size=2, max_size=9)


@settings(max_examples=60, deadline=None)
@given(
    revenue=revenues,
    team_of=st.lists(st.integers(0, 2), min_size=9, max_size=9),
    seller=st.floats(0, 1),
    team_sold=st.floats(0, 1),
)
def test_shares_adding_to_one_move_credit_never_create_it(
    revenue, team_of, seller, team_sold
) -> None:
    n = len(revenue)
    reps = pd.DataFrame({"team": [f"T{t}" for t in team_of[:n]]})
    values = np.asarray(revenue, dtype=float).reshape(1, n, 1)
    partner = teammates(reps, np.ones(n, dtype=bool))
    credited = split_credit(values, partner, team_sold, splits=(seller, 1.0 - seller))
    assert credited.sum() == pytest.approx(values.sum(), rel=1e-12, abs=1e-6)
    assert (credited >= -1e-9).all()
    # double credit 100% / 100% adds exactly the team-sold share of partnered seats
    doubled = split_credit(values, partner, team_sold, splits=(1.0, 1.0))
    extra = team_sold * values[0, partner >= 0, 0].sum()
    assert doubled.sum() - values.sum() == pytest.approx(extra, rel=1e-9, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(
    revenue=st.lists(st.floats(0, 400_000, allow_nan=False), min_size=4, max_size=4),
    splits=st.sampled_from([(0.6, 0.4), (1.0, 1.0), (0.7, 0.5)]),
)
def test_components_add_to_the_total_to_the_cent(revenue, splits) -> None:
    roles = ["regional_manager", "new_business", "key_account_manager", "account_manager"]
    outcomes = team_outcomes(revenue, roles=roles)
    scenario = plan(
        splits=list(splits),
        double_credit=sum(splits) > 1,
        overlay={"role": "key_account_manager", "rate": 0.013},
        override={"role": "regional_manager", "rate": 0.0037},
    )
    result = run_plan(outcomes, scenario)
    cents = sum(np.round(v * 100).astype(np.int64) for v in result.payouts.values())
    assert (cents == np.round(result.total_pay() * 100).astype(np.int64)).all()
    for values in result.payouts.values():
        assert np.allclose(values * 100, np.round(values * 100))


@pytest.mark.parametrize(
    ("credit", "fragments"),
    [
        ({"splits": [0.6, 0.3]}, ["pay.credit.splits", "[0.6, 0.3] add to 0.9", "expected"]),
        ({"splits": [1.0, 1.0]}, ["pay.credit.splits", "add to 2 but double_credit is false"]),
        (
            {"override": {"paid_on": "attainment"}},
            ["pay.credit.override", "target_amount: is 0", "expected a monthly amount above 0"],
        ),
        ({"overlay": {"role": "specialist"}}, ["pay.credit.overlay.role", "unknown role"]),
    ],
)
def test_bad_credit_is_refused_with_file_key_and_value(tmp_path, credit, fragments) -> None:
    import yaml

    path = tmp_path / "bad_credit.yaml"
    path.write_text(
        yaml.safe_dump({"extends": str(BASELINE), "pay": {"credit": credit}}), encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    text = str(error.value)
    assert "bad_credit.yaml" in text
    for fragment in fragments:
        assert fragment in text


def test_the_example_scenario_turns_every_credit_rule_on() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "double_credit.yaml")
    credit = scenario.pay.credit
    assert credit.splits == (1.0, 1.0) and credit.double_credit
    assert credit.overlay is not None and credit.override is not None
    assert load_scenario(BASELINE).pay.credit.enabled is False


def test_double_credit_leaves_the_profit_pool_and_counts_alone() -> None:
    """Bonuses read credited commission-base revenue only: the profit pool (company gross
    profit) and a top-n count are what the seats made, so double credit cannot grow them."""
    from salesperf_model.outcomes import read_outcomes_csv

    outcomes = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    baseline = load_scenario(BASELINE)
    data = baseline.model_dump(by_alias=True)
    data["pay"]["credit"].update(splits=[1.0, 1.0], double_credit=True)
    doubled = run_plan(outcomes, Scenario.model_validate(data))
    single = run_plan(outcomes, baseline)
    for name in ("bonus_profit_share", "bonus_new_customer_award"):
        assert doubled.payouts[name].sum() == pytest.approx(single.payouts[name].sum())
    commission = doubled.payouts["commission"] + doubled.payouts["double_credit"]
    assert commission.sum() > single.payouts["commission"].sum()
    assert doubled.payouts["double_credit"].sum() > 0


def test_the_cost_chart_draws_every_component_however_many() -> None:
    """A plan with credit lines has 12 components: the stacked bars once stopped at the
    palette's 11 colours and silently left overlay and override pay out of the bar."""
    from salesperf_model.present.charts.cost import cost_components_chart

    names = [f"c{i}" for i in range(14)]
    table = pd.DataFrame({"plan": "p", "component": [*names, "total"], "mean": [1.0] * 14 + [14.0]})
    figure = cost_components_chart(table, ["p"], "p")
    bars = [patch for patch in figure.axes[0].patches]
    assert len(bars) == 14
    assert max(bar.get_x() + bar.get_width() for bar in bars) == pytest.approx(14.0)


def test_credit_rules_that_credit_no_one_are_warned() -> None:
    # a split with no team-sold revenue; an override role with no seat; a team (T2) of
    # hunters without the overlay role
    outcomes = team_outcomes(
        [100_000, 50_000, 80_000],
        roles=["key_account_manager", "new_business", "new_business"],
        teams=["T1", "T1", "T2"],
    )
    scenario = plan(
        team_sold_share=0.0,
        splits=[0.6, 0.4],
        overlay={"role": "key_account_manager"},
        override={"role": "regional_manager"},
    )
    warnings = run_plan(outcomes, scenario).warnings
    assert any("team_sold_share is 0" in w for w in warnings)
    assert any("no regional_manager seat in the data" in w for w in warnings)
    assert any("1 of 2 teams have no key_account_manager seat" in w for w in warnings)
    assert not any("pay.credit" in w for w in run_plan(outcomes, plan()).warnings)


@settings(max_examples=60, deadline=None)
@given(
    revenue=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=9),
    team_of=st.lists(st.integers(0, 3), min_size=9, max_size=9),
    coselling=st.lists(st.booleans(), min_size=9, max_size=9),
    splits=st.sampled_from([(0.6, 0.4), (1.0, 1.0), (0.7, 0.5), (0.5, 0.0)]),
    team_sold=st.floats(0, 1),
)
def test_credit_is_each_seats_own_share_plus_its_sellers_to_the_bit(
    revenue, team_of, coselling, splits, team_sold
) -> None:
    """Seat by seat: own sales x keep, plus the seller's sales x the teammate's share
    where the seat is someone's teammate (at most one seller each), and nothing added
    (a -0.0 stays -0.0) where it is nobody's."""
    n = len(revenue)
    reps = pd.DataFrame({"team": [f"T{t}" for t in team_of[:n]]})
    values = np.stack([np.asarray(revenue), -np.asarray(revenue) * 0.5])[:, :, None]
    values = np.concatenate([values, np.full((2, n, 1), -0.0)], axis=2)  # 2 sims, 2 months
    partner = teammates(reps, np.asarray(coselling[:n]))
    credited = split_credit(values, partner, team_sold, splits=splits)
    seller_share, mate_share = splits
    expected = np.empty_like(values)
    for r in range(n):
        keep = 1.0 - team_sold + team_sold * seller_share if partner[r] >= 0 else 1.0
        expected[:, r, :] = values[:, r, :] * keep
    for r in range(n):
        if partner[r] >= 0:
            expected[:, partner[r], :] += values[:, r, :] * (team_sold * mate_share)
    assert np.array_equal(credited, expected)
    assert np.array_equal(np.signbit(credited), np.signbit(expected))
