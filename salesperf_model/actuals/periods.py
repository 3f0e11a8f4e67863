"""Output periods of an import: month or quarter labels over the window's months."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

PeriodKind = Literal["month", "quarter"]


def period_labels(months: pd.PeriodIndex, period: PeriodKind) -> tuple[list[str], np.ndarray]:
    """Output period labels and, per month of the window, its output period index."""
    if period == "month":
        return [str(m) for m in months], np.arange(len(months))
    if period == "quarter":
        quarters = months.asfreq("Q")
        labels = [f"{q.year}-Q{q.quarter}" for q in quarters]
        unique = list(dict.fromkeys(labels))
        return unique, np.array([unique.index(q) for q in labels])
    raise ValueError(f"period: {period!r}, expected 'month' or 'quarter'")


def months_per_period(period: PeriodKind) -> int:
    """How many months one output period spans."""
    return 1 if period == "month" else 3
