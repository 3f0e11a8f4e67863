"""Cache keys: a hash of every input that produced a stage result, and of the code that did.

A key changes when any input changes (a scenario section, a size, the seed, the actuals'
content), when the package's version or any of its source files changes, and when numpy,
pandas, scipy, numba or Python change: a stale result can never be found under a current key.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import platform
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from salesperf_model.cache.codec import encode
from salesperf_model.outcomes import Outcomes

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _plain(value: object) -> object:
    """JSON for what ``json`` does not know: scenario sections, paths, numpy scalars."""
    if isinstance(value, BaseModel):
        return {"model": type(value).__name__, "fields": value.model_dump(mode="json")}
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    raise TypeError(f"{type(value).__name__} cannot be part of a cache key: {value!r}")


def digest(value: object) -> str:
    """A SHA-256 hex digest of ``value`` as canonical JSON (keys sorted)."""
    text = json.dumps(value, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def package_version() -> str:
    """The installed package's version ("unknown" when it runs from a bare checkout)."""
    try:
        return importlib.metadata.version("salesperf_model")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def source_digest() -> str:
    """A hash of every source file of the package: any code change is a new key."""
    hasher = hashlib.sha256()
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        hasher.update(path.relative_to(PACKAGE_ROOT).as_posix().encode("utf-8") + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _library_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def code_version() -> str:
    """The package version, its source hash and the numeric libraries' versions: scipy's
    special functions and numba's compiled loops make the keyed draws, so a new release
    of either may change a last bit (read from the installed metadata: importing numba
    would cost a start-up second)."""
    return (
        f"salesperf_model {package_version()} source {source_digest()[:20]} "
        f"numpy {np.__version__} pandas {pd.__version__} python {platform.python_version()} "
        f"scipy {_library_version('scipy')} numba {_library_version('numba')}"
    )


def outcomes_digest(outcomes: Outcomes) -> str:
    """A hash of the outcomes' whole content (rep table, periods, every array, meta): the
    key of outcomes nobody computed through the cache, e.g. imported actuals."""
    hasher = hashlib.blake2b(digest_size=32)
    arrays: list[np.ndarray] = []

    def add(array: np.ndarray) -> str:
        arrays.append(array)
        return f"a{len(arrays) - 1}"

    tree = encode(outcomes, add)
    hasher.update(json.dumps(tree, sort_keys=True).encode("utf-8"))
    for array in arrays:
        hasher.update(f"{array.dtype.str}{array.shape}".encode())
        hasher.update(np.ascontiguousarray(array).reshape(-1).view(np.uint8))
    return hasher.hexdigest()
