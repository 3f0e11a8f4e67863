"""How a process runs a chunk: the linear-algebra library on one thread, no huge-page
advice for numpy's arrays, a heap that keeps freed arrays for the next, and the heap's
freed pages handed back once the chunks are done. None changes a figure; all are about
the machine."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
from collections.abc import Iterator


@contextlib.contextmanager
def chunk_settings() -> Iterator[None]:
    """One BLAS thread (:func:`one_blas_thread`), small pages (:func:`small_pages`) and a
    heap that keeps the chunk's freed arrays for the next (:func:`keep_freed_arrays`)."""
    keep_freed_arrays()
    with one_blas_thread(), small_pages():
        yield


#: The C library's mallopt parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
#: Arrays up to this size come from the heap, not from fresh mapped pages (larger ones,
#: the merged tables', are still mapped and handed back when freed).
HEAP_ARRAYS_UP_TO = 32 * 2**20
#: Free memory the heap keeps at its top before handing pages back, and the margin it
#: asks for when it grows (the chunks' arrays are freed and made again every month).
KEEP_FREED, GROW_BY = 256 * 2**20, 64 * 2**20
#: The same in the command's own process (the largest the C library takes): there a
#: chunk's whole working set stays in the heap for the next chunk, and
#: :func:`release_freed_memory` hands it back once the chunks are done.
KEEP_FREED_HERE = 2**31 - 1
_heap_set = False


def keep_freed_arrays() -> None:
    """Let the heap keep the arrays a chunk frees for the ones it makes next, set once
    until the chunks are done (:func:`release_freed_memory`). The C library otherwise
    hands the pages of freed arrays of a few MB back to the system and takes fresh zeroed
    pages for the next: at 500 reps x 12 x 200 that was
    150,000 page faults and 0.27 s of system time a run, against 68,000 and 0.13 s so;
    the pipeline took 3.02-3.10 s against 3.24-3.31 s (medians of five runs, same
    figures to the bit; only where memory sits changes).

    In the command's own process (the chunks run there by default, and the tables are
    made there after them) the heap keeps all it frees: at 100,000 reps a chunk works in
    about 1.1 GB, which the 256 MB limit handed back at each chunk's end and the next
    chunk faulted in again (0.2-0.4 s a chunk here, about a tenth of it); what is kept
    is handed back after the chunks (:func:`release_freed_memory`). A worker process
    keeps at most :data:`KEEP_FREED`, as nothing trims its heap after its last chunk
    while the command makes the tables. A no-op where the C library has no mallopt (not
    glibc)."""
    global _heap_set
    if _heap_set:
        return
    _heap_set = True
    mallopt = _c_library_call("mallopt", ctypes.c_int, ctypes.c_int)
    if mallopt is None:
        return
    mallopt(_M_MMAP_THRESHOLD, HEAP_ARRAYS_UP_TO)
    here = multiprocessing.parent_process() is None
    mallopt(_M_TRIM_THRESHOLD, KEEP_FREED_HERE if here else KEEP_FREED)
    mallopt(_M_TOP_PAD, GROW_BY)


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
    which is the merge of a 100-simulation run's tables. The heap then keeps at most
    :data:`KEEP_FREED` again until the next chunk (a notebook's kernel or the explorer,
    working on after a comparison, does not hold on to what it frees)."""
    global _heap_set
    mallopt = _c_library_call("mallopt", ctypes.c_int, ctypes.c_int)
    if _heap_set and mallopt is not None:
        mallopt(_M_TRIM_THRESHOLD, KEEP_FREED)
        _heap_set = False  # the next chunk keeps its freed arrays again
    trim = _c_library_call("malloc_trim", ctypes.c_size_t)
    if trim is not None:  # none (not glibc): nothing held
        trim(0)


def _c_library_call(name: str, *argtypes: type) -> ctypes._CFuncPtr | None:
    """The C library's function ``name`` taking ``argtypes`` and returning an int, or
    None where the library has no such function (not glibc)."""
    try:
        call = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError, TypeError):
        return None
    call.argtypes = list(argtypes)
    call.restype = ctypes.c_int
    return call
