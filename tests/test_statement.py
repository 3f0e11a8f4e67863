"""Rep statements: read from the engine's records, every line adding to the total paid to
the cent (every rep of a run; a hand-worked commission), and bad input named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes, read_outcomes_csv
from salesperf_model.present.people_lookup import PeopleInputError
from salesperf_model.present.statement import rep_statement

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def two_reps(revenue: list[float], months: int = 3) -> Outcomes:
    """Two new-business reps, quota 100,000 a month, collected new revenue per month."""
    shape = (1, 2, months)
    reps = pd.DataFrame(
        {
            "rep_id": ["a1", "b2"],
            "role": "new_business",
            "region": ["North", "South"],
            "region_tier": 1,
            "team": ["t1", "t2"],
            "group": "",
        }
    )
    rev = np.broadcast_to(np.asarray(revenue, dtype=float)[None, :, None], shape).copy()
    measures = {
        "quota": np.full(shape, 100_000.0),
        "revenue_collected_new": rev,
        "revenue_booked_new": rev.copy(),
    }
    periods = [f"2026-{m + 1:02d}" for m in range(months)]
    return Outcomes(reps=reps, periods=periods, measures=measures)


def check_adds_up(statement) -> None:
    """Components add up to the total to the cent; each recorded component's paid
    values (plus a rounding line) add up to its amount."""
    cents = np.rint(statement.components["amount"].to_numpy() * 100).sum()
    assert cents == np.rint(statement.total * 100)
    for component, amount in statement.components.itertuples(index=False):
        lines = statement.pay[statement.pay["component"] == component]
        paid = 0.0
        for _, settlement in lines[lines["settlement"] != ""].groupby("settlement"):
            calculated = settlement[settlement["item"] != "=rounded to the cent"]
            paid += float(calculated["value"].iloc[-1])  # the record's last value: paid
            paid += settlement.loc[settlement["item"] == "=rounded to the cent", "value"].sum()
        assert paid == pytest.approx(amount, abs=1e-6), component


def test_hand_worked_commission_and_over_achievement() -> None:
    # a1 collects 130,000 a month on a 100,000 quota: each month 3% of the first 100,000
    # (3,000) + 4% of the next 20,000 (800) + 5% of the last 10,000 (500) = 4,300; the
    # quarter's 390,000 is 30,000 above 120% of 300,000: 1% = 300 over-achievement bonus.
    outcomes = two_reps([130_000, 90_000])
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_plan(outcomes, scenario, records=True)
    s = rep_statement(result, outcomes, scenario, rep_id="a1")
    assert s.review == "2026-Q1" and s.months == ["2026-01", "2026-02", "2026-03"]
    lines = s.pay[(s.pay["component"] == "commission") & (s.pay["settlement"] == "2026-02")]
    values = dict(zip(lines["item"], lines["value"]))
    assert values["attainment"] == pytest.approx(1.3)
    tiers = [v for k, v in values.items() if k.startswith("tier ")]
    assert tiers == pytest.approx([3000.0, 800.0, 500.0])
    assert values["=earned (sum of the tiers)"] == pytest.approx(4300.0)
    amounts = dict(zip(s.components["component"], s.components["amount"]))
    assert amounts["commission"] == 12_900.00
    assert amounts["base_salary"] == 24_000.00 and amounts["allowances"] == 3_000.00
    assert amounts["bonus_over_achievement"] == 300.00
    bonus = s.pay[s.pay["component"] == "bonus_over_achievement"]
    assert dict(zip(bonus["item"], bonus["value"]))["revenue above it"] == pytest.approx(30_000)
    assert s.total == pytest.approx(sum(amounts.values()), abs=1e-9)
    check_adds_up(s)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_rep_and_period_adds_up_to_the_cent(path: Path) -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(path)
    result = run_plan(outcomes, scenario, records=True)
    for rep_id in result.rep_ids:
        for review in result.review_labels:
            s = rep_statement(result, outcomes, scenario, rep_id=rep_id, period=review)
            check_adds_up(s)
            assert s.points == pytest.approx(s.kpis["points"].sum())
            expected = (s.kpis["weight"] * s.kpis["score"]).to_numpy()
            assert s.kpis["points"].to_numpy() == pytest.approx(expected)


@settings(max_examples=40, deadline=None)
@given(
    revenue=st.lists(st.floats(0, 400_000, allow_nan=False), min_size=2, max_size=2),
    scenario=st.sampled_from(
        ["baseline", "gated_accelerator", "steep_accelerator", "forced_distribution"]
    ),
    month=st.integers(1, 6),
)
def test_statement_lines_add_up_for_any_revenue(revenue, scenario, month) -> None:
    outcomes = two_reps(revenue, months=6)
    plan = load_scenario(ROOT / "scenarios" / f"{scenario}.yaml")
    result = run_plan(outcomes, plan, records=True)
    for rep_id in ("a1", "b2"):
        s = rep_statement(result, outcomes, plan, rep_id=rep_id, period=f"2026-{month:02d}")
        check_adds_up(s)
        commission = s.pay[s.pay["component"] == "commission"]
        for _, lines in commission.groupby("settlement"):
            values = dict(zip(lines["item"], lines["value"]))
            tiers = sum(float(v) for k, v in values.items() if k.startswith("tier "))
            earned = values.get(
                "=earned (sum of the tiers)", values.get("=year-to-date earning (sum of the tiers)")
            )
            assert tiers == pytest.approx(float(earned), abs=1e-6)


def test_forced_statement_names_rank_and_counts() -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(ROOT / "scenarios" / "forced_distribution.yaml")
    result = run_plan(outcomes, scenario, records=True)
    moved = np.argwhere(result.moved[0])
    assert len(moved), "the example data should have someone the rule moved"
    rep, review = moved[0]
    s = rep_statement(
        result, outcomes, scenario, rep_id=result.rep_ids[rep], period=result.review_labels[review]
    )
    rank = int(result.grade_record.rank[0, rep, review])
    assert f"Ranked {rank} of" in s.grade_rule
    assert f"from {s.band_grade} to {s.grade}" in s.grade_rule


def test_unknown_rep_and_period_are_named() -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_plan(outcomes, scenario, records=True)
    with pytest.raises(PeopleInputError, match=r"'N-AM' is not in the data \(closest: N-AM1"):
        rep_statement(result, outcomes, scenario, rep_id="N-AM")
    with pytest.raises(PeopleInputError, match=r"'2026-Q3' is outside the data.*2026-Q1, 2026-Q2"):
        rep_statement(result, outcomes, scenario, rep_id="N-AM1", period="2026-Q3")
    # a month names its review period
    assert (
        rep_statement(result, outcomes, scenario, rep_id="N-AM1", period="2026-02").review
        == "2026-Q1"
    )


def test_statement_command_writes_every_rep_with_an_index(tmp_path, capsys) -> None:
    from salesperf_model.cli import main

    plan = str(ROOT / "scenarios" / "forced_distribution.yaml")
    args = ["statement", plan, "--outcomes", str(EXAMPLE)]
    assert main([*args, "--all", "--period", "2026-Q1", "--out", str(tmp_path)]) == 0
    index = (tmp_path / "index.html").read_text()
    assert index.count("<tr>") == 13  # header + 12 reps
    table = pd.read_csv(tmp_path / "E-NB1_2026-Q1.csv")
    total = table[(table["section"] == "pay total") & (table["item"] == "total")]["value"]
    assert float(total.iloc[0]) == 45_488.00
    page = (tmp_path / "E-NB1_2026-Q1.html").read_text()
    assert "size: A4" in page and "Ranked 1 of 4" in page
    assert main([*args, "--rep", "E-NB", "--out", str(tmp_path)]) == 1
    assert "closest: E-NB1" in capsys.readouterr().err


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_keeping_records_changes_no_figure(path: Path) -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(path)
    plain, kept = run_plan(outcomes, scenario), run_plan(outcomes, scenario, records=True)
    assert not plain.pay_records and kept.pay_records
    for name in ("points", "band_grades", "grades", "attainment"):
        assert np.array_equal(getattr(plain, name), getattr(kept, name)), name
    assert plain.payouts.keys() == kept.payouts.keys()
    for component, values in plain.payouts.items():
        assert np.array_equal(values, kept.payouts[component]), component
    with pytest.raises(ValueError, match="records=True"):
        rep_statement(plain, outcomes, scenario, rep_id=plain.rep_ids[0])


def test_a_component_without_a_record_is_listed_and_counted() -> None:
    # a pay component added later (e.g. deferred equity) shows up with its amount, no code
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_plan(outcomes, scenario, records=True)
    extra = np.zeros(result.attainment.shape)
    extra[:, :, 5] = 1234.56
    result.payouts["deferred_equity"] = extra
    s = rep_statement(result, outcomes, scenario, rep_id="W-AM1", period="2026-Q2")
    amounts = dict(zip(s.components["component"], s.components["amount"]))
    assert amounts["deferred_equity"] == 1234.56
    lines = s.pay[s.pay["component"] == "deferred_equity"]
    assert lines["item"].tolist() == ["no calculation record"]
    assert np.rint(sum(amounts.values()) * 100) == np.rint(s.total * 100)


@pytest.mark.slow
def test_every_rep_of_a_simulated_run_adds_up_to_the_cent() -> None:
    from salesperf_model import pipeline

    for name in ("baseline", "gated_accelerator", "combined_reform"):
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        outcomes = pipeline.outcomes_for(scenario, reps=40, periods=12, simulations=1)
        result = run_plan(outcomes, scenario, records=True)
        for rep_id in result.rep_ids:
            for review in result.review_labels:
                check_adds_up(
                    rep_statement(result, outcomes, scenario, rep_id=rep_id, period=review)
                )


COMMISSION_CASES = sorted((ROOT / "tests" / "cases").glob("[0-9][0-9]_*.yaml"))


@pytest.mark.parametrize("path", COMMISSION_CASES, ids=lambda p: p.stem)
def test_commission_tier_lines_add_up_to_what_the_engine_earned_in_every_case(path) -> None:
    """Amount tiers, tiers that end, per-deal tiering, margin and product lines: the
    statement's tier slices add up to the earning, and its last line is what was paid."""
    import yaml

    from tests.test_cases import case_outcomes, load_case_scenario

    case = yaml.safe_load(path.read_text())
    scenario = load_case_scenario(case, path)
    outcomes = case_outcomes(case)
    result = run_plan(outcomes, scenario, records=True)
    record = result.pay_records["commission"]
    tiers = [v for k, v in record.values.items() if k.startswith("tier ")]
    assert bool(tiers) == (scenario.pay.commission.tier_each != "deal")
    if tiers:
        earned_key = next(k for k in record.values if k.startswith("=earned") or "earning" in k)
        assert sum(tiers) == pytest.approx(record.values[earned_key], abs=1e-6)
    paid = list(record.values.values())[-1]
    placed = record.settle.place(paid)
    assert placed.sum() == pytest.approx(
        result.payouts["commission"].sum(), abs=0.01 * paid.size + 1e-6
    )


