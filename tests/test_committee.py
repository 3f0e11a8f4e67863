"""The committee view: moved reps by name, borderline cases, grade changes and C-twice
cases, on a hand-made result and through the engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from plan_result_fixture import FakePlanResult, make_outcomes

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.present.committee import committee_tables

ROOT = Path(__file__).parents[1]
BASELINE = load_scenario(ROOT / "scenarios" / "baseline.yaml")  # bands S 90, A 80, B 70


def hand_made() -> tuple[FakePlanResult, object]:
    """Three reps over three quarters; S=0 A=1 B=2 C=3."""
    outcomes = make_outcomes(1, 3, 9)
    grades = np.array([[[1, 1, 2], [3, 3, 3], [0, 1, 1]]])
    result = FakePlanResult(
        scenario_name="hand",
        payouts={},
        grades=grades,
        attainment=np.ones((1, 3, 9)),
        review_of_month=np.repeat(np.arange(3), 3),
        review_labels=["Q1", "Q2", "Q3"],
    )
    result.points = np.array([[[85.0, 81.5, 79.0], [50.0, 60.0, 69.0], [95.0, 89.0, 88.0]]])
    # r0 in Q3 has band grade A (as if the bands said so) and the rule moved it to B
    result.band_grades = np.array([[[1, 1, 1], [3, 3, 3], [0, 1, 1]]], dtype=np.int8)
    result.moved = result.grades != result.band_grades
    result.improvement_flag = np.array([[[False, False, False], [False, True, True], [False] * 3]])
    return result, outcomes


def test_tables_by_hand() -> None:
    result, outcomes = hand_made()
    tables = committee_tables(result, outcomes, BASELINE, within=2.0)
    moved = tables["moved"]
    assert moved[["review", "rep_id", "band_grade", "grade"]].values.tolist() == [
        ["Q3", "r0", "A", "B"]
    ]
    border = tables["borderline"]
    # r0 Q2 81.5 (1.5 above 80), r0 Q3 79 (1 below 80), r1 Q3 69 (1 below 70),
    # r2 Q2 89 (1 below 90), r2 Q3 88 (2 below 90)
    got = border[["review", "rep_id", "edge", "points_to_edge"]].values.tolist()
    assert got == [
        ["Q2", "r0", 80.0, 1.5],
        ["Q2", "r2", 90.0, -1.0],
        ["Q3", "r0", 80.0, -1.0],
        ["Q3", "r1", 70.0, -1.0],
        ["Q3", "r2", 90.0, -2.0],
    ]
    changes = tables["grade_changes"]
    assert changes[["review", "rep_id", "previous_grade", "grade"]].values.tolist() == [
        ["Q2", "r2", "S", "A"],
        ["Q3", "r0", "A", "B"],
    ]
    c_twice = tables["c_twice"]
    assert c_twice["rep_id"].tolist() == ["r1", "r1"]
    assert c_twice["history"].iloc[0] == "Q1 C (50.00), Q2 C (60.00)"


def test_moved_matches_the_engine_counts() -> None:
    outcomes = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    scenario = load_scenario(ROOT / "scenarios" / "forced_distribution.yaml")
    result = run_plan(outcomes, scenario)
    moved = committee_tables(result, outcomes, scenario)["moved"]
    counts = moved.groupby(["review", "band_grade", "grade"]).size().rename("reps")
    expected = result.moved_table().set_index(["review", "band_grade", "grade"])["reps"]
    pd.testing.assert_series_equal(counts.sort_index(), expected.sort_index(), check_dtype=False)
    assert (moved["rank"] <= moved["unit_size"]).all()


def test_a_ranked_plan_result_with_its_records_can_be_cached_exactly() -> None:
    # the pipeline keeps plan results in the cache: an uncacheable record would silently
    # make every forced or hybrid plan recompute
    from salesperf_model.cache.codec import decode, encode

    outcomes = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    scenario = load_scenario(ROOT / "scenarios" / "forced_distribution.yaml")
    for records in (False, True):
        result = run_plan(outcomes, scenario, records=records)
        arrays: dict[str, np.ndarray] = {}

        def add(array: np.ndarray, store: dict[str, np.ndarray] = arrays) -> str:
            store[f"a{len(store)}"] = array
            return f"a{len(store) - 1}"

        back = decode(encode(result, add), arrays)
        assert back.grade_record.unit == result.grade_record.unit
        assert np.array_equal(back.grade_record.rank, result.grade_record.rank)
        assert np.array_equal(back.grade_record.counts, result.grade_record.counts)
        assert back.pay_records.keys() == result.pay_records.keys()


def test_points_just_under_a_band_edge_never_read_as_the_edge() -> None:
    """79.96 points (band B) was shown as "80.0 ... edge 80 ... band grade B", and 69.46
    as "69.5" in one table and "C (69.4)" in the history beside it. Points are shown cut
    to two decimals, never rounded up across an edge, the same in every table."""
    result, outcomes = hand_made()
    result.points = np.array([[[85.0, 81.5, 79.996], [50.0, 69.456, 69.0], [95.0, 89.0, 88.0]]])
    tables = committee_tables(result, outcomes, BASELINE, within=2.0)
    border = tables["borderline"].set_index(["review", "rep_id"])
    assert border.loc[("Q3", "r0"), "points"] == 79.99
    assert border.loc[("Q3", "r0"), "points_to_edge"] == -0.01
    assert tables["c_twice"]["history"].iloc[0] == "Q1 C (50.00), Q2 C (69.45)"


def _tied_unit(tie_rule: str):
    """Eight reps of one region: 90, six tied at 65, 50; forced shares 12.5/37.5/40/10
    make the rule's counts S 1, A 3, B 3, C 1."""
    from salesperf_model.engine.grading import forced_counts, ranked_grades

    scenario = load_scenario(ROOT / "scenarios" / "forced_distribution.yaml")
    grading = scenario.grading.model_copy(update={"tie_rule": tie_rule})
    assert forced_counts(8, grading).tolist() == [1, 3, 3, 1]
    points = np.array([90.0, 65, 65, 65, 65, 65, 65, 50])[None, :, None]
    ranks = np.zeros(points.shape, dtype=np.int32)
    counts = np.zeros((*points.shape, 4), dtype=np.int32)
    grades = ranked_grades(
        points,
        np.full(points.shape, 2, dtype=np.int8),
        grading,
        units=np.zeros(8, dtype=int),
        rep_ids=np.array([f"r{i}" for i in range(8)]),
        ranks=ranks,
        quota_counts=counts,
    )
    return grades, ranks, counts


