"""Pay still owed at the end of the horizon is a cost, not a saving (money audit, defect 1).

A commission holdback keeps part of each commission payment and releases it months
later; what is held in the horizon's last months is released after it ends: the company
still owes it. Hand-built one-rep cases with the arithmetic in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from commission_fixture import outcomes_of, scenario_with

from salesperf_model.measure.horizon import horizon_result
from salesperf_model.measure.owed import owed_at_end
from salesperf_model.pipeline import pay_and_compare
from salesperf_model.pipeline.plans import Plans
from salesperf_model.present.cost_drivers import (
    accrued_cost_row,
    accrued_pay_draws,
    cost_driver_sentence,
    owed_clause,
)
from salesperf_model.schema import Scenario

FLAT = [{"from_attainment": 0.0, "rate": 0.03}]
HOLD = {"share": 0.2, "months": 3, "release": "in_full"}
# One rep, twelve months (2026-01..12), 100,000 booked every month: commission 3% =
# 3,000 a month; base 8,000 + allowances 1,000 a month: 144,000 over the year.
# Holdback 20% for 3 months: 600 held every month, released 3 months later.
YEAR = np.full((1, 12), 100_000.0)
# The seat's holder changes after June: the holds of April-June (1,800) would be released
# in July-September to someone who has left: forfeited, kept by the company.
LEAVER = np.array([[1.0] * 6 + [2.0] * 6])


def _plan(name: str, **pay) -> Scenario:
    data = scenario_with(tiers=FLAT, base="booked").model_dump(by_alias=True)
    data["pay"].update(pay)
    data["name"] = name
    return Scenario.model_validate(data)


def _run(outcomes, **pay):
    """The plan ``held`` (the baseline plus ``pay``) against ``base`` on ``outcomes``."""
    scenarios = {"base": _plan("base"), "held": _plan("held", **pay)}
    plans = Plans(baseline="base", scenarios=scenarios, sources={k: "" for k in scenarios})
    return pay_and_compare(plans, outcomes, variants=False)


def test_what_is_held_in_the_last_months_is_owed_not_saved() -> None:
    """Held 12 x 600 = 7,200; released April-December 9 x 600 = 5,400: the component
    nets -1,800, all of it the October-December holds, released in 2027: owed."""
    run = _run(outcomes_of(YEAR), holdback=HOLD)
    result = run.results["held"]
    assert result.payouts["holdback"].sum() == -1_800.0
    owed = owed_at_end(run.scenarios["held"], result, list(run.outcomes.periods))
    assert owed.held_back.tolist() == [1_800.0]
    assert owed.owed.tolist() == [1_800.0]
    assert owed.not_paid.tolist() == [0.0]
    assert owed.holdback_months == 3


def test_a_leavers_hold_is_really_not_paid_and_the_last_months_still_owed() -> None:
    """Held 7,200; released: January-March's in April-June and July-September's in
    October-December (3,600); April-June's 1,800 forfeited on exit; October-December's
    1,800 still owed at the end. Net -3,600 = 1,800 owed + 1,800 not paid."""
    run = _run(outcomes_of(YEAR, person_id=LEAVER), holdback=HOLD)
    result = run.results["held"]
    assert result.payouts["holdback"].sum() == -3_600.0
    owed = owed_at_end(run.scenarios["held"], result, list(run.outcomes.periods))
    assert (owed.held_back[0], owed.owed[0], owed.not_paid[0]) == (3_600.0, 1_800.0, 1_800.0)
    # a result reduced to its horizon (a streamed comparison) gives the same figures
    reduced = horizon_result(result, run.outcomes)
    again = owed_at_end(run.scenarios["held"], reduced, list(run.outcomes.periods))
    assert (again.held_back[0], again.owed[0], again.not_paid[0]) == (3_600.0, 1_800.0, 1_800.0)


def test_the_cost_counts_what_is_owed_at_the_end() -> None:
    """Paid within the year: 140,400 (-3,600, -2.5%). Counting the 1,800 still owed:
    142,200, -1,800 against the baseline's 144,000 (-1.25%)."""
    run = _run(outcomes_of(YEAR, person_id=LEAVER), holdback=HOLD)
    paid = run.tables["comparison"].query("plan == 'held' and metric == 'total_pay'").iloc[0]
    assert paid["difference"] == -3_600.0
    row = accrued_cost_row(run, "held")
    assert row["alternative"] == 142_200.0
    assert row["baseline"] == 144_000.0
    assert row["difference"] == -1_800.0
    assert row["difference_pct"] == pytest.approx(-1.25)
    assert (row["difference_low"], row["difference_high"]) == (-1_800.0, -1_800.0)
    # per simulation, for what the company keeps after pay (revenue - pay)
    assert accrued_pay_draws(run, "held").tolist() == [142_200.0]
    assert accrued_pay_draws(run, "base").tolist() == [144_000.0]
    # the baseline against itself, and a plan without a holdback: nothing changes
    assert accrued_cost_row(run, "base")["difference"] == 0.0
    clause = owed_clause(run, "held", "CNY")
    assert "1,800 CNY" in clause and "still owed at the end of the period" in clause
    assert owed_clause(run, "base", "CNY") == ""


