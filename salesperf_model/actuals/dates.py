"""Reading an export's date columns as calendar dates.

A time of day or a time zone after the date is allowed: the date kept is the one on the
calendar where the time was written (a column whose dates carry different zones is put on
UTC first). A column no value of which reads as a date is refused, quoting a value, its
line and the formats expected; whole numbers such as 42795 are named as the Excel serial
day numbers they look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from salesperf_model.actuals.files import blank
from salesperf_model.tables.dates import parse_dates

#: A time of day followed by a time zone: Z, UTC or GMT, or an offset (+02:00, -0500, +05).
_ZONED = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
_ZONE_AT_END = r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
#: Excel counts days from 1899-12-30 (day 1 is 1900-01-01, less its 1900 leap-year bug).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Serial day numbers read as plausible dates: 1954-10-03 .. 2119-01-10.
EXCEL_SERIALS = (20_000, 80_000)
EXPECTED = (
    "expected ISO dates such as 2024-03-25 (a time and a time zone may follow: "
    "2024-03-25T10:00:00Z), dates with the month in words (25 March 2024), or numeric "
    "day/month dates with the mapping's date_format stated (date_format: '%d/%m/%Y')"
)


@dataclass
class DateColumn:
    """A date column read: ``dates`` (midnight of each calendar date, no time zone; NaT
    where blank or unreadable), ``unreadable`` and ``serial`` (unreadable values that look
    like Excel serial day numbers) masks, and how times and zones were read, in words."""

    dates: pd.Series
    unreadable: pd.Series
    serial: pd.Series
    notes: list[str] = field(default_factory=list)


def _offset(zone: str) -> str:
    """A zone spelling as an offset: Z, UTC, GMT -> +00:00; +02 and +0200 -> +02:00."""
    if zone.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = zone[1:].replace(":", "")
    return f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"


def _dates(count: int) -> str:
    """'1 date carries' or '6,711 dates carry'."""
    return "1 date carries" if count == 1 else f"{count:,} dates carry"


def _example(raw: pd.Series, mask: pd.Series) -> str:
    """'line 2: '2024-03-01T10:00:00Z'' for the first row of `mask` (line = row + 2)."""
    row = mask[mask].index[0]
    return f"line {row + 2}: {raw[row]!r}"


def read_dates(
    raw: pd.Series, *, where: str, column: str, date_format: str | None = None
) -> DateColumn:
    """Calendar dates of a column (see the module docstring); numeric day/month dates
    without a stated format are refused by :func:`parse_dates`."""
    text = raw.astype("string").str.strip()
    notes: list[str] = []
    zone = pd.Series(pd.NA, index=raw.index, dtype="string")
    if date_format is None or "%z" not in date_format:
        zone = text.str.extract(_ZONED, flags=re.IGNORECASE)["zone"]
    zoned = zone.notna().astype(bool)
    mixed = False
    if zoned.any():
        zones = zone[zoned].map(_offset)
        names = [n if n != "+00:00" else "UTC" for n in sorted(set(zones))]
        head = f"{where}: column {column!r}: {_dates(int(zoned.sum()))} a time zone"
        mixed = len(names) > 1
        if mixed:
            notes.append(
                f"{head} ({', '.join(names)}; e.g. {_example(raw, zoned)}): the zones differ, "
                "so each is converted to UTC and read as its calendar date in UTC; dates "
                "without a zone are read as written."
            )
        else:
            notes.append(
                f"{head} ({names[0]}; e.g. {_example(raw, zoned)}): each is read as the "
                "calendar date in that zone (the time and the zone dropped)."
            )
            text = text.where(~zoned, text.str.replace(_ZONE_AT_END, "", case=False, regex=True))
    parsed = parse_dates(
        text.where(~zoned) if mixed else text, where=where, column=column, date_format=date_format
    )
    parsed = pd.to_datetime(parsed)
    if parsed.dt.tz is not None:  # a stated format with %z: the wall-clock date
        parsed = parsed.dt.tz_localize(None)
    if mixed:
        utc = pd.to_datetime(text.where(zoned), errors="coerce", format="mixed", utc=True)
        parsed = parsed.where(~zoned, utc.dt.tz_localize(None).astype(parsed.dtype))
    dates = parsed.dt.normalize()
    timed = parsed.notna() & parsed.ne(dates) & ~zoned
    if timed.any():
        notes.append(
            f"{where}: column {column!r}: {_dates(int(timed.sum()))} a time of day "
            f"(e.g. {_example(raw, timed)}): each is read as its calendar date."
        )
    unreadable = dates.isna() & ~blank(raw)
    whole = text.str.fullmatch(r"\d+(?:\.0+)?").fillna(False).astype(bool)
    number = pd.to_numeric(text.where(whole), errors="coerce").astype(float)
    serial = unreadable & number.between(*EXCEL_SERIALS)
    return DateColumn(dates, unreadable, serial, notes)


def serial_words(raw: pd.Series, read: DateColumn) -> str:
    """'6 values are whole numbers such as '42795' that look like Excel serial day numbers
    (42795 is 2017-03-01): ...' for a column's Excel-looking values ('' when none is)."""
    count = int(read.serial.sum())
    if not count:
        return ""
    row = read.serial[read.serial].index[0]
    value = str(raw[row]).strip()
    day = (EXCEL_EPOCH + pd.Timedelta(days=int(float(value)))).date()
    what = (
        f"1 value is a whole number, {value!r}, that looks like an Excel serial day number"
        if count == 1
        else f"{count:,} values are whole numbers such as {value!r} that look like Excel "
        "serial day numbers"
    )
    return (
        f"{what} ({int(float(value))} is {day}): format the column as dates (yyyy-mm-dd) in "
        "the spreadsheet before exporting it as CSV"
    )


def refuse_unreadable_column(
    raw: pd.Series, read: DateColumn, *, where: str, column: str, date_format: str | None
) -> None:
    """Refuse a column none of whose values reads as a date (a format problem, not bad
    rows), quoting the first value, its line and what is expected."""
    if not read.unreadable.any() or read.dates.notna().any():
        return
    expected = (
        f"expected dates written as {date_format!r} (the mapping's date_format)"
        if date_format
        else EXPECTED
    )
    serial = serial_words(raw, read)
    raise ValueError(
        f"{where}: column {column!r}: no value can be read as a date, e.g. "
        f"{_example(raw, read.unreadable)}; {expected}"
        + (f". {serial[0].upper()}{serial[1:]}" if serial else "")
    )
