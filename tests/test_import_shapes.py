"""Export shapes: won deals without ids or stages, revenue per rep and quarter, a roster,
cash and quota tables, one column for several keys; hand-made fixtures in
tests/data/imports, example mappings in mappings/."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from salesperf_model.actuals import RevenueDropRefused, load_actuals
from salesperf_model.cli import main
from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).parents[1]
QUARTERLY = ROOT / "mappings" / "quarterly_revenue.yaml"
WON = ROOT / "mappings" / "won_deals.yaml"
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def _rows(outcomes, name):
    return dict(zip(outcomes.reps["rep_id"], outcomes.get(name)[0].tolist(), strict=True))


def _variant(tmp_path, source: Path, **changes) -> Path:
    """A copy of an example mapping with keys changed (None deletes), data_dir absolute."""
    mapping = yaml.safe_load(source.read_text())
    mapping["data_dir"] = str((source.parent / mapping["data_dir"]).resolve())
    for key, value in changes.items():
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(mapping))
    return path


def test_won_deals_without_ids_or_stages_and_one_column_for_rep_team_region() -> None:
    outcomes, report = load_actuals(WON)
    assert outcomes.periods == ["2024-01", "2024-02", "2024-03"]
    reps = outcomes.reps.set_index("rep_id")
    assert list(reps.index) == ["Ann", "Bob", "Cy"]
    assert reps.loc["Bob", "team"] == "Bob" and reps.loc["Bob", "region"] == "Bob"
    # deals.csv: Ann 1,000 + 500 in January, 700 in March; Bob 2,000 in February, 300 in
    # March; Cy none.
    assert _rows(outcomes, "revenue_booked") == {
        "Ann": [1500, 0, 700],
        "Bob": [0, 2000, 300],
        "Cy": [0, 0, 0],
    }
    assert _rows(outcomes, "deals_won") == {"Ann": [2, 0, 1], "Bob": [0, 1, 1], "Cy": [0, 0, 0]}
    # No stage column: losses and the pipeline are not measured, not zeros.
    assert "deals_lost" not in outcomes.measures and "leads_negotiation" not in outcomes.measures
    # cash.csv, by the date it came in: Ann 1,500 (Feb) + 400 (Mar), Bob 2,000 (Mar).
    assert _rows(outcomes, "revenue_collected") == {
        "Ann": [0, 1500, 400],
        "Bob": [0, 0, 2000],
        "Cy": [0, 0, 0],
    }
    assert "revenue_collected_new" not in report.measures_assumed
    assert report.problems[report.problems["severity"] != "note"].empty
    assert any("No stage column: every row is a won deal" in a for a in report.assumptions)
    assert report.counts["periods"] == 3


def test_without_a_team_table_every_rep_is_unassigned(tmp_path) -> None:
    outcomes, report = load_actuals(_variant(tmp_path, WON, teams=None))
    assert list(outcomes.reps["rep_id"]) == ["Ann", "Bob"]
    assert set(outcomes.reps["team"]) == {"(unassigned)"}
    assert report.problems[report.problems["severity"] != "note"].empty
    assert any("no team table" in a for a in report.assumptions)


def test_quarterly_revenue_stays_quarterly_and_is_stated() -> None:
    outcomes, report = load_actuals(QUARTERLY)
    assert outcomes.periods == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert outcomes.meta["period"] == "quarter"
    assert report.counts["periods"] == 4 and report.counts["months"] == 12
    assert report.assumptions[0] == (
        "Periods: quarterly, 2024-Q1..2024-Q4 (4 quarters), from the revenue table's labels."
    )
    assert any(
        "Period 2024-Q4 is partial: valid_to 2024-11-30 leaves 2 of its 3 months" in a
        for a in report.assumptions
    )
    reps = outcomes.reps.set_index("rep_id")
    assert reps.loc["Ann", "group"] == "female" and reps.loc["Cy", "role"] == "account_manager"
    # Bob moves East -> West on 2024-07 (roster): two seats, revenue split by quarter.
    assert reps.loc["Bob", "region"] == "East" and reps.loc["Bob@2024-07", "region"] == "West"
    assert reps.loc["Bob@2024-07", "region_tier"] == 2 and reps.loc["Bob@2024-07", "team"] == "Eve"
    assert _rows(outcomes, "revenue_booked") == {
        "Ann": [300000, 240000, 300000, 390000],
        "Bob": [100000, 200000, 0, 0],
        "Bob@2024-07": [0, 0, 150000, 0],
        "Cy": [0, 50000, 120000, 200000],
    }
    # quotas.csv labels read as 'Q1 2024'; Cy has none before he was hired (May 2024).
    assert _rows(outcomes, "quota")["Cy"] == [0, 200000, 200000, 200000]
    assert "quota" not in report.measures_assumed
    np.testing.assert_allclose(
        outcomes.meta["in_seat"], [[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1], [0, 2 / 3, 1, 1]]
    )


def test_quarterly_revenue_paid_under_the_baseline_by_hand() -> None:
    # baseline, bonuses off: base 8,000 a month x tier multiplier (East tier 1, West tier 2
    # = 0.85), paid 3 months a quarter, for the months in the seat; commission 3% to 100%
    # of the quarter's quota, 4% to 120%, 5% above, on cash (= bookings, lag 0).
    outcomes, _ = load_actuals(QUARTERLY)
    result = run_plan(outcomes, load_scenario(BASELINE, ["pay.bonuses=[]"]))
    base = dict(zip(outcomes.reps["rep_id"], result.payouts["base_salary"][0].tolist()))
    assert base["Ann"] == [24000, 24000, 24000, 24000]
    assert base["Bob"] == [24000, 24000, 0, 0]
    assert base["Bob@2024-07"] == [0, 0, 20400, 20400]  # 3 x 8,000 x 0.85
    assert base["Cy"] == pytest.approx([0, 13600, 20400, 20400])  # hired May: 2 months
    commission = dict(zip(outcomes.reps["rep_id"], result.payouts["commission"][0].tolist()))
    # Ann, quota 300,000: 300,000 -> 9,000; 240,000 -> 7,200; 300,000 -> 9,000;
    # 390,000 (130%) -> 9,000 + 60,000 x 4% + 30,000 x 5% = 12,900.
    assert commission["Ann"] == pytest.approx([9000, 7200, 9000, 12900])
    assert commission["Bob"] == pytest.approx([3000, 6000, 0, 0])
    assert commission["Bob@2024-07"] == pytest.approx([0, 0, 4500, 0])
    # Cy: 50,000 / 200,000 -> 1,500; 120,000 -> 3,600; 200,000 (100%) -> 6,000.
    assert commission["Cy"] == pytest.approx([0, 1500, 3600, 6000])


def test_a_quarterly_table_is_not_split_into_months(tmp_path) -> None:
    with pytest.raises(ValueError, match="the revenue table is quarterly; it cannot be split"):
        load_actuals(QUARTERLY, period="month")
    outcomes, report = load_actuals(QUARTERLY, period="half_year")
    assert outcomes.periods == ["2024-H1", "2024-H2"]
    assert _rows(outcomes, "revenue_booked")["Ann"] == [540000, 690000]
    assert report.counts["periods"] == 2


def test_fiscal_quarters_from_the_mapping(tmp_path) -> None:
    # A fiscal year starting in April, named by the year it ends in: FY2024 Q1 = Apr-Jun 2023.
    path = _variant(tmp_path, QUARTERLY, fiscal_year_start=4, valid_to=None)
    outcomes, _ = load_actuals(path)
    assert outcomes.periods == ["2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"]


def test_import_without_a_roster_refuses_nothing_but_knows_no_roles(tmp_path) -> None:
    path = _variant(tmp_path, QUARTERLY, roster=None, quota_table=None)
    outcomes, report = load_actuals(path)
    assert list(outcomes.reps["rep_id"]) == ["Ann", "Bob", "Cy"]
    assert "in_seat" not in outcomes.meta
    assert any("Every rep's role is 'new_business'" in a for a in report.assumptions)


@pytest.mark.parametrize(
    ("roster", "fragment"),
    [
        (
            "employee,title\nAnn,hunter\n",
            "roster.csv: line 2 (the header is line 1), roster.columns.role: rep 'Ann' has "
            "'hunter'; expected one of",
        ),
        ("employee,title\nAnn,new_business\nAnn,account_manager\n", "effective_from saying"),
    ],
)
def test_a_bad_roster_is_refused_naming_file_line_rep_value(tmp_path, roster, fragment) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("revenue.csv", "quotas.csv"):
        (data / name).write_text(
            (ROOT / "tests" / "data" / "imports" / "quarterly_revenue" / name).read_text()
        )
    (data / "roster.csv").write_text(roster)
    columns = {"rep": "employee", "role": "title"}
    path = _variant(tmp_path, QUARTERLY, roster={"file": "roster.csv", "columns": columns})
    with pytest.raises(ValueError) as caught:
        load_actuals(path, data_dir=data)
    assert fragment in str(caught.value)


def test_import_command_states_the_period_and_counts_quarters(tmp_path, capsys) -> None:
    out = tmp_path / "q.csv"
    assert main(["import", str(QUARTERLY), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "periods: 4" in printed and "4 quarters" in printed
    assert "(4 reps x 4 quarters," in printed


def test_the_imported_table_pays_the_same_through_salesperf_pay(tmp_path, capsys) -> None:
    # The tidy CSV carries in_seat (Bob's move, Cy's hire), so paying it later pays the same
    # base: Bob 2 quarters in each seat, Cy 2 months of Q2.
    table = tmp_path / "q.csv"
    assert main(["import", str(QUARTERLY), "--out", str(table)]) == 0
    payouts = tmp_path / "pay.csv"
    code = main(
        [
            "pay",
            str(BASELINE),
            "--outcomes",
            str(table),
            "--out",
            str(payouts),
            "--set",
            "pay.bonuses=[]",
        ]
    )
    assert code == 0
    assert "4 reps x 4 quarters" in capsys.readouterr().out
    import pandas as pd

    paid = pd.read_csv(payouts).pivot(index="rep_id", columns="period", values="base_salary")
    assert paid.loc["Bob"].tolist() == [24000, 24000, 0, 0]
    assert paid.loc["Bob@2024-07"].tolist() == [0, 0, 20400, 20400]
    assert paid.loc["Cy"].tolist() == pytest.approx([0, 13600, 20400, 20400])


def test_target_bonus_accrues_per_month_in_the_seat_and_the_settlement_is_stated() -> None:
    # Only the target bonus (2,000 a month for new_business and account_manager in the
    # baseline; grade multiplier m): Bob 2 quarters x 3 months in each seat, Cy 2 + 3 + 3
    # months. Paid = 2,000 x months held x the grade multiplier of the month's review.
    outcomes, _ = load_actuals(QUARTERLY)
    scenario = load_scenario(BASELINE)
    kept = [b for b in scenario.pay.bonuses if b.name == "target_bonus"]
    scenario = scenario.model_copy(
        update={"pay": scenario.pay.model_copy(update={"bonuses": kept})}
    )
    result = run_plan(outcomes, scenario)
    paid = result.payouts["bonus_target_bonus"][0]
    grades = result.grades[0]
    multipliers = dict(zip("SABC", [1.5, 1.2, 1.0, 0.0], strict=True))
    months = np.array([[3, 3, 3, 3], [3, 3, 0, 0], [0, 0, 3, 3], [0, 2, 3, 3]], dtype=float)
    assert grades.shape == (4, 4)  # reviewed each quarter (the data's own period)
    per_review = np.vectorize(lambda g: multipliers["SABC"[g]])(grades)
    assert paid.sum(axis=1) == pytest.approx((2000 * months * per_review).sum(axis=1))
    assert any(
        "pay.commission.settlement: monthly, but the outcomes are quarterly" in w
        for w in result.warnings
    )


def test_a_roster_change_inside_a_quarter_is_refused(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    source = ROOT / "tests" / "data" / "imports" / "quarterly_revenue"
    for name in ("revenue.csv", "quotas.csv"):
        (data / name).write_text((source / name).read_text())
    roster = (source / "roster.csv").read_text().replace(",2024-07\n", ",2024-08\n")
    (data / "roster.csv").write_text(roster)
    with pytest.raises(ValueError) as caught:
        load_actuals(QUARTERLY, data_dir=data)
    expected = (
        "roster.csv: line 4, roster.columns.effective_from: rep 'Bob' changes from month "
        "2024-08, inside a 3-month period"
    )
    assert expected in str(caught.value)


def test_deal_only_keys_with_a_revenue_table_are_refused(tmp_path) -> None:
    from salesperf_model.loading import ScenarioError

    with pytest.raises(ScenarioError, match="first_period: only used with `opportunities`"):
        load_actuals(_variant(tmp_path, QUARTERLY, first_period="2024-01"))


def test_a_replay_report_uses_the_mappings_period() -> None:
    from salesperf_model.pipeline.outcomes import outcomes_for

    outcomes = outcomes_for(load_scenario(BASELINE), actuals_mapping=QUARTERLY)
    assert outcomes.periods == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_a_rep_listed_again_in_another_region_points_at_the_roster(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    source = ROOT / "tests" / "data" / "imports" / "won_deals"
    (data / "deals.csv").write_text((source / "deals.csv").read_text())
    (data / "cash.csv").write_text((source / "cash.csv").read_text())
    (data / "people.csv").write_text(
        "name,manager,office\nAnn,Dee,East\nBob,Dee,East\nAnn,Eve,West\n"
    )
    teams = {
        "file": "people.csv",
        "columns": {"rep": "name", "team": "manager", "region": "office"},
    }
    outcomes, report = load_actuals(_variant(tmp_path, WON, teams=teams), data_dir=data)
    problems = report.problems.set_index("problem")
    row = problems.loc["rep listed again with another team or region (a move?)"]
    assert row["severity"] == "error" and row["rows"] == [2] and row["column"] == "manager,office"
    assert "roster.columns.effective_from" in row["fix"]
    assert outcomes.reps.set_index("rep_id").loc["Ann", "region"] == "East"


def test_maven_by_quarter_counts_quarters_not_months() -> None:
    # The Maven export closes deals from 2017-03 to 2017-12: 10 months, 4 quarters (Q1
    # holds one month and is flagged partial).
    mapping = ROOT / "mappings" / "maven_crm.yaml"
    data = ROOT / "tests" / "data" / "maven_crm"
    outcomes, report = load_actuals(mapping, period="quarter", data_dir=data)
    assert outcomes.periods == ["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]
    assert report.counts["periods"] == 4 and report.counts["months"] == 10
    assert report.assumptions[0].startswith("Periods: quarterly, 2017-Q1..2017-Q4 (4 quarters)")
    assert any("Period 2017-Q1 holds only 1 of 3 months" in a for a in report.assumptions)


def test_deals_after_a_roster_move_go_to_the_new_seat(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    source = ROOT / "tests" / "data" / "imports" / "won_deals"
    for name in ("deals.csv", "cash.csv", "people.csv"):
        (data / name).write_text((source / name).read_text())
    (data / "roster.csv").write_text(
        "who,office,from,left\nAnn,East,,\nAnn,West,2024-03,\nBob,East,,2024-02-20\n"
    )
    roster = {
        "file": "roster.csv",
        "columns": {
            "rep": "who",
            "region": "office",
            "effective_from": "from",
            "exit_date": "left",
        },
    }
    path = _variant(tmp_path, WON, roster=roster)
    outcomes, report = load_actuals(path, data_dir=data)
    late = report.problems.set_index("problem").loc[
        "dated outside the rep's time in the seat (roster hire and exit dates)"
    ]
    assert late["rows"] == [4] and late["severity"] == "warning"  # Bob's 2024-03-31 deal
    # Ann: January 1,500 (East seat), March 700 after her move (West seat); her March cash
    # (400) goes to the West seat too. Bob left in February: in the seat Jan-Feb only.
    assert _rows(outcomes, "revenue_booked")["Ann"] == [1500, 0, 0]
    assert _rows(outcomes, "revenue_booked")["Ann@2024-03"] == [0, 0, 700]
    assert _rows(outcomes, "revenue_collected")["Ann@2024-03"] == [0, 0, 400]
    assert outcomes.reps.set_index("rep_id").loc["Ann@2024-03", "region"] == "West"
    held = dict(zip(outcomes.reps["rep_id"], outcomes.meta["in_seat"].tolist(), strict=True))
    assert held == {
        "Ann": [1, 1, 0],
        "Ann@2024-03": [0, 0, 1],
        "Bob": [1, 1, 0],
        "Cy": [1, 1, 1],
    }


def test_calibrating_a_revenue_table_is_refused_with_the_reason(tmp_path, capsys) -> None:
    assert main(["calibrate", str(QUARTERLY), "--out", str(tmp_path / "c.yaml")]) == 2
    assert "calibration fits deals" in capsys.readouterr().out


def test_quarter_end_shares_are_not_measured_on_quarterly_data(tmp_path) -> None:
    from salesperf_model.measure.metric import MetricInputs
    from salesperf_model.measure.timing_metrics import TIMING_METRICS

    outcomes, _ = load_actuals(QUARTERLY)
    result = run_plan(outcomes, load_scenario(BASELINE))
    inputs = MetricInputs(result, outcomes)
    shares = {m.name: m.compute(inputs) for m in TIMING_METRICS}
    assert np.isnan(shares["quarter_end_share"]).all()
    assert np.isnan(shares["year_end_share"]).all()
    # Jan..Mar: March is a quarter end, 1,000 of 4,500. Without an account column the
    # baseline's new-business KPIs cannot be scored (refused), so the reps are graded as
    # account managers (repeat purchases unscorable, collection rate from cash.csv).
    won = _variant(tmp_path, WON, role="account_manager")
    monthly, _ = load_actuals(won)
    shares = [
        m.compute(MetricInputs(run_plan(monthly, load_scenario(BASELINE)), monthly))
        for m in TIMING_METRICS
        if m.name == "quarter_end_share"
    ]
    assert shares[0] == pytest.approx([1000 / 4500])


def test_bad_revenue_rows_are_reported_with_their_lines(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "revenue.csv").write_text(
        "employee,quarter,revenue\nAnn,2024Q1,100\nAnn,2024Q5,50\nAnn,2024Q2,\n"
        "Bob,2024Q1,-5\nBob,2024Q2,1e3\nBob,2024Q2,20\n"
    )
    columns = {"rep": "employee", "period": "quarter", "amount": "revenue"}
    path = _variant(
        tmp_path,
        QUARTERLY,
        roster=None,
        quota_table=None,
        valid_to=None,
        revenue={"file": "revenue.csv", "columns": columns},
    )
    # Three rows carrying revenue are left out (Q5 50, a blank, -5): refused by default.
    with pytest.raises(RevenueDropRefused, match=r"leave out 3 won rows carrying 45\.00 CNY"):
        load_actuals(path, data_dir=data)
    outcomes, report = load_actuals(path, data_dir=data, lenient=True)
    problems = report.problems.set_index("problem")
    assert problems.loc[problems.index.str.startswith("period label cannot be read"), "rows"].iloc[
        0
    ] == [1]
    assert problems.loc["amount is blank (write 0 for none)", "rows"] == [2]
    assert problems.loc["negative amount", "rows"] == [3]
    assert problems.loc["rep and period on several rows", "severity"] == "warning"
    assert _rows(outcomes, "revenue_booked") == {"Ann": [100, 0], "Bob": [0, 1020]}
    with pytest.raises(ValueError, match="mixes months and quarters"):
        (data / "revenue.csv").write_text(
            "employee,quarter,revenue\nAnn,2024Q1,100\nAnn,2024-04,50\n"
        )
        load_actuals(path, data_dir=data)


def test_rule_quotas_count_only_the_seats_held(tmp_path) -> None:
    # Without the quota table, the quota rule team_mean_share: (1 + 0) x the team's mean
    # booked revenue per quarter per seat held. Team Dee holds Ann all year and Bob (East)
    # in Q1-Q2: headcount 2, 2, 1, 1; Dee books 400,000, 440,000, 300,000, 390,000, per
    # head 200,000, 220,000, 300,000, 390,000: mean 277,500.
    path = _variant(tmp_path, QUARTERLY, quota_table=None, quota={"rule": "team_mean_share"})
    outcomes, _ = load_actuals(path)
    quota = _rows(outcomes, "quota")
    assert quota["Ann"] == pytest.approx([277500] * 4)
    assert quota["Bob"] == pytest.approx([277500, 277500, 0, 0])
    # Team Eve: Bob@2024-07 in Q3-Q4, Cy 2/3 of Q2 then Q3-Q4: headcount 0, 2/3, 2, 2;
    # bookings 0, 50,000, 270,000, 200,000; per head 0, 75,000, 135,000, 100,000: mean
    # 77,500, scaled by the share of each quarter held.
    assert quota["Cy"] == pytest.approx([0, 77500 * 2 / 3, 77500, 77500])
    assert quota["Bob@2024-07"] == pytest.approx([0, 0, 77500, 77500])


def test_a_rep_missing_a_period_is_said_unless_not_yet_hired(tmp_path) -> None:
    # With the roster, Cy (hired May 2024) has no Q1 row as expected: no problem. Without
    # it, the missing Q1 row is listed (read as zero revenue).
    _, report = load_actuals(QUARTERLY)
    assert report.problems.empty
    _, report = load_actuals(_variant(tmp_path, QUARTERLY, roster=None, quota_table=None))
    row = report.problems.set_index("problem").loc[
        "rep without a row for some periods (first row of the rep listed)"
    ]
    assert row["examples"] == "'Cy: 2024-Q1'" and row["rows"] == [8]


def _revenue_table(tmp_path, text: str, *, valid_to: str | None):
    """A quarterly revenue table (employee, quarter, revenue) of ``text`` and its
    mapping's path, without roster or quota table: (mapping path, data folder)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "revenue.csv").write_text(text)
    columns = {"rep": "employee", "period": "quarter", "amount": "revenue"}
    path = _variant(
        tmp_path,
        QUARTERLY,
        roster=None,
        quota_table=None,
        valid_to=valid_to,
        revenue={"file": "revenue.csv", "columns": columns},
    )
    return path, data


