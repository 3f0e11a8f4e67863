"""Fairness metrics, each on a small hand-built case with the numbers worked out here."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from plan_result_fixture import fake_result, make_outcomes, per_rep

from salesperf_model.measure import (
    NEEDS_TRUTH,
    fairness_comparisons,
    grade_parity,
    inequality,
    merit,
    pay_equity,
    plan_draws,
    skipped_metrics,
)

S, A, B, C = 0, 1, 2, 3


def truth_draws(result, outcomes) -> dict[str, np.ndarray]:
    """Every metric's draws of one plan, as arrays (one value per simulation)."""
    return {name: draws.to_numpy() for name, draws in plan_draws(result, outcomes).items()}


def grades_of(*rows: list[int]) -> np.ndarray:
    """(1 simulation, reps, reviews) grade codes, one list per rep."""
    return np.array(rows, dtype=np.int8)[None, :, :]


# ----------------------------------------------------------------------------- inequality


def test_gini_of_hand_cases():
    values = np.array([[0.0, 0.0, 0.0, 10.0], [1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]])
    # 2 x sum(i x_(i)) / (n sum x) - (n + 1) / n: 80/40 - 1.25; 0; 60/40 - 1.25
    assert inequality.gini(values) == pytest.approx([0.75, 0.0, 0.25])


def test_top_ten_percent_share_rounds_the_head_count_up():
    ten = np.arange(1.0, 11.0)[None, :]
    assert inequality.top_share(ten) == pytest.approx([100 * 10 / 55])
    eleven = np.arange(1.0, 12.0)[None, :]  # ceil(1.1) = 2 reps: 11 + 10 of 66
    assert inequality.top_share(eleven) == pytest.approx([100 * 21 / 66])


# ----------------------------------------------------------------------------- pay equity


GROUPS = np.array(["male", "male", "male", "female", "female", "female"])


def test_mean_and_median_pay_gap_as_percent_of_the_male_figure():
    pay = np.array([[100.0, 200.0, 300.0, 100.0, 150.0, 170.0]])
    # male mean 200, female mean 140: 30%; medians 200 vs 150: 25%
    assert pay_equity.pay_gap(pay, GROUPS, stat="mean") == pytest.approx([30.0])
    assert pay_equity.pay_gap(pay, GROUPS, stat="median") == pytest.approx([25.0])


def test_variable_pay_gap_counts_only_reps_who_received_variable_pay():
    variable = np.array([[0.0, 50.0, 150.0, 0.0, 0.0, 80.0]])
    received = variable > 0
    # male receivers 50, 150: mean 100; female receiver 80: gap 20%
    assert pay_equity.pay_gap(variable, GROUPS, among=received) == pytest.approx([20.0])
    assert pay_equity.pay_gap(variable, GROUPS, stat="median", among=received) == pytest.approx(
        [20.0]
    )


def test_pay_equity_table_receipt_shares_gaps_by_role_and_the_five_percent_flag():
    roles = ["new_business", "account_manager", "new_business"] * 2
    outcomes = make_outcomes(1, 6, 1, roles=roles, groups=list(GROUPS))
    result = fake_result(
        "p", per_rep([100, 100, 100, 100, 100, 100]), per_rep([0, 50, 150, 0, 0, 80])
    )
    table = pay_equity.pay_equity_table(result, outcomes).set_index(["category", "measure"])
    # total pay: male 100, 150, 250 (mean 166.67); female 100, 100, 180 (mean 126.67)
    assert table.loc[("all", "gender_pay_gap_mean"), "mean"] == pytest.approx(24.0)
    assert table.loc[("all", "gender_pay_gap_mean"), "flag_5pct"]
    assert table.loc[("all", "variable_pay_receipt_male"), "mean"] == pytest.approx(200 / 3)
    assert table.loc[("all", "variable_pay_receipt_female"), "mean"] == pytest.approx(100 / 3)
    # account managers: one man paid 150, one woman paid 100: 33.3%
    assert table.loc[("account_manager", "gender_pay_gap_mean"), "mean"] == pytest.approx(100 / 3)
    # new business: men 100, 250 (175); women 100, 180 (140): 20%
    assert table.loc[("new_business", "gender_pay_gap_median"), "mean"] == pytest.approx(20.0)
    assert table.loc[("new_business", "gender_pay_gap_mean"), "reference_reps"] == 2
    # everyone's fixed pay is 100: no gap in the basic wage, the whole gap is variable
    assert table.loc[("all", "fixed_pay_gap_mean"), "mean"] == pytest.approx(0.0)


