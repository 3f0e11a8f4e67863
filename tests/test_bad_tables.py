"""Every broken table in tests/bad_tables is refused with the fragments expected.yaml lists;
the table reader is fuzzed (a table or a TableError, never another exception); the cases
that used to pay wrongly in silence are pinned with their figures."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesperf_model.cli import main
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.tables import LISTED_PROBLEMS, TableError, read_csv_text

BAD = Path(__file__).parent / "bad_tables"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text())
EXAMPLE = Path(__file__).parent / "data" / "example_outcomes.csv"
SCENARIO = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def test_the_corpus_has_25_tables_or_more_each_with_expectations():
    files = sorted(p.name for p in BAD.glob("*.csv"))
    assert len(files) >= 25
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_table_is_refused_with_the_expected_message(name):
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(BAD / name)
    message = str(caught.value)
    assert message.startswith(str(BAD / name))
    for fragment in EXPECTED[name]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"


def test_every_bad_cell_is_listed_up_to_the_cap_then_counted():
    with pytest.raises(TableError) as caught:
        read_outcomes_csv(BAD / "many_bad_cells.csv")
    error = caught.value
    assert len(error.problems) == 90  # 30 rows x (quota, deals_won, revenue_booked_new)
    assert str(error).count("\n  line ") == LISTED_PROBLEMS
    assert [p.line for p in error.problems[:3]] == [2, 3, 4]  # 1-based: the header is line 1


def _example_lines() -> list[str]:
    return EXAMPLE.read_text().splitlines()


def test_a_trailing_space_in_an_id_is_removed_and_said_not_a_13th_rep(tmp_path):
    lines = _example_lines()
    lines[9] = lines[9].replace("N-NB1,", "N-NB1 ,", 1)
    path = tmp_path / "space.csv"
    path.write_text("\n".join(lines) + "\n")
    notes: list[str] = []
    outcomes = read_outcomes_csv(path, notes=notes)
    assert outcomes.n_reps == 12 == read_outcomes_csv(EXAMPLE).n_reps
    assert notes == [
        f"{path}: column 'rep_id': spaces around 1 value removed, e.g. line 10: "
        "'N-NB1 ' read as 'N-NB1'",
        f"{path}: the periods are monthly (2026-01..2026-06, 6 months), read from column 'period'",
    ]


def test_months_written_without_a_leading_zero_sort_as_time(tmp_path):
    text = EXAMPLE.read_text()
    for month in range(1, 10):
        text = text.replace(f",2026-0{month},", f",2026-{month},")
    path = tmp_path / "months.csv"
    path.write_text(text)
    notes: list[str] = []
    loose, strict = read_outcomes_csv(path, notes=notes), read_outcomes_csv(EXAMPLE)
    assert loose.periods == [f"2026-{m:02d}" for m in range(1, 7)] == strict.periods
    np.testing.assert_array_equal(loose.get("quota"), strict.get("quota"))
    assert "'2026-1', '2026-2', '2026-3' read as 2026-01, 2026-02, 2026-03" in notes[0]


def test_semicolons_and_spaces_after_commas_read_the_same_table(tmp_path):
    strict = read_outcomes_csv(EXAMPLE)
    for name, text in {
        "semicolon.csv": EXAMPLE.read_text().replace(",", ";"),
        "spaces.csv": EXAMPLE.read_text().replace(",", ", "),
    }.items():
        (tmp_path / name).write_text(text)
        again = read_outcomes_csv(tmp_path / name)
        np.testing.assert_array_equal(again.get("revenue_booked"), strict.get("revenue_booked"))
        assert list(again.reps["role"]) == list(strict.reps["role"])


def test_a_column_declared_signed_may_hold_refunds(tmp_path):
    table = (BAD / "negative_revenue.csv").read_text()
    path = tmp_path / "refund.csv"
    path.write_text(table)
    outcomes = read_outcomes_csv(path, signed={"revenue_booked_new"})
    assert outcomes.get("revenue_booked_new").min() == -5000.0
    with pytest.raises(ValueError, match="signed: unknown measures"):
        read_outcomes_csv(path, signed={"revenue"})


def test_pay_refuses_a_bad_table_with_every_problem_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "pay.csv"
    code = main(
        [
            "pay",
            str(SCENARIO),
            "--outcomes",
            str(BAD / "role_changes_mid_year.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 1 and not out.exists()
    error = capsys.readouterr().err
    assert "changes role within the table" in error and "Traceback" not in error


_CELLS = st.text(alphabet=string.printable + "éü提", max_size=12)


@st.composite
def _tables(draw) -> str:
    """Example rows with some cells replaced by anything, rows dropped or repeated, the
    delimiter or line ends changed."""
    lines = _example_lines()[:13]
    header, rows = lines[0], lines[1:]
    rows = draw(st.lists(st.sampled_from(rows), min_size=0, max_size=14))
    cells = [row.split(",") for row in rows]
    for _ in range(draw(st.integers(0, 6))):
        if cells:
            row = draw(st.integers(0, len(cells) - 1))
            column = draw(st.integers(0, len(cells[row]) - 1))
            cells[row][column] = draw(_CELLS)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = [header] + [",".join(c) for c in cells]
    return newline.join(line.replace(",", delimiter) for line in body) + newline


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_tables())
def test_fuzzed_tables_are_read_or_refused_with_a_table_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        outcomes = read_outcomes_csv(path)
    except TableError as error:
        assert str(error).startswith(str(path))
        return
    assert np.isfinite(outcomes.get("revenue_booked")).all()
    assert (outcomes.get("quota") >= 0).all()
    assert outcomes.periods == sorted(outcomes.periods)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_are_read_as_text_or_refused_with_a_table_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "t.csv"
    path.write_bytes(data)
    try:
        text = read_csv_text(path)
    except TableError as error:
        assert str(error).startswith(str(path))
        return
    assert len(text.frame) >= 1 and len(text.frame.columns) >= 2
    assert (np.diff(text.lines) > 0).all() and text.lines[0] >= 2
