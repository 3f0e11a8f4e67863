"""Scoring's shortcuts give the figures of the plain computation: the review scored on
its recent months only, and the compiled pass on a measure edited in place."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine.run import last_review_graded, score_and_grade
from salesperf_model.loading import load_scenario
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


def test_a_measure_edited_in_place_is_scored_as_edited(
    year: Outcomes,
) -> None:
    """Points were once kept by the ids of the arrays read: a measure edited in place
    then scored as before it was edited."""
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = _fresh(year)
    before = score_and_grade(outcomes, scenario).points.copy()
    outcomes.measures["visits"][...] = 0.0
    after = score_and_grade(outcomes, scenario).points
    assert np.array_equal(after, score_and_grade(_fresh(outcomes), scenario).points)
    assert not np.array_equal(after, before)
