"""The batch end to end on tiny notebooks (tests/notebooks): parallel runs, failures of every
kind kept apart from the reports, safe names, atomic clean re-runs, the CLI's exit status.

The tiny notebooks need no engine, so this pins the machinery down on its own; the real
notebooks are run by tests/test_notebooks_run.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from salesperf_model import cli, report
from salesperf_model.loading import yaml_problem
from salesperf_model.report import batch as report_batch
from salesperf_model.report import jobs as report_jobs

TINY = Path(__file__).parent / "notebooks"
TINY_REPORT = TINY / "tiny_report.ipynb"
TINY_COMPARE = TINY / "tiny_compare.ipynb"

pytestmark = pytest.mark.slow


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Scenario files of every failure kind and awkward names, and one batch run over them."""
    root = tmp_path_factory.mktemp("batch")
    scenarios = root / "scenarios"
    baseline = _write(scenarios / "baseline.yaml", "name: baseline\nvalue: 1\n")
    good = _write(
        scenarios / "etc" / "x.yaml",
        'name: steeper\ndescription: "<script>alert(1)</script> pays more above quota"\nvalue: 3\n',
    )
    unicode_name = _write(scenarios / "Prämie über alles.yaml", "name: Prämie\nvalue: 2\n")
    failing = {
        "error": _write(scenarios / "cell error.yaml", "name: error\nfail: error\n"),
        "die": _write(scenarios / "dies.yaml", "name: dies\nfail: die\n"),
        "sleep": _write(scenarios / "slow.yaml", "name: slow\nfail: sleep\n"),
        "invalid": _write(scenarios / "invalid.yaml", "name: [unclosed\n"),
    }
    # Reached through ../ so a careless runner would write outside the output folder.
    sneaky = scenarios / "etc" / ".." / ".." / "scenarios" / "etc" / "x.yaml"
    out = root / "reports"
    before = _tree(root)
    batch = report.run_batch(
        [sneaky, unicode_name, *failing.values()],
        baseline,
        out,
        run_parameters={"reps": 60, "periods": 12, "simulations": 20, "seed": 7, "overrides": []},
        jobs=2,
        scenario_notebook=TINY_REPORT,
        comparison_notebook=TINY_COMPARE,
        validate=yaml_problem,
        execution_timeout=15,
        progress=False,
    )
    return {
        "root": root,
        "out": out,
        "batch": batch,
        "before": before,
        "good": good,
        "baseline": baseline,
    }


def _by_slug(batch: report.BatchResult) -> dict[str, report.RunResult]:
    return {result.slug: result for result in batch.results}


