"""Why pay differs within a role: the Shapley split of pay variance into named parts that
add up to 100%, on a hand-built case, on random correlated drivers and on a simulation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_result_fixture import fake_result, make_outcomes, per_rep

from salesperf_model.measure import plan_draws
from salesperf_model.measure.pay_variance import DRIVERS, PART_LABELS, RESIDUAL, variance_parts

PARTS = list(PART_LABELS)


def _hadamard8() -> np.ndarray:
    """Seven orthogonal +-1 columns over 8 reps (a Sylvester Hadamard matrix less its constant)."""
    h = np.array([[1.0]])
    for _ in range(3):
        h = np.block([[h, h], [h, -h]])
    return h[:, 1:]


def test_orthogonal_drivers_split_pay_variance_by_their_squared_weights():
    """pay = 100 + 3 skill + 2 territory + 1 deal luck + 1 unrecorded noise, every column
    orthogonal with the same variance: the variance splits 9 : 4 : 1 : 1 of 15."""
    h = _hadamard8()
    truth = {
        "skill": h[:, 0],
        "territory_potential": 1.0 + 0.2 * h[:, 1],
        "big_account_share": 0.3 + 0.1 * h[:, 2],
        "deal_luck": np.exp(0.1 * h[:, 3]),
        "market_shock": np.exp(0.05 * h[:, 4]),
        "quota_error": np.exp(0.2 * h[:, 5]),
    }
    pay = 100 + 3 * h[:, 0] + 2 * h[:, 1] + 1 * h[:, 3] + 1 * h[:, 6]
    outcomes = make_outcomes(1, 8, 1, truth={k: v[None, :, None] for k, v in truth.items()})
    result = fake_result("p", per_rep(pay), per_rep([0] * 8))
    draws = plan_draws(result, outcomes)
    shares = {name: float(draws[name].iloc[0]) for name in PARTS}
    assert shares == pytest.approx(
        {
            "pay_variance_skill": 60.0,  # 9 / 15
            "pay_variance_territory": 400 / 15,
            "pay_variance_big_accounts": 0.0,
            "pay_variance_deal_luck": 100 / 15,
            "pay_variance_market": 0.0,
            "pay_variance_quota_error": 0.0,
            RESIDUAL: 100 / 15,  # the unrecorded noise column
        },
        abs=1e-9,
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), correlation=st.floats(-0.9, 0.9), roles=st.integers(1, 3))
def test_parts_add_up_to_100_with_correlated_drivers_and_several_roles(seed, correlation, roles):
    rng = np.random.default_rng(seed)
    sims, reps = 3, 30
    base = rng.normal(size=(sims, reps))
    drivers = {
        name: correlation * base + np.sqrt(1 - correlation**2) * rng.normal(size=(sims, reps))
        for name in DRIVERS
    }
    weights = rng.normal(size=len(DRIVERS))
    pay = sum(w * d for w, d in zip(weights, drivers.values())) + rng.normal(size=(sims, reps))
    role_of = np.array(["new_business", "account_manager", "key_account"])[np.arange(reps) % roles]
    parts = variance_parts(pay + 50 * (np.arange(reps) % roles), drivers, role_of)
    total = sum(parts.values())
    np.testing.assert_allclose(total, 100.0, rtol=0, atol=1e-9)
    assert all((parts[name] > -1e-9).all() for name in DRIVERS)  # LMG shares are never negative
    assert (parts[RESIDUAL] > 0).all()  # the noise term is not explained


def test_a_simulated_sales_force_has_every_part_and_they_add_up():
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.simulate import simulate

    scenario = load_scenario("scenarios/baseline.yaml")
    outcomes = simulate(
        scenario.population, scenario.simulation, reps=80, periods=12, simulations=3, seed=4
    )
    for name in DRIVERS:
        assert outcomes.truth[name].shape == (3, 80, 12)
    assert np.isfinite(np.log(outcomes.truth["quota_error"])).all()
    draws = plan_draws(run_plan(outcomes, scenario), outcomes)
    total = draws[PARTS].sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, 100.0, rtol=0, atol=1e-9)
    assert (draws["pay_variance_skill"] > 5).all()  # skill matters in the default population
    assert (draws[RESIDUAL] < 100).all()


def test_outcomes_saved_before_the_drivers_were_recorded_give_no_parts():
    old_truth = {
        "skill": np.arange(4.0)[None, :, None],
        "territory_potential": np.ones((1, 4, 1)),
        "big_account_share": np.zeros((1, 4, 1)),
    }
    outcomes = make_outcomes(1, 4, 1, truth=old_truth)
    result = fake_result("p", per_rep([1, 2, 3, 4]), per_rep([0] * 4))
    draws = plan_draws(result, outcomes)
    assert draws[PARTS].isna().all().all()


def test_the_chart_stacks_every_part_per_plan_and_the_sentence_names_the_baselines_split():
    import pandas as pd

    from salesperf_model.present.charts.pay_variance import (
        pay_variance_chart,
        pay_variance_sentence,
        pay_variance_table,
    )

    shares = dict(zip(PARTS, [22.0, 13.0, 4.0, 1.0, 2.0, 1.0, 57.0]))
    summary = pd.DataFrame(
        [
            {"plan": plan, "metric": m, "mean": v}
            for plan in ("alt", "base")
            for m, v in shares.items()
        ]
        + [{"plan": "base", "metric": "total_pay", "mean": 1e6}]
    )
    table = pay_variance_table(summary, ["base", "alt"])
    assert list(table.index) == ["base", "alt"] and list(table.columns) == PARTS
    sentence = pay_variance_sentence(table, "base", "Current plan")
    assert sentence == (
        "Under Current plan, skill explains 22% of the pay differences between reps of a "
        "role, luck 21% (territory, big accounts, deal luck, market shocks and quota-setting "
        "error together) and 57% is not explained by any of them"
    )
    figure = pay_variance_chart(table, "base", title=sentence)
    bars = figure.axes[0].patches
    assert len(bars) == 2 * len(PARTS)
    right_ends = {round(b.get_x() + b.get_width(), 9) for b in bars}
    assert 100.0 in right_ends  # each plan's stack ends at 100%
    assert [t.get_text() for t in figure.legends[0].get_texts()] == list(PART_LABELS.values())
    empty = pay_variance_table(summary[summary["metric"] == "total_pay"], ["base"])
    assert empty.empty  # real data: no parts, no chart
