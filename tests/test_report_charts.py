"""Charts: the payout curves are the plan's numbers, titles state the finding, colours are
Okabe-Ito, and user text cannot break the drawing."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from salesperf_model.present import charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plans():
    from salesperf_model.loading import load_scenario

    return {
        "baseline": load_scenario(ROOT / "scenarios" / "baseline.yaml"),
        "steep_accelerator": load_scenario(ROOT / "scenarios" / "steep_accelerator.yaml"),
    }


def test_payout_curve_table_pays_the_brief_tiers_by_hand(plans):
    table = charts.payout_curve_table(plans, quota=100_000, max_attainment=2.0, points=201)
    at = table.set_index(table["attainment"].round(2))
    # baseline: 3% of 100,000 + 4% of 20,000 + 5% of 30,000 = 3,000 + 800 + 1,500
    assert at.loc[1.5, "baseline"] == pytest.approx(5_300)
    assert at.loc[1.0, "baseline"] == pytest.approx(3_000)
    # steep: nothing below 50%; 2% of 100,000 + 6% of 50,000 at 150%; capped at 200%
    assert at.loc[0.4, "steep_accelerator"] == 0
    assert at.loc[1.5, "steep_accelerator"] == pytest.approx(5_000)
    assert at.loc[2.0, "steep_accelerator"] == pytest.approx(9_000)


def test_payout_curve_title_states_where_the_plans_cross(plans):
    # 3,800 + 5,000 (a - 1.2) = 5,000 + 8,000 (a - 1.5) at a = 1.6
    # plans are named by the scenarios' titles (baseline.yaml: "Current plan")
    charts.set_plan_titles({name: plan.display_title for name, plan in plans.items()})
    try:
        figure = charts.payout_curves(plans, baseline="baseline")
    finally:
        charts.set_plan_titles({})
    assert figure.axes[0].get_title(loc="left") == (
        "Steep accelerator pays less than Current plan below 160% of quota and more\nabove"
    )
    lines = {
        line.get_label(): line
        for line in figure.axes[0].get_lines()
        if not line.get_label().startswith("_")
    }
    assert (
        lines["Current plan (baseline)"].get_color() == charts.BASELINE_COLOUR
        and lines["Current plan (baseline)"].get_linestyle() == "--"
    )
    assert lines["Steep accelerator"].get_color() == charts.OKABE_ITO["blue"]
    assert figure.get_size_inches()[0] == charts.WIDTH
    assert figure.axes[0].get_xlabel() and "CNY" in figure.axes[0].get_ylabel()


def test_plan_colours_are_okabe_ito_and_the_baseline_grey():
    colours = charts.plan_colours(["a", "base", "b"], baseline="base")
    assert colours == {"a": "#0072B2", "base": charts.BASELINE_COLOUR, "b": "#D55E00"}
    assert set(charts.PLAN_COLOURS) <= set(charts.OKABE_ITO.values())


def test_cost_chart_title_gives_the_saving_against_the_baseline():
    draws = {"baseline": np.array([10e6, 12e6]), "cheaper": np.array([9e6, 11e6])}
    figure = charts.cost_distribution(draws, "baseline")
    assert (
        figure.axes[0].get_title(loc="left")
        == "Cheaper costs 1.00 M CNY less than the baseline (-9.1%)"
    )


def test_user_text_with_dollar_signs_is_drawn_literally():
    draws = {"base": np.array([1e6, 1.1e6]), "$5k bonus$": np.array([1.2e6, 1.3e6])}
    figure = charts.cost_distribution(draws, "base")
    figure.canvas.draw()  # mathtext would reinterpret or fail on "$5k bonus$"
    assert r"\$5k bonus\$" in figure.axes[0].get_title(loc="left")


def test_fairness_chart_marks_metrics_missing_on_real_data():
    comparison = pd.DataFrame(
        {
            "plan": ["alt"] * 4,
            "metric": ["merit_alignment_pay", "luck_share", "gender_pay_gap_mean", "false_c_rate"],
            "baseline": [np.nan, np.nan, 4.0, np.nan],
            "alternative": [np.nan, np.nan, 3.0, np.nan],
        }
    )
    figure = charts.fairness_chart(comparison, "base", ["alt"], title="Fairness")
    texts = [t.get_text() for axes in figure.axes for t in axes.texts]
    assert texts.count(" not on real data") == 6 and " 3.0" in texts and " 4.0" in texts


def test_frontier_chart_names_the_plans_no_other_beats():
    frontier = pd.DataFrame(
        {
            "plan": ["base", "a", "b"],
            "cost": [10e6, 9e6, 11e6],
            "fairness_metric": "merit_alignment_pay",
            "fairness": [0.5, 0.45, 0.6],
            "on_frontier": [True, True, True],
        }
    )
    figure = charts.frontier_chart(frontier, "base")
    assert (
        figure.axes[0].get_title(loc="left")
        == "Best trade-offs between cost and fairness: A, Base, B"
    )
    # one plan alone on the frontier: the title says on which fairness measure it wins
    # (it read "beats every other plan on cost and fairness together" beside a summary
    # calling the plan "about as fair (mixed)" on the four fairness measures)
    alone = frontier.assign(on_frontier=[False, True, False])
    title = charts.frontier_chart(alone, "base").axes[0].get_title(loc="left")
    # and claims no win on either that may be noise: a plan off the frontier is no
    # better on both and clearly worse on one, not necessarily worse on both
    assert " ".join(title.split()) == (
        "A is the only best trade-off: every other plan is no cheaper and no fairer on pay "
        "follows true skill, and clearly worse on one of them (one fairness measure; "
        "revenue is not on this chart)"
    )
    nothing = frontier.assign(fairness=np.nan)
    assert "cannot be measured" in charts.frontier_chart(nothing, "base").axes[0].get_title(
        loc="left"
    )


def test_winners_losers_title_says_who_loses_most_and_who_gains():
    from salesperf_model.measure import BANDS

    table = pd.DataFrame(
        {
            "plan": "alt",
            "role": ["account_manager", "new_business", "all"],
            "reps": [10.0, 10.0, 20.0],
            **{band: [0.0, 0.0, 0.0] for band in BANDS},
            "mean_change": [-100.0, 50.0, -25.0],
            "mean_change_pct": [-4.0, 2.5, -0.75],
            "pay_change_pct": [-4.0, 2.5, -0.75],
        }
    )
    table["lose > 5%"] = [30.0, 0.0, 15.0]
    table["about the same"] = [70.0, 100.0, 85.0]
    figure = charts.winners_losers_chart(table, "role", "alt")
    assert figure.axes[0].get_title(loc="left") == (
        "15% of reps lose more than 5%; by role, account manager loses most (-4.0%), new\n"
        "business gains most (+2.5%)"
    )
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == [
        "account manager",
        "new business",
        "all",
    ]


def test_fairness_chart_on_data_without_truth_or_groups_says_so_in_one_line():
    comparison = pd.DataFrame(
        {
            "plan": ["alt"] * 4,
            "metric": ["merit_alignment_pay", "luck_share", "gender_pay_gap_mean", "false_c_rate"],
            "baseline": [np.nan] * 4,
            "alternative": [np.nan] * 4,
        }
    )
    figure = charts.fairness_chart(comparison, "base", ["alt"], title="Fairness")
    assert len(figure.axes) == 1 and not figure.axes[0].axison
    assert figure.axes[0].get_title(loc="left").startswith("Fairness cannot be measured")


def _paired_comparison():
    """Two plans against 'base': merit alignment +0.017 (interval +0.010 to +0.024) and
    -0.002 (interval -0.006 to +0.002); total pay -1.0 M and +0.5 M with intervals."""
    return pd.DataFrame(
        {
            "plan": ["a", "b", "a", "b"],
            "metric": ["merit_alignment_pay"] * 2 + ["total_pay"] * 2,
            "baseline": [0.50, 0.50, 10e6, 10e6],
            "alternative": [0.517, 0.498, 9e6, 10.5e6],
            "difference": [0.017, -0.002, -1e6, 0.5e6],
            "difference_low": [0.010, -0.006, -1.2e6, 0.3e6],
            "difference_high": [0.024, 0.002, -0.8e6, 0.7e6],
        }
    )


def test_fairness_bars_carry_the_paired_interval_against_the_baseline():
    from salesperf_model.present.charts.fairness import paired_whiskers

    comparison = _paired_comparison()
    whiskers = paired_whiskers(
        comparison, "merit_alignment_pay", ["base", "a", "b"], baseline="base"
    )
    assert np.isnan(whiskers[0][0])  # the baseline is the reference: no whisker
    assert whiskers[1] == pytest.approx((0.510, 0.524)) and whiskers[2] == pytest.approx(
        (0.494, 0.502)
    )
    figure = charts.fairness_chart(comparison, "base", ["a", "b"], title="Fairness")
    merit_panel = figure.axes[0]
    segments = [line.get_xdata() for line in merit_panel.lines if len(line.get_xdata()) == 2]
    assert any(list(x) == pytest.approx([0.510, 0.524]) for x in segments)
    assert "Whiskers: 95% interval" in " ".join(t.get_text() for t in figure.texts)


def test_frontier_axes_zoom_to_the_points_and_points_carry_whiskers():
    frontier = pd.DataFrame(
        {
            "plan": ["base", "a", "b"],
            "cost_metric": "total_pay",
            "cost": [10e6, 9e6, 10.5e6],
            "fairness_metric": "merit_alignment_pay",
            "fairness": [0.50, 0.517, 0.498],
            "on_frontier": [False, True, False],
        }
    )
    figure = charts.frontier_chart(frontier, "base", comparison=_paired_comparison())
    axes = figure.axes[0]
    low, high = axes.get_ylim()
    # 0.494-0.524 is under the 0.05 least height: 0.05 around the middle, 15% either side
    middle = (0.494 + 0.524) / 2
    assert low == pytest.approx(middle - 0.025 - 0.0075)
    assert high == pytest.approx(middle + 0.025 + 0.0075)
    lines = [(list(line.get_xdata()), list(line.get_ydata())) for line in axes.lines]
    assert ([9e6, 9e6], pytest.approx([0.510, 0.524])) in lines  # fairness interval of a
    assert (pytest.approx([8.8e6, 9.2e6]), [0.517, 0.517]) in lines  # cost interval of a
    assert "does not start at zero" in axes.get_xlabel()
    assert "does not start at zero" in axes.get_ylabel()


def test_a_crowded_frontier_numbers_its_points_and_names_them_in_a_legend():
    plans = [f"p{i}" for i in range(8)]
    frontier = pd.DataFrame(
        {
            "plan": plans,
            "cost": np.linspace(9e6, 10e6, 8),
            "fairness_metric": "merit_alignment_pay",
            "fairness": np.linspace(0.46, 0.50, 8),
            "on_frontier": [True] + [False] * 7,
        }
    )
    figure = charts.frontier_chart(frontier, "p0")
    axes = figure.axes[0]
    assert sorted(t.get_text() for t in axes.texts) == sorted(str(i) for i in range(1, 9))
    names = [t.get_text() for t in figure.legends[0].get_texts()]
    assert names == ["1  P0 (baseline)", *(f"{i + 1}  P{i}" for i in range(1, 8))]


def test_plans_sharing_a_curve_are_named_by_their_titles_in_the_legend(plans):
    from salesperf_model.loading import load_scenario

    plans = {**plans, "double_credit": load_scenario(ROOT / "scenarios" / "double_credit.yaml")}
    plans.pop("steep_accelerator")
    charts.set_plan_titles({name: plan.display_title for name, plan in plans.items()})
    try:
        figure = charts.payout_curves(plans, baseline="baseline")
    finally:
        charts.set_plan_titles({})
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert labels == ["Current plan (baseline), Double credit (same curve)"]


def test_winners_losers_title_with_every_group_alike_says_so():
    from salesperf_model.measure import BANDS

    table = pd.DataFrame(
        {
            "plan": "alt",
            "group": ["female", "male", "all"],
            "reps": [10.0, 10.0, 20.0],
            **{band: [0.0, 0.0, 0.0] for band in BANDS},
            "pay_change_pct": [12.52, 12.48, 12.5],
        }
    )
    table["gain > 5%"] = [100.0, 100.0, 100.0]
    figure = charts.winners_losers_chart(table, "group", "alt")
    assert figure.axes[0].get_title(loc="left") == (
        "0% of reps lose more than 5%; by group, every group gains about the same (+12.5%)"
    )


def test_the_disruption_chart_on_actual_results_speaks_of_facts_not_intervals():
    """On a replay each share is a fact (its interval is the figure itself): the chart
    said "2 of 2 plans clearly keep ..." and "(whiskers: 95% interval)"."""
    frame = pd.DataFrame(
        {
            "plan": ["base", "flat"],
            "losers_pct": [0.0, 11.0],
            "low": [0.0, 11.0],
            "high": [0.0, 11.0],
            "keep_whole_cost": [0.0, 113_705.0],
            "limit": [20.0, 20.0],
            "status": ["pass", "pass"],
        }
    )
    figure = charts.disruption_chart(frame, "base")
    axes = figure.axes[0]
    title = " ".join(axes.get_title(loc="left").split())
    assert title.startswith("2 of 2 plans keep reps losing more than 5% of pay within")
    assert "whiskers" not in axes.get_xlabel() and "clearly" not in title
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["within the limit", "over the limit"]
    # no whisker drawn either (a zero-width one showed as a cap at each bar's end)
    from matplotlib.container import ErrorbarContainer

    assert not [c for c in axes.containers if isinstance(c, ErrorbarContainer)]
    simulated = frame.assign(low=[0.0, 9.0], high=[0.0, 13.0])
    again = charts.disruption_chart(simulated, "base").axes[0]
    assert "whiskers: 95% interval" in again.get_xlabel()
    assert [c for c in again.containers if isinstance(c, ErrorbarContainer)]
