"""Speed round 4 of the simulation, bit for bit: keyed draws made only for the cells that
use them are those cells' whole-array draws, and the one-pass per-item spread
(simulate/item_kernels.py) is the numpy chain it replaced (the keyed uniforms, scipy's
ndtri, ``sigma * z - sigma ** 2 / 2`` per item), tails, odd sigmas and layouts included."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from salesperf_model.simulate import item_kernels, keyed_kernels, normal_kernels, order_kernels
from salesperf_model.simulate.keyed import KeyedDraws, _key
from salesperf_model.simulate.month_kernels import deal_cells

_MASK = (1 << 64) - 1


def _unmix(z: int) -> int:
    """The inverse of SplitMix64's finaliser (``keyed._mix``) on one word."""

    def unshift(x: int, s: int) -> int:
        out = x
        for _ in range(64 // s + 1):
            out = x ^ (out >> s)
        return out & _MASK

    z = unshift(z, 31)
    z = (z * pow(0x94D049BB133111EB, -1, 1 << 64)) & _MASK
    z = unshift(z, 27)
    z = (z * pow(0xBF58476D1CE4E5B9, -1, 1 << 64)) & _MASK
    return unshift(z, 30)


def _cells_giving(tops: list[int], rank: int = 0) -> np.ndarray:
    """Cells whose item ``rank`` hashes to a word with these top 53 bits: uniforms at
    the very ends of (0, 1), where the far tails of the normal quantile are."""
    key = int(_key(np.uint64(rank)))
    return np.array([_unmix(top << 11) ^ key for top in tops], np.uint64)


def _reference(cells, counts, sigma, centred):
    """The numpy chain: the per-item keyed uniforms, scipy's ndtri, the seat's sigma."""
    counts = np.asarray(counts, np.int64).ravel()
    z = special.ndtri(keyed_kernels.item_uniforms(cells, counts))
    s = np.asarray(sigma, float)[np.repeat(np.arange(counts.size), counts) % max(sigma.size, 1)]
    with np.errstate(over="ignore", invalid="ignore"):
        return s * z - s**2 / 2 if centred else s * z


def _same(got, expected):
    assert got.shape == expected.shape
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(expected))


AWKWARD = np.array([0.7, np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-300, -2.5, 5e-324, 1e300])


@pytest.mark.parametrize("centred", [True, False])
def test_item_spread_is_the_numpy_chain_on_awkward_sigmas(centred):
    rng = np.random.default_rng(3)
    seats = AWKWARD.size
    cells = rng.integers(0, 2**64, 40 * seats, dtype=np.uint64)
    counts = rng.integers(0, 9, cells.size)
    counts[:7] = [0, 0, 1, 30, 0, 2, 0]
    got = item_kernels.item_spread(cells, counts, AWKWARD, centred=centred)
    _same(got, _reference(cells, counts, AWKWARD, centred))


def test_item_spread_in_the_far_tails_and_at_the_ends():
    tops = [0, 1, 2, 3, 2**20, 2**40, 2**53 - 1, 2**53 - 2, 2**53 - 2**20, 2**52, 2**52 - 1]
    cells = _cells_giving(tops)
    counts = np.ones(cells.size, np.int64)
    u = keyed_kernels.item_uniforms(cells, counts)
    assert u.min() < 1e-15 and u.max() > 1 - 1e-15  # ndtri's far tails (x >= 8) reached
    for sigma in (np.array([0.8]), np.array([0.8, -0.0, np.nan])):
        for centred in (True, False):
            got = item_kernels.item_spread(cells, counts, sigma, centred=centred)
            _same(got, _reference(cells, counts, sigma, centred))


def test_item_spread_of_no_items():
    for counts in (np.zeros(0, np.int64), np.zeros(5, np.int64)):
        cells = np.arange(counts.size, dtype=np.uint64)
        got = item_kernels.item_spread(cells, counts, np.array([0.5, 1.0]), centred=True)
        assert got.shape == (0,) and got.dtype == np.float64


