"""Effective-dated plan changes (``pay_changes``): from a month, a group of reps is paid
under another plan's pay section; engine/plan_changes.py pays each part of the year under
its own plan and says how a settlement period cut in two is settled."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from salesperf_model.schema.base import unit
from salesperf_model.schema.pay import Pay
from salesperf_model.schema.relief import Who, _month, month_index
from salesperf_model.schema.settings import SimulationSettings


class PayChange(Who):
    """From a month on, a group of reps is paid under another plan (a move of plan or
    territory within the year)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    first: str = Field(
        alias="from",
        description="First month paid under the new plan, 'YYYY-MM'; must be inside the horizon.",
        json_schema_extra=unit("month"),
    )
    plan: str | None = Field(
        None,
        description="Scenario file of the new plan (a path relative to this scenario file, e.g. steep_accelerator.yaml); loading fills `pay` from its pay section.",
    )
    pay: Pay | None = Field(
        None,
        description="The new plan's pay section, with the same keys as `pay`: filled in from `plan` when the scenario is loaded, or written here instead of `plan`.",
        json_schema_extra={"same_keys_as": "pay"},
    )
    quota: Literal["reset", "carry"] = Field(
        "reset",
        description="`reset` (default): the new plan's year starts at the change (its annual quota is the quota of the months left, year-to-date sums and gates count from the change); `carry`: what the rep was short of (or ahead of) quota that year before the change is added to (taken from) the quota of the year's months left, in proportion to their quota, never below 0. Assumption: reset is the common practice for a mid-year plan move.",
    )

    @field_validator("first", mode="before")
    @classmethod
    def _first(cls, value: object) -> object:
        return _month(value, "pay change month")

    @model_validator(mode="after")
    def _plan_or_pay(self) -> PayChange:
        if self.plan is None and self.pay is None:
            raise ValueError(
                "a pay change needs `plan` (a scenario file) or `pay` (its pay section)"
            )
        return self

    @property
    def label(self) -> str:
        """The new plan's name on statements: its file's stem, else "changed pay"."""
        return Path(self.plan).stem if self.plan else "changed pay"


def horizon_problem(changes: list[PayChange], simulation: SimulationSettings) -> str | None:
    """The first change whose month is outside the simulated horizon, in words, or None."""
    first = month_index(simulation.start_period)
    last = first + simulation.periods - 1

    def label(index: int) -> str:
        return f"{index // 12}-{index % 12 + 1:02d}"

    for i, change in enumerate(changes):
        if not first <= month_index(change.first) <= last:
            return (
                f"pay_changes.{i}.from: {change.first} is outside the horizon; expected a month "
                f"from the first period {label(first)} to the last {label(last)} "
                "(simulation.start_period and simulation.periods)"
            )
    return None
