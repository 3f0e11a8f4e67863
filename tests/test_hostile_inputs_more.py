"""More hostile inputs refused with a message that names the place, the value and the fix:
fractional counts in an outcome table, unknown currency codes, accounting-notation negative
amounts and two-digit years in a CRM export; and the good inputs next to them still read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from salesperf_model.actuals import load_actuals, load_mapping
from salesperf_model.cli import main
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.outcomes import read_outcomes_csv
from salesperf_model.schema.currencies import ISO_4217_CODES, currency_problem
from salesperf_model.tables import TableError
from salesperf_model.tables.dates import parse_dates

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
WON_DEALS = ROOT / "mappings" / "won_deals.yaml"
WON_DATA = ROOT / "tests" / "data" / "imports" / "won_deals"
QUARTERLY = ROOT / "mappings" / "quarterly_revenue.yaml"


# ------------------------------------------------------------ 1. fractional counts


def _example_with(tmp_path: Path, column: str, value: str, *, row: int = 3) -> Path:
    """The example outcome table with one cell (data row ``row``, CSV line row + 2) set."""
    table = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    table.loc[row, column] = value
    path = tmp_path / "outcomes.csv"
    table.to_csv(path, index=False)
    return path


def test_a_fractional_deal_count_is_refused_at_its_line_and_column(tmp_path):
    path = _example_with(tmp_path, "deals_won", "2.5")
    with pytest.raises(TableError) as refused:
        read_outcomes_csv(path)
    message = str(refused.value)
    assert "line 5, column 'deals_won': '2.5' not a whole number" in message
    assert "deals_won is a count (deals signed in the period); write a whole number" in message


def test_every_count_measure_is_whole_but_money_and_shares_may_be_fractional(tmp_path):
    path = _example_with(tmp_path, "visits", "4.25")
    with pytest.raises(TableError, match=r"'4.25' not a whole number; visits is a count"):
        read_outcomes_csv(path)
    fine = _example_with(tmp_path, "revenue_booked_new", "1234.56")
    assert read_outcomes_csv(fine).get("revenue_booked_new").max() >= 1234.56
    whole = _example_with(tmp_path, "deals_won", "3.0")  # pandas writes float counts so
    assert read_outcomes_csv(whole).get("deals_won")[0, 0, 3] == 3.0


def test_pay_refuses_a_fractional_count_and_writes_nothing(tmp_path, capsys):
    path = _example_with(tmp_path, "new_customers", "0.5")
    out = tmp_path / "pay.csv"
    code = main(["pay", str(BASELINE), "--outcomes", str(path), "--out", str(out)])
    error = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "column 'new_customers': '0.5' not a whole number; new_customers is a count" in error


def test_simulated_outcomes_read_back_as_written_and_pay(tmp_path, capsys):
    """``simulate --out`` then ``pay --outcomes`` on the same file: the simulation's hidden
    truth columns (``truth_*``) were refused as unknown, so a simulated table could not be
    paid without editing it. They are read as the truth they are; pay reads the measures."""
    out = tmp_path / "simulated.csv"
    sizes = ["--reps", "20", "--periods", "3", "--sims", "2"]
    code = main(["simulate", str(BASELINE), *sizes, "--out", str(out)])
    capsys.readouterr()
    assert code == 0
    written = pd.read_csv(out)
    assert any(c.startswith("truth_") for c in written)
    outcomes = read_outcomes_csv(out)
    assert outcomes.n_simulations == 2 and outcomes.get("deals_won").sum() > 0
    assert outcomes.truth is not None and set(outcomes.truth) >= {"skill", "quota_error"}
    first = written[written["simulation"] == written["simulation"].min()]
    skill = first.set_index(["rep_id", "period"])["truth_skill"]
    rep, period = skill.index[0]
    j, k = list(outcomes.reps["rep_id"]).index(rep), outcomes.periods.index(period)
    assert outcomes.truth["skill"][0, j, k] == skill.iloc[0]
    paid = tmp_path / "pay.csv"
    code = main(["pay", str(BASELINE), "--outcomes", str(out), "--out", str(paid)])
    assert code == 0, capsys.readouterr().err
    assert len(pd.read_csv(paid)) == len(written)


@pytest.mark.parametrize("mapping", [WON_DEALS, QUARTERLY], ids=lambda p: p.stem)
def test_imported_outcomes_read_back(mapping, tmp_path):
    imported, _ = load_actuals(mapping)
    path = tmp_path / "imported.csv"
    imported.to_long().to_csv(path, index=False)
    again = read_outcomes_csv(path)
    assert again.n_reps == imported.n_reps and again.periods == imported.periods


def test_a_fractional_deal_count_in_a_revenue_table_is_refused(tmp_path):
    """A revenue table's ``deals`` column was summed as it was: 2.5 deals imported and
    paid on, where the table that ``import --out`` writes from it is refused by ``pay``."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "data" / "imports" / "quarterly_revenue", data)
    revenue = pd.read_csv(data / "revenue.csv", dtype=str)
    revenue["deals"] = "3"
    revenue.loc[1, "deals"] = "2.5"
    revenue.to_csv(data / "revenue.csv", index=False)
    mapping = yaml.safe_load(QUARTERLY.read_text())
    mapping["data_dir"] = str(data)
    mapping["revenue"]["columns"]["deals"] = "deals"
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping))
    with pytest.raises(ValueError, match=r"deals: deals not a whole number.*CSV lines 3"):
        load_actuals(path)  # it carries revenue: nothing imported unless lenient
    imported, report = load_actuals(path, lenient=True)
    rows = report.problems[report.problems["problem"].str.contains("whole number")]
    assert len(rows) == 1, list(report.problems["problem"])
    assert "deals is a count" in rows["problem"].iloc[0]
    assert rows["column"].iloc[0] == "deals"
    deals = imported.get("deals_won")
    assert np.array_equal(deals, np.round(deals))  # the row is dropped, not read as 2.5