def test_the_cost_drivers_say_what_is_deferred_apart_from_what_is_not_paid() -> None:
    run = _run(outcomes_of(YEAR, person_id=LEAVER), holdback=HOLD)
    sentence = cost_driver_sentence(run, "held", "CNY")
    assert sentence is not None
    # the change counted with what is owed (-1,800 of 144,000), not the -2.5% paid
    assert "-1.2%" in sentence and "most of its -2.5%" not in sentence
    assert "3,600 CNY" in sentence  # kept back within the period
    assert "1,800 CNY of it is only deferred" in sentence
    assert "still owed at the end of the period" in sentence
    assert "1,800 CNY is really not paid" in sentence
    assert "-2.5%" in sentence  # what is paid within the period, named as such
    assert "_" not in sentence


def test_a_holdback_that_is_all_deferred_is_no_saving() -> None:
    """Nobody leaves: the whole -1,800 is owed at the end; the plan costs the same."""
    run = _run(outcomes_of(YEAR), holdback=HOLD)
    assert accrued_cost_row(run, "held")["difference"] == 0.0
    sentence = cost_driver_sentence(run, "held", "CNY")
    assert sentence is not None
    assert "costs the same" in sentence
    assert "1,800 CNY" in sentence and "still owed at the end of the period" in sentence


def test_a_deferred_bonus_is_already_counted_when_earned() -> None:
    """1% of 100,000 booked a month = 1,000 a month, vesting a year after the December
    grant: the horizon's cost counts the 12,000 when earned (it is owed, and counted);
    nothing is added on top."""
    element = {
        "type": "deferred_bonus",
        "name": "equity",
        "share_of_closed": 0.01,
        "measure": "revenue_booked",
        "vesting": [[1, 1.0]],
    }
    run = _run(outcomes_of(YEAR), long_term=[element])
    result = run.results["held"]
    owed = owed_at_end(run.scenarios["held"], result, list(run.outcomes.periods))
    assert owed.owed.tolist() == [0.0]
    assert owed.vesting_later.tolist() == [12_000.0]
    paid = run.tables["comparison"].query("plan == 'held' and metric == 'total_pay'").iloc[0]
    assert accrued_cost_row(run, "held")["difference"] == paid["difference"] == 12_000.0


def test_a_draw_still_to_recover_is_counted_as_paid() -> None:
    """Draw 4,000 a month against 3,000 commission: 1,000 advanced every month and never
    recovered: 12,000 outstanding at the end, already in the cost (the rep owes it)."""
    run = _run(outcomes_of(YEAR), people={"draw": {"amount": 4000, "at_exit": "repay"}})
    result = run.results["held"]
    owed = owed_at_end(run.scenarios["held"], result, list(run.outcomes.periods))
    assert owed.draws_outstanding.tolist() == [12_000.0]
    assert owed.owed.tolist() == [0.0]
    paid = run.tables["comparison"].query("plan == 'held' and metric == 'total_pay'").iloc[0]
    assert accrued_cost_row(run, "held")["difference"] == paid["difference"]


