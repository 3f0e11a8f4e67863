"""The measures' compiled loops give numpy's figures bit for bit (sums in numpy's
pairwise order, ties, NaN, empty groups), on random arrays of awkward sizes."""

import warnings

import numpy as np
import pytest

from salesperf_model.measure import stat_kernels, sum_kernels
from salesperf_model.measure.statistics import average_ranks, group_codes

RNG = np.random.default_rng(20261202)


def same(a, b):
    """Equal to the bit, zeros' signs included; NaN where NaN (of any sign or payload)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind != "f":
        return np.array_equal(a, b)
    nan = np.isnan(a)
    return np.array_equal(nan, np.isnan(b)) and np.array_equal(
        a[~nan].view(np.uint8), b[~nan].view(np.uint8)
    )


def spread(shape):
    """Values over many magnitudes: a different summation order shows in the last bit."""
    return RNG.standard_normal(shape) * 10 ** RNG.uniform(-4, 6, shape)


@pytest.mark.parametrize("n", [1, 7, 8, 12, 127, 128, 129, 136, 500, 1024, 6001])
def test_month_and_row_sums_follow_numpy(n):
    values = spread((3, 4, n))
    assert same(sum_kernels.month_sums(values), values.sum(axis=2, keepdims=True))
    other = spread((3, 4, n))
    assert same(sum_kernels.month_sums(values, other), (values + other).sum(axis=2, keepdims=True))
    assert same(sum_kernels.month_means(values), values.mean(axis=2))
    assert same(sum_kernels.rep_sums(values), values.sum(axis=1))
    assert same(sum_kernels.rep_sums(-np.zeros((2, 3, n))), (-np.zeros((2, 3, n))).sum(axis=1))


def test_pay_totals_are_rep_totals():
    payouts = {n: spread((4, 30, 12)) for n in ("base_salary", "commission", "allowances")}
    components, total, fixed = sum_kernels.pay_totals(payouts, ("base_salary", "allowances"))
    summed = {n: v.sum(axis=2) for n, v in payouts.items()}
    assert all(same(components[n], summed[n]) for n in payouts)
    assert same(total, sum(summed.values()))
    assert same(fixed, np.zeros_like(total) + summed["base_salary"] + summed["allowances"])
    # fixed parts listed the other way round: summed by numpy in FIXED_COMPONENTS order
    assert sum_kernels.pay_totals(payouts, ("allowances", "base_salary")) is None
    assert sum_kernels.pay_totals({"a": np.ones((2, 3))}, ()) is None  # not 3-d: numpy


def test_at_quota_side_scales_and_fills():
    shape = (3, 6, 12)
    quota = np.abs(spread(shape))
    new, existing = np.abs(spread(shape)), np.abs(spread(shape))
    new[RNG.random(shape) < 0.3] = 0.0
    existing[new == 0.0] = 0.0
    other = spread(shape)
    hunter = RNG.random(6) < 0.5
    got = sum_kernels.at_quota_side(
        quota,
        {"n": new, "e": existing, "o": other, "r": other},
        hunter,
        new="n",
        existing="e",
        fill="r",
    )
    actual = new + existing
    has = actual > 0
    with np.errstate(all="ignore"):
        factor = np.where(has, quota / np.where(has, actual, 1.0), 0.0)
    seat = hunter[None, :, None]
    assert same(got["o"], other * factor)
    assert same(got["n"], np.where(has, new * factor, np.where(seat, quota, 0.0)))
    assert same(got["e"], np.where(has, existing * factor, np.where(seat, 0.0, quota)))
    assert same(got["r"], np.where(has, other * factor, quota))


def read_only(values):
    kept = values.copy()
    kept.flags.writeable = False
    return kept


def test_kept_read_only_arrays_beside_fresh_ones_are_summed():
    """A sweep keeps its unchanged components read-only beside freshly paid ones: the
    compiled loop refused that mix ("TypingError" in the sweep and the search)."""
    payouts = {n: spread((2, 5, 12)) for n in ("base_salary", "commission")}
    mixed = {"base_salary": read_only(payouts["base_salary"]), "commission": payouts["commission"]}
    _, total, fixed = sum_kernels.pay_totals(mixed, ("base_salary",))
    assert same(total, sum(v.sum(axis=2) for v in payouts.values()))
    assert same(fixed, np.zeros(total.shape) + payouts["base_salary"].sum(axis=2))
    shape = (2, 5, 12)
    quota, new, existing = (np.abs(spread(shape)) for _ in range(3))
    measures = {"n": read_only(new), "e": existing}
    got = sum_kernels.at_quota_side(quota, measures, np.ones(5, bool), new="n", existing="e")
    assert same(got["n"], new * (quota / (new + existing)))


@pytest.mark.parametrize("columns", [1, 5, 130, 601])
def test_masked_means_and_medians_are_numpys(columns):
    values = spread((25, columns))
    values[::3] = np.round(values[::3])  # ties
    values[RNG.random(values.shape) < 0.05] = np.nan
    mask = RNG.random(values.shape) < 0.6
    mask[0] = False  # a row with none: NaN
    masked = np.where(mask, values, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert same(stat_kernels.masked_row_stat(values, mask, "mean"), np.nanmean(masked, axis=1))
        # a median between zeros of both signs may take either (numpy's sort order): the
        # sign of a zero median is not kept (pay gaps divide by the reference's, != 0)
        assert np.array_equal(
            stat_kernels.masked_row_stat(values, mask, "median"),
            np.nanmedian(masked, axis=1),
            equal_nan=True,
        )


def test_group_percentiles_and_centring_are_numpys():
    roles = RNG.choice(np.array(["a", "b", "c"], dtype=object), 300)
    codes, groups = group_codes(roles)
    values = np.round(spread((8, 300)))
    values[2, 5] = np.nan
    expected = np.empty(values.shape)
    for code in range(groups):
        columns = codes == code
        expected[:, columns] = (average_ranks(values[:, columns]) - 0.5) / columns.sum()
    assert same(stat_kernels.group_percentiles(values, codes, groups), expected)
    centred = values.copy()
    for code in range(groups):
        columns = codes == code
        centred[:, columns] -= np.ascontiguousarray(centred[:, columns]).mean(axis=1, keepdims=True)
    assert same(stat_kernels.centre_groups(values, codes, groups), centred)


def test_centred_within_is_numpys():
    roles = RNG.choice(np.array(["a", "b"], dtype=object), 200)
    codes, groups = group_codes(roles)
    values = spread((6, 200))
    inside = (RNG.random((6, 200)) < 0.4).astype(float)
    inside[0, roles == "a"] = 0.0  # a role with nobody inside: 0 / 0
    expected = np.zeros(values.shape)
    with np.errstate(all="ignore"):
        for code in range(groups):
            w = inside * (codes == code)[None, :]
            mean = (values * w).sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)
            expected += np.nan_to_num((values - mean) * w)
    assert same(stat_kernels.centred_within(values, inside, codes, groups=groups), expected)


def test_ideal_grades_and_grade_counts():
    from salesperf_model.measure.grade_parity import grade_rates

    assigned = RNG.integers(0, 4, (4, 90, 3)).astype(np.int8)
    skill = np.round(RNG.standard_normal((4, 90, 3)), 1)  # ties: seat order
    reps = assigned.shape[1]
    counts = (assigned[..., None] == np.arange(4)).sum(axis=1)
    bounds = np.cumsum(counts, axis=-1)
    by_position = (np.arange(reps)[None, None, :, None] >= bounds[:, :, None, :]).sum(axis=-1)
    by_position = np.minimum(by_position, 3).transpose(0, 2, 1)
    expected = np.empty_like(by_position)
    np.put_along_axis(expected, np.argsort(-skill, axis=1, kind="stable"), by_position, axis=1)
    assert same(stat_kernels.ideal_grades(assigned, skill), expected)
    mask = RNG.random((4, 90)) < 0.5
    graded = RNG.random(assigned.shape) < 0.9
    weight = np.broadcast_to(mask[:, :, None], assigned.shape).astype(float) * graded
    n = weight.sum(axis=(1, 2))
    s, c = grade_rates(assigned, mask, graded)
    assert same(s, 100.0 * ((assigned == 0) * weight).sum(axis=(1, 2)) / n)
    assert same(c, 100.0 * ((assigned == 3) * weight).sum(axis=(1, 2)) / n)


def test_group_codes_of_labels_kept_or_changed() -> None:
    """The last labels coded are found again: a read-only array (a metric's roles) by
    being the same object, a writeable one by its values, so an edit in place is coded
    afresh."""
    roles = np.array(["b", "a", "b", "c"], dtype=object)
    roles.flags.writeable = False
    first = group_codes(roles)
    assert group_codes(roles)[0] is first[0] and first[0].tolist() == [1, 0, 1, 2]
    assert group_codes(roles.copy())[0] is first[0]  # equal values, another array
    editable = np.array(["b", "a", "b", "c"], dtype=object)
    assert group_codes(editable)[0].tolist() == [1, 0, 1, 2]
    editable[0] = "a"
    assert group_codes(editable)[0].tolist() == [0, 0, 1, 2]
