"""Numbers in a reader's words, formatted once for every report, chart and plan sentence."""

from __future__ import annotations

import math


def is_missing(value: object) -> bool:
    """None or NaN: shown as n/a."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None, currency: str = "CNY", signed: bool = False) -> str:
    """Money for a reader: 14.51 M CNY, 940,031 CNY, 5,000 CNY (sign on request)."""
    if is_missing(value):
        return "n/a"
    sign = (
        ("+" if value > 0 else "-" if value < 0 else "") if signed else ("-" if value < 0 else "")
    )
    size = abs(value)
    text = f"{size / 1e6:,.2f} M" if size >= 1e6 else f"{size:,.0f}"
    return f"{sign}{text} {currency}".strip()


def percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A percentage already in percent units: 6.5 -> '6.5%' ('+6.5%' when signed)."""
    if is_missing(value):
        return "n/a"
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def share(rate: float) -> str:
    """A fraction as the shortest percentage: 0.035 -> '3.5%'."""
    return f"{100 * rate:g}%"


def measure_words(measure: str) -> str:
    """A measure's name in words: 'nps' -> 'NPS', 'new_customers' -> 'new-customer count'."""
    return {"nps": "NPS", "new_customers": "new-customer count"}.get(
        measure, measure.replace("_", " ")
    )
