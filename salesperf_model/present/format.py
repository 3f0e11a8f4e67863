"""Numbers and HTML for readers: money, percentages, metric values, escaped snippets and tables."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from salesperf_model.formatting import is_missing, losing_label, number, share_cell

#: A column format for :func:`table_html`: a ``str.format`` pattern or a function.
CellFormat = str | Callable[[object], str]


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """A metric value formatted for its unit (money without decimals, % with one, two
    when one would show a figure that is not 0 as 0.0), never in scientific notation and
    never a negative zero."""
    if is_missing(value):
        return "n/a"
    value = float(value)
    if unit == "money":
        return number(value, 0, signed)
    if unit.startswith("%") or unit in ("percent", "per 100 reps"):
        small = 0 < abs(value) < 0.05  # would read "0.0": two decimals, e.g. 0.04%
        return number(value, 2 if small else 1, signed)
    if unit == "probability":
        return number(100 * value, 0, signed) + "%"
    return number(value, 3, signed)


def is_percentage(unit: str) -> bool:
    """A unit whose figures read as percentages: shares, rates and gaps in percent, and
    chances (shown as 0-100%)."""
    return unit.startswith("%") or unit in ("percent", "probability")


def format_difference(value: float | None, unit: str, signed: bool = True) -> str:
    """A difference of two figures in ``unit``, formatted as :func:`format_value` formats
    the figures themselves, but in points where they are percentages: 56.0% against
    53.0% differ by '-3.0 points', a 40% chance against 0% by '-40 points', never '-40%'."""
    if is_missing(value) or not is_percentage(unit):
        return format_value(value, unit, signed)
    if unit == "probability":
        return number(100 * float(value), 0, signed) + " points"  # type: ignore[arg-type]
    return format_value(value, unit, signed) + " points"


def cell_text(value: object) -> str:
    """A table cell in a reader's words: yes/no for booleans, blank for missing values,
    numbers without scientific notation or negative zero, words for snake_case keys."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))  # type: ignore[call-overload]
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        value = float(value)  # type: ignore[arg-type]
        return number(value, 0 if abs(value) >= 100 else 3 if abs(value) < 1 else 1)
    text = str(value)
    if text in ("None", "nan", "NaN"):
        return ""
    if text in ("True", "False"):
        return "yes" if text == "True" else "no"
    return text


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


def links_html(label: str, links: Sequence[tuple[str, str]]) -> str:
    """A line of links to other reports: ``label`` then each (text, relative address).
    Only relative addresses are linked (a report never sends its reader off the machine);
    any other is shown as plain text."""
    parts = []
    for text, href in links:
        relative = href and ":" not in href.split("/")[0] and not href.startswith("//")
        parts.append(f'<a href="{escape(href)}">{escape(text)}</a>' if relative else escape(text))
    return (
        f'<p class="salesperf-links"><strong>{escape(label)}</strong> ' + " · ".join(parts) + "</p>"
    )


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
    """A DataFrame as an escaped HTML table with readable number formats; a ``plan``
    column shows the plans' display titles when the report has set them."""
    from salesperf_model.present.plan_titles import PLAN_TITLES

    shown = table.copy()
    formats = formats or {}
    if "plan" in shown.columns and PLAN_TITLES:
        shown["plan"] = [PLAN_TITLES.get(v, v) if isinstance(v, str) else v for v in shown["plan"]]
    for column in shown.columns:
        pattern = formats.get(column)
        shown[column] = [
            ""
            if is_missing(v)
            else (
                cell_text(v)
                if pattern is None
                else pattern(v)
                if callable(pattern)
                else _no_negative_zero(pattern.format(v))
            )
            for v in shown[column]
        ]
    if index:
        shown.index = [cell_text(v) for v in shown.index]
    shown.columns = [str(c) for c in shown.columns]
    return shown.to_html(index=index, escape=True, border=0, na_rep="")


def _no_negative_zero(text: str) -> str:
    """'-0', '-0.0%', '+0' as a reader expects them: '0', '0.0%', '0'."""
    stripped = text.lstrip("+-")
    if stripped != text and not any(c in "123456789" for c in stripped):
        return stripped
    return text


# ---------------------------------------------------------------------------------------
# Tables the reports show in more than one place, with their column formats
# ---------------------------------------------------------------------------------------


def ranking_html(
    ranked: pd.DataFrame,
    currency: str,
    *,
    beaten_by: bool = True,
    titles: Mapping[str, str] | None = None,
) -> str:
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
        threshold = (
            float(ranked["loss_threshold_pct"].dropna().iloc[0])
            if "loss_threshold_pct" in ranked and ranked["loss_threshold_pct"].notna().any()
            else 5.0
        )
        names["losers_pct"] = losing_label(threshold)
        names["keep_whole_cost"] = f"keeping them whole ({currency})"
    shown = ranked[columns].copy()
    shown["plan"] = [(titles or {}).get(p, p) for p in shown["plan"]]
    return table_html(
        shown.rename(columns=names),
        {
            f"total pay ({currency})": "{:,.0f}",
            "pay vs baseline": "{:+.1f}%",
            "revenue vs baseline": "{:+.1f}%",
            "pay follows skill": "{:.3f}",
            "best trade-off": lambda best: "yes" if best else "",
            **({names["losers_pct"]: share_cell} if "losers_pct" in names else {}),
            f"keeping them whole ({currency})": "{:,.0f}",
        },
    )


#: Winners-and-losers columns as a reader sees them (the money and percent columns).
WINNERS_LOSERS_COLUMNS = {
    "mean_change": "mean change per rep",
    "pay_change_pct": "change in % of the group's pay",
    "total_change": "total change",
    "share_of_total_change_pct": "share of the total change",
}


def winners_losers_html(table: pd.DataFrame) -> str:
    """A winners-and-losers table (``winners_losers_by_<group>`` without its ``plan`` or
    group column first): rep count, the % of reps in each change band, the mean change per
    rep, the group's change in % of its baseline pay (same sign as the mean change; the
    mean of reps' % changes is left out, as it can have the other sign), the total change.
    Group names in words; 'all' reads 'all reps'."""
    shown = table.drop(columns=["mean_change_pct"], errors="ignore").copy()
    first = shown.columns[0]
    shown[first] = [
        "all reps" if str(v) == "all" else str(v).replace("_", " ") or "(not recorded)"
        for v in shown[first]
    ]
    shown = shown.rename(columns={first: first.replace("_", " "), **WINNERS_LOSERS_COLUMNS})
    bands = [c for c in shown.columns if c.startswith(("lose", "gain", "about"))]
    return table_html(
        shown,
        {
            "reps": "{:,.0f}",
            **{band: "{:.0f}%" for band in bands},
            "mean change per rep": "{:+,.0f}",
            "change in % of the group's pay": "{:+.1f}%",
            "total change": "{:+,.0f}",
            "share of the total change": "{:.0f}%",
        },
    )
