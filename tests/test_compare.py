"""Plan comparison: paired differences, winners and losers, frontier, headline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from plan_result_fixture import fake_result, make_outcomes, per_rep

from salesperf_model import measure
from salesperf_model.measure import compare, frontier, headline, winners_losers


def test_paired_difference_standard_error_is_that_of_the_per_simulation_differences():
    base = np.array([10.0, 20.0, 30.0])
    alternative = np.array([12.0, 21.0, 33.0])  # differences 2, 1, 3: mean 2, sd 1
    diff = measure.paired_difference(alternative, base)
    assert diff["difference"] == pytest.approx(2.0)
    assert diff["difference_se"] == pytest.approx(1 / np.sqrt(3))


def test_paired_difference_of_one_simulation_has_no_standard_error():
    diff = measure.paired_difference(np.array([5.0]), np.array([3.0]))
    assert diff["difference"] == pytest.approx(2.0)
    assert np.isnan(diff["difference_se"])


def test_compare_draws_rows_directions_and_percent_change():
    # three simulations (two would need differences within 12.7 standard errors: Student's t)
    base = pd.DataFrame(
        {"total_pay": [100.0, 200.0, 300.0], "merit_alignment_pay": [0.5, 0.5, 0.5]}
    )
    alt = pd.DataFrame(
        {"total_pay": [120.0, 221.0, 319.0], "merit_alignment_pay": [0.6, 0.7, 0.65]}
    )
    table = measure.compare_draws({"base": base, "alt": alt}, "base").set_index(["plan", "metric"])
    row = table.loc[("alt", "total_pay")]
    assert row["baseline"] == pytest.approx(200.0)
    assert row["alternative"] == pytest.approx(220.0)
    assert row["difference"] == pytest.approx(20.0)
    assert row["difference_pct"] == pytest.approx(100 * 20 / 200)
    assert row["difference_se"] == pytest.approx(np.std([20.0, 21.0, 19.0], ddof=1) / np.sqrt(3))
    # 20 +- 4.303 x 0.577 = 17.52 to 22.48
    assert (row["difference_low"], row["difference_high"]) == pytest.approx(
        (17.516, 22.484), abs=1e-3
    )
    assert row["better"] is not None and not row["better"]  # costs more: worse
    assert table.loc[("alt", "merit_alignment_pay"), "better"]
    assert table.loc[("base", "total_pay"), "difference"] == 0.0
    assert table.loc[("alt", "total_pay"), "unit"] == "money"


def test_compare_refuses_plans_paid_on_different_simulations():
    base = pd.DataFrame({"total_pay": [1.0, 2.0]})
    alt = pd.DataFrame({"total_pay": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="'alt' has 3 simulations, baseline 'base' has 2"):
        measure.compare_draws({"base": base, "alt": alt}, "base")
    with pytest.raises(KeyError, match="baseline plan 'nope'"):
        measure.compare_draws({"base": base}, "nope")


def test_change_bands_boundaries():
    change = np.array([-6.0, -5.0, -0.1, -0.05, 0.1, 0.2, 5.0, 5.1])
    assert winners_losers.change_bands(change).tolist() == [0, 1, 2, 2, 2, 3, 3, 4]


def test_winners_and_losers_by_role():
    roles = ["new_business", "new_business", "account_manager", "account_manager"]
    outcomes = make_outcomes(1, 4, 1, roles=roles)
    baseline = fake_result("base", per_rep([100, 100, 100, 100]), per_rep([0, 0, 0, 0]))
    # changes -10 (lose > 5%), -0.05 (about the same), +3 (gain 0.1-5%), +10 (gain > 5%)
    alternative = fake_result("alt", per_rep([90, 99.95, 103, 110]), per_rep([0, 0, 0, 0]))
    table = winners_losers.winners_losers(alternative, baseline, outcomes, by="role").set_index(
        "role"
    )
    assert list(table.index) == ["account_manager", "new_business", "all"]
    hunters = table.loc["new_business"]
    assert hunters["reps"] == 2
    assert hunters["lose > 5%"] == pytest.approx(50.0)
    assert hunters["about the same"] == pytest.approx(50.0)
    assert hunters["total_change"] == pytest.approx(-10.05)
    farmers = table.loc["account_manager"]
    assert farmers["gain 0.1-5%"] == pytest.approx(50.0)
    assert farmers["gain > 5%"] == pytest.approx(50.0)
    assert farmers["mean_change_pct"] == pytest.approx(6.5)
    assert farmers["pay_change_pct"] == pytest.approx(100 * 13 / 200)
    assert hunters["pay_change_pct"] == pytest.approx(100 * -10.05 / 200)
    everyone = table.loc["all"]
    assert everyone["total_change"] == pytest.approx(2.95)
    assert everyone["share_of_total_change_pct"] == pytest.approx(100.0)
    assert farmers["share_of_total_change_pct"] == pytest.approx(100 * 13 / 2.95)


def test_group_pay_change_has_the_sign_of_its_mean_change():
    """A low earner gaining 50% and a high earner losing 10%: the mean of the reps' %
    changes is +20% while the group loses money; the group's pay change in % of its
    baseline pay (what the reports show) is negative like its mean change."""
    outcomes = make_outcomes(1, 2, 1, roles=["new_business", "new_business"])
    baseline = fake_result("base", per_rep([100, 1000]), per_rep([0, 0]))
    alternative = fake_result("alt", per_rep([150, 900]), per_rep([0, 0]))
    row = winners_losers.winners_losers(alternative, baseline, outcomes, by="role").iloc[0]
    assert row["mean_change"] == pytest.approx(-25.0)
    assert row["mean_change_pct"] == pytest.approx(20.0)
    assert row["pay_change_pct"] == pytest.approx(100 * -50 / 1100)


def test_winners_and_losers_by_baseline_attainment_decile():
    n = 20
    attainment = np.linspace(0.5, 1.5, n)[None, :, None]
    outcomes = make_outcomes(1, n, 1)
    baseline = fake_result("base", per_rep([100] * n), per_rep([0] * n), attainment=attainment)
    # the alternative pays the ten best-attaining reps 10% more
    alternative = fake_result("alt", per_rep([100] * 10 + [110] * 10), per_rep([0] * n))
    table = winners_losers.winners_losers(alternative, baseline, outcomes, by="attainment_decile")
    table = table.set_index("attainment_decile")
    assert list(table.index) == [str(d) for d in range(1, 11)] + ["all"]
    assert (table.loc[[str(d) for d in range(1, 11)], "reps"] == 2).all()
    assert table.loc["5", "about the same"] == pytest.approx(100.0)
    assert table.loc["6", "gain > 5%"] == pytest.approx(100.0)
    assert table.loc["all", "total_change"] == pytest.approx(100.0)


def test_winners_and_losers_refuse_an_unknown_grouping():
    outcomes = make_outcomes(1, 1, 1)
    result = fake_result("p", per_rep([1]), per_rep([0]))
    with pytest.raises(KeyError, match="'shoe_size'"):
        winners_losers.winners_losers(result, result, outcomes, by="shoe_size")


def test_frontier_keeps_plans_no_other_beats_on_both():
    summary = pd.DataFrame(
        {
            "plan": ["A", "A", "B", "B", "C", "C", "D", "D"],
            "metric": ["total_pay", "merit_alignment_pay"] * 4,
            "mean": [100, 0.5, 120, 0.7, 130, 0.6, 100, 0.4],
        }
    )
    table = frontier.frontier(summary).set_index("plan")
    assert table["on_frontier"].to_dict() == {"A": True, "B": True, "C": False, "D": False}
    assert table.loc["C", "dominated_by"] == "B"
    assert table.loc["D", "dominated_by"] == "A"  # same cost, less fair
    assert table.loc["A", "fairness_metric"] == "merit_alignment_pay"


def test_frontier_on_real_data_uses_the_absolute_gender_pay_gap():
    summary = pd.DataFrame(
        {
            "plan": ["A", "A", "A", "B", "B", "B"],
            "metric": ["total_pay", "merit_alignment_pay", "gender_pay_gap_mean"] * 2,
            "mean": [100, np.nan, -3.0, 90, np.nan, 6.0],
        }
    )
    table = frontier.frontier(summary).set_index("plan")
    assert table.loc["A", "fairness_metric"] == "gender_pay_gap_mean"
    assert table["on_frontier"].to_dict() == {"A": True, "B": True}  # |-3| < 6 but dearer


def test_compare_and_headline_on_hand_built_plans():
    outcomes = make_outcomes(2, 2, 1, groups=["male", "female"])
    base = fake_result("base", np.full((2, 2, 1), 100.0), np.zeros((2, 2, 1)))
    commission = np.array([[[10.0], [0.0]], [[30.0], [10.0]]])  # +10 and +40 in total
    alt = fake_result("alt", np.full((2, 2, 1), 100.0), commission)
    table = compare.compare({"alt": alt}, base, outcomes).set_index(["plan", "metric"])
    assert table.loc[("alt", "total_pay"), "difference"] == pytest.approx(25.0)
    assert table.loc[("alt", "total_pay"), "difference_se"] == pytest.approx(15.0)
    assert "needs the simulation's hidden truth" in table.loc[("alt", "luck_share"), "note"]
    figures = headline.headline(alt, outcomes, base, total_pay_budget=230.0)
    assert figures["total_pay"] == pytest.approx(225.0)
    assert figures["change_vs_baseline"] == pytest.approx(25.0)
    assert figures["change_vs_baseline_pct"] == pytest.approx(12.5)
    assert figures["over_budget_total_pay"] == pytest.approx(0.5)  # 260 > 230, 210 not
    # cost of sales: pay / collected revenue 200 per simulation
    assert figures["cost_of_sales_collected"] == pytest.approx(225.0 / 200.0)
    # gender gap: (110 - 100) / 110 and (130 - 110) / 130, averaged
    assert figures["gender_pay_gap_mean"] == pytest.approx(50 * (10 / 110 + 20 / 130))
    assert np.isnan(figures["luck_share"])
    assert list(figures.index) == list(measure.HEADLINE)


def test_common_random_numbers_make_the_difference_precise():
    # one plan pays 3% commission, the other 4%, on the same noisy outcomes
    rng = np.random.default_rng(0)
    revenue = rng.lognormal(4.6, 0.5, size=(200, 30, 12))
    outcomes = make_outcomes(
        200, 30, 12, measures={"revenue_collected_new": revenue, "revenue_booked_new": revenue}
    )
    base = fake_result("base", np.full(revenue.shape, 50.0), 0.03 * revenue)
    alt = fake_result("alt", np.full(revenue.shape, 50.0), 0.04 * revenue)
    table = compare.compare({"alt": alt}, base, outcomes).set_index(["plan", "metric"])
    row = table.loc[("alt", "total_pay")]
    spread = measure.plan_draws(base, outcomes)["total_pay"].std() / np.sqrt(200)
    assert row["difference_se"] < spread / 3
    assert row["difference"] == pytest.approx(0.01 * revenue.sum() / 200)


def test_evaluate_plans_and_every_table():
    rng = np.random.default_rng(1)
    sims, reps, periods = 5, 12, 6
    skill = rng.normal(size=(sims, reps, 1))
    revenue = 100 * np.exp(0.3 * skill + rng.normal(0, 0.2, (sims, reps, periods)))
    outcomes = make_outcomes(
        sims,
        reps,
        periods,
        roles=["new_business", "account_manager"] * 6,
        groups=["male", "female", "female"] * 4,
        regions=["north", "south", "east"] * 4,
        tiers=[1, 2, 3] * 4,
        measures={"revenue_collected_new": revenue, "revenue_booked_new": revenue},
        truth={
            "skill": np.broadcast_to(skill, revenue.shape),
            "territory_potential": rng.lognormal(0, 0.2, (sims, reps, 1)),
            "big_account_share": rng.uniform(size=(sims, reps, 1)),
        },
    )

    def run_plan(oc, rate):
        collected = oc.get("revenue_collected")
        quarterly = collected.reshape(sims, reps, 2, 3).sum(axis=3)
        grades = np.digitize(-quarterly, [-330, -310, -280])
        return fake_result(
            f"rate {rate}",
            np.full(collected.shape, 50.0),
            rate * collected,
            grades=grades,
            attainment=collected / oc.get("quota"),
            review_of_month=np.repeat([0, 1], 3),
        )

    evaluations = measure.evaluate_plans(
        {"base": 0.03, "alt": 0.05}, outcomes, run_plan, total_pay_budget={"base": 1.0}
    )
    tables = measure.comparison_tables(evaluations, "base", outcomes)
    expected = set(measure.TABLE_NAMES) - {"deferred_vesting"}  # no deferred bonus here
    assert set(tables) == expected
    comparison = tables["comparison"].set_index(["plan", "metric"])
    # linear commission: marginal cost is the rate; pay at target = 12 x 6 x (50 + rate 100)
    assert comparison.loc[("alt", "marginal_cost"), "alternative"] == pytest.approx(0.05)
    assert comparison.loc[("alt", "pay_at_target"), "alternative"] == pytest.approx(72 * 55)
    assert comparison.loc[("alt", "merit_alignment_pay"), "alternative"] > 0.5
    assert tables["headline"].set_index("plan").loc["base", "change_vs_baseline"] == 0.0
    assert set(tables["winners_losers_by_role"]["plan"]) == {"alt"}
    assert tables["notes"].empty
    # each plan's own budget: the baseline's 1.0 is always exceeded, the alternative has none
    assert evaluations["base"].draws["over_budget_total_pay"].tolist() == [1.0] * sims
    assert "over_budget_total_pay" not in evaluations["alt"].draws


def test_every_registered_metric_is_computed_in_registry_order():
    # every optional input given, a vacant seat-month (person -1) and a leaver included
    person = np.array([[[0, 0], [1, 5], [2, 2], [3, 3]], [[0, 0], [-1, 4], [2, 2], [3, 3]]])
    outcomes = make_outcomes(2, 4, 2, groups=["male", "female"] * 2, measures={"person_id": person})
    result = fake_result("p", np.full((2, 4, 2), 100.0), np.ones((2, 4, 2)))
    draws = measure.plan_draws(
        result,
        outcomes,
        at_target=result,
        bumped=result,
        total_pay_budget=1.0,
        cost_of_sales_budget=1.0,
    )
    assert list(draws.columns) == list(measure.METRICS)


def test_an_unregistered_metric_is_refused_not_dropped():
    base = pd.DataFrame({"total_pay": [1.0, 2.0], "happiness": [0.5, 0.6]})
    with pytest.raises(KeyError, match="'happiness' is not a registered metric"):
        measure.compare_draws({"base": base}, "base")
    with pytest.raises(KeyError, match="'happiness' is not a registered metric"):
        measure.summarize_plans({"base": base})
