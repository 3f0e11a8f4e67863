"""The decision rule: conditions judged with their Monte Carlo intervals, ties within the
noise, no plan passing, and the recommendation sentence matching the rule's result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model.measure.decision import decide, wilson_interval
from salesperf_model.measure.winners_losers import disruption_draws
from salesperf_model.present.recommendation import recommendation_words
from salesperf_model.schema import Decision
from salesperf_model.schema.scenario import Budget
from tests.plan_result_fixture import fake_result, per_rep

RULE = Decision()
BUDGET = Budget(total_pay=1000.0)


def draws(
    *,
    total_pay: float,
    merit: np.ndarray,
    losers: float = 0.0,
    over_budget: np.ndarray | None = None,
    gap: float = 0.0,
) -> pd.DataFrame:
    """A plan's per-simulation draws: merit as given, the rest constant or as given."""
    n = len(merit)
    table = pd.DataFrame(
        {
            "total_pay": np.full(n, total_pay),
            "merit_alignment_pay": merit,
            "gender_pay_gap_mean": np.full(n, gap),
            "losers_pct": np.full(n, losers),
            "keep_whole_cost": np.zeros(n),
        }
    )
    table["over_budget_total_pay"] = np.zeros(n) if over_budget is None else over_budget
    return table


def test_wilson_interval_hand_values() -> None:
    # 0 of 10: upper = z^2 / (n + z^2) = 3.8416 / 13.8416
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27754), abs=1e-5)
    # 20 of 20 within budget: lower = n / (n + z^2) = 20 / 23.8416 = 0.8389 < 0.9
    low, high = wilson_interval(20, 20)
    assert low == pytest.approx(0.83887, abs=1e-5) and high == 1.0


def test_budget_condition_is_unclear_at_20_simulations_and_met_at_200() -> None:
    few = decide({"a": draws(total_pay=900, merit=np.full(20, 0.5))}, RULE)
    many = decide({"a": draws(total_pay=900, merit=np.full(200, 0.5))}, RULE)
    assert few.verdicts["a"].checks[0].status == "unclear"
    assert many.verdicts["a"].checks[0].status == "pass"  # 200 / 203.84 = 0.981 >= 0.9
    assert few.recommended == many.recommended == "a"
    assert not few.confirmed and many.confirmed


def test_clear_winner_and_what_the_runner_up_needs() -> None:
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.01, 200)
    plans = {
        "base": draws(total_pay=900, merit=0.50 + noise),
        "fair": draws(total_pay=950, merit=0.55 + noise, losers=10.0),
    }
    result = decide(plans, RULE)
    assert result.recommended == "fair" and result.tied_with == ()
    assert result.gaps["base"].difference == pytest.approx(-0.05)
    words = recommendation_words(result, BUDGET, "CNY")
    assert words.sentence.startswith("Recommended: fair, the fairest")
    assert "tied" not in words.sentence
    assert words.rule_sentence.startswith(
        "Decision rule (the baseline's decision section): at least 90% probability of staying "
        "within the total-pay budget of 1,000 CNY; at most 20% of reps losing more than 5% of "
        "pay; gender pay gap under the 5% pay-equity flag; then the fairest"
    )
    assert words.runners_up["base"] == (
        "meets every condition; to be recommended it would have to follow true skill more "
        "closely by 0.050 (rank correlation) to match fair."
    )


