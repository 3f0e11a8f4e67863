"""Writing report files others can read: whole files only, with shared permissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def readable_mode(directory: bool = False) -> int:
    """The permissions a normal file (or folder) gets under the current umask: ``mkstemp``
    and ``mkdtemp`` create private ones, but reports are meant to be shared."""
    return (0o777 if directory else 0o666) & ~_umask()


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a text file so that readers see the old or the new file, never half of one:
    a temporary file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, readable_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv_atomic(table, path: str | os.PathLike, **to_csv) -> None:
    """A table as CSV, whole or not at all (:func:`write_text_atomic`'s rule): an error
    midway (a full disk) leaves the previous file, and no temporary one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        table.to_csv(temporary, **to_csv)
        os.chmod(temporary, readable_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
