"""The problem report of an import: every data problem with its rows and the fix applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from salesperf_model.outcomes import MEASURES

PROBLEM_COLUMNS = ["table", "problem", "severity", "column", "count", "rows", "examples", "fix"]
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

    def to_text(self) -> str:
        lines = [f"Validation report for {self.source}"]
        lines += [f"  {k.replace('_', ' ')}: {v:,}" for k, v in self.counts.items()]
        if self.problems.empty:
            lines.append("No data problems found.")
        else:
            lines.append("Problems (CSV line numbers: the header is line 1):")
            for p in self.problems.itertuples():
                rows = ", ".join(str(r + 2) for r in p.rows[:8]) + (", ..." if p.count > 8 else "")
                examples = f"; e.g. {p.examples}" if p.examples else ""
                lines.append(
                    f"  [{p.severity}] {p.table}.{p.column}: {p.problem}: {p.count:,} rows "
                    f"(CSV lines {rows}{examples}) -> {p.fix}"
                )
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
            f"{report.source}: strict import refused {len(blocking)} problem(s): {summary}"
        )


@dataclass
class ProblemLog:
    """Collects problems as the import steps find them (one row per problem kind)."""

    rows: list[dict[str, object]] = field(default_factory=list)

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
    ) -> None:
        """Record the rows where `mask` holds (nothing when none does); `values` gives the
        first three offending values as examples."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        hit = mask[mask].index
        examples = ""
        if values is not None:
            examples = ", ".join(repr(str(v)) for v in values.reindex(hit[:3]).tolist())
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
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)
