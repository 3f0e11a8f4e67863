"""The ranking follows the decision rule and what the company keeps; the director's
cheapest plan is measured as the rule measures cost; the main trade-off weighs revenue;
the stress test follows the recommended plan; no negative zero in the rule's table."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from test_verdicts_world import world

from salesperf_model import present
from salesperf_model.measure.decision import decide
from salesperf_model.pipeline.sensitivity import AS_ASSUMED, Sensitivity
from salesperf_model.present import sensitivity as stress
from salesperf_model.present.recommendation import recommendation_words
from salesperf_model.present.verdict_ranking import ranking_caption, ranking_section_html


@pytest.fixture(scope="module")
def comparison():
    return world()


def test_plans_meeting_the_rule_rank_first_then_by_what_the_company_keeps(comparison):
    run, decision = comparison
    ranked = present.ranking(run, decision=decision)
    assert ranked["plan"].tolist() == [
        "forced",  # meets the rule, keeps +4.00 M
        "windfall",  # meets the rule (recommended, the fairest), keeps +2.50 M
        "booked",  # fail the rule: +3.00 M each, the same plan twice: a tie
        "twin",
        "base",
        "steep",  # -4.00 M: 10.00 M less revenue for 6.00 M less pay
        "credit",
        "rates",  # the least total pay, but 40.00 M less revenue
    ]
    assert ranked["rank"].tolist() == [1, 2, 3, 3, 5, 6, 7, 8]
    assert ranked["tied"].tolist() == [False, False, False, True, False, False, False, False]
    keeps = ranked.set_index("plan")["net_effect"]
    assert keeps["rates"] == pytest.approx(-32.0e6)
    assert ranked.set_index("plan").loc["windfall", "rule"] == "recommended"
    assert ranked.set_index("plan").loc["steep", "rule"] == "fails: reps losing > 5%"
    assert ranked.set_index("plan").loc["steep", "fairness_verdict"] == "about as fair"


def test_the_ranking_says_in_one_line_how_it_is_made(comparison):
    run, decision = comparison
    ranked = present.ranking(run, decision=decision)
    caption = ranking_caption(ranked, titles=present.plan_titles(run.scenarios))
    assert caption.startswith("Plans that meet the decision rule come first")
    assert "revenue change minus pay change" in caption and "share a rank" in caption
    assert "Windfall carve-out is recommended" in caption  # recommended, ranked second
    page = ranking_section_html(ranked, "CNY", titles=present.plan_titles(run.scenarios))
    assert "Commission on bookings" in page and "3 (tie)" in page
    assert "+4.00 M CNY (95% interval" in page
    assert not any(f">{plan}<" in page for plan in run.plans)  # titles, never file keys


def test_the_cheapest_plan_is_measured_as_the_budget_rule_measures_cost(comparison):
    run, _ = comparison
    director = present.director_summary(run)
    assert director.cheapest == "steep"  # lowest cost of sales; rates has lowest total pay
    assert director.cheapest_sentence.startswith(
        "Lowest cost of sales (pay / collected revenue, what the 12% cap in the decision "
        "rule limits): Steep accelerator, 9.5% against 10.0% under Current plan"
    )
    assert "Lowest total pay: New vs existing rates (92.00 M CNY" in director.cheapest_sentence
    assert "40.00 M CNY less revenue" in director.cheapest_sentence
    alone, decision = world(plans=["steep"])  # cheapest and fairest, but it fails the rule
    assert present.director_summary(alone, decision=decision).trade_off_sentence == (
        "No trade-off: Steep accelerator is both the lowest in cost of sales and the fairest, "
        "but it fails the decision rule (reps losing > 5%)."
    )


def test_the_main_trade_off_names_the_revenue_difference_when_it_is_clear(comparison):
    run, _ = comparison
    sentence = present.director_summary(run).trade_off_sentence
    assert sentence.startswith(
        "Main trade-off: choosing Windfall carve-out over Steep accelerator costs 3.50 M CNY "
        "more in total pay (95% interval"
    )
    assert "brings in 10.00 M CNY more revenue" in sentence
    assert "the company keeps 6.50 M CNY more" in sentence


def _sensitivity(run_as_assumed, run_other):
    return Sensitivity(
        runs={AS_ASSUMED: run_as_assumed, "more reps leave": run_other},
        assumptions={"more reps leave": {"population.workforce.annual_attrition": 0.35}},
        seconds=1.0,
        reps=100,
        simulations=40,
    )


def _decide(run):
    draws = {plan: evaluation.draws for plan, evaluation in run.evaluations.items()}
    return decide(draws, run.scenarios[run.baseline].decision)


def test_the_stress_test_follows_the_recommended_plan_by_its_title():
    as_assumed, _ = world()
    # under the other assumption the windfall plan loses too many reps: it fails the rule
    other, _ = world()
    draws = other.evaluations["windfall"].draws
    other.evaluations["windfall"] = replace_draws(draws, losers_pct=draws["losers_pct"] + 30)
    table = stress.sensitivity_table(
        _sensitivity(as_assumed, other), decision_of=_decide, changes_of=lambda run, base: ""
    )
    assert table["recommended"].tolist() == ["windfall", "forced"]
    assert table["same_recommended"].tolist() == [True, False]
    assert stress.recommended_sentence(table) == (
        "Windfall carve-out, recommended as assumed, fails the decision rule on reps losing "
        "> 5% if more reps leave, and Forced grade distribution is recommended instead"
    )
    nothing, _ = world()  # a third assumption under which no plan meets the rule
    for plan in ("windfall", "forced"):
        draws = nothing.evaluations[plan].draws
        nothing.evaluations[plan] = replace_draws(draws, losers_pct=draws["losers_pct"] + 30)
    three = _sensitivity(as_assumed, other)
    three.runs["volatile market"] = nothing
    assert stress.recommended_sentence(
        stress.sensitivity_table(three, decision_of=_decide, changes_of=lambda r, b: "")
    ) == (
        "Windfall carve-out, recommended as assumed, fails the decision rule on reps losing "
        "> 5% if more reps leave, and Forced grade distribution is recommended instead; fails "
        "the decision rule on reps losing > 5% if volatile market, where no plan meets the rule"
    )
    rows = stress.verdict_rows(table)
    assert rows.iloc[1].tolist()[:3] == [
        "more reps leave",
        "Forced grade distribution",
        "fails: reps losing > 5%",
    ]
    shown = " ".join(str(v) for v in rows.to_numpy().ravel())
    assert "_" not in shown and "windfall" not in shown  # titles, never file keys
    same = stress.sensitivity_table(
        _sensitivity(as_assumed, world()[0]), decision_of=_decide, changes_of=lambda r, b: ""
    )
    assert stress.recommended_sentence(same) == (
        "Windfall carve-out, recommended as assumed, stays recommended under the other assumption"
    )


def test_the_stress_test_follows_the_plan_the_report_recommends_not_its_own_small_pick():
    """The small re-runs may recommend nothing as assumed while the full comparison
    recommends a plan: the section read "No plan meets the decision rule as assumed" under
    an executive summary recommending Windfall, and judged nothing ("not compared") in every
    row. It now follows the plan recommended above through every small run, as assumed
    included, and says the runs are the smaller ones."""
    small, _ = world()  # the small as-assumed run: windfall loses too many reps here
    for plan in ("windfall", "forced"):
        draws = small.evaluations[plan].draws
        small.evaluations[plan] = replace_draws(draws, losers_pct=draws["losers_pct"] + 30)
    other, _ = world()  # under the other assumption it stays recommended
    table = stress.sensitivity_table(
        _sensitivity(small, other),
        decision_of=_decide,
        changes_of=lambda run, base: "",
        recommended="windfall",
    )
    assert pd.isna(table["recommended"].iloc[0]) and table["recommended"].iloc[1] == "windfall"
    assert table["as_assumed_rule"].tolist() == ["fails: reps losing > 5%", "recommended"]
    assert table["same_recommended"].tolist() == [False, True]
    assert stress.recommended_sentence(table) == (
        "Windfall carve-out, recommended above, in these smaller runs: fails the decision "
        "rule on reps losing > 5% as assumed, where no plan meets the rule; it stays "
        "recommended if more reps leave"
    )
    rows = stress.verdict_rows(table)
    assert list(rows.columns)[2] == "Windfall carve-out under the decision rule"
    assert "not compared" not in " ".join(str(v) for v in rows.to_numpy().ravel())
    same = stress.sensitivity_table(
        _sensitivity(world()[0], world()[0]),
        decision_of=_decide,
        changes_of=lambda r, b: "",
        recommended="windfall",
    )
    assert stress.recommended_sentence(same) == (
        "Windfall carve-out, recommended above, stays recommended in these smaller runs, "
        "as assumed and under the other assumption"
    )


def test_when_the_full_comparison_recommends_no_plan_the_small_runs_say_so_too():
    """The full comparison recommends none; a small run that picks a plan must not read
    as if that plan were recommended above."""
    table = stress.sensitivity_table(
        _sensitivity(world()[0], world()[0]),
        decision_of=_decide,
        changes_of=lambda r, b: "",
        recommended=None,
    )
    assert stress.recommended_sentence(table) == (
        "No plan meets the decision rule above; in these smaller runs it would recommend "
        "Windfall carve-out as assumed and if more reps leave"
    )


def replace_draws(draws, **columns):
    from types import SimpleNamespace

    return SimpleNamespace(draws=draws.assign(**columns))


def test_the_rule_table_shows_no_negative_zero(comparison):
    from salesperf_model.present.verdict_rule_table import rule_html

    run, decision = comparison
    gap = decision.verdicts["steep"].checks[-1]
    shaky = replace(gap, value=0.9, low=-0.04, high=1.9)
    checks = (*decision.verdicts["steep"].checks[:-1], shaky)
    verdicts = {**decision.verdicts, "steep": replace(decision.verdicts["steep"], checks=checks)}
    advice = recommendation_words(
        replace(decision, verdicts=verdicts),
        run.scenarios["base"].budget,
        "CNY",
        titles=present.plan_titles(run.scenarios),
    )
    page = rule_html(advice, "CNY")
    assert "0.9% (0.0 to 1.9%)" in page and "-0.0" not in page


def test_a_trade_off_between_plans_paid_alike_says_the_same_not_within_the_noise():
    from salesperf_model.present.ranking import ranking
    from salesperf_model.present.verdict_director import _trade_off

    run, _ = world()
    sentence = _trade_off(run, "twin", "booked", ranking(run), "CNY")
    assert sentence.startswith(
        "Main trade-off: choosing Bookings with clawback over Commission on bookings costs "
        "the same in total pay in every simulation "
    )
    assert "noise" not in sentence
    replayed = replace(run, settings=replace(run.settings, simulations=1))
    sentence = _trade_off(replayed, "twin", "booked", ranking(replayed), "CNY")
    assert "costs the same in total pay for" in sentence and "simulation" not in sentence
