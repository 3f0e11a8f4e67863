"""The `pay.people:` section: pay follows the person in the seat (leavers, joiners, ramp,
guarantee, recoverable draw).

Without it (the default, ``pay.people: null``) a seat is paid: the person who holds the
seat at the end of a settlement period collects the period's commission and bonuses, as
before. With it, each person is paid on their own part of the period and a leaver's
unfinished periods follow ``leaver_rule`` (engine/people.py states every rule).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import PositiveMoney

#: Longest a guarantee or draw may last: the longest simulation (settings.periods).
MAX_MONTHS = 120

RampShare = Annotated[float, Field(gt=0, le=1)]


class Guarantee(Section):
    """A non-recoverable guarantee: a new person's commission topped up to ``amount`` a
    month for their first ``months`` months in the seat."""

    months: int = Field(
        description="Months from the person's first month in the seat the guarantee lasts (1 = the first month only). Must fit in the horizon.",
        ge=1,
        le=MAX_MONTHS,
        json_schema_extra=unit("months"),
    )
    amount: PositiveMoney = Field(
        description="Commission a month the new person is guaranteed; the top-up (amount - commission paid that month, when positive) is never recovered.",
        json_schema_extra=unit("money per month"),
    )


class Draw(Section):
    """A recoverable draw against commission: each month at least ``amount``; the
    shortfall is a balance recovered from later commission above the draw."""

    amount: PositiveMoney = Field(
        description="Monthly draw: each month the person is paid at least this much commission; the shortfall advanced is owed back from later commission above the draw.",
        json_schema_extra=unit("money per month"),
    )
    months: int | None = Field(
        None,
        ge=1,
        le=MAX_MONTHS,
        description="Months from the person's first month in the seat the draw is advanced (recovery goes on after them); None: every month. Must fit in the horizon.",
        json_schema_extra=unit("months"),
    )
    at_exit: Literal["write_off", "repay"] = Field(
        "write_off",
        description="A balance left when the person leaves: `write_off` (a cost the company bears) or `repay` (deducted from the final pay). Default write_off. Assumption: recovering a draw from final wages is restricted in many jurisdictions, so plans usually forgive it (Xactly, 'The Non-Recoverable Draw Against Commission', describes recovery only from later commission).",
    )


class People(Section):
    """Pay belongs to the person in the seat, not the seat."""

    leaver_rule: Literal["forfeit", "prorate", "pay"] = Field(
        "forfeit",
        description="Variable pay (commission and bonuses) of a settlement period not finished when the person leaves: `forfeit` (nothing: must be employed on the payout date), `prorate` (the payout on the person's own results, scaled by the share of the period served), `pay` (the payout on the person's own results to the exit, in full). A successor is paid only on their own part of the period. Default forfeit: the 'employed on the payout date' eligibility rule practitioners report as the usual plan provision (proformative.com Q&A 'Do we pay a bonus after the employee leaves', donyarose.com plan-provision answers; Alexander Group 2016 Sales Compensation Trends Survey on final incentive payments).",
    )
    ramp: list[RampShare] = Field(
        default_factory=list,
        description="Quota share for a new person's first months in the seat, e.g. [0.25, 0.5, 0.75] (quota x 0.25 in the first month, x 0.5 in the second...; full quota after). Default none: full quota from the start, the most common treatment (Alexander Group 2016 Sales Compensation Trends Survey: 32% assign the full quota to new hires, 18.8% a ramping quota). The example follows the graduated ramp in prowi.io's 'Ramp period' glossary (25/50/75% then full). Simulated quotas already ramp with a new hire's productivity (`population.quota.ramp_quota`): a plan ramp multiplies on top, so use it for quotas given at full level.",
        json_schema_extra=unit("share of quota"),
    )
    guarantee: Guarantee | None = Field(
        None,
        description="Non-recoverable guarantee for a new person's first months: {months, amount}. None by default (assumption: no guarantee unless the plan states one).",
    )
    draw: Draw | None = Field(
        None,
        description="Recoverable draw: {amount, months, at_exit}. None by default (assumption: no draw unless the plan states one).",
    )

    @field_validator("ramp")
    @classmethod
    def _ramp(cls, value: list[float]) -> list[float]:
        if len(value) > MAX_MONTHS:
            raise ValueError(
                f"ramp has {len(value)} months; expected at most {MAX_MONTHS} (one share a month)"
            )
        return value

    def longest_months(self) -> tuple[str, int] | None:
        """The key and months of the longest guarantee or draw, to check against the horizon."""
        spans = []
        if self.guarantee is not None:
            spans.append(("guarantee.months", self.guarantee.months))
        if self.draw is not None and self.draw.months is not None:
            spans.append(("draw.months", self.draw.months))
        return max(spans, key=lambda s: s[1]) if spans else None
