"""The validation chart reads a figure in percentage points on its own: a difference of
two shares (0.006) is "0.6" on an axis labelled in points, not the fraction "0.01"; the
page no longer sets the axis after the chart is drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from salesperf_model.present import validation as words
from salesperf_model.present.charts.validation import _axis_format, finding_chart
from salesperf_model.validation import Chart


def test_a_points_axis_formats_differences_of_shares_in_points():
    points = _axis_format("points")
    points.set_locs([-0.004, -0.002, 0.0, 0.002, 0.004, 0.006])
    assert [points(v, i) for i, v in enumerate([-0.004, 0.0, 0.002, 0.006])] == [
        "-0.4",
        "0.0",
        "0.2",
        "0.6",
    ]
    points.set_locs([-0.0025, 0.0025, 0.0075])
    assert points(0.0075, 2) == "0.75"  # the decimals the ticks need, not rounded to 0.8
    alone = _axis_format("points")
    assert alone(0.0062, None) == "0.6" and alone(-0.0004, None) == "0.0"  # never "-0.0"


def _oyer_chart(y_label: str) -> Chart:
    return Chart(
        kind="bars",
        title="Bookings under a quota plus annual bonus",
        y_label=y_label,
        labels=["December", "January"],
        values=[[0.0062], [-0.0036]],
        errors=[[0.0012], [0.0009]],
        unit="points",
    )


def test_the_chart_itself_draws_a_points_axis_in_points():
    figure = finding_chart(_oyer_chart("Change in the month's share\n(percentage points)"))
    axes = figure.axes[0]
    figure.canvas.draw()
    ticks = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    assert "0.0" in ticks and not [t for t in ticks if "%" in t], ticks
    assert 0.6 <= float(ticks[-1]) <= 1.0, ticks  # points, not a fraction (0.008) of a share
    assert axes.get_ylabel() == "Change in the month's share\n(percentage points)"
    plt.close(figure)


def test_a_points_label_that_does_not_say_points_is_given_the_unit():
    figure = finding_chart(_oyer_chart("Change in the month's share"))
    assert figure.axes[0].get_ylabel() == "Change in the month's share\n(percentage points)"
    plt.close(figure)


def test_the_pages_work_around_is_gone():
    assert not hasattr(words, "finding_figure")
