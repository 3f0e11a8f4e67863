"""Roster values are checked as the outcome table's own cells are, and blamed on the roster:
a tier or role the table would refuse, a column the table lacks given for only some reps,
a rep the table does not have."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from salesperf_model.cli import main
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import TableError

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
TIERS = {"N": 1, "E": 2, "W": 3}


@pytest.fixture
def no_tier_table(tmp_path) -> Path:
    """The example table without its region_tier column."""
    table = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False).drop(columns="region_tier")
    path = tmp_path / "notier_table.csv"
    table.to_csv(path, index=False)
    return path


def _reps() -> list[str]:
    return list(pd.read_csv(EXAMPLE, dtype=str)["rep_id"].drop_duplicates())


def _refused(table: Path, roster: Path) -> str:
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(table, roster=roster)
    return str(caught.value)


def test_a_roster_tier_the_table_would_refuse_is_refused_naming_the_roster(
    tmp_path, no_tier_table, capsys
) -> None:
    rows = [f"{rep},,{TIERS[rep[0]]}" for rep in _reps()]
    roster = tmp_path / "tiers.csv"
    roster.write_text(
        "rep_id,effective_from,region_tier\n" + "\n".join(rows) + "\nN-AM1,2026-05,7\n"
    )
    message = _refused(no_tier_table, roster)
    assert message.startswith(f"{roster}: 1 problem: ")
    assert "line 14, column 'region_tier': '7' is not one of ['1', '2', '3']" in message
    out = tmp_path / "pay.csv"
    args = ["pay", str(BASELINE), "--outcomes", str(no_tier_table), "--roster", str(roster)]
    assert main([*args, "--out", str(out)]) == 1
    assert "line 14, column 'region_tier': '7' is not one of" in capsys.readouterr().err
    assert not out.exists()


def test_a_tier_for_only_some_reps_names_the_reps_without_one(tmp_path, no_tier_table) -> None:
    roster = tmp_path / "notier.csv"
    roster.write_text("rep_id,effective_from,region_tier\nN-AM1,,1\nN-AM1,2026-05,2\n")
    message = _refused(no_tier_table, roster)
    assert message.startswith(f"{roster}: 1 problem: column 'region_tier': ")
    assert "invalid literal" not in message
    assert f"the outcome table {no_tier_table} has no region_tier column" in message
    assert "no region_tier for 'N-RM', 'N-NB1', 'N-KA1', 'E-RM', 'E-NB1' and 6 more reps" in message
    assert "give every rep a region_tier (one of ['1', '2', '3']) in the roster" in message
    assert "or add a region_tier column to the outcome table" in message


def test_a_blank_tier_on_a_reps_first_row_names_the_periods_without_one(
    tmp_path, no_tier_table
) -> None:
    rows = [f"{rep},,{TIERS[rep[0]]}" for rep in _reps() if rep != "N-AM1"]
    roster = tmp_path / "tiers.csv"
    roster.write_text(
        "rep_id,effective_from,region_tier\n" + "\n".join(rows) + "\nN-AM1,,\nN-AM1,2026-05,2\n"
    )
    message = _refused(no_tier_table, roster)
    assert "no region_tier for 'N-AM1' (2026-01..2026-04)" in message


@pytest.mark.parametrize(
    ("column", "rep", "value", "fragment"),
    [
        ("region_tier", "N-AM1", "x", "'x' is not one of ['1', '2', '3']"),
        (
            "role",
            "N-KA1",
            "key_acount_manager",
            "'key_acount_manager' is not one of ['account_manager', 'channel_manager', "
            "'equity_sales', 'key_account_manager', 'new_business', 'regional_manager']; "
            "did you mean 'key_account_manager'?",
        ),
    ],
)
def test_a_bad_roster_value_is_blamed_on_the_roster_line_not_the_table(
    tmp_path, column, rep, value, fragment
) -> None:
    roster = tmp_path / "roster.csv"
    table = pd.read_csv(EXAMPLE, dtype=str)
    first = table.loc[table["rep_id"] == rep, column].iloc[0]
    roster.write_text(f"rep_id,effective_from,{column}\n{rep},,{first}\n{rep},2026-05,{value}\n")
    message = _refused(EXAMPLE, roster)
    assert message.startswith(f"{roster}: 1 problem: line 3, column {column!r}: {fragment}")
    assert str(EXAMPLE) not in message
    if column == "region_tier":
        assert "did you mean" not in message


def test_a_roster_rep_the_table_lacks_is_refused_with_the_closest_id(tmp_path) -> None:
    roster = tmp_path / "typo.csv"
    roster.write_text("rep_id,exit_date\nN-NB01,2026-03-15\n")
    message = _refused(EXAMPLE, roster)
    assert message.startswith(f"{roster}: 1 problem: line 2, column 'rep_id': 'N-NB01' ")
    assert f"is not a rep of the outcome table {EXAMPLE}; did you mean 'N-NB1'?" in message


def test_a_roster_rep_without_a_close_id_is_refused_too(tmp_path) -> None:
    roster = tmp_path / "stranger.csv"
    roster.write_text("rep_id,region\nN-NB1,North\nZZZZZZZZ,North\n")
    message = _refused(EXAMPLE, roster)
    assert "line 3, column 'rep_id': 'ZZZZZZZZ' is not a rep of the outcome table" in message
    assert "did you mean" not in message
