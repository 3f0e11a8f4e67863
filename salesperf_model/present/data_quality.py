"""The validation report of a report on real data: a short summary for leadership near the
top (what was imported, reconciled, converted, left out), and in full in an appendix:
every data problem with the revenue it carries and what was done, the reconciliation with
the file's totals, and what the import had to assume."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.present.format import escape, html_list, summary_html, table_html

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
    table = pd.DataFrame(
        {
            "file": ranked["table"],
            "what was found": ranked["problem"],
            "rows": ranked["count"].astype(int),
            "what was done": ranked["fix"],
            "effect": ranked["severity"].map(SEVERITY_WORDS).fillna(ranked["severity"]),
        }
    )
    if "revenue" in ranked and ranked["revenue"].notna().any():
        currency = report.reconciliation.currency if report.reconciliation else ""
        table[f"won revenue on these rows ({currency})".replace(" ()", "")] = [
            f"{value:,.2f}" if pd.notna(value) else "" for value in ranked["revenue"]
        ]
    keys = (
        ranked["key"].astype(object).where(ranked["key"].notna(), "") if "key" in ranked else None
    )
    if keys is not None and keys.ne("").any():
        table["mapping key that would fix it"] = keys.tolist()
    return table


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
            + "): KPIs on them are left out of scoring and each role's other KPIs rescaled "
            "(the plan warnings name them); bonuses on them pay nothing on these actuals."
        )
    if report.lenient_sentence():
        sentences.insert(0, report.lenient_sentence())
    return sentences


def _conversion(report: ValidationReport) -> str:
    """The import's sentence on currency ('' when it has none)."""
    return next((a for a in report.assumptions if a.startswith("Amounts are")), "")


def data_quality_summary(report: ValidationReport) -> list[str]:
    """The validation report in a few sentences for leadership: what the figures rest on,
    whether the import is complete and reconciled, the currency, and the problems."""
    sentences = [report.lenient_sentence()] if report.lenient_sentence() else []
    r = report.reconciliation
    source = report.source.split(" (")[0]
    if r is not None:
        complete = (
            "every row was imported"
            if not r.left_out_rows
            else f"{r.left_out_rows:,} rows were left out, "
            + (
                f"carrying {r.left_out_revenue:,.2f} {r.currency} of won revenue"
                if r.drops_revenue
                else "none carrying won revenue"
            )
        )
        agree = (
            "the imported outcomes book the same total"
            if r.closes
            else "the imported totals do NOT agree with the file's"
        )
        sentences.append(
            f"These figures are paid on real results from {source}: {r.rows:,} rows carrying "
            f"{r.revenue:,.2f} {r.currency} of won revenue; {complete}; {agree}."
        )
    else:
        sentences.append(f"These figures are paid on real results from {source}.")
    if _conversion(report):
        sentences.append(_conversion(report))
    problems = report.problems
    if not problems.empty:
        counts = problems.groupby("severity")["count"].sum()
        parts = [
            f"{int(counts[s]):,} rows {SEVERITY_WORDS[s]}"
            for s in ("error", "fixed", "warning")
            if s in counts.index
        ]
        if parts:
            sentences.append("Data problems: " + "; ".join(parts) + ".")
    if report.measures_absent:
        sentences.append(
            f"The data lacks {len(report.measures_absent)} of the measures plans may score "
            "(such as visits or customer ratings): KPIs on them are left out, not scored 0."
        )
    sentences.append(
        "The full validation report (every problem, the reconciliation with the file, the "
        "assumptions) is in the appendix."
    )
    return sentences


def data_quality_summary_html(report: ValidationReport) -> str:
    """The leadership summary of the validation report, as a boxed list."""
    return summary_html("The real data behind these figures", data_quality_summary(report))


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
        + _reconciliation_html(report)
        + "<h3>Assumptions made in reading the export</h3>"
        + html_list(report.assumptions)
    )


def _reconciliation_html(report: ValidationReport) -> str:
    """The file's rows and won revenue against the import's, as a table and in words."""
    r = report.reconciliation
    if r is None:
        return ""
    table = r.table()
    money = table.columns[2]
    table[money] = table[money].map(lambda v: f"{v:,.2f}")
    table["rows"] = table["rows"].map(lambda v: "" if pd.isna(v) else f"{int(v):,}")
    return (
        "<h3>Reconciliation with the file's totals</h3>"
        + table_html(table)
        + "".join(f"<p>{escape(s)}</p>" for s in r.sentences())
    )
