"""Cost metrics on hand-built plans: totals, groups, cost of sales, budgets, pay at target,
marginal cost."""

from __future__ import annotations

import numpy as np
import pytest
from plan_result_fixture import fake_result, make_outcomes, per_rep

from salesperf_model.measure import cost, plan_draws, statistics, variants
from salesperf_model.outcomes import Outcomes


def tiered_plan(outcomes: Outcomes, tiers: tuple[tuple[float, float], ...]) -> object:
    """A tiny stand-in engine: monthly marginal commission on collected cash by attainment
    tier ((threshold as share of quota, rate), ascending), base salary 50 a month."""
    quota = outcomes.get("quota")
    collected = outcomes.get("revenue_collected")
    commission = np.zeros_like(collected)
    edges = [t for t, _ in tiers] + [np.inf]
    for (start, rate), end in zip(tiers, edges[1:]):
        commission += rate * np.clip(collected - start * quota, 0, (end - start) * quota)
    return fake_result(
        "tiered",
        base_salary=np.full(quota.shape, 50.0),
        commission=commission,
        attainment=collected / quota,
    )


def test_monte_carlo_summary_is_mean_and_linear_percentiles():
    stats = statistics.monte_carlo_summary(np.array([100.0, 200.0, 300.0]))
    assert stats["mean"] == pytest.approx(200.0)
    # numpy's linear percentile: position 0.05 x (3 - 1) = 0.1 between 100 and 200
    assert stats["p5"] == pytest.approx(110.0)
    assert stats["p50"] == pytest.approx(200.0)
    assert stats["p95"] == pytest.approx(290.0)


def test_one_simulation_has_all_statistics_equal():
    stats = statistics.monte_carlo_summary(np.array([[7.0, 3.0]]))
    for name in statistics.STATISTICS:
        assert stats[name] == pytest.approx([7.0, 3.0])


def test_cost_by_component_sums_reps_and_months():
    # 3 simulations, 2 reps, 2 months; base 10 a month each; commission per simulation
    base = np.full((3, 2, 2), 10.0)
    commission = np.zeros((3, 2, 2))
    commission[:, 0, 0] = [0.0, 60.0, 120.0]
    result = fake_result("p", base, commission)
    table = cost.cost_by_component(result).set_index("component")
    assert table.loc["base_salary", "mean"] == pytest.approx(40.0)
    assert table.loc["commission", "mean"] == pytest.approx(60.0)
    assert table.loc["commission", "p95"] == pytest.approx(114.0)
    assert table.loc["total", "mean"] == pytest.approx(100.0)
    assert table.loc["variable", "mean"] == pytest.approx(60.0)
    assert table.loc["fixed", "share_of_total_pct"] == pytest.approx(40.0)


def test_cost_by_role_splits_totals_and_counts_seats():
    outcomes = make_outcomes(1, 3, 1, roles=["new_business", "account_manager", "new_business"])
    result = fake_result("p", per_rep([100, 200, 300]), per_rep([10, 0, 30]))
    table = cost.cost_by(result, outcomes, "role")
    total = table[table["component"] == "total"].set_index("role")
    assert total.loc["new_business", "mean"] == pytest.approx(440.0)
    assert total.loc["new_business", "reps"] == 2
    assert total.loc["new_business", "mean_per_rep"] == pytest.approx(220.0)
    assert total.loc["account_manager", "mean"] == pytest.approx(200.0)


def test_cost_by_unknown_column_names_the_choices():
    outcomes = make_outcomes(1, 1, 1)
    result = fake_result("p", per_rep([1]), per_rep([0]))
    with pytest.raises(KeyError, match=r"cannot group by 'colour'.*role"):
        cost.cost_by(result, outcomes, "colour")


