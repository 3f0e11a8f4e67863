"""An appeal may not set a part above its whole: the outcome table's reader refuses gross
profit above booked revenue or more repeat customers than the book, so a what-if must not
re-pay such a row either. Only what the change itself breaks is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesperf_model.cli import main
from salesperf_model.explore.appeal import appeal
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes, read_outcomes_csv
from salesperf_model.present.people_lookup import PeopleInputError

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
OUTCOMES = read_outcomes_csv(EXAMPLE)
PLAN = load_scenario(BASELINE)
#: N-NB1's booked revenue (new + existing) in 2026-01, -02, -03: 81,300, 60,900, 73,700
GROSS_PROFIT_WHY = (
    "is more than booked revenue (revenue_booked_new + revenue_booked_existing) {}; "
    "gross profit is earned on it (a margin above 100%?)"
)


def _refusal(**change) -> str:
    with pytest.raises(PeopleInputError) as refused:
        appeal(OUTCOMES, PLAN, **change)
    return str(refused.value)


def test_gross_profit_above_booked_revenue_is_refused_naming_month_value_and_whole():
    message = _refusal(rep_id="N-NB1", measure="gross_profit", value=999999, period="2026-02")
    assert message == (
        "N-NB1: gross_profit=999,999 would make a part larger than its whole, a row the "
        "outcome table refuses:\n"
        "  N-NB1 2026-02: gross_profit=999,999 " + GROSS_PROFIT_WHY.format("60,900")
    )


def test_a_review_period_names_only_the_months_the_value_exceeds():
    message = _refusal(rep_id="N-NB1", measure="gross_profit", value=75000, period="2026-Q1")
    lines = message.splitlines()[1:]
    assert lines == [
        "  N-NB1 2026-02: gross_profit=75,000 " + GROSS_PROFIT_WHY.format("60,900"),
        "  N-NB1 2026-03: gross_profit=75,000 " + GROSS_PROFIT_WHY.format("73,700"),
    ]


def test_repeat_customers_above_the_book_are_refused():
    message = _refusal(rep_id="N-AM1", measure="repeat_customers", value=50, period="2026-03")
    assert message.splitlines()[1] == (
        "  N-AM1 2026-03: repeat_customers=50 is more than existing customers "
        "(existing_customers) 25; repeat customers are existing customers who bought again"
    )


def test_a_whole_lowered_below_its_part_is_paid_with_a_warning_naming_the_part():
    """One --change cannot correct both sides (collected cash corrected to 0 and the
    big-account cash it held), so a lowered whole is paid, and said so in every month."""
    result = appeal(OUTCOMES, PLAN, rep_id="N-AM1", measure="existing_customers", value=4,
                    period="2026-03")  # fmt: skip
    assert result.warnings == (
        "N-AM1 2026-03: existing_customers=4 makes existing customers (existing_customers)"
        " 4, less than repeat_customers 8 (repeat customers are existing customers who"
        " bought again): an outcome table refuses such a row; paid as changed, with"
        " repeat_customers as the data has it",
    )
    assert "  warning: N-AM1 2026-03: existing_customers=4 makes" in result.summary()
    assert appeal(OUTCOMES, PLAN, rep_id="N-AM1", measure="existing_customers", value=8,
                  period="2026-03").warnings == ()  # fmt: skip


def test_a_part_equal_to_its_whole_is_accepted():
    result = appeal(OUTCOMES, PLAN, rep_id="N-NB1", measure="gross_profit", value=60900,
                    period="2026-02")  # fmt: skip
    assert result.change == "N-NB1: gross_profit set to 60900 in 2026-02 (was 16100)"


def test_a_relation_already_broken_before_the_change_is_not_blamed_on_it():
    rep = OUTCOMES.reps["rep_id"].tolist().index("N-NB1")
    big = OUTCOMES.get("revenue_booked_big").copy()
    big[0, rep, 1] = 70000  # above the month's 60,900 booked, as a table might hold it
    broken = Outcomes(
        reps=OUTCOMES.reps,
        periods=OUTCOMES.periods,
        measures={**OUTCOMES.measures, "revenue_booked_big": big},
    )
    result = appeal(
        broken, PLAN, rep_id="N-NB1", measure="gross_profit", value=30000, period="2026-02"
    )
    assert "gross_profit set to 30000" in result.change
    with pytest.raises(PeopleInputError) as refused:
        appeal(broken, PLAN, rep_id="N-NB1", measure="gross_profit", value=65000,
               period="2026-02")  # fmt: skip
    assert refused.value.args[0].splitlines()[1:] == [
        "  N-NB1 2026-02: gross_profit=65,000 " + GROSS_PROFIT_WHY.format("60,900")
    ]


def test_a_column_declared_signed_is_not_checked_as_the_reader_does_not():
    """Refunds netted into booked revenue can leave it below its parts (``--signed``)."""
    result = appeal(OUTCOMES, PLAN, rep_id="N-NB1", measure="gross_profit", value=999999,
                    period="2026-02", signed={"revenue_booked_new"})  # fmt: skip
    assert result.change.startswith("N-NB1: gross_profit set to 999999 in 2026-02")


def test_appeal_command_refuses_with_exit_1_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "appeal"
    args = ["appeal", str(BASELINE), "--outcomes", str(EXAMPLE), "--rep", "N-NB1"]
    code = main([*args, "--change", "gross_profit=999999", "--period", "2026-02",
                 "--out", str(out)])  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "salesperf appeal: N-NB1: gross_profit=999,999 would make a part larger than its whole"
        in captured.err
    )
    assert "N-NB1 2026-02: gross_profit=999,999 " + GROSS_PROFIT_WHY.format("60,900") in (
        captured.err
    )
    assert not out.exists() or not any(out.iterdir())
    signed = ["--signed", "revenue_booked_new", "--change", "gross_profit=999999"]
    assert main([*args, *signed, "--period", "2026-02"]) == 0
