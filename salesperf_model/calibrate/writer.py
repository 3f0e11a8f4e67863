"""Write the calibrated scenario: a YAML that extends the baseline with the fitted
population, headed by comments on where the fits are, and the full calibration as JSON."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import yaml

from salesperf_model.calibrate.result import Calibration


def _scenario_dict(calibration: Calibration, extends: str, name: str) -> dict[str, Any]:
    """The calibrated scenario as a dict: extends the baseline, sets population and run size."""
    return {
        "extends": extends,
        "name": name,
        "description": (
            f"The baseline plan on a sales force calibrated to {calibration.source}: fitted "
            "deal sizes, win rate, cycle, pipeline and book, seasonality and the lasting "
            "share of between-rep differences."
        ),
        "population": calibration.population,
        "simulation": calibration.simulation,
    }


def _header(calibration: Calibration, path: Path) -> list[str]:
    """The comment lines above the YAML: where it came from, and what is not in it."""
    unmapped = ", ".join(calibration.unmapped)
    return [
        f"# Calibrated by `salesperf calibrate` from {calibration.source}.",
        "# Fitted values only; every other key comes from the extended scenario.",
        "# Estimators, intervals and the quantities with no population field: "
        f"{path.with_suffix('.json').name}.",
        *(
            f"# {line}"
            for line in textwrap.wrap(f"Fitted but not in the population model: {unmapped}.", 96)
        ),
    ]


def write_calibrated_scenario(
    calibration: Calibration,
    path: str | Path,
    *,
    baseline: str | Path = "scenarios/baseline.yaml",
    name: str | None = None,
) -> Path:
    """Write the scenario YAML (and the full calibration as JSON beside it, same stem)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    extends = os.path.relpath(Path(baseline).resolve(), path.resolve().parent)
    data = _scenario_dict(calibration, extends, name or path.stem)
    text = (
        "\n".join(_header(calibration, path))
        + "\n"
        + yaml.safe_dump(data, sort_keys=False, width=100)
    )
    path.write_text(text)
    path.with_suffix(".json").write_text(calibration.to_json())
    return path
