"""numba's compiled loops, cached on disk where a cache can be written.

``@njit(cache=True)`` keeps each compiled loop next to its module (``__pycache__``) or,
where the package is read-only, in the user's cache folder; with neither writable (a
read-only install run by a user without a home folder, as in some containers) numba
refuses the function outright ("cannot cache function ...: no locator available"), and
the simulation would not start. :func:`compiled` then compiles it without the cache:
the same loop, compiled again in each process (about 4 s for all of them here).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def compiled(function: Callable | None = None, **options: Any) -> Any:
    """``numba.njit(cache=True, nogil=True, **options)``, without the cache where none
    can be written. Use as ``@compiled`` or ``@compiled(inline="always")``."""
    from numba import njit  # here, not at the top: ``on_first_use`` needs no numba

    if function is None:
        return lambda f: compiled(f, **options)
    try:
        return njit(cache=True, nogil=True, **options)(function)
    except RuntimeError as problem:  # numba: no locator available for the cache
        if "cannot cache" not in str(problem):
            raise
        return njit(nogil=True, **options)(function)


def on_first_use(module: str, name: str) -> Callable:
    """``module.name``, a function of a module of compiled loops, imported when first
    called: a module that merely uses it (a metric, read by the text commands through
    the registry) then loads without numba, which takes a moment to load."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``{module}.{name}``, loaded on first use."
    return call
