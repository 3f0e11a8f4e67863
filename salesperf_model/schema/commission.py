"""The commission section: tiers on attainment or amounts, per settlement or per deal, curve,
base, basis, caps, coefficients and product-line factors."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.schema.base import RegionTier, Section, Settlement, check_roles, unit
from salesperf_model.schema.bounds import Attainment, Factor, Money, PositiveMoney, Rate, Slope


class Tier(Section):
    """One tier of a commission curve, starting at an attainment level or an amount of money."""

    from_attainment: Attainment | None = Field(
        None,
        description="Attainment (revenue / quota) where the tier starts; 1.0 = 100%. A value exactly on the edge belongs to this (the higher) tier, as does a sum of cents that binary floating point leaves a hair short of it (within a part in 10^11). Give this or `from_amount`.",
        json_schema_extra=unit("ratio"),
    )
    from_amount: Money | None = Field(
        None,
        description="Amount-based tier: the commission base in money (the settlement's, the year to date's, or one deal's with `tier_each: deal`) where the tier starts, e.g. 0-50,000 at 3%, 5% above: `{from_amount: 0, rate: 0.03}`, `{from_amount: 50000, rate: 0.05}`; no quota needed. Give this or `from_attainment`.",
        json_schema_extra=unit("money"),
    )
    to_attainment: Attainment | None = Field(
        None,
        gt=0,
        description="Last tier only: attainment where the last tier ends; nothing accrues above it (the same rule as `cap_attainment`, which it replaces: give one of the two). None: the last tier is open-ended.",
        json_schema_extra=unit("ratio"),
    )
    to_amount: PositiveMoney | None = Field(
        None,
        description="Last amount-based tier only: the amount where the last tier ends; nothing accrues on the base above it (a retroactive curve pays the edge amount at the last tier's rate). None: open-ended.",
        json_schema_extra=unit("money"),
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

    @property
    def start(self) -> float:
        """Where the tier starts, in its own unit (attainment ratio or money)."""
        return float(self.from_amount if self.from_amount is not None else self.from_attainment)

    @model_validator(mode="after")
    def _one_start(self) -> Tier:
        if (self.from_attainment is None) == (self.from_amount is None):
            given = "both" if self.from_amount is not None else "neither"
            raise ValueError(
                f"from_attainment: a tier starts at an attainment (from_attainment) or at an "
                f"amount (from_amount), got {given}"
            )
        if self.from_amount is not None and self.to_attainment is not None:
            raise ValueError(
                f"to_attainment: an amount-based tier ends at an amount (to_amount), got "
                f"to_attainment {self.to_attainment:g}"
            )
        if self.from_attainment is not None and self.to_amount is not None:
            raise ValueError(
                f"to_amount: a tier on attainment ends at an attainment (to_attainment), got "
                f"to_amount {self.to_amount:g}"
            )
        return self


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
        description="Tiers ascending by `from_attainment` (or all by `from_amount`), the first from 0 (brief: 3% to 100%, 4% on 100-120%, 5% above 120%); the last may end (`to_attainment` / `to_amount`)."
    )
    tier_each: Literal["settlement", "deal"] = Field(
        "settlement",
        description="`settlement`: the tiers apply to the settlement period's (or the year to date's) base; `deal`: commission per transaction, each deal tiered on its own amount against amount-based tiers, the deals' commissions summed per settlement (needs `from_amount` tiers, `basis: period`, `base: booked`). Deals recorded with the outcomes (a simulation run with its deals kept, or an import's deal records) are tiered one by one; otherwise, and for existing-customer orders, a rep-month's base is split evenly over its transactions (deals won + repeat customers' orders in simulations; deals won in imports), each tiered at that mean size.",
    )
    paid_on: Literal["revenue", "margin"] = Field(
        "revenue",
        description="`revenue`: commission on the base revenue; `margin`: on its gross profit (the `gross_profit` measure, spread over revenue streams and product lines in proportion to revenue); attainment stays revenue over quota, amount-based tiers apply to the gross profit. `margin` needs `base: booked` (gross profit is known on bookings).",
    )
    product_factors: dict[str, Factor] = Field(
        default_factory=dict,
        description="Factor on the curve's rate per product line (names from `population.products.mix`, or an import's product lines): 0 = the line earns no commission, 2 = double rate; lines not listed: 1. Attainment still counts every line's revenue (factors change pay, never tiers).",
        json_schema_extra=unit("factor"),
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

    @property
    def tiers_on(self) -> Literal["attainment", "amount"]:
        """What the tier edges measure: attainment ratios or amounts of money."""
        return "amount" if self.tiers and self.tiers[0].from_amount is not None else "attainment"

    @property
    def tier_end(self) -> float | None:
        """Where accrual stops, in the tiers' unit: the last tier's end or cap_attainment."""
        last = self.tiers[-1]
        for end in (last.to_amount, last.to_attainment, self.cap_attainment):
            if end is not None:
                return float(end)
        return None

    @model_validator(mode="after")
    def _tiers(self) -> Commission:
        if not self.tiers:
            raise ValueError("commission needs at least one tier")
        kind = "from_amount" if self.tiers_on == "amount" else "from_attainment"
        for i, tier in enumerate(self.tiers):
            if getattr(tier, kind) is None:
                other = "from_attainment" if kind == "from_amount" else "from_amount"
                raise ValueError(
                    f"tiers.{i}.{other}: every tier starts at the same kind of edge; tier 0 "
                    f"uses {kind}, tier {i} uses {other} {getattr(tier, other):g}"
                )
        starts = [t.start for t in self.tiers]
        if starts[0] != 0:
            raise ValueError(f"the first tier must start at {kind} 0, got {starts[0]:g}")
        if self.tiers[0].gated:
            raise ValueError(
                "tiers.0.gated: the first tier cannot be gated (while the gate is shut the tier "
                "before a gated tier pays; the first has none): gate a later tier"
            )
        for i, (a, b) in enumerate(pairwise(starts)):
            if b <= a:
                raise ValueError(
                    f"tiers.{i + 1}.{kind}: tiers must ascend by {kind}: "
                    f"tier {i + 1} starts at {b:g}, not above tier {i} at {a:g} (tiers: {starts})"
                )
        self._amount_rules()
        self._ends(kind)
        if self.cap_amount is not None and self.minimum_payout > self.cap_amount:
            raise ValueError(
                f"minimum_payout: {self.minimum_payout:,.0f} is above cap_amount "
                f"{self.cap_amount:,.0f}; the least paid for a settlement period cannot exceed "
                "the most: lower minimum_payout or raise cap_amount"
            )
        if self.roles is not None:
            check_roles(self.roles, "pay.commission.roles")
        return self

    def _ends(self, kind: str) -> None:
        """Only the last tier may end, above its start; said once (to_attainment or the cap)."""
        last = len(self.tiers) - 1
        for i, tier in enumerate(self.tiers[:-1]):
            for key in ("to_attainment", "to_amount"):
                if getattr(tier, key) is not None:
                    raise ValueError(
                        f"tiers.{i}.{key}: only the last tier (tiers.{last}) may end; a tier "
                        "ends where the next one starts"
                    )
        ending = self.tiers[-1]
        end_key = "to_amount" if kind == "from_amount" else "to_attainment"
        if ending.to_attainment is not None and self.cap_attainment is not None:
            raise ValueError(
                f"tiers.{last}.to_attainment: the last tier's end ({ending.to_attainment:g}) and "
                f"cap_attainment ({self.cap_attainment:g}) say the same thing (nothing accrues "
                "above); give one of them"
            )
        own_end = getattr(ending, end_key)
        if own_end is not None and own_end <= ending.start:
            raise ValueError(
                f"tiers.{last}.{end_key}: the last tier starts at {ending.start:g} and ends at "
                f"{own_end:g}; expected an end above its start"
            )

    def _amount_rules(self) -> None:
        """Amount tiers carry no attainment rules; per-deal tiering needs amount tiers on
        bookings, settled period by period; margin is known on bookings."""
        if self.tiers_on == "amount":
            for i, tier in enumerate(self.tiers):
                if tier.slope:
                    raise ValueError(
                        f"tiers.{i}.slope: a slope is a rate per 100% of quota and amount-based "
                        f"tiers have no quota, got {tier.slope:g}; expected 0 (step the rate "
                        "with more tiers)"
                    )
            for key in ("threshold", "cap_attainment"):
                value = getattr(self, key)
                if value:
                    raise ValueError(
                        f"{key}: amount-based tiers (from_amount) have no attainment, got "
                        f"{key} {value:g}; expected 0 / none (start with a 0% tier for an "
                        "entry amount, end the last tier with to_amount for a cap)"
                    )
        if self.tier_each == "deal":
            needs = {
                "tiers.0.from_attainment": self.tiers_on == "amount",
                "basis": self.basis == "period",
                "base": self.base == "booked",
            }
            wants = {
                "tiers.0.from_attainment": "amount-based tiers (from_amount): a deal has no quota",
                "basis": "basis: period (deals are not trued up year to date)",
                "base": "base: booked (a deal is a booking; cash is not split by deal)",
            }
            for key, ok in needs.items():
                if not ok:
                    raise ValueError(f"{key}: tier_each: deal needs {wants[key]}")
        if self.paid_on == "margin" and self.base != "booked":
            raise ValueError(
                f"paid_on: margin is gross profit on bookings; base is {self.base!r}, "
                "expected base: booked"
            )
