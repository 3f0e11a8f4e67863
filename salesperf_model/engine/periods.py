"""Calendar periods on the month axis: review and settlement groups, years, sums per unit.

Review and settlement periods are calendar-aligned when month labels read ``YYYY-MM``
(quarters are Jan-Mar..., half years Jan-Jun and Jul-Dec), else consecutive blocks of
months from the first one. A **partial period** (the data ends, or starts, inside it)
holds the months present. Every component settled over a period is paid in the period's
last month present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from salesperf_model.schema import MONTHS_PER

_MONTH_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class PeriodGroups:
    """Months grouped into review or settlement periods (contiguous, in order)."""

    labels: list[str]  #: one label per group, e.g. "2026-Q1"
    of_month: np.ndarray  #: (months,) group index of each month
    starts: np.ndarray  #: (groups,) first month of each group
    ends: np.ndarray  #: (groups,) last month of each group
    months: np.ndarray  #: (groups,) months present in each group

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sum the last (month) axis within each group (a matrix product: fast on large
        arrays)."""
        return np.asarray(values, dtype=float) @ self.membership()

    def membership(self) -> np.ndarray:
        """(months, groups) 0/1 matrix: which group each month belongs to."""
        matrix = np.zeros((len(self.of_month), len(self.starts)))
        matrix[np.arange(len(self.of_month)), self.of_month] = 1.0
        return matrix

    def place(self, values: np.ndarray) -> np.ndarray:
        """Put per-group amounts (sims, reps, groups) in each group's last month, 0 in the
        other months: a settlement pays at the end of its period."""
        out = np.zeros((*values.shape[:2], len(self.of_month)))
        out[..., self.ends] = values
        return out


def month_numbers(periods: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(year, month 1..12) of each period label; labels not ``YYYY-MM`` count from the
    first month: year 0, 1, ... in blocks of 12."""
    parsed = [_MONTH_LABEL.match(str(p)) for p in periods]
    if all(parsed) and all(1 <= int(m.group(2)) <= 12 for m in parsed):
        years = np.array([int(m.group(1)) for m in parsed])
        months = np.array([int(m.group(2)) for m in parsed])
        return years, months
    index = np.arange(len(periods))
    return index // 12, index % 12 + 1


def period_groups(periods: list[str], frequency: str) -> PeriodGroups:
    """Group month labels into ``monthly`` / ``quarterly`` / ``half_year`` / ``annual``
    periods, calendar-aligned (see the module docstring)."""
    size = MONTHS_PER[frequency]
    years, months = month_numbers(periods)
    keys = years * 12 + (months - 1) // size
    change = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    of_month = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    ends = np.r_[starts[1:] - 1, len(periods) - 1] if len(starts) else starts
    labels = []
    for start in starts:
        year, month = years[start], months[start]
        block = (month - 1) // size + 1
        label = {
            "monthly": f"{year}-{month:02d}",
            "quarterly": f"{year}-Q{block}",
            "half_year": f"{year}-H{block}",
            "annual": f"{year}",
        }[frequency]
        labels.append(label)
    return PeriodGroups(labels, of_month, starts, ends, ends - starts + 1)


def year_to_date(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Cumulative sum over months, restarting every calendar year."""
    total = np.cumsum(values, axis=-1)
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    before = np.concatenate([np.zeros_like(total[..., :1]), total[..., :-1]], axis=-1)
    offset = before[..., starts][..., np.searchsorted(starts, np.arange(len(years)), "right") - 1]
    return total - offset


def annual_total(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Each month's calendar-year total of ``values`` (e.g. the annual quota: the sum of
    that year's monthly quotas present in the data)."""
    out = np.zeros_like(values, dtype=float)
    for year in np.unique(years):  # one or two years
        months = years == year
        out[..., months] = values[..., months].sum(axis=-1, keepdims=True)
    return out


def unit_sum(values: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Sum (sims, reps, t) over reps within each unit, broadcast back to every rep."""
    onehot = np.zeros((len(codes), n_units))
    onehot[np.arange(len(codes)), codes] = 1.0
    per_unit = onehot.T @ values  # (units, reps) @ (sims, reps, t): batched BLAS
    return per_unit[:, codes, :]
