"""The import's totals against the file's: rows and won revenue read, left out and imported.

Every row of the opportunity file is either imported or left out by a counted problem, and
the won revenue imported is the revenue the outcomes book: the reconciliation shows both
sums, in the export's own currency, and whether they close.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from salesperf_model.actuals.amounts import amount_values

#: Relative tolerance for "the totals agree" (float sums of up to ~1e5 amounts).
TOLERANCE = 1e-9


def revenue_rows(
    stage: pd.Series, amount: pd.Series, *, won: list[str], mapped: set[str], rate: float = 1.0
) -> pd.Series:
    """Each row's won revenue in the export's currency: its amount when the stage is a won
    stage, or a stage the mapping does not know (it may be won); 0 otherwise. NaN where
    such a row's amount cannot be read or used (not a finite number, or above the limit
    once converted at ``rate``: revenue of unknown size)."""
    value = amount_values(amount, rate=rate)
    carries = stage.isin(won) | (~stage.isin(mapped) & amount.notna())
    return value.where(carries, 0.0)


def _percent(share: float) -> str:
    """A share as a percentage; a small one is not rounded to 0.0%."""
    return "under 0.1%" if 0 < abs(share) < 0.0005 else f"{share:.1%}"


@dataclass(frozen=True)
class Reconciliation:
    """Rows and won revenue of the opportunity file: in it, left out, imported, and the
    revenue the outcomes book (all in ``currency``, the export's)."""

    file: str
    currency: str
    rows: int
    revenue_rows: int
    revenue: float
    left_out_rows: int
    left_out_revenue_rows: int
    left_out_revenue: float
    unreadable_revenue_rows: int  #: revenue rows left out whose amount cannot be read
    imported_rows: int
    imported_revenue: float
    outcome_revenue: float | None = None  #: set once the outcomes are built
    #: what the rows that count carry revenue are, in words (a deal file's or a revenue table's)
    carrying: str = "won (or of an unmapped stage)"

    @property
    def drops_revenue(self) -> bool:
        """True when a won (or possibly won) row is left out."""
        return self.left_out_revenue_rows > 0

    @property
    def closes(self) -> bool:
        """Rows and revenue add up: file = left out + imported, and the outcomes book
        what was imported."""
        scale = max(abs(self.revenue), 1.0)
        rows_close = self.rows == self.left_out_rows + self.imported_rows
        revenue_close = abs(self.revenue - self.left_out_revenue - self.imported_revenue) <= (
            TOLERANCE * scale
        )
        booked_close = (
            self.outcome_revenue is None
            or abs(self.outcome_revenue - self.imported_revenue) <= TOLERANCE * scale
        )
        return rows_close and revenue_close and booked_close

    def with_outcomes(self, booked: float, rate: float) -> Reconciliation:
        """The reconciliation with the outcomes' booked revenue (plan currency, converted
        back at ``rate``)."""
        return replace(self, outcome_revenue=booked / rate)

    def share_left_out(self) -> float:
        """Share of the file's won revenue left out (0 when the file has none)."""
        return self.left_out_revenue / self.revenue if self.revenue else 0.0

    def share_words(self) -> str:
        """The share left out as a percentage; a small loss is not rounded to 0.0%."""
        return _percent(self.share_left_out())

    def left_out_words(self, *, of_file: bool = False) -> tuple[str, str]:
        """The won rows left out in words, and a note on amounts that could not be read
        ('' when all were): '3 won rows carrying 900.00 USD (85.7% of the file's won
        revenue)' (``of_file``: '... of the file's 1,050.00 USD won revenue (85.7%)'); when
        no amount left out could be read, how many rows and what share of the won rows,
        never a revenue of 0.00."""
        c, rows, unread = self.currency, self.left_out_revenue_rows, self.unreadable_revenue_rows
        if unread and unread == rows:
            share = _percent(rows / self.revenue_rows if self.revenue_rows else 0.0)
            its, carry = (
                ("its amount", "it carries") if rows == 1 else ("their amounts", "they carry")
            )
            return (
                f"{rows:,} of the file's {self.revenue_rows:,} won rows ({share})",
                f"{its} could not be read, so the revenue {carry} is unknown",
            )
        if of_file:
            words = (
                f"{rows:,} won rows carrying {self.left_out_revenue:,.2f} {c} of the file's "
                f"{self.revenue:,.2f} {c} won revenue ({self.share_words()})"
            )
        else:
            words = (
                f"{rows:,} won rows carrying {self.left_out_revenue:,.2f} {c} "
                f"({self.share_words()} of the file's won revenue)"
            )
        its = "its revenue is" if unread == 1 else "their revenue is"
        note = f"{unread:,} of them without a readable amount ({its} not in these sums)"
        return words, note if unread else ""

    def table(self) -> pd.DataFrame:
        """The reconciliation as rows: what, rows, won revenue."""
        money = f"won revenue ({self.currency})"
        rows = [
            (f"in {self.file}", self.rows, self.revenue),
            ("left out (errors in the problem table)", self.left_out_rows, self.left_out_revenue),
            ("imported", self.imported_rows, self.imported_revenue),
        ]
        if self.outcome_revenue is not None:
            rows.append(("booked in the imported outcomes", None, self.outcome_revenue))
        return pd.DataFrame(rows, columns=["", "rows", money])

    def sentences(self) -> list[str]:
        """The reconciliation in words."""
        c = self.currency
        left_out = (
            f"{self.left_out_revenue_rows:,} of them carrying {self.left_out_revenue:,.2f} {c} "
            f"({self.share_words()})"
            if self.unreadable_revenue_rows < self.left_out_revenue_rows
            or not self.left_out_revenue_rows
            else f"{self.left_out_revenue_rows:,} of them won, none with a readable amount"
        )
        words = [
            f"{self.file} holds {self.rows:,} rows, {self.revenue_rows:,} of them "
            f"{self.carrying} carrying {self.revenue:,.2f} {c}; {self.left_out_rows:,} rows "
            f"were left out, {left_out}; "
            f"{self.imported_rows:,} rows carrying {self.imported_revenue:,.2f} {c} were "
            "imported."
        ]
        if self.unreadable_revenue_rows:
            words.append(
                f"{self.unreadable_revenue_rows:,} of the won rows left out have no readable "
                "amount: their revenue is not in these sums."
            )
        if self.outcome_revenue is not None:
            words.append(
                f"The outcomes book {self.outcome_revenue:,.2f} {c} "
                + ("(the imported total)." if self.closes else "- the totals do NOT agree.")
            )
        return words


def reconcile(
    file: str,
    currency: str,
    revenue: pd.Series,
    *,
    kept_rows: pd.Series,
    carrying: str = "won (or of an unmapped stage)",
) -> Reconciliation:
    """Rows and revenue of the file (``revenue`` per data row, :func:`revenue_rows`)
    against the rows the import kept (``kept_rows``: data row numbers); ``carrying``
    names the rows that carry revenue in words."""
    kept = revenue.index.isin(kept_rows)
    carries = revenue.ne(0)  # NaN (unreadable) counts as carrying revenue
    dropped = ~kept
    return Reconciliation(
        file=file,
        currency=currency,
        rows=len(revenue),
        revenue_rows=int(carries.sum()),
        revenue=float(revenue.sum()),
        left_out_rows=int(dropped.sum()),
        left_out_revenue_rows=int((dropped & carries).sum()),
        left_out_revenue=float(revenue[dropped].sum()),
        unreadable_revenue_rows=int((dropped & revenue.isna()).sum()),
        imported_rows=int(kept.sum()),
        imported_revenue=float(revenue[kept].sum()),
        carrying=carrying,
    )
