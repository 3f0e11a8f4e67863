"""Period labels ("2026-01") stay on one line in the pay-by-month table as the exported page
shows it, on screen and on A4 paper, however many pay components squeeze its columns;
words in a first column still wrap."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from salesperf_model.present import table_html
from salesperf_model.present.sales_tables import cash_flow_rows
from salesperf_model.report.html_export import notebook_to_html

CHROMIUM = os.environ.get("SALESPERF_CHROMIUM", "/usr/bin/chromium")
#: A4 landscape at 96 px per inch, less 12 mm margins on each side (the template's @page).
A4_LANDSCAPE = {"width": round((297 - 24) / 25.4 * 96), "height": round((210 - 24) / 25.4 * 96)}

pytestmark = pytest.mark.browser

#: Lines each first-column cell's text takes, one number per row.
LINES = """() => Array.from(document.querySelectorAll('table')).map(table =>
    Array.from(table.querySelectorAll('tbody tr td:first-child')).map(cell => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
        return [cell.innerText, tops.size];
    }))"""


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install it")
    pytest.skip(f"Chromium not found at {CHROMIUM}")


def _pay_by_month() -> pd.DataFrame:
    """The plan-mechanics plan's pay by month: four other components, one long header."""
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    flow = pd.DataFrame({"period": periods, "base pay and allowances": 4_678_450.0})
    flow["commission"] = 3_117_859.0
    flow["target bonus"] = [0, 0, 4_404_560.0] * 4
    others = ["windfall", "satisfaction payout modifier", "holdback", "q2 new logos SPIF"]
    for other in others:
        flow[other] = -226_467.0
    flow["total"] = flow.drop(columns="period").sum(axis=1)
    flow["share_of_year_pct"] = 100 / 12
    flow["cumulative"] = flow["total"].cumsum()
    rows = cash_flow_rows(flow, flow["total"] * 1.01, "baseline")
    assert rows.columns[4].startswith("other pay and deductions (windfall, satisfaction")
    return rows


def _page(tmp_path: Path) -> Path:
    words = pd.DataFrame(
        {
            "component": ["a bonus whose name is long enough to take two lines or more"] * 2,
            **{f"column {i}": ["12,345,678"] * 2 for i in range(14)},
        }
    )
    html = (
        "<h3>Pay of all reps by month (CNY, mean over simulations)</h3>"
        + table_html(_pay_by_month())
        + table_html(words)
    )
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "a1",
                "metadata": {},
                "execution_count": 1,
                "source": "display(HTML(rows))",
                "outputs": [
                    {"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}
                ],
            }
        ],
    }
    path = tmp_path / "report.html"
    path.write_text(notebook_to_html(notebook), encoding="utf-8")
    return path


def test_period_labels_take_one_line_on_screen_and_on_paper(tmp_path):
    _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = _page(tmp_path)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            screen = page.evaluate(LINES)
            page.emulate_media(media="print")
            page.set_viewport_size(A4_LANDSCAPE)
            paper = page.evaluate(LINES)
        finally:
            browser.close()
    for seen in (screen, paper):
        periods, words = seen
        assert [label for label, _lines in periods] == [f"2026-{m:02d}" for m in range(1, 13)]
        assert [lines for _label, lines in periods] == [1] * 12, periods
        assert all(lines >= 2 for _label, lines in words), words  # words still wrap
