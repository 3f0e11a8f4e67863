"""Turnover metrics, hand-worked: who left (not promoted) per 100 seats, and how many of
them were better than the median rep that month; left out where the outcomes do not
follow people; a plan paying a third of the rates loses more reps than the baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model.measure.metric import MetricInputs, leavers
from salesperf_model.measure.registry import METRICS
from salesperf_model.outcomes import Outcomes

PERIODS = ["2026-01", "2026-02", "2026-03", "2026-04"]


def _outcomes(person, skill, promoted=None) -> Outcomes:
    person = np.asarray(person, float)[None]
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(person.shape[1])],
            "role": "new_business",
            "region": "R",
            "region_tier": 1,
            "team": "T",
            "group": "",
        }
    )
    meta = {} if promoted is None else {"promoted": np.asarray(promoted, bool)[None]}
    return Outcomes(
        reps=reps,
        periods=PERIODS,
        measures={"person_id": person},
        truth={"skill": np.asarray(skill, float)[None]},
        meta=meta,
    )


def _metric(name: str, outcomes: Outcomes) -> float:
    inputs = MetricInputs(result=None, outcomes=outcomes)  # these metrics read no pay
    return float(METRICS[name].compute(inputs)[0])


def test_leavers_and_good_leavers_worked_by_hand():
    # seat 0: person 1 leaves after March (a successor, 5, in April);
    # seat 1: person 2 is promoted after February (3 takes over): not a leaver;
    # seat 2: person 4 leaves after January, the seat stands empty, 6 starts in March;
    # seat 3: person 7 stays.
    person = [[1, 1, 1, 5], [2, 2, 3, 3], [4, -1, 6, 6], [7, 7, 7, 7]]
    skill = [
        [0.9, 0.9, 0.9, 0.0],  # leaver 1 in March: 0.9, the median of held seats 0.2
        [0.5, 0.5, 0.1, 0.1],
        [-0.3, 0.0, 0.3, 0.3],  # leaver 4 in January: -0.3, median 0.1 (0.9, 0.5, -0.3, -1)
        [-1.0, -1.0, 0.2, 0.2],
    ]
    promoted = np.zeros((4, 4), bool)
    promoted[1, 1] = True
    outcomes = _outcomes(person, skill, promoted)
    left = leavers(outcomes)[0]
    assert left.sum() == 2 and left[0, 2] and left[2, 0]
    assert _metric("leavers_per_100_reps", outcomes) == pytest.approx(100 * 2 / 4)
    # March's held seats: 0.9, 0.1, 0.3, 0.2 -> median 0.25; leaver 1 (0.9) is above.
    # January's: 0.9, 0.5, -0.3, -1.0 -> median 0.1; leaver 4 (-0.3) is below.
    assert _metric("good_reps_leaving_per_100_reps", outcomes) == pytest.approx(100 * 1 / 4)
    unpromoted = _outcomes(person, skill)  # without the promotion record: 3 changes
    assert _metric("leavers_per_100_reps", unpromoted) == pytest.approx(75.0)


def test_no_turnover_metrics_where_nobody_is_followed_or_nobody_left():
    still = _outcomes([[1, 1, 1, 1], [2, 2, 2, 2]], np.zeros((2, 4)))
    assert leavers(still) is None
    imported = Outcomes(
        reps=still.reps, periods=PERIODS, measures={"quota": np.ones((1, 2, 4))}, meta={}
    )
    assert leavers(imported) is None


@pytest.mark.slow
def test_a_plan_paying_a_third_of_the_rates_loses_more_reps(tmp_path):
    from pathlib import Path

    from salesperf_model import pipeline

    baseline = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"
    poor = tmp_path / "poor.yaml"
    poor.write_text(
        f"extends: {baseline}\nname: poor\npay:\n  commission:\n    tiers:\n"
        "      - {from_attainment: 0.0, rate: 0.01}\n"
        "      - {from_attainment: 1.0, rate: 0.0133}\n"
        "      - {from_attainment: 1.2, rate: 0.0167}\n"
    )
    run = pipeline.run_comparison([poor], baseline, reps=150, simulations=4, variants=False)
    rows = run.tables["comparison"].set_index(["plan", "metric"])
    left = rows.loc[("poor", "leavers_per_100_reps")]
    assert left["alternative"] > left["baseline"] > 0
    assert ("poor", "good_reps_leaving_per_100_reps") in rows.index


def _comparison_rows(left, good, low, high):
    rows = []
    for metric, (base, alt) in (
        ("leavers_per_100_reps", left),
        ("good_reps_leaving_per_100_reps", good),
    ):
        rows.append(
            {
                "plan": "poor",
                "metric": metric,
                "baseline": base,
                "alternative": alt,
                "difference": alt - base,
                "difference_low": low if metric.startswith("leavers") else alt - base,
                "difference_high": high if metric.startswith("leavers") else alt - base,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("low", "high", "how"),
    [
        (4.1, 10.9, "+7.5, 95% interval +4.1 to +10.9"),
        (-0.5, 15.5, "a difference inside the Monte Carlo error"),
    ],
)
def test_the_headline_says_how_many_reps_left_against_the_baseline(low, high, how):
    from salesperf_model.present.turnover_words import turnover_sentence

    rows = _comparison_rows((24.0, 31.5), (9.5, 14.0), low, high)
    assert turnover_sentence(rows, "poor", "base") == (
        f"31.5 reps in 100 left over the period against 24.0 under Base ({how}); 14.0 of "
        "them better than the median rep against 9.5."
    )
    assert turnover_sentence(rows.iloc[:0], "poor", "base") is None
