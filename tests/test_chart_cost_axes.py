"""Charts with a cost axis either start it at zero or say "(axis does not start at zero)"
on it, so that a reader never takes a zoomed gap for a proportion."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from salesperf_model.present import charts
from salesperf_model.present.charts.attainment import pay_curve_chart
from salesperf_model.present.charts.money_views import sales_scenarios_chart
from salesperf_model.present.charts.search import search_frontier_chart
from salesperf_model.present.charts.style import ZERO_NOTE

REPLAY = {"baseline": np.array([5_746_941.0]), "combined_reform": np.array([6_744_933.0])}


def _label_and_limits(figure, axis: str = "x") -> tuple[str, float, float]:
    axes = figure.axes[0]
    figure.canvas.draw()
    label = axes.get_xlabel() if axis == "x" else axes.get_ylabel()
    low, high = axes.get_xlim() if axis == "x" else axes.get_ylim()
    plt.close(figure)
    return " ".join(label.split()), low, high


def test_the_note_reads_as_leadership_asked():
    assert ZERO_NOTE == "(axis does not start at zero)"


def test_total_pay_on_actual_results_is_drawn_from_zero_with_each_plan_figure():
    figure = charts.cost_distribution(REPLAY, "baseline", "CNY")
    axes = figure.axes[0]
    texts = [t.get_text() for t in axes.texts]
    label, low, high = _label_and_limits(figure)
    assert low == 0 and high > 6_744_933
    assert ZERO_NOTE not in label
    assert label == "Total pay over the period (million CNY)"
    assert texts == ["5.75 M", "6.74 M"]  # cheapest first, at the top


def test_total_pay_over_simulations_is_zoomed_and_says_so():
    rng = np.random.default_rng(3)
    draws = {"baseline": rng.normal(127e6, 8e6, 200), "steep": rng.normal(119e6, 8e6, 200)}
    label, low, _high = _label_and_limits(charts.cost_distribution(draws, "baseline", "CNY"))
    assert low > 80e6
    assert label.endswith(ZERO_NOTE)


@pytest.mark.parametrize("replay", [True, False])
def test_cost_of_sales_under_sales_scenarios_says_its_axis_does_not_start_at_zero(replay):
    table = pd.DataFrame(
        {
            "plan": ["baseline"] * 3 + ["combined_reform"] * 3,
            "revenue_change_pct": [-10.0, 0.0, 10.0] * 2,
            "cost_of_sales_pct": [8.94, 8.50, 8.16, 10.60, 9.99, 9.53],
        }
    )
    figure = sales_scenarios_chart(table, "baseline", cap=0.12, title="t", replay=replay)
    label, low, _high = _label_and_limits(figure)
    assert 7.5 < low < 8.16
    assert label.endswith(ZERO_NOTE)
    assert ("(on the actual results)" in label) == replay
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend[1] == ("sales as recorded" if replay else "sales as simulated")


def test_pay_by_attainment_starts_at_zero():
    curves = pd.DataFrame(
        {
            "plan": ["baseline"] * 3 + ["steep"] * 3,
            "attainment": [0.5, 1.0, 1.5] * 2,
            "pay_mean": [190e3, 240e3, 281e3, 185e3, 236e3, 330e3],
            "pay_p10": [130e3, 170e3, 200e3] * 2,
            "pay_p90": [280e3, 310e3, 380e3] * 2,
            "reps": [100] * 6,
        }
    )
    figure = pay_curve_chart(curves, "baseline", currency="CNY", title="t")
    figure.canvas.draw()
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    label, low, high = _label_and_limits(figure, "y")
    assert low == 0 and high >= 380e3
    assert ticks[:3] == ["0", "50k", "100k"]  # zero reads as zero, not "0k"
    assert ZERO_NOTE not in label


def test_the_search_frontier_says_when_its_cost_axis_leaves_zero_out():
    evaluations = pd.DataFrame(
        {
            "feasible": [True, False, True],
            "c0_value": [118e6, 131e6, 124e6],
            "objective": [0.41, 0.47, 0.44],
        }
    )
    figure = search_frontier_chart(
        evaluations, objective="pay follows skill", winner=0, cost_label="Total pay (CNY)"
    )
    label, low, _high = _label_and_limits(figure)
    assert low > 100e6 and label == f"Total pay (CNY) {ZERO_NOTE}"
