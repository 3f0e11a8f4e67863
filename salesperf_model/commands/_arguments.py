"""Argument types for the command line: counts and durations refused before anything runs unless positive."""

from __future__ import annotations

import argparse


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
