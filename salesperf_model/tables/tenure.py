"""Hire and exit dates of a roster CSV: the months each rep held a seat, and the share of
each period inside them.

A rep is in seat from the month of the hire date to the month of the exit date, both
whole (the import's rule, actuals/roster.py): base salary and allowances accrue for
those months only (``in_seat``). A date is ``YYYY-MM-DD``, a month ``YYYY-MM`` or a
period label (a hire counts from its first month, an exit to its last); blank: not given.
A rep with several roster rows takes the earliest hire and the latest exit.
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


def read_tenure(
    frame: pd.DataFrame, lines: np.ndarray, problems: TableProblems
) -> tuple[dict[str, int], dict[str, int]]:
    """(hire month, exit month) per rep from a roster frame's hire_date / exit_date
    columns; a bad date is added to ``problems``, and an exit before the hire."""
    found: list[dict[str, int]] = []
    for key in TENURE_COLUMNS:
        column = frame[key] if key in frame else pd.Series("", frame.index)
        months = column.map(lambda text, last=key == "exit_date": tenure_month(text, last=last))
        for position in np.flatnonzero(months.isna().to_numpy()):
            problems.add(
                int(lines[position]),
                key,
                "is not a date 'YYYY-MM-DD', a month 'YYYY-MM' or a period label",
                value=column.iloc[position],
            )
        given = months.notna() & (months != -1)
        by_rep = months[given].astype(int).groupby(frame.loc[given, "rep_id"])
        found.append((by_rep.min() if key == "hire_date" else by_rep.max()).to_dict())
    hire, exit_ = found
    for position, rep in enumerate(frame["rep_id"]):  # roster rows: a cold path
        if rep in hire and rep in exit_ and exit_[rep] < hire[rep]:
            problems.add(
                int(lines[position]),
                "exit_date",
                f"rep {rep!r} leaves before being hired ({frame['hire_date'].iloc[position]})",
                value=frame["exit_date"].iloc[position],
            )
    return hire, exit_


def tenure_share(
    seat_reps: list[str], periods: list[str], *, hire: dict[str, int], exit_: dict[str, int]
) -> np.ndarray | None:
    """(seats, periods): the share of each period's months between the seat's rep's hire
    and exit months (``seat_reps``: the rep of each seat); None when every seat is held
    throughout."""
    if not hire and not exit_:
        return None
    first, spans = (np.asarray(x, dtype=int) for x in months_of([str(p) for p in periods]))
    offsets = np.arange(int(spans.max()) if len(spans) else 1)
    months = first[:, None] + offsets[None, :]  # (periods, longest span)
    valid = offsets[None, :] < spans[:, None]
    start = np.array([hire.get(rep, -1) for rep in seat_reps])[:, None, None]
    stop = np.array([exit_.get(rep, np.iinfo(np.int32).max) for rep in seat_reps])[:, None, None]
    inside = (months[None] >= start) & (months[None] <= stop) & valid[None]
    share = inside.sum(axis=-1) / spans[None, :]
    return None if (share == 1).all() else share