def test_reps_tied_on_points_share_their_rank_under_same_grade() -> None:
    """Tied reps were ranked 2, 3, ..., 7 in rep_id order though their points are equal:
    a committee read an order that does not exist. Under same_grade they share rank 2
    (and take its grade, A); under rep_id the order is the rule's own."""
    grades, ranks, _ = _tied_unit("same_grade")
    assert ranks[0, :, 0].tolist() == [1, 2, 2, 2, 2, 2, 2, 8]
    assert grades[0, :, 0].tolist() == [0, 1, 1, 1, 1, 1, 1, 3]
    grades, ranks, _ = _tied_unit("rep_id")
    assert ranks[0, :, 0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert grades[0, :, 0].tolist() == [0, 1, 1, 1, 2, 2, 2, 3]


def test_the_committee_names_a_tie_that_overrode_the_rules_counts() -> None:
    from salesperf_model.engine.records import GradeRecord
    from salesperf_model.present.committee_ties import tie_overshoots

    grades, ranks, counts = _tied_unit("same_grade")
    outcomes = make_outcomes(1, 8, 3)
    result = FakePlanResult(
        scenario_name="tied",
        payouts={},
        grades=grades,
        attainment=np.ones((1, 8, 3)),
        review_of_month=np.zeros(3, dtype=int),
        review_labels=["Q2"],
    )
    result.points = np.array([90.0, 65, 65, 65, 65, 65, 65, 50])[None, :, None]
    result.grade_record = GradeRecord("region", ["Central"] * 8, np.full(8, 8), ranks, counts)
    ties = tie_overshoots(result, outcomes)
    assert ties.to_dict("records") == [
        {
            "review": "Q2",
            "unit": "region Central",
            "points": 65.0,
            "tied_reps": 6,
            "grade": "A",
            "ranks": "2-7",
            "rule_counts": "S 1, A 3, B 3, C 1",
            "over_the_count": 3,
        }
    ]
    tables = committee_tables(result, outcomes, BASELINE)
    assert tables["ties"].equals(ties)
