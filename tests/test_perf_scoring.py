"""Scoring's shortcuts give the figures of the plain computation: the review scored on
its recent months only, and KPI points reused across runs on shared measure arrays."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine.run import last_review_graded, score_and_grade
from salesperf_model.engine.scoring_kernels import reusing_points
from salesperf_model.loading import load_scenario
from salesperf_model.measure.variants import revenue_at_quota, revenue_scaled
from salesperf_model.outcomes import Outcomes
from salesperf_model.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture(scope="module")
def year() -> Outcomes:
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    return simulate(scenario.population, reps=60, periods=12, simulations=3, seed=7)


def _fresh(outcomes: Outcomes) -> Outcomes:
    """The same figures in new arrays (nothing reused from an earlier run)."""
    measures = {name: values.copy() for name, values in outcomes.measures.items()}
    return replace(outcomes, measures=measures)


@pytest.mark.parametrize("name", ["baseline.yaml", "forced_distribution.yaml"])
@pytest.mark.parametrize("months", [3, 6, 9, 12])
def test_the_last_review_of_its_recent_months_is_that_of_every_month(
    year: Outcomes, name: str, months: int
) -> None:
    scenario = load_scenario(SCENARIOS / name)
    so_far = replace(
        year,
        periods=year.periods[:months],
        measures={k: v[..., :months] for k, v in year.measures.items()},
        truth=None,
    )
    whole, recent = score_and_grade(_fresh(so_far), scenario), last_review_graded(so_far, scenario)
    for field in ("grades", "band_grades", "improvement_flag", "promotion_flag"):
        assert np.array_equal(
            getattr(whole.grades, field)[..., -1], getattr(recent.grades, field)[..., -1]
        )
    assert np.array_equal(whole.points[..., -1], recent.points[..., -1])


def test_points_reused_across_variants_are_those_scored_afresh(year: Outcomes) -> None:
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    with reusing_points():
        actual = score_and_grade(year, scenario)  # the actual run: its points are kept
        for variant in (revenue_at_quota(year), revenue_scaled(year, 1.01)):
            reused = score_and_grade(variant, scenario)
            afresh = score_and_grade(_fresh(variant), scenario)
            assert reused.kpi_points.keys() == afresh.kpi_points.keys()
            for name, points in afresh.kpi_points.items():
                assert np.array_equal(reused.kpi_points[name], points), name
            assert np.array_equal(reused.points, afresh.points)
            assert np.array_equal(reused.grades.grades, afresh.grades.grades)
            shared = [k for k in reused.kpi_points if reused.kpi_points[k] is actual.kpi_points[k]]
            assert shared, "no KPI's points were reused"


def test_outside_an_evaluation_nothing_is_reused_so_an_edit_in_place_counts(
    year: Outcomes,
) -> None:
    """Points are kept by the ids of the arrays read: kept everywhere, a measure edited in
    place would have scored as before it was edited."""
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = _fresh(year)
    before = score_and_grade(outcomes, scenario).points.copy()
    outcomes.measures["visits"][...] = 0.0
    after = score_and_grade(outcomes, scenario).points
    assert np.array_equal(after, score_and_grade(_fresh(outcomes), scenario).points)
    assert not np.array_equal(after, before)
