"""Commission kinds beyond attainment tiers: amount-based tiers, a last tier that ends,
per-deal tiering (hand-worked cases in tests/cases/57-62, 66); properties that tie them to
the attainment curve and to each other; components still add to the total to the cent;
the explorer, plan words and change table on amount tiers."""

from __future__ import annotations

import numpy as np
import pytest
from commission_fixture import BASELINE, outcomes_of, scenario_with
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model import explore
from salesperf_model.engine import commission_payout, run_plan
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.products import commission_by_line, product_shares
from salesperf_model.explore import build_plan, plan_levers, start_values
from salesperf_model.explore.checks import inactive
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.present.words import plain_words
from salesperf_model.schema import Commission


@st.composite
def amount_tiers(draw, *, ascending_rates: bool = False) -> list[dict]:
    count = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.floats(1_000, 80_000), min_size=count - 1, max_size=count - 1))
    starts = np.concatenate([[0.0], np.cumsum(gaps)]).tolist()
    rates = sorted(draw(st.lists(st.floats(0.0, 0.1), min_size=count, max_size=count)))
    if not ascending_rates:
        rates = draw(st.permutations(rates))
    return [{"from_amount": s, "rate": r} for s, r in zip(starts, rates, strict=True)]


revenues = st.lists(st.floats(0, 400_000), min_size=3, max_size=12).map(
    lambda xs: np.array(xs).reshape(1, -1)
)


@settings(max_examples=40, deadline=None)
@given(tiers=amount_tiers(), revenue=revenues, curve=st.sampled_from(["marginal", "retroactive"]))
def test_one_deal_a_period_per_deal_equals_period_tiering(tiers, revenue, curve) -> None:
    deals = np.ones_like(revenue)
    outcomes = outcomes_of(revenue, deals_won=deals)
    period = Commission(tiers=tiers, base="booked", curve=curve)
    per_deal = Commission(tiers=tiers, base="booked", curve=curve, tier_each="deal")
    np.testing.assert_allclose(
        pay_commission(outcomes, per_deal)[0], pay_commission(outcomes, period)[0], rtol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(tiers=amount_tiers(ascending_rates=True), revenue=revenues, deals=st.integers(1, 6))
def test_split_into_deals_rising_marginal_rates_never_pay_more(tiers, revenue, deals) -> None:
    """Rising marginal rates are convex: n deals of a month's mean size earn at most what
    the month tiered as one amount earns."""
    outcomes = outcomes_of(revenue, deals_won=np.full_like(revenue, deals))
    period = Commission(tiers=tiers, base="booked")
    per_deal = Commission(tiers=tiers, base="booked", tier_each="deal")
    assert (
        pay_commission(outcomes, per_deal)[0] <= pay_commission(outcomes, period)[0] + 1e-6
    ).all()


@settings(max_examples=40, deadline=None)
@given(
    edges=st.lists(st.floats(0.05, 0.8), min_size=0, max_size=3),
    rates=st.lists(st.floats(0.0, 0.1), min_size=4, max_size=4),
    quota=st.floats(1_000, 1e6),
    attainment=st.lists(st.floats(0, 3), min_size=1, max_size=20),
    end=st.none() | st.floats(2.5, 4.0),
    curve=st.sampled_from(["marginal", "retroactive"]),
)
def test_amount_tiers_are_attainment_tiers_on_a_fixed_quota(
    edges, rates, quota, attainment, end, curve
) -> None:
    starts = np.concatenate([[0.0], np.cumsum(edges)])
    on_attainment = Commission(
        curve=curve,
        tiers=[{"from_attainment": s, "rate": r} for s, r in zip(starts, rates, strict=False)],
        cap_attainment=end,
    )
    last = {} if end is None else {"to_amount": end * quota}
    on_amount = Commission(
        curve=curve,
        tiers=[
            {"from_amount": s * quota, "rate": r, **(last if i == len(starts) - 1 else {})}
            for i, (s, r) in enumerate(zip(starts, rates, strict=False))
        ],
    )
    revenue = np.array(attainment) * quota
    np.testing.assert_allclose(
        commission_payout(on_amount, np.zeros_like(revenue), revenue),
        commission_payout(on_attainment, np.full_like(revenue, quota), revenue),
        rtol=1e-9,
        atol=1e-6,
    )


@settings(max_examples=40, deadline=None)
@given(tiers=amount_tiers(), revenue=revenues, end=st.floats(10_000, 300_000))
def test_a_last_tier_that_ends_pays_what_the_open_curve_pays_at_the_end(
    tiers, revenue, end
) -> None:
    tiers = [t for t in tiers if t["from_amount"] < end]
    ended = Commission(tiers=[*tiers[:-1], {**tiers[-1], "to_amount": end}])
    open_ended = Commission(tiers=tiers)
    np.testing.assert_allclose(
        commission_payout(ended, 0 * revenue, revenue),
        commission_payout(open_ended, 0 * revenue, np.minimum(revenue, end)),
        rtol=1e-12,
    )


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    kind=st.sampled_from(["amount", "deal", "margin", "products", "ends"]),
    months=st.integers(1, 13),
)
def test_components_and_product_lines_add_to_the_total_to_the_cent(seed, kind, months) -> None:
    rng = np.random.default_rng(seed)
    reps = 6
    revenue = rng.gamma(2.0, 50_000.0, size=(reps, months))
    outcomes = outcomes_of(
        revenue,
        deals_won=rng.integers(0, 5, size=(reps, months)),
        gross_profit=revenue * rng.uniform(-0.1, 0.5, size=(reps, months)),
        revenue_booked_existing=rng.gamma(2.0, 20_000.0, size=(reps, months)),
    )
    amount = [{"from_amount": 0, "rate": 0.02}, {"from_amount": 60_000, "rate": 0.05}]
    plan = {
        "amount": {"tiers": amount, "cap_amount": 9_000},
        "deal": {"tiers": amount, "base": "booked", "tier_each": "deal", "minimum_payout": 50},
        "margin": {"tiers": amount, "base": "booked", "paid_on": "margin"},
        "products": {"product_factors": {"GTX": 1.5, "GTK": 0.0}},
        "ends": {"tiers": [amount[0], {**amount[1], "to_amount": 150_000}]},
    }[kind]
    scenario = scenario_with(**plan)
    result = run_plan(outcomes, scenario)
    cents = sum(np.round(v * 100).astype(np.int64) for v in result.payouts.values())
    assert (cents == np.round(result.total_pay() * 100).astype(np.int64)).all()
    commission = result.payouts["commission"]
    assert (commission >= 0).all()
    shares = product_shares(scenario.population.products.mix, outcomes)
    lines = commission_by_line(scenario.pay.commission, commission, shares)
    assert abs(sum(lines.values()) - commission).max() < 0.005


