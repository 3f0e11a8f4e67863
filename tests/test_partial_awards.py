"""Fixed bonus awards over settlement periods the data covers only in part are pro-rated
by the months present, and the plan says so (hand-worked)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine.bonus_notes import partial_award_notes
from salesperf_model.engine.bonuses import BonusInputs, bonus_payouts
from salesperf_model.engine.periods import period_groups
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import TeamPoolBonus, ThresholdBonus, TopNBonus


def _inputs(periods: list[str]) -> BonusInputs:
    """Two reps in one region, 10 revenue and 10 quota every month."""
    rows = [
        {"rep_id": rep, "period": p, "role": "new_business", "region": "North", "quota": 10.0,
         "revenue_booked_existing": 10.0, "nps": 95.0}
        for rep in ("a", "b")
        for p in periods
    ]  # fmt: skip
    outcomes = Outcomes.from_long(pd.DataFrame(rows), source="actuals")
    reviews = period_groups(periods, "quarterly")
    shape = (1, 2, len(reviews.labels))
    return BonusInputs(
        outcomes=outcomes,
        quota=outcomes.get("quota"),
        revenue=outcomes.get("revenue_booked"),
        points=np.zeros(shape),
        grades=np.zeros(shape, dtype=int),
        reviews=reviews,
    )


MARCH_TO_DECEMBER = [f"2017-{m:02d}" for m in range(3, 13)]


def test_a_yearly_team_pool_over_ten_months_pays_ten_twelfths():
    pool = TeamPoolBonus(name="team_award", pool=120_000, split="equal", settlement="annual")
    paid = bonus_payouts([pool], _inputs(MARCH_TO_DECEMBER))["bonus_team_award"]
    # 120,000 x 10/12 = 100,000, split equally between the two reps, paid in December
    assert paid[0, :, -1].tolist() == [50_000, 50_000]
    assert paid.sum() == 100_000


def test_data_touching_three_years_pays_each_year_for_its_months():
    periods = [f"{y}-{m:02d}" for y, m in [(1996, 12), *((1997, m) for m in range(1, 13)), (1998, 1)]]  # fmt: skip
    pool = TeamPoolBonus(name="team_award", pool=120_000, split="equal", settlement="annual")
    paid = bonus_payouts([pool], _inputs(periods))["bonus_team_award"]
    # 1996: 1 month (10,000), 1997: whole (120,000), 1998: 1 month (10,000): 140,000,
    # not three full pools (360,000)
    assert paid.sum() == pytest.approx(140_000)
    assert paid[0, 0, 0] == 5_000 and paid[0, 0, -1] == 5_000


def test_quarterly_top_n_and_threshold_awards_in_a_one_month_quarter():
    inputs = _inputs(MARCH_TO_DECEMBER)  # 2017-Q1 holds March only
    top = TopNBonus(name="top", n=1, amount=3_000, measure="revenue_booked", tie_rule="share")
    nps = ThresholdBonus(name="nps", measure="nps", at_least=90, amount=3_000)
    paid = bonus_payouts([top, nps], inputs)
    # the two reps tie for first: 3,000 x 1/3 shared = 500 each in March; 3,000 in full
    # quarters (1,500 each)
    assert paid["bonus_top"][0, :, 0].tolist() == [500, 500]
    assert paid["bonus_top"][0, :, 3].tolist() == [1_500, 1_500]
    assert paid["bonus_nps"][0, :, 0].tolist() == [1_000, 1_000]
    assert paid["bonus_nps"][0, :, 3].tolist() == [3_000, 3_000]


def test_pro_rated_awards_are_stated_and_whole_periods_are_not():
    pool = TeamPoolBonus(name="team_award", settlement="annual")
    top = TopNBonus(name="top", n=1, amount=3_000, measure="revenue_booked")
    notes = partial_award_notes([pool, top], MARCH_TO_DECEMBER)
    assert notes == [
        "pay.bonuses.team_award: the data covers part of a settlement period 2017 (10 of 12 "
        "months: x0.83); its fixed award is pro-rated by the months present",
        "pay.bonuses.top: the data covers part of a settlement period 2017-Q1 (1 of 3 "
        "months: x0.33); its fixed award is pro-rated by the months present",
    ]
    assert partial_award_notes([pool, top], [f"2017-{m:02d}" for m in range(1, 13)]) == []