def test_the_plans_ranked_table_counts_what_is_owed_as_the_summary_does() -> None:
    """A plan report's ranking shows the accrued 142,200 (-1.25%), as its cost line, not
    the 140,400 paid within the year (-2.5%)."""
    from salesperf_model.present.ranking import ranking

    run = _run(outcomes_of(YEAR, person_id=LEAVER), holdback=HOLD)
    table = ranking(run).set_index("plan")
    assert table.loc["held", "total_pay"] == 142_200.0
    assert table.loc["held", "change_pct"] == pytest.approx(-1.25)
    assert table.loc["base", "total_pay"] == 144_000.0


def _budgeted_run(budget: dict):
    """The baseline (no holdback) with ``budget`` against ``held`` (20% held 3 months,
    nobody leaves): held pays 142,200 within the year, 144,000 counting what it owes."""
    scenarios = {"base": _plan("base"), "held": _plan("held", holdback=HOLD)}
    data = scenarios["base"].model_dump(by_alias=True)
    data["budget"] = budget
    scenarios["base"] = Scenario.model_validate(data)
    plans = Plans(baseline="base", scenarios=scenarios, sources={k: "" for k in scenarios})
    return pay_and_compare(plans, outcomes_of(YEAR), variants=False)


def test_the_decision_rule_counts_what_is_owed_against_the_budget() -> None:
    """Collected 1,200,000. Paid within the year 142,200 (11.85% of it), owed 1,800 more:
    144,000 (12.0%). A 143,000 budget and an 11.9% cap pass on cash and fail on what the
    plan really costs; the rule reads the latter, as the cost line does."""
    from salesperf_model.present.cost_drivers import accrued_draws
    from salesperf_model.present.recommendation import run_decision

    run = _budgeted_run({"total_pay": 143_000.0, "cost_of_sales": 0.119})
    cash = run.evaluations["held"].draws
    assert cash["total_pay"].tolist() == [142_200.0]
    assert cash["over_budget_total_pay"].tolist() == [0.0]
    assert cash["over_budget_cost_of_sales"].tolist() == [0.0]
    accrued = accrued_draws(run, "held")
    assert accrued["total_pay"].tolist() == [144_000.0]
    assert accrued["cost_of_sales_collected"].tolist() == [0.12]
    assert accrued["over_budget_total_pay"].tolist() == [1.0]
    assert accrued["over_budget_cost_of_sales"].tolist() == [1.0]
    assert accrued_draws(run, "base") is run.evaluations["base"].draws  # nothing owed
    checks = {c.condition: c.status for c in run_decision(run).verdicts["held"].checks}
    assert checks["total_pay_budget"] == "fail"
    assert checks["cost_of_sales_budget"] == "fail"


def test_the_tables_chance_of_exceeding_a_budget_counts_what_is_owed_as_the_rule_does() -> None:
    """The report said "Chance of exceeding the cost-of-sales cap: 0%" in its metric
    tables (cash) and 20% in its decision table (pay owed counted) for the same plan.
    The tables' chances now count what is owed, as the rule does; pay and cost of sales
    stay as paid within the horizon (the frontier and cost lines say what is owed)."""
    run = _budgeted_run({"total_pay": 143_000.0, "cost_of_sales": 0.119})
    headline = run.tables["headline"].set_index("plan")
    comparison = run.tables["comparison"]
    for plan, expected in (("held", 1.0), ("base", 1.0)):
        for metric in ("over_budget_total_pay", "over_budget_cost_of_sales"):
            if metric in headline:
                assert headline.loc[plan, metric] == pytest.approx(expected), (plan, metric)
    rows = comparison[comparison["metric"].str.startswith("over_budget_")]
    held = rows[rows["plan"] == "held"]
    assert held["alternative"].tolist() == [1.0, 1.0]  # it was 0.0: "-100%, better"
    assert held["difference"].tolist() == [0.0, 0.0]
    assert headline.loc["held", "total_pay"] == 142_200.0  # as paid within the year


