"""Fixed bonus awards on settlement periods the data covers only in part (a data window
that starts in March, a quarter cut short): pro-rated by the months present, and said."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from salesperf_model.engine.periods import PeriodGroups, period_groups
from salesperf_model.schema import MONTHS_PER, TeamPoolBonus, ThresholdBonus, TopNBonus


def months_share(
    bonus: TopNBonus | ThresholdBonus | TeamPoolBonus, settle: PeriodGroups
) -> np.ndarray:
    """(groups,) share of each settlement period the data covers: months present / months
    in the period (1 for a whole period); a fixed award is pro-rated by it."""
    return settle.months / MONTHS_PER[bonus.settlement]


def partial_awards(
    bonuses: Sequence[object], periods: list[str], *, start: int = 1
) -> list[tuple[TopNBonus | ThresholdBonus | TeamPoolBonus, list[tuple[str, int, int]]]]:
    """Each fixed award pro-rated for settlement periods the data covers only in part,
    with those periods as (label, months present, months in the period); ``start``: the
    first month of the year settlement periods follow (periods.fiscal_start)."""
    cut = []
    for bonus in bonuses:
        if not isinstance(bonus, (TopNBonus, ThresholdBonus, TeamPoolBonus)):
            continue  # the others are sums over the months present already
        settle = period_groups(periods, bonus.settlement, start=start)
        full = MONTHS_PER[bonus.settlement]
        parts = [
            (label, int(n), full)
            for label, n in zip(settle.labels, settle.months, strict=True)
            if n < full
        ]
        if parts:
            cut.append((bonus, parts))
    return cut


def partial_award_notes(
    bonuses: Sequence[object], periods: list[str], *, start: int = 1
) -> list[str]:
    """A sentence per fixed award pro-rated for a settlement period the data covers only
    in part (empty when every period is whole)."""
    notes = []
    for bonus, parts in partial_awards(bonuses, periods, start=start):
        cut = [f"{label} ({n} of {full} months: x{n / full:.2f})" for label, n, full in parts]
        notes.append(
            f"pay.bonuses.{bonus.name}: the data covers part of "
            f"{'a settlement period' if len(cut) == 1 else 'settlement periods'} "
            f"{', '.join(cut)}; its fixed award is pro-rated by the months present"
        )
    return notes
