"""The comparison in chunks of simulations: tables bit for bit those of the unchunked run
whatever the chunk size and wherever chunks run; a failing chunk named; memory of the
merged results independent of the chunk size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine import EnginePlanResponse
from salesperf_model.loading import load_scenario
from salesperf_model.measure.horizon import HorizonOutcomes, horizon_outcomes
from salesperf_model.pipeline import load_plans, outcomes_for, run_comparison
from salesperf_model.pipeline import outcomes as pipeline_outcomes
from salesperf_model.pipeline.executors import (
    InProcessExecutor,
    SchedulerUnreachable,
    make_executor,
)
from salesperf_model.pipeline.stream import ChunkFailed, chunk_tasks, stream_comparison
from salesperf_model.simulate import simulate

BASELINE = "scenarios/baseline.yaml"
PLANS = ["scenarios/flat_commission.yaml", "scenarios/steep_accelerator.yaml"]
SIZES = {"reps": 24, "periods": 12, "simulations": 7, "seed": 5}


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert sorted(left) == sorted(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


@pytest.fixture(scope="module")
def unchunked():
    return run_comparison(PLANS, BASELINE, **SIZES)


def test_a_chunk_of_simulations_is_bit_for_bit_those_rows_of_the_whole_run():
    scenario = load_scenario(BASELINE)
    whole = outcomes_for(scenario, reps=20, periods=6, simulations=5, seed=3, plan=scenario)
    rows = simulate(
        scenario.population,
        scenario.simulation,
        reps=20,
        periods=6,
        simulations=2,
        seed=3,
        plan_response=EnginePlanResponse(scenario, market=scenario, behaviour=scenario.behaviour),
        behaviour=scenario.behaviour,
        first_simulation=2,
    )
    for name, values in whole.measures.items():
        np.testing.assert_array_equal(values[2:4], rows.measures[name], err_msg=name)
    for name, values in whole.truth.items():
        np.testing.assert_array_equal(values[2:4], rows.truth[name], err_msg=name)


@pytest.mark.parametrize("chunk_size", [1, 3, 7])
def test_every_table_is_identical_whatever_the_chunk_size(unchunked, chunk_size):
    streamed = stream_comparison(PLANS, BASELINE, chunk_size=chunk_size, **SIZES)
    assert_same_tables(streamed.tables, unchunked.tables)
    assert streamed.settings.simulations == SIZES["simulations"]


def test_without_behaviour_one_simulation_is_paid_by_every_plan_chunk_by_chunk():
    overrides = ["behaviour=none"]
    sizes = {**SIZES, "simulations": 4}
    whole = run_comparison(PLANS[:1], BASELINE, overrides=overrides, **sizes)
    streamed = stream_comparison(PLANS[:1], BASELINE, overrides=overrides, chunk_size=3, **sizes)
    assert not streamed.behaviour
    assert_same_tables(streamed.tables, whole.tables)


def test_the_deferred_vesting_schedule_is_identical_whatever_the_chunk_size():
    """Who left and what had not vested are worked out per chunk; the merged schedule by
    year (past the horizon too) is bit for bit the unchunked one."""
    overrides = [
        "pay.long_term=[{type: deferred_bonus, name: equity, vesting: [[1, 0.2], [2, 0.8]]}]"
    ]
    sizes = {**SIZES, "simulations": 5, "periods": 18}
    whole = run_comparison(PLANS[:1], BASELINE, overrides=overrides, **sizes)
    table = whole.tables["deferred_vesting"]
    assert set(table["plan"]) == {"flat_commission"}  # the baseline has no deferred bonus
    assert table["after_horizon"].any() and (table["mean"] > 0).any()
    assert table.loc[table["flow"] == "forfeited", "mean"].sum() > 0
    for chunk_size in (2, 5):
        streamed = stream_comparison(
            PLANS[:1], BASELINE, overrides=overrides, chunk_size=chunk_size, **sizes
        )
        assert_same_tables(streamed.tables, whole.tables)


def test_local_processes_give_the_tables_of_this_process(unchunked):
    with make_executor(workers=2) as executor:
        done = []
        streamed = stream_comparison(
            PLANS,
            BASELINE,
            chunk_size=2,
            executor=executor,
            progress=lambda n, total: done.append((n, total)),
            **SIZES,
        )
    assert_same_tables(streamed.tables, unchunked.tables)
    assert done == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_chunks_split_the_simulations_in_order_the_last_smaller():
    plans = load_plans(PLANS[:1], BASELINE)
    tasks = chunk_tasks(plans, simulations=7, chunk_size=3)
    assert [(t.first, t.count) for t in tasks] == [(0, 3), (3, 3), (6, 1)]
    assert tasks[2].describe() == "chunk 3 of 3 (simulations 6-6)"
    with pytest.raises(ValueError, match="chunk_size must be at least 1, got 0"):
        chunk_tasks(plans, simulations=7, chunk_size=0)


def test_a_chunk_that_raises_is_named_with_its_simulations(monkeypatch):
    real = pipeline_outcomes.outcomes_for

    def failing(*args, first_simulation=0, **kwargs):
        if first_simulation == 3:
            raise ValueError("a broken piece of the run")
        return real(*args, first_simulation=first_simulation, **kwargs)

    monkeypatch.setattr(pipeline_outcomes, "outcomes_for", failing)
    with pytest.raises(ChunkFailed) as caught:
        stream_comparison(PLANS[:1], BASELINE, chunk_size=3, **{**SIZES, "simulations": 6})
    assert str(caught.value) == (
        "chunk 2 of 2 (simulations 3-5) failed: ValueError: a broken piece of the run"
    )


def test_horizon_outcomes_keep_what_tables_read_and_drop_the_months():
    scenario = load_scenario(BASELINE)
    outcomes = outcomes_for(scenario, reps=10, periods=6, simulations=2, seed=1)
    horizon = horizon_outcomes(outcomes)
    assert isinstance(horizon, HorizonOutcomes)
    assert horizon.shape == (2, 10, 1)
    np.testing.assert_array_equal(horizon.get("quota")[..., 0], outcomes.get("quota").sum(axis=2))
    np.testing.assert_array_equal(
        horizon.get("revenue_booked")[..., 0], outcomes.get("revenue_booked").sum(axis=2)
    )
    np.testing.assert_array_equal(
        horizon.truth["skill"][..., 0], outcomes.truth["skill"].mean(axis=2)
    )


def test_make_executor_kinds_and_refusals():
    assert isinstance(make_executor(workers=1), InProcessExecutor)
    with pytest.raises(ValueError, match="workers must be at least 1, got 0"):
        make_executor(workers=0)
    with pytest.raises(TypeError, match="expected None, a Dask scheduler address"):
        make_executor(scheduler=8786)
    with pytest.raises(SchedulerUnreachable) as caught:
        make_executor("tcp://127.0.0.1:9", timeout=1)
    # nothing listens: said at once, not after the timeout (it waited the full 10 s)
    assert (
        "no Dask scheduler at 'tcp://127.0.0.1:9' (connection refused: nothing listens on port 9)"
        in str(caught.value)
    )
    with pytest.raises(ValueError, match="an inproc:// address names a scheduler inside this"):
        make_executor("inproc://x", timeout=1)  # was 'something answered ... not as Dask'


def test_group_sums_add_each_groups_seats_per_simulation():
    from salesperf_model.measure.cost import group_sums

    values = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 20.0, 30.0, 40.0]])
    codes = np.array([1, 0, 1, 0])
    np.testing.assert_array_equal(group_sums(values, codes, 2), [[6.0, 4.0], [60.0, 40.0]])
    rows = np.concatenate([group_sums(values[i : i + 1], codes, 2) for i in range(2)])
    np.testing.assert_array_equal(rows, group_sums(values, codes, 2))


def test_monte_carlo_percentiles_are_nanpercentiles_with_or_without_nan():
    from salesperf_model.measure.statistics import monte_carlo_summary

    draws = np.random.default_rng(4).normal(size=(37, 5)) * 1e5
    summary = monte_carlo_summary(draws)
    expected = np.nanpercentile(draws, [5, 50, 95], axis=0)
    for row, name in enumerate(("p5", "p50", "p95")):
        np.testing.assert_array_equal(summary[name], expected[row])
    draws[3, 1] = np.nan
    with_nan = monte_carlo_summary(draws)
    np.testing.assert_array_equal(with_nan["p50"][1], np.nanpercentile(draws[:, 1], 50))


def test_the_pay_variance_split_of_a_simulation_does_not_depend_on_its_chunk():
    """A one-simulation chunk once summed its Shapley fits in another order than a
    seven-simulation one (shape-dependent einsum and row sums): last bits moved."""
    from salesperf_model.measure.pay_variance import variance_parts

    rng = np.random.default_rng(1)
    pay = rng.lognormal(10, 0.5, (7, 24))
    drivers = {name: rng.normal(size=(7, 24)) for name in "abcdef"}
    roles = np.array(["x"] * 10 + ["y"] * 14)
    whole = variance_parts(pay, drivers, roles)
    for first, stop in [(0, 1), (1, 4), (4, 7), (6, 7)]:
        part = variance_parts(
            pay[first:stop], {n: v[first:stop] for n, v in drivers.items()}, roles
        )
        for name, values in whole.items():
            np.testing.assert_array_equal(values[first:stop], part[name], err_msg=name)


def _per_seat_bytes(value: object, cells: tuple[int, int]) -> int:
    """Bytes of the (simulations, reps, ...) arrays in a chunk summary."""
    if isinstance(value, np.ndarray):
        return value.nbytes if value.shape[:2] == cells else 0
    if isinstance(value, dict):
        return sum(_per_seat_bytes(v, cells) for v in value.values())
    if hasattr(value, "__dataclass_fields__"):
        return sum(_per_seat_bytes(getattr(value, f), cells) for f in value.__dataclass_fields__)
    return 0


def test_a_chunk_keeps_84_bytes_per_rep_simulation_and_plan():
    from salesperf_model.pipeline.stream import run_chunk

    plans = load_plans(PLANS[:1], BASELINE)
    assert plans.scenarios[plans.baseline].behaviour.enabled  # each plan its own outcomes
    task = chunk_tasks(plans, simulations=2, chunk_size=2, reps=50, periods=12, seed=1)[0]
    summary = run_chunk(task)
    cells = 2 * 50
    for plan in plans.scenarios:
        result = summary.results[plan]
        # total and fixed pay per seat, no component per seat (9 of them in the baseline)
        assert sorted(result.rep_pay) == ["fixed", "total"] and result.payouts == {}
        assert len(result.components) == 9 and result.component_pay["commission"].shape == (2,)
        assert set(result.group_pay) == {"role", "region"}
        # pay: total, fixed, attained quota 3 x 8 + grades 4 reviews x 1 = 28; at target:
        # total 8; outcomes: quota, big-account and all booked revenue, collected revenue,
        # skill and big-account share 6 x 8 = 48 (no seat x month flag such as promoted)
        kept = [summary.results[plan], summary.at_target[plan], summary.outcomes[plan]]
        assert [_per_seat_bytes(part, (2, 50)) / cells for part in kept] == [28, 8, 48]


def test_chunks_keep_one_rep_table_per_plan_not_one_per_chunk():
    from salesperf_model.pipeline.stream import run_chunks

    plans = load_plans(PLANS[:1], BASELINE)
    tasks = chunk_tasks(plans, simulations=3, chunk_size=1, reps=12, periods=6, seed=2)
    summaries = run_chunks(tasks, InProcessExecutor())
    for plan in plans.scenarios:
        first = summaries[0].outcomes[plan].reps
        assert len(first) == 12
        assert all(s.outcomes[plan].reps is first for s in summaries[1:])


def test_chunks_in_this_process_are_counted_as_each_ends(monkeypatch):
    """``--workers 1``: the progress bar moves after each chunk, not once at the end."""
    from salesperf_model.pipeline import stream
    from salesperf_model.pipeline.stream import run_chunks

    events: list[str] = []
    real = stream.run_chunk

    def recorded(task):
        events.append(f"run {task.index}")
        return real(task)

    monkeypatch.setattr(stream, "run_chunk", recorded)
    plans = load_plans(PLANS[:1], BASELINE)
    tasks = chunk_tasks(plans, simulations=3, chunk_size=1, reps=12, periods=6, seed=2)
    run_chunks(tasks, InProcessExecutor(), progress=lambda d, n: events.append(f"{d}/{n}"))
    assert events == ["run 0", "1/3", "run 1", "2/3", "run 2", "3/3"]


def test_a_failing_chunk_in_this_process_is_named(monkeypatch):
    from salesperf_model.pipeline import stream
    from salesperf_model.pipeline.stream import run_chunks

    real = stream.run_chunk

    def second_fails(task):
        if task.index == 1:
            raise ValueError("no quota for seat 3")
        return real(task)

    monkeypatch.setattr(stream, "run_chunk", second_fails)
    plans = load_plans(PLANS[:1], BASELINE)
    tasks = chunk_tasks(plans, simulations=3, chunk_size=1, reps=12, periods=6, seed=2)
    with pytest.raises(ChunkFailed, match=r"chunk 2 of 3 \(simulations 1-1\) failed: ValueError"):
        run_chunks(tasks, InProcessExecutor())


def test_chunks_merged_in_any_order_of_arrival_give_the_same_tables(unchunked):
    """Workers finish in any order: the merger writes each chunk at its own rows, and
    names, labels and the rep table come from the first chunk whichever arrives first."""
    from salesperf_model.measure import comparison_tables
    from salesperf_model.pipeline.chunk_merge import ChunkMerger
    from salesperf_model.pipeline.stream import run_chunks

    plans = load_plans(PLANS, BASELINE)
    sizes = {k: SIZES[k] for k in ("reps", "periods", "seed")}
    tasks = chunk_tasks(plans, simulations=SIZES["simulations"], chunk_size=3, **sizes)
    summaries = run_chunks(tasks, InProcessExecutor())
    merger = ChunkMerger.of_tasks(plans, tasks)
    for summary in reversed(summaries):  # the last chunk (one simulation) arrives first
        merger.add(summary)
    evaluations, own, outcomes = merger.finish()
    tables = comparison_tables(evaluations, plans.baseline, outcomes, own_tables=own)
    assert_same_tables(tables, unchunked.tables)


def _listener(reply: bytes | None):
    """A local TCP server that is not a Dask scheduler: it sends ``reply`` (garbage) to
    whoever connects, or, with None, accepts and says nothing (a web server waiting for a
    request)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            held.append(connection)
            if reply is not None:
                connection.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    return server, held


@pytest.mark.parametrize(
    "reply, said",
    [
        (None, "no Dask scheduler answered at"),
        (b"HTTP/1.0 400 Bad Request\r\n\r\n" * 4, "something answered at"),
    ],
)
def test_an_address_where_something_else_listens_is_named_not_a_traceback(reply, said):
    import time

    server, held = _listener(reply)
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    started = time.perf_counter()
    try:
        with pytest.raises(SchedulerUnreachable) as caught:
            make_executor(address, timeout=1)
    finally:
        server.close()
        for connection in held:
            connection.close()
    message = str(caught.value)
    assert said in message and repr(address) in message
    assert "expected the address of a running scheduler" in message
    assert time.perf_counter() - started < 8  # not Dask's 20 s close of a half-made client
