"""The compiled loops of pay (round_kernels, bonus_kernels) give, to the bit, what the
numpy code they replaced gave (kept here as the reference), on hostile inputs: NaN,
infinities, -0.0, amounts too large to add up exactly, ties, empty and small units,
broadcast components and other numbers of dimensions than three."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.engine.bonus_kernels import target_accruals, top_n_awards
from salesperf_model.engine.cents import largest_remainder, round_to_cents, whole_cents_by_unit
from salesperf_model.engine.cents_kernels import to_cents
from salesperf_model.engine.seats import ratio

#: NaN and infinities are the point here: numpy's reference warns about them
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def numpy_round_to_cents(components: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """round_to_cents as numpy passes over whole arrays (before round_kernels)."""
    values = [np.asarray(v, dtype=float) for v in components.values()]
    shape = np.broadcast_shapes(*(v.shape for v in values))
    rounded = [to_cents(np.broadcast_to(v, shape)) for v in values]
    total, rounded_sum = np.zeros(shape), np.zeros(shape)
    for value, cents in zip(values, rounded, strict=True):
        total += value
        rounded_sum += cents
    total = to_cents(total)
    off = np.nonzero(rounded_sum != total)
    if off[0].size:
        exact = np.stack([np.broadcast_to(v, shape)[off] * 100.0 for v in values])
        fixed = largest_remainder(exact, total[off][None, :], axis=0)
        for i, cents in enumerate(rounded):
            cents[off] = fixed[i]
    return {n: c / 100.0 for n, c in zip(components, rounded, strict=True)}


def numpy_whole_cents_by_unit(shares: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    cents = shares * 100.0
    out = np.zeros_like(cents)
    for unit in range(n_units):
        columns = np.flatnonzero(codes == unit)
        if columns.size:
            unit_cents = cents[:, columns, :]
            total = np.rint(unit_cents.sum(axis=1, keepdims=True))
            out[:, columns, :] = largest_remainder(unit_cents, total, axis=1)
    return out / 100.0


def numpy_top_n(values, units, scale, places, share_ties):
    award = np.zeros(values.shape)
    for unit in np.unique(units):
        members = np.flatnonzero(units == unit)
        unit_values = values[:, members, :]
        if len(members) >= places:
            nth = -np.partition(-unit_values, places - 1, axis=1)[:, places - 1 : places, :]
        else:
            nth = np.full(unit_values[:, :1, :].shape, -np.inf)
        above = unit_values > nth
        tied = (unit_values == nth) & np.isfinite(unit_values)
        tied_share = 1.0
        if share_ties:
            places_left = places - above.sum(axis=1, keepdims=True)
            tied_share = ratio(places_left.astype(float), tied.sum(axis=1, keepdims=True))
        award[:, members, :] = scale * np.where(above, 1.0, np.where(tied, tied_share, 0.0))
    return award


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


hostile = st.one_of(
    st.integers(-2_000_000, 2_000_000).map(lambda n: n / 200),
    st.integers(-300_000, 300_000).map(lambda n: n / 3),
    st.floats(-1e7, 1e7),
    st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, 1e300, -1e300, 0.005, 2.0**60]),
)


@settings(max_examples=200, deadline=None)
@given(
    values=arrays(
        float,
        st.tuples(st.integers(1, 7), st.integers(1, 3), st.integers(1, 4), st.integers(1, 3)),
        elements=hostile,
    ),
    dims=st.integers(1, 4),
)
def test_round_to_cents_as_numpy_did(values: np.ndarray, dims: int) -> None:
    """Bit for bit where money adds up exactly: every finite amount below 2^53 cents
    over the number of components. Above it (2^60, 1e300) the cents a cell re-allots
    depend on the order its floors are added, which numpy itself changes with the
    array's layout (a pairwise sum over 8 or more contiguous values, else one by one):
    :func:`test_round_to_cents_of_amounts_too_large_to_add_exactly` checks those."""
    finite = np.abs(values[np.isfinite(values)])
    assume(finite.size == 0 or finite.max() < EXACT_CENTS / 100 / (len(values) + 2))
    values = {1: values[:, 0, 0, :], 2: values[:, 0], 3: values, 4: values[..., None]}[dims]
    components = {f"c{i}": values[i] for i in range(len(values))}
    one = values[0]  # and views: constant over the last axis, over the first
    components["over_months"] = np.broadcast_to(one[..., :1], one.shape)
    components["over_sims"] = np.broadcast_to(one[:1], one.shape)
    expected = numpy_round_to_cents(components)
    actual = round_to_cents(components)
    assert list(actual) == list(expected)
    for name in expected:
        assert same_bits(actual[name], expected[name]), name


#: Whole cents add up exactly below this (the float's 53-bit mantissa).
EXACT_CENTS = 2.0**53


def test_round_to_cents_of_amounts_too_large_to_add_exactly() -> None:
    """2^60 beside small amounts (the case numpy's reference and the kernel split
    differently): every component within a cent of its exact amount, at that size within
    the float's spacing, and the cell's components still add up to its total as closely
    as floats can; NaN and infinities stay what they are."""
    small = [0.0, 0.0, 0.0, -655.445, -245.66666666666666]
    cell = np.array([[*small, 2.0**60], [1e300, 0.005, 0.0, 0.0, 0.0, -1e300]]).T
    paid = round_to_cents({f"c{i}": cell[i] for i in range(len(cell))})
    rounded = np.array(list(paid.values()))
    spacing = np.spacing(np.abs(cell)) + 0.01
    assert (np.abs(rounded - cell) <= spacing + 1e-9).all()
    total = rounded[:, 0].sum()
    assert abs(total - cell[:, 0].sum()) <= np.spacing(2.0**60) * len(cell)
    odd = round_to_cents({"a": np.array([np.nan, np.inf, -np.inf]), "b": np.zeros(3)})
    assert np.isnan(odd["a"][0]) and odd["a"][1] == np.inf and odd["a"][2] == -np.inf


def test_round_to_cents_of_single_amounts() -> None:
    paid = round_to_cents({"base": np.float64(9_000.0), "commission": np.float64(350.175)})
    assert paid["base"].shape == () and float(paid["commission"]) == 350.18


def test_round_to_cents_equal_remainders_go_to_the_first_listed() -> None:
    # three thirds of a cent: the total 0.01 goes to the first; NaN cells stay floors
    third = 1 / 300
    paid = round_to_cents({"a": np.array([third, np.nan]), "b": np.array([third, 1.0])})
    assert paid["a"][0] == 0.01 and paid["b"][0] == 0.0
    expected = numpy_round_to_cents({"a": np.array([third, np.nan]), "b": np.array([third, 1.0])})
    for name in paid:
        assert same_bits(paid[name], expected[name])


@settings(max_examples=150, deadline=None)
@given(
    shares=arrays(
        float, st.tuples(st.integers(1, 3), st.integers(1, 9), st.integers(1, 4)), elements=hostile
    ),
    data=st.data(),
)
def test_whole_cents_by_unit_as_numpy_did(shares: np.ndarray, data: st.DataObject) -> None:
    n_units = data.draw(st.integers(1, 4))  # some units may have no seat
    codes = np.array(
        data.draw(
            st.lists(
                st.integers(0, n_units - 1), min_size=shares.shape[1], max_size=shares.shape[1]
            )
        )
    )
    expected = numpy_whole_cents_by_unit(shares, codes, n_units)
    assert same_bits(whole_cents_by_unit(shares, codes, n_units), expected)


def test_a_pool_split_in_thirds_pays_the_pool() -> None:
    shares = np.full((2, 6, 1), 100_000 / 3)
    codes = np.array([0, 0, 0, 1, 1, 1])
    paid = whole_cents_by_unit(shares, codes, 2)
    assert paid[0, :, 0].tolist() == [33_333.34, 33_333.33, 33_333.33] * 2
    assert same_bits(paid, numpy_whole_cents_by_unit(shares, codes, 2))


@pytest.mark.parametrize("share_ties", [True, False])
@pytest.mark.parametrize("places", [1, 3, 20])
def test_top_n_awards_as_numpy_did(places: int, share_ties: bool) -> None:
    rng = np.random.default_rng(places)
    values = rng.integers(0, 4, (5, 40, 3)).astype(float)  # many ties
    values[rng.random(values.shape) < 0.3] = -np.inf  # seats that do not qualify
    values[0, :5, 0] = np.inf
    units = rng.integers(0, 6, 40)
    units[units == 5] = 0  # unit 5 has no seat; a few units hold fewer seats than places
    scale = np.array([5000.0, 5000.0 / 3, 1 / 3])
    expected = numpy_top_n(values, units, scale, places, share_ties)
    actual = top_n_awards(values, units, scale, places=places, share_ties=share_ties)
    assert same_bits(actual, expected)


def test_three_tied_for_the_last_two_places_share_them() -> None:
    values = np.array([[[9.0], [5.0], [5.0], [5.0], [1.0]]])
    award = top_n_awards(values, np.zeros(5, int), np.array([3000.0]), places=3, share_ties=True)
    assert award[0, :, 0].tolist() == [3000.0, 2000.0, 2000.0, 2000.0, 0.0]


@pytest.mark.parametrize(
    ("grade_sims", "months_shape"), [(3, (1, 1, 6)), (3, (1, 4, 6)), (3, (3, 4, 6)), (1, (3, 4, 6))]
)
def test_target_accruals_as_numpy_did(grade_sims: int, months_shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(1)
    grades = rng.integers(0, 4, (grade_sims, 4, 2)).astype(np.int8)
    of_month = np.array([0, 0, 0, 1, 1, 1])
    multipliers = np.array([1.5, 1.2, 1.0, 0.0])
    target = np.array([2000.0, 1700.0, 5000.0 * 0.85, 1e-3])
    months = rng.random(months_shape) * 3
    expected = multipliers[grades][..., of_month] * target[None, :, None] * months
    actual = target_accruals(
        grades, of_month, multipliers=multipliers, target=target, months=months
    )
    assert same_bits(actual, expected)
