"""Output periods of an import: month, quarter or half-year labels over the window's months
(quarters and halves of the fiscal year when it does not start in January)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from salesperf_model.tables import SPAN, Period, describe_kind

PeriodKind = Literal["month", "quarter", "half_year"]
PERIOD_KINDS: tuple[str, ...] = ("month", "quarter", "half_year")


def month_ordinal(month: pd.Period) -> int:
    """``year * 12 + month - 1`` of a monthly pandas period."""
    return int(month.year) * 12 + int(month.month) - 1


def period_of(first_month: int, period: PeriodKind, fiscal_start: int = 1) -> Period:
    """The output period (of the fiscal year starting in month ``fiscal_start``) holding a
    month given as ``year * 12 + month - 1``."""
    span = SPAN[period]
    offset = (fiscal_start - 1) % span
    return Period((first_month - offset) // span * span + offset, span)


def period_labels(
    months: pd.PeriodIndex, period: PeriodKind, fiscal_start: int = 1
) -> tuple[list[str], np.ndarray]:
    """Output period labels and, per month of the window, its output period index."""
    if period not in SPAN:
        raise ValueError(f"period: {period!r}, expected one of {list(PERIOD_KINDS)}")
    labels = [period_of(month_ordinal(m), period, fiscal_start).label for m in months]
    unique = list(dict.fromkeys(labels))
    position = {label: i for i, label in enumerate(unique)}
    return unique, np.array([position[label] for label in labels], dtype=int)


def months_per_period(period: PeriodKind) -> int:
    """How many months one output period spans."""
    return SPAN[period]


def period_sentence(kind: PeriodKind, labels: list[str], source: str) -> str:
    """The report's statement of the period, e.g. 'Periods: quarterly, 2024-Q1..2024-Q4
    (4 quarters), from the revenue table's labels.'"""
    word = kind.replace("_", " ")
    return (
        f"Periods: {describe_kind(kind)}, {labels[0]}..{labels[-1]} ({len(labels)} {word}s), "
        f"{source}."
    )
