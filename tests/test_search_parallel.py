"""Sweeps and searches made fast without changing a figure: scores and grades reused when
only pay moves, points spread over any concurrent.futures.Executor with the same table as
one process, and the optimizer evaluating the same plans with or without workers."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from salesperf_model.engine import grading_key, run_plan, score_and_grade
from salesperf_model.loading import load_scenario
from salesperf_model.search import optimize, sweep
from salesperf_model.search.evaluate import Evaluator
from salesperf_model.search.parallel import evaluator_key, executor_workers

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SMALL = {"simulations": 4, "reps": 60, "periods": 6, "seed": 11}
RATE = "pay.commission.tiers.1.rate"
WEIGHT = "scoring.weights.new_business.new_customer_revenue"
COUNT = "scoring.weights.new_business.new_customer_count"


def _write(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _same_result(a, b) -> None:
    """Two PlanResults equal to the bit in every array, warning and label."""
    for name in ("points", "band_grades", "grades", "moved", "attainment"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert list(a.payouts) == list(b.payouts)
    for name in a.payouts:
        assert a.payouts[name].tobytes() == b.payouts[name].tobytes(), name
    assert a.warnings == b.warnings and a.review_labels == b.review_labels


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator(load_scenario(BASELINE, ["behaviour.enabled=false"]), **SMALL)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_paying_on_given_scores_and_grades_is_paying_from_scratch(path, evaluator):
    outcomes = evaluator.outcomes
    plan = load_scenario(path)
    _same_result(
        run_plan(outcomes, plan, graded=score_and_grade(outcomes, plan)), run_plan(outcomes, plan)
    )
    # a plan whose scoring and grading are the baseline's can be paid on the baseline's
    baseline = load_scenario(BASELINE)
    if grading_key(plan) == grading_key(baseline):
        reused = run_plan(outcomes, plan, graded=score_and_grade(outcomes, baseline))
        _same_result(reused, run_plan(outcomes, plan))


def test_the_grading_key_moves_with_scoring_and_grading_only():
    baseline = load_scenario(BASELINE)
    assert grading_key(load_scenario(BASELINE, [f"{RATE}=0.06"])) == grading_key(baseline)
    assert grading_key(load_scenario(BASELINE, [f"{WEIGHT}=31", f"{COUNT}=24"])) != grading_key(
        baseline
    )
    assert grading_key(load_scenario(BASELINE, ["grading.method=forced"])) != grading_key(baseline)


def test_a_cached_evaluation_equals_a_fresh_one(evaluator):
    # pay-only points reuse the baseline's grades; a weights point grades anew; both give
    # the figures of an evaluator that has graded nothing yet
    plans = [
        load_scenario(BASELINE, ["behaviour.enabled=false", f"{RATE}=0.06"]),
        load_scenario(
            BASELINE,
            [
                "behaviour.enabled=false",
                f"{WEIGHT}=35",
                f"{COUNT}=20",
            ],
        ),
        load_scenario(BASELINE, ["behaviour.enabled=false", f"{RATE}=0.03"]),
    ]
    for plan in plans:
        fresh = Evaluator(evaluator.baseline, **SMALL)
        fresh._graded.clear()
        pd.testing.assert_frame_equal(
            evaluator.evaluate(plan, simulate=False), fresh.evaluate(plan, simulate=False)
        )
    assert len(evaluator._graded) == 2  # the baseline's grades and the new weights'


@pytest.fixture(scope="module")
def grid(tmp_path_factory) -> Path:
    return _write(
        tmp_path_factory.mktemp("grid") / "grid.yaml",
        {
            # the weights rescaled to 100: a point moving one KPI's weight re-grades
            "fixed": {"behaviour.enabled": False, "scoring.normalise_weights": True},
            "parameters": {
                RATE: {"values": [0.03, 0.05]},
                WEIGHT: {"values": [30, 35]},
                "pay.bonuses.target_bonus.target_amount.default": {"values": [1000, 3000]},
            },
            "sizes": SMALL,
        },
    )


@pytest.fixture(scope="module")
def serial(grid):
    return sweep(BASELINE, grid)


def test_a_sweep_on_fresh_worker_processes_gives_the_same_table(grid, serial):
    # spawned workers inherit nothing: each simulates the baseline from the same seed
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        spread = sweep(BASELINE, grid, executor=pool)
    pd.testing.assert_frame_equal(spread.table, serial.table)
    assert len(serial.table) == 8 and set(serial.table["evaluation"]) == {"re-paid"}


def test_a_sweep_on_any_executor_gives_the_same_table(grid, serial):
    with ThreadPoolExecutor(3) as threads:
        spread = sweep(BASELINE, grid, executor=threads)
    pd.testing.assert_frame_equal(spread.table, serial.table)
    local = sweep(BASELINE, grid, workers=2)
    pd.testing.assert_frame_equal(local.table, serial.table)


def test_a_behaviour_sweep_simulates_every_point_the_same_on_workers(tmp_path):
    grid = _write(
        tmp_path / "behaviour.yaml",
        {"parameters": {RATE: {"values": [0.03, 0.05, 0.06]}}, "sizes": SMALL},
    )
    alone = sweep(BASELINE, grid)
    assert set(alone.table["evaluation"]) == {"simulated"}
    assert alone.table["why"].str.contains("behaviour on").all()
    spread = sweep(BASELINE, grid, workers=2)
    pd.testing.assert_frame_equal(spread.table, alone.table)


def test_the_evaluator_key_names_baseline_sizes_and_seed(evaluator):
    same = Evaluator(evaluator.baseline, **SMALL)
    other_seed = Evaluator(evaluator.baseline, **{**SMALL, "seed": 12})
    assert evaluator_key(same) == evaluator_key(evaluator) != evaluator_key(other_seed)
    assert executor_workers(ProcessPoolExecutor(3)) == 3


def test_the_optimizer_evaluates_the_same_plans_with_workers(tmp_path):
    search = _write(
        tmp_path / "search.yaml",
        {
            "objective": {"metric": "merit_alignment_pay"},
            "constraints": [{"metric": "share_losing_over_5pct", "at_most": 0.5}],
            "parameters": {
                "pay.commission.tiers.0.rate": {"low": 0.02, "high": 0.04, "step": 0.005},
                "pay.bonuses.target_bonus.target_amount.default": {
                    "low": 1000,
                    "high": 3000,
                    "step": 1000,
                },
            },
            "fixed": {"behaviour.enabled": False},
            "budget": {"evaluations": 9},
            "fit": {**SMALL, "seed": 5},
            "check": {**SMALL, "seed": 6},
        },
    )
    alone = optimize(BASELINE, search)
    spread = optimize(BASELINE, search, workers=2)
    columns = [c for c in alone.evaluations.columns if c != "seconds"]
    pd.testing.assert_frame_equal(spread.evaluations[columns], alone.evaluations[columns])
    assert len(alone.evaluations) == 9 and alone.stopped == spread.stopped
    assert alone.stopped == "evaluation budget reached (9 plans)"
    assert (spread.winner, spread.runner_up) == (alone.winner, alone.runner_up)
    pd.testing.assert_frame_equal(spread.check, alone.check)
