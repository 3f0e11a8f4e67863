"""How a process runs a chunk: the linear-algebra library on one thread, no huge-page
advice for numpy's arrays, and the heap's freed pages handed back once the chunks are
done. None changes a figure; all are about the machine."""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator


@contextlib.contextmanager
def chunk_settings() -> Iterator[None]:
    """One BLAS thread (:func:`one_blas_thread`) and small pages (:func:`small_pages`)."""
    with one_blas_thread(), small_pages():
        yield


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Chunks are what runs in parallel (one per worker process); a second BLAS thread
    per process only contends for the same cores (one 100,000-rep simulation: 14.6 s on
    one thread, 16.8 s and 44% more CPU on two here). The figures are the same (the
    threads split rows, not sums)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


@contextlib.contextmanager
def small_pages() -> Iterator[None]:
    """numpy advises the kernel to back arrays of 4 MB or more with huge pages. Where the
    kernel then compacts memory when such a page is first touched (transparent huge
    pages with ``defrag`` set to ``madvise``, a common default, as here), a chunk's fresh
    arrays stall in the system: one simulation of 100,000 reps took 15.1 s with the
    advice (3.7 s of it system time) and 11.9 s without (1.4 s). Only where memory sits
    changes. The advice in force before is restored after."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy 1.x
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:  # no such switch: nothing to turn off
            yield
            return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


def release_freed_memory() -> None:
    """Hand the pages of freed heap blocks back to the system (the C library's
    ``malloc_trim``; a no-op where there is none). A chunk's working arrays of one
    100,000-rep simulation are freed into the heap, where about 1 GiB stays held when the
    chunks are done; the merged tables' arrays are too big to be placed there (the C
    library maps them afresh), so that gigabyte was dead weight on top of the run's peak,
    which is the merge of a 100-simulation run's tables."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # no such call (not glibc): nothing held
        return
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
