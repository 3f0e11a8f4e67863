"""Charts on actual results (a replay) show and say facts: the pay reps meet at each
attainment is drawn from the attainment bands with each band's number of reps (on the
Maven CRM replay, 35 reps, no 10% bin held the 30 rep-simulations the simulated curve
needs and the page showed an empty chart under a title quoting figures), a chart that
cannot be drawn gives way to one plain sentence, and no axis speaks of means over
simulations."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from salesperf_model.present.charts.attainment import (
    MIN_REPS,
    MIN_REPS_ON_ACTUALS,
    pay_curve_chart,
    pay_view,
)
from salesperf_model.present.charts.cost import cost_components_chart

LABELS = ["under 50%", "50% to 80%", "80% to 100%", "100% to 120%", "120% to 150%", "150% or more"]
LOWS = [np.nan, 0.5, 0.8, 1.0, 1.2, 1.5]


def _bands(reps: list[float], pay: dict[str, list[float]]) -> pd.DataFrame:
    """``present.sales_views.attainment_table`` of one set of actual results."""
    frames = []
    for plan, values in pay.items():
        frames.append(
            pd.DataFrame(
                {
                    "plan": plan,
                    "band": LABELS,
                    "low": LOWS,
                    "high": [*LOWS[1:], np.nan],
                    "reps_pct": 100.0 * np.array(reps) / sum(reps),
                    "reps": reps,
                    "pay_per_rep": values,
                    "variable_pay_per_rep": np.array(values) - 90_000.0,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


#: The Maven CRM replay: 35 reps, Current plan and Steep accelerator (CNY a year).
MAVEN = _bands(
    [6, 6, 9, 7, 4, 3],
    {
        "baseline": [96_706.92, 140_730.55, 152_287.44, 173_685.28, 198_380.07, 314_137.21],
        "steep_accelerator": [
            93_586.97,
            125_092.94,
            139_541.57,
            158_006.87,
            188_146.67,
            278_012.47,
        ],
    },
)


def _curves(reps: int) -> pd.DataFrame:
    """``present.sales_views.pay_curve_table``: 10% bins, ``reps`` rep-simulations each."""
    attainment = np.round(np.arange(0.05, 2.0, 0.1), 2)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "plan": plan,
                    "attainment": attainment,
                    "reps": reps,
                    "pay_p10": 1e5,
                    "pay_median": 2e5,
                    "pay_p90": 3e5,
                    "pay_mean": 1e5 + (1e5 if plan == "baseline" else 1.5e5) * attainment,
                }
            )
            for plan in ("baseline", "steep_accelerator")
        ],
        ignore_index=True,
    )


def _texts(figure) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in figure.texts)


def test_on_the_maven_replay_pay_is_drawn_by_attainment_band_with_its_reps():
    figure, finding = pay_view(_curves(3), MAVEN, "baseline", currency="CNY", replay=True)
    assert figure is not None
    axes = figure.axes[0]
    drawn = {line.get_label(): line for line in axes.lines if not line.get_label().startswith("_")}
    assert list(drawn) == ["Baseline", "Steep accelerator"]
    assert np.allclose(
        np.asarray(drawn["Baseline"].get_ydata(), dtype=float),
        MAVEN.loc[MAVEN["plan"] == "baseline", "pay_per_rep"],
    )
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert ticks == [
        "under 50%\n6 reps",
        "50% to 80%\n6 reps",
        "80% to 100%\n9 reps",
        "100% to 120%\n7 reps",
        "120% to 150%\n4 reps",
        "150% or more\n3 reps",
    ]
    assert finding == (
        "Under Baseline, the 7 reps at 100% to 120% of quota earn 173,685 CNY a year on "
        "average, the 3 at 150% or more 314,137 CNY (x1.81); Steep accelerator: x1.76"
    )
    assert " ".join(axes.get_title(loc="left").split()) == finding
    caption = _texts(figure)
    assert "actual results" in caption and "simulation" not in caption
    assert f"fewer than {MIN_REPS_ON_ACTUALS} reps are left out" in caption
    assert axes.get_ylim()[0] == 0


def test_a_band_of_one_or_two_reps_is_left_out_and_never_quoted():
    bands = _bands(
        [6, 6, 9, 7, 2, 1],
        {
            "baseline": [96e3, 140e3, 152e3, 173e3, 198e3, 360e3],
            "steep": [93e3, 125e3, 139e3, 158e3, 188e3, 307e3],
        },
    )
    figure, finding = pay_view(_curves(3), bands, "baseline", currency="CNY", replay=True)
    line = next(line for line in figure.axes[0].lines if line.get_label() == "Baseline")
    assert len(np.asarray(line.get_ydata())[np.isfinite(line.get_ydata())]) == 4
    assert "360,000" not in finding and "198,000" not in finding
    # the highest band drawn is at quota itself: the lowest and the highest drawn bands
    assert finding == (
        "Under Baseline, the 6 reps under 50% of quota earn 96,000 CNY a year on average, "
        "the 7 at 100% to 120% 173,000 CNY (x1.80); Steep: x1.70"
    )


def test_with_no_band_of_three_reps_there_is_no_chart_but_one_plain_sentence():
    bands = _bands([1, 2, 0, 1, 0, 0], {"baseline": [96e3, 140e3, np.nan, 173e3, np.nan, np.nan]})
    figure, finding = pay_view(_curves(1), bands, "baseline", currency="CNY", replay=True)
    assert figure is None
    assert finding == (
        "Pay by attainment is not drawn: no band of attainment holds 3 reps or more under "
        "Baseline (4 reps in all), and a point for one or two reps would show a person's pay"
    )


def test_simulated_runs_keep_the_10pct_curve_its_title_and_the_30_rep_simulation_rule():
    curves = _curves(500)
    figure, finding = pay_view(curves, MAVEN, "baseline", currency="CNY", replay=False)
    assert finding == (
        "Under Baseline, reps at 100-110% of quota earn 205,000 CNY a year on average, at "
        "150-160% 255,000 CNY (x1.24); Steep accelerator: x1.29"
    )
    same = pay_curve_chart(curves, "baseline", currency="CNY", title=finding)
    assert [line.get_label() for line in figure.axes[0].lines] == [
        line.get_label() for line in same.axes[0].lines
    ]
    assert f"fewer than {MIN_REPS} rep-simulations are left out" in _texts(figure)
    sparse, words = pay_view(_curves(MIN_REPS - 1), MAVEN, "baseline", currency="CNY", replay=False)
    assert sparse is None
    assert words == (
        "Pay by attainment is not drawn: no 10% band of attainment holds 30 rep-simulations "
        "or more under Baseline; more simulations would fill it"
    )


@pytest.mark.parametrize("replay", [False, True])
def test_pay_by_component_is_a_mean_only_over_simulations(replay):
    table = pd.DataFrame(
        {
            "plan": ["baseline"] * 3 + ["steep"] * 3,
            "component": ["base_salary", "commission", "total"] * 2,
            "mean": [3.15e6, 2.55e6, 5.70e6, 3.15e6, 2.06e6, 5.21e6],
        }
    )
    figure = cost_components_chart(table, ["baseline", "steep"], "baseline", replay=replay)
    label = figure.axes[0].get_xlabel()
    if replay:
        assert label == "Total pay over the period on the actual results (million CNY)"
    else:
        assert label == "Mean total pay over the period (million CNY)"


def test_no_ratio_against_a_band_that_is_paid_nothing():
    """A commission-only plan pays the reps under 50% of quota nothing: no 'x inf'."""
    bands = _bands(
        [6, 6, 9, 7, 2, 1],
        {
            "baseline": [0.0, 40e3, 52e3, 73e3, 98e3, 260e3],
            "steep": [0.0, 25e3, 39e3, 58e3, 88e3, 207e3],
        },
    )
    _figure, finding = pay_view(_curves(3), bands, "baseline", currency="CNY", replay=True)
    assert finding == (
        "Under Baseline, the 6 reps under 50% of quota earn 0 CNY a year on average, the 7 at "
        "100% to 120% 73,000 CNY"
    )


def test_the_simulated_title_quotes_only_bins_the_chart_draws():
    # the 150-160% bin holds 10 rep-simulations: left off the chart, so not quoted either;
    # the nearest drawn bin above (160-170%) stands in, named
    curves = _curves(500)
    curves.loc[curves["attainment"].round(2) == 1.55, "reps"] = 10
    _figure, finding = pay_view(curves, MAVEN, "baseline", currency="CNY", replay=False)
    assert "150-160%" not in finding
    assert finding.startswith(
        "Under Baseline, reps at 100-110% of quota earn 205,000 CNY a year on average, at "
        "160-170% 265,000 CNY"
    )
