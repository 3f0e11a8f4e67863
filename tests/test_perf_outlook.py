"""The outlook's compiled loops (engine/outlook_kernels.py) give bit for bit what numpy
gives with ``curves.commission_payout`` / ``tier_earning`` and outlook.py's formulas, on
every curve shape, gate, end, cap and minimum, zero and negative quotas included."""

from __future__ import annotations

import numpy as np
import pytest

from salesperf_model.engine import outlook_kernels as kernels
from salesperf_model.engine.curves import commission_payout, tier_earning
from salesperf_model.schema import Commission

_ATTAINMENT = [
    {"from_attainment": 0.0, "rate": 0.03, "slope": 0.02},
    {"from_attainment": 1.0, "rate": 0.06, "slope": -0.05, "gated": True},
    {"from_attainment": 1.2, "rate": 0.05, "gated": True},
]
_AMOUNT = [
    {"from_amount": 0.0, "rate": 0.03},
    {"from_amount": 80_000.0, "rate": 0.05, "gated": True},
    {"from_amount": 150_000.0, "rate": 0.06, "to_amount": 300_000.0},
]
PLANS = [
    {"tiers": _ATTAINMENT},
    {"tiers": _ATTAINMENT, "curve": "retroactive"},
    {"tiers": _ATTAINMENT, "cap_attainment": 1.5, "threshold": 0.5, "minimum_payout": 500.0},
    {"tiers": _ATTAINMENT, "curve": "retroactive", "cap_attainment": 1.1, "cap_amount": 4e3},
    {"tiers": _AMOUNT, "minimum_payout": 300.0},
    {"tiers": _AMOUNT, "curve": "retroactive", "cap_amount": 5000.0},
]


def _cells(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    shape = (3, 40)
    quota = rng.uniform(5e4, 1.5e5, shape)
    quota[:, ::7], quota[:, 1::9] = 0.0, -5.0
    known = rng.uniform(0, 2e5, shape) * (rng.random(shape) < 0.7)
    rest = rng.uniform(0, 2e5, shape)
    extra = rng.normal(0, 2e4, shape)
    return {"quota": quota, "known": known, "rest": rest, "extra": extra}


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("gated", [False, True])
@pytest.mark.parametrize("limits", [False, True])
def test_commission_at_every_node_is_numpys(plan: dict, gated: bool, limits: bool) -> None:
    commission = Commission.model_validate({"roles": None, **plan})
    c = _cells(len(str(plan)))
    lucks = np.exp(np.linspace(-0.6, 0.6, 5))
    annual = c["quota"] * 3
    credit, paid = (
        np.linspace(0.5, 1.5, c["quota"].size).reshape(c["quota"].shape),
        np.arange(40) % 3 > 0,
    )
    got = kernels.commission_nodes(
        c["extra"],
        kernels.Projection(c["known"], c["rest"], lucks),
        c["quota"],
        gate=(kernels.Projection(c["known"] * 2, c["rest"], lucks[::-1]), annual)
        if gated
        else None,
        scale=(credit, paid),
        tables=kernels.curve_tables(commission),
        limits=limits,
    )
    rule = commission_payout if limits else tier_earning
    for k, luck in enumerate(lucks):
        revenue = c["known"] + c["rest"] * luck + c["extra"]
        gate = c["known"] * 2 + c["rest"] * lucks[::-1][k] + c["extra"] >= annual if gated else None
        expected = rule(commission, c["quota"], revenue, gate_open=gate) * credit * paid
        np.testing.assert_array_equal(got[k], expected)


def test_over_achievement_and_the_weighed_gains_are_numpys() -> None:
    c = _cells(3)
    lucks = np.exp(np.linspace(-0.6, 0.6, 5))
    paid = np.arange(40) % 4 > 0
    revenue = kernels.Projection(c["known"], c["rest"], lucks)
    got = kernels.over_nodes(c["extra"], revenue, c["quota"], above=1.2, rate=0.01, paid=paid)
    for k, luck in enumerate(lucks):
        projected = c["known"] + c["rest"] * luck + c["extra"]
        excess = np.maximum(projected - 1.2 * c["quota"], 0)
        np.testing.assert_array_equal(got[k], np.where(c["quota"] > 0, 0.01 * excess, 0.0) * paid)
    linear = kernels.linear_nodes(c["extra"], c["rest"], share=0.02, paid=paid, nodes=5)
    np.testing.assert_array_equal(linear[3], 0.02 * (c["rest"] + c["extra"]) * paid)
    base = got[::-1].copy()
    weights = np.array([0.1, 0.2, 0.4, 0.2, 0.1])
    gain, pay = np.ones(got.shape[1:]), np.ones(got.shape[1:])
    kernels.over_nodes(
        c["extra"],
        revenue,
        c["quota"],
        above=1.2,
        rate=0.01,
        paid=paid,
        into=kernels.Into(gain, base, weights * 0.8),
    )
    kernels.add_pay(pay, base, weights=weights, months=3)
    expected_gain, expected_pay = np.ones(gain.shape), np.ones(pay.shape)
    for w, at, at_rest in zip(weights, got, base, strict=True):
        expected_gain = expected_gain + w * 0.8 * (at - at_rest)
        expected_pay = expected_pay + w * at_rest / 3
    np.testing.assert_array_equal(gain, expected_gain)
    np.testing.assert_array_equal(pay, expected_pay)


@pytest.mark.parametrize("gated", [False, True])
def test_one_simulation_of_many_seats_worked_in_blocks_is_the_same(monkeypatch, gated) -> None:
    """A chunk of one simulation and many seats goes through the commission loop a block
    of seats at a time (``SEAT_BLOCK``): the pay at every node and the gains added in
    place are those of one pass over every seat, to the bit, the last block short."""
    commission = Commission.model_validate({"roles": None, **PLANS[3]})
    c = {k: v.reshape(1, -1) for k, v in _cells(5).items()}  # (1, 120)
    lucks = np.exp(np.linspace(-0.6, 0.6, 5))
    paid = np.arange(120) % 5 > 0

    def run(into=None):
        return kernels.commission_nodes(
            c["extra"],
            kernels.Projection(c["known"], c["rest"], lucks),
            c["quota"],
            gate=(kernels.Projection(c["known"] * 2, c["rest"], lucks), c["quota"] * 3)
            if gated
            else None,
            scale=(np.full((1, 120), 0.9), paid),
            tables=kernels.curve_tables(commission),
            limits=True,
            into=into,
        )

    whole = run()
    whole_gain = np.ones((1, 120))
    run(kernels.Into(whole_gain, whole[::-1].copy(), np.linspace(0.1, 0.5, 5)))
    monkeypatch.setattr(kernels, "SEAT_BLOCK", 7)  # 120 seats: 17 blocks of 7, one of 1
    np.testing.assert_array_equal(run(), whole)
    gain = np.ones((1, 120))
    assert run(kernels.Into(gain, whole[::-1].copy(), np.linspace(0.1, 0.5, 5))).shape == (
        0,
        1,
        120,
    )
    np.testing.assert_array_equal(gain, whole_gain)
    assert not np.array_equal(gain, np.ones((1, 120)))