def test_the_lowest_cost_of_sales_counts_what_is_owed() -> None:
    """Both plans cost 12.0% of collected revenue once the holdback's 1,800 is counted;
    the director's summary does not call the holdback 11.9% (cash)."""
    from salesperf_model.present.verdict_director import director_summary

    run = _budgeted_run({"cost_of_sales": 0.5})
    words = director_summary(run).cheapest_words
    assert "cost of sales 12.0% against 12.0%" in words, words


def _changed(own_hold: dict | None, new_hold: dict | None, rep: str = "r1") -> Scenario:
    """The plan ``held`` (holdback ``own_hold``) whose rep ``rep`` moves from July to the
    same plan with holdback ``new_hold`` (a dated plan change)."""
    own = _plan("held", holdback=own_hold)
    new_pay = _plan("new", holdback=new_hold).model_dump(by_alias=True)["pay"]
    data = own.model_dump(by_alias=True)
    data["pay_changes"] = [{"from": "2026-07", "pay": new_pay, "reps": [rep]}]
    return Scenario.model_validate(data)


def _run_changed(scenario: Scenario, outcomes):
    scenarios = {"base": _plan("base"), "held": scenario}
    plans = Plans(baseline="base", scenarios=scenarios, sources={k: "" for k in scenarios})
    return pay_and_compare(plans, outcomes, variants=False)


def test_a_rep_moved_to_a_plan_without_holdback_owes_nothing_at_the_end() -> None:
    """Rep r0 stays under the 20%/3-month holdback and its holder changes after June:
    April-June's 1,800 forfeited, October-December's 1,800 owed (net -3,600). Rep r1
    moves in July to a plan without one: its April-June holds are released in
    July-September (net 0), and nothing of its October-December commission is held.
    Held back 3,600 = 1,800 owed + 1,800 not paid; reading the scenario's holdback for
    r1 too would call all 3,600 owed."""
    revenue = np.full((2, 12), 100_000.0)
    holders = np.array([[1.0] * 6 + [2.0] * 6, [3.0] * 12])
    run = _run_changed(_changed(HOLD, None), outcomes_of(revenue, person_id=holders))
    result = run.results["held"]
    assert result.payouts["holdback"][0, 0].sum() == -3_600.0
    assert result.payouts["holdback"][0, 1].sum() == 0.0
    scenario, periods = run.scenarios["held"], list(run.outcomes.periods)
    owed = owed_at_end(scenario, result, periods, outcomes=run.outcomes)
    assert (owed.held_back[0], owed.owed[0], owed.not_paid[0]) == (3_600.0, 1_800.0, 1_800.0)
    with pytest.raises(ValueError, match="needs the outcomes it was paid on"):
        owed_at_end(scenario, result, periods)


def test_holds_under_a_changes_plan_falling_due_after_the_horizon_are_owed() -> None:
    """The scenario has no holdback; from July r0 is paid under one (20%, 3 months): held
    July-December 6 x 600 = 3,600, July-September's released in October-December: net
    -1,800, all of it October-December's holds, owed at the end, not a saving."""
    run = _run_changed(_changed(None, HOLD, rep="r0"), outcomes_of(YEAR))
    result = run.results["held"]
    assert result.payouts["holdback"].sum() == -1_800.0
    owed = owed_at_end(
        run.scenarios["held"], result, list(run.outcomes.periods), outcomes=run.outcomes
    )
    assert (owed.held_back[0], owed.owed[0], owed.not_paid[0]) == (1_800.0, 1_800.0, 0.0)
    assert owed.holdback_months == 3
    assert accrued_cost_row(run, "held")["difference"] == 0.0  # deferred, not saved
    sentence = cost_driver_sentence(run, "held", "CNY")
    assert sentence is not None and "still owed at the end of the period" in sentence
