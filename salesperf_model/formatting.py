"""Numbers in a reader's words, formatted once for every report, chart and plan sentence."""

from __future__ import annotations

import math


def is_missing(value: object) -> bool:
    """None or NaN: shown as n/a."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def rounded_sign(text: str, signed: bool) -> str:
    """Sign of an already rounded number as printed: a value that rounds to zero shows
    no sign at all ("0", never "-0" or "+0.0")."""
    digits = text.lstrip("+-")
    if not any(c in "123456789" for c in digits):
        return digits
    if text.startswith("-"):
        return text
    return ("+" + digits) if signed else digits


def number(value: float, digits: int = 0, signed: bool = False) -> str:
    """A number with thousands separators and ``digits`` decimals, never in scientific
    notation and never a negative zero: 4712.3 -> '4,712'; -0.004 -> '0'."""
    return rounded_sign(f"{float(value):+,.{digits}f}", signed)


def money(value: float | None, currency: str = "CNY", signed: bool = False) -> str:
    """Money for a reader: 14.51 M CNY, 940,031 CNY, 5,000 CNY (sign on request); an
    amount that rounds to zero is "0 CNY", without a sign."""
    if is_missing(value):
        return "n/a"
    size = abs(float(value))
    text = f"{size / 1e6:,.2f} M" if round(size) >= 1e6 else f"{size:,.0f}"
    sign = "-" if value < 0 else "+"
    return f"{rounded_sign(sign + text, signed)} {currency}".strip()


def percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A percentage already in percent units: 6.5 -> '6.5%' ('+6.5%' when signed);
    -0.04 -> '0.0%', never '-0.0%'."""
    if is_missing(value):
        return "n/a"
    return number(value, digits, signed) + "%"


def points(value: float | None, digits: int = 1, *, signed: bool = True) -> str:
    """A difference of two percentages, in percentage points: 56.0% -> 53.0% is '-3.0
    points', never '-3.0%' (which would read as 3% of 56%); a zero has no sign."""
    if is_missing(value):
        return "n/a"
    return number(value, digits, signed) + " points"


def share(rate: float) -> str:
    """A fraction as the shortest percentage: 0.035 -> '3.5%'."""
    return f"{100 * rate:g}%"


def title_words(name: str) -> str:
    """A plan's name as a title in words: 'steep_accelerator' -> 'Steep accelerator'."""
    words = " ".join(str(name).replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def measure_words(measure: str) -> str:
    """A measure's name in words: 'nps' -> 'NPS', 'new_customers' -> 'new-customer count'."""
    return {"nps": "NPS", "new_customers": "new-customer count"}.get(
        measure, measure.replace("_", " ")
    )


def counted(count: int, word: str, many: str | None = None) -> str:
    """'1 rep', '3 reps', '1 rep-period' / '2 rep-periods': a count with its noun, never
    'rep(s)' (``many``: an irregular plural)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def share_cell(share_pct: float) -> str:
    """A share of reps for a table cell: whole percent, and one decimal where a share
    above zero would print as 0% ('0.2%'): a table never says no rep loses when some do."""
    digits = 1 if share_pct > 0 and round(share_pct) == 0 else 0
    return f"{share_pct:.{digits}f}%"


def losing_label(threshold_pct: float = 5.0) -> str:
    """The column of the share of reps losing more than the decision rule's threshold."""
    return f"reps losing > {threshold_pct:g}%"


def share_words(share_pct: float) -> str:
    """A share of reps in whole percent, '77%'; a share above zero that prints as 0% is
    'fewer than 1%', so a title never says no rep loses when some do."""
    if share_pct > 0 and round(share_pct) == 0:
        return "fewer than 1%"
    return f"{share_pct:.0f}%"
