"""Writing report files others can read: whole files only, with shared permissions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
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


def writable_target(path: str | os.PathLike) -> Path:
    """Where a file written to ``path`` goes: through a symbolic link to the file it names
    (``os.replace`` would put the new file in the link's place); refused (OSError) when
    something other than a regular file is there (a device such as /dev/full, a pipe, a
    socket), which a replacement would destroy."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "a device, pipe or socket"
        raise OSError(f"{path} is {kind}, not a regular file: nothing written")
    return path


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a text file so that readers see the old or the new file, never half of one:
    a temporary file in the same folder, then ``os.replace``."""
    path = writable_target(path)
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


def write_texts_atomic(texts: Mapping[Path, str]) -> None:
    """Write a set of text files (a comparison's tables) so that the folder keeps the old
    set when any of them cannot be written: every target is checked, every file written
    aside, and only then each moved into place (an interruption before the moves leaves
    the old files and no temporary ones)."""
    targets = {writable_target(path): text for path, text in texts.items()}
    written: list[tuple[str, Path]] = []
    try:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
            )
            written.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, readable_mode())
        while written:
            temporary, path = written[0]
            os.replace(temporary, path)
            written.pop(0)
    except BaseException:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
        raise


def write_csv_atomic(table, path: str | os.PathLike, **to_csv) -> None:
    """A table as CSV, whole or not at all (:func:`write_text_atomic`'s rule): an error
    midway (a full disk) leaves the previous file, and no temporary one."""
    path = writable_target(path)
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
