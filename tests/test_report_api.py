"""What the notebooks call: plain words, plan differences, formatting, summaries, the
pipeline's run, and the explorer's re-pay, which must give exactly what a full engine run
gives, fast."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model import explore, pipeline, present

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
STEEP = ROOT / "scenarios" / "steep_accelerator.yaml"


@pytest.fixture(scope="module")
def scenarios():
    from salesperf_model.loading import load_scenario

    return load_scenario(BASELINE), load_scenario(STEEP)


def test_money_and_percent_read_like_a_report():
    assert present.money(14_507_349.34) == "14.51 M CNY"
    assert present.money(-940_031.0, signed=True) == "-940,031 CNY"
    assert present.money(5000, "EUR", signed=True) == "+5,000 EUR"
    assert present.money(float("nan")) == "n/a"
    assert present.percent(-6.4797, signed=True) == "-6.5%"
    assert present.format_value(0.2, "probability") == "20%"
    assert present.format_value(1234.5, "money", signed=True) == "+1,234"  # banker's rounding of .5
    assert present.format_value(0.49108, "rank correlation") == "0.491"


def test_plain_words_state_the_brief_tiers_and_the_steeper_plan_limits(scenarios):
    baseline, steep = scenarios
    words = present.plain_words(baseline)
    assert words[0].startswith(
        "Commission on cash collected: 3% up to 100% of quota; 4% from 100% to 120%; 5% above 120%"
    )
    assert "Top-3 award by new-customer count: 5,000 CNY each (quarterly)." in words
    assert "Award of 3,000 CNY for NPS of at least 90 (quarterly)." in words
    steep_words = present.plain_words(steep)
    assert (
        "Commission limits: nothing below 50% of quota, no more above 200% of quota." in steep_words
    )


def test_plan_changes_lists_exactly_the_settings_the_scenario_overrides(scenarios):
    """Key by key, in the scenario's order, values in the reference's units (rates as
    percent, attainment as percent of quota)."""
    baseline, steep = scenarios
    changes = present.plan_changes(steep, baseline).set_index("key")
    assert list(changes.index) == [
        "pay.commission.tiers.0.rate",
        "pay.commission.tiers.1.rate",
        "pay.commission.tiers.2.from_attainment",
        "pay.commission.tiers.2.rate",
        "pay.commission.threshold",
        "pay.commission.cap_attainment",
    ]
    assert changes.loc["pay.commission.tiers.1.rate"].tolist() == [
        "Commission rate in the tier (tier 2)",
        "4%",
        "6%",
    ]
    assert changes.loc["pay.commission.tiers.2.from_attainment", "plan"] == "150%"
    assert changes.loc["pay.commission.cap_attainment"].tolist()[1:] == ["(none)", "200%"]
    assert present.plan_changes(baseline, baseline).empty


def test_plan_changes_shows_a_list_of_another_length_whole(scenarios):
    baseline, _ = scenarios
    flat = explore.edited_scenario(baseline, tiers=[(0.0, 0.033)])
    changes = present.plan_changes(flat, baseline)
    assert changes["key"].tolist() == ["pay.commission.tiers"]
    assert changes["plan"].iloc[0] == "from attainment 0%, rate 3.3%"
    assert changes["baseline"].iloc[0] == (
        "from attainment 0%, rate 3%; from attainment 100%, rate 4%; from attainment 120%, rate 5%"
    )


def test_escaping_helpers_never_pass_markup_through():
    html = present.summary_html("<b>t</b>", ["a <script>x</script>"]) + present.html_list(["<i>"])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;i&gt;" in html


def test_edited_scenario_is_validated_and_widens_share_ranges(scenarios):
    baseline, _ = scenarios
    edited = explore.edited_scenario(
        baseline, grading_method="forced", shares={"S": 20, "A": 30, "B": 40, "C": 10}
    )
    assert edited.grading.method == "forced"
    assert edited.grading.shares["S"].target == pytest.approx(0.20)
    assert edited.grading.shares["S"].max == pytest.approx(0.20)  # widened from 15%
    with pytest.raises(ValueError, match="ascend"):
        explore.edited_scenario(baseline, tiers=[(0.0, 0.03), (1.2, 0.04), (1.0, 0.05)])


@pytest.fixture(scope="module")
def small_explorer():
    return explore.prepare_explorer(BASELINE, simulations=3, reps=60, periods=12, seed=5)


def test_repay_of_the_unchanged_plan_is_the_engine_result(small_explorer):
    from salesperf_model.engine import run_plan

    figures = explore.repay(small_explorer, small_explorer.scenario)
    expected = run_plan(small_explorer.outcomes, small_explorer.scenario)
    for name, values in expected.payouts.items():
        np.testing.assert_array_equal(figures["payouts"][name], values)
    assert figures["change_pct"] == 0.0
    assert figures["merit_alignment"] == small_explorer.start_merit


def test_repay_after_edits_matches_a_full_engine_run_of_the_edited_plan(small_explorer):
    """The explorer re-pays through the engine: the edited plan's payouts, to the cent."""
    from salesperf_model.engine import run_plan

    start = small_explorer.start_weights["new_business"]
    weights = {**start, "new_customer_revenue": 45.0, "customer_visits": 1.0}
    edited = explore.edited_scenario(
        small_explorer.scenario,
        tiers=[(0.0, 0.02), (1.0, 0.06), (1.5, 0.08)],
        grading_method="forced",
        shares={"S": 15, "A": 35, "B": 40, "C": 10},
        weights={"new_business": weights},
    )
    figures = explore.repay(small_explorer, edited)
    expected = run_plan(small_explorer.outcomes, edited)
    for name, values in expected.payouts.items():
        np.testing.assert_allclose(figures["payouts"][name], values, atol=0.005)
    total = float(sum(expected.payouts.values()).sum(axis=(1, 2)).mean())
    assert figures["total_pay"] == pytest.approx(total)
    assert figures["grade_mix"]["S"] == pytest.approx(15.0, abs=1.0)


