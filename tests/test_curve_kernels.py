"""The compiled integral of a marginal curve (engine/curve_kernels.py) is bit for bit the
numpy version's, kept here as the reference."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine.curve_kernels import marginal_integral


def _integral_reference(attainment, starts, ends, rates, slopes):
    """The numpy version: one pass over the cells per step of each tier."""
    total = np.zeros(np.shape(attainment))
    for start, end, rate, slope in zip(starts, ends, rates, slopes):
        width = np.clip(attainment - start, 0.0, end - start)
        if slope < 0:
            with np.errstate(over="ignore"):
                width = np.minimum(width, rate / -slope)
        total = total + rate * width + 0.5 * slope * width * width
    return total


tiers = st.lists(
    st.tuples(
        st.floats(0.0, 3.0),
        st.floats(0.0, 0.2),
        st.one_of(st.just(0.0), st.floats(-0.5, 0.5), st.sampled_from([-1e-300, 1e-3])),
    ),
    min_size=1,
    max_size=6,
)
levels = st.lists(
    st.one_of(st.floats(-1.0, 5.0), st.sampled_from([0.0, 1.0, 1.5, np.inf, np.nan, 1e308, -0.0])),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(tiers, levels)
def test_marginal_integral_matches_the_numpy_passes(tier_list, attainment):
    tier_list = sorted(tier_list)
    starts = np.array([0.0] + [t[0] for t in tier_list[1:]])
    ends = np.append(starts[1:], np.inf)
    rates = np.array([t[1] for t in tier_list])
    slopes = np.array([t[2] for t in tier_list])
    attainment = np.array(attainment)
    with np.errstate(invalid="ignore", over="ignore"):
        expected = _integral_reference(attainment, starts, ends, rates, slopes)
    got = marginal_integral(attainment, (starts, ends, rates, slopes))
    np.testing.assert_array_equal(got, expected)
    assert got.shape == attainment.shape


def test_the_published_steps_pay_as_hand_worked():
    """3% to 100% of quota, 4% to 120%, 5% above: 130% earns 3 + 0.8 + 0.5 = 4.3% of quota."""
    starts, rates = np.array([0.0, 1.0, 1.2]), np.array([0.03, 0.04, 0.05])
    tiers = (starts, np.append(starts[1:], np.inf), rates, np.zeros(3))
    got = marginal_integral(np.array([[0.5, 1.0], [1.3, 0.0]]), tiers)
    np.testing.assert_allclose(got, [[0.015, 0.03], [0.043, 0.0]], rtol=0, atol=1e-15)