# ------------------------------------------------------------ 2. currency codes


def _scenario(tmp_path: Path, currency: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(f"extends: {BASELINE}\ncurrency: {currency}\n")
    return path


def test_a_misspelt_currency_is_refused_with_the_closest_code(tmp_path):
    with pytest.raises(ScenarioError) as refused:
        load_scenario(_scenario(tmp_path, "CYN"))
    (problem,) = refused.value.problems
    assert problem.path == "currency" and problem.line == 2 and problem.value == "CYN"
    text = str(problem)
    assert "plan.yaml:2: currency: 'CYN' is not an ISO 4217 currency code" in text
    assert "did you mean 'CNY'?" in text
    assert "expected an active ISO 4217 code: three upper-case letters such as CNY" in text


def test_an_unknown_or_lower_case_currency_is_refused(tmp_path):
    assert "'XYZ' is not an ISO 4217 currency code" in str(currency_problem("XYZ"))
    assert "write currency codes upper-case: 'CNY'" in str(currency_problem("cny"))
    with pytest.raises(ScenarioError, match="'YUAN' is not an ISO 4217 currency code"):
        load_scenario(_scenario(tmp_path, "YUAN"))


def test_real_currencies_still_validate(tmp_path):
    assert {"CNY", "USD", "EUR", "JPY", "GBP", "CHF"} <= set(ISO_4217_CODES)
    assert currency_problem("EUR") is None
    assert load_scenario(_scenario(tmp_path, "EUR")).currency == "EUR"
    assert load_scenario(BASELINE).currency == "CNY"


def test_a_mapping_currency_or_rate_code_is_checked_too(tmp_path):
    data = yaml.safe_load(WON_DEALS.read_text())
    data["data_dir"] = str(WON_DATA)
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump({**data, "currency": "CYN"}))
    with pytest.raises(ScenarioError, match="'CYN' is not an ISO 4217 currency code"):
        load_mapping(path)
    path.write_text(yaml.safe_dump({**data, "rates": {"UDS": 0.14}}))
    with pytest.raises(ScenarioError, match=r"rates.UDS: 'UDS' is not an ISO 4217 currency code"):
        load_mapping(path)
    for mapping in sorted((ROOT / "mappings").glob("*.yaml")):
        assert load_mapping(mapping).currency in ISO_4217_CODES


def test_import_currency_option_is_checked_as_a_currency_code(tmp_path, capsys):
    """``import --currency CYN`` asked for a CYN rate in the mapping, as if CYN existed."""
    out = tmp_path / "x.csv"
    code = main(["import", str(QUARTERLY), "--currency", "CYN", "--out", str(out)])
    error = capsys.readouterr().out
    assert code == 2
    assert "the plan's currency: 'CYN' is not an ISO 4217 currency code" in error
    assert "did you mean 'CNY'?" in error and "rates has no" not in error
    assert not out.exists()


# ------------------------------------------------------------ 3. bracketed negatives


