"""`salesperf report one.yaml` twice: the second run reuses the simulation and the pay from
``<out>/.cache``, says so in the CLI output and in the report, and writes the very same
tables as the first run and as a run without the cache (issue 18, a fast edit loop)."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesperf_model import cli

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "scenarios" / "flat_commission.yaml"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SIZES = ["--reps", "40", "--periods", "6", "--sims", "3", "--seed", "5", "--no-validation"]


def _report(out: Path, capsys, *extra: str) -> str:
    args = ["report", str(PLAN), "--baseline", str(BASELINE), "--out", str(out)]
    assert cli.main([*args, "--jobs", "2", "--no-progress", *SIZES, *extra]) == 0
    return capsys.readouterr().out


def _tables(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.csv"))}


def test_a_second_report_run_reuses_the_cache_says_so_and_writes_the_same_tables(tmp_path, capsys):
    out = tmp_path / "reports"
    cold = _report(out, capsys)
    # The two notebooks of one batch run in parallel and may already share what the
    # other stored first; they cannot both have found the plan's pay in an empty cache.
    assert cold.count("the pay and metrics of Flat 3.3% commission, computed") < 2
    cold_tables = _tables(out)
    assert {"flat-commission/comparison.csv", "comparison/summary.csv"} <= set(cold_tables)
    assert any((out / ".cache").iterdir())

    warm = _report(out, capsys)
    reused = [line for line in warm.splitlines() if "reused (cache)" in line]
    assert len(reused) == 2, warm  # the plan's report and the comparison
    for line in reused:
        assert "the simulation under Current plan, computed" in line  # titles, not keys
        assert "the pay and metrics of Flat 3.3% commission, computed" in line
    page = (out / "flat-commission" / "report.html").read_text(encoding="utf-8")
    assert "Reused from the cache beside these reports" in page
    assert _tables(out) == cold_tables

    plain = tmp_path / "plain"
    assert "reused (cache)" not in _report(plain, capsys, "--no-cache")
    assert not (plain / ".cache").exists()
    assert _tables(plain) == cold_tables
