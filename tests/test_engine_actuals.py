"""Engine rules that matter on real data and real careers: KPIs an export cannot score,
and C runs that belong to the person, not the seat."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.engine import consequence_flags, run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Grading

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
#: The baseline under the brief's plain rule (one target per KPI, no cap): hand sums.
BRIEF_RULE = Path(__file__).resolve().parent / "cases" / "brief_rule_plan.yaml"


def test_a_new_hire_does_not_inherit_the_predecessors_c_grades():
    grades = np.array([[[3, 3, 3, 3]]])  # C in four reviews running
    person = np.array([[[7, 7, 8, 8]]])  # a new person takes the seat in the third review
    improvement, _ = consequence_flags(grades, Grading(), person)
    # flagged after the second C of person 7, and again after the second C of person 8
    assert improvement.tolist() == [[[False, True, False, True]]]
    seat_only, _ = consequence_flags(grades, Grading())
    assert seat_only.tolist() == [[[False, True, True, True]]]


def _actuals(measures: dict[str, float]) -> Outcomes:
    rows = [
        {
            "rep_id": "h1",
            "period": f"2026-0{m}",
            "role": "new_business",
            "quota": 100_000.0,
            **measures,
        }
        for m in (1, 2, 3)
    ]
    return Outcomes.from_long(pd.DataFrame(rows), source="actuals")


def test_kpis_an_export_cannot_score_are_dropped_and_the_rest_rescaled():
    # The export has revenue, new customers and visits only. Of the baseline's hunter
    # weights, new_customer_revenue 30, new_customer_count 25, new_customer_conversion 15
    # and customer_visits 7 are scorable (77 points); the other 23 points (response time,
    # collaboration, compliance, four capability KPIs) need measures it lacks.
    # Hand calculation, quarter: revenue 300,000 / quota 300,000 = 1.0; customers 6 / fixed
    # target 2 x 3 = 1.0; conversion 6 / 60 visits = 0.10 / 0.10 = 1.0; visits 60 / 60 =
    # 1.0. Every scorable KPI at target: 77 x 100/77 = 100 points.
    outcomes = _actuals({"revenue_booked_new": 100_000.0, "new_customers": 2.0, "visits": 20.0})
    result = run_plan(outcomes, load_scenario(BRIEF_RULE))
    assert np.allclose(result.points, 100.0)
    assert set(result.kpi_points) == {
        "new_customer_revenue",
        "new_customer_count",
        "new_customer_conversion",
        "customer_visits",
    }
    assert np.isclose(result.kpi_points["new_customer_revenue"][0, 0, 0], 30 * 100 / 77)
    (note,) = [w for w in result.warnings if "cannot be scored" in w]  # one grouped note
    assert "response_time (5 points)" in note
    assert "its other KPIs scaled x1.30, from 77 to 100 points" in note


def test_simulated_outcomes_score_every_weighted_kpi():
    rows = [{"rep_id": "h1", "period": "2026-01", "role": "new_business", "quota": 1.0}]
    outcomes = Outcomes.from_long(pd.DataFrame(rows), source="simulation")
    result = run_plan(outcomes, load_scenario(BASELINE))
    assert "response_time" in result.kpi_points
    assert not any("cannot be scored" in w for w in result.warnings)
