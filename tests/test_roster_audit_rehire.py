"""A rehire: hire and exit dates per roster row, each stint paid for its own months; a
roster whose dates cannot be read as stints is refused naming its lines, never paid 0."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import TableError

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
HEADER = "rep_id,effective_from,region,hire_date,exit_date\n"


def _base(tmp_path, text: str, notes: list[str] | None = None) -> dict[str, list[float]]:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + text)
    outcomes = read_outcomes_csv(EXAMPLE, roster=roster, notes=notes)
    seats = list(outcomes.reps["rep_id"])
    base = run_plan(outcomes, load_scenario(BASELINE)).payouts["base_salary"][0]
    return {seat: base[seats.index(seat)].tolist() for seat in seats if seat.startswith("N-NB1")}


@pytest.mark.parametrize("first_hire", ["2025-01-01", ""])
def test_a_rehire_pays_base_for_both_stints(tmp_path, first_hire) -> None:
    notes: list[str] = []
    base = _base(
        tmp_path,
        f"N-NB1,,North,{first_hire},2026-03-15\nN-NB1,2026-05,North,2026-05-04,\n",
        notes,
    )
    np.testing.assert_allclose(base["N-NB1"], [8000] * 3 + [0, 0, 0])
    np.testing.assert_allclose(base["N-NB1@2026-05"], [0] * 4 + [8000] * 2)
    assert any("seat 'N-NB1' is held 2026-01..2026-03 (hire and exit dates)" in n for n in notes)
    assert any("seat 'N-NB1@2026-05' is held 2026-05..2026-06" in n for n in notes)


def test_a_rehire_before_the_new_rows_start_is_paid_from_the_rehire(tmp_path) -> None:
    base = _base(tmp_path, "N-NB1,,North,2025-01-01,2026-02-10\nN-NB1,2026-05,North,2026-04-20,\n")
    np.testing.assert_allclose(base["N-NB1"], [8000, 8000, 0, 8000, 0, 0])
    np.testing.assert_allclose(base["N-NB1@2026-05"], [0] * 4 + [8000] * 2)


def test_one_hire_date_repeated_on_every_row_is_one_hire(tmp_path) -> None:
    base = _base(tmp_path, "N-NB1,,North,2026-02-01,\nN-NB1,2026-05,North,2026-02-01,2026-05-20\n")
    np.testing.assert_allclose(base["N-NB1"], [0, 8000, 8000, 8000, 0, 0])
    np.testing.assert_allclose(base["N-NB1@2026-05"], [0] * 4 + [8000, 0])


def _refused(tmp_path, text: str) -> str:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + text)
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(EXAMPLE, roster=roster)
    return str(caught.value)


def test_a_second_hire_without_an_exit_between_is_refused_naming_both_lines(tmp_path) -> None:
    message = _refused(tmp_path, "N-NB1,,North,2025-01-01,\nN-NB1,2026-05,North,2026-05-04,\n")
    assert message.endswith(
        "1 problem: line 3, column 'hire_date': '2026-05-04' rep 'N-NB1' is hired again but "
        "has no exit_date since the hire_date '2025-01-01' on line 2: a rehire is written as "
        "the exit_date on the earlier row and a later row (effective_from) with the new "
        "hire_date"
    )


def test_a_second_exit_without_a_hire_between_is_refused(tmp_path) -> None:
    message = _refused(tmp_path, "N-NB1,,North,,2026-02-10\nN-NB1,2026-05,North,,2026-05-20\n")
    assert (
        "line 3, column 'exit_date': '2026-05-20' rep 'N-NB1' leaves again without a "
        "hire_date since the exit_date '2026-02-10' on line 2"
    ) in message


def test_an_exit_before_the_hire_on_the_same_row_names_both_dates(tmp_path) -> None:
    message = _refused(tmp_path, "N-NB1,,North,,\nN-NB1,2026-05,North,2026-05-04,2026-03-15\n")
    assert message.endswith(
        "1 problem: line 3, column 'exit_date': '2026-03-15' rep 'N-NB1' leaves before being "
        "hired on the same row (hire_date '2026-05-04'); a rehire is a later row "
        "(effective_from) with its own hire_date"
    )
