"""The labels audit, charts: plans by their titles and components in words on every axis
and legend, tick labels that neither run together nor round 0.025 to 0.03, panel
subtitles that do not collide, a frontier zoomed to its points with its legend off the
plot and every plan told apart, and no point resting on a handful of rep-simulations."""

from __future__ import annotations

import itertools
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from salesperf_model.present import charts
from salesperf_model.present.plan_titles import set_plan_titles

SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
TITLES = {
    "baseline": "Current plan",
    "steep_accelerator": "Steep accelerator",
    "big_account_coefficient": "Difficulty coefficients",
    "plan_mechanics": "Windfall carve-out with holdback, SPIF and NPS gate",
}


@pytest.fixture(autouse=True)
def titles():
    set_plan_titles(TITLES)
    yield TITLES
    set_plan_titles({})


def _texts(figure) -> str:
    """Every piece of text drawn in the figure: titles, tick labels, legends, captions."""
    figure.canvas.draw()
    return " | ".join(t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text())


def _regions() -> pd.DataFrame:
    rows = []
    plans = (("baseline", 0.0), ("big_account_coefficient", 3.0), ("steep_accelerator", -2.0))
    for plan, change in plans:
        for region, extra in (("Beijing", 0.0), ("Ganzhou", 4.0), ("all", 1.0)):
            rows.append(
                {
                    "plan": plan,
                    "region": region,
                    "pay": 100.0,
                    "cost_of_sales_pct": 11.0 + extra / 4,
                    "pay_change_pct": change + (extra if plan != "baseline" else 0.0),
                }
            )
    return pd.DataFrame(rows)


def test_the_region_heat_map_names_plans_by_title():
    from salesperf_model.present.charts.regions import region_heat_chart

    figure = region_heat_chart(_regions(), "baseline", title="Regions")
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels == ["Difficulty coefficients", "Steep accelerator"]
    text = _texts(figure)
    assert "Current plan" in text and not SNAKE.findall(text), SNAKE.findall(text)


def test_the_region_cost_chart_names_plans_by_title():
    from salesperf_model.present.charts.regions import region_cost_chart

    figure = region_cost_chart(
        _regions(), "steep_accelerator", "baseline", cap=0.12, title="Cost by region"
    )
    text = _texts(figure)
    assert "Steep accelerator" in text and "Current plan" in text
    assert not SNAKE.findall(text), SNAKE.findall(text)


def test_the_region_cost_chart_on_actual_results_says_so_not_mean_over_simulations():
    from salesperf_model.present.charts.regions import region_cost_chart

    kwargs = {"cap": 0.12, "title": "Cost by region"}
    real = region_cost_chart(_regions(), "steep_accelerator", "baseline", replay=True, **kwargs)
    assert real.axes[0].get_xlabel().endswith("(the actual results)")
    simulated = region_cost_chart(_regions(), "steep_accelerator", "baseline", **kwargs)
    assert simulated.axes[0].get_xlabel().endswith("(mean over simulations)")


def test_the_component_chart_names_components_in_words():
    components = ["base_salary", "commission", "spif_q2_new_logos", "modifier_satisfaction"]
    table = pd.DataFrame(
        {
            "plan": ["baseline"] * 4 + ["steep_accelerator"] * 4,
            "component": components * 2,
            "mean": [60e6, 50e6, 0.0, 0.0, 60e6, 52e6, 0.4e6, -1.4e6],
        }
    )
    figure = charts.cost_components_chart(table, ["baseline", "steep_accelerator"], "baseline")
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "Q2 new logos SPIF" in legend and "Satisfaction payout modifier" in legend
    assert "Base salary" in legend
    text = _texts(figure)
    assert not SNAKE.findall(text) and "spif q2" not in text.lower(), text


def _tick_labels(axes, axis: str = "x") -> list[str]:
    axes.figure.canvas.draw()
    ticks = axes.get_xticklabels() if axis == "x" else axes.get_yticklabels()
    low, high = axes.get_xlim() if axis == "x" else axes.get_ylim()
    return [
        t.get_text()
        for t in ticks
        if t.get_text() and low <= (t.get_position()[0 if axis == "x" else 1]) <= high
    ]


