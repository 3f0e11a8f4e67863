"""Stopping a command that runs on worker processes: SIGTERM (kill, timeout, a cluster's
job end) or Ctrl-C stops the command and every worker it started, with one line and no
traceback (compare --workers 2 left its workers running for good after SIGTERM, and
printed two tracebacks 9.6 s after Ctrl-C)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from salesperf_model.pipeline.executors import LocalWorkers

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def test_local_workers_end_running_work_at_once_when_the_block_fails():
    context = multiprocessing.get_context("spawn")
    with pytest.raises(RuntimeError, match="stop"), LocalWorkers(2, context) as pool:
        futures = [pool.submit(time.sleep, 60) for _ in range(4)]
        deadline = time.monotonic() + 30
        while not any(f.running() for f in futures) and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = list(pool._processes.values())
        started = time.monotonic()
        raise RuntimeError("stop")
    assert time.monotonic() - started < 10
    assert all(not process.is_alive() for process in workers)
    assert all(f.cancelled() or f.done() for f in futures)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_compare_leaves_no_worker_and_no_table(tmp_path, stop):
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "salesperf_model.cli", "compare",
        str(SCENARIOS / "flat_commission.yaml"), str(SCENARIOS / "steep_accelerator.yaml"),
        "--baseline", str(SCENARIOS / "baseline.yaml"), "--reps", "300", "--sims", "60",
        "--chunk-size", "2", "--workers", "2", "--out", str(out),
    ]  # fmt: skip
    # a terminal's Ctrl-C reaches the whole process group: the command gets its own group
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    while len(parent.children()) < 2 and process.poll() is None:
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.2)
    workers = parent.children(recursive=True)
    time.sleep(1.0)
    if stop == signal.SIGINT:
        os.killpg(process.pid, stop)
    else:
        process.send_signal(stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + stop
    assert err.strip().splitlines()[-1] == f"salesperf compare: stopped by {stop.name}"
    assert "Traceback" not in err
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, [p.cmdline() for p in alive]
    assert not out.exists()
