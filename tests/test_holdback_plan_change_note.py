"""A holdback in a plan that dated changes move reps out of is said, not silently lost:
each part of the year is paid on its own months, so what was held back before a rep's
change is released in none of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
MOVE = "pay_changes=[{from: '2026-07', plan: baseline.yaml, roles: [new_business]}]"


def _notes(scenario) -> list[str]:
    return [w for w in scenario.warnings() if "held back" in w]


def test_a_plan_with_a_holdback_left_at_a_dated_change_is_warned_of():
    scenario = load_scenario(SCENARIOS / "plan_mechanics.yaml", [MOVE])
    (note,) = _notes(scenario)
    assert note.startswith("pay.holdback: a rep moved to another plan by pay_changes")
    assert "neither released after the change nor counted as forfeited" in note


def test_no_note_without_a_change_or_without_a_holdback():
    assert _notes(load_scenario(SCENARIOS / "plan_mechanics.yaml")) == []
    assert _notes(load_scenario(SCENARIOS / "mid_year_change.yaml")) == []
    assert _notes(load_scenario(SCENARIOS / "baseline.yaml", [MOVE])) == []


def test_the_note_says_what_the_engine_does_the_held_months_are_never_released():
    """The three months held before July (April to June) release nothing in July to
    September for the moved reps: their holdback there is exactly zero, while the reps
    who stay see releases; the note reaches the paid result's warnings."""
    scenario = load_scenario(SCENARIOS / "plan_mechanics.yaml", [MOVE])
    outcomes = simulate(scenario.population, reps=60, periods=12, simulations=2, seed=3)
    result = run_plan(outcomes, scenario)
    holdback = result.payouts["holdback"]
    moved = outcomes.reps["role"].to_numpy() == "new_business"
    assert (holdback[:, moved, 3:6] < 0).any(), "commission was held before the change"
    assert np.all(holdback[:, moved, 6:] == 0.0)
    assert (holdback[:, ~moved, 6:9] > 0).any(), "the others' holds are released"
    assert any("held back" in w for w in result.warnings)
