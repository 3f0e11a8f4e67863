"""The search report's words and tables read as a plan document would: parameter values in
the digits that give them, each condition in its own terms, and a winner that is not
clearly better on fresh simulations said to be so."""

from __future__ import annotations

import dataclasses

import pandas as pd

from salesperf_model.present import search_words
from salesperf_model.search import SearchResult

OBJECTIVE = "merit_alignment_pay"


def _result(*, low: float, high: float, goal: str = "maximize") -> SearchResult:
    figures = {
        OBJECTIVE: 0.45,
        f"{OBJECTIVE}_diff": (low + high) / 2,
        f"{OBJECTIVE}_diff_low": low,
        f"{OBJECTIVE}_diff_high": high,
        "total_pay": 3.1e7,
        "total_pay_diff": 1.0e6,
        "c0_value": 0.7,
        "c0_met": True,
        "c1_value": 0.2158,
        "c1_met": True,
    }
    check = pd.DataFrame(
        [{**figures, "plan": "baseline"}, {**figures, "plan": "winner"}]
    ).set_index("plan")
    evaluations = pd.DataFrame(
        {
            "step": [0, 1],
            "pay.commission.tiers.0.rate": [0.0225, 0.03],
            "pay.bonuses.target_bonus.target_amount.default": [2500, 1000],
            "objective": [0.44, 0.45],
            "feasible": [True, True],
        }
    )
    return SearchResult(
        evaluations=evaluations,
        parameters=[
            "pay.commission.tiers.0.rate",
            "pay.bonuses.target_bonus.target_amount.default",
        ],
        objective=OBJECTIVE,
        goal=goal,
        constraints=[
            "cost_of_sales_collected <= 0.125 in 50% of simulations",
            "share_losing_over_5pct <= 0.3 on average",
        ],
        winner=1,
        runner_up=0,
        check=check,
        stopped="evaluation budget reached (2 plans)",
        how="behaviour off: every candidate re-paid on one simulated sales force",
    )


def test_a_winner_not_clearly_better_on_fresh_simulations_is_said_so():
    unclear = search_words.search_sentences(_result(low=-0.045, high=0.0002))
    assert any("not clearly better than the baseline" in s for s in unclear)
    clear = search_words.search_sentences(_result(low=0.01, high=0.03))
    assert not any("not clearly better" in s for s in clear)
    # minimizing: better means below zero
    lower = search_words.search_sentences(_result(low=-0.03, high=-0.01, goal="minimize"))
    assert not any("not clearly better" in s for s in lower)
    higher = search_words.search_sentences(_result(low=-0.03, high=0.01, goal="minimize"))
    assert any("not clearly better" in s for s in higher)


def test_parameter_values_keep_the_digits_of_their_steps():
    table = search_words.evaluations_table(_result(low=0.01, high=0.03))
    assert list(table["pay.\u200bcommission.\u200btiers.\u200b0.\u200brate"]) == ["0.0225", "0.03"]
    money = "pay.\u200bbonuses.\u200btarget_bonus.\u200btarget_amount.\u200bdefault"
    assert list(table[money]) == ["2500", "1000"]


def test_each_condition_reads_in_its_own_terms():
    table = search_words.constraint_table(_result(low=0.01, high=0.03)).set_index("Condition")
    winner = table["Winner"]
    assert winner["cost_of_sales_collected <= 0.125 in 50% of simulations"] == (
        "70% of simulations within (meets)"
    )
    assert winner["share_losing_over_5pct <= 0.3 on average"] == "21.6% (meets)"


def test_a_winner_failing_a_condition_on_fresh_simulations_is_not_recommended():
    # the report opened "Recommended plan: ..." and only then said it no longer meets one
    result = _result(low=0.01, high=0.03)
    result.check.loc["winner", ["c0_value", "c0_met"]] = [0.3, False]
    sentences = search_words.search_sentences(result)
    assert not any(s.startswith("Recommended plan") for s in sentences)
    assert sentences[0].startswith("No plan is recommended: the best plan found")
    assert "met every condition only on the simulations it was found on" in sentences[0]
    assert (
        "it fails cost_of_sales_collected <= 0.125 in 50% of simulations (met in 30% of "
        "simulations)." in sentences[0]
    )


def test_a_winner_tied_with_the_runner_up_is_said_to_be_tied():
    # the report named the winner alone; the runner-up was as good and cost less
    result = _result(low=0.01, high=0.03)
    gap = {
        f"{OBJECTIVE}": -0.0071,
        f"{OBJECTIVE}_low": -0.0390,
        f"{OBJECTIVE}_high": 0.0249,
        "total_pay": 12000.0,
        "total_pay_low": 9000.0,
        "total_pay_high": 15000.0,
    }
    sentences = search_words.search_sentences(dataclasses.replace(result, runner_up_gap=gap))
    assert (
        "On fresh simulations the winner and the runner-up are tied on how closely pay follows "
        "true skill (rank correlation): winner minus runner-up -0.007 (95% interval -0.039 to "
        "+0.025); the runner-up costs 12,000 CNY less." in sentences
    )
    clear = {**gap, f"{OBJECTIVE}_low": 0.001}
    sentences = search_words.search_sentences(dataclasses.replace(result, runner_up_gap=clear))
    assert not any("tied" in s for s in sentences)
