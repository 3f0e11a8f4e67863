"""The keep-whole chart counts its reps in words: the quarterly replay's comparison read
"5,000 CNY for 1 reps"."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd

from salesperf_model.present import charts


def _title(losing: int) -> str:
    by_plan = pd.DataFrame(
        {
            "plan": ["flat", "steep_accelerator"],
            "keep_whole_cost": [0.0, 5_000.0],
            "reps_losing_over_threshold": [0, losing],
            "reps": [4, 4],
        }
    )
    figure = charts.keep_whole_plans_chart(by_plan, "CNY")
    return " ".join(figure.axes[0].get_title(loc="left").split())


def test_one_rep_is_one_rep_and_two_are_reps():
    assert _title(1) == "Steep accelerator needs the largest keep-whole budget: 5,000 CNY for 1 rep"
    assert _title(2).endswith("5,000 CNY for 2 reps")
