"""Counts walked from zero for every cell at once (a fixed number of steps as selects,
the unfinished cells walked again one by one) are those of the numpy walk, on hostile
cells: u on, and an ulp either side of, each CDF the walk sums (where it steps back),
walks of more steps than are taken at once, pmfs at 0 that underflow, p and means out
of range, broadcast and strided inputs. The compiled normal quantile is scipy's ndtri
bit for bit, in the tails too."""

from __future__ import annotations

import numpy as np
from scipy import special
from test_keyed_kernels import _binomial_reference, _poisson_reference

from salesperf_model.simulate import keyed


def _summed_cdfs(pmf0: np.ndarray, ratio, steps: int) -> list[np.ndarray]:
    """The CDFs the walk from zero sums (pmf0, + pmf1, ...), as it sums them."""
    pmf, cdf = pmf0.copy(), pmf0.copy()
    out = [cdf.copy()]
    for k in range(steps):
        pmf = pmf * ratio(float(k))
        cdf = cdf + pmf
        out.append(cdf.copy())
    return out


def _on_and_beside(cdfs: list[np.ndarray]) -> list[np.ndarray]:
    out = []
    for cdf in cdfs:
        out += [cdf, np.nextafter(cdf, 0.0), np.nextafter(cdf, 1.0)]
    return [np.clip(u, 2**-54, 1 - 2**-53) for u in out]


def test_binomial_counts_on_every_summed_cdf_are_the_numpy_walks():
    rng = np.random.default_rng(7)
    n = np.concatenate([rng.integers(1, 40, 3000), rng.integers(1000, 10**6, 300)])
    p = np.minimum(rng.uniform(0, 9.99, n.size) / n, 0.999)
    n[:5], p[:5] = [30, 1, 2, 5000, 10**6], [0.3, 0.999, 0.5, 1e-3, 9.9e-6]
    n = n.astype(np.int64)
    pmf0 = np.exp(n * np.log1p(-p))
    cdfs = _summed_cdfs(pmf0, lambda k: (n - k) / (k + 1) * (p / (1.0 - p)), 30)
    for u in _on_and_beside(cdfs):
        np.testing.assert_array_equal(
            keyed.binomial_quantile(u, n, p), _binomial_reference(u, n, p)
        )


def test_poisson_counts_on_every_summed_cdf_are_the_numpy_walks():
    rng = np.random.default_rng(8)
    lam = np.concatenate([rng.uniform(0, 10, 3000), [1e-300, 5e-324, 9.999999, 1e-12]])
    cdfs = _summed_cdfs(np.exp(-lam), lambda k: lam / (k + 1), 30)
    for u in _on_and_beside(cdfs):
        np.testing.assert_array_equal(keyed.poisson_quantile(u, lam), _poisson_reference(u, lam))


def test_counts_of_odd_cells_and_layouts_are_the_numpy_walks():
    rng = np.random.default_rng(9)
    u = rng.uniform(0, 1, (6, 40, 50))[::2, :, ::2]  # strided
    u[0, 0, :4] = [2**-54, 1 - 2**-53, 0.5, 1e-300]
    n = rng.integers(-2, 60, (40, 25))
    p = rng.choice([-0.1, 0.0, 1e-300, 0.02, 0.2, 0.5, 0.97, 1.0, 1.5, np.nan], (40, 25))
    n[0, :4], p[0, :4] = 0, [1.0, 1.5, np.nan, 0.5]
    got = keyed.binomial_quantile(u, n, p)
    np.testing.assert_array_equal(got, _binomial_reference(u, n, p))
    lam = rng.choice([-1.0, 0.0, np.nan, 1e-300, 0.3, 4.0, 9.5, 10.0, 37.0, 1e4], 25)
    got = keyed.poisson_quantile(u, lam)  # broadcast over the first axes
    np.testing.assert_array_equal(got, _poisson_reference(u, lam))


def test_a_count_by_hand():
    # Binomial(2, 1/2): CDF 1/4, 3/4, 1; Poisson(1): CDF 0.3679, 0.7358, 0.9197, ...
    u = np.array([0.1, 0.24, 0.26, 0.74, 0.76, 0.999])
    assert keyed.binomial_quantile(u, 2, 0.5).tolist() == [0, 0, 1, 1, 2, 2]
    assert keyed.poisson_quantile(u, 1.0).tolist() == [0, 0, 0, 2, 2, 5]


def _same(got: np.ndarray, expected: np.ndarray) -> bool:
    return bool(np.all((got == expected) | (np.isnan(got) & np.isnan(expected))))


def test_normal_quantiles_are_scipys_bit_for_bit():
    rng = np.random.default_rng(10)
    hashed = (rng.integers(0, 2**53, 2_000_000, dtype=np.uint64) + 0.5) * 2.0**-53
    tails = np.exp(-rng.uniform(0, 745, 500_000))
    near = np.arange(-2000, 2000) * 2.0**-56
    edge = np.arange(2**20) + 0.5  # every keyed uniform within 2**-33 of 0 or 1
    for u in [
        hashed,
        tails,
        1 - tails,
        0.13533528323661269189 + near,
        0.8646647167633873 + near,
        edge * 2.0**-53,
        1 - edge * 2.0**-53,
        np.array([0.0, 1.0, -0.5, 1.5, np.nan, 5e-324, 0.5, np.inf]),
    ]:
        assert _same(keyed._ndtri(u), special.ndtri(u))


def test_normal_quantiles_keep_the_shape_of_any_layout():
    u = np.random.default_rng(11).uniform(0, 1, (4, 6, 10))
    for view in [u, u[:, ::2, 1::3], u[0, :0], u.T, u[1, 2, 3], np.array(0.3)]:
        got = keyed._ndtri(view)
        assert got.shape == view.shape
        assert _same(got, special.ndtri(view))