def test_small_gap_is_not_flagged():
    outcomes = make_outcomes(1, 2, 1, groups=["male", "female"])
    result = fake_result("p", per_rep([100, 96]), per_rep([0, 0]))
    table = pay_equity.pay_equity_table(result, outcomes).set_index(["category", "measure"])
    assert table.loc[("all", "gender_pay_gap_mean"), "mean"] == pytest.approx(4.0)
    assert not table.loc[("all", "gender_pay_gap_mean"), "flag_5pct"]


@pytest.mark.parametrize(
    ("n", "sizes"),
    [(8, [2, 2, 2, 2]), (9, [3, 2, 2, 2]), (10, [3, 2, 3, 2]), (11, [3, 3, 3, 2])],
)
def test_quartile_band_sizes_follow_the_uk_leftover_rule(n, sizes):
    assert pay_equity.quartile_band_sizes(n).tolist() == sizes


def test_quartiles_split_tied_pay_across_a_boundary_by_the_group_ratio():
    # pay 1 2 3 3 3 3 7 8; the four reps paid 3 (three men, one woman) straddle the
    # lower-middle / upper-middle boundary: each band gets 1.5 men and 0.5 women
    pay = np.array([[3.0, 1.0, 3.0, 8.0, 3.0, 2.0, 3.0, 7.0]])
    codes = np.array([1, 0, 1, 1, 0, 1, 1, 0])  # 0 female, 1 male
    counts = pay_equity.pay_quartile_counts(pay, codes, 2)[0]  # (band, group)
    assert counts[:, 1].tolist() == pytest.approx([1.0, 1.5, 1.5, 1.0])
    assert counts[:, 0].tolist() == pytest.approx([1.0, 0.5, 0.5, 1.0])


def test_quartiles_leftover_rep_goes_to_the_lower_band():
    pay = np.arange(1.0, 10.0)[None, :]  # 9 reps: bands of 3, 2, 2, 2
    codes = np.array([1, 1, 0, 1, 0, 0, 1, 1, 0])
    counts = pay_equity.pay_quartile_counts(pay, codes, 2)[0]
    assert counts[:, 1].tolist() == [2.0, 1.0, 1.0, 1.0]
    assert counts[:, 0].tolist() == [1.0, 1.0, 1.0, 1.0]


def test_pay_quartile_table_shares_in_percent_of_the_band():
    outcomes = make_outcomes(1, 4, 1, groups=["male", "female", "male", "male"])
    result = fake_result("p", per_rep([10, 20, 30, 40]), per_rep([0, 0, 0, 0]))
    table = pay_equity.pay_quartile_table(result, outcomes).set_index(["quartile", "group"])
    assert table.loc[("lower_middle", "female"), "mean"] == pytest.approx(100.0)
    assert table.loc[("upper", "male"), "mean"] == pytest.approx(100.0)
    assert table.loc[("upper", "female"), "mean"] == pytest.approx(0.0)


# ----------------------------------------------------------------------------- grade parity


def test_grade_parity_rates_and_four_fifths_rule():
    # men: S, A, B, B (S-rate 25%, C-rate 0); women: S, S, B, C (S-rate 50%, C-rate 25%)
    groups = ["male"] * 4 + ["female"] * 4
    outcomes = make_outcomes(1, 8, 1, groups=groups)
    result = fake_result(
        "p",
        per_rep([1] * 8),
        per_rep([0] * 8),
        grades=grades_of([S], [A], [B], [B], [S], [S], [B], [C]),
    )
    table = grade_parity.grade_parity_table(result, outcomes).set_index(["group", "measure"])
    assert table.loc[("male", "s_rate"), "mean"] == pytest.approx(25.0)
    assert table.loc[("female", "c_rate"), "mean"] == pytest.approx(25.0)
    assert table.loc[("lowest/highest", "s_rate_ratio"), "mean"] == pytest.approx(0.5)
    assert table.loc[("lowest/highest", "s_rate_ratio"), "four_fifths_fail"]
    assert table.loc[("lowest/highest", "not_c_rate_ratio"), "mean"] == pytest.approx(0.75)
    assert table.loc[("lowest/highest", "not_c_rate_ratio"), "four_fifths_fail"]
    # one set of results: two-proportion z-test, 1/4 vs 2/4 rep-reviews, pooled 3/8:
    # z = -0.25 / sqrt(0.375 * 0.625 * (1/4 + 1/4)) = -0.7303, p = 0.4652: could be chance
    ratio_row = table.loc[("lowest/highest", "s_rate_ratio")]
    assert ratio_row["pooled"] == pytest.approx(0.5)
    assert ratio_row["no_bias_p"] == pytest.approx(0.4652, abs=1e-4)
    assert not ratio_row["adverse_impact"]
    draws = plan_draws(result, outcomes)
    assert draws["s_rate_ratio"].iloc[0] == pytest.approx(0.5)


