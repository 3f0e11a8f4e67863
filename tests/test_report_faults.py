"""Batch faults on the tiny notebooks: a second batch on the same output folder, SIGTERM and
SIGINT to a running batch (no process left, a consistent index), a stale lock, a kernel that
dies once, a slug that would replace a folder no batch wrote."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from salesperf_model import cli, report
from salesperf_model.report.guard import LOCK_NAME, BatchRefused

TESTS = Path(__file__).parent
TINY_REPORT = TESTS / "notebooks" / "tiny_report.ipynb"
TINY_COMPARE = TESTS / "notebooks" / "tiny_compare.ipynb"
pytestmark = pytest.mark.slow

DRIVER = f"""
import sys
import yaml
from pathlib import Path
from salesperf_model import cli
from salesperf_model.report import batch, jobs

def check(path):
    data = yaml.safe_load(Path(path).read_text())
    return None if isinstance(data, dict) else f"{{path}}: not a mapping"

jobs.SCENARIO_NOTEBOOK = Path({str(TINY_REPORT)!r})
jobs.COMPARISON_NOTEBOOK = Path({str(TINY_COMPARE)!r})
batch.check_scenario = check
if __name__ == "__main__":  # spawned workers import this file too
    sys.exit(cli.main(sys.argv[1:]))
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _dead(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _batch_args(scenarios: list[Path], baseline: Path, out: Path) -> list[str]:
    return [
        "report",
        *map(str, scenarios),
        "--baseline",
        str(baseline),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--no-progress",
        "--no-validation",  # the batch machinery; validation has its own test
    ]


def _tiny_check(path: Path) -> str | None:
    return None


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_workers_and_kernels_and_leaves_a_consistent_index(
    tmp_path, monkeypatch, capsys, signal_number
):
    root = tmp_path
    baseline = _write(root / "s" / "baseline.yaml", "name: baseline\n")
    fast = _write(root / "s" / "fast.yaml", "name: fast\nvalue: 2\n")
    older = _write(root / "s" / "older.yaml", "name: older\nvalue: 3\n")
    pids = root / "pids"
    pids.mkdir()
    slow = [
        _write(root / "s" / f"slow{i}.yaml", f"name: slow{i}\nfail: sleep\npid_dir: {pids}\n")
        for i in (1, 2)
    ]
    out = root / "out"
    driver = _write(root / "driver.py", DRIVER)
    env = {**os.environ, "JUPYTER_PREFER_ENV_PATH": "1"}
    first = subprocess.run(
        [sys.executable, str(driver), *_batch_args([fast, older], baseline, out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    previous_comparison = (out / "comparison" / "report.html").read_text()

    batch = subprocess.Popen(
        [sys.executable, str(driver), *_batch_args([fast, *slow], baseline, out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(list(pids.glob("*.kernel"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(list(pids.glob("*.kernel"))) == 2, "both slow kernels should be running"

    # A second batch on the same folder is refused, naming the holder.
    monkeypatch.setattr(report.batch, "check_scenario", _tiny_check)
    assert cli.main(_batch_args([fast], baseline, out)) == 2
    refused = capsys.readouterr().err
    assert f"another report batch is writing to {out}: pid {batch.pid} on host" in refused
    assert socket.gethostname() in refused

    helpers = [p.pid for p in psutil.Process(batch.pid).children(recursive=True)]
    os.kill(batch.pid, signal_number)
    _, stderr = batch.communicate(timeout=60)
    name = signal.Signals(signal_number).name
    assert batch.returncode == 128 + signal_number
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"salesperf report: stopped by {name}: ")
    assert "stopped and marked so in" in last

    kernels = [int(p.stem) for p in pids.glob("*.kernel")]
    workers = [int(p.read_text()) for p in pids.glob("*.kernel")]
    time.sleep(0.5)
    alive = [pid for pid in {*kernels, *workers, *helpers} if not _dead(pid)]
    assert alive == [], f"processes left running: {alive}"

    manifest = json.loads((out / ".salesperf-report.json").read_text())
    status = {r["slug"]: r["status"] for r in manifest["results"]}
    assert status["slow1"] == status["slow2"] == "stopped"
    assert status["fast"] in ("ok", "stopped")
    assert "older" in manifest["slugs"]  # not removed: the batch did not finish
    page = (out / "index.html").read_text()
    assert page.count("STOPPED</td>") == sum(s == "stopped" for s in status.values())
    assert "(the batch was interrupted)" in page
    assert (out / "older" / "report.html").exists()
    if status["comparison"] == "stopped":
        assert (out / "comparison" / "report.html").read_text() == previous_comparison
    assert not (out / LOCK_NAME).exists() and not (out / ".staging").exists()
    assert not (out / "slow1").exists() and not (out / "slow2").exists()


def test_a_stale_lock_is_taken_over_with_a_note_and_a_kernel_death_is_retried(tmp_path):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    out = tmp_path / "out"
    out.mkdir()
    stale = {"pid": int(gone.stdout), "host": socket.gethostname(), "started": "yesterday"}
    (out / LOCK_NAME).write_text(json.dumps(stale))
    scenario = _write(
        tmp_path / "dies once.yaml",
        f"name: once\nfail: die_once\nmarker: {tmp_path / 'died'}\n",
    )
    batch = report.run_batch(
        [scenario],
        scenario,
        out,
        jobs=1,
        scenario_notebook=TINY_REPORT,
        comparison_notebook=False,
        validate=_tiny_check,
        execution_timeout=60,
        progress=False,
    )
    assert batch.ok, batch.summary()
    assert batch.notes == [
        f"took over the lock of a batch that is gone (pid {gone.stdout.strip()} "
        f"on host {socket.gethostname()})"
    ]
    (result,) = batch.results
    assert result.attempts == 2 and (tmp_path / "died").exists()
    assert (out / "dies-once" / "report.html").exists() and not (out / LOCK_NAME).exists()


def test_a_live_lock_refuses_the_batch_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": "2026-01-01T09:00"}
    (out / LOCK_NAME).write_text(json.dumps(holder))
    scenario = _write(tmp_path / "a.yaml", "name: a\n")
    with pytest.raises(
        BatchRefused, match=rf"pid {os.getpid()} on host .* started 2026-01-01T09:00"
    ):
        report.run_batch(
            [scenario],
            scenario,
            out,
            scenario_notebook=TINY_REPORT,
            comparison_notebook=False,
            validate=_tiny_check,
            progress=False,
        )
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


def test_a_scenario_whose_folder_would_replace_a_folder_no_batch_wrote_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    _write(out / "docs" / "handbook.md", "keep me")
    baseline = _write(tmp_path / "baseline.yaml", "name: baseline\n")
    docs = _write(tmp_path / "docs.yaml", "name: docs\n")
    with pytest.raises(BatchRefused) as refused:
        report.run_batch(
            [docs],
            baseline,
            out,
            scenario_notebook=TINY_REPORT,
            comparison_notebook=False,
            validate=_tiny_check,
            progress=False,
        )
    assert f"{out} already holds docs/ that no report batch wrote" in str(refused.value)
    assert f"{docs} -> docs/" in str(refused.value)
    assert sorted(p.name for p in out.iterdir()) == ["docs"]
    assert (out / "docs" / "handbook.md").read_text() == "keep me"
    code = cli.main(
        ["report", str(docs), "--baseline", str(baseline), "--out", str(out), "--no-progress"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("salesperf report: ") and len(err.strip().splitlines()) == 1
