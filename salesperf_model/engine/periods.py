"""Calendar periods on the month axis: review and settlement groups, years, sums per unit.

Review and settlement periods are calendar-aligned when the labels are periods
(``YYYY-MM`` months, ``YYYY-Qn`` quarters, ``YYYY-Hn`` half years, see
:mod:`salesperf_model.tables.periods`; quarters are Jan-Mar..., half years Jan-Jun and
Jul-Dec), else consecutive blocks of months from the first one. Data in periods longer than
a month (a quarterly table) settles on the data's own period when the plan's is shorter
(a monthly commission on quarterly data settles each quarter), and each group counts the
months its periods span (a quarter is 3 months). A **partial period** (the data ends, or starts, inside it)
holds the months present. Every component settled over a period is paid in the period's
last month present.

**Fiscal years**: outcomes whose year starts in another month than January (an import
whose mapping sets ``fiscal_year_start``, kept in ``meta["fiscal_year_start"]``) group
quarters, half years and years from that month: an annual settlement or review covers
the fiscal year (April-March, labelled ``2024-04..2025-03``), and year-to-date sums, the
annual quota and gates restart at its first month. Calendar months (seasonality) and
long-term vesting years stay calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from salesperf_model.schema import MONTHS_PER
from salesperf_model.tables import months_of

#: Seats summed at a time by ``PeriodGroups.sum`` when a table holds more than twice as many
SEAT_BLOCK = 16_384


@dataclass(frozen=True)
class PeriodGroups:
    """Months grouped into review or settlement periods (contiguous, in order)."""

    labels: list[str]  #: one label per group, e.g. "2026-Q1"
    of_month: np.ndarray  #: (months,) group index of each month
    starts: np.ndarray  #: (groups,) first month of each group
    ends: np.ndarray  #: (groups,) last month of each group
    months: np.ndarray  #: (groups,) calendar months the group's periods span

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sum the last (month) axis within each group (a matrix product: fast on large
        arrays). Many seats are summed a block of seats at a time: the product's copies
        of one row block stay in cache (a chunk of one simulation of 100,000 reps: 2.1 ->
        1.5 ms a quarterly sum), each seat's sums the same to the bit."""
        values = np.asarray(values, dtype=float)
        if values.ndim < 2 or values.shape[-2] <= 2 * SEAT_BLOCK:
            return values @ self._membership
        out = np.empty((*values.shape[:-1], len(self.starts)))
        for first in range(0, values.shape[-2], SEAT_BLOCK):
            seats = slice(first, first + SEAT_BLOCK)
            np.matmul(values[..., seats, :], self._membership, out=out[..., seats, :])
        return out

    def membership(self) -> np.ndarray:
        """(months, groups) 0/1 matrix: which group each month belongs to."""
        matrix = np.zeros((len(self.of_month), len(self.starts)))
        matrix[np.arange(len(self.of_month)), self.of_month] = 1.0
        return matrix

    @cached_property
    def _membership(self) -> np.ndarray:
        """``membership()`` made once: every sum of a run reads it (read-only here)."""
        matrix = self.membership()
        matrix.flags.writeable = False
        return matrix

    @cached_property
    def _end_months(self) -> slice | np.ndarray:
        """``ends`` as a slice where they are evenly spaced (every month, every third):
        the same cells, written as a strided copy instead of an indexed one (3x faster)."""
        ends = np.asarray(self.ends)
        if not len(ends) or (len(ends) > 1 and ends[1] <= ends[0]):
            return ends
        step = int(ends[1] - ends[0]) if len(ends) > 1 else 1
        first = int(ends[0])
        if not np.array_equal(ends, first + step * np.arange(len(ends))):
            return ends
        return slice(first, first + step * (len(ends) - 1) + 1, step)

    def place(self, values: np.ndarray) -> np.ndarray:
        """Put per-group amounts (sims, reps, groups) in each group's last month, 0 in the
        other months: a settlement pays at the end of its period."""
        months = len(self.of_month)
        where = self._end_months
        if isinstance(where, slice) and where == slice(0, months, 1):
            out = np.empty((*values.shape[:2], months))  # every month written: no zeros
        else:
            out = np.zeros((*values.shape[:2], months))
        out[..., where] = values
        return out


