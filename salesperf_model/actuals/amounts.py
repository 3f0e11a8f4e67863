"""Reading the export's amounts: plain finite numbers no larger than an outcome table may
hold (``MAX_MAGNITUDE``, the limit ``salesperf pay`` enforces), money written with currency
signs or separators or in brackets (accounting notation) named as such, and won amounts far
out of line with the rest of their product's flagged (a typo can multiply pay).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.actuals.files import blank
from salesperf_model.tables import MAX_MAGNITUDE

if TYPE_CHECKING:
    from salesperf_model.actuals.cleaning import ImportContext

#: A number written as money: currency signs or codes, thousands separators, a decimal
#: comma ($1,234.50, 1.234,50 €, 1,234, USD 1 234).
_SIGN = r"(?:[$€£¥₹¤]|[A-Za-z]{3})"
_FORMATTED = re.compile(rf"[-+]?\s*{_SIGN}?\s*[-+]?\d[\d.,'\s\u00a0\u202f]*\s*{_SIGN}?")
#: Accounting notation for a negative amount: (1054), (1,054.50), ($1,054).
_BRACKETED = re.compile(rf"\(\s*(?P<inner>{_FORMATTED.pattern})\s*\)")
#: A won amount this many times its product's median won amount is flagged.
OUTLIER_FACTOR = 100
#: A product needs this many won deals for its own median; fewer: the file's.
OUTLIER_MIN_DEALS = 3


@dataclass
class Amounts:
    """An amount column read: ``values`` in the export's currency (NaN where blank or
    refused), and masks of the refused cells by reason."""

    values: pd.Series
    text: pd.Series  #: not a number at all ('N/A', 'nan', 'abc')
    formatted: pd.Series  #: a number written as money ('$1,234.50', '1.234,50 €', '1,234')
    bracketed: pd.Series  #: a negative amount in accounting notation ('(1054)')
    infinite: pd.Series  #: 'inf', '1e400'
    too_large: pd.Series  #: above MAX_MAGNITUDE once in the plan's currency


def read_amounts(raw: pd.Series, *, rate: float = 1.0) -> Amounts:
    """The column's numbers (see :class:`Amounts`); ``rate``: plan currency units per unit
    of the export's, so the limit holds on the amounts the outcomes will carry."""
    number = pd.to_numeric(raw, errors="coerce").astype(float)
    unread = number.isna() & ~blank(raw)
    written = raw.astype("string").str.strip()
    formatted = unread & written.str.fullmatch(_FORMATTED).fillna(False).astype(bool)
    bracketed = unread & written.str.fullmatch(_BRACKETED).fillna(False).astype(bool)
    infinite = pd.Series(np.isinf(number.to_numpy()), index=raw.index)
    too_large = ~infinite & (number.abs() * rate > MAX_MAGNITUDE)
    values = number.where(~(infinite | too_large))
    text = unread & ~formatted & ~bracketed
    return Amounts(values, text, formatted, bracketed, infinite, too_large)


def _bracket_words(raw: pd.Series, read: Amounts, *, what: str, refunds: bool) -> str:
    """The problem of amounts in brackets: what the notation means and what to write. Not
    read as negative: brackets are a spreadsheet's display, like currency signs (refused
    too), and a negative amount is an error unless the mapping reads negative lines as
    refunds."""
    if not read.bracketed.any():
        return ""
    inner = _BRACKETED.fullmatch(str(raw[read.bracketed].iloc[0]).strip())
    plain = inner["inner"].strip() if inner else ""
    example = f"-{plain}" if re.fullmatch(r"\d+(?:\.\d+)?", plain) else "-1054.50"
    then = (
        "the mapping's refunds: {negative_amounts: true} then reads it as a refund"
        if refunds
        else "a refund or credit note? then also set refunds: {negative_amounts: true} in "
        "the mapping, without which a negative amount is refused"
    )
    return (
        f"{what} in brackets is accounting notation for a negative amount: write it with a "
        f"minus sign, as in {example}, and export plain numbers ({then})"
    )


def amount_values(raw: pd.Series, *, rate: float = 1.0) -> pd.Series:
    """The column's usable numbers (export currency), NaN where blank or refused."""
    return read_amounts(raw, rate=rate).values


