"""A figure a sum's rounding leaves a hair short of a plan's edge is on the edge
(engine/edges.py): tiers, thresholds, gates, awards, modifiers, score and grade bands.
The hand-worked cases are tests/cases/72-75."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from commission_fixture import BASELINE, outcomes_of
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import commission_payout, marginal_rate
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.edges import EDGE_WITHIN, above, at_least, on_edges
from salesperf_model.engine.grading import band_grades
from salesperf_model.engine.mechanics import gate_misses
from salesperf_model.engine.periods import period_groups
from salesperf_model.loading import load_scenario
from salesperf_model.schema import GRADES, Commission
from salesperf_model.schema.mechanics import Modifier

SHORT = 299_999.99999999994  # 142,309.33 + 128,745.25 + 28,945.42 in binary floating point
RETROACTIVE = Commission(
    tiers=[
        {"from_attainment": 0.0, "rate": 0.03},
        {"from_attainment": 1.0, "rate": 0.04},
        {"from_attainment": 1.2, "rate": 0.05},
    ],
    curve="retroactive",
)


def test_the_sum_of_cents_falls_short_in_binary() -> None:
    """The case the module exists for: floats add these cents to just under the quota."""
    assert 142_309.33 + 128_745.25 + 28_945.42 == SHORT < 300_000.0


def test_at_least_and_above_allow_the_rounding_of_sums_only() -> None:
    assert at_least(SHORT, 300_000.0)
    assert not at_least(299_999.99, 300_000.0)  # a cent short is short
    assert not at_least(np.nan, 1.0)
    assert at_least(0.0, 0.0) and not at_least(-1e-300, 0.0)  # no room at zero
    assert list(at_least(np.array([0.9999999999999998, 0.99999]), 1.0)) == [True, False]
    assert not above(4.000000000000001, 4.0) and above(4.01, 4.0) and not above(np.nan, 4.0)
    quota = 900_000_000.0
    assert not at_least(quota - 0.01, quota)  # a cent short of a quota under a billion
    assert at_least(quota * (1 - EDGE_WITHIN / 2), quota)


def test_on_edges_moves_only_values_near_an_edge() -> None:
    level = np.array([0.9999999999999998, 0.99, 1.2000000000000002, 0.0, np.nan, 1.5])
    moved = on_edges(level, [0.0, 1.0, 1.2])
    np.testing.assert_array_equal(moved, [1.0, 0.99, 1.2, 0.0, np.nan, 1.5])
    untouched = np.array([0.5, 0.99])
    assert on_edges(untouched, [1.0, 1.2]) is untouched


def test_retroactive_curve_on_an_edge_reached_by_a_sum() -> None:
    paid = commission_payout(RETROACTIVE, np.array([300_000.0]), np.array([SHORT]))
    assert round(float(paid[0]), 2) == 12_000.00
    assert float(marginal_rate(RETROACTIVE, SHORT / 300_000.0)) == 0.04
    below = commission_payout(RETROACTIVE, np.array([300_000.0]), np.array([299_999.99]))
    assert round(float(below[0]), 2) == 9_000.00


cents = st.integers(1, 50_000_000).map(lambda c: Decimal(c) / 100)


@settings(max_examples=60, deadline=None)
@given(months=st.lists(cents, min_size=2, max_size=6), edge=st.sampled_from(["1.0", "1.2"]))
def test_a_quarter_on_an_edge_pays_as_one_month_of_its_total(months, edge) -> None:
    """Whatever the months' cents, a quarter whose total is exactly quota x edge pays the
    rate of the tier starting at the edge, as one month of that total does."""
    total = sum(months)
    quota = total / Decimal(edge)
    if quota != quota.quantize(Decimal("0.01")):  # a quota in whole cents only
        return
    revenue = np.array([[float(m) for m in months]])
    quotas = np.zeros_like(revenue)
    quotas[0, 0] = float(quota)
    plan = RETROACTIVE.model_copy(update={"settlement": "annual", "base": "collected"})
    spread = outcomes_of(revenue, quota=quotas)
    whole = outcomes_of(np.array([[float(total)]]), quota=np.array([[float(quota)]]))
    paid_spread = pay_commission(spread, plan)[0].sum()
    paid_whole = pay_commission(whole, plan)[0].sum()
    assert round(float(paid_spread), 2) == round(float(paid_whole), 2)


def test_modifier_at_most_met_exactly_is_met() -> None:
    """A monthly mean a hair over ``at_most`` by its sum's rounding meets the limit."""
    hours = np.array([[5.2, 5.9, 0.9]])  # mean 4, as floats 4.000000000000001
    outcomes = outcomes_of(np.full((1, 3), 100_000.0), response_time_hours=hours)
    settle = period_groups(outcomes.periods, "quarterly")
    within = Modifier(name="speed", measure="response_time_hours", at_most=4, factor=0.5)
    assert not gate_misses(within, outcomes, settle).any()
    stricter = Modifier(name="speed", measure="response_time_hours", at_most=3.99, factor=0.5)
    assert gate_misses(stricter, outcomes, settle).all()


def test_points_a_hair_short_of_a_band_are_in_it() -> None:
    grading = load_scenario(BASELINE).grading
    lows = sorted(b.min_points for b in grading.bands if b.min_points)
    edge = lows[-1]
    codes = band_grades(np.array([[[edge * (1 - 1e-15), edge * (1 - 1e-6)]]]), grading)
    at_edge = band_grades(np.array([[[edge]]]), grading)
    assert codes[0, 0, 0] == at_edge[0, 0, 0]
    assert codes[0, 0, 1] != at_edge[0, 0, 0]
    assert GRADES[int(at_edge[0, 0, 0])] in GRADES
