"""Common random numbers under behaviour: plans simulated from one seed meet the same
people, markets and deal draws cell by cell; only the reps' choices differ
(salesperf_model.simulate.keyed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from salesperf_model.engine import EnginePlanResponse, run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayOutlook, PayState
from salesperf_model.schema import Behaviour, Scenario
from salesperf_model.simulate import simulate
from salesperf_model.simulate.keyed import KeyedDraws, binomial_quantile, poisson_quantile

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


class _OneRepResponds:
    """A plan whose answers are the same for every seat except ``seat``, which is paid
    ``boost`` times the reference at the margin and gains by pulling deals in."""

    attainment_basis = "collected"

    def __init__(self, seat: int, boost: float) -> None:
        self.seat, self.boost = seat, boost

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        return np.full(attainment_so_far.shape, 0.05)

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> None:
        return None

    def review(self, outcomes_so_far: Outcomes, period_index: int) -> None:
        return None

    def outlook(self, state: PayState) -> PayOutlook:
        shape = state.quota.shape
        marginal = np.full(shape, 0.05)
        marginal[:, self.seat] *= self.boost
        pay = np.where(np.arange(shape[1]) == self.seat, self.boost, 1.0) * state.quota * 0.1
        gain_pull = np.where(np.arange(shape[1]) == self.seat, 0.05 * (self.boost - 1), 0.0)
        return PayOutlook(
            marginal_pay=marginal,
            expected_pay=np.broadcast_to(pay, shape),
            market_pay=state.quota * 0.1,
            timing_gain=(np.broadcast_to(gain_pull, shape), np.zeros(shape)),
        )


def _one_rep(boost: float, **size: int) -> Outcomes:
    behaviour = Behaviour(performance_exit_effect=0.0)  # hazards depend on the seat alone
    return simulate(
        load_scenario(BASELINE).population,
        **size,
        plan_response=_OneRepResponds(seat=7, boost=boost),
        behaviour=behaviour,
    )


def test_one_reps_choices_leave_every_other_reps_outcomes_bit_identical() -> None:
    """Seat 7 works twice as hard, pulls deals in and is paid more (so leaves less); every
    other seat, every month, every measure is bit for bit the same: no draw of theirs
    depends on seat 7's counts, deals or exits."""
    size = {"reps": 40, "periods": 12, "simulations": 4, "seed": 9}
    plain, keen = _one_rep(1.0, **size), _one_rep(2.0, **size)
    others = np.arange(40) != 7
    for name, values in plain.measures.items():
        assert np.array_equal(values[:, others], keen.measures[name][:, others]), name
    for name, values in plain.truth.items():
        assert np.array_equal(values[:, others], keen.truth[name][:, others]), name
    seat = (plain.get("revenue_booked")[:, 7], keen.get("revenue_booked")[:, 7])
    assert (
        not np.array_equal(*seat)
        and keen.get("visits")[:, 7].sum() > plain.get("visits")[:, 7].sum()
    )
    assert keen.get("deals_pulled")[:, 7].sum() > 0 == plain.get("deals_pulled").sum()


def _cost_and_revenue(plan: Scenario, market: Scenario, seed: int) -> tuple[np.ndarray, ...]:
    outcomes = simulate(
        market.population,
        reps=60,
        periods=12,
        simulations=12,
        seed=seed,
        plan_response=EnginePlanResponse(plan, market=market, behaviour=market.behaviour),
        behaviour=market.behaviour,
    )
    pay = run_plan(outcomes, plan).total_pay().sum(axis=(1, 2))
    return pay, outcomes.get("revenue_collected").sum(axis=(1, 2))


def test_paired_differences_of_similar_plans_are_far_more_precise_than_independent_runs() -> None:
    """The baseline against the same plan with every commission rate 10% higher, under
    behaviour: one seed for both (paired) against another seed for the variant. With
    cell-keyed draws the pay difference's standard error falls to under a tenth of the
    independent one and the revenue difference's to under a fifth (with the draws of
    one stream per variable, 0.26 and 0.22 at the default size)."""
    market = load_scenario(BASELINE)
    commission = market.pay.commission
    tiers = [t.model_copy(update={"rate": 1.1 * t.rate}) for t in commission.tiers]
    richer = market.model_copy(
        update={
            "name": "richer",
            "pay": market.pay.model_copy(
                update={"commission": commission.model_copy(update={"tiers": tiers})}
            ),
        }
    )
    base_pay, base_revenue = _cost_and_revenue(market, market, seed=4)
    pay, revenue = _cost_and_revenue(richer, market, seed=4)
    other_pay, other_revenue = _cost_and_revenue(richer, market, seed=5)

    def se(d: np.ndarray) -> float:
        return float(d.std(ddof=1) / np.sqrt(len(d)))

    assert se(pay - base_pay) < 0.1 * se(other_pay - base_pay)
    assert se(revenue - base_revenue) < 0.2 * se(other_revenue - base_revenue)
    assert (pay - base_pay).mean() > 3 * se(pay - base_pay)  # richer costs more, clearly


