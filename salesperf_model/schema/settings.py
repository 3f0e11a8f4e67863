"""The `simulation:` section (run size, months, seed) and the one default seed."""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from salesperf_model.outcomes import MEASURES, TRUTH
from salesperf_model.schema.base import Section, unit

#: The one default root seed: every door (CLI, notebooks, calibration) starts from it.
DEFAULT_SEED = 20261123

#: Bytes the simulated outcomes take per rep, month and simulation: one float64 per
#: measure and per hidden truth variable.
BYTES_PER_CELL = 8 * (len(MEASURES) + len(TRUTH))
#: Most memory the outcome arrays of one run may take (16 GiB); a bigger run is refused
#: before anything is allocated, with the estimate.
MAX_OUTCOME_BYTES = 16 * 2**30


def _bytes(count: float) -> str:
    """A byte count in words: '873 TiB', '1.5 GiB'."""
    for unit_name, size in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if count >= size:
            return (
                f"{count / size:,.3g} {unit_name}"
                if count < 100 * size
                else f"{count / size:,.0f} {unit_name}"
            )
    return f"{count:,.0f} bytes"


def size_problem(reps: int, periods: int, simulations: int) -> str | None:
    """Why a run of this size does not fit in memory, with the estimate; None if it fits."""
    needed = reps * periods * simulations * BYTES_PER_CELL
    if needed <= MAX_OUTCOME_BYTES:
        return None
    one = reps * periods * BYTES_PER_CELL
    fit = MAX_OUTCOME_BYTES // one
    if fit == 0:
        return (
            f"{reps:,} reps x {periods:,} months needs about {_bytes(one)} for the outcomes of"
            f" even one simulation ({BYTES_PER_CELL} bytes per rep, month and simulation),"
            f" more than {_bytes(MAX_OUTCOME_BYTES)}; at most"
            f" {MAX_OUTCOME_BYTES // (periods * BYTES_PER_CELL):,} reps fit"
        )
    return (
        f"{reps:,} reps x {periods:,} months x {simulations:,} simulations needs about"
        f" {_bytes(needed)} for the outcomes ({BYTES_PER_CELL} bytes per rep, month and"
        f" simulation); at most {fit:,} simulations of that size fit in"
        f" {_bytes(MAX_OUTCOME_BYTES)}"
    )


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
        200,
        ge=1,
        description="Monte Carlo simulations. reps x periods x simulations is limited by memory:"
        f" the outcomes take {BYTES_PER_CELL} bytes per rep, month and simulation, at most"
        f" {MAX_OUTCOME_BYTES // 2**30} GiB.",
        json_schema_extra=unit("simulations"),
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

    @model_validator(mode="after")
    def _fits(self) -> SimulationSettings:
        problem = size_problem(self.reps, self.periods, self.simulations)
        if problem is not None:
            raise ValueError(problem)
        return self

    @field_validator("start_period")
    @classmethod
    def _month(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise ValueError(f"start_period {value!r} is not a month like '2026-01'")
        return value
