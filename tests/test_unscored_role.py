"""A role with seats but no KPI weights is refused when the plan is paid (issue 16's note)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from salesperf_model.engine import UnscoredRoleError, run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.simulate import simulate

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def _without_role_weights(tmp_path: Path, role: str) -> Path:
    """The baseline, written out whole, with ``role``'s block of scoring.weights removed."""
    text = BASELINE.read_text(encoding="utf-8")
    block = re.compile(rf"^    {role}:\n(?:      .*\n)+", re.MULTILINE)
    assert len(block.findall(text)) == 1
    path = tmp_path / "no_account_manager_weights.yaml"
    path.write_text(block.sub("", text), encoding="utf-8")
    return path


def test_role_with_seats_and_no_weights_is_an_error_naming_role_and_file(tmp_path) -> None:
    path = _without_role_weights(tmp_path, "account_manager")
    scenario = load_scenario(path)  # valid: a plan need not score every role
    assert "account_manager" not in scenario.scoring.weights
    outcomes = simulate(scenario.population, scenario.simulation, reps=40, periods=3, simulations=1)
    seats = int((outcomes.reps["role"] == "account_manager").sum())
    assert seats > 0
    with pytest.raises(UnscoredRoleError) as raised:
        run_plan(outcomes, scenario)
    message = str(raised.value)
    assert str(path) in message
    assert "account_manager" in message
    assert f"{seats} seat" in message
    assert "scoring.weights" in message


def test_role_without_seats_needs_no_weights() -> None:
    scenario = load_scenario(BASELINE)
    outcomes = simulate(scenario.population, scenario.simulation, reps=40, periods=3, simulations=1)
    assert "equity_sales" not in set(outcomes.reps["role"])  # weighted, but no seats: fine
    trimmed = scenario.scoring.model_copy(
        update={
            "weights": {r: w for r, w in scenario.scoring.weights.items() if r != "equity_sales"}
        }
    )
    run_plan(outcomes, scenario.model_copy(update={"scoring": trimmed}))
