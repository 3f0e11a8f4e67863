"""A roster: who holds which role, region, team and group from when, so that a rep who
moves mid-table is paid as two seats instead of silently keeping the first row's values.

A roster has one row per rep, or several when a rep's attributes change: ``effective_from``
(a month ``YYYY-MM``, a date ``YYYY-MM-DD`` or any period label) says from when a row holds.
A rep whose attributes change becomes one seat per roster row: the first keeps the rep's
id, later ones are ``<rep>@<first month>`` (``N-NB1@2026-05``). Each seat holds the periods
from its row's start to the next row's, and ``in_seat`` (reps, periods) is 1 in them and
0 elsewhere, so base salary and allowances are paid once per month, not once per seat.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.tables.periods import Period, parse_period
from salesperf_model.tables.problems import TableProblems
from salesperf_model.tables.roster_checks import check_roster_on_table, check_roster_values, runs
from salesperf_model.tables.tenure import TENURE_COLUMNS, Stints, read_tenure, tenure_share
from salesperf_model.tables.text import read_csv_text

#: Seat attributes a roster may set (the rep table's columns other than rep_id).
ROSTER_ATTRIBUTES = ("role", "region", "region_tier", "team", "group")


@dataclass(frozen=True)
class Roster:
    """Roster rows: rep_id, start (first month as year * 12 + month - 1, -1 for "always"),
    line (1-based CSV line), the attribute columns it has and, read from a CSV,
    effective_from as written; sorted by rep and start."""

    where: str
    rows: pd.DataFrame
    attributes: tuple[str, ...]
    #: rep -> its stints (first month, last month) from hire and exit dates (tenure.py)
    stints: Stints = field(default_factory=dict)
    #: (rep, line, line of the row it repeats): rows that change none of the attributes
    #: and are no rehire, dropped so the rep stays one seat
    unchanged: tuple[tuple[str, int, int], ...] = ()

    def changing_reps(self) -> set[str]:
        """Reps with more than one roster row (their attributes change)."""
        counts = self.rows["rep_id"].value_counts()
        return set(counts.index[counts > 1])

    def seat_rows(self, rep_ids: pd.Series, first_months: pd.Series) -> pd.Series:
        """For each (rep, period first month), the index in ``rows`` of the roster row in
        effect (-1 when the rep is not in the roster or the period is before its first
        row)."""
        out = np.full(len(rep_ids), -1)
        rows = self.rows.reset_index(drop=True)
        for rep, group in rows.groupby("rep_id", sort=False):  # one pass per roster rep
            hit = (rep_ids == rep).to_numpy()
            if not hit.any():
                continue
            starts = group["start"].to_numpy()
            position = np.searchsorted(starts, first_months.to_numpy()[hit], side="right") - 1
            out[hit] = np.where(position >= 0, group.index.to_numpy()[position.clip(0)], -1)
        return pd.Series(out, index=rep_ids.index)

    def seat_id(self, row: int) -> str:
        """The seat a roster row makes: the rep's id for its first row, else rep@month."""
        rows = self.rows.reset_index(drop=True)
        rep = rows.at[row, "rep_id"]
        first = rows.index[rows["rep_id"] == rep][0]
        if row == first:
            return str(rep)
        return f"{rep}@{Period(int(rows.at[row, 'start']), 1).label}"


#: A date written year first, as the roster's dates must be.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def effective_start(text: str) -> int | None:
    """First month of an effective date ``YYYY-MM-DD`` or period label; None if neither."""
    if text == "":
        return -1
    period = parse_period(text)
    if period is not None:
        return period.first
    if not _ISO_DATE.match(text):
        return None  # 05/01/2026: May or January? ambiguous, refused (as hire_date is)
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        return None
    if stamp.day != 1:
        return None  # mid-month changes cannot be split into monthly seats
    return stamp.year * 12 + stamp.month - 1


