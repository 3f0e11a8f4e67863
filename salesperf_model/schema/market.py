"""Where reps sell: regions and their tiers, territory luck, seasonality and market shocks."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Factor, PositiveMoney


class RegionSpec(Section):
    """One sales region: a city and its market tier."""

    name: str = Field(description="Region name (shown in the rep table).")
    tier: Literal[1, 2, 3] = Field(description="Market tier of the region's city: 1, 2 or 3.")
    seat_weight: float = Field(
        1.0,
        gt=0,
        description="Relative number of seats in the region.",
        json_schema_extra=unit("weight"),
    )
    market_size: PositiveMoney | None = Field(
        None,
        description="Monthly market size of the region; by default the seats' expected revenue divided by `market.expected_market_share`.",
        json_schema_extra=unit("money per month"),
    )


def default_regions() -> list[RegionSpec]:
    """Ten cities: three tier-1, five tier-2, two tier-3, weighted by seats."""
    cities = [
        ("Beijing", 1, 1.5),
        ("Shanghai", 1, 1.5),
        ("Shenzhen", 1, 1.2),
        ("Hangzhou", 2, 1.0),
        ("Chengdu", 2, 1.0),
        ("Wuhan", 2, 1.0),
        ("Xian", 2, 0.8),
        ("Changsha", 2, 0.8),
        ("Luoyang", 3, 0.6),
        ("Ganzhou", 3, 0.6),
    ]
    return [RegionSpec(name=n, tier=t, seat_weight=w) for n, t, w in cities]


class TerritorySection(Section):
    """Luck of the draw: territory potential, big accounts, and how well quota setters see them."""

    potential_sigma: float = Field(
        0.25,
        ge=0,
        description="Log-scale spread of territory potential (a mean-1 log-normal multiplier on leads and order sizes).",
        json_schema_extra=unit("log units"),
    )
    big_account_concentration: float = Field(
        8.0,
        gt=0,
        description="Beta concentration of the big-account share across seats (higher: seats more alike).",
        json_schema_extra=unit("alpha + beta"),
    )
    big_deal_multiplier: float = Field(
        6.0,
        ge=1,
        description="How many times larger a big-account deal or order is than a small one; big accounts are correspondingly rarer, so the expected revenue share from big accounts equals the seat's big-account share.",
        json_schema_extra=unit("factor"),
    )
    groups: dict[str, float] = Field(
        default_factory=lambda: {"female": 0.4, "male": 0.6},
        description="Group attribute shares for pay-equity analysis (drawn per seat; a replacement hire keeps the seat's group).",
        json_schema_extra=unit("share"),
    )
    allocation_bias_group: str | None = Field(
        None,
        description="Group whose seats get poorer territories (biased allocation); none by default.",
    )
    allocation_bias: float = Field(
        0.0,
        description="Log-scale shift of territory potential for `allocation_bias_group` (e.g. -0.1: about 10% less potential).",
        json_schema_extra=unit("log units"),
    )

    @model_validator(mode="after")
    def _check(self) -> TerritorySection:
        total = sum(self.groups.values())
        if self.groups and abs(total - 1) > 1e-6:
            raise ValueError(f"population.territory.groups shares add to {total:g}, expected 1")
        if any(v < 0 for v in self.groups.values()):
            raise ValueError(f"population.territory.groups has a negative share: {self.groups}")
        if self.allocation_bias_group is not None and self.allocation_bias_group not in self.groups:
            raise ValueError(
                f"population.territory.allocation_bias_group {self.allocation_bias_group!r} is not one of "
                f"the groups {list(self.groups)}"
            )
        return self


class MarketSection(Section):
    """Seasonality, common market shocks and regional shocks (log-scale AR(1) processes
    with mean-1 multipliers) on leads and repeat purchases."""

    seasonality: list[Factor] = Field(
        default_factory=lambda: [
            0.95,
            0.70,
            1.00,
            1.00,
            0.98,
            1.10,
            0.95,
            0.95,
            1.05,
            0.92,
            1.05,
            1.35,
        ],
        description="Demand multiplier per calendar month, January first (default: Spring Festival dip in February, Golden Week in October, half-year and year-end pushes in June and December); must average 1.",
        json_schema_extra=unit("factor"),
    )
    market_shock_sigma: float = Field(
        0.05,
        ge=0,
        description="Stationary log-scale spread of the company-wide market shock.",
        json_schema_extra=unit("log units"),
    )
    market_shock_persistence: float = Field(
        0.6,
        ge=0,
        lt=1,
        description="Month-to-month autocorrelation of the market shock.",
        json_schema_extra=unit("correlation"),
    )
    regional_shock_sigma: float = Field(
        0.08,
        ge=0,
        description="Stationary log-scale spread of each region's shock.",
        json_schema_extra=unit("log units"),
    )
    regional_shock_persistence: float = Field(
        0.6,
        ge=0,
        lt=1,
        description="Month-to-month autocorrelation of regional shocks.",
        json_schema_extra=unit("correlation"),
    )
    rep_month_sigma: float = Field(
        0.15,
        ge=0,
        description="Log-scale rep-month noise on leads (good and bad months).",
        json_schema_extra=unit("log units"),
    )
    expected_market_share: float = Field(
        0.2,
        gt=0,
        le=1,
        description="The company's expected share of each regional market; sets the default market size (brief KPI target: regional market share).",
        json_schema_extra=unit("share"),
    )
    tier_revenue_factor: dict[int, Factor] = Field(
        default_factory=lambda: {1: 1.3, 2: 1.0, 3: 0.75},
        description="Deal and order size multiplier by the region's tier (tier-1 cities buy bigger).",
        json_schema_extra=unit("factor"),
    )

    @model_validator(mode="after")
    def _check(self) -> MarketSection:
        if len(self.seasonality) != 12:
            raise ValueError(
                f"population.market.seasonality has {len(self.seasonality)} values, expected 12 (January..December)"
            )
        mean = sum(self.seasonality) / 12
        if abs(mean - 1) > 0.01 or min(self.seasonality) <= 0:
            raise ValueError(
                f"population.market.seasonality must be positive and average 1, got mean {mean:.3f}"
            )
        if sorted(self.tier_revenue_factor) != [1, 2, 3]:
            raise ValueError(
                f"population.market.tier_revenue_factor needs tiers 1, 2 and 3, got {sorted(self.tier_revenue_factor)}"
            )
        return self