def test_a_tie_within_the_noise_goes_to_the_cheaper_plan() -> None:
    rng = np.random.default_rng(2)
    common = rng.normal(0.5, 0.05, 200)
    paired = rng.normal(0, 0.01, 200)  # per-simulation differences average about 0
    plans = {
        "dear": draws(total_pay=990, merit=common + paired + 0.0005),
        "cheap": draws(total_pay=800, merit=common),
    }
    result = decide(plans, RULE)
    gap = result.gaps["dear"]
    assert gap.low < 0 < gap.high  # the 0.0005 lead is inside the interval
    assert result.recommended == "cheap" and result.tied_with == ("dear",)
    words = recommendation_words(result, BUDGET, "CNY")
    assert "Recommended: cheap" in words.sentence
    assert "tied with dear within the Monte Carlo error; cheap is preferred as the cheaper" in (
        words.sentence
    )
    assert words.runners_up["dear"].startswith("tied with cheap")
    titled = recommendation_words(
        result, BUDGET, "CNY", titles={"cheap": "Cheap plan", "dear": "Dear plan"}
    )
    assert titled.sentence.startswith("Recommended: Cheap plan, ")
    assert "tied with Dear plan within the Monte Carlo error; Cheap plan is preferred" in (
        titled.sentence
    )
    assert titled.lines[2] == "Dear plan: tied with Cheap plan within the Monte Carlo error; " + (
        "it loses on the tie-break."
    )


def test_no_plan_passing_recommends_nothing_and_names_the_closest() -> None:
    merit = np.full(200, 0.5)
    plans = {
        "a": draws(total_pay=900, merit=merit, losers=50.0, over_budget=np.ones(200)),
        "b": draws(total_pay=900, merit=merit + 0.1, losers=30.0),
    }
    result = decide(plans, RULE)
    assert result.recommended is None
    assert [c.status for c in result.verdicts["b"].checks] == ["pass", "fail", "pass"]
    words = recommendation_words(result, BUDGET, "CNY")
    assert words.sentence == (
        "No plan meets the decision rule: every plan clearly fails at least one condition. "
        "Closest: b, which fails only: at most 20% of reps losing more than 5% of pay."
    )


def test_pay_equity_flag_and_cheapest_preference() -> None:
    merit = np.full(50, 0.5)
    plans = {
        "gap": draws(total_pay=700, merit=merit, gap=8.0),
        "fair": draws(total_pay=900, merit=merit + 0.2),
        "cheap": draws(total_pay=800, merit=merit),
    }
    result = decide(plans, Decision(prefer="cheapest"))
    assert result.verdicts["gap"].status == "fail"
    assert result.recommended == "cheap"
    assert result.gaps["fair"].difference == pytest.approx(-100.0)
    words = recommendation_words(result, BUDGET, "CNY")
    assert "cost 100 CNY less to match cheap" in words.runners_up["fair"]
    relaxed = decide(plans, Decision(prefer="cheapest", no_pay_equity_flag=False))
    assert relaxed.recommended == "gap"


