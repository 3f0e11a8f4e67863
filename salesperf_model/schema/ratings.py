"""How 360-degree ratings are drawn: each rater's reliability, validity, leniency and noise."""

from __future__ import annotations

import math

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Points

#: The raters whose reliability is given; self ratings are set by their agreement with the manager.
OTHER_RATERS: tuple[str, ...] = ("manager", "peer", "customer")


class RatingsSection(Section):
    """360-degree ratings (0..100 points) from four raters: manager, peers, customers, self.

    A rater's standardised rating is ``v x skill + h x impression + u x own noise``: ``v``
    (validity) and ``h`` split the rater type's reliable part (``v^2 + h^2`` = its
    inter-rater reliability) between true skill and an impression of the rep that is not
    skill (halo, liking, visibility); impressions of different rater types are partly
    shared. A rater's own noise is a lasting rater-ratee component (``persistent_share``,
    redrawn when a new person takes the seat) plus monthly noise. ``noise_scale`` scales
    everything but skill: the analyst's lever on how reliable grades based on ratings are.
    The parts are derived from the published figures below; ``salesperf simulate`` prints
    the realised correlations.
    """

    reliability: dict[str, float] = Field(
        default_factory=lambda: {"manager": 0.45, "peer": 0.42, "customer": 0.42},
        description="Inter-rater reliability per rater type (correlation between two raters of that type rating the same rep in the same month). Manager 0.45: observed interrater reliability of administrative ratings of overall performance (Salgado & Moscoso 2019; research ratings .61; Viswesvaran, Ones & Schmidt 1996: .52 for supervisors overall). Peer 0.42: Viswesvaran, Ones & Schmidt (1996), peers less reliable than supervisors. Customer: no meta-analytic figure; assumed equal to peers.",
        json_schema_extra=unit("correlation"),
    )
    manager_validity: float = Field(
        0.39,
        ge=0,
        le=1,
        description="Correlation of the manager's monthly rating with the rep's true skill (the other raters see skill in the same proportion to their reliable part). Default: objective and subjective performance measures correlate about .39 corrected (Bommer, Johnson, Rich, Podsakoff & MacKenzie 1995).",
        json_schema_extra=unit("correlation"),
    )
    cross_rater_correlation: float = Field(
        0.62,
        ge=0,
        le=1,
        description="Correlation between two rater types' reliable parts (corrected for unreliability); sets how much of the impression different rater types share. Default: peer-supervisor rho .62 (Harris & Schaubroeck 1988), so manager and peer ratings correlate .62 x sqrt(0.45 x 0.42) = .27 observed.",
        json_schema_extra=unit("correlation"),
    )
    self_manager_correlation: float = Field(
        0.22,
        ge=0,
        le=1,
        description="Observed correlation of self ratings with the manager's (sets the reliable part of self ratings). Default: self-supervisor agreement r = .22 observed (Heidemeier & Moser 2009; rho .34).",
        json_schema_extra=unit("correlation"),
    )
    persistent_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of a rater's own noise (variance) that is a lasting rater-ratee component, kept while the same person holds the seat (idiosyncratic rater effects are the largest part of rating variance: Scullen, Mount & Goff 2000); the rest is new each month. Assumption: half.",
        json_schema_extra=unit("share"),
    )
    noise_scale: float = Field(
        1.0,
        ge=0,
        description="Multiplier of every part of the ratings except true skill (impression, rater-ratee and monthly noise); ratings are rescaled to keep `spread`. 1: the published reliabilities; 0.5: half the noise (manager rating vs skill about .62); 0: raters see true skill exactly. The lever for how reliable rating-based grades are.",
        json_schema_extra=unit("factor"),
    )
    spread: float = Field(
        10.0, ge=0, description="Spread (SD) of ratings.", json_schema_extra=unit("points")
    )
    leniency: dict[str, Points] = Field(
        default_factory=lambda: {"manager": 74.0, "peer": 73.0, "customer": 76.0, "self": 77.2},
        description="Mean rating by rater. Self ratings are lenient: self above manager by d = .32 standard deviations (Heidemeier & Moser 2009), 74 + .32 x 10 = 77.2.",
        json_schema_extra=unit("points"),
    )

    def skill_cosine(self) -> float:
        """Share of a rater's reliable part that is skill, as a cosine: validity / sqrt(reliability)."""
        manager = self.reliability["manager"]
        return self.manager_validity / math.sqrt(manager) if manager > 0 else 0.0

    def impression_correlation(self) -> float:
        """Correlation of two rater types' impressions that gives `cross_rater_correlation`."""
        cos2 = self.skill_cosine() ** 2
        return 1.0 if cos2 >= 1 else (self.cross_rater_correlation - cos2) / (1 - cos2)

    def rater_reliability(self) -> dict[str, float]:
        """Reliable share of each rater's variance (self derived from its manager agreement)."""
        out = dict(self.reliability)
        denominator = math.sqrt(out["manager"]) * self.cross_rater_correlation
        out["self"] = (self.self_manager_correlation / denominator) ** 2 if denominator else 0.0
        return out

    @model_validator(mode="after")
    def _check(self) -> RatingsSection:
        expected = {"manager", "peer", "customer", "self"}
        if set(self.leniency) != expected:
            raise ValueError(
                f"population.ratings.leniency needs raters {sorted(expected)}, got {sorted(self.leniency)}"
            )
        if set(self.reliability) != set(OTHER_RATERS):
            raise ValueError(
                f"population.ratings.reliability needs raters {list(OTHER_RATERS)}, got {sorted(self.reliability)}"
            )
        bad = {k: v for k, v in self.reliability.items() if not 0 <= v <= 1}
        if bad:
            raise ValueError(f"population.ratings.reliability must be 0..1, got {bad}")
        manager = self.reliability["manager"]
        if self.manager_validity**2 > manager + 1e-12:
            raise ValueError(
                f"population.ratings.manager_validity {self.manager_validity:g} cannot exceed "
                f"sqrt(reliability.manager) = {math.sqrt(manager):.3f}"
            )
        if self.cross_rater_correlation < self.skill_cosine() ** 2 - 1e-12:
            raise ValueError(
                f"population.ratings.cross_rater_correlation {self.cross_rater_correlation:g} is below "
                f"the share the raters' common view of skill alone gives, "
                f"(manager_validity^2 / reliability.manager) = {self.skill_cosine() ** 2:.3f}"
            )
        limit = math.sqrt(manager) * self.cross_rater_correlation
        if self.self_manager_correlation > limit + 1e-12:
            raise ValueError(
                f"population.ratings.self_manager_correlation {self.self_manager_correlation:g} cannot "
                f"exceed sqrt(reliability.manager) x cross_rater_correlation = {limit:.3f}"
            )
        return self
