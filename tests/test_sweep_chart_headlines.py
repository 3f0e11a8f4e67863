"""Each sweep parameter chart's headline gives that parameter's own effect: how the
average over the other parameters moves from its lowest to its highest value (a grid of
commission rate by satisfaction threshold put the rate's 2.3 M on the threshold's chart)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd

from salesperf_model.present.charts.search import sweep_parameter_chart

RATE = "pay.commission.tiers.0.rate"
THRESHOLD = "pay.bonuses.satisfaction_award.at_least"


def _grid() -> pd.DataFrame:
    """The g9 grid's four points: the rate adds 2,307,321 CNY, the threshold saves 3,000."""
    cost = [0.0, -3000.0, 2307321.34, 2304321.34]
    fair = [0.0, -0.002, 0.010, 0.008]
    table = pd.DataFrame(
        {RATE: [0.03, 0.03, 0.06, 0.06], THRESHOLD: [90, 95, 90, 95], "total_pay_diff": cost}
    )
    table["merit_alignment_pay_diff"] = fair
    for figure in ("total_pay", "merit_alignment_pay"):
        table[f"{figure}_diff_low"] = table[f"{figure}_diff"] - 100.0
        table[f"{figure}_diff_high"] = table[f"{figure}_diff"] + 100.0
    return table


def _headline(figure) -> str:
    return figure._suptitle.get_text().replace("\n", " ")


def test_the_threshold_chart_says_the_threshold_saves_3000_not_the_rate_s_millions():
    title = _headline(sweep_parameter_chart(_grid(), THRESHOLD, others=(RATE,)))
    assert "from 90 to 95" in title
    assert "falls by 3,000 CNY" in title
    assert "2,307,321" not in title and "2,304,321" not in title
    assert "averaged over the other parameters" in title


def test_the_rate_chart_says_the_rate_adds_its_own_2_3_million():
    title = _headline(sweep_parameter_chart(_grid(), RATE, others=(THRESHOLD,)))
    # (2,307,321 + 2,304,321) / 2 - (0 - 3,000) / 2
    assert "rises by 2,307,321 CNY" in title
    assert "averaged over the other parameters" in title


def test_one_parameter_with_a_repeated_value_claims_no_other_parameters():
    table = _grid().iloc[[0, 2, 0]].assign(**{RATE: [0.035, 0.03, 0.035]})
    figure = sweep_parameter_chart(table, RATE, others=())
    legends = [
        t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    ]
    assert not any("other parameters" in text for text in legends)
    assert "average of the repeated points" in legends
    title = _headline(figure)
    assert "other parameters" not in title
    # from 0.03 (2,307,321) to 0.035 (0): the cost falls
    assert "from 0.03 to 0.035" in title and "falls by 2,307,321 CNY" in title


def test_a_parameter_that_moves_nothing_says_so_without_minus_zero():
    table = _grid().assign(total_pay_diff=[0.0, -0.2, 0.0, -0.2])
    table["total_pay_diff_low"] = table["total_pay_diff"] - 100.0
    table["total_pay_diff_high"] = table["total_pay_diff"] + 100.0
    title = _headline(sweep_parameter_chart(table, THRESHOLD, others=(RATE,)))
    assert "total_pay does not move" in title and "-0" not in title
