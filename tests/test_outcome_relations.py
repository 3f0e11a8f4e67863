"""An outcome table whose parts exceed their whole is refused, and only money that refunds
can make negative may be declared signed.

Big-account revenue is part of booked revenue, repeat customers are existing customers who
bought again, gross profit is earned on booked revenue: a table breaking one of these was
paid as written (gross profit 100 x revenue raised total pay 48%). ``--signed quota`` let a
negative quota be paid on, and the "negative" hint offered ``--signed`` for any column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.actuals import load_actuals
from salesperf_model.cli import main
from salesperf_model.outcomes import (
    MEASURES,
    OUTCOME_PARTS,
    SIGNABLE_MEASURES,
    SIGNED_MEASURES,
    read_outcomes_csv,
)
from salesperf_model.tables import TableError

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = str(ROOT / "scenarios" / "baseline.yaml")


def _table(tmp_path: Path, cells: dict[tuple[int, str], str]) -> Path:
    """The example table with cells set, each keyed by (CSV line, column)."""
    table = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    for (line, column), value in cells.items():
        if column not in table:
            table[column] = "0"
        table.loc[line - 2, column] = value
    path = tmp_path / "outcomes.csv"
    table.to_csv(path, index=False)
    return path


def _refused(path: Path, **kwargs) -> str:
    with pytest.raises(TableError) as refused:
        read_outcomes_csv(path, **kwargs)
    return str(refused.value)


# ------------------------------------------------------------ 1. parts and their whole


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {(8, "gross_profit"): "8130000"},
            "line 8, column 'gross_profit': '8130000' is more than booked revenue "
            "(revenue_booked_new + revenue_booked_existing) 81,300; gross profit",
        ),
        (
            {(15, "repeat_customers"): "500"},
            "line 15, column 'repeat_customers': '500' is more than existing customers "
            "(existing_customers) 26; repeat customers",
        ),
        (
            {(15, "customers_lost"): "27"},
            "line 15, column 'customers_lost': '27' is more than existing customers "
            "(existing_customers) 26",
        ),
        (
            {(15, "revenue_upsell"): "98701"},
            "line 15, column 'revenue_upsell': '98701' is more than existing-customer revenue "
            "(revenue_booked_existing) 98,700",
        ),
        (
            {(15, "revenue_booked_big"): "109800"},
            "line 15, column 'revenue_booked_big': '109800' is more than booked revenue "
            "(revenue_booked_new + revenue_booked_existing) 109,700",
        ),
        (
            {(15, "revenue_collected_big"): "108600"},
            "line 15, column 'revenue_collected_big': '108600' is more than collected cash "
            "(revenue_collected_new + revenue_collected_existing) 108,500",
        ),
        (
            {(48, "channels_active"): "14"},
            "line 48, column 'channels_active': '14' is more than channels managed and new "
            "(channels_total + channels_new) 13",
        ),
        (
            {(15, "deals_won"): "3", (15, "deals_pulled"): "4"},
            "line 15, column 'deals_pulled': '4' is more than deals signed (deals_won) 3",
        ),
        (
            {(15, "revenue_list_new"): "11000", (15, "revenue_discount"): "12000"},
            "line 15, column 'revenue_discount': '12000' is more than new-customer list value "
            "(revenue_list_new) 11,000",
        ),
    ],
    ids=[
        "gross_profit",
        "repeat_customers",
        "customers_lost",
        "revenue_upsell",
        "revenue_booked_big",
        "revenue_collected_big",
        "channels_active",
        "deals_pulled",
        "revenue_discount",
    ],
)
def test_a_part_larger_than_its_whole_is_refused_naming_both(tmp_path, cells, expected):
    message = _refused(_table(tmp_path, cells))
    assert expected in message, message


def test_pay_refuses_gross_profit_beyond_revenue_and_writes_nothing(tmp_path, capsys):
    """The audit's table: one gross-profit cell 100 x the row's booked revenue."""
    path = _table(tmp_path, {(8, "gross_profit"): "8130000"})
    out = tmp_path / "pay.csv"
    assert main(["pay", BASELINE, "--outcomes", str(path), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert not out.exists()
    assert f"{path}: 1 problem: line 8, column 'gross_profit'" in error
    assert "gross profit is earned on it (a margin above 100%?)" in error


def test_every_bad_row_is_reported_at_once(tmp_path):
    message = _refused(
        _table(
            tmp_path,
            {(15, "repeat_customers"): "500", (36, "revenue_upsell"): "20000"},
        )
    )
    assert "2 problems" in message
    first = message.index("line 15, column 'repeat_customers'")
    assert first < message.index("line 36, column 'revenue_upsell'")  # as the file reads


def test_a_part_equal_to_its_whole_or_off_by_float_rounding_reads(tmp_path):
    """Sums of floats (0.1 + 0.2) and cells rounded to the cent are not refused."""
    cells = {
        (15, "revenue_booked_new"): "0.1",
        (15, "revenue_booked_existing"): "0.2",
        (15, "revenue_booked_big"): "0.30000000000000004",
        (15, "revenue_upsell"): "0.2",
        (15, "gross_profit"): "0.3",
        (16, "revenue_collected_new"): "50.00",
        (16, "revenue_collected_existing"): "50.00",
        (16, "revenue_collected_big"): "100.01",  # three cells each rounded to the cent
        (15, "repeat_customers"): "26",
        (48, "channels_active"): "13",
    }
    outcomes = read_outcomes_csv(_table(tmp_path, cells))
    assert outcomes.get("revenue_booked_big").max() > 0


def test_a_loss_making_month_reads(tmp_path):
    """Gross profit is signed: a loss is no part larger than its whole."""
    outcomes = read_outcomes_csv(_table(tmp_path, {(8, "gross_profit"): "-90000"}))
    assert outcomes.get("gross_profit").min() == -90000.0


def test_a_column_declared_signed_lets_netted_refunds_break_a_part(tmp_path):
    """Refunds netted into new-customer revenue: the month's big-account sale exceeds the
    net booked revenue. Declared signed, the relations on it are not checked."""
    path = _table(tmp_path, {(8, "revenue_booked_new"): "-5000", (8, "gross_profit"): "900"})
    read = read_outcomes_csv(path, signed={"revenue_booked_new"})
    assert read.get("revenue_booked")[0, 1, 0] == 3100.0


def test_the_relations_are_the_ones_the_measures_describe():
    for rule in OUTCOME_PARTS:
        assert {rule.part, *rule.whole} <= set(MEASURES)
    described = {"revenue_booked_big", "revenue_upsell", "revenue_collected_big"}
    assert described <= {rule.part for rule in OUTCOME_PARTS}


@pytest.mark.parametrize(
    "options",
    [
        ["--behaviour"],
        [
            "--behaviour",
            "--set",
            "population.cancellations.share=0.2",
            "--set",
            "population.workforce.time_to_fill_months=2",
        ],
    ],
    ids=["behaviour", "cancellations_and_vacancies"],
)
def test_simulated_tables_keep_every_relation(tmp_path, capsys, options):
    out = tmp_path / "simulated.csv"
    sizes = ["--reps", "40", "--periods", "6", "--sims", "2"]
    assert main(["simulate", BASELINE, *sizes, *options, "--out", str(out)]) == 0
    capsys.readouterr()
    assert read_outcomes_csv(out).n_reps == 40


def test_the_maven_import_keeps_every_relation(tmp_path):
    imported, _ = load_actuals(
        ROOT / "mappings" / "maven_crm.yaml",
        data_dir=ROOT / "tests" / "data" / "maven_crm",
        currency="CNY",
    )
    path = tmp_path / "maven.csv"
    imported.to_long().to_csv(path, index=False)
    again = read_outcomes_csv(path)
    assert np.array_equal(again.get("repeat_customers"), imported.get("repeat_customers"))


# ------------------------------------------------------------ 2. what may be signed


@pytest.mark.parametrize("command", ["pay", "statement", "appeal", "committee"])
@pytest.mark.parametrize("column", ["quota", "rating_manager", "revenue"])
def test_signed_is_refused_at_the_option_for_what_no_refund_makes_negative(command, column, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, BASELINE, "--outcomes", str(EXAMPLE), "--signed", column])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert f"argument --signed: {column!r} may not be declared signed" in error
    assert "revenue_booked_new" in error and "revenue_collected_existing" in error


def test_the_reader_refuses_a_signed_quota():
    with pytest.raises(ValueError, match="signed: 'quota' may not be declared signed"):
        read_outcomes_csv(EXAMPLE, signed={"quota"})


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("quota", "'-100000' negative; expected 0 or more"),
        ("deals_won", "'-2' negative; expected 0 or more"),
        ("rating_manager", "'-5' negative; expected 0..100"),
    ],
)
def test_a_negative_that_no_refund_explains_gets_no_signed_hint(tmp_path, column, expected):
    value = expected.split("'")[1]
    message = _refused(_table(tmp_path, {(15, column): value}))
    assert f"line 15, column {column!r}: {expected}" in message
    assert "--signed" not in message


def test_a_negative_revenue_still_points_at_signed(tmp_path):
    message = _refused(_table(tmp_path, {(15, "revenue_collected_new"): "-100"}))
    assert "negative; only columns declared signed may be negative (refunds: --signed" in message


def test_only_money_flows_may_be_signed():
    for name in SIGNABLE_MEASURES:
        assert "(money" in MEASURES[name], name
    assert SIGNED_MEASURES <= SIGNABLE_MEASURES
    assert not {"quota", "region_market_size", "revenue_cancelled"} & SIGNABLE_MEASURES


def test_a_high_margin_sales_force_is_simulated_with_gross_profit_within_revenue():
    """With gross_margin 0.9 the month's margin luck (about +-10%) put gross profit above
    booked revenue in some rep-months (a margin above 100%), which the outcome table's
    rule refuses: `simulate --out` then `pay` failed on the simulation's own table."""
    from salesperf_model.loading import load_scenario
    from salesperf_model.pipeline import outcomes_for

    root = Path(__file__).resolve().parents[1]
    scenario = load_scenario(
        root / "scenarios" / "baseline.yaml", ["population.customers.gross_margin=0.97"]
    )
    outcomes = outcomes_for(scenario, reps=100, periods=12, simulations=2, seed=4)
    booked = outcomes.get("revenue_booked_new") + outcomes.get("revenue_booked_existing")
    assert (outcomes.get("gross_profit") <= booked).all()
    assert (outcomes.get("gross_profit") > 0.9 * booked - 1e-6 * booked.max()).any()
