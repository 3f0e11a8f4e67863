"""The problem report of an import: every data problem with its rows and the fix applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from salesperf_model.actuals.reconcile import Reconciliation
from salesperf_model.formatting import counted
from salesperf_model.outcomes import MEASURES

PROBLEM_COLUMNS = [
    "table",
    "problem",
    "severity",
    "column",
    "count",
    "rows",
    "examples",
    "fix",
    "revenue",
    "revenue_rows",
    "key",
    "revenue_unread",
]
#: revenue: won revenue the rows carry, in the export's currency (NaN: not a deal table);
#: revenue_rows: how many of the rows carry won revenue (readable or not);
#: key: the mapping key that would fix the problem, where one can;
#: revenue_unread: how many of the rows carry won revenue whose amount cannot be read.
#: severity: "error" = rows left out (no safe fix); "fixed" = a declared fix was applied;
#: "warning" = kept as is, may distort outcomes; "note" = expected property of the export.
Severity = Literal["error", "fixed", "warning", "note"]
STRICT_SEVERITIES = ("error", "fixed", "warning")


@dataclass
class ValidationReport:
    """Every data problem found, with its rows (0-based data rows: CSV line = row + 2),
    and what was done about it; plus the assumptions the import had to make."""

    source: str
    problems: pd.DataFrame
    assumptions: list[str]
    measures_present: list[str]
    measures_assumed: list[str]
    counts: dict[str, int]
    #: the file's rows and won revenue against the import's (None: not reconciled)
    reconciliation: Reconciliation | None = None
    #: True when the import went on although it leaves out revenue (``--lenient``)
    lenient: bool = False

    @property
    def measures_absent(self) -> list[str]:
        """Measures the export cannot give: `Outcomes.get` returns zeros for them, so KPIs
        on them cannot be scored on actuals."""
        return [m for m in MEASURES if m not in self.measures_present]

    @property
    def blocking(self) -> pd.DataFrame:
        """The problems strict mode refuses (everything but notes)."""
        return self.problems[self.problems["severity"].isin(STRICT_SEVERITIES)]

    @property
    def ok(self) -> bool:
        return self.blocking.empty

    def revenue_problems(self) -> pd.DataFrame:
        """Errors (rows left out) on rows that carry won revenue: what a default import
        refuses."""
        problems = self.problems
        return problems[
            (problems["severity"] == "error") & problems["revenue_rows"].fillna(0).gt(0)
        ]

    def lenient_sentence(self) -> str:
        """What a lenient import left out, for every report ('' when nothing was)."""
        r = self.reconciliation
        if not self.lenient or r is None or not r.drops_revenue:
            return ""
        rows, note = r.left_out_words()
        note = f"; {note}" if note else ""
        return (
            f"Imported with --lenient: {rows} were left out{note}; every figure here is "
            "without them."
        )

    def to_text(self) -> str:
        lines = [f"Validation report for {self.source}"]
        if self.lenient_sentence():
            lines.append(f"  {self.lenient_sentence()}")
        lines += [f"  {k.replace('_', ' ')}: {v:,}" for k, v in self.counts.items()]
        if self.problems.empty:
            lines.append("No data problems found.")
        else:
            lines.append("Problems (CSV line numbers: the header is line 1):")
            for p in self.problems.itertuples():
                rows = ", ".join(str(r + 2) for r in p.rows[:8]) + (", ..." if p.count > 8 else "")
                examples = f"; e.g. {p.examples}" if p.examples else ""
                currency = self.reconciliation.currency if self.reconciliation else ""
                deals = self.reconciliation is None or p.table == self.reconciliation.file
                what = "won revenue" if deals else "cash"  # the cash table prices its rows too
                carried = (
                    f", carrying {p.revenue:,.2f} {currency} of {what}".replace("  ", " ")
                    if pd.notna(p.revenue) and p.revenue
                    else ""
                ) + (_unread_words(p) if deals else _unread_cash(p))
                key = f" [mapping key: {p.key}]" if isinstance(p.key, str) and p.key else ""
                lines.append(
                    f"  [{p.severity}] {p.table}.{p.column}: {p.problem}: {p.count:,} rows"
                    f"{carried} (CSV lines {rows}{examples}) -> {p.fix}{key}"
                )
        if self.reconciliation is not None:
            lines.append("Reconciliation with the file:")
            lines += [f"  {s}" for s in self.reconciliation.sentences()]
        lines.append("Assumptions:")
        lines += [f"  - {a}" for a in self.assumptions]
        lines.append(f"Measures from the export: {', '.join(self.measures_present)}")
        lines.append(f"Measures assumed, not observed: {', '.join(self.measures_assumed)}")
        lines.append(
            f"Measures absent (read as zeros; KPIs on them cannot be scored): "
            f"{', '.join(self.measures_absent)}"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


class ActualsValidationError(ValueError):
    """Raised in strict mode: the export has problems; `.report` lists them."""

    def __init__(self, report: ValidationReport):
        self.report = report
        blocking = report.blocking
        summary = "; ".join(
            f"{p.table}.{p.column}: {p.problem} ({p.count} rows, e.g. CSV lines "
            f"{[r + 2 for r in p.rows[:3]]})"
            for p in blocking.itertuples()
        )
        super().__init__(
            f"{report.source}: strict import refused {counted(len(blocking), 'problem')}: {summary}"
        )


def _unread_count(p) -> int:
    """How many of a problem's rows carry won revenue whose amount cannot be read."""
    unread = getattr(p, "revenue_unread", float("nan"))
    return int(unread) if pd.notna(unread) else 0