# ----------------------------------------------------------------------------- truth metrics


def truth_case(skill, pay, roles=None, grades=None, review_of_month=None, n_periods=1, **truth):
    n = len(skill)
    outcomes = make_outcomes(
        1,
        n,
        n_periods,
        roles=roles,
        truth={
            "skill": np.asarray(skill, dtype=float)[None, :, None],
            "territory_potential": truth.get("territory", np.ones(n))[None, :, None],
            "big_account_share": truth.get("big", np.zeros(n))[None, :, None],
        },
    )
    result = fake_result(
        "p",
        per_rep(pay, n_periods=n_periods),
        per_rep([0] * n, n_periods=n_periods),
        grades=grades,
        review_of_month=review_of_month,
    )
    return truth_draws(result, outcomes), outcomes, result


def test_merit_alignment_ranks_within_role():
    # pay levels differ by role, but within each role pay follows skill exactly
    metrics, *_ = truth_case(
        [0.0, 1.0, 0.0, 1.0],
        [10, 20, 100, 200],
        roles=["new_business", "new_business", "account_manager", "account_manager"],
    )
    assert metrics["merit_alignment_pay"] == pytest.approx([1.0])


def test_merit_alignment_is_spearmans_rho():
    # skill 1, 2, 3; pay ranks 1, 3, 2: rho = 1 - 6 x 2 / (3 x 8) = 0.5
    metrics, *_ = truth_case([1.0, 2.0, 3.0], [10, 30, 20])
    assert metrics["merit_alignment_pay"] == pytest.approx([0.5])


def test_merit_alignment_of_variable_pay_and_grades():
    # skill 1, 2, 3; variable pay 5, 0, 10 ranks 2, 1, 3: rho = 1 - 6 x 2 / 24 = 0.5.
    # Mean grades over two reviews: C C, B A, A S: ordered like skill, rho = 1.
    outcomes = make_outcomes(
        1,
        3,
        2,
        truth={
            "skill": np.array([1.0, 2.0, 3.0])[None, :, None],
            "territory_potential": 1.0,
            "big_account_share": 0.0,
        },
    )
    result = fake_result(
        "p",
        per_rep([100, 100, 100], n_periods=2),
        per_rep([5, 0, 10], n_periods=2),
        grades=grades_of([C, C], [B, A], [A, S]),
        review_of_month=np.array([0, 1]),
    )
    metrics = truth_draws(result, outcomes)
    assert metrics["merit_alignment_variable_pay"] == pytest.approx([0.5])
    assert metrics["merit_alignment_grade"] == pytest.approx([1.0])


def test_luck_share_by_shapley_decomposition_of_r_squared():
    # orthogonal centred regressors; pay = 100 + 3 skill + 1 territory: the explained
    # variance splits 9 : 1, so luck is 10% of it and skill 90%
    skill = np.array([1.0, -1.0, 1.0, -1.0])
    territory = np.array([1.0, 1.0, -1.0, -1.0])
    big = np.array([1.0, -1.0, -1.0, 1.0])
    pay = 100 + 3 * skill + territory
    metrics, *_ = truth_case(skill, pay, territory=territory, big=big)
    assert metrics["luck_share"] == pytest.approx([10.0])
    assert metrics["skill_variance_share"] == pytest.approx([90.0])
    assert metrics["luck_variance_share"] == pytest.approx([10.0])