def test_plan_words_name_amount_tiers_deals_margin_and_lines() -> None:
    scenario = scenario_with(
        base="booked",
        tier_each="deal",
        tiers=[
            {"from_amount": 0, "rate": 0.03},
            {"from_amount": 50_000, "rate": 0.05, "to_amount": 200_000},
        ],
        product_factors={"GTK": 0.0, "MG": 2.0},
    )
    text = " ".join(plain_words(scenario))
    assert "3% up to 50,000 CNY; 5% from 50,000 CNY to 200,000 CNY" in text
    assert "each deal tiered on its own amount" in text
    assert "nothing on the part above 200,000 CNY" in text
    assert "GTK earns none, MG x2" in text


def test_explorer_shows_amount_tiers_and_saves_them(tmp_path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "amounts.yaml").write_text(
        f"extends: {BASELINE.as_posix()}\n"
        "pay:\n  commission:\n    tiers:\n"
        "      - {from_amount: 0, rate: 0.03}\n"
        "      - {from_amount: 50000, rate: 0.05}\n",
        encoding="utf-8",
    )
    explorer = explore.prepare_explorer(folder / "amounts.yaml", simulations=2, reps=40)
    levers = plan_levers(explorer.scenario, tiers=3)
    by_key = {lever.key: lever for lever in levers}
    assert by_key["tier.2.from_amount"].start == 50_000.0
    assert "tier.2.from_attainment" not in by_key
    values = start_values(levers)
    idle = inactive(explorer.scenario, levers, values)
    for key in ("tier.2.slope", "pay.commission.threshold", "pay.commission.cap_attainment"):
        assert "amounts of money" in idle[key], key
    values.update({"tier.3.from_amount": 120_000.0, "tier.3.rate": 7.0})
    edited = build_plan(explorer.scenario, levers, values)
    assert [t.from_amount for t in edited.pay.commission.tiers] == [0, 50_000, 120_000]
    saved = explore.save_scenario(
        edited, explorer.scenario, folder / "amounts.yaml", out_path=folder / "saved.yaml"
    )
    assert load_scenario(saved).pay.commission.tiers[2].rate == pytest.approx(0.07)


