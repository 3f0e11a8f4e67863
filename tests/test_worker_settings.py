"""The process settings a chunk runs under are in force inside and restored after."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from salesperf_model.pipeline.worker_settings import chunk_settings, small_pages

try:
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # numpy 1.x
    from numpy.core.multiarray import _set_madvise_hugepage


@pytest.mark.parametrize("advised", [True, False])
def test_small_pages_turns_the_advice_off_and_restores_it(advised):
    _set_madvise_hugepage(advised)
    try:
        with small_pages():
            assert _set_madvise_hugepage(False) is False  # off inside
            np.ones(1_000_000).sum()
        assert _set_madvise_hugepage(advised) is advised  # as before, after
    finally:
        _set_madvise_hugepage(True)


def test_small_pages_restores_the_advice_when_the_chunk_raises():
    _set_madvise_hugepage(True)
    with pytest.raises(RuntimeError), small_pages():
        raise RuntimeError("a chunk failed")
    assert _set_madvise_hugepage(True) is True


def test_chunk_settings_run_blas_on_one_thread():
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    if not blas:
        pytest.skip("no BLAS library found by threadpoolctl")
    with chunk_settings():
        inside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        assert inside and all(n == 1 for n in inside)
        assert _set_madvise_hugepage(False) is False
    after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert after == [i["num_threads"] for i in blas]
