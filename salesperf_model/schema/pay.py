"""The pay section: base salary, allowances, local minimums, commission and bonuses."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.schema.amounts import ByRole
from salesperf_model.schema.base import RegionTier, Section, unit
from salesperf_model.schema.bonuses import Bonus
from salesperf_model.schema.bounds import Money, Share
from salesperf_model.schema.clawback import Clawback
from salesperf_model.schema.commission import Commission
from salesperf_model.schema.credit import Credit
from salesperf_model.schema.long_term import LongTermElement
from salesperf_model.schema.mechanics import Holdback, Modifier, Spif, Windfall
from salesperf_model.schema.people import People
from salesperf_model.schema.relief import Relief


class Pay(Section):
    """Base, allowances, commission and bonuses."""

    base_salary: ByRole = Field(description="Monthly base salary by role and region tier.")
    allowances: dict[str, ByRole] = Field(
        default_factory=dict,
        description="Monthly allowances by name (transport, phone...), by role and region tier.",
    )
    minimum_base: dict[RegionTier, Money] = Field(
        default_factory=dict,
        description="Local minimum for base salary by region tier (brief: >= 8,000 CNY a month in a tier-1 city); a lower base is refused.",
        json_schema_extra=unit("money per month"),
    )
    base_share_band: tuple[Share, Share] = Field(
        (0.30, 0.40),
        description="Recommended share of base in on-target total pay, a deferred bonus at quota included (brief: 30-40% of total pay); outside it is a warning.",
        json_schema_extra=unit("share"),
    )
    commission: Commission = Field(description="The commission curve.")
    bonuses: list[Bonus] = Field(
        default_factory=list,
        description="Bonuses, each with a `type`: over_achievement, top_n, threshold, team_pool, target_bonus, profit_share.",
    )
    long_term: list[LongTermElement] = Field(
        default_factory=list,
        description="Long-term and non-cash elements, each with a `type`: deferred_bonus (annual bonus or equity tied to the finally closed amount, vesting, forfeited on exit), development_fund, non_cash (a reward at an assigned value). None by default.",
    )
    clawback: Clawback = Field(
        default_factory=Clawback,
        description="Commission on booked revenue cancelled within `window_months` of booking reversed (x `share`) when the cancellation lands: a negative `clawback` component. Off by default (window 0).",
    )

    credit: Credit = Field(
        default_factory=Credit,
        description="Who is credited with a sale: split or double credit between teammates, an overlay role, a manager's override (schema/credit.py). Default: every sale credited to its seller only.",
    )

    windfall: Windfall | None = Field(
        None,
        description="Windfall (bluebird) deal policy: a deal above a threshold capped, carved out of the tiers or paid at a flat rate (component `windfall`, the change to commission). None (default): no policy, every deal earns through the tiers.",
    )
    holdback: Holdback | None = Field(
        None,
        description="A share of commission held back and released months later if customers stay, forfeited on exit (component `holdback`: negative when held, positive when released). None (default): commission is paid in full when settled.",
    )
    spifs: list[Spif] = Field(
        default_factory=list,
        description="Time-boxed incentives with a window, eligible roles, products and customers, a rate or an amount per deal and their own fund (components `spif_<name>`). None by default.",
    )
    modifiers: list[Modifier] = Field(
        default_factory=list,
        description="Payout modifiers: commission x `factor` in a settlement where a named measure misses its gate (components `modifier_<name>`, the change to commission). None by default.",
    )
    people: People | None = Field(
        None,
        description="Pay follows the person in the seat: leaver rule, joiners' proration and ramp, guarantee, recoverable draw (schema/people.py). None by default: the seat is paid as before (whoever holds it at a settlement collects the period's variable pay), so existing plans pay exactly as they did.",
    )
    relief: Relief = Field(
        default_factory=Relief,
        description="Quota relief by reason: `leave: prorate` and `carve_out: prorate` reduce a month's quota by the share on leave or carved out (`carve_outs` declared here or a relief table imported). Default: no relief (assumption: existing plans pay as before).",
    )

    @model_validator(mode="after")
    def _check(self) -> Pay:
        low, high = self.base_share_band
        if low > high:
            raise ValueError(
                f"pay.base_share_band: the band runs from {low:g} to {high:g}; expected"
                " [lowest share, highest share], e.g. [0.30, 0.40]"
            )
        for kind, named in (("spifs", self.spifs), ("modifiers", self.modifiers)):
            listed = [item.name for item in named]
            again = sorted({n for n in listed if listed.count(n) > 1})
            if again:
                raise ValueError(f"pay.{kind} names must be unique, {again} repeated")
        names = [b.name for b in self.bonuses]
        elements = [e.name for e in self.long_term]
        repeated = sorted({n for n in elements if elements.count(n) > 1})
        if repeated:
            raise ValueError(f"pay.long_term names must be unique, {repeated} repeated")
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"bonus names must be unique, {duplicates} repeated")
        for tier, minimum in self.minimum_base.items():
            roles = self.base_salary.by_role or {"default": self.base_salary.default}
            for role, amount in roles.items():
                paid = amount * self.base_salary.region_tier_multiplier.get(tier, 1.0)
                if paid < minimum:
                    raise ValueError(
                        f"pay.base_salary for {role} in tier-{tier} regions is {paid:g}, below the local minimum {minimum:g}"
                    )
        return self
