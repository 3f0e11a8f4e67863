"""Quota relief: leave and territory carve-outs (``pay.relief``, ``population.leave``),
and who a rule applies to (also read by ``pay_changes``, schema/pay_changes.py).

Relief removes a share of a rep's monthly quota: the months on leave (the ``leave``
measure, simulated or imported) and the share of a territory carved out (declared here
or imported as a relief table): quota x (1 - leave) x (1 - carve-outs), carve-outs of
one month added up; more than the whole territory carved out is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from salesperf_model.schema.base import Section, check_roles, unit
from salesperf_model.schema.bounds import Share

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _month(value: object, key: str) -> str:
    """A month label 'YYYY-MM' (YAML reads 2026-07 as text; a date is refused)."""
    text = str(value)
    if isinstance(value, dt.date):  # YAML reads 2026-07-15 as a date: say it as written
        raise ValueError(f"{key}: {text} is a day, not a month; write the month, like '2026-07'")
    if not _MONTH.fullmatch(text):
        raise ValueError(f"{key}: {value!r} is not a month like '2026-07'")
    return text


def month_index(label: str) -> int:
    """Months since year 0 of a 'YYYY-MM' label (to compare and count months)."""
    year, month = label.split("-")
    return int(year) * 12 + int(month) - 1


class Who(Section):
    """Which reps a rule applies to: every selector given must match (rep ids, roles,
    regions); none given: every rep."""

    reps: list[str] = Field(
        default_factory=list,
        description="Rep ids (e.g. R00003); empty: any rep.",
    )
    roles: list[str] = Field(
        default_factory=list,
        description="Roles (keys of outcomes.ROLES); empty: any role.",
    )
    regions: list[str] = Field(
        default_factory=list,
        description="Region names; empty: any region.",
    )

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        check_roles(value, "roles")
        return value


class CarveOut(Who):
    """A share of the quota of some reps removed from a month on (a territory carve-out:
    accounts or a region handed to another team)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    first: str = Field(
        alias="from",
        description="First month carved out, 'YYYY-MM'.",
        json_schema_extra=unit("month"),
    )
    last: str | None = Field(
        None,
        alias="to",
        description="Last month carved out, 'YYYY-MM'; None: to the end of the horizon.",
        json_schema_extra=unit("month"),
    )
    share: Share = Field(
        description="Share of each month's quota removed (0.3 = 30% of the territory carved out). No default: the plan states it.",
        json_schema_extra=unit("share of quota"),
    )

    @field_validator("first", "last", mode="before")
    @classmethod
    def _months(cls, value: object) -> object:
        return value if value is None else _month(value, "carve-out month")

    @model_validator(mode="after")
    def _order(self) -> CarveOut:
        if self.last is not None and month_index(self.last) < month_index(self.first):
            raise ValueError(
                f"carve-out runs from {self.first} to {self.last}: expected `to` on or after `from`"
            )
        return self


class Relief(Section):
    """Quota relief by reason: the plan's rule for leave and territory carve-outs."""

    leave: Literal["prorate", "none"] = Field(
        "none",
        description="`prorate`: a month's quota is reduced by the share of the month the rep was on leave (the `leave` measure, simulated with population.leave or imported from a relief table); `none`: quota stands (default, so every existing plan pays as before). Default none: an assumption that keeps every existing plan's figures (no survey figure on how many plans relieve quota for leave was found).",
    )
    carve_out: Literal["prorate", "none"] = Field(
        "none",
        description="`prorate`: quota reduced by the carved-out share (the plan's `carve_outs` and an imported relief table's carve-out rows); `none`: carve-outs ignored (default: existing plans unchanged; assumption).",
    )
    carve_outs: list[CarveOut] = Field(
        default_factory=list,
        description="Territory carve-outs the plan declares: `{from: 2026-07, share: 0.3, reps: [R00003]}` (also `to`, `roles`, `regions`). None by default.",
    )

    @property
    def active(self) -> bool:
        """Whether any relief changes quota."""
        return self.leave == "prorate" or self.carve_out == "prorate"


class Leave(Section):
    """Leave of absence as a fact of the sales force: reps who go on leave sell nothing
    (no visits, no new pipeline) for the months away."""

    rate_per_year: Share = Field(
        0.0,
        description="Share of reps starting a leave in a year (drawn each month, keyed per seat). Default 0 (off: existing simulations unchanged). Assumption: about 0.04 (4%) a year in a young sales force where parental leave dominates; no survey figure for sales forces was found.",
        json_schema_extra=unit("share per year"),
    )
    months: int = Field(
        3,
        ge=1,
        le=12,
        description="Length of a leave in months. Default 3: China's statutory maternity leave is 98 days (State Council, Special Provisions on Labour Protection of Female Employees, 2012), about three months before provincial extensions.",
        json_schema_extra=unit("months"),
    )
