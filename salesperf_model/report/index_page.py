"""The batch's index.html: one row per report with its headline figures, failures marked."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from salesperf_model.formatting import number
from salesperf_model.report.jobs import JsonValue
from salesperf_model.report.results import FAILED_FILE, RunResult, first_line, problem_lines

_INDEX_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; color: #1f2328; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
p.meta { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 0.45em 0.7em; border-bottom: 1px solid #d0d7de;
         vertical-align: top; }
th { background: #f6f8fa; }
td.status-ok { color: #006644; font-weight: 600; }
td.status-failed { color: #B33A00; font-weight: 700; }
td.status-check { color: #8a5a00; font-weight: 700; }
p.warning { color: #8a5a00; font-weight: 600; }
tr.failed { background: #fdecea; }
ul.figures { margin: 0; padding-left: 1.1em; }
ul.problems { margin: 0.2em 0; padding-left: 1.1em; }
.summary { color: #424a53; }
.error { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; color: #B33A00; }
"""

#: What each kind of report compares, shown under its name.
KIND_WORDS = {
    "comparison": "all plans",
    "calibration": "simulation vs actuals",
    "validation": "model vs published findings",
    "search": "search for the best plan",
}


def _format_figure(value: object) -> str:
    """A headline figure as text: numbers with separators and no negative zero, yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, int):
        return f"{value:,}"
    return "n/a" if value is None else str(value)


def _figures(headline: dict[str, JsonValue]) -> list[tuple[str, str]]:
    """Headline figures as (label, value) pairs: a dict, or a list of {label, value, unit}."""
    figures = headline.get("figures") or {}
    pairs = []
    if isinstance(figures, dict):
        pairs = [(str(k), _format_figure(v)) for k, v in figures.items()]
    elif isinstance(figures, list):
        for item in figures:
            if isinstance(item, dict):
                value = _format_figure(item.get("value", ""))
                unit = item.get("unit")
                pairs.append((str(item.get("label", "")), f"{value} {unit}" if unit else value))
    return pairs


def _left_out(result: RunResult, pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The comparison's figures with the files it left out named beside its "Left out"
    count, or a line naming them when its headline has no such figure."""
    if not result.left_out:
        return pairs, ""
    names = ", ".join(result.left_out)
    why = "failed the scenario check; see " + (
        "its row" if len(result.left_out) == 1 else "their rows"
    )
    if any(label == "Left out" for label, _ in pairs):
        named = [
            (label, f"{value} ({names}: {why})" if label == "Left out" else value)
            for label, value in pairs
        ]
        return named, ""
    return (
        pairs,
        f'<p class="warning">Left out of the comparison: {html.escape(names)} ({why}).</p>',
    )


def _failure_detail(result: RunResult) -> str:
    """A failed run's reason: its first line and each problem it lists (at most a handful,
    then how many more FAILED.txt has), with the link to FAILED.txt."""
    escape = html.escape
    head, *problems = problem_lines(result.error) or [""]
    link = f'<a href="{escape(result.slug)}/{FAILED_FILE}">{FAILED_FILE}</a>'
    more = ""
    if problems and not problems[-1].startswith("- "):  # "and N more (see FAILED.txt)"
        more = f"<p>{escape(problems.pop()).replace(FAILED_FILE, link)}</p>"
    listed = "".join(f"<li>{escape(problem.removeprefix('- '))}</li>" for problem in problems)
    note = f'<a href="{escape(result.slug)}/{FAILED_FILE}">error details</a>'
    return (
        f'<p class="error">{escape(head)}</p>'
        + (f'<ul class="problems error">{listed}</ul>' if listed else "")
        + f"{more}<p>{note}</p>"
    )


def _row(result: RunResult) -> str:
    """One table row: the report's link (or why there is none), its status, its figures."""
    escape = html.escape
    headline = result.headline or {}
    name = escape(str(headline.get("title") or result.label))
    if result.ok:
        link = f'<a href="{escape(result.html or "")}">{name}</a>'
        status = (
            '<td class="status-check">CHECK</td>'
            if result.warnings
            else '<td class="status-ok">ok</td>'
        )
        warnings = "".join(f'<p class="warning">{escape(w)}</p>' for w in result.warnings)
        pairs, left_out = _left_out(result, _figures(headline))
        warnings += left_out
        figures = "".join(
            f"<li>{escape(label)}: <strong>{escape(value)}</strong></li>" for label, value in pairs
        )
        summary = escape(str(headline.get("summary", "")))
        detail = (
            warnings
            + (f'<p class="summary">{summary}</p>' if summary else "")
            + (f'<ul class="figures">{figures}</ul>' if figures else "")
        )
        row_class = "ok"
    elif result.status == "stopped":
        link = f"{name} (not finished)"
        status = '<td class="status-failed">STOPPED</td>'
        detail = f'<p class="error">{escape(first_line(result.error))}</p>'
        row_class = "failed"
    else:
        link = f"{name} (no report)"
        status = '<td class="status-failed">FAILED</td>'
        detail = _failure_detail(result)
        row_class = "failed"
    kind = KIND_WORDS.get(result.kind, "plan vs baseline")
    source = escape(Path(result.source).name if result.kind == "scenario" else "")
    return (
        f'<tr class="{row_class}"><td>{link}<br><small>{kind}'
        f"{' · ' + source if source else ''}</small></td>{status}<td>{detail}</td></tr>"
    )


def render_index(results: Iterable[RunResult], title: str, notes: Sequence[str] = ()) -> str:
    """The index page: one row per run, linking each report, failures marked and explained.

    Self-contained (inline CSS, no script); every name and figure is HTML-escaped."""
    escape = html.escape
    results = list(results)
    failed = sum(r.status == "failed" for r in results)
    stopped = sum(r.status == "stopped" for r in results)
    check = sum(r.ok and bool(r.warnings) for r in results)
    rows = [_row(result) for result in results]
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    state = (
        f"{len(results) - failed - stopped} of {len(results)} reports ready"
        + (f", <strong>{failed} failed</strong>" if failed else "")
        + (f", <strong>{stopped} stopped</strong> (the batch was interrupted)" if stopped else "")
        + (f", {check} to check" if check else "")
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{escape(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<p class="meta">Generated {generated}. {state}.</p>\n'
        + "".join(f'<p class="meta">Note: {escape(note)}</p>\n' for note in notes)
        + "<table>\n<thead><tr><th>Report</th><th>Status</th><th>Headline</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</body>\n</html>\n"
    )
