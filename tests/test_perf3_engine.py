"""Speed round 4's engine shortcuts give the figures of the plain computation, bit for
bit: the compiled KPI pass skipping the reps a KPI does not weight (and storing no points
when none are read), settlements placed by a strided copy, and commission sums made
once for arrays named twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine.periods import PeriodGroups, period_groups
from salesperf_model.engine.run import score_and_grade
from salesperf_model.engine.scoring import score_with_total
from salesperf_model.loading import load_scenario
from salesperf_model.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

#: NaN, infinities and zero targets on purpose: numpy warns of what they give
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal values, NaN where NaN, and the same signs of zero."""
    a, b = np.asarray(a), np.asarray(b)
    return (
        a.shape == b.shape
        and np.array_equal(a, b, equal_nan=True)
        and np.array_equal(np.signbit(a), np.signbit(b))
    )


def _awkward(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    values = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)
    flat = values.reshape(-1)
    if flat.size:
        picks = rng.integers(0, flat.size, 6)
        flat[picks] = [np.nan, np.inf, -np.inf, -0.0, 0.0, -0.0]
    return values


def _reference(numerator, denominator, quota, *, kind, parameters, total):
    """The loop before the shortcut: every rep's cells scored (0 where unweighted), each
    stored in ``points`` and added to ``total`` from there (``score_kernels``' rule)."""
    from salesperf_model.engine.score_kernels import _share

    points = np.empty(total.shape)
    sims, reps, periods = total.shape
    p_ = parameters
    for s in range(sims):
        for r in range(reps):
            weight = p_["weights"][r]
            for p in range(periods):
                if weight == 0:
                    points[s, r, p] = weight * 0.0
                    total[s, r, p] += points[s, r, p]
                    continue
                summed = numerator[s, r, p]
                if kind == 0:
                    actual = summed
                elif kind == 3:
                    actual = summed / p_["months"][p]
                elif kind == 4:
                    actual = summed / p_["heads"][r]
                else:
                    below = denominator[s, r, p]
                    actual = summed / below if below > 0 else 0.0
                    if kind == 2:
                        actual = 1.0 - actual
                if p_["quota_target"] and kind == 4:
                    target = (quota[s, r, p] / p_["heads"][r]) * p_["target_values"][r]
                elif p_["quota_target"]:
                    target = quota[s, r, p] * p_["target_values"][r]
                else:
                    target = p_["target_values"][r] * p_["target_months"][p]
                share = _share.py_func(
                    actual,
                    target,
                    p_["lower"],
                    p_["cap"][r],
                    p_["floor"][r],
                    p_["band_at"],
                    p_["band_share"],
                    p_["bands"],
                )
                points[s, r, p] = weight * share
                total[s, r, p] += points[s, r, p]
    return points


