"""Properties of the fairness metrics that must hold for any pay (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.measure import inequality, pay_equity, statistics, winners_losers

pays = st.integers(min_value=4, max_value=40).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (2, n), elements=st.integers(0, 6).map(float)),  # many ties
        arrays(np.int64, n, elements=st.integers(0, 2)),
    )
)


@settings(max_examples=150, deadline=None)
@given(pays)
def test_quartile_counts_keep_band_sizes_and_group_totals(case):
    pay, codes = case
    counts = pay_equity.pay_quartile_counts(pay, codes, 3)
    sizes = pay_equity.quartile_band_sizes(pay.shape[1])
    assert np.allclose(counts.sum(axis=2), sizes[None, :])
    group_totals = np.bincount(codes, minlength=3)
    assert np.allclose(counts.sum(axis=1), group_totals[None, :])
    assert (counts >= -1e-12).all()


@settings(max_examples=100, deadline=None)
@given(pays, st.randoms(use_true_random=False))
def test_quartile_counts_do_not_depend_on_the_order_of_reps(case, random):
    pay, codes = case
    order = list(range(pay.shape[1]))
    random.shuffle(order)
    shuffled = pay_equity.pay_quartile_counts(pay[:, order], codes[order], 3)
    assert np.allclose(shuffled, pay_equity.pay_quartile_counts(pay, codes, 3))


@settings(max_examples=100, deadline=None)
@given(
    # no subnormal pay: scaling 5e-324 by 0.5 underflows to zero and the row turns all-zero
    arrays(np.float64, (3, 12), elements=st.one_of(st.just(0.0), st.floats(1e-3, 1e6))),
    st.floats(0.01, 100),
)
def test_gini_is_bounded_and_scale_free(pay, scale):
    g = inequality.gini(pay)
    n = pay.shape[1]
    finite = np.isfinite(g)
    assert (g[finite] >= -1e-9).all() and (g[finite] <= (n - 1) / n + 1e-9).all()
    assert np.allclose(inequality.gini(pay * scale)[finite], g[finite])


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, (2, 10), elements=st.floats(-3, 3), unique=True),
    # whole amounts: sqrt keeps distinct integers distinct (near-equal floats can collide)
    arrays(np.float64, (2, 10), elements=st.integers(1, 1000).map(float)),
)
def test_merit_alignment_ignores_role_pay_levels_and_monotone_rescaling(skill, pay):
    roles = np.array(["new_business"] * 5 + ["account_manager"] * 5)
    rank = statistics.within_role_percentile(skill, roles)
    plain = statistics.row_correlation(statistics.within_role_percentile(pay, roles), rank)
    shifted = np.sqrt(pay) + np.where(roles == "account_manager", 5000.0, 0.0)
    moved = statistics.row_correlation(statistics.within_role_percentile(shifted, roles), rank)
    assert np.allclose(plain, moved, equal_nan=True)


@given(st.lists(st.floats(-50, 50), min_size=2, max_size=30))
def test_change_bands_never_decrease_with_the_change(changes):
    ordered = np.sort(np.array(changes))
    assert (np.diff(winners_losers.change_bands(ordered)) >= 0).all()


@settings(max_examples=100, deadline=None)
@given(
    values=arrays(
        float,
        st.tuples(st.integers(1, 4), st.integers(1, 15)),
        elements=st.integers(-3, 3).map(float),  # small integers: many ties
    )
)
def test_average_ranks_match_scipy_rankdata(values) -> None:
    from scipy.stats import rankdata

    from salesperf_model.measure.statistics import average_ranks

    assert np.array_equal(average_ranks(values), rankdata(values, axis=1))
