"""The commission section: tiers on attainment, curve, base, basis, caps and coefficients."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.schema.base import RegionTier, Section, Settlement, check_roles, unit
from salesperf_model.schema.bounds import Attainment, Factor, Money, PositiveMoney, Rate, Slope


class Tier(Section):
    """One tier of a commission curve, starting at an attainment level."""

    from_attainment: Attainment = Field(
        description="Attainment (revenue / quota) where the tier starts; 1.0 = 100%. A value exactly on the edge belongs to this (the higher) tier.",
        json_schema_extra=unit("ratio"),
    )
    rate: Rate = Field(
        description="Commission rate in the tier.",
        json_schema_extra=unit("share of revenue"),
    )
    slope: Slope = Field(
        0.0,
        description="Linear accelerator (> 0) or decelerator (< 0): the rate grows by `slope` per 1.0 of attainment above `from_attainment`; the rate never falls below 0.",
        json_schema_extra=unit("rate per unit attainment"),
    )
    gated: bool = Field(
        False,
        description="Gate: this tier's rate applies only once the full-year quota is met (year-to-date revenue >= annual quota); before that the previous tier's rate applies.",
    )


class CustomerFactors(Section):
    """Commission weight of each revenue stream relative to the curve's rate."""

    new: Factor = Field(
        1.0,
        description="Factor on new-customer revenue (brief example: 4% vs 2% is new 1.0, existing 0.5 on a 4% curve).",
        json_schema_extra=unit("factor"),
    )
    existing: Factor = Field(
        1.0,
        description="Factor on existing-customer revenue.",
        json_schema_extra=unit("factor"),
    )


class Commission(Section):
    """Commission curve on attainment, its base, basis and coefficients."""

    base: Literal["collected", "booked"] = Field(
        "collected",
        description="Revenue the commission is paid on: cash collected (brief: to stop inflated bookings) or booked.",
    )
    curve: Literal["marginal", "retroactive"] = Field(
        "marginal",
        description="`marginal`: each tier's rate on the revenue within the tier; `retroactive`: the whole revenue at the rate of the tier reached.",
    )
    tiers: list[Tier] = Field(
        description="Tiers ascending by `from_attainment`, the first from 0 (brief: 3% to 100%, 4% on 100-120%, 5% above 120%)."
    )
    threshold: Attainment = Field(
        0.0,
        description="Entry threshold: below this attainment no commission is paid.",
        json_schema_extra=unit("ratio"),
    )
    cap_attainment: Attainment | None = Field(
        None,
        gt=0,
        description="Attainment above which no further commission accrues; None: no cap.",
        json_schema_extra=unit("ratio"),
    )
    cap_amount: PositiveMoney | None = Field(
        None,
        description="Most commission paid for one settlement period; None: no cap.",
        json_schema_extra=unit("money"),
    )
    minimum_payout: Money = Field(
        0.0,
        description="Least commission paid for a settlement period once the entry threshold is met (pairs with degressive rates).",
        json_schema_extra=unit("money"),
    )
    basis: Literal["period", "year_to_date"] = Field(
        "period",
        description="`period`: tiers reset every settlement period, against that period's quota; `year_to_date`: cumulative revenue against the annual quota, each settlement pays the year-to-date earning minus what was already paid (true-up).",
    )
    negative_true_up: Literal["carry_forward", "claw_back"] = Field(
        "carry_forward",
        description="When a year-to-date true-up is negative: `carry_forward` pays 0 and nets the deficit against later payments; `claw_back` pays the negative amount (recovered from the rep).",
    )
    settlement: Settlement = Field(
        "monthly", description="How often commission is settled and paid (brief: monthly)."
    )
    customer_factors: CustomerFactors = Field(
        default_factory=CustomerFactors,
        description="Separate rates for new- and existing-customer revenue, as factors on the curve's rate.",
    )
    big_account_coefficient: Factor = Field(
        1.0,
        description="Commission coefficient on big-account revenue (hard-to-win accounts).",
        json_schema_extra=unit("factor"),
    )
    region_tier_coefficient: dict[RegionTier, Factor] = Field(
        default_factory=lambda: {1: 1.0, 2: 1.0, 3: 1.0},
        description="Commission coefficient by region tier (tier-1 vs tier-3 cities).",
        json_schema_extra=unit("factor"),
    )
    roles: list[str] | None = Field(None, description="Roles paid commission; None: every role.")

    @model_validator(mode="after")
    def _tiers(self) -> Commission:
        if not self.tiers:
            raise ValueError("commission needs at least one tier")
        starts = [t.from_attainment for t in self.tiers]
        if starts[0] != 0:
            raise ValueError(f"the first tier must start at from_attainment 0, got {starts[0]:g}")
        if self.tiers[0].gated:
            raise ValueError(
                "tiers.0.gated: the first tier cannot be gated (while the gate is shut the tier "
                "before a gated tier pays; the first has none): gate a later tier"
            )
        for i, (a, b) in enumerate(pairwise(starts)):
            if b <= a:
                raise ValueError(
                    f"tiers.{i + 1}.from_attainment: tiers must ascend by from_attainment: "
                    f"tier {i + 1} starts at {b:g}, not above tier {i} at {a:g} (tiers: {starts})"
                )
        if self.roles is not None:
            check_roles(self.roles, "pay.commission.roles")
        return self