@pytest.mark.parametrize("kind", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("quota_target", [False, True])
@pytest.mark.parametrize("bands", [False, True])
@pytest.mark.parametrize("shape", [(2, 9, 4), (0, 5, 3), (1, 1, 1), (3, 6, 0)])
def test_the_kpi_pass_skipping_unweighted_reps_is_the_full_loop(
    kind: int, quota_target: bool, bands: bool, shape: tuple[int, int, int]
) -> None:
    from salesperf_model.engine.scoring_kernels import kpi_points_of_sums

    rng = np.random.default_rng(kind * 8 + quota_target * 4 + bands * 2 + shape[0])
    _, reps, periods = shape
    numerator, denominator, quota = (_awkward(rng, shape) for _ in range(3))
    weights = rng.choice([0.0, -0.0, 2.5, 30.0, np.nan], reps)
    parameters = {
        "months": np.array([3.0, 2.0, 1.0, 3.0][:periods] + [3.0] * max(periods - 4, 0)),
        "heads": rng.choice([1.0, 4.0, 0.5], reps),  # 0 raises, as it did
        "quota_target": quota_target,
        "target_values": rng.choice([0.0, 1.5, -2.0, np.inf], reps),
        "target_months": np.full(periods, 3.0),
        "weights": weights,
        "cap": rng.choice([1.2, np.inf], reps),
        "floor": rng.choice([0.0, 0.5], reps),
        "lower": bool(kind % 2),
        "band_at": np.array([0.0, 0.5, 1.0] if bands else []),
        "band_share": np.array([0.0, 0.5, 1.0] if bands else []),
        "bands": bands,
    }
    start = rng.choice([0.0, 12.5, np.nan, -3.0], shape)  # a sum begun at +0.0: no -0.0
    expected_total = start.copy()
    expected = _reference(
        numerator, denominator, quota, kind=kind, parameters=parameters, total=expected_total
    )
    for kept in (True, False):
        total = start.copy()
        points = np.full(shape, 7.0) if kept else np.empty((0, 0, 0))
        kpi_points_of_sums(
            numerator,
            denominator,
            quota,
            kind=kind,
            points=points,
            total=total,
            kept=kept,
            **parameters,
        )
        assert _same(total, expected_total)
        if kept:
            assert _same(points, expected)


def test_the_kpi_pass_reads_broadcast_views() -> None:
    from salesperf_model.engine.scoring_kernels import kpi_points_of_sums

    rng = np.random.default_rng(3)
    row = _awkward(rng, (1, 5, 4))
    numerator = np.broadcast_to(row, (3, 5, 4))
    parameters = {
        "months": np.full(4, 3.0),
        "heads": np.ones(5),
        "quota_target": False,
        "target_values": np.full(5, 2.0),
        "target_months": np.full(4, 3.0),
        "weights": np.array([0.0, 5.0, 0.0, 10.0, 1.0]),
        "cap": np.full(5, 1.2),
        "floor": np.full(5, 0.5),
        "lower": False,
        "band_at": np.array([]),
        "band_share": np.array([]),
        "bands": False,
    }
    expected_total = np.zeros((3, 5, 4))
    expected = _reference(
        np.ascontiguousarray(numerator),
        numerator,
        numerator,
        kind=1,
        parameters=parameters,
        total=expected_total,
    )
    total, points = np.zeros((3, 5, 4)), np.empty((3, 5, 4))
    kpi_points_of_sums(
        numerator,
        numerator,
        numerator,
        kind=1,
        points=points,
        total=total,
        kept=True,
        **parameters,
    )
    assert _same(total, expected_total) and _same(points, expected)


@pytest.fixture(scope="module")
def year():
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = simulate(scenario.population, reps=60, periods=12, simulations=3, seed=11)
    return scenario, outcomes


def test_scores_without_kpi_points_are_the_recorded_scores(year) -> None:
    """The compiled pass without stored points sums as the numpy path (KPI records)."""
    scenario, outcomes = year
    records: dict = {}
    plain_points, plain_total, _ = score_with_total(outcomes, scenario, records)
    kept_points, kept_total, _ = score_with_total(outcomes, scenario)
    none_points, none_total, _ = score_with_total(outcomes, scenario, kpi_points_kept=False)
    assert none_points == {}
    assert _same(kept_total, plain_total) and _same(none_total, plain_total)
    for name, points in plain_points.items():
        assert _same(kept_points[name], points)
    graded = score_and_grade(outcomes, scenario, kpi_points_kept=False)
    assert _same(graded.points, plain_total)


def _place_plainly(groups: PeriodGroups, values: np.ndarray) -> np.ndarray:
    out = np.zeros((*values.shape[:2], len(groups.of_month)))
    out[..., groups.ends] = values
    return out


PERIODS = [f"2026-{m:02d}" for m in range(1, 13)]


@pytest.mark.filterwarnings("ignore:invalid value encountered in matmul")
@pytest.mark.parametrize(
    ("periods", "frequency", "start"),
    [
        (PERIODS, "monthly", 1),
        (PERIODS, "quarterly", 1),
        (PERIODS, "half_year", 1),
        (PERIODS, "annual", 1),
        (PERIODS[1:11], "quarterly", 1),  # partial quarters: uneven ends
        (PERIODS, "quarterly", 2),  # fiscal quarters: the first one partial
        (PERIODS[:1], "monthly", 1),
        (["2026-Q1", "2026-Q2", "2026-Q3"], "monthly", 1),
        ([], "quarterly", 1),
    ],
)
def test_settlements_placed_by_a_strided_copy_are_placed_as_indexed(
    periods: list[str], frequency: str, start: int
) -> None:
    groups = period_groups(periods, frequency, start=start)
    rng = np.random.default_rng(len(periods))
    for shape in ((2, 3, len(groups.ends)), (0, 3, len(groups.ends))):
        values = _awkward(rng, shape)
        assert _same(groups.place(values), _place_plainly(groups, values))
        flags = values > 0  # bool amounts are cast as before
        assert _same(groups.place(flags), _place_plainly(groups, flags))
    if len(groups.ends):
        row = np.broadcast_to(_awkward(rng, (1, 3, 1)), (2, 3, len(groups.ends)))
        assert _same(groups.place(row), _place_plainly(groups, row))
        assert groups.place(row).flags.c_contiguous
        months = _awkward(rng, (2, 3, len(periods)))  # the kept matrix sums as a fresh one
        assert _same(groups.sum(months), months @ groups.membership())


def test_commission_sums_of_an_array_named_twice_are_the_sums_of_each() -> None:
    from salesperf_model.engine.commission import _Monthly

    groups = period_groups(PERIODS, "quarterly")
    rng = np.random.default_rng(5)
    quota, revenue, credited = (_awkward(rng, (2, 4, 12)) for _ in range(3))
    shared = _Monthly(quota, revenue, revenue, credited).sums(groups)
    apart = _Monthly(quota, revenue, revenue.copy(), credited).sums(groups)
    for a, b in zip(shared.parts(), apart.parts(), strict=True):
        assert _same(a, b)


@pytest.mark.filterwarnings("ignore:invalid value encountered in matmul")
@pytest.mark.parametrize("frequency", ["monthly", "quarterly", "half_year", "annual"])
def test_sums_of_many_seats_block_by_block_are_the_whole_product(monkeypatch, frequency) -> None:
    """``PeriodGroups.sum`` takes a table of more than twice ``SEAT_BLOCK`` seats a block
    at a time: the sums are the one matrix product's to the bit (NaN, infinities and signed
    zeros included), for a C-ordered table, a month-first one seen seat-first (the month
    loop's), one simulation or several, and a last block shorter than the rest."""
    from salesperf_model.engine import periods as period_module

    groups = period_groups(PERIODS, frequency)
    rng = np.random.default_rng(11)
    monkeypatch.setattr(period_module, "SEAT_BLOCK", 4)
    for values in (
        _awkward(rng, (1, 23, 12)),
        _awkward(rng, (3, 23, 12)),
        _awkward(rng, (12, 2, 23)).transpose(1, 2, 0),
        _awkward(rng, (23, 12)),
    ):
        assert _same(groups.sum(values), values @ groups.membership())
