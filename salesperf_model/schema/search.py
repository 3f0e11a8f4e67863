"""GRID and SEARCH files: which dotted scenario parameters a sweep or a search varies, over which values, under which constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit

Number = int | float


class SweptParameter(Section):
    """The values one dotted scenario parameter takes: a list, or ``low`` to ``high`` in
    ``steps`` values or every ``step``. A latin hypercube draws between ``low`` and
    ``high`` and rounds to ``step``; a search moves on the ``step`` grid."""

    values: list[Number] | None = Field(
        None, min_length=1, description="The values, as a plan document would write them."
    )
    low: Number | None = Field(None, description="Lowest value.")
    high: Number | None = Field(None, description="Highest value.")
    steps: int | None = Field(None, ge=2, le=1000, description="Values from low to high.")
    step: Number | None = Field(
        None,
        gt=0,
        description="Spacing of the values (money to what a plan document says, e.g. 500).",
    )

    @model_validator(mode="after")
    def _one_way(self) -> SweptParameter:
        if self.values is not None:
            if any(v is not None for v in (self.low, self.high, self.steps, self.step)):
                raise ValueError("give either values or low/high with step or steps, not both")
            return self
        if self.low is None or self.high is None:
            raise ValueError("give values, or low and high with step or steps")
        if self.high < self.low:
            raise ValueError(f"high {self.high} is below low {self.low}")
        if self.steps is not None and self.step is not None:
            raise ValueError("give step or steps, not both")
        if self.step is not None and (self.high - self.low) / self.step > 10_000:
            raise ValueError(f"step {self.step} makes more than 10,000 values")
        return self


class Sizes(Section):
    """How big the simulated sales force is (default: the baseline's simulation section)."""

    simulations: int | None = Field(None, ge=2, description="Monte Carlo simulations.")
    reps: int | None = Field(None, ge=1, description="Seats.", json_schema_extra=unit("reps"))
    periods: int | None = Field(None, ge=1, le=120, description="Months.")
    seed: int | None = Field(None, ge=0, description="Root seed of the simulations.")


class SweepGrid(Section):
    """A GRID file: the points a sweep evaluates."""

    description: str = Field("", description="What the sweep asks, in a sentence.")
    design: Literal["grid", "latin_hypercube"] = Field(
        "grid", description="Every combination, or a latin hypercube of ``samples`` points."
    )
    samples: int | None = Field(
        None, ge=2, le=100_000, description="Points of a latin hypercube design."
    )
    sample_seed: int = Field(0, ge=0, description="Seed of the latin hypercube draw.")
    fixed: dict[str, object] = Field(
        default_factory=dict,
        description="Dotted overrides applied to the baseline and every point alike, e.g. "
        "``behaviour.enabled: false`` to pay every point on one sales force.",
    )
    parameters: dict[str, SweptParameter] = Field(
        min_length=1, description="Dotted scenario parameter -> its values."
    )
    max_points: int = Field(5000, ge=1, description="Refuse a design with more points.")
    sizes: Sizes = Field(default_factory=Sizes, description="Simulation sizes.")

    @model_validator(mode="after")
    def _design(self) -> SweepGrid:
        if self.design == "latin_hypercube":
            if self.samples is None:
                raise ValueError("a latin_hypercube design needs samples (how many points)")
            bare = [k for k, p in self.parameters.items() if p.values is not None]
            if bare:
                raise ValueError(f"latin_hypercube needs low and high, not values, for {bare}")
        elif self.samples is not None:
            raise ValueError("samples is for design: latin_hypercube; a grid takes every value")
        return self


class Objective(Section):
    """What the search makes as good as it can."""

    metric: str = Field(description="A registered metric (salesperf metrics) or figure.")
    goal: Literal["maximize", "minimize"] | None = Field(
        None, description="Default: the metric's own better direction."
    )


class Constraint(Section):
    """A condition a plan must meet: on the Monte Carlo mean, or with ``probability`` on
    the share of simulations that meet it."""

    metric: str = Field(description="A registered metric or search figure.")
    at_most: float | None = Field(None, description="Upper limit.")
    at_least: float | None = Field(None, description="Lower limit.")
    probability: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Met in at least this share of simulations (else: the mean must meet it).",
        json_schema_extra=unit("share"),
    )
    why: str = Field("", description="The policy the constraint stands for, in words.")

    @model_validator(mode="after")
    def _a_limit(self) -> Constraint:
        if self.at_most is None and self.at_least is None:
            raise ValueError("a constraint needs at_most, at_least or both")
        both = self.at_most is not None and self.at_least is not None
        if both and self.at_least > self.at_most:  # type: ignore[operator]
            raise ValueError(f"at_least {self.at_least} is above at_most {self.at_most}")
        return self


class Budget(Section):
    """When a search stops: whichever limit comes first; the best feasible point so far wins."""

    evaluations: int = Field(60, ge=1, le=100_000, description="Plans evaluated at most.")
    seconds: float = Field(
        600,
        gt=0,
        description="Wall-clock limit on the search itself: no new plan is evaluated after it; the baseline's simulation before the search and the fresh check of the winner after it come on top.",
        json_schema_extra=unit("seconds"),
    )


class SearchSpec(Section):
    """A SEARCH file: objective, constraints and search space of ``salesperf optimize``."""

    description: str = Field("", description="What the search asks, in a sentence.")
    objective: Objective
    constraints: list[Constraint] = Field(default_factory=list)
    parameters: dict[str, SweptParameter] = Field(min_length=1)
    fixed: dict[str, object] = Field(default_factory=dict)
    budget: Budget = Field(default_factory=Budget)
    fit: Sizes = Field(
        default_factory=lambda: Sizes(simulations=20, seed=101),
        description="The simulations the search is fitted on.",
    )
    check: Sizes = Field(
        default_factory=lambda: Sizes(simulations=60, seed=202),
        description="Fresh simulations the winner, the runner-up and the baseline are "
        "reported on (a seed other than fit's, so the search does not overfit one draw).",
    )
    method_seed: int = Field(0, ge=0, description="Seed of differential evolution.")

    @model_validator(mode="after")
    def _steps(self) -> SearchSpec:
        loose = [k for k, p in self.parameters.items() if p.values is None and p.step is None]
        if loose:
            raise ValueError(
                f"search parameters need a step (e.g. 500 for money, 0.005 for a rate): {loose}"
            )
        if self.fit.seed is not None and self.fit.seed == self.check.seed:
            raise ValueError("check.seed must differ from fit.seed: fresh simulations")
        return self