def test_infinite_or_huge_revenue_rows_are_reported_with_their_lines(tmp_path) -> None:
    """`inf` or 1e300 in a revenue or cash table went through as a number: RuntimeWarnings,
    then an error naming another file, a NaN and no line. Each is now a row error with its
    line, as a deal amount's is."""
    path, data = _revenue_table(
        tmp_path,
        "employee,quarter,revenue\nAnn,2024Q1,100\nAnn,2024Q2,inf\nBob,2024Q1,1e300\nBob,2024Q2,20\n",
        valid_to=None,
    )
    outcomes, report = load_actuals(path, data_dir=data, lenient=True)
    problems = report.problems.set_index("problem")
    huge = "amount is infinite or implausibly large (magnitude above 1e+15)"
    assert problems.loc[huge, "rows"] == [1, 2]
    assert "amount is not a number" not in problems.index
    assert _rows(outcomes, "revenue_booked") == {"Ann": [100, 0], "Bob": [0, 20]}


def test_a_revenue_row_dated_outside_the_valid_range_is_left_out_with_its_line(tmp_path) -> None:
    """valid_from / valid_to were read for deal rows only: a revenue table's typo 2071Q2
    stretched the window to 190 quarters (and pay paid base in each)."""
    path, data = _revenue_table(
        tmp_path,
        "employee,quarter,revenue\nAnn,2024Q1,100\nAnn,2071Q2,999\nBob,2024Q1,50\nBob,2024Q2,20\n",
        valid_to="2024-11-30",
    )
    with pytest.raises(RevenueDropRefused, match=r"leave out 1 won rows carrying 999\.00 CNY"):
        load_actuals(path, data_dir=data)
    outcomes, report = load_actuals(path, data_dir=data, lenient=True)
    problems = report.problems.set_index("problem")
    outside = problems.index.str.startswith("period outside the valid range")
    assert problems.loc[outside, "rows"].iloc[0] == [1]
    assert outcomes.periods == ["2024-Q1", "2024-Q2"]
    assert _rows(outcomes, "revenue_booked") == {"Ann": [100, 0], "Bob": [50, 20]}
