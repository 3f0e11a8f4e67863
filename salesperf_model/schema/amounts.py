"""Amounts per role and region tier (base salary, allowances, target bonuses)."""

from __future__ import annotations

from pydantic import Field, field_validator

from salesperf_model.schema.base import RegionTier, Section, check_roles, unit
from salesperf_model.schema.bounds import Factor, Money


class ByRole(Section):
    """An amount per role, with an optional multiplier per region tier."""

    by_role: dict[str, Money] = Field(
        default_factory=dict,
        description="Amount per role (roles not listed get `default`).",
        json_schema_extra=unit("money per month"),
    )
    default: Money = Field(
        0.0,
        description="Amount for roles not listed.",
        json_schema_extra=unit("money per month"),
    )
    region_tier_multiplier: dict[RegionTier, Factor] = Field(
        default_factory=lambda: {1: 1.0, 2: 1.0, 3: 1.0},
        description="Multiplier by the region's market tier (tier-1 cities pay more).",
        json_schema_extra=unit("factor"),
    )

    @field_validator("by_role")
    @classmethod
    def _roles(cls, value: dict[str, float]) -> dict[str, float]:
        check_roles(list(value), "by_role")
        negative = {k: v for k, v in value.items() if v < 0}
        if negative:
            raise ValueError(f"amounts must be >= 0, got {negative}")
        return value

    def amount(self, role: str, tier: int) -> float:
        """The monthly amount for a rep of ``role`` in a region of market ``tier``."""
        return self.by_role.get(role, self.default) * self.region_tier_multiplier.get(tier, 1.0)
