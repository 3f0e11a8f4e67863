"""Numbers and HTML for readers: money, percentages, metric values, escaped snippets and tables."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from salesperf_model.formatting import is_missing

#: A column format for :func:`table_html`: a ``str.format`` pattern or a function.
CellFormat = str | Callable[[object], str]


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """A metric value formatted for its unit (money without decimals, % with one)."""
    if is_missing(value):
        return "n/a"
    value = float(value)
    sign = "+" if signed else ""
    if unit == "money":
        return f"{value:{sign},.0f}"
    if unit.startswith("%") or unit in ("percent", "per 100 reps"):
        return f"{value:{sign},.1f}"
    if unit == "probability":
        return f"{100 * value:{sign}.0f}%"
    return f"{value:{sign},.3f}"


def escape(text: object) -> str:
    """HTML-escape anything a user wrote (scenario names, descriptions): a description
    containing ``<script>`` must show as text in the report, never run."""
    return html.escape(str(text), quote=True)


def html_block(
    title: str | None, paragraphs: Sequence[str], css_class: str = "", *, level: int = 3
) -> str:
    """A heading and paragraphs as HTML; every piece is escaped here."""
    parts = [f"<h{level}>{escape(title)}</h{level}>"] if title else []
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs]
    inner = "\n".join(parts)
    return f'<div class="{escape(css_class)}">{inner}</div>' if css_class else inner


def html_list(items: Sequence[str]) -> str:
    """A bullet list of escaped items."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def summary_html(title: str, sentences: Sequence[str], css_class: str = "salesperf-callout") -> str:
    """A boxed executive summary; every sentence escaped."""
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in sentences)
    heading = f"<strong>{escape(title)}</strong>" if title else ""
    return f'<div class="{escape(css_class)}">{heading}<ul>{items}</ul></div>'


def table_html(
    table: pd.DataFrame, formats: Mapping[str, CellFormat] | None = None, index: bool = False
) -> str:
    """A DataFrame as an escaped HTML table with readable number formats."""
    shown = table.copy()
    for column, pattern in (formats or {}).items():
        if column in shown:
            shown[column] = [
                ""
                if (isinstance(v, float) and math.isnan(v))
                else (pattern(v) if callable(pattern) else pattern.format(v))
                for v in shown[column]
            ]
    return shown.to_html(index=index, escape=True, border=0, na_rep="")


# ---------------------------------------------------------------------------------------
# Tables the reports show in more than one place, with their column formats
# ---------------------------------------------------------------------------------------


def ranking_html(ranked: pd.DataFrame, currency: str, *, beaten_by: bool = True) -> str:
    """The ranking of plans (``summaries.ranking``) as an HTML table with readable column
    names: total pay, its change and the change of collected revenue, how closely pay follows skill, best trade-off, and (with
    ``beaten_by``) how many plans beat each one."""
    columns = ["rank", "plan", "total_pay", "change_pct"]
    if "revenue_change_pct" in ranked.columns:
        columns.append("revenue_change_pct")
    columns += ["fairness", "on_frontier"]
    names = {
        "total_pay": f"total pay ({currency})",
        "change_pct": "pay vs baseline",
        "revenue_change_pct": "revenue vs baseline",
        "fairness": "pay follows skill",
        "on_frontier": "best trade-off",
    }
    if beaten_by:
        columns.append("beaten_by")
        names["beaten_by"] = "plans beating it"
    if "losers_pct" in ranked.columns and ranked["losers_pct"].notna().any():
        columns += ["losers_pct", "keep_whole_cost"]
        names["losers_pct"] = "reps losing > 5%"
        names["keep_whole_cost"] = f"keeping them whole ({currency})"
    return table_html(
        ranked[columns].rename(columns=names),
        {
            f"total pay ({currency})": "{:,.0f}",
            "pay vs baseline": "{:+.1f}%",
            "revenue vs baseline": "{:+.1f}%",
            "pay follows skill": "{:.3f}",
            "best trade-off": lambda best: "yes" if best else "",
            "reps losing > 5%": "{:.0f}%",
            f"keeping them whole ({currency})": "{:,.0f}",
        },
    )


def winners_losers_html(table: pd.DataFrame) -> str:
    """A winners-and-losers table (``winners_losers_by_<group>`` without its ``plan`` or
    group column first): rep count, the % of reps in each change band, the mean and total
    change."""
    return table_html(
        table,
        {
            "reps": "{:,.0f}",
            **{band: "{:.0f}%" for band in table.columns[2:7]},
            "mean_change": "{:+,.0f}",
            "mean_change_pct": "{:+.1f}%",
            "total_change": "{:+,.0f}",
            "share_of_total_change_pct": "{:.0f}%",
        },
    )
