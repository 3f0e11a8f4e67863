"""Sums over the reps of a unit (region, team): exact, and in memory that grows with the
reps, not with reps times units (a team per regional manager: 12,000 teams at 100,000
reps)."""

from __future__ import annotations

import tracemalloc
from types import SimpleNamespace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine.periods import unit_sum
from salesperf_model.engine.transfers import moved_on


def test_each_rep_gets_its_units_sum_by_hand():
    # 2 simulations, 4 reps in units [1, 0, 1, 2], 2 months
    values = np.array(
        [
            [[1.0, 2.0], [10.0, 20.0], [100.0, 200.0], [5.0, 6.0]],
            [[0.5, 0.0], [7.0, 8.0], [0.25, -1.0], [0.0, 0.0]],
        ]
    )
    codes = np.array([1, 0, 1, 2])
    out = unit_sum(values, codes, 4)
    expected = np.array(
        [
            [[101.0, 202.0], [10.0, 20.0], [101.0, 202.0], [5.0, 6.0]],
            [[0.75, -1.0], [7.0, 8.0], [0.75, -1.0], [0.0, 0.0]],
        ]
    )
    np.testing.assert_array_equal(out, expected)


def test_a_missing_value_spoils_its_own_unit_only():
    # a NaN in one region's rep used to make every region's sum NaN (0 x NaN = NaN)
    values = np.array([[[1.0], [np.nan], [3.0], [4.0]]])
    out = unit_sum(values, np.array([0, 0, 1, 1]), 2)
    assert np.isnan(out[0, :2, 0]).all()
    np.testing.assert_array_equal(out[0, 2:, 0], [7.0, 7.0])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 40),
    st.integers(1, 5),
    st.integers(1, 9),
    st.integers(0, 2**32 - 1),
)
def test_sums_in_rep_order_whatever_the_units(sims, reps, months, units, seed):
    """Each unit's sum is its members' values added in rep order (a fixed order: the
    same figure to the bit whatever the chunk of simulations)."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0, 1e4, (sims, reps, months))
    codes = rng.integers(0, units, reps)
    out = unit_sum(values, codes, units)
    for s in range(sims):
        for t in range(months):
            for r in range(reps):
                total = 0.0
                for other in np.flatnonzero(codes == codes[r]):
                    total += values[s, other, t]
                assert out[s, r, t] == total
    np.testing.assert_array_equal(unit_sum(values[1:], codes, units), out[1:])


def test_memory_grows_with_reps_not_with_reps_times_units():
    reps, units, months = 20_000, 2_400, 12  # a team per 8 reps
    rng = np.random.default_rng(1)
    values = rng.random((1, reps, months))
    codes = rng.integers(0, units, reps)
    tracemalloc.start()
    try:
        unit_sum(values, codes, units)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the values are 1.9 MB; a reps x units table of 0/1 would be 384 MB
    assert peak < 20 * values.nbytes


def test_a_rep_moving_seat_is_found_without_a_seats_by_reps_table():
    # seats "A@1" and "A@2" belong to rep A: A leaves seat 0 after month 0 and holds
    # seat 1 in month 1 (moved on); B leaves seat 2 after month 0 and is gone
    reps = pd.DataFrame({"rep_id": ["A@1", "A@2", "B@1"]})
    holder = np.array([[[0, -1], [-1, 1], [2, -1]]])
    leaves = np.array([[[True, False], [False, False], [True, False]]])
    moved = moved_on(SimpleNamespace(reps=reps), holder, leaves)
    np.testing.assert_array_equal(moved, [[[True, False], [False, False], [False, False]]])


def test_moves_between_seats_need_no_seats_by_reps_table():
    # 20,000 seats of 10,000 roster reps (two seats each, one after the other)
    people, months = 10_000, 12
    reps = pd.DataFrame({"rep_id": [f"R{i}@{k}" for k in (1, 2) for i in range(people)]})
    holder = np.full((1, 2 * people, months), -1)
    holder[0, :people, :6] = np.arange(people)[:, None]
    holder[0, people:, 6:] = np.arange(people)[:, None] + people
    leaves = np.zeros(holder.shape, dtype=bool)
    leaves[0, :people, 5] = True
    tracemalloc.start()
    try:
        moved = moved_on(SimpleNamespace(reps=reps), holder, leaves)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert moved[0, :people, 5].all() and moved.sum() == people
    assert peak < 20 * holder.nbytes  # a seats x reps table of 0/1 would be 1.6 GB


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-2, 7), max_size=60), st.integers(0, 6))
def test_each_units_seats_in_seat_order_as_a_stable_sort_gives_them(codes, n_units):
    """unit_members' counting sort against the stable argsort it replaced: the same
    seats per unit, in the same order; codes outside 0..units - 1 in no unit."""
    from salesperf_model.engine.unit_kernels import unit_members

    codes = np.asarray(codes, dtype=np.int64)
    members, first = unit_members(codes, n_units)
    order = np.argsort(codes, kind="mergesort")
    starts = np.searchsorted(codes[order], np.arange(n_units + 1))
    for unit in range(n_units):
        expected = order[starts[unit] : starts[unit + 1]]
        assert members[first[unit] : first[unit + 1]].tolist() == expected.tolist()
    assert first[n_units] == ((codes >= 0) & (codes < n_units)).sum()