@pytest.mark.slow
def test_a_change_repays_the_default_population_in_under_0_3_seconds():
    explorer = explore.prepare_explorer(BASELINE, simulations=8)
    assert explorer.outcomes.n_reps == 500  # the default sales force
    edited = explore.edited_scenario(
        explorer.scenario, tiers=[(0.0, 0.03), (1.0, 0.05), (1.2, 0.07)]
    )
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        explore.repay(explorer, explore.edited_scenario(explorer.scenario, grading_method="hybrid"))
        explore.repay(explorer, edited)
        timings.append((time.perf_counter() - started) / 2)
    assert min(timings) < 0.3, f"re-pay took {min(timings):.3f} s"


def _bare_run(plans, tables, *, scenarios=None, **more):
    """A run of plans against "base" with only ``tables`` computed (no outcomes)."""
    from types import SimpleNamespace

    return pipeline.Run(
        baseline="base",
        plans=plans,
        scenarios={"base": SimpleNamespace(currency="CNY")} if scenarios is None else scenarios,
        sources={},
        outcomes=None,
        evaluations={},
        tables=tables,
        **more,
    )


def _fake_run(fairness, metric="merit_alignment_pay"):

    import pandas as pd

    plans = ["base", "cheap", "fair"]
    cost = [10e6, 9e6, 10.5e6]
    frontier = pd.DataFrame(
        {
            "plan": plans,
            "cost_metric": "total_pay",
            "cost": cost,
            "fairness_metric": metric,
            "fairness": fairness,
            "on_frontier": [False, True, True],
            "dominated_by": ["cheap", "", ""],
        }
    )
    headline = pd.DataFrame({"plan": plans, "change_vs_baseline_pct": [0.0, -10.0, 5.0]})
    return _bare_run(plans[1:], {"frontier": frontier, "headline": headline})


def test_ranking_puts_the_frontier_first_then_the_cheapest():
    ranked = present.ranking(_fake_run([0.40, 0.45, 0.60]))
    assert ranked["plan"].tolist() == ["cheap", "fair", "base"]
    assert ranked["beaten_by"].tolist() == [0, 0, 1]


