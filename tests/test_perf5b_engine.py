"""Round 5b speed changes to the engine give the figures of the code they replace."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine.seats import seat_amounts, tier_codes_of, tier_values
from salesperf_model.schema import ByRole


def _factorized(reps: pd.DataFrame, values: dict[int, float], default: float) -> np.ndarray:
    """The pandas expression ``tier_values`` used before (the reference)."""
    codes, tiers = pd.factorize(reps["region_tier"].astype(int))
    return np.array([values.get(int(t), default) for t in tiers], dtype=float)[codes]


@pytest.mark.parametrize(
    "tiers",
    [
        np.array([3, 1, 2, 1, 3, 3], dtype=np.int64),
        np.array([2, 2, 2], dtype=np.int32),
        np.array([5, 0, 7], dtype=np.uint8),
        np.array([1.0, 2.0, 1.0, 3.0]),  # floats: the pandas path
        np.array(["2", "1", "2"], dtype=object),  # text: the pandas path
        np.array([], dtype=np.int64),
    ],
)
def test_tier_values_match_pandas_factorize(tiers: np.ndarray) -> None:
    reps = pd.DataFrame({"region_tier": tiers, "role": ["new_business"] * len(tiers)})
    values = {1: 1.1, 2: -0.0, 3: np.nan, 7: np.inf}
    got = tier_values(values, reps, default=0.5)
    assert np.array_equal(got, _factorized(reps, values, 0.5), equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(_factorized(reps, values, 0.5)))
    codes, found = tier_codes_of(reps)
    assert np.array_equal(np.asarray(found)[codes], reps["region_tier"].astype(int).to_numpy())


def test_tier_values_of_a_sliced_table() -> None:
    reps = pd.DataFrame({"region_tier": np.array([3, 1, 2, 1, 3, 2, 1], dtype=np.int64)})
    view = reps.iloc[::2]  # a strided view of the column
    values = {1: 2.0, 3: 4.0}
    assert np.array_equal(tier_values(values, view), _factorized(view, values, 1.0))


def test_seat_amounts_by_role_and_tier() -> None:
    reps = pd.DataFrame(
        {
            "role": ["account_manager", "new_business", "account_manager", "new_business"],
            "region_tier": np.array([2, 1, 1, 3], dtype=np.int64),
        }
    )
    amount = ByRole(
        by_role={"new_business": 100.0, "account_manager": 200.0},
        region_tier_multiplier={1: 1.0, 2: 1.5, 3: 0.5},
    )
    expected = np.array(
        [amount.amount(str(r), int(t)) for r, t in zip(reps["role"], reps["region_tier"])]
    )
    assert np.array_equal(seat_amounts(amount, reps), expected)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.uint64])
@pytest.mark.parametrize("high", [4, 5000, 2**40])
def test_tier_codes_are_numpys_unique(dtype, high) -> None:
    """Small non-negative tiers are coded by counting them (no sort of the seats); the
    codes and tiers are ``np.unique``'s, of the same kinds, for any integers."""
    rng = np.random.default_rng(high)
    low = 0 if np.dtype(dtype).kind == "u" else -3
    high = min(high, np.iinfo(dtype).max)
    for size in (0, 1, 7, 1000):
        tiers = rng.integers(low, high, size, endpoint=True).astype(dtype)
        codes, found = tier_codes_of(pd.DataFrame({"region_tier": tiers}))
        expected_found, expected_codes = np.unique(tiers, return_inverse=True)
        assert found.dtype == expected_found.dtype and codes.dtype == expected_codes.dtype
        assert np.array_equal(found, expected_found)
        assert np.array_equal(codes, expected_codes.reshape(-1))
