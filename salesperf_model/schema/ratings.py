"""How 360-degree ratings are drawn: reliability, self ratings, leniency per rater."""

from __future__ import annotations

import math

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Points


class RatingsSection(Section):
    """360-degree ratings (0..100 points): rating = leniency + spread x (sqrt(reliability) x skill + sqrt(1 - reliability) x rater noise)."""

    reliability: float = Field(
        0.52,
        ge=0,
        le=1,
        description="Inter-rater reliability (correlation between two raters of the same rep in the same month). Default from the meta-analysis of Viswesvaran, Ones & Schmidt (1996): 0.52 for supervisory ratings of overall job performance.",
        json_schema_extra=unit("correlation"),
    )
    self_other_correlation: float = Field(
        0.35,
        ge=0,
        le=1,
        description="Correlation of self ratings with another rater's. Default from Harris & Schaubroeck (1988): self-supervisor correlation about 0.35.",
        json_schema_extra=unit("correlation"),
    )
    persistent_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of a rater's noise that persists from month to month (halo, liking).",
        json_schema_extra=unit("share"),
    )
    spread: float = Field(
        10.0, ge=0, description="Spread (SD) of ratings.", json_schema_extra=unit("points")
    )
    leniency: dict[str, Points] = Field(
        default_factory=lambda: {"manager": 74.0, "peer": 73.0, "customer": 76.0, "self": 82.0},
        description="Mean rating by rater; self ratings are lenient (self ratings run above others' in the literature).",
        json_schema_extra=unit("points"),
    )

    @model_validator(mode="after")
    def _check(self) -> RatingsSection:
        expected = {"manager", "peer", "customer", "self"}
        if set(self.leniency) != expected:
            raise ValueError(
                f"population.ratings.leniency needs raters {sorted(expected)}, got {sorted(self.leniency)}"
            )
        if self.self_other_correlation**2 > self.reliability + 1e-12:
            # self ratings load r / sqrt(reliability) on skill, which cannot exceed 1
            raise ValueError(
                f"population.ratings.self_other_correlation {self.self_other_correlation:g} cannot "
                f"exceed sqrt(reliability) = {math.sqrt(self.reliability):.3f}"
            )
        return self
