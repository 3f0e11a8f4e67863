"""Settlement on the fiscal year: with ``fiscal_year_start`` in the mapping, annual and
half-year settlements, reviews, year-to-date true-ups and the annual quota follow the
fiscal year, not the calendar year (hand-worked on a tiny won-deals import)."""

from __future__ import annotations

import numpy as np
import yaml
from commission_fixture import scenario_with

from salesperf_model.actuals import load_actuals
from salesperf_model.engine.bonus_notes import partial_award_notes
from salesperf_model.engine.bonuses import BonusInputs, bonus_payouts
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.periods import fiscal_start, period_groups
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import OverAchievementBonus, TeamPoolBonus

#: Ann: 1,000 (Apr), 5,000 (May), 6,000 (Feb), 3,000 (Mar) = 15,000 in the fiscal year
#: April 2024-March 2025; Bob: 13,200 in December. Quota 1,000 a month.
DEALS = """salesperson,closed,value
Ann,2024-04-10,1000
Ann,2024-05-10,5000
Bob,2024-12-10,13200
Ann,2025-02-10,6000
Ann,2025-03-10,3000
"""
APRIL_TO_MARCH = [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02", "2025-03"]


def _import(tmp_path, **mapping_keys) -> Outcomes:
    (tmp_path / "deals.csv").write_text(DEALS)
    mapping = {
        "name": "fiscal",
        "data_dir": str(tmp_path),
        "opportunities": {
            "file": "deals.csv",
            "columns": {"rep": "salesperson", "close_date": "closed", "amount": "value"},
        },
        "quota": {"rule": "fixed", "amount": 1000},
        "currency": "CNY",
        **mapping_keys,
    }
    path = tmp_path / "fiscal.yaml"
    path.write_text(yaml.safe_dump(mapping))
    outcomes, _ = load_actuals(path)
    assert outcomes.periods == APRIL_TO_MARCH
    return outcomes


def _bonus(outcomes: Outcomes) -> np.ndarray:
    bonus = OverAchievementBonus(name="over", rate=0.1, above_attainment=1.0, settlement="annual")
    reviews = period_groups(outcomes.periods, "quarterly")
    shape = (1, 2, len(reviews.labels))
    inputs = BonusInputs(
        outcomes=outcomes,
        quota=outcomes.get("quota"),
        revenue=outcomes.get("revenue_booked"),
        points=np.zeros(shape),
        grades=np.zeros(shape, dtype=int),
        reviews=reviews,
    )
    return bonus_payouts([bonus], inputs)["bonus_over"][0]


def test_fiscal_groups_and_labels() -> None:
    assert period_groups(APRIL_TO_MARCH, "annual", start=4).labels == ["2024-04..2025-03"]
    assert period_groups(APRIL_TO_MARCH, "half_year", start=4).labels == [
        "2024-04..2024-09",
        "2024-10..2025-03",
    ]
    # April-start quarters are calendar quarters: their usual labels.
    assert period_groups(APRIL_TO_MARCH, "quarterly", start=4).labels == [
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
    ]
    february = period_groups(APRIL_TO_MARCH, "quarterly", start=2)
    # The data starts in the last month of the fiscal quarter February-April: a partial
    # quarter, named by the whole quarter like a partial calendar quarter.
    assert february.labels[:2] == ["2024-02..2024-04", "2024-05..2024-07"]
    assert february.ends.tolist() == [0, 3, 6, 9, 11]
    # A fiscal year starting in January is the calendar year.
    calendar = period_groups(APRIL_TO_MARCH, "annual", start=1)
    assert calendar.labels == ["2024", "2025"] and calendar.ends.tolist() == [8, 11]


def test_an_annual_bonus_settles_on_the_fiscal_year_and_is_paid_in_march(tmp_path) -> None:
    """10% over quota for the year. Fiscal year (quota 12 x 1,000 = 12,000): Ann
    15,000 -> 300, Bob 13,200 -> 120, both paid in March 2025. On calendar years it
    would be 2024 (Apr-Dec, quota 9,000): Bob 420 in December; 2025 (Jan-Mar, quota
    3,000): Ann 9,000 -> 600 in March."""
    fiscal = _import(tmp_path, fiscal_year_start=4)
    assert fiscal.meta["fiscal_year_start"] == 4
    assert any("Fiscal year April-March" in a for a in fiscal.meta["assumptions"])
    paid = _bonus(fiscal)
    assert np.round(paid, 2).tolist() == [[0.0] * 11 + [300.0], [0.0] * 11 + [120.0]]
    calendar = _bonus(_import(tmp_path))
    assert calendar[0, 11] == 600 and calendar[1, 8] == 420 and calendar.sum() == 1020


def test_year_to_date_true_ups_restart_in_april(tmp_path) -> None:
    """Quarterly, year to date, 3% to quota and 6% above, against the fiscal year's
    quota 12,000. Ann: Apr-Jun 6,000 -> 180; nothing new until Jan-Mar: year to date
    15,000 -> 3% x 12,000 + 6% x 3,000 = 540, true-up 540 - 180 = 360. Bob: December,
    13,200 -> 360 + 72 = 432. On calendar years Ann's 2025 (quota 3,000) would earn
    3% x 3,000 + 6% x 6,000 = 450, and Bob 3% x 9,000 + 6% x 4,200 = 522 in 2024."""
    plan = scenario_with(
        base="booked",
        basis="year_to_date",
        settlement="quarterly",
        tiers=[{"from_attainment": 0.0, "rate": 0.03}, {"from_attainment": 1.0, "rate": 0.06}],
    ).pay.commission
    paid = pay_commission(_import(tmp_path, fiscal_year_start=4), plan)[0][0]
    assert np.round(paid[:, [2, 5, 8, 11]], 2).tolist() == [
        [180.0, 0.0, 0.0, 360.0],
        [0.0, 0.0, 432.0, 0.0],
    ]
    calendar = pay_commission(_import(tmp_path), plan)[0][0]
    assert np.round(calendar[:, [2, 5, 8, 11]], 2).tolist() == [
        [180.0, 0.0, 0.0, 450.0],
        [0.0, 0.0, 522.0, 0.0],
    ]


def test_a_partial_fiscal_year_is_named_by_its_months(tmp_path) -> None:
    """Fiscal year from July: the window April 2024-March 2025 touches two fiscal years,
    3 and 9 months; the annual award's note names them."""
    outcomes = _import(tmp_path, fiscal_year_start=7)
    groups = period_groups(outcomes.periods, "annual", start=7)
    assert groups.labels == ["2023-07..2024-06", "2024-07..2025-06"]
    assert groups.months.tolist() == [3, 9]
    pool = TeamPoolBonus(name="team", pool=1200, split="equal", settlement="annual")
    notes = partial_award_notes([pool], outcomes.periods, start=fiscal_start(outcomes.meta))
    assert notes and "2023-07..2024-06 (3 of 12 months: x0.25)" in notes[0]
    assert "2024-07..2025-06 (9 of 12 months: x0.75)" in notes[0]
