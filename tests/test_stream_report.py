"""`salesperf report --scheduler/--workers`: the comparison notebook's simulations in chunks
on an executor, with the tables and report views of a run in one piece, and a scheduler that
does not answer refused before any kernel starts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model import cli
from salesperf_model.pipeline import executors, run_comparison
from salesperf_model.pipeline.stream import comparison_on
from salesperf_model.present import sales_views
from salesperf_model.report.jobs import plan_jobs

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
PLANS = [ROOT / "scenarios" / "flat_commission.yaml", ROOT / "scenarios" / "steep_accelerator.yaml"]
SIZES = {"reps": 24, "periods": 12, "simulations": 5, "seed": 7}


@pytest.fixture(scope="module")
def unchunked():
    return run_comparison(PLANS, BASELINE, **SIZES)


@pytest.fixture(scope="module")
def on_cluster():
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        # an address, as the notebook is given it; chunks of 2, 2 and 1 simulations
        yield comparison_on(
            PLANS, BASELINE, scheduler=cluster.scheduler_address, chunk_size=2, **SIZES
        )


def test_the_comparison_on_a_scheduler_gives_the_tables_of_a_run_in_one_piece(
    unchunked, on_cluster
):
    assert sorted(on_cluster.tables) == sorted(unchunked.tables)
    for name, table in unchunked.tables.items():
        pd.testing.assert_frame_equal(on_cluster.tables[name], table, check_exact=True, obj=name)
    assert on_cluster.settings.simulations == 5


def test_the_report_views_of_a_streamed_run_are_those_of_a_run_in_one_piece(unchunked, on_cluster):
    views = {
        "cash flow": lambda run: sales_views.cash_flow_table(run, run.baseline),
        "monthly totals": sales_views.monthly_totals,
        "regions": sales_views.region_comparison,
        "attainment bands": sales_views.attainment_table,
        "pay curve": sales_views.pay_curve_table,
    }
    for name, view in views.items():
        pd.testing.assert_frame_equal(view(on_cluster), view(unchunked), check_exact=True, obj=name)
    flow = sales_views.cash_flow_table(on_cluster, on_cluster.baseline)
    assert len(flow) == 12
    # the months' pay adds up to the horizon's: pay by month is not pay of one month
    horizon = on_cluster.results[on_cluster.baseline].rep_pay["total"].sum()
    assert np.isclose(flow["total"].sum(), horizon / 5, rtol=1e-12)
    regions = sales_views.region_comparison(on_cluster)
    assert (regions["revenue_collected"] > 0).all()  # collected revenue kept, not read as 0
    assert sales_views.month_by_month(unchunked)
    assert not sales_views.month_by_month(on_cluster)  # the sales +-10% section is left out


def test_workers_one_streams_in_this_process_with_the_same_tables(unchunked):
    local = comparison_on(PLANS, BASELINE, workers=1, chunk_size=3, **SIZES)
    pd.testing.assert_frame_equal(local.tables["summary"], unchunked.tables["summary"])
    pd.testing.assert_frame_equal(
        local.tables["cost_by_region"], unchunked.tables["cost_by_region"]
    )


def test_chunk_parameters_reach_the_comparison_notebook_alone():
    chunks = {"scheduler": "tcp://10.0.0.5:8786", "workers": None, "chunk_size": 4}
    jobs, comparison = plan_jobs(PLANS, BASELINE, {"reps": 10}, comparison_parameters=chunks)
    assert comparison is not None
    assert {k: comparison.parameters[k] for k in chunks} == chunks
    assert comparison.parameters["reps"] == 10
    for job in jobs:
        assert "scheduler" not in job.parameters and job.parameters["reps"] == 10


def test_a_scheduler_that_does_not_answer_is_refused_before_any_report(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", 1.0)
    out = tmp_path / "reports"
    args = ["report", str(PLANS[0]), "--baseline", str(BASELINE), "--out", str(out)]
    refused = [*args, "--scheduler", "tcp://127.0.0.1:9", "--workers", "2", "--no-progress"]
    assert cli.main(refused) == 2
    error = capsys.readouterr().err
    assert "warning: --workers 2 is ignored with --scheduler: the cluster's workers" in error
    assert "--scheduler: no Dask scheduler at 'tcp://127.0.0.1:9' (connection refused" in error
    assert "no report started" in error
    assert not out.exists()  # no kernel started, nothing written


@pytest.mark.slow
def test_salesperf_report_on_a_scheduler_writes_the_tables_of_a_report_in_one_piece(
    tmp_path, capsys
):
    sizes = ["--reps", "30", "--periods", "6", "--sims", "4", "--seed", "5"]
    common = [str(PLANS[0]), "--baseline", str(BASELINE), "--no-validation", "--no-progress"]
    common += ["--jobs", "2", *sizes]

    def tables(out: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted((out / "comparison").glob("*.csv"))}

    plain = tmp_path / "plain"
    assert cli.main(["report", *common, "--out", str(plain), "--no-cache"]) == 0
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        streamed = tmp_path / "streamed"
        argv = ["report", *common, "--out", str(streamed), "--scheduler", address]
        assert cli.main([*argv, "--chunk-size", "1"]) == 0, capsys.readouterr()
    assert "summary.csv" in tables(plain)
    assert tables(streamed) == tables(plain)
    page = (streamed / "comparison" / "report.html").read_text(encoding="utf-8")
    assert "Not shown: the simulations ran in chunks" in page
