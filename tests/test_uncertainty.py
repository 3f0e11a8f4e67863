"""Monte Carlo uncertainty on levels, differences and the frontier: better / worse and
dominance only outside the 95% paired interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesperf_model import measure
from salesperf_model.measure.frontier import frontier
from salesperf_model.measure.statistics import paired_difference, standard_error


def test_paired_interval_hand_values() -> None:
    diff = paired_difference(np.array([110.0, 230.0, 150.0]), np.array([100.0, 200.0, 150.0]))
    # differences 10, 30, 0: mean 40/3, sd 15.275, se 8.819; with 3 simulations the 95%
    # half-width is t(2) = 4.3027 standard errors = 37.946, not the normal's 1.96 (17.285):
    # three draws' own spread is itself uncertain
    assert diff["difference_se"] == pytest.approx(8.8192, abs=1e-4)
    assert diff["difference_low"] == pytest.approx(40 / 3 - 37.946, abs=1e-3)
    assert diff["difference_high"] == pytest.approx(40 / 3 + 37.946, abs=1e-3)
    one = paired_difference(np.array([5.0]), np.array([2.0]))
    assert one["difference_low"] == one["difference_high"] == 3.0  # real data: no MC error


def test_standard_error_of_levels() -> None:
    draws = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, np.nan]])
    assert standard_error(draws)[0] == pytest.approx(2.0 / np.sqrt(3))
    assert standard_error(draws)[1] == 0.0
    assert standard_error(np.array([[7.0]]))[0] == 0.0


def test_better_only_outside_the_interval() -> None:
    base = pd.DataFrame({"total_pay": [100.0, 200.0, 300.0]})
    noisy = pd.DataFrame({"total_pay": [110.0, 190.0, 305.0]})  # +10, -10, +5: within noise
    clear = pd.DataFrame({"total_pay": [110.0, 211.0, 309.0]})  # +10, +11, +9: clearly dearer
    table = measure.compare_draws({"base": base, "noisy": noisy, "clear": clear}, "base")
    table = table.set_index(["plan", "metric"])
    assert table.loc[("noisy", "total_pay"), "difference"] == pytest.approx(5 / 3)
    assert table.loc[("noisy", "total_pay"), "better"] is None
    assert table.loc[("clear", "total_pay"), "better"] is False
    assert table.loc[("clear", "total_pay"), "difference_low"] > 0


def test_summary_carries_the_standard_error_of_each_level() -> None:
    summary = measure.summarize_plans({"a": pd.DataFrame({"total_pay": [1.0, 3.0, 5.0]})})
    assert summary["mean_se"].iloc[0] == pytest.approx(2.0 / np.sqrt(3))
    assert list(summary.columns[5:8]) == ["mean", "mean_se", "p5"]


def test_frontier_dominance_only_when_significant() -> None:
    rng = np.random.default_rng(3)
    common = rng.normal(1000.0, 50.0, 40)
    merit = rng.normal(0.5, 0.05, 40)
    cost_noise = rng.normal(0, 5, 40)
    merit_noise = rng.normal(0, 0.01, 40)
    cost_noise -= cost_noise.mean()
    merit_noise -= merit_noise.mean()
    draws = {
        "a": pd.DataFrame({"total_pay": common, "merit_alignment_pay": merit}),
        # a hair cheaper and fairer in the means, well within the paired noise
        "b": pd.DataFrame(
            {
                "total_pay": common - 0.1 + cost_noise,
                "merit_alignment_pay": merit + 0.0001 + merit_noise,
            }
        ),
        # clearly dearer and no fairer than a
        "c": pd.DataFrame({"total_pay": common + 100.0, "merit_alignment_pay": merit}),
    }
    summary = measure.summarize_plans(draws)
    by_means = frontier(summary).set_index("plan")
    significant = frontier(summary, draws=draws).set_index("plan")
    assert by_means.loc["a", "dominated_by"] == "b"  # on means alone b beats a
    assert significant.loc["a", "on_frontier"] and significant.loc["b", "on_frontier"]
    assert not significant.loc["c", "on_frontier"]
    assert significant.loc["a", "dominated_by"] == ""  # not beyond the noise
    assert significant.loc["c", "dominated_by"] == "a, b"


@pytest.mark.parametrize(
    ("n", "factor"), [(2, 12.706), (3, 4.303), (20, 2.093), (200, 1.972), (100_000, 1.960)]
)
def test_the_half_width_is_students_t_for_the_number_of_simulations(n, factor) -> None:
    from salesperf_model.measure.statistics import half_width_factor

    assert half_width_factor(n) == pytest.approx(factor, abs=1e-3)
    assert half_width_factor(1) == 0.0  # one set of results: no Monte Carlo error


def test_two_simulations_that_agree_by_chance_are_not_a_clear_difference() -> None:
    # differences 1.0 and 1.2: with the normal factor the interval (0.904, 1.296) looked
    # clear of zero; t(1) = 12.7 standard errors make it (-0.17, 2.37)
    diff = paired_difference(np.array([11.0, 21.2]), np.array([10.0, 20.0]))
    assert diff["difference_low"] < 0 < diff["difference_high"]
