"""Speed round 5's compiled loops give, to the bit, the figures of the code they stand in
for: a cost variant's seat totals (rounding fused with the horizon sums) are
``rep_totals`` of the rounded components, and the month sums with a row's one block
added inline are numpy's, on hostile inputs (NaN, infinities, -0.0, half cents,
broadcast views, empty and one-month tables)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.engine.cents import round_to_cents, seat_totals
from salesperf_model.measure import sum_kernels
from salesperf_model.measure.totals import rep_totals

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

#: NaN and infinities are the point here: numpy's reference warns about them
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

HOSTILE = st.one_of(
    st.integers(-2_000_000, 2_000_000).map(lambda n: n / 200),
    st.integers(-300_000, 300_000).map(lambda n: n / 3),
    st.floats(-1e7, 1e7),
    st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, 1e300, -1e300, 0.005, 2.0**60]),
)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


class _Paid:
    """The fields ``rep_totals`` reads of a result."""

    def __init__(self, payouts: dict[str, np.ndarray]) -> None:
        self.scenario_name = "test"
        self.payouts = payouts


def expected_totals(components: dict[str, np.ndarray]) -> np.ndarray:
    """What a variant's total was: the components rounded, then ``rep_totals``."""
    return rep_totals(_Paid(round_to_cents(components)))["total"]


@settings(max_examples=200, deadline=None)
@given(
    values=arrays(
        float,
        st.tuples(st.integers(1, 6), st.integers(1, 3), st.integers(1, 4), st.integers(1, 13)),
        elements=HOSTILE,
    )
)
def test_seat_totals_are_rep_totals_of_the_rounded_components(values: np.ndarray) -> None:
    components = {f"c{i}": values[i] for i in range(len(values))}
    one = values[0]
    # broadcast views as pay makes them: base salary constant over the simulations
    components = {
        "base_salary": np.broadcast_to(one[:1], one.shape),
        "allowances": np.broadcast_to(one[:, :1], one.shape),
        **components,
    }
    assert same_bits(seat_totals(components), expected_totals(components))


def test_seat_totals_of_cents_the_components_must_share() -> None:
    """Thirds of a cent and half cents: the cents are re-allotted before the sums."""
    third, shape = 1 / 300, (2, 3, 12)
    components = {
        "base_salary": np.full(shape, 8000.0),
        "a": np.full(shape, third),
        "b": np.full(shape, third),
        "c": np.full(shape, 0.005),
        "d": np.full(shape, -0.0),
    }
    components["a"][0, 0, 0] = np.nan
    components["b"][1, 2, 5] = np.inf
    assert same_bits(seat_totals(components), expected_totals(components))


def test_seat_totals_where_the_compiled_pass_does_not_apply() -> None:
    assert seat_totals({}) is None
    assert seat_totals({"a": np.ones((2, 3)), "b": np.ones((2, 3))}) is None  # not 3-d
    assert seat_totals({"a": np.ones((2, 3, 4)), "b": np.ones((1, 3, 4))}) is None
    assert seat_totals({"a": np.ones((2, 3, 129))}) is None  # longer than a block
    empty = seat_totals({"a": np.ones((2, 0, 12)), "b": np.ones((2, 0, 12))})
    assert empty.shape == (2, 0)
    assert seat_totals({"a": np.ones((2, 3, 0))}) is None


@pytest.mark.parametrize("months", [1, 2, 7, 8, 9, 12, 16, 127, 128, 129, 300])
def test_month_means_and_sums_follow_numpy_on_hostile_rows(months: int) -> None:
    rng = np.random.default_rng(months)
    values = rng.standard_normal((3, 5, months)) * 10.0 ** rng.integers(-8, 9, (3, 5, months))
    values[0, 0] = -0.0  # a row of negative zeros: numpy's sum starts from 0
    values[0, 1, 0] = np.nan
    values[0, 2, -1] = np.inf
    values[0, 3, 0] = -np.inf
    values[1, 0, : months // 2] = 1e16  # cancellations that expose the order of the sums
    values[1, 0, months // 2 :] = -1e16
    values[1, 1, :] = 0.1
    other = values[:, ::-1, :]  # a view: not the same array
    assert same_bits(sum_kernels.month_means(values), values.mean(axis=2))
    assert same_bits(sum_kernels.month_sums(values), values.sum(axis=2, keepdims=True))
    assert same_bits(
        sum_kernels.month_sums(values, other), (values + other).sum(axis=2, keepdims=True)
    )
    constant = np.broadcast_to(values[:1], values.shape)  # a broadcast view
    assert same_bits(sum_kernels.month_means(constant), constant.mean(axis=2))
    assert same_bits(sum_kernels.month_sums(constant), constant.sum(axis=2, keepdims=True))


def test_month_sums_of_empty_tables() -> None:
    empty = np.ones((0, 4, 12))
    assert same_bits(sum_kernels.month_means(empty), empty.mean(axis=2))
    assert same_bits(sum_kernels.month_sums(empty), empty.sum(axis=2, keepdims=True))


def test_a_variant_paid_for_its_totals_alone_has_the_full_runs_totals() -> None:
    from salesperf_model.engine import run_plan
    from salesperf_model.engine.run import PaidTotals
    from salesperf_model.loading import load_scenario
    from salesperf_model.measure.variants import revenue_at_quota, revenue_scaled
    from salesperf_model.simulate import simulate

    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = simulate(scenario.population, reps=40, periods=12, simulations=2, seed=5)
    for variant in (outcomes, revenue_at_quota(outcomes), revenue_scaled(outcomes, 1.01)):
        full = run_plan(variant, scenario)
        alone = run_plan(variant, scenario, seat_totals_only=True)
        assert isinstance(alone, PaidTotals)
        assert same_bits(rep_totals(alone)["total"], rep_totals(full)["total"])
        assert same_bits(alone.grades, full.grades)
        assert same_bits(alone.review_of_month, full.review_of_month)
