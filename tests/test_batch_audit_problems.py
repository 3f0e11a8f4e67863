"""Audit of the report batch, item 1: a scenario that fails its check is reported with each
problem (file, line, key path, bad value, what is expected), on the console and on the
index page, not only as "2 problems in scenario X:" with the details one click away."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from salesperf_model import report
from salesperf_model.report.execute import publish_failure
from salesperf_model.report.jobs import plan_jobs
from salesperf_model.report.results import problem_lines

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"

NEGATIVE_RATE = """\
extends: baseline.yaml
name: Negative rate
pay:
  commission:
    tiers:
      - from_attainment: 0.0
        rate: -0.02
  comission_cap: 2.0
"""


def _failed(tmp_path: Path, name: str, text: str) -> tuple[report.RunResult, Path]:
    """The batch's verdict on one scenario file, published as a failure like the batch does."""
    scenario = tmp_path / "scen" / name
    scenario.parent.mkdir(parents=True, exist_ok=True)
    (scenario.parent / "baseline.yaml").write_text(BASELINE.read_text(), encoding="utf-8")
    scenario.write_text(text, encoding="utf-8")
    problem = report.check_scenario(scenario)
    assert problem is not None
    jobs, _ = plan_jobs([scenario], BASELINE, {}, comparison_notebook=None)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return publish_failure(jobs[0], out, problem), out


def _failed_txt_problems(out: Path, slug: str) -> list[str]:
    text = (out / slug / "FAILED.txt").read_text(encoding="utf-8")
    return [line.strip()[2:] for line in text.splitlines() if line.startswith("  - ")]


def test_the_console_summary_lists_each_problem_as_failed_txt_has_it(tmp_path):
    result, out = _failed(tmp_path, "negative_rate.yaml", NEGATIVE_RATE)
    problems = _failed_txt_problems(out, "negative-rate")
    assert len(problems) == 2
    batch = report.BatchResult(out_dir=out, index=out / "index.html", results=[result], seconds=1)
    summary = batch.summary()
    for problem in problems:
        assert problem in summary  # file, line, key path, bad value, what is expected
    assert "pay.commission.tiers.0.rate" in summary and "(value: -0.02)" in summary
    assert "expected greater than or equal to 0" in summary
    assert "pay.comission_cap" in summary and "did you mean 'commission'" in summary
    assert "negative_rate.yaml:" in summary and "more (see FAILED.txt)" not in summary


def test_the_index_lists_each_problem_of_a_failed_scenario(tmp_path):
    result, out = _failed(tmp_path, "negative_rate.yaml", NEGATIVE_RATE)
    problems = _failed_txt_problems(out, "negative-rate")
    page = report.render_index([result], title="Reports")
    text = BeautifulSoup(page, "html.parser").get_text()
    for problem in problems:
        assert problem in text
    assert "2 problems in scenario" in text
    assert 'href="negative-rate/FAILED.txt"' in page


def test_a_syntax_error_shows_its_one_line_with_the_line_number(tmp_path):
    result, _ = _failed(tmp_path, "syntax_error.yaml", "name: x\npay: {commission: {\n  a: 1\n")
    lines = problem_lines(result.error)
    assert len(lines) == 1 and "not valid YAML" in lines[0] and "line" in lines[0]


def test_many_problems_show_a_handful_and_say_how_many_more_are_in_failed_txt():
    error = "7 problems in scenario s.yaml:\n" + "\n".join(
        f"  - s.yaml:{n}: pay.x{n}: invalid value (value: {n}); expected a number"
        for n in range(1, 8)
    )
    lines = problem_lines(error)
    assert lines[0] == "7 problems in scenario s.yaml:"
    assert lines[1:6] == [
        f"- s.yaml:{n}: pay.x{n}: invalid value (value: {n}); expected a number"
        for n in range(1, 6)
    ]
    assert lines[6] == "and 2 more (see FAILED.txt)"
    assert len(lines) == 7
    result = report.RunResult(
        slug="s", label="s", kind="scenario", status="failed", source="s.yaml", error=error
    )
    page = report.render_index([result], title="Reports")
    text = BeautifulSoup(page, "html.parser").get_text()
    assert "pay.x5" in text and "pay.x6" not in text and "and 2 more (see FAILED.txt)" in text
    batch = report.BatchResult(out_dir=Path("."), index=Path("i"), results=[result], seconds=1)
    summary = batch.summary()
    assert "pay.x5" in summary and "pay.x6" not in summary
    assert "and 2 more (see FAILED.txt)" in summary


def test_a_notebook_error_still_shows_its_first_line_only():
    error = "error in cell 4: ValueError: boom\nTraceback (most recent call last):\n  File x"
    assert problem_lines(error) == ["error in cell 4: ValueError: boom"]
    assert problem_lines("\x1b[31mtimeout: cell\x1b[0m") == ["timeout: cell"]
    assert problem_lines("") == []