def read_roster_csv(
    path: str | Path, *, choices: Mapping[str, Collection[str]] | None = None
) -> Roster:
    """A roster CSV (rep_id, optional effective_from, any of :data:`ROSTER_ATTRIBUTES`,
    optional hire_date and exit_date, :mod:`salesperf_model.tables.tenure`), every bad
    cell reported at once (:class:`TableError`); a value given in a column with
    ``choices`` (the outcome table's: roles, tiers) must be one of them."""
    path = Path(path)
    problems = TableProblems(str(path))
    text = read_csv_text(path)
    frame = text.frame.apply(lambda column: column.str.strip())
    known = {"rep_id", "effective_from", *ROSTER_ATTRIBUTES, *TENURE_COLUMNS}
    for name in frame.columns:
        if name not in known:
            problems.add(
                1,
                name,
                f"unknown roster column; expected rep_id, effective_from, "
                f"{', '.join(ROSTER_ATTRIBUTES)}, {', '.join(TENURE_COLUMNS)}",
            )
    if "rep_id" not in frame.columns:
        problems.add(1, "rep_id", f"required column missing; the header has {list(frame.columns)}")
    problems.raise_if_any()
    frame["line"] = text.lines
    check_roster_values(frame, text.lines, choices or {}, problems=problems)
    effective = frame["effective_from"] if "effective_from" in frame else pd.Series("", frame.index)
    starts = effective.map(effective_start)
    for position in np.flatnonzero(starts.isna().to_numpy()):
        problems.add(
            int(text.lines[position]),
            "effective_from",
            "is not a month 'YYYY-MM', a period label or a first-of-month date 'YYYY-MM-01' "
            "(a date with slashes is ambiguous: 05/01/2026 may be May or January)",
            value=effective.iloc[position],
        )
    for position in np.flatnonzero((frame["rep_id"] == "").to_numpy()):
        problems.add(int(text.lines[position]), "rep_id", "blank rep_id")
    problems.raise_if_any()
    frame["start"] = starts.astype(int)
    frame["effective_from"] = effective
    repeated = frame.duplicated(["rep_id", "start"], keep=False)
    for position in np.flatnonzero(repeated.to_numpy()):
        problems.add(
            int(text.lines[position]),
            "effective_from",
            f"rep {frame['rep_id'].iloc[position]!r} has two rows from the same start; give "
            "each row its own effective_from (a rehire: the month of its hire_date)",
            value=effective.iloc[position],
        )
    stints = read_tenure(frame, text.lines, problems)
    problems.raise_if_any()
    attributes = tuple(a for a in ROSTER_ATTRIBUTES if a in frame.columns)
    columns = ["rep_id", "start", "line", *attributes, "effective_from"]
    rows = frame.sort_values(["rep_id", "start"]).reset_index(drop=True)
    repeats = _repeating(rows, attributes)
    unchanged = tuple(
        (str(rows.at[i, "rep_id"]), int(rows.at[i, "line"]), int(rows.at[i - 1, "line"]))
        for i in np.flatnonzero(repeats)
    )
    # a row that repeats the one before stands for the row before (chains collapse)
    kept = rows.loc[~repeats, columns].reset_index(drop=True)
    return Roster(str(path), kept, attributes, stints, unchanged)


def _repeating(rows: pd.DataFrame, attributes: tuple[str, ...]) -> np.ndarray:
    """Rows (sorted by rep and start) that give the same attributes as the rep's row
    before and are no rehire (no hire_date): a seat is split only by a change."""
    rep = rows["rep_id"].to_numpy()
    same = np.r_[False, rep[1:] == rep[:-1]]
    for name in attributes:
        values = rows[name].to_numpy()
        same &= np.r_[False, values[1:] == values[:-1]]
    if "hire_date" in rows.columns:
        same &= (rows["hire_date"] == "").to_numpy()
    return same