def _won_deals_with(tmp_path: Path, old: str, new: str) -> Path:
    """The won-deals export with one text replaced, and a mapping pointing at it."""
    folder = tmp_path / "export"
    shutil.copytree(WON_DATA, folder)
    deals = folder / "deals.csv"
    text = deals.read_text()
    assert old in text
    deals.write_text(text.replace(old, new))
    data = yaml.safe_load(WON_DEALS.read_text())
    data["data_dir"] = str(folder)
    path = tmp_path / "won_deals.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_an_amount_in_brackets_is_named_as_accounting_notation(tmp_path):
    mapping = _won_deals_with(tmp_path, "Ann,2024-01-20,500", "Ann,2024-01-20,(1054)")
    _, report = load_actuals(mapping, lenient=True)
    problems = report.problems
    bracketed = problems[problems["problem"].str.contains("accounting notation")]
    assert len(bracketed) == 1, problems["problem"].tolist()
    problem = bracketed["problem"].iloc[0]
    assert "amount in brackets is accounting notation for a negative amount" in problem
    assert "write it with a minus sign, as in -1054" in problem
    assert "refunds: {negative_amounts: true}" in problem
    assert "(CSV lines 3; e.g. '(1054)')" in report.to_text()


def test_plain_amounts_still_import(tmp_path):
    mapping = _won_deals_with(tmp_path, "Ann,2024-01-20,500", "Ann,2024-01-20,1054")
    outcomes, report = load_actuals(mapping)
    assert outcomes.get("revenue_booked").sum() == 4500 - 500 + 1054
    assert not report.problems["problem"].str.contains("notation").any()


# ------------------------------------------------------------ 4. two-digit years


def test_a_two_digit_year_is_refused_asking_for_four_digits():
    raw = pd.Series(["2017-03-01", "17-03-01", "17-04-15"])
    with pytest.raises(TableError) as refused:
        parse_dates(raw, where="deals.csv", column="closed")
    message = str(refused.value)
    assert message.startswith("deals.csv: column 'closed': 2 dates have a two-digit year")
    assert "e.g. line 3: '17-03-01'" in message
    assert "could be 2017-03-01 (year first) or 2001-03-17 (day first)" in message
    assert "write the year with four digits: YYYY-MM-DD, e.g. 2017-03-01" in message


def test_an_import_with_two_digit_years_is_refused(tmp_path, capsys):
    mapping = _won_deals_with(tmp_path, "Ann,2024-01-10,1000", "Ann,24-01-10,1000")
    code = main(["import", str(mapping), "--out", str(tmp_path / "out.csv")])
    out = capsys.readouterr().out
    assert code == 1  # a refused table, as other data refusals (it was 2, a usage error)
    assert "column 'closed': 1 date has a two-digit year, e.g. line 2: '24-01-10'" in out
    assert "YYYY-MM-DD" in out


def test_four_digit_and_stated_format_dates_still_read():
    read = parse_dates(pd.Series(["2017-03-01", ""]), where="x.csv", column="d")
    assert read.iloc[0] == pd.Timestamp("2017-03-01") and pd.isna(read.iloc[1])
    stated = parse_dates(pd.Series(["17-03-01"]), where="x.csv", column="d", date_format="%y-%m-%d")
    assert stated.iloc[0] == pd.Timestamp("2017-03-01")


# ------------------------------------------------------------ 5. files that are no CSV


def test_a_parquet_outcome_table_is_named_as_parquet_not_as_a_text_encoding(tmp_path, capsys):
    """``simulate --out x.parquet`` then ``pay --outcomes x.parquet`` said the file was
    "probably Windows-1252, Latin-1 or GBK": our own Parquet, misdiagnosed."""
    table = tmp_path / "simulated.parquet"
    sizes = ["--reps", "10", "--periods", "3", "--sims", "1"]
    assert main(["simulate", str(BASELINE), *sizes, "--out", str(table)]) == 0
    capsys.readouterr()
    code = main(["pay", str(BASELINE), "--outcomes", str(table), "--out", str(tmp_path / "p.csv")])
    error = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "p.csv").exists()
    assert "is a Parquet file" in error and "simulate --out FILE.csv" in error
    assert "Windows-1252" not in error


@pytest.mark.parametrize(
    ("start", "words"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook (.xlsx) or another zip file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    ],
)
def test_a_workbook_saved_under_a_csv_name_is_named_as_a_workbook(tmp_path, start, words):
    path = tmp_path / "outcomes.csv"
    path.write_bytes(start + bytes(range(256)) * 4)
    with pytest.raises(TableError, match=r"is " + re.escape(words) + ".*save the sheet as CSV"):
        read_outcomes_csv(path)


