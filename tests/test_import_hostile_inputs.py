"""Hostile CRM exports: time zones and times of day on dates, Excel serial dates, infinite,
overflowing and formatted amounts, a fat-fingered deal, a header repeated mid-file. Each is
read as a date or number it plainly is, or refused naming file, line, column and value;
never a traceback, never a confident wrong number."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from salesperf_model.actuals import RevenueDropRefused, load_actuals, read_actuals
from salesperf_model.cli import main
from salesperf_model.tables import MAX_MAGNITUDE

REPO = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = REPO / "mappings" / "maven_crm.yaml"
MAVEN_DATA = REPO / "tests" / "data" / "maven_crm"

HEADER = "id,agent,product,stage,engage,close,value"
COLUMNS = HEADER.split(",")
#: Won: Widget 100 + 120 + 110, Gadget 1,000 + 900 (= 2,230); one lost deal.
ROWS = [
    "1,Ann,Widget,Won,2024-01-02,2024-01-10,100",
    "2,Ann,Widget,Won,2024-01-05,2024-02-10,120",
    "3,Bob,Widget,Won,2024-02-01,2024-03-31,110",
    "4,Bob,Gadget,Won,2024-02-01,2024-03-15,1000",
    "5,Bob,Gadget,Lost,2024-02-01,2024-03-20,0",
    "6,Ann,Gadget,Won,2024-03-01,2024-12-31,900",
]
TEAMS = "rep,manager,office\nAnn,Mia,North\nBob,Mia,North\n"


def mapping(**overrides) -> dict:
    data = {
        "name": "hostile",
        "opportunities": {
            "file": "pipeline.csv",
            "columns": {
                "opportunity_id": "id",
                "rep": "agent",
                "product": "product",
                "stage": "stage",
                "engage_date": "engage",
                "close_date": "close",
                "amount": "value",
            },
            "stages": {"won": ["Won"], "lost": ["Lost"], "negotiation": [], "prospecting": []},
        },
        "teams": {
            "file": "teams.csv",
            "columns": {"rep": "rep", "team": "manager", "region": "office"},
        },
        "currency": "USD",
        "rates": {"CNY": 7.0},
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
        "first_period": "2024-01",
        "last_period": "2024-12",
    }
    data.update(overrides)
    return data


def changed(rows: list[str], **cells: dict[int, str]) -> list[str]:
    """`rows` with cells replaced: ``close={0: "2024-01-10T10:00:00Z"}`` (row 0, CSV line 2)."""
    out = [row.split(",") for row in rows]
    for column, values in cells.items():
        for row, value in values.items():
            out[row][COLUMNS.index(column)] = value
    return [",".join(row) for row in out]


def export(tmp_path: Path, rows: list[str] = ROWS, **overrides) -> Path:
    """Write the small export and its mapping; return the mapping's path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pipeline.csv").write_text("\n".join([HEADER, *rows]) + "\n")
    (tmp_path / "teams.csv").write_text(TEAMS)
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(mapping(**overrides), sort_keys=False))
    return path


def booked_by_month(outcomes) -> list[float]:
    return outcomes.get("revenue_booked")[0].sum(axis=0).tolist()


def problem(report, text: str):
    rows = report.problems[report.problems["problem"].str.contains(text, regex=False)]
    assert len(rows) == 1, list(report.problems["problem"])
    return rows.iloc[0]


# 1. time zones ---------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Z", "+02:00", "-05:00", "+0530"])
def test_dates_in_one_time_zone_are_read_as_the_calendar_date_in_that_zone(tmp_path, zone):
    plain, _ = load_actuals(export(tmp_path / "plain"))
    # 23:30 on 31 March, local time: still March whatever the zone (not shifted to UTC)
    rows = changed(
        ROWS,
        close={i: f"{row.split(',')[5]}T23:30:00{zone}" for i, row in enumerate(ROWS)},
        engage={0: f"2024-01-02T08:00:00{zone}"},
    )
    zoned, report = load_actuals(export(tmp_path / "zoned", rows))
    assert booked_by_month(zoned) == booked_by_month(plain)
    assert booked_by_month(zoned)[2] == 1110  # 110 on 31 March + 1,000 on 15 March
    said = [a for a in report.assumptions if "time zone" in a]
    assert said and "calendar date" in said[0] and "'close'" in said[0]


