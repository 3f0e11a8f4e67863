"""docs/metrics.md is generated from the metric registry, committed up to date, and defines
every metric and every table the comparison produces."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from salesperf_model import measure
from salesperf_model.cli import main
from salesperf_model.measure import registry

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"
DOC = DOC_PATH.read_text(encoding="utf-8")


def test_committed_metrics_reference_matches_the_registry():
    generated = measure.render_metrics_markdown()
    if generated != DOC:
        diff = difflib.unified_diff(
            DOC.splitlines(), generated.splitlines(), "committed", "generated", lineterm=""
        )
        shown = "\n".join(line[:200] for line in list(diff)[:30])
        pytest.fail(
            "docs/metrics.md is out of date with the metric registry:"
            f" run `{measure.METRICS_DOC_COMMAND}` and commit the result.\n{shown}",
            pytrace=False,
        )


def test_every_metric_is_declared_in_words_with_a_unit_and_a_definition_row():
    rows: dict[str, str] = {}
    for line in DOC.splitlines():
        if line.startswith("| `"):  # first row naming a metric: its definition row
            rows.setdefault(line.split("|")[1].strip(), line)
    for name, metric in measure.METRICS.items():
        assert metric.label and metric.description and metric.definition, name
        assert f"`{name}`" in rows, f"docs/metrics.md has no row for metric {name!r}"
        cells = [c.strip() for c in rows[f"`{name}`"].split("|")]
        assert cells[2] == metric.label
        assert cells[3] == metric.unit, f"{name}: docs say unit {cells[3]!r}, code {metric.unit!r}"
        assert cells[5] == ("yes" if metric.needs_truth else "no"), f"{name}: needs-truth differs"


def test_every_table_and_headline_figure_is_documented():
    tables = {
        "headline",
        "comparison",
        "summary",
        "frontier",
        "notes",
        "cost_by_component",
        "cost_by_role",
        "pay_at_target",
        "pay_equity",
        "pay_quartiles",
        "grade_parity",
        "fairness_comparisons",
        "winners_losers_by_attainment_decile",
    }
    for table in tables:
        assert f"`{table}`" in DOC, f"docs/metrics.md lacks table {table!r}"
    for figure in measure.HEADLINE:
        assert f"`{figure}`" in DOC
    for band in measure.BANDS:
        assert band in DOC
    assert "needs the simulation's hidden truth" in registry.TRUTH_NOTE
    assert registry.TRUTH_NOTE in DOC


def test_metrics_command_writes_the_reference(tmp_path, capsys):
    out = tmp_path / "metrics.md"
    assert main(["metrics", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == measure.render_metrics_markdown()
    assert main(["metrics"]) == 0
    assert "| `luck_share` |" in capsys.readouterr().out
