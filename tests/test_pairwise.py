"""The one compiled copy of numpy's pairwise summation adds what ``ndarray.sum`` adds, bit
for bit, for short rows (eight running sums) and long ones (halved as numpy halves them)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.pairwise import BLOCK, block_sum, pairwise_sum

LENGTHS = [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000, 1031, 4099]


def _awkward(n: int, seed: int) -> np.ndarray:
    """Values over many magnitudes and both signs, where the order of additions shows."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(n) * 10.0 ** rng.integers(-8, 9, n)


@pytest.mark.parametrize("n", LENGTHS)
def test_a_row_sums_to_numpys_bits_at_every_length(n):
    values = _awkward(n + 5, n)
    for start in (0, 3):
        row = values[start : start + n]
        assert (0.0 + pairwise_sum(values, start, n)).hex() == row.sum().hex()
        if n <= BLOCK:
            assert (0.0 + block_sum(values, start, n)).hex() == row.sum().hex()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(
            allow_nan=False, allow_infinity=False, width=64, min_value=-1e300, max_value=1e300
        ),
        max_size=600,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_any_row_and_offset_sums_to_numpys_bits(values, start):
    array = np.asarray([0.0] * start + values, dtype=float)
    n = len(values)
    assert (0.0 + pairwise_sum(array, start, n)).hex() == array[start:].sum().hex()
