"""Small outcome sets and baseline variants for the commission tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"


def outcomes_of(revenue: np.ndarray, **measures: np.ndarray) -> Outcomes:
    """One simulation, one hunter per row of ``revenue`` (reps, months), booked = collected."""
    reps, months = revenue.shape
    table = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(reps)],
            "role": "new_business",
            "region": "R1",
            "region_tier": 1,
            "team": "T1",
            "group": "",
        }
    )
    arrays = {
        "quota": np.full((1, reps, months), 100_000.0),
        "revenue_booked_new": revenue[None].astype(float),
        "revenue_collected_new": revenue[None].astype(float),
        **{k: np.asarray(v, dtype=float)[None] for k, v in measures.items()},
    }
    return Outcomes(
        reps=table,
        periods=[f"2026-{m + 1:02d}" for m in range(months)],
        measures=arrays,
        source="hand-made",
    )


def scenario_with(**commission) -> Scenario:
    """The baseline without bonuses, with these commission fields."""
    base = load_scenario(BASELINE)
    data = base.model_dump(by_alias=True)
    data["pay"]["commission"].update(commission)
    data["pay"]["bonuses"] = []
    return Scenario.model_validate(data)
