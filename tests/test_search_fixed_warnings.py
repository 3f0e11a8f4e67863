"""A GRID or SEARCH file's ``fixed`` overrides go through the loader ``--set`` uses, so a
whole mapping they replace names the keys it drops, and the sweep and optimize commands
print the baseline's warnings as ``pay`` does (nothing dropped silently)."""

from __future__ import annotations

from pathlib import Path

import yaml

from salesperf_model.cli import main
from salesperf_model.schema.search import SweepGrid
from salesperf_model.search import load_spec
from salesperf_model.search.points import point_loader

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SMALL = {"simulations": 2, "reps": 30, "periods": 3, "seed": 5}
WHOLE = {1: 1.0}  # the tier-2 and tier-3 multipliers are dropped


def _grid(folder: Path) -> Path:
    path = folder / "grid.yaml"
    document = {
        "fixed": {"behaviour.enabled": False, "pay.base_salary.region_tier_multiplier": WHOLE},
        "parameters": {"pay.commission.tiers.1.rate": {"values": [0.04, 0.05]}},
        "sizes": SMALL,
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_the_baseline_point_carries_the_keys_fixed_dropped(tmp_path: Path) -> None:
    grid = _grid(tmp_path)
    loader = point_loader(BASELINE, grid, load_spec(grid, SweepGrid))
    dropped = [w for w in loader.baseline.warnings() if "drops" in w]
    assert len(dropped) == 1
    assert dropped[0].startswith(
        "pay.base_salary.region_tier_multiplier: the override replaces the whole mapping "
        "and drops 2, 3, which are no longer set (the defaults apply)"
    )


def test_sweep_prints_the_baseline_warnings(tmp_path: Path, capsys) -> None:
    code = main(["sweep", str(BASELINE), str(_grid(tmp_path)), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: pay.base_salary.region_tier_multiplier: the override replaces the whole" in err
