"""The compiled order sums (simulate/order_kernels.py) are bit for bit the numpy passes
they replaced, kept here as the reference."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.simulate import order_kernels


def _order_sum_reference(counts, mean, sigma, z, big=None):
    """The numpy version of month_step._order_sum, given the per-order normals ``z``."""
    S, R = counts.shape
    cell = np.repeat(np.arange(S * R), counts.ravel())
    sizes = mean.ravel()[cell] * np.exp(sigma[cell % R] * z - sigma[cell % R] ** 2 / 2)
    is_big = np.zeros(len(cell), dtype=bool)
    if big is not None:
        starts = np.cumsum(counts.ravel()) - counts.ravel()
        is_big = np.arange(len(cell)) - starts[cell] < big[0].ravel()[cell]
        sizes = sizes * np.where(is_big, big[1], 1.0)
    total = np.bincount(cell, weights=sizes, minlength=S * R).reshape(S, R)
    big_total = np.bincount(cell, weights=sizes * is_big, minlength=S * R).reshape(S, R)
    return total, big_total


def _compiled(counts, mean, sigma, z, big=None):
    S, R = counts.shape
    flat = counts.ravel().astype(np.int64)
    growth = np.exp(order_kernels.log_growth(flat, sigma, z))
    big_counts = np.zeros(0, np.int64) if big is None else big[0].ravel().astype(np.int64)
    multiplier = 1.0 if big is None else float(big[1])
    total, big_total = order_kernels.cell_sums(
        flat, mean.ravel(), growth, big_counts=big_counts, multiplier=multiplier
    )
    return total.reshape(S, R), big_total.reshape(S, R)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 7),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.sampled_from([1.0, 2.5, 3.0, 10.0]),
)
def test_order_sums_match_the_numpy_passes(sims, seats, seed, with_big, multiplier):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 6, (sims, seats))
    mean = rng.gamma(2.0, 5_000.0, (sims, seats))
    sigma = rng.uniform(0.0, 1.5, seats)
    z = rng.standard_normal(int(counts.sum()))
    big = (rng.integers(0, 4, (sims, seats)) % (counts + 1), multiplier) if with_big else None
    expected = _order_sum_reference(counts, mean, sigma, z, big)
    got = _compiled(counts, mean, sigma, z, big)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])


def test_a_hand_worked_cell():
    """Two orders of mean 100 with sigma 0 (every order exactly the mean), the first of
    them big (x3): 300 + 100 in all, 300 of it big; the empty cell sums to 0."""
    counts = np.array([[2, 0]])
    total, big_total = _compiled(
        counts,
        np.array([[100.0, 50.0]]),
        np.zeros(2),
        np.array([0.7, -1.2]),
        (np.array([[1, 0]]), 3.0),
    )
    np.testing.assert_array_equal(total, [[400.0, 0.0]])
    np.testing.assert_array_equal(big_total, [[300.0, 0.0]])
