"""An --out that cannot be written is refused before any work, in words that name the
option and the path (not a traceback after the work); a file is written whole or not at
all."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesperf_model.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAN = str(ROOT / "scenarios" / "baseline.yaml")
EXAMPLE = str(ROOT / "tests" / "data" / "example_outcomes.csv")


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_pay_out_that_is_a_folder_is_refused_before_paying(tmp_path, capsys):
    err = _refused(["pay", PLAN, "--outcomes", EXAMPLE, "--out", str(tmp_path)], capsys)
    assert "argument --out" in err and "is a folder" in err and str(tmp_path) in err
    assert list(tmp_path.iterdir()) == []


def test_out_under_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    out = blocker / "pay.csv"
    err = _refused(["pay", PLAN, "--outcomes", EXAMPLE, "--out", str(out)], capsys)
    assert "argument --out" in err and f"{blocker} is a file, not a folder" in err
    err = _refused(["import", "mappings/maven_crm.yaml", "--out", str(out)], capsys)
    assert f"{blocker} is a file, not a folder" in err
    err = _refused(["simulate", PLAN, "--reps", "5", "--sims", "1", "--out", str(out)], capsys)
    assert f"{blocker} is a file, not a folder" in err
    err = _refused(["statement", PLAN, "--outcomes", EXAMPLE, "--all", "--out", str(out)], capsys)
    assert f"{blocker} is a file, not a folder" in err


def test_an_output_folder_that_is_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    err = _refused(["committee", PLAN, "--outcomes", EXAMPLE, "--out", str(blocker)], capsys)
    assert "argument --out" in err and f"{blocker} is a file; expected a folder" in err


def test_a_write_that_fails_midway_leaves_no_half_file(tmp_path, monkeypatch, capsys):
    import pandas as pd

    out = tmp_path / "pay.csv"
    out.write_text("the previous table\n")

    def broken(self, path, *args, **kwargs):
        Path(path).write_text("half a tab")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    assert main(["pay", PLAN, "--outcomes", EXAMPLE, "--out", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_text() == "the previous table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pay.csv"]
