"""The same floating-point paths on every x86-64 machine, for the tests that pin simulated
figures (set before numpy is imported: ``tests/conftest.py``, ``record.py``).

With reps responding to pay, a difference in the last bit of one exp becomes a different
choice (a rep who leaves a month earlier), so a simulated figure pinned to 1e-9 holds
only where exp, log and matrix products round alike. numpy computes them with its own
AVX-512 code where the CPU has it and with the C library's elsewhere, and OpenBLAS picks
its kernels by CPU. On 3 December 2026 the golden tables recorded hours before on another
machine differed on a 2-core AMD EPYC without AVX-512 in every headline row, the code
unchanged.
So tests and the recorder run numpy without its AVX-512 paths and OpenBLAS on its
Haswell kernels, which every x86-64 machine with AVX2 runs. The package itself is left
alone: an analyst's run takes the machine's fastest paths, and a seed reproduces it bit
for bit on that machine, whatever the chunking or the workers.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata

#: numpy's dispatched targets above AVX2 (its x86 groups from numpy 2.4 on).
WITHOUT = "X86_V4 AVX512_ICL AVX512_SPR"


def on_x86() -> bool:
    """Whether this machine is x86-64, whose paths are pinned."""
    return platform.machine().lower() in ("x86_64", "amd64")


def numpy_pinned() -> bool:
    """Whether numpy's targets above AVX2 are switched off here: x86-64, numpy 2.4 or
    later (older numpy names its targets otherwise)."""
    if not on_x86():
        return False
    try:
        major, minor = (int(part) for part in metadata.version("numpy").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (2, 4)


def pin() -> None:
    """Set the environment (kept where the caller set it already); child processes
    (the command line, papermill's kernels) inherit it."""
    if numpy_pinned():
        os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", WITHOUT)
    if on_x86():
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
