"""One fairness verdict everywhere (the four-component rule), trade-off lines that respect
the decision rule and revenue, and headline changes with their 95% interval or a tie; on
the hand-built comparison of test_verdicts_world."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from test_verdicts_world import world

from salesperf_model import present
from salesperf_model.present.differences import clear_difference
from salesperf_model.present.fairness_verdict import fairness_verdict, fairness_verdicts_html


@pytest.fixture(scope="module")
def comparison():
    return world()


def _block_heads(run) -> dict[str, str]:
    """Each plan's line in the verdict block, as a reader sees it (title: verdict (reason))."""
    text = html.unescape(re.sub(r"<[^>]+>", "|", fairness_verdicts_html(run)))
    heads = {}
    for plan in run.plans:
        title = run.scenarios[plan].display_title
        match = re.search(rf"\|{re.escape(title)}: ([^|]*)\|([^|]*)", text)
        heads[plan] = (match.group(1) + match.group(2)).strip()
    return heads


def test_the_one_line_summaries_and_the_verdict_block_never_disagree(comparison):
    run, decision = comparison
    heads = _block_heads(run)
    words = {1.0: "fairer", -1.0: "less fair", 0.0: "about as fair"}
    for plan in run.plans:
        verdict = fairness_verdict(run, plan)
        summary = present.plan_summary(run, plan, decision=decision)
        stated = f"{verdict.verdict} ({verdict.reason})"
        assert heads[plan] == stated, plan
        assert stated in summary.one_line, plan  # the same words, not another metric's
        assert stated in summary.fairness_sentence, plan
        assert stated in summary.headline, plan  # what the index and plan report show
        assert words[summary.fairness_direction] == verdict.verdict, plan
        trade = summary.trade_off
        if verdict.verdict != "fairer":
            assert "is fairer" not in trade and "buys fairness" not in trade, plan
        if verdict.verdict != "less fair":
            assert "less fair" not in trade and "price of fairness" not in trade, plan
    # the plans the single metric called fairer or less fair but the rule calls mixed
    for plan in ("forced", "steep", "credit"):
        assert fairness_verdict(run, plan).verdict == "about as fair"
        assert "mixed: fairer on " in fairness_verdict(run, plan).reason
        assert "dominated" not in present.plan_summary(run, plan, decision=decision).trade_off


def test_mixed_reasons_separate_what_is_fairer_from_what_is_less_fair(comparison):
    run, _ = comparison
    assert fairness_verdict(run, "steep").reason == (
        "mixed: fairer on pay follows true skill, pay equity (gender pay gap), luck's share "
        "of pay differences; less fair on grades match true skill"
    )


def test_a_plan_failing_the_disruption_limit_is_never_a_trade_off_free_choice(comparison):
    run, decision = comparison
    steep = present.plan_summary(run, "steep", decision=decision)
    assert "no trade-off" not in steep.trade_off
    assert "52% of reps" in steep.trade_off and "20% limit" in steep.trade_off
    assert "95% interval" in steep.trade_off
    # a plan that passes it, costs less, is fairer and keeps revenue: no trade-off
    windfall = present.plan_summary(run, "windfall", decision=decision)
    assert windfall.trade_off.startswith("costs less and is fairer: no trade-off")
    # without a decision the plan summary applies none (nothing to say about disruption)
    assert "limit" not in present.plan_summary(run, "steep").trade_off


def test_trade_off_lines_weigh_revenue_against_pay(comparison):
    run, decision = comparison
    rates = present.plan_summary(run, "rates", decision=decision).trade_off
    assert "40.00 M CNY less revenue" in rates
    assert "the company keeps 32.00 M CNY less" in rates
    booked = present.plan_summary(run, "booked", decision=decision).trade_off
    assert "6.00 M CNY more revenue" in booked and "keeps 3.00 M CNY more" in booked
    # revenue the same in every simulation, or a tie: no revenue clause
    assert "revenue" not in present.plan_summary(run, "credit", decision=decision).trade_off
    assert "revenue" not in present.plan_summary(run, "windfall", decision=decision).trade_off


def test_headline_cost_and_revenue_changes_carry_their_interval_or_say_tie(comparison):
    run, decision = comparison
    steep = present.plan_summary(run, "steep", decision=decision)
    assert steep.cost_sentence == (
        "Steep accelerator costs 94.00 M CNY in total pay over the period, -6.00 M CNY "
        "(-6.0%; 95% interval -6.02 M CNY to -5.98 M CNY) against Current plan."
    )
    assert "-10.00 M CNY (-1.0%; 95% interval -10.08 M CNY to -9.92 M CNY)" in (
        steep.revenue_sentence
    )
    windfall = present.plan_summary(run, "windfall", decision=decision)
    assert windfall.revenue_sentence.startswith(  # a tie
        "Revenue: reps bring in about as much as under Current plan"
    )
    assert "within the simulation noise" in windfall.revenue_sentence
    tie = run.tables["comparison"].copy()
    pay = (tie["plan"] == "windfall") & (tie["metric"] == "total_pay")
    tie.loc[pay, ["difference_low", "difference_high"]] = [-3e6, 1e6]
    run.tables["comparison"] = tie
    try:
        cost = present.plan_summary(run, "windfall", decision=decision).cost_sentence
    finally:
        run.tables["comparison"] = world()[0].tables["comparison"]
    assert "a tie with Current plan within the simulation noise" in cost
    assert "95% interval -3.00 M CNY to +1.00 M CNY" in cost


def test_a_clear_difference_is_one_outside_its_95_percent_interval():
    """1.96 standard errors, as the method section says (not 2)."""
    row = pd.Series({"difference": 1.98, "difference_se": 1.0})
    assert clear_difference(row)
    assert not clear_difference(pd.Series({"difference": 1.95, "difference_se": 1.0}))