def test_recorded_deals_are_tiered_one_by_one() -> None:
    """A simulation that keeps its deals: each recorded new-customer deal is tiered on its
    booked value, existing-customer revenue at the mean order of the repeat customers;
    checked against a loop over the records (here, in the test only)."""
    from salesperf_model.simulate import simulate

    scenario = scenario_with(
        base="booked",
        tier_each="deal",
        tiers=[{"from_amount": 0, "rate": 0.02}, {"from_amount": 20_000, "rate": 0.06}],
    )
    outcomes = simulate(
        scenario.population, reps=12, periods=3, simulations=2, seed=7, keep_deals=True
    )
    deals = outcomes.meta["deals"]
    assert len(deals) > 20
    paid = pay_commission(outcomes, scenario.pay.commission)[0]

    def tiered(amount: float) -> float:
        return 0.02 * min(amount, 20_000) + 0.06 * max(amount - 20_000, 0.0)

    rep_pos = {r: i for i, r in enumerate(outcomes.reps["rep_id"])}
    month_pos = {p: i for i, p in enumerate(outcomes.periods)}
    expected = np.zeros(outcomes.shape)
    for row in deals.itertuples():
        cell = (row.simulation, rep_pos[row.rep], month_pos[row.period])
        expected[cell] += tiered(row.list_value - row.discount)
    existing = outcomes.get("revenue_booked_existing")
    orders = np.maximum(outcomes.get("repeat_customers"), (existing > 0).astype(float))
    for cell in zip(*np.nonzero(existing > 0), strict=True):
        expected[cell] += orders[cell] * tiered(existing[cell] / orders[cell])
    np.testing.assert_allclose(paid, expected, rtol=1e-9, atol=1e-6)
    # Without the records every deal is taken at its month's mean: rising rates pay less.
    mean_sized = Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures=outcomes.measures,
        source=outcomes.source,
    )
    approximated = pay_commission(mean_sized, scenario.pay.commission)[0]
    assert approximated.sum() < paid.sum()


def test_plan_changes_name_where_an_amount_tier_starts() -> None:
    from salesperf_model.present import plan_changes

    base = load_scenario(BASELINE)
    plan = scenario_with(
        tiers=[{"from_amount": 0, "rate": 0.03}, {"from_amount": 50_000, "rate": 0.05}]
    )
    table = plan_changes(plan, base).set_index("setting")
    assert table.loc["Tiers", "plan"] == (
        "from amount 0 CNY, rate 3%; from amount 50,000 CNY, rate 5%"
    )


@settings(max_examples=40, deadline=None)
@given(
    edges=st.lists(st.floats(0.05, 0.8), min_size=1, max_size=3),
    rates=st.lists(st.floats(0.0, 0.1), min_size=4, max_size=4),
    end=st.floats(0.3, 2.0),
    curve=st.sampled_from(["marginal", "retroactive"]),
)
def test_a_tier_at_or_above_the_end_never_pays(edges, rates, end, curve) -> None:
    """Dropping the tiers that start at or above the end of accrual changes nothing, on
    either curve (a retroactive curve at the end pays the rate in force just below it)."""
    starts = np.concatenate([[0.0], np.cumsum(edges)])
    if starts[-1] >= end:
        starts = np.append(starts[starts < end], end)  # one tier exactly on the end
    tiers = [{"from_attainment": s, "rate": r} for s, r in zip(starts, rates, strict=False)]
    kept = [t for t in tiers if t["from_attainment"] < end]
    full = Commission(tiers=tiers, curve=curve, cap_attainment=end)
    trimmed = Commission(tiers=kept, curve=curve, cap_attainment=end)
    grid = np.linspace(0, 3, 601)
    grid = np.sort(np.append(grid, [end, *starts]))
    np.testing.assert_allclose(
        commission_payout(full, np.ones_like(grid), grid),
        commission_payout(trimmed, np.ones_like(grid), grid),
        rtol=1e-12,
        atol=1e-12,
    )