def test_statement_takes_the_same_signed_measures_and_roster_as_pay(tmp_path, capsys) -> None:
    """A refund month that ``salesperf pay --signed`` pays is no reason to refuse the rep's
    statement, appeal or committee: the people commands read the table as pay does."""
    from salesperf_model.cli import main

    table = pd.read_csv(EXAMPLE)
    first = table.index[table["rep_id"] == table["rep_id"].iloc[0]][1]
    table.loc[first, "revenue_collected_new"] = -25_000.0
    path = tmp_path / "refund.csv"
    table.to_csv(path, index=False)
    rep = str(table.loc[first, "rep_id"])
    plan = str(ROOT / "scenarios" / "baseline.yaml")
    period = str(table.loc[first, "period"])
    quarter = f"{period[:4]}-Q{(int(period[5:7]) - 1) // 3 + 1}"
    args = ["statement", plan, "--outcomes", str(path), "--rep", rep, "--period", quarter]
    args += ["--out", str(tmp_path)]
    assert main(args) == 1
    assert "--signed COLUMN" in capsys.readouterr().err
    signed = ["--signed", "revenue_collected_new"]
    assert main([*args, *signed]) == 0
    assert (
        main(["pay", plan, "--outcomes", str(path), "--out", str(tmp_path / "p.csv"), *signed]) == 0
    )
    paid = pd.read_csv(tmp_path / "p.csv")
    statement = pd.read_csv(tmp_path / f"{rep}_{quarter}.csv")
    total = statement[(statement["section"] == "pay total") & (statement["item"] == "total")]
    months = pd.PeriodIndex(paid["period"], freq="M").quarter == int(quarter[-1])
    expected = paid[(paid["rep_id"] == rep) & months]["total"].sum()
    assert float(total["value"].iloc[0]) == pytest.approx(expected, abs=0.005)
    committee = ["committee", plan, "--outcomes", str(path), "--out", str(tmp_path / "c")]
    assert main([*committee, *signed]) == 0


@pytest.mark.parametrize("spelling", ["2026Q1", "Q1 2026", "2026q1", " 2026-Q1 ", "2026-02"])
def test_statement_period_takes_every_documented_spelling(spelling) -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_plan(outcomes, scenario, records=True)
    s = rep_statement(result, outcomes, scenario, rep_id="N-NB1", period=spelling)
    reference = rep_statement(result, outcomes, scenario, rep_id="N-NB1", period="2026-Q1")
    pd.testing.assert_frame_equal(s.components, reference.components)


def test_statement_period_that_is_no_period_is_called_so() -> None:
    outcomes = read_outcomes_csv(EXAMPLE)
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_plan(outcomes, scenario, records=True)
    with pytest.raises(PeopleInputError, match=r"'garbage' is not a period.*2026-Q1"):
        rep_statement(result, outcomes, scenario, rep_id="N-NB1", period="garbage")
    with pytest.raises(PeopleInputError, match=r"'2027Q1' is outside the data"):
        rep_statement(result, outcomes, scenario, rep_id="N-NB1", period="2027Q1")
