"""Month labels of a simulated run and the calendar month each one falls in."""

from __future__ import annotations


def period_labels(start_period: str, periods: int) -> list[str]:
    """Month labels ``YYYY-MM`` from ``start_period`` on."""
    year, month = (int(x) for x in start_period.split("-"))
    labels = []
    for t in range(periods):
        m = month - 1 + t
        labels.append(f"{year + m // 12:04d}-{m % 12 + 1:02d}")
    return labels


def start_month_index(labels: list[str]) -> int:
    """Calendar month of the first label, 0 for January: seasonality and plan years follow it."""
    return int(labels[0].split("-")[1]) - 1
