"""A plan that only turns out wrong on the reps it is paid on (carve-outs over a whole
quota) is refused in its own words by every command, never as a traceback; `validate`
counts it as the file's problem and goes on to the next file."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.cli import main

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
OVER_CARVED = f"""extends: {BASELINE}
pay:
  relief:
    carve_out: prorate
    carve_outs:
      - {{from: 2026-03, share: 0.7, regions: [Hangzhou]}}
      - {{from: 2026-05, share: 0.6, regions: [Hangzhou]}}
"""
EXPECTED = "carve-outs take 1.3 of rep"


def test_run_refuses_carve_outs_over_a_whole_quota_in_words(tmp_path, capsys):
    plan = tmp_path / "over_carved.yaml"
    plan.write_text(OVER_CARVED)
    code = main(["run", str(plan), "--sims", "1", "--reps", "60"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: {plan}: pay.relief: ") and EXPECTED in err
    assert "in 2026-05" in err and "at most 1" in err
    assert "Traceback" not in err


def test_validate_fails_the_file_and_goes_on(tmp_path, capsys):
    plan = tmp_path / "over_carved.yaml"
    plan.write_text(OVER_CARVED)
    code = main(["validate", str(plan), str(BASELINE)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"FAIL {plan}: 1 problem" in out and EXPECTED in out
    assert f"ok   {BASELINE}" in out
    assert "1 of 2 files valid" in out
