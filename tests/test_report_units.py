"""Batch report helpers without a kernel: safe names, JSON parameters, the index page, export."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from salesperf_model import report
from salesperf_model.report import notebook_to_html, write_text_atomic


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("../../etc/x.yaml", "x"),
        ("scenarios/flat_commission.yaml", "flat-commission"),
        ("my plan  v2.yaml", "my-plan-v2"),
        ("Prämie über alles.yml", "pramie-uber-alles"),
        ("提成.yaml", "scenario"),
        ("..\\..\\windows\\evil.yaml", "evil"),
        ("..", "scenario"),
        ("  -Steeper ACCELERATOR-  .yaml", "steeper-accelerator"),
    ],
)
def test_slugify_keeps_only_safe_characters_of_the_file_stem(name, slug):
    assert report.slugify(name) == slug


def test_unique_slugs_separates_clashes_and_avoids_the_batch_own_folders():
    names = [
        "a b.yaml",
        "a-b.yaml",
        "dir/a_b.yaml",
        "comparison.yaml",
        "index.yaml",
        "提成.yaml",
        "利润.yaml",
    ]
    assert report.unique_slugs(names) == [
        "a-b",
        "a-b-2",
        "a-b-3",
        "comparison-scenario",
        "index-scenario",
        "scenario",
        "scenario-2",
    ]


@given(st.text(min_size=0, max_size=60))
def test_any_name_gives_a_folder_directly_inside_the_output_folder(name):
    slug = report.unique_slugs([name])[0]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    out = Path("/tmp/out-folder")
    assert (out / slug).resolve().parent == out


def test_json_parameters_converts_paths_tuples_and_numpy_scalars():
    converted = report.json_parameters(
        {
            "path": Path("/a/b.yaml"),
            "sizes": (1, 2),
            "reps": np.int64(60),
            "share": np.float64(0.5),
            "x": None,
        }
    )
    assert converted == {"path": "/a/b.yaml", "sizes": [1, 2], "reps": 60, "share": 0.5, "x": None}
    assert type(converted["reps"]) is int


def test_json_parameters_refuses_a_non_json_value_and_names_it():
    with pytest.raises(TypeError, match=r"run parameters\.when: .*date.* is not a JSON type"):
        import datetime

        report.json_parameters({"when": datetime.date(2026, 1, 1)}, "run parameters")


def test_plan_jobs_passes_absolute_paths_and_gives_the_comparison_every_scenario(tmp_path):
    jobs, comparison = report.plan_jobs(
        [tmp_path / "a.yaml", tmp_path / "sub" / "a.yaml"],
        tmp_path / "baseline.yaml",
        {"reps": 60, "overrides": ("pay.commission.cap=2",)},
        scenario_notebook=tmp_path / "s.ipynb",
        comparison_notebook=tmp_path / "c.ipynb",
    )
    assert [job.slug for job in jobs] == ["a", "a-2"]
    assert jobs[1].parameters == {
        "scenario_path": str(tmp_path / "sub" / "a.yaml"),
        "baseline_path": str(tmp_path / "baseline.yaml"),
        "reps": 60,
        "overrides": ["pay.commission.cap=2"],
    }
    assert comparison.parameters["scenario_paths"] == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "sub" / "a.yaml"),
    ]
    # the comparison links each plan's own report, one folder up from its own
    assert comparison.parameters["report_links"] == {
        str(tmp_path / "a.yaml"): "../a/report.html",
        str(tmp_path / "sub" / "a.yaml"): "../a-2/report.html",
    }


def test_index_escapes_names_figures_and_errors_and_marks_failures():
    results = [
        report.RunResult(
            slug="evil",
            label="evil",
            kind="scenario",
            status="ok",
            source="scenarios/evil.yaml",
            headline={
                "title": "<script>alert(1)</script>",
                "summary": "a & b",
                "figures": {"cost <x>": 1234567.891},
            },
            html="evil/report.html",
        ),
        report.RunResult(
            slug="broken",
            label="broken",
            kind="scenario",
            status="failed",
            error="ValueError: <b>bad</b>\ntrace",
        ),
    ]
    page = report.render_index(results, title="Reports")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &amp; b" in page
    assert "cost &lt;x&gt;: <strong>1,234,567.89</strong>" in page
    assert '<a href="evil/report.html">' in page
    assert "FAILED" in page and "ValueError: &lt;b&gt;bad&lt;/b&gt;" in page
    assert '<a href="broken/FAILED.txt">' in page and "broken/report.html" not in page
    assert "1 of 2 reports ready, <strong>1 failed</strong>" in page


def test_summary_names_each_failure_with_its_reason(tmp_path):
    batch = report.BatchResult(
        out_dir=tmp_path,
        index=tmp_path / "index.html",
        results=[
            report.RunResult(
                slug="a", label="a", kind="scenario", status="ok", html="a/report.html"
            ),
            report.RunResult(
                slug="b",
                label="b",
                kind="scenario",
                status="failed",
                error="\x1b[31mtimeout: cell\x1b[0m",
            ),
        ],
        seconds=3.0,
    )
    text = batch.summary()
    assert not batch.ok
    assert "FAILED b" in text and "timeout: cell" in text and "\x1b" not in text
    assert "1 of 2 reports written in 3.0 s; 1 failed" in text


def _notebook_with_helpers() -> nbformat.NotebookNode:
    code = new_code_cell("secret_code_line = 1", execution_count=1)
    code.outputs = [
        new_output("display_data", data={"text/html": "<p>visible result</p>"}),
        new_output("stream", name="stderr", text="DeprecationWarning: noise\n"),
    ]
    helper = new_code_cell("helper()", metadata={"tags": ["remove"]}, execution_count=2)
    helper.outputs = [new_output("stream", name="stdout", text="HELPER-OUTPUT\n")]
    parameters = new_code_cell("scenario_path = 'x'", metadata={"tags": ["parameters"]})
    injected = new_code_cell(
        "scenario_path = '/secret/path'", metadata={"tags": ["injected-parameters"]}
    )
    return new_notebook(cells=[new_markdown_cell("# Title"), parameters, injected, code, helper])


def test_export_hides_code_helper_cells_parameters_and_stderr():
    page = notebook_to_html(_notebook_with_helpers(), title="A <b> title")
    assert "visible result" in page and "Title" in page
    for hidden in ("secret_code_line", "HELPER-OUTPUT", "/secret/path", "DeprecationWarning"):
        assert hidden not in page
    assert "<title>A &lt;b&gt; title</title>" in page


def test_export_fetches_nothing_from_the_network():
    page = notebook_to_html(_notebook_with_helpers())
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=[\"']?(https?:)?//", page)
    assert not re.search(r"@import|url\((['\"]?)(https?:)?//", page)
    assert "cdn" not in page.lower()  # no CDN host named anywhere


def test_write_text_atomic_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "index.html"
    write_text_atomic(target, "old")
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    assert target.stat().st_mode & 0o044 == 0o044  # readable by others: reports are shared