def test_director_summary_names_cheapest_fairest_and_the_price_of_fairness():
    summary = present.director_summary(_fake_run([0.40, 0.45, 0.60]))
    assert summary.cheapest == "cheap" and summary.fairest == "fair"
    assert summary.cheapest_words == "cheap (9.00 M CNY, -10.0% against base)"
    assert summary.sentences == [
        "Best trade-offs (no other plan is both cheaper and fairer): cheap, fair.",
        "Cheapest: cheap (9.00 M CNY, -10.0% against base).",
        "Fairest: fair (pay follows true skill most closely, rank correlation 0.60).",
        "Main trade-off: choosing fair over cheap costs 1.50 M CNY more for fairer pay.",
    ]


def test_director_summary_on_a_pay_gap_takes_the_smallest_gap_and_says_when_it_cannot():
    summary = present.director_summary(_fake_run([6.0, -1.5, 3.0], "gender_pay_gap_mean"))
    assert summary.fairness_sentence == "Fairest: cheap (smallest gender pay gap mean, -1.5%)."
    assert summary.trade_off_sentence == "No trade-off: cheap is both the cheapest and the fairest."
    nothing = present.director_summary(_fake_run([float("nan")] * 3))
    assert nothing.fairness_sentence == (
        "Fairness cannot be ranked on these data (see the method appendix)."
    )
    assert nothing.fairest is None and nothing.trade_off_sentence is None


@pytest.mark.slow
def test_run_comparison_gives_the_tables_of_a_single_comparison_and_skips_invalid_files(
    tmp_path,
):
    """Plan-by-plan evaluation (to bound memory) changes no figure; each plan is paid on
    its own simulation, reps responding to its pay (the baseline's behaviour section)."""
    from salesperf_model.engine import EnginePlanResponse, run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.measure import comparison_tables, evaluate_plans
    from salesperf_model.simulate import simulate

    broken = tmp_path / "broken.yaml"
    broken.write_text("extends: nowhere.yaml\n")
    run = pipeline.run_comparison(
        [STEEP, broken], BASELINE, reps=40, periods=12, simulations=3, seed=3, skip_invalid=True
    )
    assert run.plans == ["steep_accelerator"] and list(run.skipped) == [str(broken)]
    assert "nowhere.yaml" in run.skipped[str(broken)][0]
    assert run.settings.simulations == 3 and run.settings.reps == 40 and run.settings.seed == 3
    baseline, steep = load_scenario(BASELINE), load_scenario(STEEP)
    plans = {"baseline": baseline, "steep_accelerator": steep}
    outcomes = {
        name: simulate(
            baseline.population,
            baseline.simulation,
            reps=40,
            periods=12,
            simulations=3,
            seed=3,
            plan_response=EnginePlanResponse(plan, market=baseline, behaviour=baseline.behaviour),
            behaviour=baseline.behaviour,
        )
        for name, plan in plans.items()
    }
    evaluations = {
        name: evaluate_plans(
            {name: plan},
            outcomes[name],
            run_plan,
            total_pay_budget=baseline.budget.total_pay,
            cost_of_sales_budget=baseline.budget.cost_of_sales,
        )[name]
        for name, plan in plans.items()
    }
    expected = comparison_tables(evaluations, "baseline", outcomes)
    assert run.behaviour and run.outcomes_of("steep_accelerator") is not run.outcomes
    for name in ("headline", "comparison", "pay_at_target", "winners_losers_by_role"):
        pd.testing.assert_frame_equal(run.tables[name], expected[name])
    with pytest.raises(Exception, match=r"nowhere\.yaml"):
        pipeline.run_comparison(broken, BASELINE, reps=40, periods=12, simulations=3)


