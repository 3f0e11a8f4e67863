"""Reading a date column without guessing: day-first and month-first dates are told apart
only by a stated format.

``03/04/2026`` is 3 April in most of the world and March 4 in the US; pandas reads it
month-first without a word. A column of such numeric dates is refused unless the format is
stated (a mapping's ``date_format``); the message says which order its values show. A
two-digit year (``17-03-01``: 2017-03-01 or 17 March 2001?) is refused asking for four digits."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salesperf_model.tables.problems import TableError

_NUMERIC_DATE = r"^\s*(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{2}|\d{4})(?:\D|$)"


def check_date_format(date_format: str) -> str:
    """The format if it reads back the date it writes (day, month and year all in it)."""
    sample = dt.datetime(2026, 3, 25)
    try:
        back = dt.datetime.strptime(sample.strftime(date_format), date_format)
    except ValueError as error:
        raise ValueError(f"date_format {date_format!r} cannot be read back: {error}") from None
    if back.date() != sample.date():
        raise ValueError(
            f"date_format {date_format!r} lacks the day, month or year; "
            "expected e.g. '%d/%m/%Y' (25/03/2026) or '%m/%d/%Y' (03/25/2026)"
        )
    return date_format


def _readings(first: str, second: str, year: str) -> list[str]:
    """The calendar dates a numeric date with a two-digit year could be, each named by the
    order it assumes (year first reads the last field as the day)."""
    a, b, c = (f"{int(v):02d}" for v in (first, second, year))
    found = []
    for order, text, form in (
        ("year first", f"{a}-{b}-{c}", "%y-%m-%d"),
        ("day first", f"{a}-{b}-{c}", "%d-%m-%y"),
        ("month first", f"{a}-{b}-{c}", "%m-%d-%y"),
    ):
        try:
            found.append(f"{dt.datetime.strptime(text, form).date()} ({order})")
        except ValueError:
            continue
    return found


def _refuse_two_digit_years(raw: pd.Series, parts: pd.DataFrame, *, where: str, column: str):
    """Refuse dates whose year has two digits: '17-03-01' reads as 17 March 2001 day-first
    or 1 March 2017 year-first, and no order stated makes the century or the order certain."""
    short = (parts[3].str.len() == 2).fillna(False).astype(bool)
    if not short.any():
        return
    count = int(short.sum())
    row = short[short].index[0]
    line = f"line {row + 2}: " if isinstance(row, int | np.integer) else ""  # header: line 1
    readings = _readings(parts.loc[row, 0], parts.loc[row, 2], parts.loc[row, 3])
    could = f", which could be {' or '.join(readings)}" if readings else ""
    example = readings[0].split(" ")[0] if readings else "2024-03-25"
    raise TableError(
        where,
        [],
        whole=(
            f"column {column!r}: {count} date{' has' if count == 1 else 's have'} a two-digit "
            f"year, e.g. {line}{raw[row]!r}{could}; write the year with four digits: "
            f"YYYY-MM-DD, e.g. {example}"
        ),
    )


def _lines(rows: pd.Series) -> str:
    """'CSV lines 12, 13, 14, 15, 16 and 5 more' for the true rows of a mask (the header is
    line 1); 'N rows' when the rows are not numbered by line."""
    index = rows[rows].index
    if not all(isinstance(row, int | np.integer) for row in index):
        return f"{len(index)} rows"
    shown = ", ".join(str(row + 2) for row in index[:5])
    more = f" and {len(index) - 5} more" if len(index) > 5 else ""
    return f"CSV line{'s' if len(index) > 1 else ''} {shown}{more}"


def parse_dates(
    raw: pd.Series, *, where: str, column: str, date_format: str | None = None
) -> pd.Series:
    """Timestamps (NaT where blank or unreadable: the caller reports those).

    With ``date_format`` every value is read with it. Without it ISO dates and spelled-out
    months are read as such, and numeric day/month dates (``25/03/2026``, ``03.04.26``)
    raise :class:`TableError` naming the order the values show, if any."""
    if date_format is not None:
        return pd.to_datetime(raw, errors="coerce", format=date_format)
    parts = raw.astype("string").str.extract(_NUMERIC_DATE)
    numeric = parts[0].notna()
    _refuse_two_digit_years(raw, parts, where=where, column=column)
    if numeric.any():
        first = parts.loc[numeric, 0].astype(int)
        second = parts.loc[numeric, 2].astype(int)
        sep = parts.loc[numeric, 1].iloc[0]
        year = "%Y" if len(parts.loc[numeric, 3].iloc[0]) == 4 else "%y"
        day_first, month_first = f"%d{sep}%m{sep}{year}", f"%m{sep}%d{sep}{year}"
        values = raw[numeric]
        example = values.iloc[0]
        count = int(numeric.sum())
        if (first > 12).any() and (second > 12).any():
            said = (
                f"{count} dates like {example!r} disagree on the order: "
                f"{values[first > 12].iloc[0]!r} puts the day first, "
                f"{values[second > 12].iloc[0]!r} the month"
            )
        elif (first > 12).any():
            example = values[first > 12].iloc[0]
            said = (
                f"{count} dates like {example!r} put the day first ({example!r} cannot be "
                "month-first)"
            )
        elif (second > 12).any():
            example = values[second > 12].iloc[0]
            said = (
                f"{count} dates like {example!r} put the month first ({example!r} cannot be "
                "day-first)"
            )
        else:
            said = (
                f"{count} dates like {example!r} could be day-first or month-first: no value "
                "shows which"
            )
        iso = raw.astype("string").str.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}").fillna(False)
        if iso.any():
            fix = (
                f"the column mixes formats: {int(iso.sum()):,} other dates are ISO "
                f"(YYYY-MM-DD) like {raw[iso].iloc[0]!r}, and a date_format reads every value "
                f"with one format; write these {count} dates as YYYY-MM-DD in the export"
            )
        else:
            fix = (
                f"state the format in the mapping: date_format: '{day_first}' (day first) or "
                f"'{month_first}' (month first)"
            )
        raise TableError(where, [], whole=f"column {column!r}: {said} ({_lines(numeric)}); {fix}")
    try:
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
    except ValueError:  # zones that differ, or zoned values beside plain ones
        # each zoned value's calendar date in UTC, as import dates read them
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed", utc=True)
        parsed = parsed.dt.tz_localize(None)
    if getattr(parsed.dt, "tz", None) is not None:  # one zone throughout: its wall clock
        parsed = parsed.dt.tz_localize(None)
    # pandas reads "March" as year 1, "now" and "today" as the clock, "2017" as 1 January:
    # a date names its year and more than its year, else it cannot be read
    text = raw.astype("string").str.strip()
    dated = text.str.contains(r"\d{4}", regex=True) & ~text.str.fullmatch(r"\d{4}")
    return parsed.where(dated.fillna(False).astype(bool))