def test_a_column_where_only_some_dates_carry_a_zone_is_read(tmp_path):
    plain, _ = load_actuals(export(tmp_path / "plain"))
    rows = changed(ROWS, close={2: "2024-03-31T10:00:00Z"})
    mixed, report = load_actuals(export(tmp_path / "mixed", rows))
    assert booked_by_month(mixed) == booked_by_month(plain)
    assert any("time zone" in a for a in report.assumptions)


def test_dates_in_different_zones_are_converted_to_utc_then_to_the_date(tmp_path):
    # 23:30 at -05:00 on 31 March is 04:30 UTC on 1 April
    rows = changed(ROWS, close={0: "2024-01-10T10:00:00Z", 2: "2024-03-31T23:30:00-05:00"})
    outcomes, report = load_actuals(export(tmp_path, rows))
    months = booked_by_month(outcomes)
    assert (months[2], months[3]) == (1000, 110)
    said = [a for a in report.assumptions if "time zone" in a]
    assert said and "UTC" in said[0]


def test_read_actuals_with_zoned_dates_does_not_crash(tmp_path):
    rows = changed(ROWS, close={i: "2024-03-01T10:00:00+02:00" for i in range(len(ROWS))})
    clean = read_actuals(export(tmp_path, rows))
    assert clean.deals["close_date"].dt.tz is None
    assert (clean.deals["close_date"] == "2024-03-01").all()


# 2. times of day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp", ["2024-12-31T10:00:00", "2024-12-31 10:00", "2024-12-31 23:59:59"]
)
def test_a_time_of_day_on_the_last_valid_day_is_inside_the_range(tmp_path, stamp):
    rows = changed(ROWS, close={5: stamp})
    outcomes, report = load_actuals(export(tmp_path, rows))
    assert booked_by_month(outcomes)[11] == 900
    assert not report.problems["problem"].str.contains("valid range").any()


# 3. infinite and overflowing amounts -------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "Infinity"])
def test_infinite_amounts_are_refused_like_nan(tmp_path, value):
    path = export(tmp_path, changed(ROWS, value={0: value}))
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(path)
    message = str(refused.value)
    assert "pipeline.csv.value: amount is not a finite number: 1 rows" in message
    assert "(CSV lines 2)" in message
    outcomes, report = load_actuals(path, lenient=True)
    row = problem(report, "amount is not a finite number")
    assert row["severity"] == "error" and row["rows"] == [0] and repr(value) in row["examples"]
    assert np.isfinite(outcomes.get("revenue_booked")).all()
    assert np.isfinite(outcomes.get("quota")).all()
    assert outcomes.get("revenue_booked").sum() == 2130  # 2,230 less line 2's