def month_numbers(periods: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(year, month 1..12) of each period label, the first month of a quarter or half
    year; labels that are no period count from the first month: year 0, 1, ... in blocks
    of 12."""
    first, _ = months_of([str(p) for p in periods])
    first_month = np.asarray(first, dtype=int)
    return first_month // 12, first_month % 12 + 1


def months_spanned(periods: list[str]) -> np.ndarray:
    """Calendar months each period spans: 1 for months, 3 for quarters, 6 for half years."""
    return np.asarray(months_of([str(p) for p in periods])[1], dtype=int)


def seat_months(periods: list[str], meta: dict) -> np.ndarray:
    """(1 or sims, reps or 1, periods): the months each seat was held in each period: the
    months the period spans (3 for a quarter) x the share held (``meta["in_seat"]``, a
    roster's moves, hires and exits, (reps, periods), or (sims, reps, periods) when pay
    follows the person, people.py; all of it when absent), and none in the months a seat
    was vacant (``meta["vacant"]``: then (sims, reps, periods)). Base, allowances and
    target bonuses accrue per month held."""
    months = months_spanned(periods)[None, None, :].astype(float)
    if "in_seat" in meta:
        held = np.asarray(meta["in_seat"], dtype=float)  # (reps, periods), or per simulation
        months = months * (held if held.ndim == 3 else held[None, :, :])
    if "vacant" in meta:  # (sims, reps, periods): nobody held the seat (engine.vacancy)
        months = months * ~np.asarray(meta["vacant"], bool)
    return months


def fiscal_start(meta: dict) -> int:
    """First month (1..12) of the outcomes' year: ``meta["fiscal_year_start"]``, else 1."""
    return int(meta.get("fiscal_year_start", 1))


def fiscal_years(periods: list[str], start: int = 1) -> np.ndarray:
    """The year of each period label, counted from month ``start`` (1: the calendar year;
    4: April-March years, numbered by the calendar year they start in)."""
    first, _ = months_of([str(p) for p in periods])
    return (np.asarray(first, dtype=int) - (start - 1)) // 12


def _fiscal_label(first: int, size: int) -> str:
    """A group not aligned on the calendar: its first and last month."""
    (year, month), (last_year, last_month) = divmod(first, 12), divmod(first + size - 1, 12)
    return f"{year}-{month + 1:02d}..{last_year}-{last_month + 1:02d}"


def period_groups(periods: list[str], frequency: str, *, start: int = 1) -> PeriodGroups:
    """Group period labels into ``monthly`` / ``quarterly`` / ``half_year`` / ``annual``
    periods, calendar-aligned, or aligned on a fiscal year starting in month ``start``
    (see the module docstring)."""
    first, spans = months_of([str(p) for p in periods])
    span = np.asarray(spans, dtype=int)
    size = max(MONTHS_PER[frequency], int(span.max()) if len(span) else 1)
    offset = (start - 1) % size
    keys = (np.asarray(first, dtype=int) - offset) // size
    change = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    of_month = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    ends = np.r_[starts[1:] - 1, len(periods) - 1] if len(starts) else starts
    years, months = month_numbers(periods)
    labels = []
    for g in starts:
        year, month = years[g], months[g]
        block = (month - 1) // size + 1
        if offset and size > 1:  # a fiscal quarter, half or year
            labels.append(_fiscal_label(int(keys[g]) * size + offset, size))
        elif size == 1:
            labels.append(f"{year}-{month:02d}")
        elif size < 12 and size == span[g] and (month - 1) % size:
            labels.append(str(periods[g]))  # a fiscal quarter or half: its own label
        else:
            labels.append({3: f"{year}-Q{block}", 6: f"{year}-H{block}", 12: f"{year}"}[size])
    months_in = np.bincount(of_month, weights=span, minlength=len(starts)).astype(int)
    return PeriodGroups(labels, of_month, starts, ends, months_in)


def year_to_date(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Cumulative sum over months, restarting every year (``years``: calendar or fiscal,
    :func:`fiscal_years`)."""
    total = np.cumsum(values, axis=-1)
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    before = np.concatenate([np.zeros_like(total[..., :1]), total[..., :-1]], axis=-1)
    offset = before[..., starts][..., np.searchsorted(starts, np.arange(len(years)), "right") - 1]
    return total - offset


def annual_total(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Each month's year total of ``values`` (e.g. the annual quota: the sum of that
    calendar or fiscal year's monthly quotas present in the data)."""
    out = np.zeros_like(values, dtype=float)
    for year in np.unique(years):  # one or two years
        months = years == year
        out[..., months] = values[..., months].sum(axis=-1, keepdims=True)
    return out


def unit_sum(values: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Sum (sims, reps, t) over reps within each unit, broadcast back to every rep.

    Each unit's members are added in rep order, one pass over the cells
    (``unit_kernels``): memory and time grow with the cells, not with reps x units (a
    0/1 table of reps by teams, a team per regional manager, was 9.6 GB at 100,000
    reps), and a missing value spoils its own unit's sum only."""
    codes = np.asarray(codes)
    if codes.size and (codes.min() < 0 or codes.max() >= n_units):
        raise ValueError(f"unit codes must be 0..{n_units - 1}, got {codes.min()}..{codes.max()}")
    from salesperf_model.engine.unit_kernels import unit_sums  # numba loads slowly

    return unit_sums(values, codes, n_units)


def settlement_warnings(periods: list[str], frequencies: dict[str, str]) -> list[str]:
    """Where a plan settles (or reviews) more often than the data has periods: settled on
    the data's own period instead, said once per key (``frequencies``: key -> frequency)."""
    spans = months_spanned(periods)
    if not len(spans) or spans.max() == 1:
        return []
    data = {3: "quarterly", 6: "half-yearly"}[int(spans.max())]
    return [
        f"{key}: {frequency}, but the outcomes are {data} ({periods[0]}..{periods[-1]}): "
        f"settled per {data.removesuffix('ly').replace('-year', ' year')}, the data's own "
        "period (tiers and thresholds apply to that period's sums)"
        for key, frequency in frequencies.items()
        if MONTHS_PER[frequency] < spans.max()
    ]