def seats_from_roster(
    frame: pd.DataFrame,
    lines: np.ndarray,
    roster: Roster,
    *,
    where: str,
    choices: Mapping[str, Collection[str]] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The table with each rep's rows under the seat the roster puts them in, attributes the
    table lacks filled from the roster, and what was done, in words. Refused
    (:class:`TableError`, every such cell): first naming the roster, a rep the table lacks,
    a change inside one of the table's periods, a rep without a value in a column with
    ``choices`` the table lacks (:mod:`.roster_checks`); then naming the table, a value
    that disagrees with the roster row in effect, or a period before a rep's first row."""
    problems = TableProblems(where)
    frame = frame.copy()
    firsts = frame["period"].map(lambda label: parse_period(label).first)  # type: ignore[union-attr]
    row = roster.seat_rows(frame["rep_id"], firsts).to_numpy()
    check_roster_on_table(roster, frame, row, where=where, choices=choices or {})
    listed = frame["rep_id"].isin(roster.rows["rep_id"]).to_numpy()
    rows = roster.rows
    for position in np.flatnonzero(listed & (row < 0)):
        problems.add(
            int(lines[position]),
            "period",
            f"rep {frame['rep_id'].iloc[position]!r} has no roster row in effect yet "
            f"({roster.where}: its first effective_from is later)",
            value=frame["period"].iloc[position],
        )
    have = listed & (row >= 0)
    for name in roster.attributes:
        expected = np.where(have, rows[name].to_numpy()[row.clip(0)], "")
        if name not in frame.columns:
            frame[name] = np.where(have, expected, frame.get(name, ""))
            continue
        wrong = have & (expected != "") & (frame[name].to_numpy() != expected)
        for position in np.flatnonzero(wrong):
            r = row[position]
            problems.add(
                int(lines[position]),
                name,
                f"rep {frame['rep_id'].iloc[position]!r}: the roster ({roster.where} line "
                f"{rows.at[r, 'line']}) says {expected[position]!r} for this period; correct "
                "the table or the roster's effective_from",
                value=frame[name].iloc[position],
            )
    problems.raise_if_any()
    seat_of_row = {r: roster.seat_id(r) for r in np.unique(row[have])}
    seat = np.where(have, [seat_of_row.get(r, "") for r in row], frame["rep_id"].to_numpy())
    notes = [
        f"{roster.where} line {line}: rep {rep!r} changes nothing against line {before} "
        f"(the same {', '.join(roster.attributes) or 'row'}): kept as one seat"
        for rep, line, before in roster.unchanged
        if rep in set(frame["rep_id"])
    ]
    for rep in sorted(roster.changing_reps() & set(frame["rep_id"])):
        mine = rows[rows["rep_id"] == rep]
        parts = [
            f"{roster.seat_id(r)} from {Period(int(s), 1).label if s >= 0 else 'the start'}"
            for r, s in zip(mine.index, mine["start"], strict=True)
        ]
        notes.append(
            f"{where}: rep {rep!r} changes {', '.join(roster.attributes) or 'seat'} per the roster "
            f"{roster.where}: paid as seats {'; '.join(parts)}"
        )
    frame["rep_id"] = seat
    for name in ROSTER_ATTRIBUTES:  # within a seat nothing may change the roster leaves out
        if name not in frame.columns:
            continue
        counts = frame.groupby("rep_id")[name].nunique()
        for rep in counts.index[counts > 1]:
            rows_of = np.flatnonzero((frame["rep_id"] == rep).to_numpy())
            values = frame[name].iloc[rows_of]
            changed = rows_of[np.flatnonzero((values != values.iloc[0]).to_numpy())[0]]
            problems.add(
                int(lines[changed]),
                name,
                f"seat {rep!r} changes {name} ({values.iloc[0]!r} then "
                f"{frame[name].iloc[changed]!r}) but the roster {roster.where} does not say "
                f"when: add a {name} column to the roster",
                value=frame[name].iloc[changed],
            )
    problems.raise_if_any()
    return frame, notes


def in_seat(
    table: pd.DataFrame, rep_ids: list[str], periods: list[str], *, share: pd.Series | None = None
) -> np.ndarray:
    """(reps, periods): the share of each period the seat was held: the table's ``in_seat``
    column where it has one (an import's tidy table), else 1 where the table has the seat's
    row for the period; 0 where it has none."""
    out = np.zeros((len(rep_ids), len(periods)))
    rep_pos = pd.Series(np.arange(len(rep_ids)), index=rep_ids)
    period_pos = pd.Series(np.arange(len(periods)), index=periods)
    values = 1.0 if share is None else share.to_numpy(dtype=float)
    out[rep_pos[table["rep_id"]].to_numpy(), period_pos[table["period"]].to_numpy()] = values
    return out


def roster_tenure(
    roster: Roster,
    seats: list[str],
    periods: list[str],
    *,
    booked: np.ndarray,
    held: np.ndarray | None,
    notes: list | None,
    tenure_months: np.ndarray | None = None,
) -> np.ndarray | None:
    """(seats, periods): the share of each period a seat was held: ``held`` (the roster's
    moves, :func:`in_seat`; None: throughout) within the stints of the seat's rep (its
    hire and exit dates; None when every seat is held throughout); each seat hired or leaving inside the table
    is stated in ``notes``, with the revenue ``booked`` (sims, seats, periods) gives it
    outside the months held (kept: commission and KPIs still count it), and where the
    table's ``tenure_months`` contradicts a hire inside the table."""
    rep_of = {roster.seat_id(r): str(rep) for r, rep in roster.rows["rep_id"].items()}
    tenure = tenure_share([rep_of.get(s, s) for s in seats], periods, stints=roster.stints)
    if tenure is None:
        return held
    share = tenure if held is None else held * tenure
    outside = (booked * (share == 0)[None]).sum(axis=(0, 2))
    for i in np.flatnonzero((tenure < 1).any(axis=1)):  # the seats with a hire or exit: few
        held = [p for p, x in zip(periods, share[i], strict=True) if x > 0]
        span = runs(held, periods) if held else "none of the periods"
        extra = f"; {outside[i]:,.2f} booked outside them is still paid on" if outside[i] else ""
        if notes is not None:
            notes.append(
                f"{roster.where}: seat {seats[i]!r} is held {span} (hire and exit dates): "
                f"base salary and allowances for the months held only{extra}"
            )
            notes.extend(_tenure_disagrees(roster, seats[i], periods, share[i], tenure_months, i))
    return share


def _tenure_disagrees(roster, seat, periods, share, tenure, row) -> list[str]:
    """A note where the table's ``tenure_months`` contradicts a hire inside the table: pay
    that follows the person (guarantee, draw, ramp) reads tenure_months, not the date."""
    if tenure is None:
        return []
    starts = [t for t in range(1, len(periods)) if share[t] > 0 and share[t - 1] == 0]
    months = np.asarray(tenure, dtype=float).reshape(-1, len(share))[row]
    return [
        f"{roster.where}: seat {seat!r} is hired in {periods[t]} by the roster, but the "
        f"table's tenure_months says {months[t]:g} months there; a guarantee, draw or ramp "
        "(pay.people) counts tenure_months: drop that column to count from the hire date"
        for t in starts
        if months[t] > 3 * _months_in(periods[t])
    ]


def _months_in(period: str) -> int:
    """Calendar months a period label spans (1, 3 or 6)."""
    parsed = parse_period(period)
    return 1 if parsed is None else parsed.months
