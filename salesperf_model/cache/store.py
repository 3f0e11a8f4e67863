"""A folder of cache entries safe for parallel processes: each entry is written whole (a
private temporary folder, then one rename), read with every array's checksum checked, and
the folder is pruned, least recently used first, to a size bound.

Layout: ``<folder>/<key>/entry.json`` (what the entry holds, when it was computed, each
array's file, dtype, shape and CRC-32) and ``<key>/a<N>.npy``. Arrays are memory-mapped
copy-on-write on read: processes share the pages, and nobody can change the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from salesperf_model.cache.codec import Uncacheable, decode, encode

#: Bump when the layout changes: entries of another format are ignored and replaced.
FORMAT = 1
MANIFEST = "entry.json"
#: Default bound of a cache folder. One entry at the default size (500 reps x 12 months x
#: 200 simulations): the simulated outcomes about 0.42 GB, one plan's pay and tables
#: about 0.19 GB.
DEFAULT_MAX_BYTES = 4 * 2**30
#: Temporary folders of writers that died are removed after this many seconds.
STALE_SECONDS = 3600


@dataclass(frozen=True)
class Entry:
    """A stage result found in (or just written to) the cache."""

    key: str
    stage: str
    created: str
    description: str
    value: object
    nbytes: int


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _crc(array: np.ndarray) -> int:
    """CRC-32 of the array's bytes in its memory order (no copy when contiguous)."""
    return zlib.crc32(array.reshape(-1, order="A").view(np.uint8))


def _order(array: np.ndarray) -> str:
    return "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"


def _load(folder: Path, name: str, spec: dict) -> np.ndarray:
    """One array, checked against the manifest (ValueError when it does not match)."""
    path = folder / spec["file"]
    if spec["bytes"]:
        array = np.asarray(np.load(path, mmap_mode="c", allow_pickle=False))
    else:
        array = np.load(path, allow_pickle=False)
    if array.dtype.str != spec["dtype"] or list(array.shape) != spec["shape"]:
        raise ValueError(f"{name}: {array.dtype.str} {array.shape}, expected {spec}")
    if _order(array) != spec["order"] or _crc(array) != spec["crc32"]:
        raise ValueError(f"{name}: checksum or memory order differs from when it was written")
    return array


class EntryStore:
    """Stage results by key in one folder (see the module docstring)."""

    def __init__(self, folder: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        #: Entries found unreadable and discarded (they were recomputed), with the reason.
        self.problems: list[str] = []

    def path(self, key: str) -> Path:
        return self.folder / key[:48]

    def read(self, key: str) -> Entry | None:
        """The entry under ``key``, or None when there is none or it cannot be trusted (then
        it is discarded, so that the result is recomputed and written again)."""
        folder = self.path(key)
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as problem:
            return self._unreadable(folder, f"manifest: {problem}")
        try:
            if manifest.get("format") != FORMAT or manifest.get("key") != key:
                raise ValueError("another format or key")
            arrays = {name: _load(folder, name, spec) for name, spec in manifest["arrays"].items()}
            value = decode(manifest["tree"], arrays)
        except FileNotFoundError as problem:
            if not (folder / MANIFEST).exists():
                return None  # pruned by another process while being read
            return self._unreadable(folder, f"missing file: {problem}")
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError) as problem:
            return self._unreadable(folder, str(problem))
        with contextlib.suppress(OSError):
            os.utime(folder / MANIFEST)  # last used: pruning keeps recently used entries
        return Entry(
            key, manifest["stage"], manifest["created"], manifest["description"], value,
            int(manifest["bytes"]),
        )  # fmt: skip

    def _unreadable(self, folder: Path, problem: str) -> None:
        self.problems.append(f"cache entry {folder} ignored and recomputed: {problem}")
        self._discard(folder)
        return None

    def write(self, key: str, *, stage: str, description: str, value: object) -> Entry | None:
        """Store ``value`` under ``key``; None when it cannot be stored (a value the codec
        does not know, a full disk): the caller has the value either way. Another process
        that wrote the same key first wins; both wrote the same result."""
        arrays: dict[str, np.ndarray] = {}

        def add(array: np.ndarray) -> str:
            name = f"a{len(arrays)}"
            arrays[name] = array
            return name

        try:
            tree = encode(value, add)
        except Uncacheable as problem:
            self.problems.append(f"{description}: not cached ({problem})")
            return None
        created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
        except OSError as problem:  # e.g. a read-only output folder
            self.problems.append(f"{description}: not cached ({problem})")
            return None
        try:
            specs = {}
            for name, array in arrays.items():
                np.save(temporary / f"{name}.npy", array, allow_pickle=False)
                specs[name] = {
                    "file": f"{name}.npy",
                    "dtype": array.dtype.str,
                    "shape": list(array.shape),
                    "order": _order(array),
                    "crc32": _crc(array),
                    "bytes": int(array.nbytes),
                }
            nbytes = sum(spec["bytes"] for spec in specs.values())
            manifest = {
                "format": FORMAT,
                "key": key,
                "stage": stage,
                "created": created,
                "description": description,
                "bytes": nbytes,
                "arrays": specs,
                "tree": tree,
            }
            (temporary / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            os.chmod(temporary, 0o777 & ~_umask())  # mkdtemp's folder is private
            try:
                os.rename(temporary, self.path(key))
            except OSError:  # another process stored the same key first
                shutil.rmtree(temporary, ignore_errors=True)
        except OSError as problem:
            shutil.rmtree(temporary, ignore_errors=True)
            self.problems.append(f"{description}: not cached ({problem})")
            return None
        self.prune(keep=self.path(key).name)
        return Entry(key, stage, created, description, value, nbytes)

    def _discard(self, folder: Path) -> None:
        """Remove an entry atomically for readers: renamed away first, then deleted."""
        trash = self.folder / f".trash-{uuid.uuid4().hex}"
        try:
            os.rename(folder, trash)
        except OSError:
            return  # already gone
        shutil.rmtree(trash, ignore_errors=True)

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last used, bytes on disk, folder) of every entry, least recently used first."""
        found = []
        if not self.folder.is_dir():
            return found
        for folder in self.folder.iterdir():
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            try:
                used = (folder / MANIFEST).stat().st_mtime
                size = sum(path.stat().st_size for path in folder.iterdir())
            except OSError:
                used, size = 0.0, 0  # unreadable or going: pruned first
            found.append((used, size, folder))
        return sorted(found, key=lambda item: item[0])

    def prune(self, keep: str = "") -> None:
        """Remove least recently used entries until the folder fits ``max_bytes`` (never
        ``keep``, the entry just written), and temporary folders of writers that died."""
        now = time.time()
        for folder in self.folder.glob(".*"):
            with contextlib.suppress(OSError):
                if now - folder.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)
        entries = self.entries()
        total = sum(size for _used, size, _folder in entries)
        for _used, size, folder in entries:
            if total <= self.max_bytes:
                break
            if folder.name != keep:
                self._discard(folder)
                total -= size
