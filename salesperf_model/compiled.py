"""numba's compiled loops, cached on disk where a cache can be written.

``@njit(cache=True)`` keeps each compiled loop next to its module (``__pycache__``) or,
where the package is read-only, in the user's cache folder; with neither writable (a
read-only install run by a user without a home folder, as in some containers) numba
refuses the function outright ("cannot cache function ...: no locator available"), and
the simulation would not start. :func:`compiled` then compiles it without the cache:
the same loop, compiled again in each process (about 4 s for all of them here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba import njit


def compiled(function: Callable | None = None, **options: Any) -> Any:
    """``numba.njit(cache=True, nogil=True, **options)``, without the cache where none
    can be written. Use as ``@compiled`` or ``@compiled(inline="always")``."""
    if function is None:
        return lambda f: compiled(f, **options)
    try:
        return njit(cache=True, nogil=True, **options)(function)
    except RuntimeError as problem:  # numba: no locator available for the cache
        if "cannot cache" not in str(problem):
            raise
        return njit(nogil=True, **options)(function)
