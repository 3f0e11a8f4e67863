"""Hire and exit dates of a roster CSV: the stints each rep held a seat, and the share of
each period inside them.

A rep is in seat from the month of a hire date to the month of the next exit date, both
whole (the import's rule, actuals/roster.py): base salary and allowances accrue for
those months only (``in_seat``). A date is ``YYYY-MM-DD``, a month ``YYYY-MM`` or a
period label (a hire counts from its first month, an exit to its last); blank: not given.
Each roster row may carry a hire and an exit date; a rep's dates, in time order, make its
stints: an exit with no hire before it ends a stint that began before the table, a hire
with no exit after it one that lasts, and a rehire is an exit date on one row and a later
row (``effective_from``) with the new hire date. The same hire (or exit) written on
several rows of one stint counts once.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from salesperf_model.tables.periods import months_of, parse_period
from salesperf_model.tables.problems import TableProblems

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Roster columns giving when a rep held a seat.
TENURE_COLUMNS = ("hire_date", "exit_date")


def tenure_month(text: str, *, last: bool) -> int | None:
    """The month (``year * 12 + month - 1``) a hire (``last`` False) or exit date names;
    -1 when blank; None when it is not a date, month or period label."""
    if text == "":
        return -1
    period = parse_period(text)
    if period is not None:
        return period.first + (period.months - 1 if last else 0)
    if not _DATE.match(text):
        return None  # 15/03/2026 or 03/15/2026: ambiguous, refused
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        return None
    return stamp.year * 12 + stamp.month - 1


#: A stint's first and last month (``year * 12 + month - 1``); open ends are these.
OPEN_START, OPEN_END = -1, int(np.iinfo(np.int32).max)
Stints = dict[str, tuple[tuple[int, int], ...]]


def read_tenure(frame: pd.DataFrame, lines: np.ndarray, problems: TableProblems) -> Stints:
    """The stints (first month, last month) of every rep with a hire or exit date, from a
    roster frame's hire_date / exit_date columns (and ``start``, each row's first month);
    a bad date is added to ``problems``, and dates that make no stints (an exit before its
    row's hire, a second hire or exit with none of the other between)."""
    months = {}
    for key in TENURE_COLUMNS:
        column = frame[key] if key in frame else pd.Series("", frame.index)
        parsed = column.map(lambda text, last=key == "exit_date": tenure_month(text, last=last))
        for position in np.flatnonzero(parsed.isna().to_numpy()):
            problems.add(
                int(lines[position]),
                key,
                "is not a date 'YYYY-MM-DD', a month 'YYYY-MM' or a period label",
                value=column.iloc[position],
            )
        months[key] = parsed.fillna(-1).astype(int).to_numpy()
    dated = np.flatnonzero((months["hire_date"] >= 0) | (months["exit_date"] >= 0))
    out: Stints = {}
    by_rep: dict[str, list[int]] = {}
    for position in dated:  # rows with dates: a cold path
        by_rep.setdefault(str(frame["rep_id"].iloc[position]), []).append(int(position))
    for rep, positions in by_rep.items():
        stints = _stints(rep, positions, frame, lines, months, problems)
        if stints is not None:
            out[rep] = stints
    return out


def _stints(
    rep: str,
    positions: list[int],
    frame: pd.DataFrame,
    lines: np.ndarray,
    months: dict[str, np.ndarray],
    problems: TableProblems,
) -> tuple[tuple[int, int], ...] | None:
    """One rep's stints from its dated roster rows; None (and ``problems``) when the dates
    make none."""

    def text(key: str, position: int) -> str:
        return str(frame[key].iloc[position])

    found = len(problems.problems)
    events = []  # (month, row order, 0 hire / 1 exit, position)
    order = sorted(positions, key=lambda p: (int(frame["start"].iloc[p]), int(lines[p])))
    for rank, position in enumerate(order):
        hire, exit_ = months["hire_date"][position], months["exit_date"][position]
        if hire >= 0 and 0 <= exit_ < hire:
            problems.add(
                int(lines[position]),
                "exit_date",
                f"rep {rep!r} leaves before being hired on the same row (hire_date "
                f"{text('hire_date', position)!r}); a rehire is a later row (effective_from) "
                "with its own hire_date",
                value=text("exit_date", position),
            )
        events += [(hire, rank, 0, position)] if hire >= 0 else []
        events += [(exit_, rank, 1, position)] if exit_ >= 0 else []
    stints: list[tuple[int, int]] = []
    hired: tuple[int, int] | None = None  # (month, position) of the open stint's hire
    left: tuple[int, int] | None = None  # (month, position) of the last exit
    for month, _, kind, position in sorted(events):
        if kind == 0 and hired is None:
            hired = (month, position)
        elif kind == 0 and month != hired[0]:  # type: ignore[index]
            problems.add(
                int(lines[position]),
                "hire_date",
                f"rep {rep!r} is hired again but has no exit_date since the hire_date "
                f"{text('hire_date', hired[1])!r} on line {lines[hired[1]]}: a rehire is "  # type: ignore[index]
                "written as the exit_date on the earlier row and a later row (effective_from) "
                "with the new hire_date",
                value=text("hire_date", position),
            )
        elif kind == 1 and (hired is not None or left is None):
            stints.append((hired[0] if hired else OPEN_START, month))
            hired, left = None, (month, position)
        elif kind == 1 and left is not None and month != left[0]:
            problems.add(
                int(lines[position]),
                "exit_date",
                f"rep {rep!r} leaves again without a hire_date since the exit_date "
                f"{text('exit_date', left[1])!r} on line {lines[left[1]]}: a rehire is a "
                "later row (effective_from) with its own hire_date",
                value=text("exit_date", position),
            )
    if hired is not None:
        stints.append((hired[0], OPEN_END))
    return tuple(stints) if len(problems.problems) == found else None


def tenure_share(seat_reps: list[str], periods: list[str], *, stints: Stints) -> np.ndarray | None:
    """(seats, periods): the share of each period's months inside the stints of the seat's
    rep (``seat_reps``: the rep of each seat; a rep without stints holds every month);
    None when every seat is held throughout."""
    if not stints:
        return None
    first, spans = (np.asarray(x, dtype=int) for x in months_of([str(p) for p in periods]))
    offsets = np.arange(int(spans.max()) if len(spans) else 1)
    months = first[:, None] + offsets[None, :]  # (periods, longest span)
    valid = offsets[None, :] < spans[:, None]
    inside = np.ones((len(seat_reps), *months.shape), dtype=bool)
    for i, rep in enumerate(seat_reps):  # the seats with dates: few
        if rep in stints:
            inside[i] = np.any([(months >= a) & (months <= b) for a, b in stints[rep]], axis=0)
    share = (inside & valid[None]).sum(axis=-1) / spans[None, :]
    return None if (share == 1).all() else share