def test_good_scenarios_get_a_report_their_figures_and_the_executed_notebook(workspace):
    out, results = workspace["out"], _by_slug(workspace["batch"])
    assert results["x"].ok and results["pramie-uber-alles"].ok and results["comparison"].ok
    folder = out / "x"
    assert sorted(p.name for p in folder.iterdir()) == [
        "figures.json",
        "headline.json",
        "report.html",
        "x.ipynb",
    ]
    assert json.loads((folder / "figures.json").read_text()) == {"value": 3, "reps": 60}
    assert results["x"].headline["title"] == "steeper"
    page = (folder / "report.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; pays more above quota" in page
    assert "<script>alert" not in page
    assert "HELPER-CELL-OUTPUT" not in page and "import yaml" not in page
    assert "data:image/png;base64," in page


def test_the_comparison_gets_every_scenario_and_names_the_invalid_one_as_left_out(workspace):
    """The invalid file is given to the comparison too, whose loader (load_plans with
    skip_invalid) leaves it out and names it; the tiny notebook just counts the files."""
    folder = workspace["out"] / "comparison"
    headline = json.loads((folder / "headline.json").read_text())
    assert headline["figures"] == {"plans compared": 6}
    comparison = _by_slug(workspace["batch"])["comparison"]
    assert comparison.left_out == ["invalid.yaml"]
    assert (
        "Left out of the comparison: invalid.yaml" in (workspace["out"] / "index.html").read_text()
    )


def test_the_comparison_is_flagged_when_plans_in_it_failed_their_own_reports(workspace):
    """The comparison ran with five plans; three of them (cell error, dies, slow) failed
    their own reports, so it is marked CHECK, never a plain ok."""
    batch = workspace["batch"]
    comparison = _by_slug(batch)["comparison"]
    assert comparison.ok and comparison.mark == "CHECK"
    assert comparison.warnings == [
        "includes 3 plans whose own report failed: cell error, dies, slow; their figures "
        "in this comparison are unchecked"
    ]
    summary = batch.summary()
    assert "CHECK  Comparison of all plans" in summary
    assert "ok     Comparison" not in summary
    page = (workspace["out"] / "index.html").read_text()
    assert '<td class="status-check">CHECK</td>' in page and ", 1 to check" in page
    assert "whose own report failed: cell error, dies, slow" in page


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("cell-error", "error in cell"),
        ("dies", "kernel died"),
        ("slow", "timeout"),
        ("invalid", "not valid YAML"),
    ],
)
def test_each_kind_of_failure_is_reported_and_never_presented_as_a_report(workspace, slug, reason):
    out, results = workspace["out"], _by_slug(workspace["batch"])
    result = results[slug]
    assert result.status == "failed" and reason in result.error
    assert result.html is None
    folder = out / slug
    assert not (folder / "report.html").exists()
    assert not (folder / "headline.json").exists()
    assert (folder / "FAILED.txt").read_text().startswith(f"{result.label}: report failed")
    leftovers = {p.name for p in folder.iterdir()} - {"FAILED.txt", f"{slug}.failed.ipynb"}
    assert leftovers == set()


def test_index_lists_every_run_links_only_real_reports_and_marks_failures(workspace):
    page = (workspace["out"] / "index.html").read_text()
    for slug in ("x", "pramie-uber-alles", "comparison"):
        assert f'href="{slug}/report.html"' in page
    for slug in ("cell-error", "dies", "slow", "invalid"):
        assert f'href="{slug}/FAILED.txt"' in page
        assert f'href="{slug}/report.html"' not in page
    assert page.count("FAILED</td>") == 4
    assert "3 of 7 reports ready, <strong>4 failed</strong>" in page
    assert "<script" not in page


def test_nothing_is_written_outside_the_output_folder(workspace):
    root, out = workspace["root"], workspace["out"]
    outside = {p for p in _tree(root) - workspace["before"] if not p.startswith("reports")}
    assert outside == set()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            ".salesperf-report.json",
            "index.html",
            "comparison",
            "x",
            "pramie-uber-alles",
            "cell-error",
            "dies",
            "slow",
            "invalid",
        ]
    )
    assert not any(p.name.endswith(".tmp") for p in out.rglob("*"))


def test_batch_is_not_ok_and_the_summary_names_the_failures(workspace):
    batch = workspace["batch"]
    assert not batch.ok and len(batch.failed) == 4
    assert "FAILED slow" in batch.summary()


