"""The per-rep tables' percentiles over simulations: numpy's nanpercentile, vectorised."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.measure.statistics import monte_carlo_summary, nan_percentiles

values = st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.just(np.nan),
    st.sampled_from([0.0, 1.0, 2.5, -3.0]),  # ties
)


def _numpy(a: np.ndarray, q: list[float], axis: int = 0) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
        return np.nanpercentile(a, q, axis=axis)


@settings(max_examples=300, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(1, 5)), elements=values),
    st.lists(st.floats(0, 100), min_size=1, max_size=4),
)
def test_nan_percentiles_are_numpys_bit_for_bit(a: np.ndarray, q: list[float]) -> None:
    want = _numpy(a, q)
    got = nan_percentiles(a, q)
    assert got.shape == want.shape
    assert np.array_equal(got, want, equal_nan=True)


def test_hand_worked_column_with_nans_and_an_empty_column() -> None:
    a = np.array([[4.0, np.nan], [np.nan, np.nan], [1.0, np.nan], [2.0, np.nan], [3.0, np.nan]])
    got = nan_percentiles(a, [0, 25, 50, 95, 100])
    # 1, 2, 3, 4 left: index (4 - 1) x q; 95th: 3.85 -> 4 - (4 - 3) x 0.15
    assert got[:, 0].tolist() == pytest.approx([1.0, 1.75, 2.5, 3.85, 4.0], abs=1e-12)
    assert np.isnan(got[:, 1]).all()


def test_other_axis_and_more_dimensions() -> None:
    a = np.random.default_rng(3).normal(size=(4, 7, 5))
    a[a > 0.8] = np.nan
    assert np.array_equal(
        nan_percentiles(a, [5, 50, 95], axis=1), _numpy(a, [5, 50, 95], axis=1), equal_nan=True
    )


def test_monte_carlo_summary_of_a_wide_table_with_nans() -> None:
    """One simulation of 100,000 reps with a vacant seat's NaN: the summary numpy gives."""
    draws = np.random.default_rng(4).normal(size=(1, 100_000))
    draws[0, ::9] = np.nan
    summary = monte_carlo_summary(draws)
    for name, q in (("p5", 5), ("p50", 50), ("p95", 95)):
        assert np.array_equal(summary[name], _numpy(draws, [q])[0], equal_nan=True)