def test_cli_refuses_an_infinite_amount_and_writes_nothing(tmp_path, capsys):
    path = export(tmp_path, changed(ROWS, value={3: "inf"}))
    out = tmp_path / "out.csv"
    assert main(["import", str(path), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "amount is not a finite number" in printed and "REFUSED" in printed
    assert not out.exists() and not (tmp_path / "out_problems.csv").exists()


def test_amounts_above_the_limit_pay_enforces_are_refused_at_import(tmp_path):
    path = export(tmp_path, changed(ROWS, value={0: "1e20"}))
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(path)
    message = str(refused.value)
    assert f"above {MAX_MAGNITUDE:.0e}" in message and "(CSV lines 2)" in message
    _, report = load_actuals(path, lenient=True)
    assert "'1e20'" in problem(report, "implausibly large")["examples"]


def test_the_limit_applies_in_the_plans_currency(tmp_path):
    # 2e14 USD is within the limit, but 1.4e15 CNY once converted at 7
    path = export(tmp_path, changed(ROWS, value={0: "2e14"}))
    outcomes, _ = load_actuals(path)
    assert outcomes.get("revenue_booked").max() == 2e14
    with pytest.raises(RevenueDropRefused, match=r"implausibly large.*CNY"):
        load_actuals(path, currency="CNY")


def test_outcomes_summing_above_the_limit_are_refused(tmp_path):
    # each deal is within the limit; Ann's January is not
    rows = changed(ROWS, value={0: "6e14"}, close={1: "2024-01-20"})
    rows = changed(rows, value={1: "6e14"})
    with pytest.raises(ValueError) as refused:
        load_actuals(export(tmp_path, rows))
    message = str(refused.value)
    assert "revenue_booked" in message and "'Ann'" in message and "2024-01" in message
    assert f"{MAX_MAGNITUDE:.0e}" in message


# 4. a fat-fingered amount ------------------------------------------------------------------


def test_a_won_amount_far_above_its_products_median_is_a_warning(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(MAVEN_DATA, folder)
    path = folder / "sales_pipeline.csv"
    text = path.read_text()
    assert ",Won,2016-10-20,2017-03-01,1054\n" in text  # line 2, GTX Plus Basic
    path.write_text(text.replace(",2017-03-01,1054\n", ",2017-03-01,105400000\n", 1))
    outcomes, report = load_actuals(MAVEN_MAPPING, data_dir=folder)  # not refused
    assert outcomes.get("revenue_booked").max() >= 105_400_000  # kept: a big deal can be real
    row = problem(report, "more than 100x the median won amount")
    assert row["severity"] == "warning" and row["rows"] == [0]
    assert row["revenue"] == 105_400_000
    assert "105,400,000" in row["examples"] and "GTX Plus Basic" in row["examples"]
    assert "median 1,08" in row["examples"]
    text = report.to_text()
    assert "[warning] sales_pipeline.csv.close_value: won amount more than 100x" in text
    assert "(CSV lines 2;" in text


def test_the_shipped_export_raises_no_outlier_warning():
    _, report = load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA)
    assert not report.problems["problem"].str.contains("median won amount").any()


def test_without_a_product_column_the_files_median_is_used(tmp_path):
    columns = {**mapping()["opportunities"]["columns"], "product": None}
    opportunities = {**mapping()["opportunities"], "columns": columns}
    rows = changed(ROWS, value={3: "1000000"})
    _, report = load_actuals(export(tmp_path, rows, opportunities=opportunities))
    row = problem(report, "more than 100x the median won amount")
    assert row["rows"] == [3] and "of the file" in row["examples"]


# 5. Excel serial dates ---------------------------------------------------------------------


def test_excel_serial_dates_are_named_with_the_fix(tmp_path):
    # 45301 is 2024-01-10 in Excel's day numbering
    serials = {i: str(45301 + 10 * i) for i in range(len(ROWS))}
    with pytest.raises(ValueError) as refused:
        load_actuals(export(tmp_path, changed(ROWS, close=serials)))
    message = str(refused.value)
    assert message.startswith("pipeline.csv: column 'close': no value can be read as a date")
    assert "line 2: '45301'" in message
    assert "expected ISO dates" in message
    assert "Excel serial day numbers" in message and "45301 is 2024-01-10" in message
    assert "no won or lost deal" not in message


def test_a_column_of_unreadable_dates_says_what_is_expected(tmp_path):
    rows = changed(ROWS, close={i: "someday" for i in range(len(ROWS))})
    with pytest.raises(ValueError, match=r"line 2: 'someday'; expected ISO dates") as refused:
        load_actuals(export(tmp_path, rows))
    assert "Excel" not in str(refused.value)


def test_one_excel_serial_among_dates_is_named_in_the_problem(tmp_path):
    path = export(tmp_path, changed(ROWS, close={0: "45301"}))
    _, report = load_actuals(path, lenient=True)
    row = problem(report, "Excel serial day number")
    assert row["rows"] == [0] and "'45301'" in row["examples"]


# 6. unreadable amounts are not summarised as 0.00 --------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ["$100.00", "$120.00", "$110.00", "$1,000.00", "$0.00", "$900.00"],
        ["100,00 €", "120,00 €", "110,00 €", "1.000,00 €", "0,00 €", "900,00 €"],
        ["100,5", "120,5", "110,5", "1000,5", "0", "900,5"],
    ],
)
def test_unreadable_amounts_are_not_summarised_as_zero_revenue(tmp_path, values):
    quoted = {row: f'"{value}"' for row, value in enumerate(values)}  # CSV-quoted: commas
    path = export(tmp_path, changed(ROWS, value=quoted))
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(path)
    message = str(refused.value)
    head = message.splitlines()[0]
    assert "0.00 USD" not in head and "(0.0%)" not in head
    assert "would leave out 5 of the file's 5 won rows (100.0%)" in head
    assert "could not be read" in head
    assert "remove currency symbols and thousands separators" in message
    assert "carrying 0.00 USD" not in message


