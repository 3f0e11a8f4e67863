"""Compiled loops run where numba cannot write its cache (a read-only install without a
writable home): compiled in the process, not refused."""

from __future__ import annotations

import numpy as np
import pytest
from numba.core import caching

from salesperf_model.compiled import compiled

#: numba's cache set-up (named _CacheImpl in some numba versions)
CACHE_IMPL = getattr(caching, "CacheImpl", None) or caching._CacheImpl


def _doubled(values):
    out = np.empty(values.size)
    for i in range(values.size):
        out[i] = 2.0 * values[i]
    return out


def test_a_loop_without_a_place_for_its_cache_still_compiles(monkeypatch):
    # no place numba may write to: neither next to the module nor a user cache folder
    monkeypatch.setattr(CACHE_IMPL, "_locator_classes", [])
    monkeypatch.delenv("NUMBA_CACHE_LOCATOR_CLASSES", raising=False)
    with pytest.raises(RuntimeError, match="cannot cache"):  # numba alone refuses it
        from numba import njit

        njit(cache=True)(_doubled)
    loop = compiled(_doubled)
    np.testing.assert_array_equal(loop(np.array([1.0, 2.5])), [2.0, 5.0])


def test_other_errors_are_not_hidden(monkeypatch):
    def broken(self, py_func):
        raise RuntimeError("something else went wrong")

    monkeypatch.setattr(CACHE_IMPL, "__init__", broken)
    with pytest.raises(RuntimeError, match="something else"):
        compiled(_doubled)


def test_options_pass_through():
    @compiled(inline="always")
    def plus_one(x):
        return x + 1.0

    @compiled
    def twice_plus_one(x):
        return 2.0 * plus_one(x)

    assert twice_plus_one(1.5) == 5.0
