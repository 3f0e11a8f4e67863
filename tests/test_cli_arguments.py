"""Counts and durations on the command line are refused unless positive, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesperf_model.cli import main

ROOT = Path(__file__).parents[1]
BASELINE = str(ROOT / "scenarios" / "baseline.yaml")


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("timeout", ["0", "-5"])
def test_report_refuses_a_timeout_that_would_mean_no_limit(timeout, capsys, tmp_path):
    out = tmp_path / "reports"
    err = _refused(["report", "--out", str(out), "--timeout", timeout], capsys)
    assert f"argument --timeout: {timeout} is not allowed: expected a whole number >= 1" in err
    assert not out.exists()  # nothing ran, nothing written


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--sims", "0"],
        ["report", "--reps", "-1"],
        ["report", "--jobs", "0"],
        ["report", "--calibration-sims", "0"],
        ["compare", BASELINE, "--baseline", BASELINE, "--sims", "0"],
        ["compare", BASELINE, "--baseline", BASELINE, "--periods", "0"],
        ["simulate", BASELINE, "--sims", "-3"],
        ["run", BASELINE, "--reps", "0"],
    ],
    ids=" ".join,
)
def test_counts_below_one_are_refused_naming_the_option(argv, capsys):
    option, value = argv[-2], argv[-1]
    err = _refused(argv, capsys)
    assert f"argument {option}: {value} is not allowed: expected a whole number >= 1" in err


def test_a_negative_seed_and_text_for_a_count_are_refused(capsys):
    err = _refused(["simulate", BASELINE, "--seed", "-1"], capsys)
    assert "argument --seed: -1 is not allowed: expected a whole number >= 0" in err
    err = _refused(["simulate", BASELINE, "--sims", "many"], capsys)
    assert "argument --sims: 'many' is not a whole number" in err
    err = _refused(["calibrate", "mappings/maven_crm.yaml", "--refine", "-2"], capsys)
    assert "argument --refine: -2 is not allowed" in err


def test_a_run_too_big_for_memory_is_refused_with_the_estimate(capsys):
    code = main(["simulate", BASELINE, "--sims", "1000000000"])
    err = capsys.readouterr().err
    assert code == 1
    assert "500 reps x 12 months x 1,000,000,000 simulations needs about 2.43 PiB" in err
    assert "at most 6,279 simulations of that size fit in 16 GiB" in err
