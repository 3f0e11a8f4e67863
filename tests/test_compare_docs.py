"""docs/metrics.md defines every metric and every table the comparison produces."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.measure import compare, fairness

DOC = (Path(__file__).resolve().parents[1] / "docs" / "metrics.md").read_text(encoding="utf-8")


def test_every_metric_has_a_definition_row_with_its_unit():
    rows: dict[str, str] = {}
    for line in DOC.splitlines():
        if line.startswith("| `"):  # first row naming a metric: its definition row
            rows.setdefault(line.split("|")[1].strip(), line)
    for name, metric in compare.METRICS.items():
        assert f"`{name}`" in rows, f"docs/metrics.md has no row for metric {name!r}"
        cells = [c.strip() for c in rows[f"`{name}`"].split("|")]
        assert cells[2] == metric.unit, f"{name}: docs say unit {cells[2]!r}, code {metric.unit!r}"
        assert cells[3] == ("yes" if metric.needs_truth else "no"), f"{name}: needs-truth differs"


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
    for figure in compare.HEADLINE:
        assert f"`{figure}`" in DOC
    for band in compare.BANDS:
        assert band in DOC
    assert "needs the simulation's hidden truth" in fairness._TRUTH_NOTE
