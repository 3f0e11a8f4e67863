"""Period labels in the common spellings, and plans paid on the data's own period."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.engine.periods import months_spanned, period_groups
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import TableError, parse_period

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "imports"
BASELINE = ROOT / "scenarios" / "baseline.yaml"


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("2024-03", "2024-03"),
        ("2024-3", "2024-03"),
        ("2024Q3", "2024-Q3"),
        ("2024-Q3", "2024-Q3"),
        ("2024 q3", "2024-Q3"),
        ("Q3 2024", "2024-Q3"),
        ("FY2024 Q3", "2024-Q3"),
        ("2024H1", "2024-H1"),
        ("H2 2024", "2024-H2"),
        ("2024-02..2024-04", "2024-02..2024-04"),
    ],
)
def test_common_spellings_read_as_one_canonical_label(label, canonical) -> None:
    assert parse_period(label).label == canonical


@pytest.mark.parametrize(
    "label", ["2024-13", "2024/03", "2024Q5", "2024H3", "Q0 2024", "1996", "March"]
)
def test_what_is_no_period_is_refused(label) -> None:
    assert parse_period(label) is None


def test_fiscal_quarters_count_from_the_fiscal_years_first_month() -> None:
    # A fiscal year starting in April, named by the year it ends in: FY2024 = Apr 2023..Mar
    # 2024, so its Q1 is calendar 2023-Q2 and its Q4 is 2024-Q1.
    assert parse_period("2024Q1", fiscal_start=4).label == "2023-Q2"
    assert parse_period("FY2024 Q4", fiscal_start=4).label == "2024-Q1"
    assert parse_period("2024Q1", fiscal_start=4, named_by="start").label == "2024-Q2"
    # Starting in February the quarters are not calendar quarters: first..last month.
    assert parse_period("2024Q1", fiscal_start=2).label == "2023-02..2023-04"
    assert parse_period("2024H2", fiscal_start=2).label == "2023-08..2024-01"


def test_settlement_groups_on_quarterly_data() -> None:
    quarters = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"]
    assert list(months_spanned(quarters)) == [3, 3, 3, 3, 3]
    monthly = period_groups(quarters, "monthly")  # finer than the data: the data's period
    assert monthly.labels == quarters and list(monthly.months) == [3] * 5
    annual = period_groups(quarters, "annual")
    assert annual.labels == ["2024", "2025"] and list(annual.months) == [12, 3]
    assert list(annual.ends) == [3, 4]


def test_a_quarterly_table_pays_quarterly_base_and_quarterly_tiers() -> None:
    # baseline: base 8,000 + allowances 1,000 a month (hunter, tier 1); tiers 3% to 100%,
    # 4% on 100-120%, 5% above, on collected cash against quota; bonuses off.
    # Each quarter: base 3 x 8,000 = 24,000, allowances 3 x 1,000 = 3,000.
    # Commission per quarter (quota 300,000):
    #   Q1 360,000 (120%): 300,000 x 3% + 60,000 x 4%             = 11,400
    #   Q2 240,000 (80%):  240,000 x 3%                           =  7,200
    #   Q3 300,000 (100%): 300,000 x 3%                           =  9,000
    #   Q4 390,000 (130%): 9,000 + 60,000 x 4% + 30,000 x 5%      = 12,900
    notes: list[str] = []
    outcomes = read_outcomes_csv(DATA / "quarterly_outcomes.csv", notes=notes)
    assert outcomes.periods == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert any("quarterly (2024-Q1..2024-Q4, 4 quarters)" in n for n in notes)
    scenario = load_scenario(BASELINE, ["pay.bonuses=[]"])
    result = run_plan(outcomes, scenario)
    np.testing.assert_allclose(result.payouts["base_salary"][0, 0], [24000] * 4)
    np.testing.assert_allclose(result.payouts["allowances"][0, 0], [3000] * 4)
    np.testing.assert_allclose(result.payouts["commission"][0, 0], [11400, 7200, 9000, 12900])
    # Quarterly settlement in the plan gives the same figures on quarterly data.
    quarterly = load_scenario(BASELINE, ["pay.bonuses=[]", "pay.commission.settlement=quarterly"])
    again = run_plan(outcomes, quarterly)
    np.testing.assert_allclose(again.payouts["commission"][0, 0], [11400, 7200, 9000, 12900])


def test_a_table_mixing_months_and_quarters_is_refused(tmp_path) -> None:
    table = tmp_path / "mixed.csv"
    table.write_text(
        "rep_id,period,role,quota\nA,2024-01,new_business,1\nA,2024Q1,new_business,1\n"
    )
    with pytest.raises(TableError, match="mixes months and quarters"):
        read_outcomes_csv(table)


def test_fiscal_quarters_off_the_calendar_settle_under_their_own_labels() -> None:
    quarters = [parse_period(f"2024Q{n}", fiscal_start=2).label for n in (1, 2, 3, 4)]
    assert quarters == [
        "2023-02..2023-04",
        "2023-05..2023-07",
        "2023-08..2023-10",
        "2023-11..2024-01",
    ]
    groups = period_groups(quarters, "quarterly")
    assert groups.labels == quarters and list(groups.months) == [3, 3, 3, 3]
    assert list(months_spanned(quarters)) == [3, 3, 3, 3]
