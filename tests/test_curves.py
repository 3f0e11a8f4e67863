"""Commission curves: hand-computed values and shape properties of every tier kind."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import commission_payout, earning_share, marginal_rate
from salesperf_model.schema import Commission

BRIEF_TIERS = [
    {"from_attainment": 0.0, "rate": 0.03},
    {"from_attainment": 1.0, "rate": 0.04},
    {"from_attainment": 1.2, "rate": 0.05},
]


def curve(**fields) -> Commission:
    return Commission(**{"tiers": BRIEF_TIERS, **fields})


def test_brief_marginal_tiers_pay_43000_at_130_percent_of_a_million() -> None:
    paid = commission_payout(curve(), np.array(1_000_000.0), np.array(1_300_000.0))
    assert paid == pytest.approx(30_000 + 8_000 + 5_000)


def test_value_on_an_edge_belongs_to_the_higher_tier() -> None:
    rates = marginal_rate(curve(), np.array([0.999999, 1.0, 1.2]))
    assert rates.tolist() == [0.03, 0.04, 0.05]
    retro = earning_share(curve(curve="retroactive"), np.array([1.0]))
    assert retro[0] == pytest.approx(0.04)


def test_marginal_rate_is_zero_below_threshold_and_above_cap() -> None:
    steep = curve(threshold=0.5, cap_attainment=2.0)
    assert marginal_rate(steep, np.array([0.49, 0.5, 1.99, 2.0])).tolist() == [0, 0.03, 0.05, 0]


def test_decelerator_rate_never_negative() -> None:
    tiers = [{"from_attainment": 0.0, "rate": 0.04, "slope": -0.1}]
    rates = marginal_rate(Commission(tiers=tiers), np.array([0.0, 0.2, 0.4, 1.0]))
    np.testing.assert_allclose(rates, [0.04, 0.02, 0.0, 0.0], atol=1e-12)
    # Integral: 0.04 x 0.4 - 0.1 x 0.4^2 / 2 = 0.008, flat beyond 0.4.
    np.testing.assert_allclose(earning_share(Commission(tiers=tiers), np.array([1.0])), [0.008])


def test_gate_shut_drops_gated_tiers_so_previous_rate_carries_on() -> None:
    gated = curve(
        tiers=[
            {"from_attainment": 0.0, "rate": 0.03},
            {"from_attainment": 1.0, "rate": 0.04, "gated": True},
            {"from_attainment": 1.2, "rate": 0.05, "gated": True},
        ]
    )
    attainment = np.array([1.3, 1.3])
    shares = earning_share(gated, attainment, gate_open=np.array([False, True]))
    np.testing.assert_allclose(shares, [0.039, 0.043])
    assert marginal_rate(gated, np.array(1.5), gate_open=False) == pytest.approx(0.03)


def test_cap_amount_and_minimum_payout_are_money_limits() -> None:
    limited = curve(cap_amount=20_000, minimum_payout=500)
    paid = commission_payout(
        limited, np.full(3, 1_000_000.0), np.array([1_300_000.0, 1_000.0, 0.0])
    )
    # 43,000 capped; 30 raised to the minimum; no revenue, no minimum.
    np.testing.assert_allclose(paid, [20_000, 500, 0])


def test_zero_quota_earns_nothing() -> None:
    assert commission_payout(curve(), np.array(0.0), np.array(5_000.0)) == 0.0


@st.composite
def tier_lists(draw, allow_slope: bool = True) -> list[dict]:
    count = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.floats(0.05, 0.8), min_size=count - 1, max_size=count - 1))
    starts = np.concatenate([[0.0], np.cumsum(gaps)]).tolist()
    tiers = []
    for start in starts:
        tier = {"from_attainment": float(start), "rate": draw(st.floats(0.0, 0.1))}
        if allow_slope:
            tier["slope"] = draw(st.floats(-0.3, 0.3))
        tiers.append(tier)
    return tiers


GRID = np.linspace(0.0, 3.0, 3001)


@settings(max_examples=60, deadline=None)
@given(tiers=tier_lists(), cap=st.none() | st.floats(0.5, 2.5))
def test_marginal_curves_are_continuous_and_never_decrease(tiers, cap) -> None:
    commission = Commission(tiers=tiers, cap_attainment=cap)
    share = earning_share(commission, GRID)
    steps = np.diff(share)
    assert (steps >= -1e-12).all()
    # Continuity: no step larger than the highest rate on the grid times the grid step.
    uncapped = Commission(tiers=tiers)  # the sup of the rate: grid, edges from both sides
    starts = np.array([t["from_attainment"] for t in tiers])
    probes = np.concatenate([GRID, GRID - 1e-9, starts, starts - 1e-9])  # left limits too
    highest_rate = marginal_rate(uncapped, probes).max()
    assert steps.max() <= highest_rate * (GRID[1] - GRID[0]) + 1e-12


@settings(max_examples=60, deadline=None)
@given(tiers=tier_lists())
def test_marginal_rate_is_the_slope_of_the_marginal_curve(tiers) -> None:
    commission = Commission(tiers=tiers)
    points = np.linspace(0.013, 2.9, 50)
    edges = np.array([t["from_attainment"] for t in tiers])
    away = np.abs(points[:, None] - edges[None, :]).min(axis=1) > 1e-3
    h = 1e-6
    slope = (earning_share(commission, points + h) - earning_share(commission, points)) / h
    np.testing.assert_allclose(
        slope[away], marginal_rate(commission, points + h / 2)[away], atol=1e-4
    )


@settings(max_examples=60, deadline=None)
@given(tiers=tier_lists(allow_slope=False))
def test_retroactive_curves_jump_exactly_at_tier_edges(tiers) -> None:
    commission = Commission(tiers=tiers, curve="retroactive")
    for below, above in pairwise(tiers):
        edge = above["from_attainment"]
        at_edge = earning_share(commission, np.array([edge]))[0]
        just_below = earning_share(commission, np.array([edge - 1e-9]))[0]
        assert at_edge == pytest.approx(edge * above["rate"], abs=1e-12)
        assert just_below == pytest.approx(edge * below["rate"], abs=1e-9)
    # Between edges the curve is revenue x a constant rate: continuous.
    edges = np.array([t["from_attainment"] for t in tiers])
    share = earning_share(commission, GRID)
    crosses = np.searchsorted(edges, GRID[1:], "right") != np.searchsorted(
        edges, GRID[:-1], "right"
    )
    steps = np.abs(np.diff(share))[~crosses]
    assert (steps <= 0.1 * (GRID[1] - GRID[0]) + 1e-12).all()
