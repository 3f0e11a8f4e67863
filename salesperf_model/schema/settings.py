"""The `simulation:` section (run size, months, seed) and the one default seed."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from salesperf_model.schema.base import Section, unit

#: The one default root seed: every door (CLI, notebooks, calibration) starts from it.
DEFAULT_SEED = 20261123


class SimulationSettings(Section):
    """How big a Monte Carlo run is and how it is seeded."""

    reps: int = Field(
        500,
        ge=1,
        description="Seats (reps) in the simulated sales force.",
        json_schema_extra=unit("reps"),
    )
    periods: int = Field(
        12, ge=1, le=120, description="Months simulated.", json_schema_extra=unit("months")
    )
    simulations: int = Field(
        200, ge=1, description="Monte Carlo simulations.", json_schema_extra=unit("simulations")
    )
    seed: int = Field(
        DEFAULT_SEED, ge=0, description="Root seed: one seed reproduces a run bit for bit."
    )
    start_period: str = Field(
        "2026-01",
        description="First simulated month, 'YYYY-MM'; period labels count on from it and "
        "seasonality follows the calendar month.",
        json_schema_extra=unit("month"),
    )

    @field_validator("start_period")
    @classmethod
    def _month(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise ValueError(f"start_period {value!r} is not a month like '2026-01'")
        return value
