"""Differences in chart titles named the way they print: a figure that rounds to zero
takes no direction word, so a title never reads "costs 0.00 M CNY less than the
baseline (-0.0%)" or "decile 1 least (+0.0%)"; it says "the same" and to what precision."""

from __future__ import annotations

from salesperf_model.formatting import percent, share_words  # noqa: F401 (re-exported)


def shown_sign(value: float, digits: int) -> int:
    """-1, 0 or 1: the sign of ``value`` as printed with ``digits`` decimals (-0.004 at
    two decimals prints as 0.00: no direction)."""
    rounded = round(float(value), digits)
    return 0 if rounded == 0 else (1 if rounded > 0 else -1)


def money_change(change: float, currency: str, *, more: str, less: str, same: str) -> str:
    """A change in millions with two decimals, as the cost charts' axes read: '0.49 M CNY
    less than the baseline'; one that prints as 0.00 M is ``same`` with its precision:
    'the same as the baseline (to the nearest 10,000 CNY)'."""
    millions = change / 1e6
    if shown_sign(millions, 2) == 0:
        return f"{same} (to the nearest 10,000 {currency})"
    return f"{abs(millions):,.2f} M {currency} {more if millions > 0 else less}"


def percent_change(value: float, digits: int = 1) -> str:
    """A change in percent with its sign, '+8.5%'; never '+0.0%' or '-0.0%': one that is
    not zero but prints as zero is 'less than 0.1%', zero itself '0.0%'."""
    if value != 0 and shown_sign(value, digits) == 0:
        return f"less than {10.0**-digits:.{digits}f}%"
    return percent(value, digits, signed=True)