def _overlapping(axes) -> bool:
    """Whether any two visible x tick labels overlap (with 4 pixels to spare)."""
    figure = axes.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = sorted(
        (t.get_window_extent(renderer) for t in axes.get_xticklabels() if t.get_text()),
        key=lambda box: box.x0,
    )
    return any(a.x1 + 4 > b.x0 for a, b in itertools.pairwise(boxes))


def test_money_ticks_use_only_the_decimals_they_need_and_never_run_together():
    rng = np.random.default_rng(3)
    draws = {
        "baseline": rng.normal(127e6, 8e6, 200),
        "steep_accelerator": rng.normal(119e6, 8e6, 200),
        "big_account_coefficient": rng.normal(140e6, 6e6, 200),
    }
    figure = charts.cost_distribution(draws, "baseline", "CNY", budget=130e6)
    figure.set_size_inches(6.5, figure.get_figheight())  # as narrow as a report column
    axes = figure.axes[0]
    labels = _tick_labels(axes)
    assert 3 <= len(labels) <= 7, labels
    assert all(re.fullmatch(r"\d+ M", label) for label in labels), labels
    assert not _overlapping(axes)


def test_the_millions_formatter_keeps_decimals_only_where_ticks_differ_in_them():
    from salesperf_model.present.charts.style import millions_axis

    formatter = millions_axis()
    formatter.set_locs([1.0e6, 1.25e6, 1.5e6])
    assert [formatter(v, i) for i, v in enumerate([1.0e6, 1.25e6, 1.5e6])] == [
        "1.00 M",
        "1.25 M",
        "1.50 M",
    ]
    formatter.set_locs([115e6, 120e6, 125e6])
    assert formatter(120e6, 1) == "120 M"


def test_validation_ticks_are_never_rounded_into_other_numbers():
    from salesperf_model.present.charts.validation import _axis_format

    share = _axis_format("share")
    share.set_locs([-0.125, -0.075, -0.025, 0.025])
    assert [share(v, i) for i, v in enumerate([-0.125, -0.075, -0.025, 0.025])] == [
        "-12.5%",
        "-7.5%",
        "-2.5%",
        "2.5%",
    ]
    share.set_locs([-0.1, -0.05, 0.0, 0.05])
    assert [share(v, i) for i, v in enumerate([-0.1, -0.05, 0.0, 0.05])] == [
        "-10%",
        "-5%",
        "0%",
        "5%",
    ]
    number = _axis_format("correlation")
    number.set_locs([0.025, 0.075, 0.125])
    assert [number(v, i) for i, v in enumerate([0.025, 0.075, 0.125])] == [
        "0.025",
        "0.075",
        "0.125",
    ]


def _comparison(plans: list[str]) -> pd.DataFrame:
    rows = []
    for i, plan in enumerate(plans):
        for metric, base, value in (
            ("merit_alignment_pay", 0.49, 0.47 + 0.004 * i),
            ("luck_share", 44.4, 45.0 + i),
            ("gender_pay_gap_mean", 1.5, 1.0 - 0.2 * i),
            ("false_c_rate", 12.0, 11.0 + 0.1 * i),
            ("total_pay", 127e6, 115e6 + 2e6 * i),
        ):
            rows.append(
                {
                    "plan": plan,
                    "metric": metric,
                    "baseline": base,
                    "alternative": value,
                    "difference": value - base,
                    "difference_low": value - base - 0.001 * abs(base),
                    "difference_high": value - base + 0.001 * abs(base),
                }
            )
    return pd.DataFrame(rows)


def test_the_fairness_panel_says_it_shows_lucks_share_and_subtitles_do_not_collide():
    from salesperf_model.present.charts.fairness import FAIRNESS_PANELS

    labels = dict(FAIRNESS_PANELS)
    assert labels["luck_share"].startswith("Luck's share of pay differences")
    assert "due to territory luck" not in labels["luck_share"]
    plans = ["steep_accelerator", "plan_mechanics"]
    figure = charts.fairness_chart(_comparison(plans), "baseline", plans, title="Fairness")
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for row in (0, 2):  # the panels' subtitles are left-aligned titles
        left, right = figure.axes[row], figure.axes[row + 1]
        left_box = left._left_title.get_window_extent(renderer)
        right_box = right._left_title.get_window_extent(renderer)
        assert left_box.x1 < right_box.x0, (left._left_title.get_text(), right_box)


