"""An --out that cannot be written is refused before any work, in words that name the
option and the path (not a traceback after the work); a file is written whole or not at
all."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
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


def test_out_on_a_device_or_pipe_is_refused_and_left_as_it_was(tmp_path, capsys):
    """As root, `--out /dev/full` replaced the device with a regular file (os.replace
    puts the new file where the path was); a pipe went the same way."""
    import os
    import stat

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for out in (str(pipe), os.devnull):
        err = _refused(["pay", PLAN, "--outcomes", EXAMPLE, "--out", out], capsys)
        assert "is a device, pipe or socket, not a file" in err and out in err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert stat.S_ISCHR(Path(os.devnull).lstat().st_mode)
    from salesperf_model.report.files import write_text_atomic

    with pytest.raises(OSError, match="not a regular file: nothing written"):
        write_text_atomic(pipe, "x")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_out_through_a_link_writes_the_file_it_names(tmp_path, capsys):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["pay", PLAN, "--outcomes", EXAMPLE, "--out", str(link)]) == 0
    assert link.is_symlink() and real.read_text().startswith("simulation,rep_id,period")


def test_out_onto_an_input_is_refused(tmp_path, capsys):
    """`pay --outcomes o.csv --out o.csv` overwrote its input, and `import --out` could
    overwrite the CRM export it read."""
    import shutil

    outcomes = tmp_path / "o.csv"
    shutil.copy(EXAMPLE, outcomes)
    before = outcomes.read_text()
    assert main(["pay", PLAN, "--outcomes", str(outcomes), "--out", str(outcomes)]) == 1
    assert "is the input" in capsys.readouterr().err
    assert outcomes.read_text() == before
    export = tmp_path / "export"
    shutil.copytree(ROOT / "tests" / "data" / "maven_crm", export)
    pipeline = export / "sales_pipeline.csv"
    before = pipeline.read_text()
    mapping = str(ROOT / "mappings" / "maven_crm.yaml")
    code = main(["import", mapping, "--data-dir", str(export), "--out", str(pipeline)])
    assert code == 2
    assert "is the input" in capsys.readouterr().out
    assert pipeline.read_text() == before


def test_compare_tables_are_written_as_a_set_or_not_at_all(tmp_path, capsys):
    """A table that could not be written (here a folder in its place) left the tables
    before it from the new run beside the rest from the old one, and said "nothing
    written". Now every table is checked and written aside first: the folder keeps the
    earlier run whole."""
    out = tmp_path / "cmp"
    common = ["compare", PLAN, "--baseline", PLAN, "--reps", "20", "--sims", "2"]
    common += ["--periods", "3", "--workers", "1", "--no-variants", "--out", str(out)]
    assert main([*common, "--seed", "1"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert "headline.csv" in before and "pay_equity.csv" in before
    (out / "pay_equity.csv").unlink()
    (out / "pay_equity.csv").mkdir()
    capsys.readouterr()
    assert main([*common, "--seed", "2"]) == 1
    err = capsys.readouterr().err
    assert "pay_equity.csv is a folder" in err and "no table written" in err
    after = {p.name: p.read_bytes() for p in out.glob("*.csv") if p.is_file()}
    assert after == {k: v for k, v in before.items() if k != "pay_equity.csv"}
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_tables_interrupted_while_written_leave_the_old_set(tmp_path, monkeypatch):
    """Stopped (Ctrl-C) while the second table is written: the first used to be the new
    run's already; now none is replaced and no temporary file is left."""
    from salesperf_model.report import files, outputs

    tables = {name: pd.DataFrame({"x": [i]}) for i, name in enumerate("abc")}
    outputs.save_tables(tmp_path, tables)
    calls = []
    real = files.os.chmod

    def interrupted(path, mode):  # the second table's write is interrupted
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, mode)

    monkeypatch.setattr(files.os, "chmod", interrupted)
    new = {name: pd.DataFrame({"x": [10 + i]}) for i, name in enumerate("abc")}
    with pytest.raises(KeyboardInterrupt):
        outputs.save_tables(tmp_path, new)
    monkeypatch.setattr(files.os, "chmod", real)
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv"]
    assert [(tmp_path / f"{n}.csv").read_text() for n in "abc"] == [
        "x\n0\n",
        "x\n1\n",
        "x\n2\n",
    ]


def test_compare_refuses_reps_too_many_for_memory_before_making_any_seat(tmp_path, capsys):
    """5,000,000 reps built every seat (a gigabyte, 25 s) before the chunk refused them,
    and the refusal blamed the baseline file."""
    started = time.perf_counter()
    out = str(tmp_path / "out")
    code = main(["compare", PLAN, "--baseline", PLAN, "--reps", "5000000", "--out", out])
    assert code == 1
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    assert "FAIL --reps 5000000 (--periods 12): 5,000,000 reps x 12 months needs about" in err
    assert "at most 3,139,595 reps fit" in err
    assert f"FAIL {PLAN}" not in err
    assert not (tmp_path / "out").exists()


def test_report_refuses_reps_too_many_for_memory_before_any_notebook(tmp_path, capsys):
    flat = str(ROOT / "scenarios" / "flat_commission.yaml")
    assert main(["report", flat, "--reps", "5000000", "--out", str(tmp_path / "rep")]) == 2
    err = capsys.readouterr().err
    assert "--reps 5000000 (--periods 12): 5,000,000 reps x 12 months needs about" in err
    assert not (tmp_path / "rep").exists()


@pytest.mark.parametrize(
    "given",
    [["--sims", "1"], ["--set", "simulation.simulations=1"], "baseline file"],
)
def test_report_refuses_one_simulation_whose_verdicts_could_not_be_told_from_noise(
    tmp_path, capsys, given
):
    """With --sims 1 the report called a 2.7% saving 'less than the simulation noise':
    one simulation has no interval, so no verdict; it is refused before any notebook."""
    flat = str(ROOT / "scenarios" / "flat_commission.yaml")
    argv = ["report", flat, "--out", str(tmp_path / "rep"), "--no-validation"]
    if given == "baseline file":
        assert "\nsimulation:" not in Path(PLAN).read_text()
        text = Path(PLAN).read_text() + "\nsimulation:\n  simulations: 1\n"
        (tmp_path / "one.yaml").write_text(text)
        argv += ["--baseline", str(tmp_path / "one.yaml")]
        source = "one.yaml sets simulation.simulations: 1"
    else:
        argv += given
        source = " ".join(given)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{source}: one simulation gives no 95% interval" in err
    assert "run 2 or more" in err
    assert not (tmp_path / "rep").exists()
