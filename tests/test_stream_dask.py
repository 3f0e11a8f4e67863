"""Chunks on a Dask cluster (a LocalCluster here): the same tables as a local run, a worker
killed mid-run retried without changing them, and `salesperf compare --scheduler` refusing
an address where no scheduler answers without writing a table."""

from __future__ import annotations

import os
import signal

import pandas as pd
import pytest

from salesperf_model.cli import main
from salesperf_model.pipeline import run_comparison
from salesperf_model.pipeline.executors import DaskExecutor, make_executor
from salesperf_model.pipeline.stream import stream_comparison

distributed = pytest.importorskip("distributed")

BASELINE = "scenarios/baseline.yaml"
PLANS = ["scenarios/flat_commission.yaml"]
SIZES = {"reps": 20, "periods": 12, "simulations": 6, "seed": 11}


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert sorted(left) == sorted(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


@pytest.fixture(scope="module")
def unchunked():
    return run_comparison(PLANS, BASELINE, **SIZES)


def test_a_dask_cluster_gives_the_tables_of_a_local_run(unchunked):
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = make_executor(client)
        assert isinstance(executor, DaskExecutor)
        assert executor.workers == 1
        done = []
        with executor:
            streamed = stream_comparison(
                PLANS,
                BASELINE,
                chunk_size=2,
                executor=executor,
                progress=lambda n, total: done.append(n),
                **SIZES,
            )
        assert client.status == "running"  # a client handed in stays open
    assert_same_tables(streamed.tables, unchunked.tables)
    assert done == [1, 2, 3]


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_retried_and_the_tables_do_not_change(unchunked):
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        killed = []

        def kill_one_worker(done: int, total: int) -> None:
            if not killed:  # after the first chunk, while the others run
                address, pid = next(iter(pids.items()))
                os.kill(pid, signal.SIGKILL)
                killed.append(address)

        with make_executor(client) as executor:
            streamed = stream_comparison(
                PLANS, BASELINE, chunk_size=1, executor=executor, progress=kill_one_worker, **SIZES
            )
    assert killed
    assert_same_tables(streamed.tables, unchunked.tables)


def test_compare_with_a_scheduler_that_does_not_answer_writes_nothing(tmp_path, capsys):
    out = tmp_path / "tables"
    code = main(
        [
            "compare",
            *PLANS,
            "--baseline",
            BASELINE,
            "--sims",
            "2",
            "--reps",
            "10",
            "--out",
            str(out),
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--workers",
            "3",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "warning: --workers 3 is ignored with --scheduler" in err
    assert "FAIL --scheduler: no Dask scheduler at 'tcp://127.0.0.1:9' (connection refused" in err
    assert "no table written" in err
    assert not out.exists()


def _compare_with_a_failing_chunk(tmp_path, capsys, monkeypatch, error: Exception):
    """``salesperf compare`` in chunks of two simulations whose second chunk raises
    ``error``: (exit code, stderr, the output folder)."""
    from salesperf_model.pipeline import outcomes as pipeline_outcomes

    real = pipeline_outcomes.outcomes_for

    def failing(*args, first_simulation=0, **kwargs):
        if first_simulation == 2:
            raise error
        return real(*args, first_simulation=first_simulation, **kwargs)

    monkeypatch.setattr(pipeline_outcomes, "outcomes_for", failing)
    out = tmp_path / "tables"
    args = ["compare", *PLANS, "--baseline", BASELINE, "--sims", "3", "--reps", "10"]
    code = main([*args, "--out", str(out), "--chunk-size", "2", "--workers", "1"])
    return code, capsys.readouterr().err, out


def test_compare_names_the_chunk_that_failed_and_writes_nothing(tmp_path, capsys, monkeypatch):
    broke = ValueError("the simulation of this piece broke")
    code, err, out = _compare_with_a_failing_chunk(tmp_path, capsys, monkeypatch, broke)
    assert code == 1
    assert (
        "chunk 2 of 2 (simulations 2-2) failed: ValueError: the simulation of this piece broke"
        in err
    )
    assert not out.exists()


@pytest.mark.parametrize(
    "address", ["nonsense", "tcp://scheduler-host", "tcp://:8786", "tcp://127.0.0.1:99999"]
)
def test_a_scheduler_address_that_is_no_address_is_refused_at_once(address):
    """'nonsense' was handed to distributed.Client, which raised, then hung 20 s in its
    __del__ and printed a TimeoutError traceback after the message; an address without a
    host, or with a port no machine has, waited 10 s for an answer."""
    import time

    started = time.perf_counter()
    with pytest.raises(
        ValueError, match=r"expected a Dask scheduler address such as tcp://HOST:8786"
    ):
        make_executor(address)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("death", ["KilledWorker", "BrokenProcessPool"])
def test_a_worker_that_died_is_not_blamed_on_the_baseline_file(
    tmp_path, capsys, monkeypatch, death
):
    """A chunk lost with its worker process (Dask's KilledWorker, a local pool's
    BrokenProcessPool) is the machine's fault, not the plans': the message names the
    chunk and says so, without the baseline's file name in front."""
    died = type(death, (Exception,), {})("the worker's process ended")
    code, err, out = _compare_with_a_failing_chunk(tmp_path, capsys, monkeypatch, died)
    assert code == 1
    assert f"FAIL chunk 2 of 2 (simulations 2-2) failed: {death}: the worker's process" in err
    assert "a worker process died (not a fault of the plans): run again" in err
    assert BASELINE not in err
    assert not out.exists()
