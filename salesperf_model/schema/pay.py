"""The pay section: base salary, allowances, local minimums, commission and bonuses."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.schema.amounts import ByRole
from salesperf_model.schema.base import RegionTier, Section, unit
from salesperf_model.schema.bonuses import Bonus
from salesperf_model.schema.bounds import Money, Share
from salesperf_model.schema.commission import Commission
from salesperf_model.schema.long_term import LongTermElement
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
