"""Argument types for the command line: counts and durations refused before anything runs unless positive."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    try:
        value = kind(text)
    except ValueError:
        word = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"{text!r} is not {word}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (``--sims 0`` would fail later inside every notebook;
    ``--timeout 0`` would mean no limit at all)."""
    value = int(_number(text, int))
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: expected a whole number >= 1")
    return value


#: The most months a run simulates (``simulation.periods``' own limit: ten years).
MAX_MONTHS = 120


def months(text: str) -> int:
    """``--periods``: a whole number of months, 1 to :data:`MAX_MONTHS` (a larger one was
    refused only once the run had started, in words that named no option)."""
    value = positive_int(text)
    if value > MAX_MONTHS:
        raise argparse.ArgumentTypeError(
            f"{value} months is more than {MAX_MONTHS} (ten years): expected 1 to {MAX_MONTHS}"
        )
    return value


def non_negative_int(text: str) -> int:
    """A whole number >= 0 (a seed; a count where 0 means "skip")."""
    value = int(_number(text, int))
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: expected a whole number >= 0")
    return value


def add_plan_overrides(parser: argparse.ArgumentParser) -> None:
    """``--set KEY.PATH=VALUE`` as ``compare`` and ``report`` take it: every plan under
    study, and the baseline too for the sales force's own keys."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        dest="overrides",
        help=(
            "override applied to every plan under study; population, simulation and "
            "behaviour keys (the sales force every plan meets) to the baseline too "
            "(repeatable)"
        ),
    )


def _nearest_existing(path: Path) -> Path:
    """``path`` itself or its nearest ancestor that exists (what a write would meet)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def _writable_folder(folder: Path, text: str) -> None:
    """Refuse when the folder that would hold ``text`` cannot: a file in the way, or no
    permission to write where the folders would be made."""
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(f"{existing} is a file, not a folder: cannot write {text}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(
            f"cannot write {text}: no permission to write in {existing}"
        )


def output_file(text: str) -> str:
    """A file to write: refused before any work when it is a folder or its folder cannot
    be made or written (else the work is done and then lost to a traceback)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text} is a folder; expected a file to write (e.g. {path / 'table.csv'})"
        )
    if path.exists() and not path.is_file():  # a device (/dev/full), a pipe, a socket
        raise argparse.ArgumentTypeError(
            f"{text} is a device, pipe or socket, not a file: expected a file to write"
        )
    _writable_folder(path.parent, text)
    return text


def same_file(first: str | os.PathLike, second: str | os.PathLike) -> bool:
    """Whether two paths name one existing file (through links and relative paths)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def output_path(text: str) -> Path:
    """:func:`output_file` as a ``Path``."""
    return Path(output_file(text))


def output_folder(text: str) -> str:
    """A folder to write into (made if missing): refused when a file has its name or it
    cannot be written."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; expected a folder to write into")
    _writable_folder(path, text)
    return text


def output_folder_path(text: str) -> Path:
    """:func:`output_folder` as a ``Path``."""
    return Path(output_folder(text))