# ------------------------------------------------------------ 6. plan changes' plan files


MID_YEAR = ROOT / "scenarios" / "mid_year_change.yaml"


def test_an_inherited_change_reads_its_plan_beside_the_file_that_names_it(tmp_path):
    """A scenario in another folder extending mid_year_change.yaml looked for the change's
    steep_accelerator.yaml beside itself: a decoy there was paid silently (exit 0); without
    one, the error named the wrong folder."""
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "child.yaml").write_text(f"extends: {MID_YEAR}\nname: sub_child\n")
    (sub / "steep_accelerator.yaml").write_text(
        f"extends: {ROOT / 'scenarios' / 'flat_commission.yaml'}\nname: decoy\n"
    )
    child, parent = load_scenario(sub / "child.yaml"), load_scenario(MID_YEAR)
    assert child.pay_changes[0].pay == parent.pay_changes[0].pay
    (sub / "steep_accelerator.yaml").unlink()
    assert load_scenario(sub / "child.yaml").pay_changes[0].pay == parent.pay_changes[0].pay


def _change_refused(folder: Path, plan: str, *, old: str = "plan: steep_accelerator.yaml") -> str:
    """mid_year_change.yaml in ``folder`` with ``old`` written as ``plan``: its refusal."""
    text = MID_YEAR.read_text().replace(old, plan)
    text = text.replace(
        "extends: baseline.yaml", f"extends: {ROOT / 'scenarios' / 'baseline.yaml'}"
    )
    (folder / "change.yaml").write_text(text)
    with pytest.raises(ScenarioError) as refused:
        load_scenario(folder / "change.yaml")
    return str(refused.value)


def test_a_change_to_a_plan_in_another_currency_is_refused(tmp_path):
    (tmp_path / "eur.yaml").write_text(
        f"extends: {ROOT / 'scenarios' / 'steep_accelerator.yaml'}\nname: eur\ncurrency: EUR\n"
    )
    message = _change_refused(tmp_path, "plan: eur.yaml")
    assert "pay_changes.0.plan" in message
    assert "eur.yaml pays in EUR and this scenario in CNY" in message


def test_a_broken_change_plan_says_what_is_wrong_in_it(tmp_path):
    """The message kept only the first line of the plan file's error: the problem itself
    (its key, line and value) was cut off."""
    (tmp_path / "bad.yaml").write_text(
        f"extends: {ROOT / 'scenarios' / 'steep_accelerator.yaml'}\nname: bad\n"
        "pay:\n  commission:\n    tiers:\n      - {from_attainment: 0.0, rate: banana}\n"
    )
    message = _change_refused(tmp_path, "plan: bad.yaml")
    assert "pay_changes.0.plan" in message and "banana" in message and "rate" in message


# ------------------------------------------------------------ 7. a plan that cannot be paid


