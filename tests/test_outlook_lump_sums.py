"""A lump sum for reaching a threshold is valued by its chance of being reached
(engine/outlook.py): its expected marginal pay is a smooth bump around the threshold, not
a staircase of the forecast's quadrature nodes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.stats import norm

from salesperf_model.engine.outlook import plan_outlook
from salesperf_model.loading import load_scenario
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import Scenario
from salesperf_model.simulate import build_rep_table

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
RUN_RATES = np.linspace(50_000.0, 150_000.0, 41)  # per month, against a 100,000 quota


def _with_quarterly_bonus(scenario: Scenario, amount: float) -> Scenario:
    data = scenario.model_dump()
    data["pay"]["bonuses"].append(
        {
            "name": "quarterly_pacer",
            "type": "threshold",
            "measure": "attainment",
            "at_least": 1.0,
            "amount": amount,
            "settlement": "quarterly",
        }
    )
    return Scenario.model_validate(data)


def _january(scenario: Scenario) -> PayState:
    reps = len(RUN_RATES)
    table = build_rep_table(scenario.population, reps, 1)
    table["role"] = "new_business"
    return PayState(
        period_index=0,
        period_label="2026-01",
        reps=table,
        so_far=None,
        quota=np.full((1, reps), 100_000.0),
        run_rate=RUN_RATES[None, :],
        collected_share=1.0,
        next_quota_per_revenue=np.zeros((1, reps)),
    )


def test_a_quarterly_lump_sum_adds_its_amount_times_the_change_in_its_chance() -> None:
    """In January a rep whose run rate is r projects 3 r (log-normal, CV 0.5 / sqrt 3) for
    the quarter against a quarterly quota of 300,000; the extra revenue step is 10% of the
    month's quota. The bonus adds 0.8 (present bias: paid after the monthly commission)
    x 6,000 x (chance with the step - chance without) / step, at every run rate."""
    baseline = load_scenario(BASELINE)
    behaviour = baseline.behaviour
    state = _january(baseline)
    without, pay_without = plan_outlook(baseline, state, behaviour)
    with_bonus, pay_with = plan_outlook(_with_quarterly_bonus(baseline, 6000.0), state, behaviour)
    sigma = 0.5 / np.sqrt(3)
    step = 10_000.0

    def chance(extra: float) -> np.ndarray:
        return norm.sf((np.log((300_000.0 - extra) / (3 * RUN_RATES)) + sigma**2 / 2) / sigma)

    expected = 0.8 * 6000.0 * (chance(step) - chance(0.0)) / step
    np.testing.assert_allclose((with_bonus - without)[0], expected, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose((pay_with - pay_without)[0], 6000.0 * chance(0.0) / 3, rtol=1e-9)
    # one smooth bump: rising up to the run rate that makes the threshold likeliest to
    # be crossed by the step, falling after; positive even at half the quota
    bump = (with_bonus - without)[0]
    peak = int(np.argmax(bump))
    assert 0 < peak < len(bump) - 1
    assert np.all(np.diff(bump[: peak + 1]) > 0) and np.all(np.diff(bump[peak:]) < 0)
    assert bump[0] > 0
