"""round_to_cents rewritten to make fewer passes over its large arrays gives, to the bit,
the cents of the whole-array version it replaced (kept here as the reference, with the
rounding rule of cents_kernels: half a cent away from zero on the decimal amount), and
hand-worked amounts pay what a spreadsheet's ROUND pays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.engine.cents import largest_remainder, round_to_cents


def half_away(cents: np.ndarray) -> np.ndarray:
    """Whole cents, a half (within a millionth of a cent below) away from zero."""
    size = np.abs(cents)
    whole = np.floor(size)
    return np.copysign(np.where(size - whole >= 0.5 - 1e-6, whole + 1.0, whole), cents)


def reference_round_to_cents(components: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The implementation before the rewrite, verbatim but for the rounding rule."""
    names = list(components)
    if not names:
        return {}
    cents = [np.asarray(components[n], dtype=float) * 100.0 for n in names]
    rounded = [half_away(c) for c in cents]
    total = half_away(sum(np.asarray(components[n], dtype=float) for n in names) * 100.0)
    off = np.nonzero(sum(rounded) != total)
    if off[0].size:
        exact = np.stack([c[off] for c in cents])
        fixed = largest_remainder(exact, total[off][None, :], axis=0)
        for i, values in enumerate(rounded):
            values[off] = fixed[i]
    for values in rounded:
        np.divide(values, 100.0, out=values)
    return dict(zip(names, rounded))


# money as plans pay it: whole cents, half cents, thirds and arbitrary amounts
half_cents = st.integers(-20_000_000, 20_000_000).map(lambda n: n / 200)
thirds = st.integers(-3_000_000, 3_000_000).map(lambda n: n / 3)
anything = st.floats(-1e7, 1e7, allow_nan=False, allow_infinity=False)
money = st.one_of(half_cents, thirds, anything, st.just(0.0), st.just(-0.0), st.just(0.995))


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


@settings(max_examples=300, deadline=None)
@given(
    values=arrays(
        float,
        st.tuples(st.integers(1, 6), st.integers(1, 3), st.integers(1, 4), st.integers(1, 5)),
        elements=money,
    )
)
def test_same_cents_as_the_whole_array_version(values: np.ndarray) -> None:
    components = {f"c{i}": values[i] for i in range(values.shape[0])}
    before = values.copy()
    expected = reference_round_to_cents(components)
    actual = round_to_cents(components)
    assert list(actual) == list(expected)
    for name in expected:
        assert same_bits(actual[name], expected[name]), name
    # the inputs are left as they were
    assert same_bits(values, before)


@settings(max_examples=100, deadline=None)
@given(counts=arrays(np.int64, (3, 2, 4), elements=st.integers(-(10**6), 10**6)))
def test_same_cents_for_whole_number_components(counts: np.ndarray) -> None:
    components = {"base": counts[0], "bonus": counts[1] / 3, "commission": counts[2] / 200}
    expected = reference_round_to_cents(components)
    actual = round_to_cents(components)
    for name in expected:
        assert same_bits(actual[name], expected[name]), name


def test_a_simulation_sized_payout_is_unchanged() -> None:
    rng = np.random.default_rng(5)
    shape = (20, 300, 12)
    components = {
        "base_salary": np.full(shape, 8000.0),
        "commission": rng.gamma(2.0, 900.0, shape),
        "target_bonus": np.where(rng.random(shape) < 0.3, rng.gamma(2, 1000, shape), 0.0),
        "team_award": np.round(rng.random(shape) * 100_000) / 3,
    }
    expected = reference_round_to_cents(components)
    actual = round_to_cents(components)
    for name in expected:
        assert same_bits(actual[name], expected[name]), name
    # and the cells where plain rounding does not add up were there to re-allot
    total = half_away(sum(components.values()) * 100.0)
    assert (sum(half_away(v * 100.0) for v in components.values()) != total).any()


def test_half_a_cent_rounds_away_from_zero_on_the_decimal_amount() -> None:
    # 3.5% of 10,005 is 350.175 and of 10,007 350.245; 9,000 + 350.175 is
    # 9,350.1749999... in binary, which plain rounding took to 9,350.17 (commission 350.17)
    revenue = np.array([10_005.0, 10_007.0, 10_000.0, -10_005.0])
    paid = round_to_cents({"base_salary": np.full(4, 9_000.0), "commission": revenue * 0.035})
    # a clawback of 350.175 on 9,000 of base: the total 8,649.825 pays 8,649.83 and the
    # components add up to it (the total is rounded first, then the parts)
    assert paid["commission"].tolist() == [350.18, 350.25, 350.0, -350.17]
    assert (paid["base_salary"] + paid["commission"]).tolist() == [
        9_350.18,
        9_350.25,
        9_350.0,
        8_649.83,
    ]
    # a third of a cent is no half: 100 / 3 pays 33.33, 200 / 3 pays 66.67
    thirds = round_to_cents({"award": np.array([100 / 3, 200 / 3, 0.004999, 0.005])})
    assert thirds["award"].tolist() == [33.33, 66.67, 0.0, 0.01]


def test_no_components_no_cents() -> None:
    assert round_to_cents({}) == {}


def test_rows_longer_than_a_block_of_cells_round_as_one() -> None:
    """The compiled pass takes a simulation's cells in blocks (round_kernels.CELL_BLOCK):
    a simulation of 1,500 reps x 12 months is 18,000 cells, three blocks, with cells to
    re-allot in each; the cents and each seat's totals are those of the whole-array
    version, to the bit."""
    from salesperf_model.engine.cents import seat_totals
    from salesperf_model.engine.round_kernels import CELL_BLOCK

    rng = np.random.default_rng(11)
    shape = (2, 1_500, 12)
    assert shape[1] * shape[2] > 2 * CELL_BLOCK
    components = {
        "base_salary": np.full(shape, 8000.0),
        "commission": rng.gamma(2.0, 900.0, shape),
        "team_award": np.round(rng.random(shape) * 100_000) / 3,
        "spif": np.where(rng.random(shape) < 0.5, rng.random(shape) * 333.333, 0.0),
    }
    expected = reference_round_to_cents(components)
    actual = round_to_cents(components)
    for name in expected:
        assert same_bits(actual[name], expected[name]), name
    total = half_away(sum(components.values()) * 100.0).reshape(2, -1)
    rounded = sum(half_away(v * 100.0) for v in components.values()).reshape(2, -1)
    for block in range(3):  # cells to re-allot in every block
        cells = slice(block * CELL_BLOCK, (block + 1) * CELL_BLOCK)
        assert (rounded[:, cells] != total[:, cells]).any()
    by_seat = sum(expected[name].sum(axis=2) for name in expected)
    assert same_bits(seat_totals(components), by_seat)
