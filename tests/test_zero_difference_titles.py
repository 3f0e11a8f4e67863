"""A chart title names a direction ("less", "below", "gains", "loses", "worse off") only
when the figure it prints has one: a difference that rounds to zero read "costs 0.00 M
CNY less than the baseline (-0.0%)" or "decile 1 least (+0.0%)" on the Maven replay."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from salesperf_model.measure import BANDS
from salesperf_model.present import charts
from salesperf_model.present.charts.change_words import (
    money_change,
    percent_change,
    share_words,
    shown_sign,
)


def _title(figure) -> str:
    """The title as one line (wrap_title breaks it to fit the chart)."""
    axes = figure.axes[0]
    return " ".join(axes.get_title(loc="left").split())


@pytest.mark.parametrize(
    ("value", "digits", "sign"),
    [
        (-0.004, 2, 0),
        (0.004, 2, 0),
        (-0.006, 2, -1),
        (0.049, 1, 0),
        (-0.05001, 1, -1),
        (12.5, 1, 1),
        (0.0, 0, 0),
        (0.4, 0, 0),
        (0.6, 0, 1),
    ],
)
def test_the_shown_sign_is_the_sign_of_the_printed_figure(value, digits, sign):
    assert shown_sign(value, digits) == sign


def test_money_and_percent_changes_that_print_as_zero_take_no_direction():
    words = {"more": "more than the baseline", "less": "less than the baseline"}
    same = "the same as the baseline"
    assert money_change(-490_000, "CNY", **words, same=same) == "0.49 M CNY less than the baseline"
    assert money_change(1_234_567, "CNY", **words, same=same) == "1.23 M CNY more than the baseline"
    assert money_change(-4_999, "CNY", **words, same=same) == (
        "the same as the baseline (to the nearest 10,000 CNY)"
    )
    assert money_change(0.0, "USD", **words, same=same) == (
        "the same as the baseline (to the nearest 10,000 USD)"
    )
    assert percent_change(-8.46) == "-8.5%"
    assert percent_change(0.04) == "less than 0.1%"
    assert percent_change(-0.04) == "less than 0.1%"
    assert percent_change(0.0) == "0.0%"
    assert share_words(77.1) == "77%" and share_words(0.0) == "0%"
    assert share_words(0.3) == "fewer than 1%"


def test_a_plan_costing_the_same_as_the_baseline_is_not_called_cheaper():
    draws = {"baseline": np.array([5.70e6]), "steep": np.array([5.70e6 - 3_000])}
    title = _title(charts.cost_distribution(draws, "baseline"))
    assert title == "Steep costs the same as the baseline (to the nearest 10,000 CNY)"
    assert "less" not in title and "0.00 M" not in title and "-0.0%" not in title


def test_a_small_change_keeps_its_direction_and_says_its_percent_is_under_a_tenth():
    draws = {"baseline": np.array([200e6]), "steep": np.array([200e6 + 60_000])}
    title = _title(charts.cost_distribution(draws, "baseline"))
    assert title == "Steep costs 0.06 M CNY more than the baseline (less than 0.1%)"


def test_a_clear_change_reads_as_before():
    draws = {"baseline": np.array([10e6, 12e6]), "cheaper": np.array([9e6, 11e6])}
    title = _title(charts.cost_distribution(draws, "baseline"))
    assert title == "Cheaper costs 1.00 M CNY less than the baseline (-9.1%)"


def test_the_cheapest_of_several_plans_at_the_baseline_s_cost_is_not_below_it():
    draws = {
        "baseline": np.array([8.000e6]),
        "flat": np.array([7.998e6]),
        "steep": np.array([9.1e6]),
    }
    title = _title(charts.cost_distribution(draws, "baseline"))
    assert title == (
        "Flat is the cheapest plan, at the same cost as the baseline (to the nearest 10,000 CNY)"
    )
    draws["flat"] = np.array([7.51e6])
    title = _title(charts.cost_distribution(draws, "baseline"))
    assert title == "Flat is the cheapest plan, 0.49 M CNY below the baseline"


def _winners(changes: list[float], losers_all: float = 77.0) -> pd.DataFrame:
    """Winners and losers by attainment decile: ``changes`` per decile, then "all"."""
    deciles = [str(i + 1) for i in range(len(changes))]
    table = pd.DataFrame(
        {
            "plan": "steep",
            "attainment_decile": [*deciles, "all"],
            "reps": [4.0] * len(changes) + [4.0 * len(changes)],
            **{band: 0.0 for band in BANDS},
            "pay_change_pct": [*changes, float(np.mean(changes))],
        }
    )
    table["lose > 5%"] = [0.0] * len(changes) + [losers_all]
    return table


def test_a_decile_whose_pay_change_prints_as_zero_keeps_its_pay():
    # the Maven replay: decile 1 (no attainment, base salary only) keeps its pay exactly
    table = _winners([0.0, -11.8, -9.0])
    figure = charts.winners_losers_chart(table, "attainment_decile", "steep", label="decile")
    assert _title(figure) == (
        "77% of reps lose more than 5%; by decile, decile 2 loses most (-11.8%), decile 1 "
        "keeps its pay (to the nearest 0.1%)"
    )
    table = _winners([-0.04, 6.0, 3.0])
    figure = charts.winners_losers_chart(table, "attainment_decile", "steep", label="decile")
    assert _title(figure).endswith(
        "decile 1 keeps its pay (to the nearest 0.1%), decile 2 gains most (+6.0%)"
    )


def test_every_group_alike_at_zero_keeps_its_pay_and_a_share_under_one_percent_is_not_zero():
    table = _winners([0.03, -0.02, 0.01], losers_all=0.3)
    figure = charts.winners_losers_chart(table, "attainment_decile", "steep", label="decile")
    assert _title(figure) == (
        "Fewer than 1% of reps lose more than 5%; by decile, every decile keeps its pay "
        "(to the nearest 0.1%)"
    )


def test_the_disruption_title_says_fewer_than_one_percent_not_zero_worse_off():
    frame = pd.DataFrame(
        {
            "plan": ["flat", "steep"],
            "losers_pct": [0.0, 0.4],
            "low": [0.0, 0.4],
            "high": [0.0, 0.4],
            "limit": [20.0, 20.0],
            "status": ["pass", "pass"],
            "keep_whole_cost": [0.0, 1_200.0],
        }
    )
    title = _title(charts.disruption_chart(frame, "baseline"))
    assert title == (
        "2 of 2 plans keep reps losing more than 5% of pay within the 20% limit; Steep "
        "leaves fewer than 1% worse off"
    )
