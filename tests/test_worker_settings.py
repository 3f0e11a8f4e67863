"""The process settings a chunk runs under are in force inside and restored after."""

from __future__ import annotations

import platform
import sys

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from salesperf_model.pipeline.worker_settings import (
    chunk_settings,
    release_freed_memory,
    small_pages,
)

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


_HELD_AND_RELEASED = """
import os
import numpy as np
from salesperf_model.pipeline.worker_settings import release_freed_memory

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

blocks, pins = [], []
for _ in range(5000):
    blocks.append(np.ones(8192))  # 64 KiB: placed in the heap, not mapped
    pins.append(np.ones(300))  # stays: the freed block cannot merge with its neighbour
del blocks
held = resident()
release_freed_memory()
print(held - resident())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's; elsewhere release_freed_memory does nothing",
)
def test_release_freed_memory_hands_held_heap_pages_back():
    """Blocks freed in the middle of the heap (a live block after each) stay resident
    until trimmed: 312 MiB of 64 KiB arrays, freed, then (most of their pages) handed back.
    In a fresh process: a long test session's heap (free lists, the C library's moving
    mmap threshold) decides where such blocks land, which is not what is tested here."""
    import subprocess

    released = subprocess.run(
        [sys.executable, "-c", _HELD_AND_RELEASED], capture_output=True, text=True, check=True
    )
    assert int(released.stdout) > 120 * 2**20  # 0 without the trim; about 200 MB here


def test_release_freed_memory_is_safe_to_call_at_any_time():
    release_freed_memory()
    release_freed_memory()


#: glibc's mallinfo2 as a ctypes structure, for the scripts below
_MALLINFO2 = """
import ctypes, multiprocessing, sys
import numpy as np

class MallocInfo(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]
"""

_MAPPED_FOR_A_16_MB_ARRAY = (
    _MALLINFO2
    + """
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallocInfo
if sys.argv[1] == "chunk":
    from salesperf_model.pipeline.worker_settings import chunk_settings
    with chunk_settings():
        pass
before = libc.mallinfo2().hblkhd
array = np.ones(2 * 2**20)
print(libc.mallinfo2().hblkhd - before)
"""
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt is glibc's; elsewhere keep_freed_arrays does nothing",
)
def test_a_chunk_takes_arrays_of_a_few_mb_from_the_heap_not_from_fresh_pages():
    """In a fresh process: a 16 MB array is mapped afresh by the C library's default (its
    pages handed back when freed, fresh zeroed pages for the next), from the heap once a
    chunk has run (kept for the next array)."""
    import subprocess

    def mapped(how: str) -> int:
        command = [sys.executable, "-c", _MAPPED_FOR_A_16_MB_ARRAY, how]
        return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    assert mapped("default") >= 16 * 2**20
    assert mapped("chunk") == 0


_HEAP_KEPT_AFTER_FREEING_600_MB = (
    _MALLINFO2
    + """
def heap_after_a_chunk(queue=None):
    from salesperf_model.pipeline.worker_settings import chunk_settings
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallocInfo
    with chunk_settings():
        arrays = [np.ones(2 * 2**20) for _ in range(40)]  # 40 arrays of 16 MB, the heap's
        del arrays
    heap = libc.mallinfo2().arena
    if queue is None:
        print(heap)
    else:
        queue.put(heap)

def heap_after_the_chunks_are_done():
    from salesperf_model.pipeline.worker_settings import chunk_settings, release_freed_memory
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallocInfo
    with chunk_settings():
        arrays = [np.ones(2 * 2**20) for _ in range(40)]
        del arrays
    release_freed_memory()
    arrays = [np.ones(2 * 2**20) for _ in range(40)]  # a notebook's work after the run
    del arrays
    print(libc.mallinfo2().arena)

if __name__ == "__main__":
    if sys.argv[1] == "here":
        heap_after_a_chunk()
    elif sys.argv[1] == "done":
        heap_after_the_chunks_are_done()
    else:
        queue = multiprocessing.get_context("spawn").Queue()
        worker = multiprocessing.get_context("spawn").Process(target=heap_after_a_chunk, args=(queue,))
        worker.start()
        print(queue.get())
        worker.join()
"""
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt is glibc's; elsewhere keep_freed_arrays does nothing",
)
def test_the_commands_process_keeps_a_chunks_freed_arrays_and_a_worker_hands_them_back(
    tmp_path,
):
    """640 MB of 16 MB arrays made and freed under the chunk settings: the command's own
    process keeps them in its heap for the next chunk (they were handed back past 256 MB
    and faulted in again, 0.2-0.4 s a chunk of 100,000 reps); a worker process, whose
    heap nobody trims after its last chunk, keeps at most 256 MB and what it grows by, as
    the command's process does again once its chunks are done."""
    import subprocess

    script = tmp_path / "heap.py"
    script.write_text(_HEAP_KEPT_AFTER_FREEING_600_MB)

    def heap(where: str) -> int:
        command = [sys.executable, str(script), where]
        return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    assert heap("here") >= 600 * 2**20
    assert heap("worker") <= (256 + 64 + 32) * 2**20
    # once the chunks are done the command's process keeps no more than a worker does
    assert heap("done") <= (256 + 64 + 32) * 2**20