@pytest.mark.parametrize("seed", range(20))
def test_recommended_plan_never_fails_and_passes_when_any_plan_passes(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 30
    plans = {
        f"p{i}": draws(
            total_pay=float(rng.uniform(800, 1200)),
            merit=rng.normal(rng.uniform(0.4, 0.6), 0.05, n),
            losers=float(rng.uniform(0, 40)),
            over_budget=(rng.uniform(size=n) < rng.uniform(0, 0.3)).astype(float),
            gap=float(rng.normal(0, 4)),
        )
        for i in range(6)
    }
    result = decide(plans, RULE)
    statuses = {p: v.status for p, v in result.verdicts.items()}
    if "pass" in statuses.values():
        assert statuses[result.recommended] == "pass"
    elif "unclear" in statuses.values():
        assert statuses[result.recommended] == "unclear"
    else:
        assert result.recommended is None
    sentence = recommendation_words(result, BUDGET, "CNY").sentence
    if result.recommended is None:
        assert sentence.startswith("No plan meets the decision rule")
    else:
        assert sentence.startswith(f"Recommended: {result.recommended},")
        assert all(p in sentence for p in result.tied_with)


def test_disruption_draws_hand_case() -> None:
    zero = per_rep([0.0] * 4)
    base = fake_result("base", per_rep([100.0] * 4), zero)
    alt = fake_result("alt", per_rep([90.0, 96.0, 100.0, 110.0]), zero)
    table = disruption_draws(alt, base)
    # only the rep at -10% loses more than 5%; topping them up costs 10
    assert table["losers_pct"].tolist() == [25.0]
    assert table["keep_whole_cost"].tolist() == [10.0]
    assert disruption_draws(alt, base, loss_threshold_pct=3.0)["losers_pct"].tolist() == [50.0]


def test_resolution_sentence_names_the_unresolved_changes() -> None:
    from types import SimpleNamespace

    from salesperf_model import measure
    from salesperf_model.present.recommendation import resolution_sentence

    base = pd.DataFrame({"total_pay": [100.0, 200.0, 300.0], "merit_alignment_pay": 0.5})
    noisy = pd.DataFrame(
        {"total_pay": [110.0, 190.0, 305.0], "merit_alignment_pay": [0.6, 0.61, 0.62]}
    )
    comparison = measure.compare_draws({"base": base, "noisy": noisy}, "base")
    run = SimpleNamespace(
        baseline="base",
        tables={"comparison": comparison},
        settings=SimpleNamespace(source="simulation", simulations=3),
    )
    assert resolution_sentence(run) == (
        "At 3 simulations, these changes against base are within the Monte Carlo error "
        "(their 95% intervals include zero), so more simulations would be needed to tell "
        "which way they go: the change in total pay for noisy."
    )
    run.settings.source = "actuals"
    assert resolution_sentence(run) is None


def test_recommendation_of_a_real_comparison_matches_its_decision() -> None:
    from salesperf_model import pipeline, present

    run = pipeline.run_comparison(
        ["scenarios/steep_accelerator.yaml", "scenarios/flat_commission.yaml"],
        "scenarios/baseline.yaml",
        reps=60,
        simulations=4,
        variants=False,
    )
    advice = present.recommendation(run)
    result = advice.result
    assert set(result.verdicts) == {"baseline", "steep_accelerator", "flat_commission"}
    titles = present.plan_titles(run.scenarios)  # leadership reads titles, not file names
    if result.recommended is None:
        assert advice.sentence.startswith("No plan meets the decision rule")
        assert any(f"Closest: {title}, " in advice.sentence for title in titles.values())
    else:
        assert advice.sentence.startswith(f"Recommended: {titles[result.recommended]},")
    assert not any(plan in advice.sentence for plan in ("baseline", "steep_", "flat_"))
    assert "12% cost-of-sales cap" in advice.rule_sentence  # baseline.yaml's budget
    baseline_disruption = result.verdicts["baseline"].checks[-2]
    assert baseline_disruption.condition == "disruption" and baseline_disruption.value == 0.0
    ranked = present.ranking(run, decision=result).set_index("plan")
    assert ranked.loc["baseline", "losers_pct"] == 0.0
    assert ranked.loc["steep_accelerator", "losers_pct"] == pytest.approx(
        result.verdicts["steep_accelerator"].checks[-2].value
    )
    warnings = present.summary_warnings(run)
    assert all(w.startswith(("Pay mix: ", "Pay equity: ")) for w in warnings)
    pay_mix = [w for w in warnings if w.startswith("Pay mix: ")]
    assert len(pay_mix) <= len(run.scenarios)  # one line per role count, not one per role


def test_on_one_set_of_actual_results_the_words_state_facts_not_odds() -> None:
    """One simulation of real results: budgets are within or over, shares are facts, a
    fairness objective that cannot be measured ties every plan (cheapest wins)."""
    one = np.full(1, np.nan)
    plans = {
        "base": draws(total_pay=900, merit=one, losers=0.0, gap=np.nan),
        "cheap": draws(total_pay=800, merit=one, losers=10.0, gap=np.nan),
        "steep": draws(total_pay=850, merit=one, losers=71.0, over_budget=np.ones(1), gap=np.nan),
    }
    result = decide(plans, RULE)
    words = recommendation_words(
        result, BUDGET, "CNY", titles={"cheap": "Lower rates", "steep": "Steep"}, replay=True
    )
    everything = " ".join([*words.lines, *(w for ws in words.verdicts.values() for w in ws)])
    for simulation_word in ("probability", "Monte Carlo", "noise", "95%", "nan"):
        assert simulation_word not in everything
    assert words.verdicts["steep"][:2] == [
        "within the total-pay budget of 1,000 CNY: fails, over it",
        "at most 20% of reps losing more than 5% of pay: fails, 71%",
    ]
    assert words.rule_sentence.endswith(
        "Every figure is a fact of the actual results (one set of results, nothing simulated)."
    )
    # the gender pay gap is not measured either (no groups): "every condition" said so
    assert words.sentence == (
        "Recommended: Lower rates, the cheapest of the plans that meet every condition these "
        "data can measure (the gender pay gap cannot be measured on them, nor fairness, the "
        "rule's first preference)."
    )
    assert words.lines[2] == "base: meets every condition; Lower rates is cheaper."
    table = present_table(result, words)
    assert "not measured" in table["gender pay gap"].tolist()
    assert table.set_index("plan").loc["Steep", "within total-pay budget"] == "fails: over it"


def present_table(result, words):
    from salesperf_model.present.recommendation import decision_table

    return decision_table(result, "CNY", titles=words.titles, replay=True)


def test_budget_sentence_on_actual_results_names_the_plans_over_the_cap() -> None:
    from salesperf_model.present.summary_notes import budget_sentence

    one = np.full(1, 0.5)
    plans = {
        "base": draws(total_pay=900, merit=one),
        "steep": draws(total_pay=1100, merit=one, over_budget=np.ones(1)),
    }
    result = decide(plans, RULE)
    titles = {"base": "Current plan", "steep": "Steep"}
    assert budget_sentence(result, BUDGET, titles=titles, cost_of_sales={}) == (
        "Budget: on the actual results Steep is over the total-pay budget of 1,000; "
        "within it: Current plan."
    )
    simulated = budget_sentence(result, BUDGET, titles=titles)
    assert simulated == (
        "Budget: the total-pay budget of 1,000 is breached with probability 0% under "
        "Current plan, 100% under Steep."
    )


def test_the_summary_says_when_a_role_is_graded_on_identical_points() -> None:
    """The Maven replay graded every new-business rep on exactly 65 points in three of four
    quarters; only a warning box far down the page said so, in key names. The executive
    summary's warnings now name it in words, with the plans it concerns."""
    import dataclasses

    from salesperf_model import pipeline, present

    run = pipeline.run_comparison(
        ["scenarios/flat_commission.yaml"],
        "scenarios/baseline.yaml",
        reps=120,
        simulations=2,
        variants=False,
    )
    assert not [w for w in present.summary_warnings(run) if w.startswith("Grades:")]
    evaluation = run.evaluations["flat_commission"]
    hunters = (run.outcomes_of("flat_commission").reps["role"] == "new_business").to_numpy()
    assert hunters.sum() >= 20
    points = np.array(evaluation.result.points, dtype=float)
    points[:, hunters, 1:] = 65.0
    result = dataclasses.replace(evaluation.result, points=points)
    run.evaluations["flat_commission"] = dataclasses.replace(evaluation, result=result)
    said = [w for w in present.summary_warnings(run) if w.startswith("Grades:")]
    labels = ", ".join(result.review_labels[1:])
    assert said == [
        f"Grades: in 3 of 4 reviews ({labels}) every new business rep scores the same "
        "points, so their grades, and the pay and consequences that follow grades, reflect "
        "the plan's floors and caps, not their results (Flat 3.3% commission)"
    ]


def test_a_fairness_lead_smaller_than_the_smallest_change_that_matters_is_a_tie() -> None:
    # "fair" follows true skill 0.005 better, clear of the noise (identical noise), but
    # under the decision rule's smallest change that matters (0.01): the cheaper plan wins
    noise = np.random.default_rng(3).normal(0, 0.01, 200)
    plans = {
        "cheap": draws(total_pay=900, merit=0.500 + noise),
        "fair": draws(total_pay=950, merit=0.505 + noise),
    }
    result = decide(plans, RULE)
    assert result.gaps["fair"].difference == pytest.approx(0.005)
    assert result.gaps["fair"].low > 0  # clear of the noise
    assert result.recommended == "cheap" and result.tied_with == ("fair",)
    words = recommendation_words(result, BUDGET, "CNY")
    assert words.sentence == (
        "Recommended: cheap, the fairest (pay follows true skill most closely) of the plans "
        "that meet every condition. It is tied with fair by less than the smallest change "
        "that matters (0.01); cheap is preferred as the cheaper."
    )
    # a lead of at least the smallest change that matters wins; with 0, every clear lead
    assert (
        decide({**plans, "fair": draws(total_pay=950, merit=0.51 + noise)}, RULE).recommended
        == "fair"
    )
    strict = Decision(smallest_fairness_change={"merit_alignment_pay": 0})
    assert decide(plans, strict).recommended == "fair"


def test_the_replay_objective_gap_size_is_held_to_its_smallest_change() -> None:
    # no merit measured (actual results): the objective is the gap's size; 0.4 points
    # smaller is less than 1 point that matters, so the cheaper plan is preferred
    nan = np.full(1, np.nan)
    plans = {
        "cheap": draws(total_pay=900, merit=nan, gap=3.0),
        "fair": draws(total_pay=950, merit=nan, gap=-2.6),
    }
    result = decide(plans, RULE)
    assert result.objective == "gender_pay_gap_mean"
    assert result.recommended == "cheap" and result.tied_with == ("fair",)
    words = recommendation_words(result, BUDGET, "CNY", replay=True)
    assert words.runners_up["fair"] == (
        "tied with cheap on the actual results, less than the smallest change that matters "
        "(1 point) apart; it loses on the tie-break."
    )


def test_resolution_sentence_does_not_ask_more_simulations_of_a_twin_or_a_tiny_change() -> None:
    """An identical plan differs by exactly 0 in every simulation, and a fairness change
    whose whole interval lies below the smallest change that matters stays below it:
    more simulations would tell neither which way it goes."""
    from types import SimpleNamespace

    from salesperf_model import measure
    from salesperf_model.present.recommendation import resolution_sentence

    base = pd.DataFrame(
        {"total_pay": [100.0, 200.0, 300.0], "merit_alignment_pay": [0.50, 0.52, 0.51]}
    )
    twin = base.copy()
    tiny = pd.DataFrame(  # pay clearly up; merit +0.003, -0.002, +0.002: inside its error
        {"total_pay": [110.0, 210.0, 310.0], "merit_alignment_pay": [0.503, 0.518, 0.512]}
    )
    noisy = pd.DataFrame(
        {"total_pay": [110.0, 190.0, 305.0], "merit_alignment_pay": [0.6, 0.61, 0.62]}
    )
    draws = {"base": base, "twin": twin, "tiny": tiny, "noisy": noisy}
    comparison = measure.compare_draws(draws, "base")
    run = SimpleNamespace(
        baseline="base",
        tables={"comparison": comparison},
        settings=SimpleNamespace(source="simulation", simulations=3),
        scenarios={},
    )
    sentence = resolution_sentence(run)
    assert sentence == (
        "At 3 simulations, these changes against base are within the Monte Carlo error "
        "(their 95% intervals include zero), so more simulations would be needed to tell "
        "which way they go: the change in total pay for noisy. The same in every "
        "simulation: the change in total pay and in how closely pay follows true skill "
        "for twin. Smaller than the smallest change that matters (0.01) whatever more "
        "simulations show: the change in how closely pay follows true skill for tiny."
    )