def test_plan_summary_gives_named_figures_and_one_sentence_each():

    comparison = pd.DataFrame(
        {
            "plan": ["cheap", "cheap"],
            "metric": ["total_pay", "merit_alignment_pay"],
            "baseline": [10e6, 0.40],
            "alternative": [9e6, 0.45],
            "difference": [-1e6, 0.05],
            "difference_pct": [-10.0, 12.5],
            "difference_se": [1e4, 0.01],
        }
    )
    winners = pd.DataFrame(
        {"plan": ["cheap"], "role": ["all"], "lose > 5%": [30.0], "gain > 5%": [10.0]}
    )
    run = _bare_run(["cheap"], {"comparison": comparison, "winners_losers_by_role": winners})
    summary = present.plan_summary(run, "cheap")
    assert (summary.total_pay, summary.change, summary.change_pct) == (9e6, -1e6, -10.0)
    assert summary.fairness_direction == 1.0 and summary.losers_over_5pct == 30.0
    assert summary.trade_off == "costs less and is fairer: no trade-off against the baseline"
    assert summary.cost_sentence == (
        "cheap costs 9.00 M CNY in total pay over the period, -1.00 M CNY (-10.0%; 95% "
        "interval -1.02 M CNY to -980,400 CNY) against base."
    )
    # the four-component verdict, and each clear change with its 95% paired interval
    # (0.05 +- 1.96 x 0.01), not two levels
    assert summary.fairness_sentence == (
        "Fairness against base: fairer (clearly fairer on pay follows true skill; less fair "
        "on none). Changes that matter: pay follows true skill 0.450 vs 0.400 (+0.050, 95% "
        "interval +0.030 to +0.070)."
    )
    assert summary.revenue_sentence == (
        "Revenue: every plan is paid on the same simulated sales (reps do not respond to "
        "pay in this run), so no plan changes revenue."
    )
    assert summary.headline == " ".join(summary.sentences[:4])
    assert (
        summary.sentences[-1]
        == summary.winners_losers_sentence
        == ("30% of reps lose more than 5% of their pay and 10% gain more than 5%.")
    )


def test_director_summary_and_plan_summary_name_plans_by_their_titles():
    from types import SimpleNamespace

    run = _fake_run([0.40, 0.45, 0.60])
    run.scenarios.update(
        base=SimpleNamespace(currency="CNY", display_title="Current plan"),
        cheap=SimpleNamespace(display_title="Lower rates"),
        fair=SimpleNamespace(display_title="Skill-weighted"),
    )
    summary = present.director_summary(run)
    assert summary.cheapest == "cheap" and summary.fairest == "fair"  # names for code
    assert summary.sentences == [
        "Best trade-offs (no other plan is both cheaper and fairer): Lower rates, Skill-weighted.",
        "Cheapest: Lower rates (9.00 M CNY, -10.0% against Current plan).",
        "Fairest: Skill-weighted (pay follows true skill most closely, rank correlation 0.60).",
        "Main trade-off: choosing Skill-weighted over Lower rates costs 1.50 M CNY more for "
        "fairer pay.",
    ]


def test_on_actual_results_the_summary_uses_no_simulation_words():
    from dataclasses import replace
    from types import SimpleNamespace

    run = _fake_run([float("nan")] * 3, "gender_pay_gap_mean")
    run = replace(run, settings=replace(run.settings, source="actuals"))
    summary = present.director_summary(run)
    assert summary.best_trade_offs == []
    assert summary.best_sentence == (
        "Plans compare on cost alone: fairness cannot be measured on these data."
    )
    assert not present.ranking(run)["on_frontier"].any()
    comparison = pd.DataFrame(
        {
            "plan": ["cheap"],
            "metric": ["total_pay"],
            "baseline": [10e6],
            "alternative": [9e6],
            "difference": [-1e6],
            "difference_pct": [-10.0],
            "difference_low": [-1e6],
            "difference_high": [-1e6],
        }
    )
    run.tables["comparison"] = comparison
    run.scenarios["cheap"] = SimpleNamespace(display_title="Lower rates")
    plan = present.plan_summary(run, "cheap")
    assert plan.revenue_sentence.startswith(
        "Revenue: every plan is paid on the same actual results"
    )
    assert plan.trade_off == "saves money; fairness cannot be measured on these data"
    assert plan.cost_sentence.startswith("Lower rates costs 9.00 M CNY")
    assert "simulat" not in " ".join(plan.sentences + summary.sentences)


def test_difference_words_never_show_a_signed_zero():
    row = pd.Series({"difference": -0.0002, "difference_low": -0.018, "difference_high": 0.0004})
    assert present.summaries.difference_words(row, 3) == "0.000, 95% interval -0.018 to 0.000"
    one = pd.Series({"difference": 1.25, "difference_low": 1.25, "difference_high": 1.25})
    assert present.summaries.difference_words(one, 1, " points") == "+1.2 points"  # a fact


