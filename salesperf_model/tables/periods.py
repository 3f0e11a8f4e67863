"""Period labels in the spellings exports use: months, quarters and half years, calendar or
fiscal, read strictly into one canonical form that sorts as time.

Accepted (case and spaces ignored; ``FY`` may prefix the year):

- months ``2024-03``, ``2024-3`` (``2024/03`` is refused: slashes are date spellings);
- quarters ``2024-Q3``, ``2024Q3``, ``2024 Q3``, ``Q3 2024``, ``Q3-2024``;
- half years ``2024-H1``, ``2024H1``, ``H1 2024``.

Canonical labels: ``YYYY-MM`` for months, ``YYYY-Qn`` / ``YYYY-Hn`` for quarters and half
years that are calendar quarters and halves, and ``YYYY-MM..YYYY-MM`` (first and last
month) for fiscal quarters and halves that are not (a fiscal year starting in February).
Quarter and half-year numbers of a fiscal year count from its first month; the fiscal year
is named by the calendar year it ends in (``named_by="end"``) or starts in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["month", "quarter", "half_year"]
#: Months one period of each kind spans.
SPAN: dict[str, int] = {"month": 1, "quarter": 3, "half_year": 6}
_LETTER = {"quarter": "Q", "half_year": "H"}

_YEAR = r"(?:FY\s*)?(\d{4})"
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR_FIRST = re.compile(rf"^{_YEAR}\s*[-/ ]?\s*([QH])\s*([1-4])$", re.IGNORECASE)
_PART_FIRST = re.compile(rf"^([QH])\s*([1-4])\s*[-/ ]?\s*{_YEAR}$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """One period: its first month as ``year * 12 + month - 1`` and the months it spans."""

    first: int
    months: int

    @property
    def kind(self) -> PeriodKind:
        return {1: "month", 3: "quarter", 6: "half_year"}[self.months]  # type: ignore[return-value]

    @property
    def label(self) -> str:
        """The canonical label (see the module docstring)."""
        year, month = divmod(self.first, 12)
        if self.months == 1:
            return f"{year}-{month + 1:02d}"
        if month % self.months == 0:
            return f"{year}-{_LETTER[self.kind]}{month // self.months + 1}"
        last_year, last_month = divmod(self.first + self.months - 1, 12)
        return f"{year}-{month + 1:02d}..{last_year}-{last_month + 1:02d}"

    def next(self) -> Period:
        return Period(self.first + self.months, self.months)


def fiscal_year_first_month(year: int, start_month: int, named_by: str) -> int:
    """First month (``year * 12 + month - 1``) of fiscal year ``year``."""
    start_year = year - 1 if named_by == "end" and start_month != 1 else year
    return start_year * 12 + start_month - 1


def parse_period(
    label: str, *, fiscal_start: int = 1, named_by: Literal["start", "end"] = "end"
) -> Period | None:
    """The period a label names, or None when it is not one of the accepted spellings.
    Quarter and half numbers count from the fiscal year's first month ``fiscal_start``."""
    text = str(label).strip()
    match = _MONTH.match(text)
    if match:
        month = int(match[2])
        return Period(int(match[1]) * 12 + month - 1, 1) if 1 <= month <= 12 else None
    match = _RANGE.match(text)
    if match:
        first = int(match[1]) * 12 + int(match[2]) - 1
        last = int(match[3]) * 12 + int(match[4]) - 1
        span = last - first + 1
        ok = 1 <= int(match[2]) <= 12 and 1 <= int(match[4]) <= 12 and span in (3, 6)
        return Period(first, span) if ok else None
    match = _YEAR_FIRST.match(text)
    if match:
        year, letter, number = int(match[1]), match[2].upper(), int(match[3])
    else:
        match = _PART_FIRST.match(text)
        if not match:
            return None
        letter, number, year = match[1].upper(), int(match[2]), int(match[3])
    span = 3 if letter == "Q" else 6
    if number > 12 // span:
        return None
    start = fiscal_year_first_month(year, fiscal_start, named_by)
    return Period(start + (number - 1) * span, span)


def period_sort_key(label: str) -> tuple[int, int] | None:
    """(first month, span) of a canonical or accepted label, for sorting as time."""
    period = parse_period(label)
    return None if period is None else (period.first, period.months)


def months_of(labels: list[str]) -> tuple[list[int], list[int]]:
    """(first month, months spanned) of each canonical label; labels that are no period
    count as consecutive single months from 0 (the engine's fallback)."""
    first, spans = _months_of(tuple(labels))
    return list(first), list(spans)


@functools.lru_cache(maxsize=256)
def _months_of(labels: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """:func:`months_of`, cached: the engine asks for the same labels many times."""
    periods = [parse_period(label) for label in labels]
    if periods and all(periods):
        return tuple(p.first for p in periods), tuple(p.months for p in periods)  # type: ignore[union-attr]
    return tuple(range(len(labels))), (1,) * len(labels)


def every_period(found: set[Period]) -> list[Period]:
    """Every period from the first to the last found, in time order (one kind)."""
    if not found:
        return []
    first, last = min(found), max(found)
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def describe_kind(kind: PeriodKind) -> str:
    return {"month": "monthly", "quarter": "quarterly", "half_year": "half-yearly"}[kind]