def test_item_spread_is_the_chain_it_replaced():
    """``log_growth`` of the per-item normals (orders), ``deal_cells``' spread (deals)."""
    rng = np.random.default_rng(11)
    cells = rng.integers(0, 2**64, 6 * 300, dtype=np.uint64)
    counts = rng.poisson(4.4, cells.size).astype(np.int64)
    sigma = rng.uniform(0.2, 1.2, 300)
    z = normal_kernels.normals(keyed_kernels.item_uniforms(cells, counts))
    _same(
        item_kernels.item_spread(cells, counts, sigma, centred=True),
        order_kernels.log_growth(counts, sigma, z),
    )
    _same(
        item_kernels.item_spread(cells, counts, sigma, centred=False),
        deal_cells(counts, sigma, z)[1],
    )


def test_keyed_per_item_spread_takes_any_layout():
    draws = KeyedDraws(20240917, [4, 9, 2], 30)
    draws.set_month(7)
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 6, (3, 60))[:, ::2]  # strided
    sigma = np.broadcast_to(np.array(0.9), (30,))  # a broadcast view
    z = draws.per_item("book.order_size", counts, "normal")
    expected = 0.9 * z - 0.9**2 / 2
    _same(draws.per_item_spread("book.order_size", counts, sigma), expected)
    _same(draws.per_item_spread("book.order_size", counts, sigma, centred=False), 0.9 * z)


@pytest.mark.parametrize("shape", [(40,), (5, 40), (2, 3, 40)])
def test_draws_at_some_cells_are_those_cells_of_the_whole_draw(shape):
    draws = KeyedDraws(77, [0, 12, 3, 8], 40)
    draws.set_month(4)
    rng = np.random.default_rng(1)
    for at in (np.zeros(0, np.int64), np.array([0, 159]), np.sort(rng.choice(160, 37, False))):
        s, r = at // 40, at % 40
        whole_u = draws.uniform("hires.screen", shape)
        whole_z = draws.normal("ratings.bond_new", shape)
        expected_u = np.moveaxis(whole_u, -1, 1)[s, r]  # (cells, *slots)
        expected_z = np.moveaxis(whole_z, -1, 1)[s, r]
        _same(draws.uniform_at("hires.screen", shape, at), expected_u)
        _same(draws.normal_at("ratings.bond_new", shape, at), expected_z)
        assert draws.uniform_at("hires.screen", shape, at).shape == (at.size, *shape[:-1])


def test_fresh_rater_views_are_the_whole_draws_where_the_seat_changed_hands():
    from types import SimpleNamespace

    from salesperf_model.simulate.quality import _fresh_views

    draws = KeyedDraws(5, [1, 2, 3], 50)
    draws.set_month(2)
    rng = np.random.default_rng(2)
    person = rng.integers(0, 3, (3, 50))
    state = SimpleNamespace(person=person, rated_person=np.zeros((3, 50), np.int64))
    chunk = SimpleNamespace(draws=draws, shape=(3, 50))
    impression, bond = _fresh_views(chunk, state)
    changed = person != 0
    for got, name, k in ((impression, "ratings.impression_new", 5), (bond, "ratings.bond_new", 4)):
        whole = draws.normal(name, (k, 50))
        assert got.shape == whole.shape
        mask = np.broadcast_to(changed[:, None, :], whole.shape)
        _same(got[mask], whole[mask])
        assert not got[~mask].any()


def test_screened_hires_are_the_whole_month_draws_at_the_seats_hired_into():
    from types import SimpleNamespace

    from salesperf_model.schema import Behaviour, Population
    from salesperf_model.simulate.behaviour import screened_hires

    draws = KeyedDraws(9, [0, 1, 2, 3], 25)
    draws.set_month(6)
    behaviour = Behaviour(enabled=True)
    population = Population()
    chunk = SimpleNamespace(draws=draws, shape=(4, 25), behaviour=behaviour, population=population)
    hired = np.random.default_rng(4).random((4, 25)) < 0.2
    noise = draws.normal("hires.skill", (25,))[hired]  # the draws of every seat, as before
    u = draws.uniform("hires.screen", (25,))[hired]
    validity = behaviour.selection_validity
    expected = (
        population.workforce.hire_skill_mean
        + behaviour.applicant_skill_gap
        + validity * special.ndtri(1.0 - behaviour.selection_ratio * (1.0 - u))
        + np.sqrt(1 - validity**2) * noise
    )
    _same(screened_hires(chunk, hired), expected)
    assert screened_hires(chunk, np.zeros((4, 25), bool)).shape == (0,)