def test_a_thousands_separator_is_named_and_the_loss_counted_in_rows(tmp_path):
    path = export(tmp_path, changed(ROWS, value={3: '"1,000"'}))
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(path)
    message = str(refused.value)
    head = message.splitlines()[0]
    assert "would leave out 1 of the file's 5 won rows (20.0%)" in head
    assert "0.00 USD" not in head and "could not be read" in head
    assert "remove currency symbols and thousands separators" in message
    _, report = load_actuals(path, lenient=True)
    assert "0.00 USD" not in report.lenient_sentence()
    assert "could not be read" in report.lenient_sentence()
    assert "carrying 0.00 USD" not in report.to_text()


def test_a_header_repeated_mid_file_is_named_and_not_a_won_row(tmp_path):
    rows = [*ROWS[:3], HEADER, *ROWS[3:]]
    outcomes, report = load_actuals(export(tmp_path, rows))  # not refused
    row = problem(report, "header line repeated")
    assert row["rows"] == [3] and row["revenue_rows"] == 0
    assert not report.problems["problem"].str.contains("stage not in the mapping").any()
    r = report.reconciliation
    assert (r.rows, r.revenue_rows, r.left_out_rows, r.revenue) == (7, 5, 1, 2230)
    assert outcomes.get("revenue_booked").sum() == 2230


def test_problem_lines_are_the_files_own_after_blank_lines_and_quoted_breaks(tmp_path):
    """The report said 'CSV line 98' for a row on line 100 when two blank lines came
    before it (and one less for each line break inside a quoted cell): rows were counted,
    not lines."""
    folder = tmp_path / "export"
    shutil.copytree(MAVEN_DATA, folder)
    pipeline = folder / "sales_pipeline.csv"
    lines = pipeline.read_text().splitlines()[:60]
    lines[2:2] = ["", ""]  # two blank lines after the first data row
    index = next(i for i, line in enumerate(lines) if ",Won," in line and i > 30)
    lines[index] = lines[index].replace(",Won,", ",Wonn,")
    pipeline.write_text("\n".join(lines) + "\n")
    _, report = load_actuals(MAVEN_MAPPING, data_dir=folder, lenient=True)
    text = report.to_text()
    assert f"(CSV lines {index + 1}; e.g. 'Wonn')" in text