def _unread_cash(p) -> str:
    """', 2 with an amount that cannot be read' for a cash-table problem ('' when none)."""
    unread = _unread_count(p)
    return f", {unread:,} with an amount that cannot be read" if unread else ""


def _unread_words(p) -> str:
    """', 3 of them won rows without a readable amount' for a problem row ('' when every
    amount it carries was read)."""
    unread = _unread_count(p)
    if not unread:
        return ""
    if p.count == 1:
        return ", a won row without a readable amount"
    if unread == p.count:
        return ", all won rows without a readable amount"
    return f", {unread:,} of them won rows without a readable amount"


def csv_lines(rows: list[int], *, first: int = 5) -> str:
    """The first data rows as CSV line numbers (the header is line 1)."""
    return ", ".join(str(r + 2) for r in rows[:first]) + (", ..." if len(rows) > first else "")


class RevenueDropRefused(ValueError):
    """Raised by a default import that would leave out rows carrying won revenue; names
    each such problem with its rows, the revenue, and the mapping key that would fix it.
    ``load_actuals(lenient=True)`` (``--lenient``) imports without them instead."""

    def __init__(self, report: ValidationReport):
        self.report = report
        r = report.reconciliation
        assert r is not None
        rows, note = r.left_out_words(of_file=True)
        note = f"; {note}" if note else ""
        lines = [
            f"{report.source}: the import would leave out {rows}{note}; nothing imported. "
            "The problems that leave them out:"
        ]
        for p in report.revenue_problems().itertuples():
            amount = f"{p.revenue:,.2f} {r.currency}" if pd.notna(p.revenue) else "unknown"
            unread = _unread_count(p)
            carrying = "" if unread and unread == p.revenue_rows else f" carrying {amount}"
            fix = f"; mapping key that would fix it: {p.key}" if p.key else ""
            lines.append(
                f"  - {p.table}.{p.column}: {p.problem}: {p.count:,} rows{carrying}"
                f"{_unread_words(p)} (CSV lines {csv_lines(p.rows)}){fix}"
            )
        lines.append(
            "Fix the mapping (or the export), or import without these rows with --lenient "
            "(lenient=True); every report then says what was left out."
        )
        super().__init__("\n".join(lines))


class CashDropRefused(RevenueDropRefused):
    """Raised by a default import that would leave out rows of the cash table carrying
    collected cash (what a plan on collected revenue pays on): each such problem with its
    rows and amount. ``--lenient`` imports without them instead."""

    def __init__(self, report: ValidationReport, problems: pd.DataFrame, *, currency: str):
        self.report = report
        amount = float(problems["revenue"].fillna(0).sum())
        lines = [
            f"{report.source}: the import would leave out {int(problems['count'].sum()):,} "
            f"cash rows carrying {amount:,.2f} {currency} of collected cash; nothing "
            "imported. The problems that leave them out:"
        ]
        for p in problems.itertuples():
            carried = f" carrying {p.revenue:,.2f} {currency}" if p.revenue else ""
            lines.append(
                f"  - {p.table}.{p.column}: {p.problem}: {p.count:,} rows{carried}"
                f"{_unread_cash(p)} (CSV lines {csv_lines(p.rows)})"
            )
        lines.append(
            "Fix the export, or import without these rows with --lenient (lenient=True); "
            "every report then says what was left out."
        )
        ValueError.__init__(self, "\n".join(lines))


@dataclass
class ProblemLog:
    """Collects problems as the import steps find them (one row per problem kind).
    ``revenue`` (won revenue per data row of ``revenue_table``, the opportunity file)
    prices every problem on that table."""

    rows: list[dict[str, object]] = field(default_factory=list)
    revenue: pd.Series | None = None
    revenue_table: str = ""
    #: money per data row of other tables that price their problems (the cash table)
    priced: dict[str, pd.Series] = field(default_factory=dict)

    def add(
        self,
        table: str,
        column: str,
        problem: str,
        *,
        mask: pd.Series,
        fix: str,
        severity: Severity,
        values: pd.Series | None = None,
        key: str = "",
    ) -> None:
        """Record the rows where `mask` holds (nothing when none does); `values` gives the
        first three offending values as examples; `key` names the mapping key that would
        fix it."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        hit = mask[mask].index
        examples = ""
        if values is not None:
            examples = ", ".join(
                "(blank)" if _blank(v) else repr(str(v)) for v in values.reindex(hit[:3]).tolist()
            )
        self.rows.append(
            {
                "table": table,
                "problem": problem,
                "severity": severity,
                "column": column,
                "count": len(hit),
                "rows": [int(r) for r in hit],
                "examples": examples,
                "fix": fix,
                **self._priced(table, hit),
                "key": key,
            }
        )

    def _priced(self, table: str, hit: pd.Index) -> dict[str, float]:
        """The won revenue the rows `hit` of `table` carry, and how many carry some."""
        money = self.revenue if table == self.revenue_table else self.priced.get(table)
        if money is None:
            nan = float("nan")
            return {"revenue": nan, "revenue_rows": nan, "revenue_unread": nan}
        carried = money.reindex(hit)
        return {
            "revenue": float(carried.sum()),
            "revenue_rows": float(carried.ne(0).sum()),
            "revenue_unread": float(carried.isna().sum()),
        }

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)


def _blank(value: object) -> bool:
    """A missing cell (NaN, NaT, None, pandas' NA), shown as '(blank)', not as 'nan'."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is not one missing value
        return False
