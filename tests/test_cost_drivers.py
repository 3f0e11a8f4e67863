"""What drives a plan's cost change, said with the components' before and after."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from salesperf_model.present.cost_drivers import component_changes, cost_driver_sentence


def _run(rows: list[tuple[str, str, float]]) -> SimpleNamespace:
    table = pd.DataFrame(rows, columns=["plan", "component", "mean"])
    return SimpleNamespace(baseline="base", tables={"cost_by_component": table})


def test_one_bonus_jumping_is_named_with_its_before_and_after():
    """The issue's real-data case: a +17.7% cost driven by one bonus, unexplained."""
    run = _run(
        [
            ("base", "base_salary", 4_000_000.0),
            ("base", "commission", 1_525_000.0),
            ("base", "bonus_team_award", 39_400.0),
            ("base", "total", 5_564_400.0),
            ("real", "base_salary", 4_000_000.0),
            ("real", "commission", 1_525_000.0),
            ("real", "bonus_team_award", 1_024_200.0),
            ("real", "total", 6_549_200.0),
        ]
    )
    changes = component_changes(run, "real")
    assert changes["component"].tolist()[0] == "bonus_team_award"
    assert changes["change"].tolist()[0] == 984_800.0
    assert cost_driver_sentence(run, "real", "CNY") == (
        "Real: most of its +17.7% in pay is the team award bonus (39,400 CNY -> 1.02 M CNY)"
    )
    assert cost_driver_sentence(run, "base", "CNY") is None


def test_a_component_only_one_plan_pays_counts_zero_for_the_other_and_small_ones_are_spread():
    run = _run(
        [
            ("base", "commission", 100.0),
            ("base", "bonus_new", 0.0),
            ("spread", "commission", 100.0),
            ("spread", "bonus_a", 1.0),
            ("spread", "bonus_b", 1.0),
            ("spread", "bonus_c", 1.0),
            ("spread", "bonus_d", 1.0),
            ("spread", "bonus_e", 1.0),
        ]
    )
    assert cost_driver_sentence(run, "spread", "CNY") == (
        "Spread's +5.0% is spread over many pay components, none a quarter of it"
    )
    assert set(component_changes(run, "spread")["component"]) == {
        "commission", "bonus_new", "bonus_a", "bonus_b", "bonus_c", "bonus_d", "bonus_e"
    }  # fmt: skip
