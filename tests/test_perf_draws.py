"""The faster draws give the same values as before: generators seeded for all simulations
at once are SeedSequence's streams, and counts walked from a CDF summed from the pmf
equal those walked from scipy's CDF, even for u placed on or next to scipy's CDF (where
the walk must fall back to it)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special
from test_keyed_kernels import _binomial_reference, _poisson_reference

from salesperf_model.simulate import keyed, streams


@pytest.mark.parametrize("seed", [0, 5, 2**32 - 1, 2**32, 2**64 + 3, 20261201])
def test_generators_seeded_at_once_are_the_seedsequence_streams(seed):
    simulations = [0, 1, 7, 2**32 - 1, 2**32, 2**40 + 9, 123_456]
    generators = streams.variable_generators(seed, "visits", simulations)
    for s, generator in zip(simulations, generators):
        reference = streams.variable_generator(seed, "visits", s)
        assert generator.bit_generator.state == reference.bit_generator.state
        assert np.array_equal(generator.standard_normal(4), reference.standard_normal(4))


def test_draws_fill_in_place_the_stacked_draws():
    draws = streams.Draws(11, [0, 3, 9])
    for shape in [(), (5,), (3, 4)]:
        generators = [streams.variable_generator(11, f"x{shape}", s) for s in [0, 3, 9]]
        expected = np.stack([g.standard_normal(shape) for g in generators])
        assert np.array_equal(draws.normal(f"x{shape}", shape), expected)


def _around(cdf: np.ndarray) -> list[np.ndarray]:
    """u on scipy's CDF, a few ulps either side, inside and outside the margin."""
    out = [cdf, np.nextafter(cdf, 0.0), np.nextafter(cdf, 1.0)]
    out += [cdf + d for d in (1e-8, -1e-8, 1e-6, -1e-6)]
    return [np.clip(u, 1e-300, 1 - 2**-53) for u in out]


def test_poisson_counts_at_and_near_scipys_cdf_are_scipys():
    rng = np.random.default_rng(3)
    mean = np.concatenate([rng.uniform(10, 300, 3000), rng.uniform(900, 1100, 500)])
    k = np.round(mean + rng.normal(0, 1, mean.size) * np.sqrt(mean)).clip(0)
    for u in _around(special.pdtr(k, mean)):
        np.testing.assert_array_equal(keyed.poisson_quantile(u, mean), _poisson_reference(u, mean))


def test_binomial_counts_at_and_near_scipys_cdf_are_scipys():
    rng = np.random.default_rng(4)
    n = np.concatenate([rng.integers(20, 300, 3000), rng.integers(900, 1100, 500)])
    p = rng.uniform(0.05, 0.95, n.size)
    sd = np.sqrt(n * p * (1 - p))
    k = np.clip(np.round(n * p + rng.normal(0, 1, n.size) * sd), 0, n - 1)
    for u in _around(special.betainc(np.maximum(n - k, 1.0), k + 1, 1 - p)):
        np.testing.assert_array_equal(
            keyed.binomial_quantile(u, n, p), _binomial_reference(u, n, p)
        )
