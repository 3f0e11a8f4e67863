"""A roster says from when a rep's attributes change: accepted with it, refused without."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.cli import main
from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import TableError

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "imports"
MOVE = DATA / "region_move.csv"
ROSTER = DATA / "region_move_roster.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def test_a_region_move_without_a_roster_is_refused_naming_the_fix() -> None:
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(MOVE)
    message = str(caught.value)
    assert str(MOVE) in message
    assert "'N-NB1' changes region within the table: 'North' (from line 8), then 'South'" in (
        message
    )
    assert "--roster FILE with rep_id, effective_from, region" in message


def test_with_a_roster_the_rep_is_two_seats_and_base_is_paid_once_a_month() -> None:
    notes: list[str] = []
    outcomes = read_outcomes_csv(MOVE, roster=ROSTER, notes=notes)
    reps = outcomes.reps.set_index("rep_id")
    assert reps.loc["N-NB1", "region"] == "North"
    assert reps.loc["N-NB1@2026-05", "region"] == "South"
    assert any("N-NB1@2026-05 from 2026-05" in n for n in notes)
    plain = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    # The two seats together hold exactly the rep's six months of revenue.
    i, j = (
        list(outcomes.reps["rep_id"]).index("N-NB1"),
        list(outcomes.reps["rep_id"]).index("N-NB1@2026-05"),
    )
    k = list(plain.reps["rep_id"]).index("N-NB1")
    revenue = outcomes.get("revenue_booked_new")[0]
    np.testing.assert_array_equal(revenue[i, :4], plain.get("revenue_booked_new")[0, k, :4])
    np.testing.assert_array_equal(revenue[i, 4:], 0)
    np.testing.assert_array_equal(revenue[j, 4:], plain.get("revenue_booked_new")[0, k, 4:])
    np.testing.assert_array_equal(revenue[j, :4], 0)
    # baseline: a tier-1 new-business rep earns base 8,000 a month: 4 months in the first
    # seat, 2 in the second, 6 x 8,000 = 48,000 in all (not 12 x 8,000).
    result = run_plan(outcomes, load_scenario(BASELINE))
    base = result.payouts["base_salary"][0]
    np.testing.assert_allclose(base[i], [8000, 8000, 8000, 8000, 0, 0])
    np.testing.assert_allclose(base[j], [0, 0, 0, 0, 8000, 8000])


def test_a_roster_that_disagrees_with_the_table_is_refused(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from,region\nN-NB1,,North\nN-NB1,2026-06,South\n")
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(MOVE, roster=roster)
    message = str(caught.value)
    assert "line 12, column 'region': 'South' rep 'N-NB1': the roster" in message
    assert "line 2) says 'North' for this period" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("rep,region\nN-NB1,North\n", "required column missing"),
        ("rep_id,effective_from,region\nN-NB1,2026-05-17,South\n", "first-of-month date"),
        ("rep_id,effective_from,region\nN-NB1,2026-05,A\nN-NB1,2026-05,B\n", "two rows"),
        ("rep_id,regoin\nN-NB1,North\n", "unknown roster column"),
    ],
)
def test_a_bad_roster_is_refused(tmp_path, text, fragment) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    with pytest.raises(TableError, match=fragment):
        read_outcomes_csv(MOVE, roster=roster)


def test_pay_command_takes_a_roster(tmp_path, capsys) -> None:
    out = tmp_path / "pay.csv"
    code = main(
        ["pay", str(BASELINE), "--outcomes", str(MOVE), "--roster", str(ROSTER), "--out", str(out)]
    )
    assert code == 0
    table = pd.read_csv(out)
    assert set(table["rep_id"]) >= {"N-NB1", "N-NB1@2026-05"}
    assert main(["pay", str(BASELINE), "--outcomes", str(MOVE), "--out", str(out)]) == 1
    assert "--roster FILE" in capsys.readouterr().err


def test_a_change_the_roster_leaves_out_is_still_refused(tmp_path) -> None:
    # The roster explains N-NB1's region move, not a team change in the same table.
    lines = MOVE.read_text().splitlines()
    header = lines[0].split(",")
    team = header.index("team")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "N-NB1" and cells[1] == "2026-03":
            cells[team] = "south"
            lines[i] = ",".join(cells)
    table = tmp_path / "moves.csv"
    table.write_text("\n".join(lines) + "\n")
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(table, roster=ROSTER)
    message = str(caught.value)
    assert "line 10, column 'team': 'south' seat 'N-NB1' changes team ('north' then 'south')" in (
        message
    )
    assert "add a team column to the roster" in message
