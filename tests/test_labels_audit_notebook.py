"""The labels audit, the plan report notebook: the executive summary comes first (before
the table of what the plan changes), and the component, committee and pay-equity tables
go through the helpers that put keys into words."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "scenario_report.ipynb"


def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _first(cells: list[dict], text: str) -> int:
    return next(i for i, cell in enumerate(cells) if text in _source(cell))


def test_the_executive_summary_comes_before_what_the_plan_changes():
    cells = _cells()
    title = _first(cells, "<h1>")
    summary = _first(cells, "## Executive summary")
    changes = _first(cells, "What this plan changes")
    assert title < summary < changes
    assert "present.plan_changes" not in _source(cells[title])  # the title cell is short
    assert _first(cells, "summary_html") < changes


def test_the_notebook_keeps_its_parameters_cell_and_stores_no_outputs():
    cells = _cells()
    assert "parameters" in cells[0]["metadata"].get("tags", [])
    assert all(not cell.get("outputs") for cell in cells if cell["cell_type"] == "code")


def test_component_committee_and_equity_tables_put_keys_into_words():
    cells = _cells()
    component = _source(cells[_first(cells, "Mean pay by component")])
    assert "component_name" in component
    committee = _source(cells[_first(cells, "save_committee(")])
    assert "role_name" in committee
    equity = _source(cells[_first(cells, "Pay equity between women and men")])
    assert "equity_words" in equity and "pay_equity_summary" not in equity