def test_compare_leaves_out_a_plan_with_no_weights_for_a_seated_role(tmp_path, capsys):
    """A plan without KPI weights for channel managers passed loading, then failed inside
    the first chunk: compare blamed the baseline and wrote nothing for the good plans."""
    text = BASELINE.read_text()
    start = text.index("    channel_manager:\n", text.index("  weights:"))
    end = text.index("    regional_manager:\n", start)
    (tmp_path / "no_cm.yaml").write_text(
        text[:start].replace("name: baseline", "name: no_cm_weights") + text[end:]
    )
    out = tmp_path / "out"
    code = main(
        [
            "compare",
            str(ROOT / "scenarios" / "flat_commission.yaml"),
            str(tmp_path / "no_cm.yaml"),
            "--baseline",
            str(BASELINE),
            "--sims",
            "2",
            "--reps",
            "60",
            "--workers",
            "1",
            "--no-variants",
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1  # a plan left out
    assert f"FAIL {tmp_path / 'no_cm.yaml'}" in captured.err
    assert "scoring.weights gives no KPIs for channel_manager" in captured.err
    assert "FAIL " + str(BASELINE) not in captured.err
    headline = pd.read_csv(out / "headline.csv")
    assert set(headline["plan"]) == {"baseline", "flat_commission"}


# ------------------------------------------------------------ 8. the local minimum base


def test_a_seated_role_on_the_default_base_is_held_to_the_local_minimum():
    """Only roles listed in base_salary.by_role were checked against minimum_base: with
    by_role naming new business alone, account managers were paid the default base of 0
    in tier-1 regions (minimum 8,000), exit 0."""
    with pytest.raises(ScenarioError) as refused:
        load_scenario(BASELINE, ["pay.base_salary.by_role={new_business: 9000}"])
    message = str(refused.value)
    assert "pay.base_salary.default" in message
    assert "account_manager" in message and "below the local minimum 8000" in message
    # equity sales hold no seats (no share of the sales force): they may stay on 0
    fine = load_scenario(
        BASELINE,
        [
            "pay.base_salary.by_role={new_business: 9000, account_manager: 9000, "
            "key_account_manager: 9000, channel_manager: 9000, regional_manager: 15000}",
        ],
    )
    assert fine.pay.base_salary.default == 0


def test_a_day_where_a_month_is_expected_is_echoed_as_written(tmp_path):
    """'from: 2026-07-15' (YAML reads a date) was echoed as datetime.date(2026, 7, 15)."""
    message = _change_refused(
        tmp_path,
        f"from: 2026-07-15\n    plan: {ROOT / 'scenarios' / 'steep_accelerator.yaml'}",
        old="from: 2026-07\n    plan: steep_accelerator.yaml",
    )
    assert "2026-07-15 is a day, not a month; write the month, like '2026-07'" in message
    assert "datetime" not in message


# ------------------------------------------------------------ 9. one simulation


def test_one_simulation_gives_no_interval_and_no_verdict(tmp_path, capsys):
    """`compare --sims 1` wrote 95% intervals equal to the estimate and better True/False,
    as if one simulation had no Monte Carlo error (true only of one set of actual
    results). With one simulation the interval is unknown and nothing is called better."""
    out = tmp_path / "one"
    code = main(
        [
            "compare",
            str(ROOT / "scenarios" / "flat_commission.yaml"),
            "--baseline",
            str(BASELINE),
            "--sims",
            "1",
            "--reps",
            "40",
            "--workers",
            "1",
            "--no-variants",
            "--out",
            str(out),
        ]
    )
    capsys.readouterr()
    assert code == 0
    table = pd.read_csv(out / "comparison.csv")
    flat = table[(table["plan"] == "flat_commission") & table["higher_is_better"].notna()]
    assert flat["difference"].notna().any()
    assert flat["difference_low"].isna().all() and flat["difference_high"].isna().all()
    assert flat["better"].isna().all()
    assert flat["note"].str.contains("one simulation").all()


def test_a_plan_file_listed_twice_is_compared_once_and_said_so():
    """The same file given twice was shown as 'flat_commission (changed)', unchanged."""
    from salesperf_model.pipeline import load_plans

    flat = ROOT / "scenarios" / "flat_commission.yaml"
    plans = load_plans([flat, flat], BASELINE)
    assert list(plans.scenarios) == ["baseline", "flat_commission"]
    assert any("listed twice" in w and "compared once" in w for w in plans.warnings)


def test_a_missing_or_empty_parent_is_the_only_problem_named(tmp_path):
    """A missing parent added 'scoring: required key is missing' and the same for pay,
    which follow from it; an empty 'extends:' said nothing of extends at all."""
    (tmp_path / "missing.yaml").write_text("extends: nothere.yaml\nname: x\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "missing.yaml")
    assert [p.path for p in refused.value.problems] == ["extends"]
    (tmp_path / "empty.yaml").write_text("extends:\nname: x\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "empty.yaml")
    assert [p.path for p in refused.value.problems] == ["extends"]
    assert "'extends' must name one scenario file" in str(refused.value)


def test_statement_and_committee_say_the_warnings_pay_says(tmp_path, capsys):
    """With a quota of 0 beside revenue, `pay` warned that no commission is paid on it;
    `statement` showed target 0 and the floor score without a word, and so did
    `committee`. Both now print the plan's warnings, as `pay` does."""
    table = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    row = int(table.index[table["rep_id"].str.startswith("N-NB")][0])
    path = _example_with(tmp_path, "quota", "0", row=row)
    rep = table.loc[row, "rep_id"]
    assert (
        main(["pay", str(BASELINE), "--outcomes", str(path), "--out", str(tmp_path / "p.csv")]) == 0
    )
    said = capsys.readouterr()
    warned = [line for line in (said.out + said.err).splitlines() if "no quota" in line]
    assert warned
    for command in (
        ["statement", str(BASELINE), "--outcomes", str(path), "--rep", rep],
        ["committee", str(BASELINE), "--outcomes", str(path)],
    ):
        assert main([*command, "--out", str(tmp_path / command[0])]) == 0
        err = capsys.readouterr().err
        assert "warning:" in err and "no quota" in err, command[0]
