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
        # read as 1 May while hire_date refused it: a European 5 January became a May move
        ("rep_id,effective_from,region\nN-NB1,05/01/2026,South\n", "ambiguous"),
        ("rep_id,effective_from,region\nN-NB1,2026/05/01,South\n", "first-of-month date"),
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


def test_hire_and_exit_dates_limit_base_to_the_months_held(tmp_path) -> None:
    """N-NB1 moves South in May and leaves on 20 May: its second seat holds May only;
    E-NB1 is hired on 10 March: March-June. Base for the months held (whole months, the
    import's rule): 8,000 a month in the North, 6,800 in the East (tier 2); W-NB1
    (West, tier 3: 5,600), without dates, all six months."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "rep_id,effective_from,region,hire_date,exit_date\n"
        "N-NB1,,North,,\n"
        "N-NB1,2026-05,South,,2026-05-20\n"
        "E-NB1,,East,2026-03-10,\n"
    )
    notes: list[str] = []
    outcomes = read_outcomes_csv(MOVE, roster=roster, notes=notes)
    seats = list(outcomes.reps["rep_id"])
    base = run_plan(outcomes, load_scenario(BASELINE)).payouts["base_salary"][0]
    np.testing.assert_allclose(base[seats.index("N-NB1")], [8000] * 4 + [0, 0])
    np.testing.assert_allclose(base[seats.index("N-NB1@2026-05")], [0] * 4 + [8000, 0])
    np.testing.assert_allclose(base[seats.index("E-NB1")], [0, 0] + [6800] * 4)
    np.testing.assert_allclose(base[seats.index("W-NB1")], [5600] * 6)
    assert any("seat 'E-NB1' is held 2026-03..2026-06 (hire and exit dates)" in n for n in notes)
    june = outcomes.get("revenue_booked")[0, seats.index("N-NB1@2026-05"), 5]
    if june:
        assert any(f"{june:,.2f} booked outside them is still paid on" in n for n in notes)


def test_a_hire_inside_a_quarter_pays_the_quarters_months_held(tmp_path) -> None:
    """Quarterly table: H1 hired on 15 May 2024 holds 2 of 2024Q2's 3 months, then every
    quarter: base 8,000 x (0, 2, 3, 3) months."""
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,hire_date\nH1,2024-05-15\n")
    outcomes = read_outcomes_csv(DATA / "quarterly_outcomes.csv", roster=roster)
    h1 = list(outcomes.reps["rep_id"]).index("H1")
    np.testing.assert_allclose(outcomes.meta["in_seat"][h1], [0, 2 / 3, 1, 1])
    base = run_plan(outcomes, load_scenario(BASELINE)).payouts["base_salary"][0]
    np.testing.assert_allclose(base[h1], [0, 16_000, 24_000, 24_000])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("rep_id,hire_date\nE-NB1,15/03/2026\n", "is not a date 'YYYY-MM-DD'"),
        ("rep_id,hire_date,exit_date\nE-NB1,2026-05-01,2026-03-31\n", "leaves before"),
    ],
)
def test_bad_hire_and_exit_dates_are_refused(tmp_path, text, fragment) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    with pytest.raises(TableError, match=fragment):
        read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv", roster=roster)


def test_pay_command_honours_an_exit_date(tmp_path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "rep_id,effective_from,region,exit_date\nN-NB1,,North,\nN-NB1,2026-05,South,2026-05\n"
    )
    out = tmp_path / "pay.csv"
    args = ["pay", str(BASELINE), "--outcomes", str(MOVE), "--roster", str(roster)]
    assert main([*args, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "seat 'N-NB1@2026-05' is held 2026-05..2026-05" in err
    assert "seat 'N-NB1' is held 2026-01..2026-04" in err
    table = pd.read_csv(out).set_index(["rep_id", "period"])
    assert table.loc[("N-NB1@2026-05", "2026-06"), "base_salary"] == 0
    assert table.loc[("N-NB1@2026-05", "2026-05"), "base_salary"] == 8000


def test_a_roster_row_that_changes_nothing_keeps_one_seat(tmp_path) -> None:
    """A second row with the same region split N-NB1 into two seats, so year-to-date tiers
    started again in April. It is now one seat, paid as without the roster, with a note."""
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from,region\nN-NB1,,North\nN-NB1,2026-04,North\n")
    example = ROOT / "tests" / "data" / "example_outcomes.csv"
    notes: list[str] = []
    outcomes = read_outcomes_csv(example, roster=roster, notes=notes)
    plain = read_outcomes_csv(example)
    assert list(outcomes.reps["rep_id"]) == list(plain.reps["rep_id"])
    assert any(
        "line 3" in n and "changes nothing" in n and "'N-NB1'" in n and "one seat" in n
        for n in notes
    ), notes
    assert not any("paid as seats" in n for n in notes)
    scenario = load_scenario(BASELINE)
    scenario = scenario.model_copy(
        update={
            "pay": scenario.pay.model_copy(
                update={
                    "commission": scenario.pay.commission.model_copy(
                        update={"basis": "year_to_date"}
                    )
                }
            )
        }
    )
    with_roster = run_plan(outcomes, scenario).payouts
    without = run_plan(plain, scenario).payouts
    for name, amounts in without.items():
        np.testing.assert_array_equal(with_roster[name], amounts, err_msg=name)


def test_a_roster_without_attributes_keeps_one_seat_per_rep(tmp_path) -> None:
    """Two rows, both before the table and no attribute columns, paid the rep as
    'N-NB1@2025-09' for the whole table and said it 'changes  per the roster'."""
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from\nN-NB1,2025-06\nN-NB1,2025-09\n")
    example = ROOT / "tests" / "data" / "example_outcomes.csv"
    notes: list[str] = []
    outcomes = read_outcomes_csv(example, roster=roster, notes=notes)
    assert "N-NB1" in set(outcomes.reps["rep_id"])
    assert not any("@" in seat for seat in outcomes.reps["rep_id"])
    assert not any("changes  per" in n for n in notes)


def test_a_rehire_with_the_same_region_is_still_its_own_seat(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "rep_id,effective_from,region,hire_date,exit_date\n"
        "N-NB1,,North,,2026-02-28\n"
        "N-NB1,2026-05,North,2026-05-01,\n"
    )
    example = ROOT / "tests" / "data" / "example_outcomes.csv"
    outcomes = read_outcomes_csv(example, roster=roster, notes=[])
    assert {"N-NB1", "N-NB1@2026-05"} <= set(outcomes.reps["rep_id"])