def test_cost_of_sales_and_budget_probability():
    # collected revenue 100 a rep-month; 2 reps x 2 months = 400 per simulation
    outcomes = make_outcomes(4, 2, 2)
    base = np.zeros((4, 2, 2))
    base[:, 0, 0] = [40.0, 80.0, 100.0, 160.0]  # total pay per simulation
    result = fake_result("p", base, np.zeros_like(base))
    draws = plan_draws(result, outcomes, total_pay_budget=90.0, cost_of_sales_budget=0.3)
    assert draws["cost_of_sales_collected"].tolist() == pytest.approx([0.1, 0.2, 0.25, 0.4])
    assert draws["cost_of_sales_booked"].tolist() == pytest.approx([0.1, 0.2, 0.25, 0.4])
    assert draws["over_budget_total_pay"].mean() == pytest.approx(0.5)  # 100 and 160 > 90
    assert draws["over_budget_cost_of_sales"].mean() == pytest.approx(0.25)  # only 0.4 > 0.3
    assert "pay_at_target" not in draws  # needs the at-target run


def test_pay_at_target_below_expected_pay_under_a_convex_curve():
    # 3% up to quota, 5% above: reps at 80% and 120% of a 100 quota
    outcomes = make_outcomes(
        1,
        2,
        1,
        measures={
            "revenue_collected_new": per_rep([80, 120]),
            "revenue_booked_new": per_rep([80, 120]),
        },
    )
    tiers = ((0.0, 0.03), (1.0, 0.05))
    expected = tiered_plan(outcomes, tiers)
    at_target = tiered_plan(variants.revenue_at_quota(outcomes), tiers)
    # expected commission: 2.4 + (3 + 1) = 6.4; at target: 3 + 3 = 6; base 50 each
    table = cost.pay_at_target_vs_expected(expected, at_target, outcomes).set_index("role")
    assert table.loc["all", "expected_pay_mean"] == pytest.approx(106.4)
    assert table.loc["all", "pay_at_target_mean"] == pytest.approx(106.0)
    assert table.loc["all", "expected_over_target"] == pytest.approx(106.4 / 106.0)


def test_marginal_cost_is_the_marginal_rate_of_the_tier_reps_sit_in():
    # both reps at 110% of quota: the next unit of cash earns the 4% tier
    outcomes = make_outcomes(
        1, 2, 1, measures={"revenue_collected_new": 110.0, "revenue_booked_new": 110.0}
    )
    tiers = ((0.0, 0.03), (1.0, 0.04))
    result = tiered_plan(outcomes, tiers)
    bumped = tiered_plan(variants.revenue_scaled(outcomes, 1.01), tiers)
    assert cost.marginal_cost(result, bumped, outcomes, bump=0.01) == pytest.approx([0.04])


def test_revenue_at_quota_keeps_the_mix_and_fills_empty_months_by_role():
    booked_new = np.array([[[30.0, 0.0], [0.0, 0.0]]])
    booked_existing = np.array([[[10.0, 0.0], [0.0, 0.0]]])
    outcomes = make_outcomes(
        1,
        2,
        2,
        roles=["new_business", "account_manager"],
        measures={
            "revenue_booked_new": booked_new,
            "revenue_booked_existing": booked_existing,
            "revenue_collected_new": booked_new,
            "receivable": 50.0,
        },
    )
    at_quota = variants.revenue_at_quota(outcomes)
    assert at_quota.get("revenue_booked").tolist() == [[[100.0, 100.0], [100.0, 100.0]]]
    assert at_quota.get("revenue_collected").tolist() == [[[100.0, 100.0], [100.0, 100.0]]]
    # first month keeps the 3:1 new/existing mix
    assert at_quota.get("revenue_booked_new")[0, 0, 0] == pytest.approx(75.0)
    # empty months: new business for the hunter, existing business for the farmer
    assert at_quota.get("revenue_booked_new")[0, 0, 1] == pytest.approx(100.0)
    assert at_quota.get("revenue_booked_existing")[0, 1, 1] == pytest.approx(100.0)
    # receivable scaled with cash: collection rate unchanged where there was cash
    assert at_quota.get("receivable")[0, 0, 0] == pytest.approx(50.0 * 100.0 / 30.0)
    # quotas and the input are untouched
    assert outcomes.get("revenue_booked")[0, 0, 0] == pytest.approx(40.0)


def test_revenue_scaled_refuses_a_non_positive_factor():
    with pytest.raises(ValueError, match="positive number, got -1"):
        variants.revenue_scaled(make_outcomes(1, 1, 1), -1)
