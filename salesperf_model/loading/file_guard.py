"""A YAML file's text, read within limits: regular files only, a size cap, UTF-8, no control characters."""

from __future__ import annotations

import re
import stat
from pathlib import Path

#: Largest YAML file read (bytes). The baseline scenario is about 9 KB; a file a hundred
#: times larger is not a plan someone wrote.
MAX_FILE_BYTES = 1_048_576

#: Characters YAML does not allow in a document (YAML 1.1, 5.1): C0 controls other than
#: tab, newline and carriage return, DEL, C1 controls other than NEL, surrogates, U+FFFE/F.
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 0x1B: "escape", 0x7F: "DEL"}


class FileRefused(Exception):
    """The file cannot be read as text: ``reason`` in words, ``line`` (1-based) if known."""

    def __init__(self, reason: str, line: int | None = None, *, missing: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.missing = missing


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable regular file of at most MAX_FILE_BYTES, or None.

    Decided from ``stat`` alone, so a FIFO or a device is never opened (opening a FIFO
    blocks, reading /dev/zero never ends)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "file not found"
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is {file_kind(info.st_mode)}, not a regular file"
    if info.st_size > MAX_FILE_BYTES:
        return (
            f"the file is {info.st_size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}"
            " bytes for a YAML file"
        )
    return None


def read_text(path: Path) -> str:
    """The file's text; raise FileRefused when it is not a regular file, is too big, is not
    UTF-8 or holds control characters (named with line and column)."""
    problem = regular_file_problem(path)
    if problem is not None:
        raise FileRefused(problem, missing=problem == "file not found")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise FileRefused(f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(f"the file is more than the limit of {MAX_FILE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileRefused(
            f"not UTF-8 text: byte 0x{raw[error.start]:02x} at line {line}, column {column}"
            " (save the file as UTF-8)",
            line,
        ) from None
    check_characters(text)
    return text


def check_characters(text: str) -> None:
    """Refuse control characters and NUL bytes, naming line, column and the character."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    position = found.start()
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code, "control character" if code < 0xA0 else "character")
    raise FileRefused(
        f"{name} U+{code:04X} at line {line}, column {column}: YAML files may hold only"
        " printable text (tabs and line breaks allowed)",
        line,
    )
