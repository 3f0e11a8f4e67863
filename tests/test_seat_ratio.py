"""engine.seats.ratio: numerator / denominator where the denominator is positive, 0
elsewhere, in one pass; bit for bit the masked division it replaced (kept here)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.engine.seats import ratio

anything = st.floats(allow_nan=True, allow_infinity=True)


def _reference(numerator, denominator):
    ok = denominator > 0
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), 0.0)


@settings(max_examples=200, deadline=None)
@given(arrays(float, (3, 4), elements=anything), arrays(float, (4,), elements=anything))
def test_ratio_matches_the_masked_division_in_either_broadcast(numerator, denominator):
    for a, b in ((numerator, denominator), (denominator, numerator)):
        with np.errstate(all="ignore"):
            got, expected = ratio(a, b), _reference(a, b)
        assert got.shape == expected.shape
        assert np.array_equal(got, expected, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(expected))


def test_nothing_to_rate_is_zero():
    """No quota, no visits: 0, never a division by zero."""
    got = ratio(np.array([[5.0, 3.0, 0.0]]), np.array([2.0, 0.0, -1.0]))
    assert got.tolist() == [[2.5, 0.0, 0.0]]
    assert float(ratio(3, 2)) == 1.5
