"""Parameter keys a sweep or search cannot honour: two spellings of one setting (one
silently overrode the other, and the table labelled points with values never used) and
the simulation's size or seed (a broadcast error, no effect, or a spurious 'significant'
difference labelled 'simulated with the same seed')."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from salesperf_model.cli import main
from salesperf_model.loading import ScenarioError
from salesperf_model.search import optimize, sweep

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SMALL = {"simulations": 3, "reps": 40, "periods": 6, "seed": 11}


def _grid(folder: Path, parameters: dict) -> Path:
    path = folder / "grid.yaml"
    document = {"parameters": parameters, "fixed": {"behaviour.enabled": False}, "sizes": SMALL}
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("pay.commission.tiers.0.rate", "pay.commission.tiers.-3.rate", "the same setting"),
        (
            "pay.bonuses.target_bonus.target_amount.default",
            "pay.bonuses.4.target_amount.default",
            "the same setting",
        ),
    ],
)
def test_two_keys_for_one_setting_are_refused_naming_both(tmp_path, first, second, same):
    value = {"values": [{"from_attainment": 0, "rate": 0.03}]} if second.endswith("0") else None
    grid = _grid(tmp_path, {first: {"values": [0.03, 0.04]}, second: value or {"values": [0.05]}})
    with pytest.raises(ScenarioError) as caught:
        sweep(BASELINE, grid)
    text = str(caught.value)
    assert f"{grid}:" in text and f"parameters.{second}: names {same} as parameters.{first}" in text
    assert "one would silently override the other" in text


def test_the_same_bonus_twice_in_a_search_is_refused(tmp_path):
    search = tmp_path / "search.yaml"
    amount = {"low": 1000, "high": 3000, "step": 1000}
    document = {
        "objective": {"metric": "merit_alignment_pay"},
        "parameters": {
            "pay.bonuses.target_bonus.target_amount.default": amount,
            "pay.bonuses.4.target_amount.default": amount,
        },
        "fixed": {"behaviour.enabled": False},
        "fit": SMALL,
        "check": {**SMALL, "seed": 12},
    }
    search.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"names the same setting as parameters\.pay\.bonuses"):
        optimize(BASELINE, search)


@pytest.mark.parametrize("key, values", [("reps", [50, 60]), ("seed", [1, 2]), ("periods", [6])])
def test_the_simulations_size_or_seed_is_refused_as_a_parameter(tmp_path, capsys, key, values):
    grid = _grid(tmp_path, {f"simulation.{key}": {"values": values}})
    assert main(["sweep", str(BASELINE), str(grid), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"parameters.simulation.{key}: the simulation's size and seed are not a plan" in err
    assert f"expected `sizes: {{{key}: ...}}` in the GRID file" in err
    assert not (tmp_path / "out").exists()