def report_amounts(
    raw: pd.Series, ctx: ImportContext, *, where: str, column: str, what: str, fix: str, key=""
) -> pd.Series:
    """Read an amount column, record each kind of refused cell (error), and return the
    usable numbers in the export's currency (NaN where refused)."""
    rate, source = ctx.rate, ctx.mapping.currency
    currency = ctx.currency or source
    read = read_amounts(raw, rate=rate)
    limit = f"{MAX_MAGNITUDE:.0e} {currency}"
    refunds = ctx.mapping.refunds is not None and ctx.mapping.refunds.negative_amounts
    for mask, problem in (
        (read.text, f"{what} is not a number"),
        (
            read.formatted,
            f"{what} is not a plain number: remove currency symbols and thousands separators "
            "and write decimals with a point, as in 1234.50 (the mapping has no setting for "
            "them)",
        ),
        (read.bracketed, _bracket_words(raw, read, what=what, refunds=refunds)),
        (read.infinite, f"{what} is not a finite number"),
        (
            read.too_large,
            f"{what} implausibly large: above {limit}"
            + (f" once converted at {rate:g} {currency} per {source}" if rate != 1 else "")
            + ", the most `salesperf pay` accepts in an outcome table (a typo or a wrong unit?)",
        ),
    ):
        ctx.problems.add(
            where, column, problem, mask=mask, fix=fix, severity="error", values=raw, key=key
        )
    return read.values


def flag_outlying_amounts(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Won deals whose amount is more than OUTLIER_FACTOR times the median won amount of
    their product (of the file, when the product is unknown or rare): kept, and warned
    about with the median they were compared with (a fat-fingered amount multiplies pay)."""
    mapping = ctx.mapping
    oc = mapping.opportunities.columns
    amount = deals["amount"] / ctx.rate  # in the export's currency, as the file writes it
    won = (deals["stage"] == "won") & amount.gt(0)
    if not won.any():
        return deals
    file_median = float(amount[won].median())
    median = pd.Series(file_median, index=deals.index)
    of = pd.Series("of the file's won deals", index=deals.index)
    if oc.product is not None:
        product = deals["product"].astype("string")
        by_product = amount[won].groupby(product[won])
        medians = by_product.median()[by_product.size() >= OUTLIER_MIN_DEALS]
        own = product.map(medians).astype(float)
        median = own.where(own.notna(), median)
        of = ("of product " + product.map(repr)).where(own.notna(), of)
    far = won & (amount > OUTLIER_FACTOR * median)
    currency = mapping.currency
    shown = pd.Series(
        [f"{a:,.2f} {currency} vs median {m:,.2f} {o}" for a, m, o in zip(amount, median, of)],
        index=deals.index,
    )
    ctx.problems.add(
        mapping.opportunities.file,
        oc.amount,
        f"won amount more than {OUTLIER_FACTOR}x the median won amount of its "
        + ("product" if oc.product is not None else "the file")
        + " (a typo?)",
        mask=far,
        fix="kept: a big deal can be real; check the amount in the export",
        severity="warning",
        values=shown,
    )
    return deals


def check_outcome_magnitudes(outcomes, *, source: str, file: str) -> None:
    """Refuse outcomes holding a number above MAX_MAGNITUDE (deals within the limit can sum
    above it): ``salesperf pay`` would refuse the file this import writes."""
    reps = outcomes.reps["rep_id"].tolist()
    names = sorted(
        outcomes.measures, key=lambda n: (n != "revenue_booked", not n.startswith("revenue"), n)
    )
    for name in names:
        values = np.asarray(outcomes.measures[name], dtype=float)
        big = ~(np.abs(values) <= MAX_MAGNITUDE)
        if big.any():
            sim, rep, period = np.argwhere(big)[0]
            raise ValueError(
                f"{source}: the imported outcomes would hold {name} "
                f"{values[sim, rep, period]:,.6g} for rep {reps[rep]!r} in "
                f"{outcomes.periods[period]}, above {MAX_MAGNITUDE:.0e}, the most `salesperf "
                f"pay` accepts in an outcome table; nothing imported. Check that rep's amounts "
                f"in {file} (a typo or a wrong unit?)"
            )