def test_an_engage_date_outside_the_valid_range_keeps_its_won_deal(tmp_path):
    """A typo in a won deal's engage date (2099) dropped the whole deal and its revenue,
    though its close date and amount were fine; now only the engage date is left out."""
    folder = tmp_path / "export"
    shutil.copytree(MAVEN_DATA, folder)
    pipeline = folder / "sales_pipeline.csv"
    lines = pipeline.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if ",Won," in line)
    cells = lines[index].split(",")
    engage = next(i for i, c in enumerate(cells) if c[:2] == "20" and c[4:5] == "-")
    cells[engage] = "2099-01-01"
    lines[index] = ",".join(cells)
    pipeline.write_text("\n".join(lines) + "\n")
    before, _ = load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA)
    after, report = load_actuals(MAVEN_MAPPING, data_dir=folder)
    assert after.get("revenue_booked").sum() == before.get("revenue_booked").sum()
    problems = report.problems.set_index("problem")
    outside = problems.loc[problems.index.str.startswith("date outside the valid range")]
    assert list(outside["fix"]) == ["the engage date left out (the deal kept)"]
    assert list(outside["rows"]) == [[index - 1]]


def test_example_values_show_a_blank_cell_as_blank_and_a_date_as_a_date(tmp_path):
    """Examples read 'nan' or '<NA>' for an empty cell and '2015-03-01 00:00:00' for a
    date."""
    folder = tmp_path / "export"
    shutil.copytree(MAVEN_DATA, folder)
    pipeline = folder / "sales_pipeline.csv"
    lines = pipeline.read_text().splitlines()
    won = [i for i, line in enumerate(lines) if ",Won," in line]
    cells = lines[won[0]].split(",")
    cells[6] = ""  # no close date
    lines[won[0]] = ",".join(cells)
    cells = lines[won[1]].split(",")
    cells[5], cells[6] = cells[6], "2016-11-01"  # closed before it was engaged
    lines[won[1]] = ",".join(cells)
    pipeline.write_text("\n".join(lines) + "\n")
    _, report = load_actuals(MAVEN_MAPPING, data_dir=folder, lenient=True)
    problems = report.problems.set_index("problem")
    assert "won or lost deal without a close date" in problems.index
    assert problems.loc["close date before engage date", "examples"] == "'2016-11-01'"
    won_deals = REPO / "tests" / "data" / "imports" / "won_deals"
    shutil.copytree(won_deals, tmp_path / "won")
    deals = tmp_path / "won" / "deals.csv"
    deals.write_text(deals.read_text() + "Ann,,700\n")
    _, report = load_actuals(
        REPO / "mappings" / "won_deals.yaml", data_dir=tmp_path / "won", lenient=True
    )
    text = report.to_text()
    assert "e.g. (blank)" in text
    assert not any(f"'{word}'" in text for word in ("nan", "<NA>", "NaT"))


def test_cash_rows_left_out_are_refused_as_revenue_rows_are(tmp_path):
    """Cash rows dropped as errors (a formatted amount, a negative one, no date) did not
    stop an import, though collected cash is what a plan on collected revenue pays on."""
    from salesperf_model.actuals import CashDropRefused

    shutil.copytree(REPO / "tests" / "data" / "imports" / "won_deals", tmp_path / "won")
    (tmp_path / "won" / "cash.csv").write_text(
        'salesperson,paid_on,amount\nAnn,2024-02-01,1500\nBob,2024-03-21,"1,000"\n'
        "Bob,2024-03-20,-20\nAnn,,50\n"
    )
    mapping = REPO / "mappings" / "won_deals.yaml"
    with pytest.raises(CashDropRefused) as refused:
        load_actuals(mapping, data_dir=tmp_path / "won")
    said = str(refused.value)
    assert "would leave out 3 cash rows carrying 70.00" in said
    assert "amount is not a number: 1 rows, 1 with an amount that cannot be read" in said
    assert "negative amount: 1 rows carrying 20.00" in said
    outcomes, report = load_actuals(mapping, data_dir=tmp_path / "won", lenient=True)
    assert outcomes.get("revenue_collected").sum() > 0
    assert "carrying 50.00 CNY of cash (CSV lines 5; e.g. (blank))" in report.to_text()