def _frontier(n: int) -> tuple[pd.DataFrame, list[str]]:
    plans = ["baseline", *(f"plan_{i}" for i in range(1, n))]
    frontier = pd.DataFrame(
        {
            "plan": plans,
            "cost_metric": "total_pay",
            "cost": np.linspace(115e6, 145e6, n),
            "fairness_metric": "merit_alignment_pay",
            "fairness": 0.46 + 0.06 * np.sin(np.arange(n)) ** 2,
            "on_frontier": [i in (0, 1) for i in range(n)],
        }
    )
    return frontier, plans


def test_a_crowded_frontier_zooms_to_its_points_and_keeps_its_legend_off_the_plot():
    frontier, plans = _frontier(15)
    figure = charts.frontier_chart(frontier, "baseline", comparison=_comparison(plans))
    axes = figure.axes[0]
    low, high = axes.get_ylim()
    assert 0.40 < low < 0.46 and 0.52 < high < 0.58, (low, high)
    assert "does not start at zero" in axes.get_ylabel() + axes.get_xlabel()
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legend = figure.legends[0] if figure.legends else axes.get_legend()
    assert legend.get_window_extent(renderer).y1 < axes.get_window_extent(renderer).y0


def test_no_two_plans_on_a_crowded_frontier_look_alike():
    frontier, _plans = _frontier(15)
    figure = charts.frontier_chart(frontier, "baseline")
    axes = figure.axes[0]
    looks = []
    for collection in axes.collections:
        colour = tuple(np.round(collection.get_edgecolor()[0], 3))
        marker = collection.get_paths()[0].vertices.round(3).tobytes()
        looks.append((colour, marker))
    assert len(looks) == 15 and len(set(looks)) == 15
    labels = [t.get_text() for t in axes.texts]  # each point carries its number
    assert sorted(labels, key=int) == [str(i) for i in range(1, 16)]


def test_the_frontier_caption_promises_only_lines_it_draws():
    frontier, plans = _frontier(3)
    figure = charts.frontier_chart(frontier, "baseline")  # no comparison: no intervals
    caption = " ".join(t.get_text() for t in figure.texts)
    assert "Lines: 95% interval" not in caption
    figure = charts.frontier_chart(frontier, "baseline", comparison=_comparison(plans))
    caption = " ".join(t.get_text() for t in figure.texts)
    assert "95% interval" in caption


def test_the_pay_curve_leaves_out_bins_with_too_few_rep_simulations():
    from salesperf_model.present.charts.attainment import MIN_REPS, pay_curve_chart

    attainment = np.round(np.arange(0.05, 2.0, 0.1), 2)
    reps = np.full(len(attainment), 500)
    reps[0], reps[1] = 1, 3
    curves = pd.concat(
        [
            pd.DataFrame(
                {
                    "plan": plan,
                    "attainment": attainment,
                    "reps": reps,
                    "pay_p10": 1e5,
                    "pay_median": 2e5,
                    "pay_mean": 2e5 + 1e5 * attainment + (9e5 if plan == "baseline" else 0),
                    "pay_p90": 3e5,
                }
            )
            for plan in ("baseline", "steep_accelerator")
        ]
    )
    figure = pay_curve_chart(curves, "baseline", currency="CNY", title="Pay")
    axes = figure.axes[0]
    for line in axes.lines:
        xs = np.asarray(line.get_xdata(), dtype=float)
        if len(xs) > 2:
            assert xs.min() > 0.2, xs
    assert f"fewer than {MIN_REPS}" in _texts(figure)
    legend = axes.get_legend() or figure.legends[0]
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 < axes.get_window_extent(renderer).y0 + 1


def test_the_commission_curve_title_says_it_is_before_customer_factors():
    from salesperf_model.present.charts.payout import _payout_title

    table = pd.DataFrame(
        {
            "attainment": [1.0, 1.5],
            "baseline": [3000.0, 5000.0],
            "steep_accelerator": [3000.0, 7000.0],
            "big_account_coefficient": [3000.0, 5000.0],
        }
    )
    title = _payout_title(table, list(table.columns[1:]), "baseline")
    assert "Steep accelerator" in title and "before" in title