@settings(max_examples=60, deadline=None)
@given(
    u=st.floats(1e-12, 1 - 1e-12),
    lam=st.floats(0.0, 300.0),
    n=st.integers(0, 400),
    p=st.floats(0.0, 1.0),
)
def test_the_inverse_cdfs_agree_with_scipy(u: float, lam: float, n: int, p: float) -> None:
    assert poisson_quantile(np.array([u]), np.array([lam]))[0] == stats.poisson.ppf(u, lam)
    assert binomial_quantile(np.array([u]), np.array([n]), np.array([p]))[0] == stats.binom.ppf(
        u, n, p
    )


def test_keyed_draws_follow_their_distributions_and_keys() -> None:
    draws = KeyedDraws(seed=3, simulations=range(100), reps=200)
    draws.set_month(4)
    u = draws.uniform("x", (200,))
    assert stats.kstest(u.ravel(), "uniform").pvalue > 1e-3
    assert abs(np.corrcoef(u[:, :-1].ravel(), u[:, 1:].ravel())[0, 1]) < 0.02
    assert np.array_equal(u, draws.uniform("x", (200,)))  # a key gives one draw
    assert not np.array_equal(u, draws.uniform("y", (200,)))
    a, b = np.full((100, 200), 1.8), np.full((100, 200), 58.2)
    share = draws.beta("shortfall", a, b)
    assert stats.kstest(share.ravel(), stats.beta(1.8, 58.2).cdf).pvalue > 1e-3
    draws.set_month(5)
    assert not np.array_equal(u, draws.uniform("x", (200,)))
    # a simulation's draws do not depend on which simulations run beside it
    alone = KeyedDraws(seed=3, simulations=range(40, 41), reps=200)
    alone.set_month(4)
    assert np.array_equal(alone.uniform("x", (200,))[0], u[40])
    counts = np.tile([2, 0, 1], (2, 1))
    items = KeyedDraws(seed=3, simulations=range(2), reps=3)
    more = counts.copy()
    more[0, 0] = 5  # more deals in one cell: every other cell's deals keep their draws
    first, second = items.per_item("d", counts, "normal"), items.per_item("d", more, "normal")
    assert np.array_equal(first[:2], second[:2]) and np.array_equal(first[2:], second[5:])


@pytest.mark.parametrize("lam", [0.0, 0.3, 25.0])
def test_a_larger_mean_never_gives_a_smaller_count(lam: float) -> None:
    u = np.linspace(0.001, 0.999, 999)
    low, high = poisson_quantile(u, np.full(999, lam)), poisson_quantile(u, np.full(999, lam + 2))
    assert np.all(high >= low) and np.all(np.diff(low) >= 0)


def test_counts_walked_from_zero_are_the_exact_quantiles_up_to_the_threshold() -> None:
    """Means below ``keyed._FROM_ZERO`` walk up from zero, the CDF summed from the pmf
    (no special function): for means near the threshold, where the walk is longest and
    its sum gathers the most rounding, the counts are still scipy's quantiles."""
    from salesperf_model.simulate import keyed

    rng = np.random.default_rng(12)
    top = keyed._FROM_ZERO
    u = np.concatenate([rng.random(4000), [1e-12, 1 - 1e-12, 0.5]])
    lam = rng.uniform(0.5 * top, top, u.size)
    np.testing.assert_array_equal(poisson_quantile(u, lam), stats.poisson.ppf(u, lam))
    n = rng.integers(int(top) + 1, 3000, u.size)
    p = rng.uniform(0.5 * top, top, u.size) / n
    assert (n * p < top).all()
    np.testing.assert_array_equal(binomial_quantile(u, n, p), stats.binom.ppf(u, n, p))
