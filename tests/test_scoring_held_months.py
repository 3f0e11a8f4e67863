"""A seat held for part of a review period (a leaver, a hire, a roster move, a vacancy)
is scored on the months it held: flow targets count those months, means average over
them, quota targets sum the quota of the months held. Scoring a leaver's quarter must
give what scoring a table of only the months held gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import read_outcomes_csv

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
LABELS = ("rep_id", "period", "role", "region", "region_tier", "team", "group")
#: describe the seat or its region, not what the rep did in the month
KEPT = ("person_id", "region_market_size", "tenure_months")


def example() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE, dtype={"period": str, "region_tier": str})


def zeroed(frame: pd.DataFrame, rep: str, months: list[str], *, keep_quota: bool) -> pd.DataFrame:
    """``rep``'s activity in ``months`` set to 0 (the months it did not hold the seat)."""
    frame = frame.copy()
    rows = (frame["rep_id"] == rep) & frame["period"].isin(months)
    keep = set(LABELS) | set(KEPT) | ({"quota"} if keep_quota else set())
    frame.loc[rows, [c for c in frame.columns if c not in keep]] = 0
    return frame


def review_points(path: Path, rep: str, review: str, roster: Path | None = None):
    result = run_plan(read_outcomes_csv(path, roster=roster), load_scenario(BASELINE))
    i = result.rep_ids.index(rep)
    r = result.review_labels.index(review)
    kpis = {name: float(points[0, i, r]) for name, points in result.kpi_points.items()}
    return kpis, float(result.points[0, i, r]), "SABC"[int(result.grades[0, i, r])]


@pytest.mark.parametrize("keep_quota", [False, True])
def test_a_leaver_is_scored_on_the_months_held(tmp_path, keep_quota) -> None:
    """N-NB1 leaves on 20 May (held April and May of the second quarter). Hand-worked
    from the example table (baseline targets of new business, April and May alone):
    visits 21 of 2 x 25.2 -> floor 0.5 x 7 = 3.5; response time 2.33 h against 2.7 ->
    4.31; collaboration (80 + 72) / 2 = 76 against 73.2 -> 5.19; ... 80.8 points, grade A.
    Before, June's zeros counted: 3 months' targets, means over 3 months, 68.9 points, C."""
    left = tmp_path / "left.csv"
    zeroed(example(), "N-NB1", ["2026-06"], keep_quota=keep_quota).to_csv(left, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,exit_date\nN-NB1,2026-05-20\n")
    held = tmp_path / "held.csv"
    frame = example()
    frame[frame["period"].isin(["2026-04", "2026-05"])].to_csv(held, index=False)

    kpis, points, grade = review_points(left, "N-NB1", "2026-Q2", roster)
    alone, alone_points, alone_grade = review_points(held, "N-NB1", "2026-Q2")
    assert kpis == pytest.approx(alone, abs=1e-9)
    assert (points, grade) == (pytest.approx(alone_points, abs=1e-9), alone_grade)
    assert points == pytest.approx(80.8, abs=0.05)
    assert grade == "A"
    assert kpis["customer_visits"] == pytest.approx(3.5)  # the floor: 21 of 50.4 visits


def test_a_hire_is_scored_on_the_months_held(tmp_path) -> None:
    """E-NB1 hired on 10 May: its second quarter is May and June."""
    hired = tmp_path / "hired.csv"
    zeroed(
        example(), "E-NB1", ["2026-01", "2026-02", "2026-03", "2026-04"], keep_quota=True
    ).to_csv(hired, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,hire_date\nE-NB1,2026-05-10\n")
    held = tmp_path / "held.csv"
    frame = example()
    frame[frame["period"].isin(["2026-05", "2026-06"])].to_csv(held, index=False)
    kpis, points, grade = review_points(hired, "E-NB1", "2026-Q2", roster)
    alone, alone_points, alone_grade = review_points(held, "E-NB1", "2026-Q2")
    assert kpis == pytest.approx(alone, abs=1e-9)
    assert (points, grade) == (pytest.approx(alone_points, abs=1e-9), alone_grade)


def test_a_seat_held_every_month_scores_as_before(tmp_path) -> None:
    """A roster that holds every seat all year changes no figure (bit for bit)."""
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,hire_date\nE-NB1,2020-01-01\n")
    with_roster = run_plan(read_outcomes_csv(EXAMPLE, roster=roster), load_scenario(BASELINE))
    plain = run_plan(read_outcomes_csv(EXAMPLE), load_scenario(BASELINE))
    for name, points in plain.kpi_points.items():
        np.testing.assert_array_equal(with_roster.kpi_points[name], points, err_msg=name)