def test_shapley_parts_add_up_to_the_full_r_squared_with_correlated_regressors():
    rng = np.random.default_rng(5)
    x1 = rng.normal(size=(3, 50))
    x2 = 0.6 * x1 + rng.normal(size=(3, 50))
    y = x1 + x2 + rng.normal(size=(3, 50))
    centre = lambda v: v - v.mean(axis=1, keepdims=True)  # noqa: E731
    y, x1, x2 = centre(y), centre(x1), centre(x2)
    parts = merit.shapley_r_squared(y, {"a": x1, "b": x2})
    full = merit._r_squared(y, np.stack([x1, x2], axis=2))
    assert parts["a"] + parts["b"] == pytest.approx(full)
    one = merit._r_squared(y, x1[:, :, None])
    two = merit._r_squared(y, x2[:, :, None])
    # two regressors: phi_a = (R2_a + R2_ab - R2_b) / 2
    assert parts["a"] == pytest.approx((one + full - two) / 2)


def test_shapley_subset_fits_from_one_set_of_cross_products_match_fitting_each_subset():
    # six regressors, two of them collinear and one all zero (a driver that does not vary):
    # every subset's R² read from the full cross-products is the R² of fitting that subset
    rng = np.random.default_rng(9)
    x = rng.normal(size=(4, 80, 6))
    x[:, :, 3] = 2.0 * x[:, :, 0]
    x[:, :, 5] = 0.0
    y = x @ np.array([1.0, -0.5, 0.3, 0.0, 2.0, 1.0]) + rng.normal(size=(4, 80))
    x -= x.mean(axis=1, keepdims=True)
    y -= y.mean(axis=1, keepdims=True)
    names = [f"x{i}" for i in range(6)]
    parts = merit.shapley_r_squared(y, {n: x[:, :, i] for i, n in enumerate(names)})
    r2 = {
        subset: merit._r_squared(y, x[:, :, list(subset)])
        for size in range(7)
        for subset in itertools.combinations(range(6), size)
    }
    for j, name in enumerate(names):
        expected = sum(
            math.factorial(len(s))
            * math.factorial(5 - len(s))
            / math.factorial(6)
            * (r2[tuple(sorted((*s, j)))] - r2[s])
            for s in r2
            if j not in s
        )
        np.testing.assert_allclose(parts[name], expected, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(sum(parts.values()), r2[tuple(range(6))], rtol=1e-10)
    np.testing.assert_allclose(parts["x5"], 0.0, atol=1e-13)  # no variation, no share


def test_grade_accuracy_and_false_c_rate():
    # skill 2, 1, -1, -2; grades S, C, B, A. One of each grade was handed out, so by
    # skill: S, A, B, C. Reps 0 and 2 match: 50%. The one C went to rep 1, above the
    # median skill (0): false-C rate 100%.
    metrics, *_ = truth_case(
        [2.0, 1.0, -1.0, -2.0], [1, 1, 1, 1], grades=grades_of([S], [C], [B], [A])
    )
    assert metrics["grade_accuracy"] == pytest.approx([50.0])
    assert metrics["false_c_rate"] == pytest.approx([100.0])


def test_wrongful_exits_are_c_twice_on_above_median_skill():
    # two quarterly reviews over 6 months; rep 1 (skill 1, above median) C twice, rep 3
    # (skill -2) C twice: 2 C-twice cases per 4 seats, one wrongful
    rom = np.array([0, 0, 0, 1, 1, 1])
    metrics, outcomes, result = truth_case(
        [2.0, 1.0, -1.0, -2.0],
        [1, 1, 1, 1],
        n_periods=6,
        review_of_month=rom,
        grades=grades_of([S, S], [C, C], [B, C], [C, C]),
    )
    assert metrics["wrongful_exits"] == pytest.approx([25.0])
    assert plan_draws(result, outcomes)["c_twice"].iloc[0] == pytest.approx(50.0)


def test_c_twice_needs_the_same_person_in_the_seat():
    rom = np.array([0, 1])
    outcomes = make_outcomes(1, 2, 2, measures={"person_id": np.array([[[1, 1], [2, 3]]])})
    result = fake_result(
        "p",
        per_rep([1, 1], n_periods=2),
        per_rep([0, 0], n_periods=2),
        grades=grades_of([C, C], [C, C]),
        review_of_month=rom,
    )
    # seat 1 changed hands between the reviews: only seat 0 counts
    assert plan_draws(result, outcomes)["c_twice"].iloc[0] == pytest.approx(50.0)


def test_horizontal_equity_is_the_weighted_cv_within_skill_quintiles():
    # ten reps of one role, two per skill quintile; the lowest pair is paid 90 and 110
    # (cv 0.1 with the population standard deviation), every other pair equally:
    # (2 x 0.1 + 8 x 0) / 10 = 0.02
    skill = np.arange(10.0)
    pay = [90, 110, 100, 100, 100, 100, 100, 100, 100, 100]
    metrics, *_ = truth_case(skill, pay)
    assert metrics["horizontal_equity_cv"] == pytest.approx([0.02])


def test_grade_change_rate_counts_changes_only_while_skill_is_unchanged():
    rom = np.array([0, 1, 2])
    outcomes = make_outcomes(
        1,
        2,
        3,
        truth={
            "skill": np.array([[[0.0, 0.0, 0.0], [1.0, 1.0, 2.0]]]),
            "territory_potential": 1.0,
            "big_account_share": 0.0,
        },
    )
    result = fake_result(
        "p",
        per_rep([1, 1], n_periods=3),
        per_rep([0, 0], n_periods=3),
        grades=grades_of([A, A, B], [B, B, A]),
        review_of_month=rom,
    )
    # rep 0: pairs (A, A), (A, B), skill steady: 1 change. rep 1: (B, B) steady, (B, A)
    # skill rose by 1: excluded. 1 change out of 3 steady pairs.
    rate = truth_draws(result, outcomes)["grade_change_rate"]
    assert rate == pytest.approx([100 / 3])


def test_truth_metrics_are_skipped_with_a_note_on_real_data():
    outcomes = make_outcomes(1, 4, 1, groups=["male", "female", "male", "female"])
    result = fake_result("p", per_rep([100, 90, 110, 80]), per_rep([0, 0, 0, 0]))
    draws = plan_draws(result, outcomes)
    for name in NEEDS_TRUTH:
        if name in ("revenue_lost_to_vacancies", "good_reps_leaving_per_100_reps"):
            assert name not in draws  # left out: no seat stood empty, nobody left
            continue
        assert np.isnan(draws[name]).all()
    assert draws["gender_pay_gap_mean"].iloc[0] == pytest.approx(100 * (105 - 85) / 105)
    notes = skipped_metrics(outcomes)
    assert set(notes) == set(NEEDS_TRUTH)
    assert "hidden truth" in notes["luck_share"]
    assert "merit_alignment_pay" in NEEDS_TRUTH
    assert "gini_total_pay" not in NEEDS_TRUTH


# ----------------------------------------------------------------------------- worries


def test_fairness_comparisons_use_booked_big_account_revenue_without_truth():
    # reps 0 and 1 book mostly big-account revenue; rep 2 and 3 little
    big = per_rep([90, 80, 10, 0])
    outcomes = make_outcomes(
        1,
        4,
        1,
        tiers=[1, 3, 1, 3],
        roles=["new_business", "account_manager", "new_business", "account_manager"],
        measures={"revenue_booked_big": big},
    )
    result = fake_result("p", per_rep([100, 100, 100, 100]), per_rep([60, 40, 20, 0]))
    table = fairness_comparisons.fairness_comparison_table(result, outcomes).set_index(
        ["comparison", "side"]
    )
    # big-account holders paid 150 on average, small 110: +36.4%
    assert table.loc[("big_small_account", "first"), "total_pay"] == pytest.approx(150.0)
    assert table.loc[("big_small_account", "first"), "pay_gap_pct"] == pytest.approx(100 * 40 / 110)
    # tier 1: reps 0 and 2 (140); tier 3: reps 1 and 3 (120)
    assert table.loc[("tier1_tier3", "first"), "pay_gap_pct"] == pytest.approx(100 * 20 / 120)
    # hunters 0 and 2 (140) vs farmers 1 and 3 (120)
    assert table.loc[("new_business_account_manager", "second"), "total_pay"] == pytest.approx(
        120.0
    )
    assert np.isnan(table.loc[("tier1_tier3", "first"), "skill"])
    draws = plan_draws(result, outcomes)
    assert draws["big_small_account_pay_gap"].iloc[0] == pytest.approx(100 * 40 / 110)


def test_skill_adjusted_gap_is_the_pay_difference_at_equal_skill():
    # one role; the big-account holders (reps 0, 1, 4) are also the more skilled, and
    # pay = 100 + 20 x skill + 10 for holding big accounts
    skill = np.array([1.0, 1.0, -1.0, -1.0, 0.0, 0.0])
    big = np.array([0.9, 0.8, 0.1, 0.0, 0.95, 0.05])
    pay = 100 + 20 * skill + 10 * (big > 0.5)  # 130, 130, 80, 80, 110, 100
    outcomes = make_outcomes(
        1,
        6,
        1,
        truth={
            "skill": skill[None, :, None],
            "territory_potential": 1.0,
            "big_account_share": big[None, :, None],
        },
    )
    result = fake_result("p", per_rep(list(pay)), per_rep([0] * 6))
    table = fairness_comparisons.fairness_comparison_table(result, outcomes).set_index(
        ["comparison", "side"]
    )
    row = table.loc[("big_small_account", "first")]
    # raw: holders 370 / 3, others 260 / 3: +42.3%, most of it skill
    assert row["pay_gap_pct"] == pytest.approx(100 * (370 - 260) / 260)
    # at equal skill the holders get 10 more, in % of the others' mean pay 86.67
    assert row["skill_adjusted_pay_gap_pct"] == pytest.approx(100 * 10 / (260 / 3))


def test_skill_adjusted_gap_between_roles_holds_only_skill_equal():
    # hunters (skill 1, 0) earn 10 more than farmers (skill 0, -1) at equal skill:
    # pay = 100 + 20 x skill + 10 for hunters = 130, 110 | 100, 80
    roles = ["new_business", "new_business", "account_manager", "account_manager"]
    skill = np.array([1.0, 0.0, 0.0, -1.0])
    pay = [130, 110, 100, 80]
    outcomes = make_outcomes(
        1,
        4,
        1,
        roles=roles,
        truth={"skill": skill[None, :, None], "territory_potential": 1.0, "big_account_share": 0.0},
    )
    result = fake_result("p", per_rep(pay), per_rep([0] * 4))
    table = fairness_comparisons.fairness_comparison_table(result, outcomes).set_index(
        ["comparison", "side"]
    )
    row = table.loc[("new_business_account_manager", "first")]
    assert row["pay_gap_pct"] == pytest.approx(100 * 30 / 90)
    assert row["skill_adjusted_pay_gap_pct"] == pytest.approx(100 * 10 / 90)


def _forced_s(rng: np.random.Generator, sims: int, s_chance: np.ndarray) -> np.ndarray:
    """Grades (sims, reps, 1): exactly 4 S per simulation, drawn with the given weights."""
    reps = len(s_chance)
    grades = np.full((sims, reps, 1), B)
    for sim in range(sims):  # test data only
        chosen = rng.choice(reps, size=4, replace=False, p=s_chance / s_chance.sum())
        grades[sim, chosen, 0] = S
    return grades


def test_four_fifths_pooled_does_not_fire_on_noise_but_fires_on_bias():
    rng = np.random.default_rng(7)
    groups = ["male"] * 20 + ["female"] * 20
    sims = 200
    outcomes = make_outcomes(sims, 40, 1, groups=groups)
    pay = np.ones((sims, 40, 1))
    fair = fake_result("p", pay, pay * 0, grades=_forced_s(rng, sims, np.ones(40)))
    table = grade_parity.grade_parity_table(fair, outcomes).set_index(["group", "measure"])
    row = table.loc[("lowest/highest", "s_rate_ratio")]
    # per simulation, 4 S among 40 reps: the worst-group ratio is far below 1 by chance
    assert row["mean"] < 0.6
    assert row["pooled"] > 0.8 and not row["four_fifths_fail"]
    assert row["no_bias_p"] > 0.05 and not row["adverse_impact"]
    biased_chance = np.r_[np.ones(20), np.full(20, 0.4)]  # women 0.4x as likely to get S
    biased = fake_result("q", pay, pay * 0, grades=_forced_s(rng, sims, biased_chance))
    table = grade_parity.grade_parity_table(biased, outcomes).set_index(["group", "measure"])
    row = table.loc[("lowest/highest", "s_rate_ratio")]
    assert row["pooled"] < 0.6 and row["four_fifths_fail"]
    assert row["no_bias_p"] < 0.001 and row["adverse_impact"]