def test_rerun_overwrites_cleanly_and_the_cli_exit_status_follows_failures(
    workspace, monkeypatch, capsys
):
    """Run again, through the CLI, with fewer scenarios: stale folders go, the index is new,
    and exit status is 0 only when every report succeeded."""
    out, good, baseline = workspace["out"], workspace["good"], workspace["baseline"]
    (out / "x" / "report.html").write_text("stale")
    monkeypatch.setattr(report_jobs, "SCENARIO_NOTEBOOK", TINY_REPORT)
    monkeypatch.setattr(report_jobs, "COMPARISON_NOTEBOOK", TINY_COMPARE)
    monkeypatch.setattr(report_batch, "check_scenario", yaml_problem)
    args = [
        "report",
        str(good),
        "--baseline",
        str(baseline),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--no-progress",
        "--reps",
        "60",
        "--no-validation",  # the batch machinery on tiny notebooks; validation has its own test
    ]
    assert cli.main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".salesperf-report.json",
        "comparison",
        "index.html",
        "x",
    ]
    assert "stale" not in (out / "x" / "report.html").read_text()
    page = (out / "index.html").read_text()
    assert "FAILED" not in page and "2 of 2 reports ready" in page
    assert "2 of 2 reports written" in capsys.readouterr().out

    # Only an invalid file: it fails before any kernel starts and so does the comparison.
    invalid = _write(workspace["root"] / "scenarios" / "invalid.yaml", "name: [unclosed\n")
    assert cli.main(["report", str(invalid), *args[2:]]) == 1
    printed = capsys.readouterr().out
    assert "FAILED invalid" in printed and "no valid scenario to compare" in printed
    assert sorted(p.name for p in out.iterdir()) == [
        ".salesperf-report.json",
        "comparison",
        "index.html",
        "invalid",
    ]
    assert not (out / "comparison" / "report.html").exists()
    assert os.environ.get("JUPYTER_PREFER_ENV_PATH") == "1"


def test_a_kernel_that_fails_to_start_is_retried_once(tmp_path, monkeypatch):
    """Kernel start can collide on ports when notebooks start together: the first failure
    before any cell ran is retried; the report then succeeds."""
    import papermill

    real = papermill.execute_notebook
    calls = []

    def flaky(*args, **kwargs):
        calls.append(kwargs["kernel_name"])
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    scenario = _write(tmp_path / "good.yaml", "name: good\nvalue: 2\n")
    jobs, _ = report.plan_jobs(
        [scenario], scenario, {}, scenario_notebook=TINY_REPORT, comparison_notebook=None
    )
    result = report.execute_job(jobs[0], str(tmp_path / "out"), execution_timeout=60)
    assert result.ok, result.error
    assert result.attempts == 2 and calls == ["python3", "python3"]
    assert (tmp_path / "out" / "good" / "report.html").exists()


def test_a_cell_error_is_not_retried(tmp_path):
    scenario = _write(tmp_path / "bad.yaml", "name: bad\nfail: error\n")
    jobs, _ = report.plan_jobs(
        [scenario], scenario, {}, scenario_notebook=TINY_REPORT, comparison_notebook=None
    )
    result = report.execute_job(jobs[0], str(tmp_path / "out"), execution_timeout=60)
    assert result.status == "failed" and result.attempts == 1
    assert "ValueError: this scenario fails on purpose" in result.error


def test_a_file_the_yaml_parser_cannot_read_fails_alone(tmp_path):
    """A file nested too deep for the YAML parser is reported, not raised: the batch goes on."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("name: deep\npay: " + "[" * 5000 + "]" * 5000 + "\n")
    problem = report.check_scenario(deep)
    assert problem is not None
    # the reader itself refuses it now (no RecursionError for the batch's safety net to catch)
    assert str(deep) in problem and "nesting deeper than 32 levels" in problem


def test_the_baseline_named_among_the_plans_is_left_out_with_a_note(tmp_path):
    """`salesperf report scenarios/*.yaml` names the baseline too; it used to get a plan
    report of its own that failed (IndexError) and marked the comparison CHECK."""
    from salesperf_model.report import plans_besides_baseline

    base, plan = tmp_path / "baseline.yaml", tmp_path / "plan.yaml"
    plans, notes = plans_besides_baseline([base, plan, tmp_path / "." / "plan.yaml"], base)
    assert plans == [plan]
    assert notes == [
        f"{base} is the baseline: every report compares against it, so it has no plan "
        "report of its own",
        f"{tmp_path / '.' / 'plan.yaml'} was named twice; reported once",
    ]
    assert plans_besides_baseline([base], base)[0] == []
