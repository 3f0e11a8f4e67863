"""Audit of the report batch, item 2: the comparison names the plans it leaves out.

The batch used to drop the scenarios that failed its check before the comparison ran, so
the comparison's own list of left-out files (``run.skipped``, filled by
``pipeline.load_plans``) was always empty: "Left out: 0", no "Left out of the comparison"
section. Now the comparison is given every file and leaves the invalid ones out itself;
the index's comparison row names them. The invalid files still get a FAILED.txt and
nothing else, and the other reports are written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook

from salesperf_model import pipeline, report
from salesperf_model.report.comparison_scope import checked_jobs, flag_comparison
from salesperf_model.report.jobs import plan_jobs

ROOT = Path(__file__).resolve().parents[1]
TINY_REPORT = Path(__file__).parent / "notebooks" / "tiny_report.ipynb"

NEGATIVE_RATE = """\
extends: baseline.yaml
name: negative_rate
pay:
  commission:
    tiers:
      - {from_attainment: 0.0, rate: -0.02}
  comission_cap: 2.0
"""
SYNTAX_ERROR = """\
extends: baseline.yaml
name: syntax_error
pay:
  commission:
    tiers:
      - {from_attainment: 0.0, rate: 0.03
      - from_attainment: 1.0
"""


@pytest.fixture
def scenarios(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "scen"
    folder.mkdir()
    for name in ("baseline.yaml", "flat_commission.yaml"):
        shutil.copy(ROOT / "scenarios" / name, folder / name)
    (folder / "negative_rate.yaml").write_text(NEGATIVE_RATE, encoding="utf-8")
    (folder / "syntax_error.yaml").write_text(SYNTAX_ERROR, encoding="utf-8")
    return {path.stem: path for path in sorted(folder.iterdir())}


def _plan(scenarios: dict[str, Path], out: Path):
    paths = [scenarios[name] for name in ("flat_commission", "negative_rate", "syntax_error")]
    scenario_jobs, comparison = plan_jobs(
        paths, scenarios["baseline"], {}, comparison_notebook=ROOT / "notebooks" / "x.ipynb"
    )
    results: dict[str, report.RunResult] = {}
    runnable, left_out = checked_jobs(
        scenario_jobs,
        comparison,
        scenarios["baseline"],
        validate=report.check_scenario,
        out=out,
        results=results,
    )
    return paths, scenario_jobs, runnable, left_out, results


def test_the_comparison_is_given_the_invalid_files_too_and_they_fail_alone(scenarios, tmp_path):
    out = tmp_path / "out"
    paths, _, runnable, left_out, results = _plan(scenarios, out)
    assert [job.label for job in runnable] == ["flat_commission", "Comparison of all plans"]
    comparison = runnable[-1]
    assert comparison.parameters["scenario_paths"] == [str(p.resolve()) for p in paths]
    assert [job.label for job in left_out] == ["negative_rate", "syntax_error"]
    for slug in ("negative-rate", "syntax-error"):
        assert results[slug].status == "failed"
        assert sorted(p.name for p in (out / slug).iterdir()) == ["FAILED.txt"]
    # the comparison's loader leaves the same files out, each with every problem found
    plans = pipeline.load_plans(
        comparison.parameters["scenario_paths"], scenarios["baseline"], skip_invalid=True
    )
    assert plans.plans == ["flat_commission"]
    skipped = {Path(path).name: problems for path, problems in plans.skipped.items()}
    assert list(skipped) == ["negative_rate.yaml", "syntax_error.yaml"]
    assert len(skipped["negative_rate.yaml"]) == 2
    assert "(value: -0.02)" in skipped["negative_rate.yaml"][0]


def test_the_index_row_of_the_comparison_names_the_plans_left_out(scenarios, tmp_path):
    out = tmp_path / "out"
    _, scenario_jobs, runnable, left_out, results = _plan(scenarios, out)
    results["flat-commission"] = report.RunResult(
        slug="flat-commission", label="flat_commission", kind="scenario", status="ok"
    )
    results["comparison"] = report.RunResult(
        slug="comparison",
        label="Comparison of all plans",
        kind="comparison",
        status="ok",
        html="comparison/report.html",
        headline={"title": "Comparison of all plans", "figures": {"Left out": 2}},
    )
    flag_comparison(runnable, scenario_jobs, results, left_out=left_out)
    comparison = results["comparison"]
    assert comparison.left_out == ["negative_rate.yaml", "syntax_error.yaml"]
    assert comparison.warnings == [] and comparison.mark == "ok"  # not "unchecked" plans
    page = report.render_index(list(results.values()), title="Reports")
    row = BeautifulSoup(page, "html.parser").find("a", href="comparison/report.html")
    text = row.find_parent("tr").get_text(" ")
    assert "Left out: 2 (negative_rate.yaml, syntax_error.yaml" in " ".join(text.split())
    batch = report.BatchResult(
        out_dir=out, index=out / "index.html", results=list(results.values()), seconds=1
    )
    assert "left out of the comparison: negative_rate.yaml, syntax_error.yaml" in batch.summary()


def test_a_comparison_that_compared_a_plan_the_batch_failed_says_so(scenarios, tmp_path):
    """A check stricter than the loader (or overrides that mend a file) can fail a plan
    the comparison then compares: its count of left-out files falls short, so the
    comparison is marked CHECK rather than read as a plain ok."""
    out = tmp_path / "out"
    _, scenario_jobs, runnable, left_out, results = _plan(scenarios, out)
    results["flat-commission"] = report.RunResult(
        slug="flat-commission", label="flat_commission", kind="scenario", status="ok"
    )
    results["comparison"] = report.RunResult(
        slug="comparison",
        label="Comparison of all plans",
        kind="comparison",
        status="ok",
        headline={"figures": {"Left out": 1}},
    )
    flag_comparison(runnable, scenario_jobs, results, left_out=left_out)
    (warning,) = results["comparison"].warnings
    assert "left out 1" in warning and "negative_rate.yaml, syntax_error.yaml" in warning


def test_a_plan_the_comparison_left_out_itself_is_not_called_compared(scenarios, tmp_path):
    """A plan that loads but cannot be paid (no KPI weights for a seated role) fails its
    own report, and the comparison leaves it out (``pipeline.without_unscored_plans``).
    The batch said the comparison "includes 1 plan(s) whose own report failed"; it reads
    the comparison's own list of left-out files (``left_out`` in its headline) now."""
    out = tmp_path / "out"
    _, scenario_jobs, runnable, left_out, results = _plan(scenarios, out)
    results["flat-commission"] = report.RunResult(
        slug="flat-commission", label="flat_commission", kind="scenario", status="failed"
    )
    flat = str(scenarios["flat_commission"])
    results["comparison"] = report.RunResult(
        slug="comparison",
        label="Comparison of all plans",
        kind="comparison",
        status="ok",
        headline={
            "figures": {"Left out": 3},
            "left_out": [flat, *map(str, left_out_paths(left_out))],
        },
    )
    flag_comparison(runnable, scenario_jobs, results, left_out=left_out)
    assert results["comparison"].warnings == []
    assert results["comparison"].left_out == [
        "flat_commission.yaml",
        "negative_rate.yaml",
        "syntax_error.yaml",
    ]


def left_out_paths(jobs) -> list[str]:
    return [job.parameters["scenario_path"] for job in jobs]


def test_an_invalid_baseline_or_no_valid_plan_runs_no_comparison(scenarios, tmp_path):
    paths = [scenarios["negative_rate"], scenarios["syntax_error"]]
    scenario_jobs, comparison = plan_jobs(
        paths, scenarios["baseline"], {}, comparison_notebook=ROOT / "notebooks" / "x.ipynb"
    )
    results: dict[str, report.RunResult] = {}
    runnable, left_out = checked_jobs(
        scenario_jobs,
        comparison,
        scenarios["baseline"],
        validate=report.check_scenario,
        out=tmp_path / "a",
        results=results,
    )
    assert runnable == [] and left_out == []
    assert "no valid scenario to compare" in results["comparison"].error
    results = {}
    runnable, left_out = checked_jobs(
        scenario_jobs[:1],
        comparison,
        scenarios["syntax_error"],  # as the baseline
        validate=report.check_scenario,
        out=tmp_path / "b",
        results=results,
    )
    assert runnable == [] and left_out == []
    assert results["comparison"].status == "failed"


COMPARE_CELLS = [
    (
        ["parameters"],
        'scenario_paths = []\nbaseline_path = None\noverrides = []\noutput_dir = "."\n',
    ),
    (
        [],
        "from IPython.display import HTML, display\n"
        "from salesperf_model import pipeline\n"
        "from salesperf_model.present import html_block\n"
        "from salesperf_model.report import save_headline\n"
        "plans = pipeline.load_plans(scenario_paths, baseline_path, overrides=overrides,\n"
        "                            skip_invalid=True)\n"
        "if plans.skipped:\n"
        "    display(HTML(html_block('Left out of the comparison',\n"
        "        [f'{path}: {problems[0]}' for path, problems in plans.skipped.items()])))\n"
        "save_headline(output_dir, title='Comparison of all plans', summary='compared',\n"
        "    figures={'Plans compared': len(plans.plans), 'Left out': len(plans.skipped)})\n",
    ),
]


@pytest.mark.slow
def test_the_batch_writes_every_other_report_and_the_comparison_names_the_left_out(
    scenarios, tmp_path
):
    """End to end with a comparison notebook that loads its plans as the shipped one does
    (``load_plans(..., skip_invalid=True)``, ``Left out: len(skipped)``)."""
    compare = tmp_path / "compare.ipynb"
    cells = [new_code_cell(source, metadata={"tags": tags}) for tags, source in COMPARE_CELLS]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, compare)
    out = tmp_path / "reports"
    batch = report.run_batch(
        [scenarios[n] for n in ("flat_commission", "negative_rate", "syntax_error")],
        scenarios["baseline"],
        out,
        jobs=2,
        scenario_notebook=TINY_REPORT,
        comparison_notebook=compare,
        execution_timeout=120,
        progress=False,
        cache=False,
    )
    by_slug = {result.slug: result for result in batch.results}
    assert by_slug["flat-commission"].ok and by_slug["comparison"].ok
    headline = json.loads((out / "comparison" / "headline.json").read_text())
    assert headline["figures"] == {"Plans compared": 1, "Left out": 2}
    page = (out / "comparison" / "report.html").read_text()
    assert "Left out of the comparison" in page and "negative_rate.yaml" in page
    assert by_slug["comparison"].left_out == ["negative_rate.yaml", "syntax_error.yaml"]
    for slug in ("negative-rate", "syntax-error"):
        assert by_slug[slug].status == "failed"
        assert sorted(p.name for p in (out / slug).iterdir()) == ["FAILED.txt"]
    index = " ".join(BeautifulSoup((out / "index.html").read_text(), "html.parser").text.split())
    assert "Left out: 2 (negative_rate.yaml, syntax_error.yaml" in index
    assert "(value: -0.02)" in index and "not valid YAML" in index
