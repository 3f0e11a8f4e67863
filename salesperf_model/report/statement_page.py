"""Rep statements as pages printable on A4 (one per rep) and CSV, and their index page."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from salesperf_model.formatting import title_words
from salesperf_model.present.statement import Statement
from salesperf_model.present.statement_notes import kpi_value, number_text, weight_words

_CSS = """
@page { size: A4; margin: 12mm 12mm 14mm; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       max-width: 186mm; margin: 0 auto; padding: 6mm 0; color: #1f2328; font-size: 10.5pt; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #8c959f; }
p.meta { color: #57606a; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 1mm 1.6mm; border-bottom: 1px solid #d8dee4;
         vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.component td { background: #eef2f6; font-weight: 600; border-top: 1px solid #8c959f; }
tr.component { break-after: avoid; page-break-after: avoid; }
tr.result td { font-weight: 600; }
tr.total td { font-weight: 700; font-size: 10.5pt; border-top: 2px solid #1f2328; }
td.rule { color: #424a53; font-style: italic; }
div.grade { border: 1px solid #8c959f; padding: 2mm 3mm; margin-top: 2mm; }
div.grade strong { font-size: 12pt; }
td.indent { padding-left: 6mm; }
div.notes { border-left: 3px solid #bf8700; background: #fff8e1; padding: 1mm 3mm;
            margin: 1mm 0 2mm; font-size: 9.5pt; break-inside: avoid; }
div.notes p { margin: 1mm 0; }
tr.left-out td { color: #57606a; }
td.note { color: #7d4e00; font-size: 9pt; }
span.limit { color: #7d4e00; font-size: 8.5pt; }
small { color: #57606a; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


_number = number_text


def value_text(value: object, unit: str, currency: str) -> str:
    """A recorded value in the reader's words by its unit."""
    if unit == "flag":
        return "yes" if bool(value) else "no"
    if isinstance(value, str):
        return value
    value = float(value)  # type: ignore[arg-type]
    if unit == "money":  # a rounding under half a cent reads 0.00, not -0.00
        return f"{round(value, 2) + 0.0:,.2f} {currency}"
    if unit == "cents":  # a rounding adjustment: shown finer than a cent
        return f"{value:+.4f} {currency}"
    if unit == "share":
        return f"{value:.1%}"
    return _number(value)


def _plans_text(statement: Statement) -> str:
    """Which plan paid which months, when a plan change moved the rep."""
    if not statement.plans:
        return ""
    parts = [
        f"{title_words(name)} {first}" + (f"..{last}" if last != first else "")
        for first, last, name in statement.plans
    ]
    return f" &middot; paid under {_e('; '.join(parts))}"


def _weight_cell(plan: float, used: float, total: float) -> str:
    words = weight_words(plan, used, total)
    if "used" not in words:
        return _e(words)
    return f"{used:.2f} used<br><small>{plan:g} of {total:g} in the plan</small>"


def _kpi_rows(s: Statement) -> str:
    """The KPI table's rows: those scored (the plan's weight beside the weight used, a
    floor or cap named where it set the score) and those left out."""
    total = float(s.kpis["plan_weight"].sum())
    if len(s.left_out):
        total += float(s.left_out["plan_weight"].sum())
    cur = s.currency
    rows = [
        f"<tr><td>{_e(title_words(k.kpi))}</td>"
        f"<td class='num'>{_e(kpi_value(k.actual, k.kpi, cur))}</td>"
        f"<td class='num'>{_e(kpi_value(k.target, k.kpi, cur))}</td><td class='num'>"
        f"{k.score:.2f}{f' <span class=limit>({k.limit})</span>' if k.limit else ''}</td>"
        f"<td class='num'>{_weight_cell(k.plan_weight, k.weight, total)}</td>"
        f"<td class='num'>{k.points:.2f}</td></tr>"
        for k in s.kpis.itertuples()
    ]
    rows += [
        f"<tr class='left-out'><td>{_e(title_words(k.kpi))}</td><td colspan='3'>left out: "
        f"not scored on these data (not scored 0)</td><td class='num'>{k.plan_weight:g} of "
        f"{total:g} in the plan, not used</td><td class='num'>&ndash;</td></tr>"
        for k in s.left_out.itertuples()
    ]
    return "".join(rows)


def _notes(lines: Sequence[str]) -> str:
    return f"<div class='notes'>{''.join(f'<p>{_e(n)}</p>' for n in lines)}</div>" if lines else ""


def statement_html(statement: Statement) -> str:
    """One rep's statement as a self-contained page sized for A4."""
    s, cur = statement, statement.currency
    rep = s.rep
    kpi_rows = _kpi_rows(s)
    score_notes = _notes([n for n in (s.left_out_note, *s.kpi_notes) if n])
    pay_notes = dict(s.pay_notes)
    pay_rows = []
    for c in s.components.itertuples():
        pay_rows.append(
            f"<tr class='component'><td colspan='2'>{_e(title_words(c.component))}</td>"
            f"<td class='num'>{c.amount:,.2f} {_e(cur)}</td></tr>"
        )
        lines = s.pay[s.pay["component"] == c.component]
        if len(lines) and lines["rule"].iloc[0]:
            pay_rows.append(
                f"<tr><td class='rule' colspan='3'>{_e(lines['rule'].iloc[0])}</td></tr>"
            )
        if c.component in pay_notes:  # a fixed award cut to the months the data cover
            pay_rows.append(
                f"<tr><td class='note' colspan='3'>{_e(pay_notes[c.component])}</td></tr>"
            )
        for line in lines.itertuples():
            css = " class='result'" if str(line.item).startswith("=") else ""
            pay_rows.append(
                f"<tr{css}><td class='indent'>{_e(line.settlement)}</td>"
                f"<td>{_e(str(line.item).lstrip('='))}</td>"
                f"<td class='num'>{_e(value_text(line.value, line.unit, cur))}</td></tr>"
            )
    pay_rows.append(
        f"<tr class='total'><td colspan='2'>Total paid in {_e(s.review)} "
        f"({_e(', '.join(s.months))})</td><td class='num'>{s.total:,.2f} {_e(cur)}</td></tr>"
    )
    moved = "" if s.grade == s.band_grade else f" (band grade {_e(s.band_grade)})"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Statement {_e(rep["rep_id"])} {_e(s.review)}</title><style>{_CSS}</style></head>
<body>
<h1>Pay and performance statement: {_e(rep["rep_id"])}, {_e(s.review)}</h1>
<p class="meta">Role {_e(rep["role"])} &middot; region {_e(rep["region"])} &middot; team
{_e(rep["team"])} &middot; plan {_e(title_words(s.scenario_name))} &middot; months
{_e(", ".join(s.months))}{_plans_text(s)}</p>
<h2>Score</h2>
{score_notes}
<table><tr><th>KPI</th><th class="num">Actual</th><th class="num">Target</th>
<th class="num">Score</th><th class="num">Weight</th><th class="num">Points</th></tr>
{kpi_rows}
<tr class="total"><td colspan="5">Total points</td><td class="num">{s.points:.2f}</td></tr>
</table>
<div class="grade"><strong>Grade {_e(s.grade)}</strong>{moved}. {_e(s.grade_rule)}</div>
<h2>Pay</h2>
<table><tr><th>Settlement</th><th>Calculation</th><th class="num">Amount</th></tr>
{"".join(pay_rows)}
</table>
</body></html>
"""


def _stem(statement: Statement) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{statement.rep['rep_id']}_{statement.review}")


def write_statement(statement: Statement, folder: Path | str) -> tuple[Path, Path]:
    """Write ``<rep>_<period>.html`` and ``.csv`` into ``folder``; return both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{_stem(statement)}.html"
    page.write_text(statement_html(statement), encoding="utf-8")
    table = folder / f"{_stem(statement)}.csv"
    statement.table().to_csv(table, index=False)
    return page, table


def write_statements(statements: Sequence[Statement], folder: Path | str) -> Path:
    """Every statement's page and CSV, and ``index.html`` listing them with grade and pay."""
    folder = Path(folder)
    rows = []
    for s in statements:
        page, table = write_statement(s, folder)
        rows.append(
            f"<tr><td><a href='{_e(page.name)}'>{_e(s.rep['rep_id'])}</a></td>"
            f"<td>{_e(s.rep['role'])}</td><td>{_e(s.rep['region'])}</td>"
            f"<td class='num'>{s.points:.1f}</td><td>{_e(s.band_grade)}</td>"
            f"<td>{_e(s.grade)}</td><td class='num'>{s.total:,.2f} {_e(s.currency)}</td>"
            f"<td><a href='{_e(table.name)}'>CSV</a></td></tr>"
        )
    notes = [s.left_out_note for s in statements if s.left_out_note]
    notes += [
        f"{title_words(c.removeprefix('bonus_'))} {n}" for s in statements for c, n in s.pay_notes
    ]
    first = statements[0] if statements else None
    title = (
        f"Statements: {_e(title_words(first.scenario_name))}, {_e(first.review)}"
        if first
        else "Statements"
    )
    index = folder / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{_CSS}</style>
</head><body><h1>{title}</h1>
{_notes(list(dict.fromkeys(notes)))}
<table><tr><th>Rep</th><th>Role</th><th>Region</th><th class="num">Points</th>
<th>Band grade</th><th>Final grade</th><th class="num">Paid in the period</th><th></th></tr>
{"".join(rows)}</table></body></html>
""",
        encoding="utf-8",
    )
    return index
