"""Scenario sections that describe the simulated sales force (`population:`) and the
run size (`simulation:`). Owned by the simulation work; the plan sections live in scenario.py."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SimulationSettings(_Section):
    """How big a Monte Carlo run is and how it is seeded."""

    reps: int = Field(500, ge=1, description="Seats (reps) in the simulated sales force.", json_schema_extra={"unit": "reps"})
    periods: int = Field(12, ge=1, le=120, description="Months simulated.", json_schema_extra={"unit": "months"})
    simulations: int = Field(200, ge=1, description="Monte Carlo simulations.", json_schema_extra={"unit": "simulations"})
    seed: int = Field(20261123, ge=0, description="Root seed: one seed reproduces a run bit for bit.")


class Population(_Section):
    """The simulated sales force. Extended by the simulation work."""
