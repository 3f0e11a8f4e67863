"""The `population:` section: the simulated sales force, assembled from its parts.

Money is in the plan's currency (CNY); rates are per month unless a name says otherwise.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from salesperf_model.outcomes import ROLES
from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Share
from salesperf_model.schema.clawback import Cancellations
from salesperf_model.schema.customers import CollectionSection, CustomerSection
from salesperf_model.schema.market import (
    MarketSection,
    RegionSpec,
    TerritorySection,
    default_regions,
)
from salesperf_model.schema.products import ProductSection
from salesperf_model.schema.ratings import RatingsSection
from salesperf_model.schema.relief import Leave
from salesperf_model.schema.roles import DEFAULT_ROLE_PROFILES, RoleProfile, SkillEffects
from salesperf_model.schema.workforce import QuotaSection, WorkforceSection


def _default_role_shares() -> dict[str, float]:
    return {
        "new_business": 0.32,
        "account_manager": 0.30,
        "key_account_manager": 0.12,
        "channel_manager": 0.14,
        "regional_manager": 0.12,
        "equity_sales": 0.0,
    }


class Population(Section):
    """The simulated sales force: who sits in which seat, and the distributions their
    monthly results are drawn from.

    Regional managers are player-coaches: each leads one team in a region and carries a
    small personal book (role profile ``regional_manager``); their measures are their own,
    never the region's totals, so summing any measure over reps counts nothing twice.
    Regional KPIs (attainment, market share, revenue per head) are computed by grouping
    reps by region, as the plan engine does.
    """

    role_shares: dict[str, Share] = Field(
        default_factory=_default_role_shares,
        description="Share of seats per role (keys from outcomes.ROLES); must add to 1. Regional managers: one team each.",
        json_schema_extra=unit("share"),
    )
    roles: dict[str, RoleProfile] = Field(
        default_factory=lambda: {k: RoleProfile(**v) for k, v in DEFAULT_ROLE_PROFILES.items()},
        description="Selling profile per role; a scenario may override single fields of single roles, the rest keep their defaults.",
    )
    regions: list[RegionSpec] = Field(
        default_factory=default_regions,
        description="Sales regions with market tiers; seats are split by `seat_weight` (default: ten cities, three tier-1, five tier-2, two tier-3).",
    )
    skill_effects: SkillEffects = Field(
        default_factory=SkillEffects, description="How latent skill moves each behaviour."
    )
    territory: TerritorySection = Field(
        default_factory=TerritorySection,
        description="Territory luck, big accounts and group attribute.",
    )
    market: MarketSection = Field(
        default_factory=MarketSection, description="Seasonality and shocks."
    )
    quota: QuotaSection = Field(default_factory=QuotaSection, description="How quotas are set.")
    workforce: WorkforceSection = Field(
        default_factory=WorkforceSection, description="Tenure, ramp-up, exits and hires."
    )
    ratings: RatingsSection = Field(
        default_factory=RatingsSection, description="360-degree ratings."
    )
    customers: CustomerSection = Field(
        default_factory=CustomerSection,
        description="NPS, response time, complaints, tests, margins.",
    )
    collections: CollectionSection = Field(
        default_factory=CollectionSection, description="Collection lag and bad debt."
    )
    products: ProductSection = Field(
        default_factory=ProductSection,
        description="Product lines and their shares of booked revenue.",
    )
    team_sold_share: Share = Field(
        0.2,
        description="Share of each co-selling seat's revenue sold together with a teammate (the next co-selling seat of its team); read only by plans that split credit (`pay.credit.splits`), so it changes no other pay; it applies to imported actuals too (an export's deals carry one owner). Default 20%: assumption (no survey figure for the share of team-sold revenue was found); practitioner guides describe team selling as common in enterprise and strategic accounts, which are a minority of deals.",
        json_schema_extra=unit("share of revenue"),
    )
    cancellations: Cancellations = Field(
        default_factory=Cancellations,
        description="Booked deals and orders later cancelled or returned (never collected). None by default.",
    )
    leave: Leave = Field(
        default_factory=Leave,
        description="Leaves of absence: reps who start one (keyed draws) sell nothing for its months, and the `leave` measure records it. Off by default (rate 0).",
    )

    @field_validator("roles", mode="before")
    @classmethod
    def _merge_roles(cls, value: object) -> object:
        """A scenario names only what it changes: merge each role over its default profile."""
        if not isinstance(value, dict):
            return value
        unknown = [k for k in value if k not in ROLES]
        if unknown:
            raise ValueError(
                f"population.roles has unknown roles {unknown}; expected {list(ROLES)}"
            )
        merged: dict[str, RoleProfile | dict[str, float | bool]] = {}
        for role, default in DEFAULT_ROLE_PROFILES.items():
            given = value.get(role)
            if given is None:
                merged[role] = default
            elif isinstance(given, RoleProfile):
                merged[role] = given
            elif isinstance(given, dict):
                merged[role] = {**default, **given}
            else:
                raise ValueError(
                    f"population.roles.{role} must be a mapping of profile fields, got {given!r}"
                )
        return merged

    @model_validator(mode="after")
    def _check(self) -> Population:
        unknown = [k for k in self.role_shares if k not in ROLES]
        if unknown:
            raise ValueError(
                f"population.role_shares has unknown roles {unknown}; expected {list(ROLES)}"
            )
        negative = {k: v for k, v in self.role_shares.items() if v < 0}
        if negative:
            raise ValueError(f"population.role_shares has negative shares {negative}")
        total = sum(self.role_shares.values())
        if abs(total - 1) > 1e-6:
            raise ValueError(
                f"population.role_shares add to {total:g}, expected 1 (shares: {self.role_shares})"
            )
        names = [r.name for r in self.regions]
        if not names:
            raise ValueError("population.regions is empty; at least one region is needed")
        if len(set(names)) != len(names):
            raise ValueError(f"population.regions has duplicate names: {names}")
        return self
