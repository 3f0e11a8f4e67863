"""The month loop's layout shortcuts are bit for bit the numpy versions they replaced:
the month-last copy of the run's arrays (``run._month_last``) and the whole-run
measures written in one compiled pass (``layout_kernels.whole_run``)."""

from __future__ import annotations

import numpy as np
import pytest

from salesperf_model.schema import Population
from salesperf_model.simulate import layout_kernels, simulate
from salesperf_model.simulate.run import _month_last


@pytest.mark.parametrize("shape", [(1, 1, 1), (12, 3, 7), (13, 1, 5), (2, 9, 1)])
def test_month_last_is_each_array_transposed_into_memory_of_its_own(shape):
    """Every (periods, sims, reps) array comes back as a contiguous (sims, reps, periods)
    copy, bit for bit (NaN, -0.0, inf kept), in the same order, and no two results share
    memory, though each but the first lives where an earlier working array was."""
    rng = np.random.default_rng(3)
    T, S, R = shape
    arrays = {name: rng.normal(size=shape) for name in ("a", "b", "c", "d")}
    arrays["b"].flat[0] = -0.0
    arrays["c"].flat[-1] = np.nan
    arrays["d"].flat[0] = -np.inf
    expected = {name: a.transpose(1, 2, 0).copy() for name, a in arrays.items()}
    final = _month_last(dict(arrays))
    assert list(final) == list(expected)
    for name, values in final.items():
        assert values.shape == (S, R, T) and values.flags.c_contiguous
        assert values.tobytes() == expected[name].tobytes()
    views = list(final.values())
    for i, first in enumerate(views):
        for second in views[i + 1 :]:
            assert not np.shares_memory(first, second)


def test_month_last_by_hand():
    """Two months of one simulation's two reps: months (1, 2) and (3, 4) become per rep
    (1, 3) and (2, 4)."""
    months = np.array([[[1.0, 2.0]], [[3.0, 4.0]]])  # (periods 2, sims 1, reps 2)
    final = _month_last({"x": months, "y": months * 10})
    np.testing.assert_array_equal(final["x"], [[[1.0, 3.0], [2.0, 4.0]]])
    np.testing.assert_array_equal(final["y"], [[[10.0, 30.0], [20.0, 40.0]]])


def _whole_run_numpy(territory, big_share, market, regional, region, region_base, season):
    """The numpy products the compiled pass replaced, laid out (sims, reps, periods)."""
    by_month = (*territory.shape, len(season))
    return (
        np.broadcast_to(0.0, by_month),
        np.broadcast_to(territory[:, :, None], by_month),
        np.broadcast_to(big_share[:, :, None], by_month),
        market[:, None, :] * regional[:, region, :],
        region_base[region][None, :, None]
        * season[None, None, :]
        * market[:, None, :]
        * regional[:, region, :],
    )


@pytest.mark.parametrize(("periods", "sims", "reps", "regions"), [(1, 1, 1, 1), (12, 4, 9, 3)])
def test_whole_run_writes_the_numpy_products(periods, sims, reps, regions):
    """Into a slice of simulations of bigger run arrays (views that are not contiguous),
    the compiled pass writes the very products numpy made, and nothing outside it."""
    rng = np.random.default_rng(11)
    territory, big_share = rng.lognormal(size=(2, sims, reps))
    market = rng.lognormal(0.0, 0.3, (sims, periods))
    regional = rng.lognormal(0.0, 0.3, (sims, regions, periods))
    region = rng.integers(0, regions, reps)
    region_base = rng.uniform(1e5, 1e7, regions)
    season = rng.uniform(0.7, 1.3, periods)
    run = np.full((5, periods, sims + 2, reps), 7.0)
    rows = slice(1, 1 + sims)
    layout_kernels.whole_run(
        tuple(run[k][:, rows] for k in range(5)),
        (territory, big_share),
        (market, regional),
        region=region,
        region_base=region_base,
        season=season,
    )
    expected = _whole_run_numpy(territory, big_share, market, regional, region, region_base, season)
    for k in range(5):
        got = np.ascontiguousarray(run[k][:, rows].transpose(1, 2, 0))
        assert got.tobytes() == np.ascontiguousarray(expected[k]).tobytes()
        assert (run[k][:, 0] == 7.0).all() and (run[k][:, -1] == 7.0).all()


def test_chunks_and_pieces_give_the_same_outcomes():
    """The working arrays reused as results: one chunk, chunks of 2 and a run in two
    pieces (``first_simulation``) give bit for bit the same measures and truth."""
    population = Population()
    whole = simulate(population, reps=12, periods=4, simulations=5, seed=4)
    chunked = simulate(population, reps=12, periods=4, simulations=5, seed=4, chunk_size=2)
    head = simulate(population, reps=12, periods=4, simulations=2, seed=4)
    tail = simulate(population, reps=12, periods=4, simulations=3, seed=4, first_simulation=2)
    for name, values in whole.measures.items():
        assert values.flags.c_contiguous
        assert values.tobytes() == chunked.measures[name].tobytes()
        pieces = np.concatenate([head.measures[name], tail.measures[name]])
        assert values.tobytes() == pieces.tobytes()
    assert whole.truth is not None and chunked.truth is not None
    for name, values in whole.truth.items():
        assert values.tobytes() == chunked.truth[name].tobytes()


def test_voluntary_exits_are_the_numpy_hazard():
    """The compiled exit hazard leaves the very reps numpy's products did, hazards above
    1 (capped), NaN performance (nobody leaves) and both flags included."""
    from salesperf_model.simulate import month_kernels

    rng = np.random.default_rng(5)
    S, R = 3, 40
    trailing = rng.lognormal(0.0, 1.0, (S, R))
    trailing[0, :3] = np.nan
    performance = np.clip(trailing, 0.05, 20.0) ** -1.3
    pay = rng.lognormal(0.0, 0.3, (S, R)) ** -2.0
    warned, moved_down = rng.random((2, S, R)) < 0.3
    award = rng.uniform(0.5, 1.5, (S, R))
    u = rng.random((S, R))
    hazard = 0.4  # big, so that some hazards pass 1
    expected = u < np.minimum(
        hazard
        * (performance / np.nanmean(performance, axis=1, keepdims=True))
        * pay
        * np.where(warned, 3.0, 1.0)
        * np.where(moved_down, 2.0, 1.0)
        * award,
        1.0,
    )
    mean = np.nanmean(performance, axis=1)
    got = month_kernels.voluntary_exits(
        performance,
        mean,
        u,
        pay=pay,
        flags=(warned, moved_down),
        multipliers=(3.0, 2.0),
        award=award,
        hazard=hazard,
    )
    np.testing.assert_array_equal(got, expected)
    assert not got[0, :3].any() and got.any() and not got.all()
