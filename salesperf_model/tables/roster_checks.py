"""Checking a roster as strictly as the outcome table it explains, and against that table.

A roster's values are the table's values for the periods they hold: a role or tier the
table would refuse is refused in the roster too, naming the roster's line. Against the
table: every roster rep must be one of its reps (a typo would otherwise leave the real rep
unexplained), a seat can change only where one of the table's periods starts (a quarter's
revenue cannot be split between two seats), and a column the table lacks that the roster
fills must be filled for every rep and period."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.tables.check import choice_problem
from salesperf_model.tables.periods import Period, describe_kind, parse_period
from salesperf_model.tables.problems import TableProblems

if TYPE_CHECKING:
    from salesperf_model.tables.roster import Roster

#: Reps named one by one in a message; the rest are counted.
NAMED_REPS = 5
_KIND_WORDS = {"quarter": "quarter", "half_year": "half year"}


def check_roster_values(
    frame: pd.DataFrame,
    lines: np.ndarray,
    choices: Mapping[str, Collection[str]],
    *,
    problems: TableProblems,
) -> None:
    """Every roster cell given (not blank) in a column with ``choices`` is one of them."""
    for name, allowed in choices.items():
        if name not in frame.columns:
            continue
        text = [str(a) for a in allowed]
        bad = (frame[name] != "") & ~frame[name].isin(text)
        for position in np.flatnonzero(bad.to_numpy()):
            value = frame[name].iloc[position]
            problems.add(int(lines[position]), name, choice_problem(value, text), value=value)


def runs(labels: list[str], every: list[str]) -> str:
    """``labels`` (some of ``every``, in order) as runs: ``2026-01..2026-03, 2026-05..2026-05``."""
    index = {label: i for i, label in enumerate(every)}
    parts: list[list[str]] = []
    for label in labels:
        if parts and index[label] == index[parts[-1][-1]] + 1:
            parts[-1].append(label)
        else:
            parts.append([label])
    return ", ".join(f"{p[0]}..{p[-1]}" for p in parts)


def check_roster_on_table(
    roster: Roster,
    frame: pd.DataFrame,
    row: np.ndarray,
    *,
    where: str,
    choices: Mapping[str, Collection[str]],
) -> None:
    """Refuse (:class:`TableError` naming the roster) roster reps the table ``where`` lacks,
    seat changes inside one of its periods, and reps without a value in a column with
    ``choices`` the table lacks; ``row`` is the roster row in effect for each table row."""
    problems = TableProblems(roster.where)
    _unknown_reps(roster, frame, where, problems)
    _inside_periods(roster, frame, where, problems)
    _unfilled(roster, frame, row, where, choices, problems)
    problems.raise_if_any()


def _unknown_reps(roster: Roster, frame: pd.DataFrame, where: str, problems) -> None:
    reps = list(dict.fromkeys(frame["rep_id"]))
    known = set(reps)
    first = roster.rows.sort_values("line").drop_duplicates("rep_id")
    for rep, line in zip(first["rep_id"], first["line"], strict=True):
        if rep in known:
            continue
        close = difflib.get_close_matches(str(rep), reps, n=1)
        fix = (
            f"did you mean {close[0]!r}?"
            if close
            else "correct the id, or remove the rep's rows from the roster"
        )
        problems.add(
            int(line), "rep_id", f"is not a rep of the outcome table {where}; {fix}", value=rep
        )


def _inside_periods(roster: Roster, frame: pd.DataFrame, where: str, problems) -> None:
    periods = sorted({p for p in map(parse_period, frame["period"].unique()) if p is not None})
    if not periods or periods[0].months == 1:
        return
    span, first = periods[0].months, periods[0].first
    end = periods[-1].first + span
    rows = roster.rows
    inside = (rows["start"] > first) & (rows["start"] < end) & ((rows["start"] - first) % span != 0)
    inside &= rows["rep_id"].isin(set(frame["rep_id"]))
    for position in np.flatnonzero(inside.to_numpy()):
        start = int(rows["start"].iloc[position])
        period = Period(start - (start - first) % span, span)
        kind = _KIND_WORDS[period.kind]
        value = rows["effective_from"].iloc[position] if "effective_from" in rows else ""
        problems.add(
            int(rows["line"].iloc[position]),
            "effective_from",
            f"falls inside the {kind} {period.label} of the outcome table {where}: a "
            f"{describe_kind(period.kind)} table pays each {kind} to one seat, so a seat can "
            f"change only at a {kind}'s first month (e.g. {Period(period.first, 1).label} or "
            f"{Period(period.first + span, 1).label})",
            value=value or Period(start, 1).label,
        )


def _unfilled(
    roster: Roster,
    frame: pd.DataFrame,
    row: np.ndarray,
    where: str,
    choices: Mapping[str, Collection[str]],
    problems: TableProblems,
) -> None:
    every = sorted(frame["period"].unique(), key=lambda label: parse_period(label) or Period(0, 1))
    for name in roster.attributes:
        if name in frame.columns or name not in choices:
            continue
        values = np.where(row >= 0, roster.rows[name].to_numpy()[row.clip(0)], "")
        blank = frame.loc[values == "", ["rep_id", "period"]]
        if blank.empty:
            continue
        reps = []
        for rep, periods in blank.groupby("rep_id", sort=False)["period"]:
            held = sorted(periods, key=every.index)
            reps.append(f"{rep!r}" if len(held) == len(every) else f"{rep!r} ({runs(held, every)})")
        more = f" and {len(reps) - NAMED_REPS} more reps" if len(reps) > NAMED_REPS else ""
        allowed = sorted(str(a) for a in choices[name])
        problems.add(
            0,
            name,
            f"the outcome table {where} has no {name} column, so the roster gives each rep's "
            f"{name}, but there is no {name} for {', '.join(reps[:NAMED_REPS])}{more}; give "
            f"every rep a {name} (one of {allowed}) in the roster (one row per rep, "
            f"effective_from blank), or add a {name} column to the outcome table",
        )