def test_a_plan_whose_revenue_is_the_same_in_every_simulation_is_not_called_noise():
    """Double credit changes pay, not what the simulated reps respond to: revenue equal to
    the cent in every simulation is the same, not "within the simulation noise"."""
    from types import SimpleNamespace

    def comparison(difference, se):
        return pd.DataFrame(
            {
                "plan": ["credit"],
                "metric": ["revenue_collected"],
                "baseline": [1e9],
                "alternative": [1e9 + difference],
                "difference": [difference],
                "difference_pct": [difference / 1e7],
                "difference_se": [se],
            }
        )

    run = _bare_run(
        ["credit"],
        {"comparison": comparison(0.0, 0.0)},
        scenarios={
            "base": SimpleNamespace(currency="CNY", display_title="Current plan"),
            "credit": SimpleNamespace(display_title="Double credit"),
        },
        outcomes_by_plan={"base": object(), "credit": object()},
    )
    assert present.plan_summary(run, "credit").revenue_sentence == (
        "Revenue: the same as under Current plan in every simulation: none of this plan's "
        "changes moves what the simulated reps respond to (see the method section)."
    )
    run.tables["comparison"] = comparison(-2e5, 3e5)
    assert present.plan_summary(run, "credit").revenue_sentence == (
        "Revenue: reps bring in about as much as under Current plan (-200,000 CNY (0.0%), "
        "within the simulation noise)."
    )


def test_the_method_section_says_what_simulated_reps_respond_to_and_what_not():
    from types import SimpleNamespace

    from salesperf_model.present.method import run_settings_words

    run = _bare_run(
        ["credit"],
        {},
        scenarios={},
        outcomes_by_plan={"base": object(), "credit": object()},
        settings=pipeline.RunSettings(simulations=20, reps=500, periods=12, seed=7),
    )
    words = " ".join(run_settings_words(run))
    assert "their effort and deal timing follow" in words
    assert "credit splits, overlays and manager overrides" in words
    run = SimpleNamespace(**{**run.__dict__, "outcomes_by_plan": {}}, behaviour=False)
    assert "respond to in this model" not in " ".join(run_settings_words(run))


@pytest.mark.parametrize(
    "overrides",
    [
        ["decision.max_losers_pct=60", "decision.loss_threshold_pct=10"],
        {"decision.max_losers_pct": 60, "decision.loss_threshold_pct": 10},
    ],
)
def test_the_method_section_lists_overrides_in_words_not_a_python_list(overrides):
    from salesperf_model.present.method import run_settings_words

    run = pipeline.Run(
        baseline="base",
        plans=["credit"],
        scenarios={},
        sources={},
        outcomes=None,
        evaluations={},
        tables={},
        settings=pipeline.RunSettings(simulations=20, reps=500, periods=12, overrides=overrides),
    )
    words = " ".join(run_settings_words(run))
    assert (
        "Overrides applied to the plans under study: decision.max_losers_pct=60, "
        "decision.loss_threshold_pct=10." in words
    )
    assert "[" not in words and "{" not in words


def test_a_fairest_plan_ahead_by_less_than_matters_is_said_to_buy_no_fairness_that_matters():
    # fair follows true skill 0.455 against cheap's 0.450: under the 0.01 that matters
    summary = present.director_summary(_fake_run([0.40, 0.45, 0.455]))
    assert summary.sentences[-1] == (
        "Main trade-off: choosing fair over cheap costs 1.50 M CNY more for no fairness gain "
        "that matters (pay follows true skill 0.455 against 0.450, less than the smallest "
        "change that matters, 0.01)."
    )
    # a gender pay gap 0.4 points smaller is under the 1 point that matters
    gap = present.director_summary(_fake_run([4.0, 3.0, -2.6], metric="gender_pay_gap_mean"))
    assert gap.sentences[-1] == (
        "Main trade-off: choosing fair over cheap costs 1.50 M CNY more for no fairness gain "
        "that matters (gender pay gap 2.6% against 3.0% in size, less than the smallest "
        "change that matters, 1 point)."
    )
