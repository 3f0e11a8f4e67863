"""The data-quality summary of a report on real data: what the import read, every data
problem it found with what was done about it, and what it had to assume."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.present.format import escape, html_list, table_html

if TYPE_CHECKING:
    from salesperf_model.actuals import ValidationReport

#: Severities in a reader's words, most serious first.
SEVERITY_WORDS = {
    "error": "rows left out",
    "fixed": "corrected",
    "warning": "kept, may distort figures",
    "note": "kept, for information",
}


def _count_words(counts: dict[str, int]) -> str:
    """'8,800 opportunity rows, 35 reps, ...' from the import's counts."""
    return ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in counts.items())


def data_problems_table(report: ValidationReport) -> pd.DataFrame:
    """One row per data problem, most serious first: file, what was found, how many rows,
    what was done."""
    problems = report.problems
    if problems.empty:
        return pd.DataFrame(columns=["file", "what was found", "rows", "what was done", "effect"])
    order = {severity: i for i, severity in enumerate(SEVERITY_WORDS)}
    ranked = problems.assign(_order=problems["severity"].map(order)).sort_values(
        ["_order", "count"], ascending=[True, False], kind="stable"
    )
    return pd.DataFrame(
        {
            "file": ranked["table"],
            "what was found": ranked["problem"],
            "rows": ranked["count"].astype(int),
            "what was done": ranked["fix"],
            "effect": ranked["severity"].map(SEVERITY_WORDS).fillna(ranked["severity"]),
        }
    )


def data_quality_sentences(report: ValidationReport) -> list[str]:
    """The import in a few sentences: what was read, how many problems of each kind."""
    problems = report.problems
    by_severity = problems.groupby("severity")["count"].agg(["size", "sum"])
    parts = [
        f"{int(by_severity.loc[s, 'size'])} {SEVERITY_WORDS[s]} ({int(by_severity.loc[s, 'sum']):,} rows)"
        for s in SEVERITY_WORDS
        if s in by_severity.index
    ]
    source = report.source.split(" (")[0]  # the export's name, not the folder it was read from
    sentences = [f"The export {source} gave {_count_words(report.counts)}."]
    sentences.append(
        "Data problems found: " + "; ".join(parts) + "."
        if parts
        else "No data problems were found."
    )
    if report.measures_absent:
        sentences.append(
            f"The export has no data for {len(report.measures_absent)} measures (for example "
            + ", ".join(m.replace("_", " ") for m in report.measures_absent[:4])
            + "): KPIs and bonuses on them score zero on these actuals."
        )
    return sentences


def data_quality_html(report: ValidationReport) -> str:
    """The data-quality section's body: the summary sentences, every problem with its fix,
    and the import's assumptions."""
    return (
        "".join(f"<p>{escape(s)}</p>" for s in data_quality_sentences(report))
        + (
            "<h3>Data problems and what was done</h3>" + table_html(data_problems_table(report))
            if not report.problems.empty
            else ""
        )
        + "<h3>Assumptions made in reading the export</h3>"
        + html_list(report.assumptions)
    )
