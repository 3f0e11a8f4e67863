"""A quarterly or half-yearly table can change seats only where one of its periods starts:
a roster change inside a period is refused, naming the roster line; a table label that
disagrees with the roster names the roster line in effect for that period."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import TableError

ROOT = Path(__file__).parents[1]
QUARTERLY = ROOT / "tests" / "data" / "imports" / "quarterly_outcomes.csv"


def _table(tmp_path, periods: list[str], regions: list[str]) -> Path:
    table = pd.read_csv(QUARTERLY, dtype=str, keep_default_na=False)
    table = table[table["rep_id"] == "H1"].head(len(periods)).copy()
    table["period"], table["region"] = periods, regions
    path = tmp_path / "table.csv"
    table.to_csv(path, index=False)
    return path


def _refused(table: Path, roster_text: str, tmp_path) -> tuple[Path, str]:
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_text)
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(table, roster=roster)
    return roster, str(caught.value)


@pytest.mark.parametrize("region_from_q2", ["East", "West"])
def test_a_mid_quarter_change_is_refused_naming_the_roster_line(tmp_path, region_from_q2) -> None:
    """Whether the table already says West from Q2 or not, the roster's 2024-05 is the fault,
    not a table line "disagreeing" with a roster row that covers only part of Q2."""
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    table = _table(tmp_path, quarters, ["East"] + [region_from_q2] * 3)
    text = "rep_id,effective_from,region\nH1,,East\nH1,2024-05,West\n"
    roster, message = _refused(table, text, tmp_path)
    assert message.startswith(f"{roster}: 1 problem: line 3, column 'effective_from': '2024-05' ")
    assert f"falls inside the quarter 2024-Q2 of the outcome table {table}" in message
    assert (
        "a quarterly table pays each quarter to one seat, so a seat can change only at a "
        "quarter's first month (e.g. 2024-04 or 2024-07)"
    ) in message
    assert "H1@2024-05" not in message


def test_a_mid_half_year_change_is_refused(tmp_path) -> None:
    table = _table(tmp_path, ["2024H1", "2024H2"], ["East", "East"])
    text = "rep_id,effective_from,region\nH1,,East\nH1,2024-03-01,West\n"
    _, message = _refused(table, text, tmp_path)
    assert "line 3, column 'effective_from': '2024-03-01' falls inside the half year 2024-H1" in (
        message
    )
    assert "a seat can change only at a half year's first month (e.g. 2024-01 or 2024-07)" in (
        message
    )


def test_a_change_at_a_quarters_first_month_or_before_the_table_is_accepted(tmp_path) -> None:
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    table = _table(tmp_path, quarters, ["East", "East", "West", "West"])
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from,region\nH1,2023-11,East\nH1,2024-07,West\n")
    outcomes = read_outcomes_csv(table, roster=roster)
    assert list(outcomes.reps["rep_id"]) == ["H1", "H1@2024-07"]


def test_a_disagreeing_label_names_the_roster_line_in_effect(tmp_path) -> None:
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    table = _table(tmp_path, quarters, ["East", "West", "West", "West"])
    text = "rep_id,effective_from,region\nH1,,East\nH1,2024-07,West\n"
    _, message = _refused(table, text, tmp_path)
    assert message.startswith(f"{table}: 1 problem: line 3, column 'region': 'West' rep 'H1': ")
    assert "the roster (" in message and "line 2) says 'East' for this period" in message
