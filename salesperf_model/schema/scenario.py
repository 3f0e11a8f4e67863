"""The root scenario: a pay and appraisal plan, its budget and the population it is tested on.

Every parameter carries a description and, where one applies, a unit; the parameter
reference (`salesperf params`) is generated from these models. Cross-field rules (weights
add to 100%, tiers ascend, forced-distribution shares can reach 100%...) are checked in
the section models, so that nothing invalid reaches the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field, PrivateAttr, field_validator, model_validator

from salesperf_model.formatting import title_words
from salesperf_model.schema.base import ReviewCycle, Section, closest, unit
from salesperf_model.schema.behaviour import Behaviour
from salesperf_model.schema.bounds import PositiveMoney, Share
from salesperf_model.schema.clawback import window_errors
from salesperf_model.schema.currencies import currency_problem
from salesperf_model.schema.decision import Decision
from salesperf_model.schema.grading import Grading
from salesperf_model.schema.mechanics import mechanics_problems
from salesperf_model.schema.pay import Pay
from salesperf_model.schema.pay_changes import PayChange, horizon_problem
from salesperf_model.schema.population import Population
from salesperf_model.schema.scoring import Scoring
from salesperf_model.schema.settings import SimulationSettings


class Budget(Section):
    """Budget lines the plan's cost is tested against."""

    total_pay: PositiveMoney | None = Field(
        None,
        description="Budget for total pay of the whole sales force over the simulated months; None: not tested.",
        json_schema_extra=unit("money"),
    )
    cost_of_sales: Share | None = Field(
        None,
        gt=0,
        description="Budget for pay / collected revenue; None: not tested.",
        json_schema_extra=unit("ratio"),
    )


class Scenario(Section):
    """A pay and appraisal plan, plus the population it is tested on."""

    name: str = Field(description="Short identifier (defaults to the file name).")
    title: str = Field(
        "",
        max_length=80,
        description="The plan's name as leadership reads it in every report, chart and table, e.g. 'Steeper accelerator' (default: the name in words, 'steep_accelerator' -> 'Steep accelerator'); not inherited through extends.",
    )
    description: str = Field(
        "", description="What the plan changes and why, in plain words (shown to leadership)."
    )
    extends: str | None = Field(
        None,
        description="Scenario file this one overrides (mappings merge key by key; bonuses, grade bands and regions item by item by name, `remove: true` drops one; other lists replace); resolved when loading.",
    )
    currency: str = Field(
        "CNY", description="Currency of every amount: an active ISO 4217 code, e.g. CNY, EUR."
    )
    review_cycle: ReviewCycle = Field(
        "quarterly",
        description="Appraisal cycle: monthly, quarterly, half_year or annual (brief: quarterly, half-year and annual appraisal).",
    )
    scoring: Scoring = Field(description="KPI weights and scoring rules.")
    grading: Grading = Field(default_factory=Grading, description="Grades from points.")
    pay: Pay = Field(description="Pay components.")
    budget: Budget = Field(default_factory=Budget, description="Budget lines.")
    decision: Decision = Field(
        default_factory=Decision,
        description="The rule a comparison recommends a plan by; the baseline's applies to the comparison, like its budget.",
    )
    population: Population = Field(
        default_factory=Population, description="The simulated sales force."
    )
    simulation: SimulationSettings = Field(
        default_factory=SimulationSettings, description="Size and seed of the Monte Carlo run."
    )
    behaviour: Behaviour = Field(
        default_factory=Behaviour,
        description="How reps respond to the plan (effort, leaving); `none`: they do not, and every plan is paid on the baseline's outcomes.",
    )
    pay_changes: list[PayChange] = Field(
        default_factory=list,
        description="Effective-dated plan changes: from a month, the reps selected (rep ids, roles, regions) are paid under another plan file, e.g. `{from: 2026-07, plan: steep_accelerator.yaml, reps: [R00003], quota: reset}` (loading fills each change's `pay` from its plan file); each part of the year is paid under its own plan (engine/plan_changes.py). None by default.",
    )

    @field_validator("name")
    @classmethod
    def _usable_name(cls, value: str) -> str:
        """The name keys the plan in every table and CSV: a blank one made a blank
        column, and a path in it ('../../x/y') reads as one."""
        if not value.strip():
            raise ValueError("the name is blank: give a short identifier, e.g. steep_accelerator")
        if any(c in value for c in "/\\") or any(ord(c) < 32 for c in value) or len(value) > 80:
            raise ValueError(
                "expected a short identifier (up to 80 characters, no slashes or control "
                "characters), e.g. steep_accelerator"
            )
        return value

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        problem = currency_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _changes_in_horizon(self) -> Scenario:
        problem = horizon_problem(self.pay_changes, self.simulation)
        if problem:
            raise ValueError(problem)
        return self

    @model_validator(mode="after")
    def _default_base_above_minimum(self) -> Scenario:
        """``Pay`` checks the bases ``by_role`` lists; seated roles it leaves out are paid
        the default, held here to the local minimum (the population says who is seated)."""
        base = self.pay.base_salary
        if not base.by_role:
            return self  # Pay checked the default itself
        seated = [r for r, share in self.population.role_shares.items() if share > 0]
        on_default = [r for r in seated if r not in base.by_role]
        for tier, minimum in self.pay.minimum_base.items():
            paid = base.default * base.region_tier_multiplier.get(tier, 1.0)
            if on_default and paid < minimum:
                raise ValueError(
                    f"pay.base_salary.default: {', '.join(on_default)} "
                    f"{'has' if len(on_default) == 1 else 'have'} no base of {'its' if len(on_default) == 1 else 'their'} own "
                    f"(pay.base_salary.by_role) and {'is' if len(on_default) == 1 else 'are'} paid the default {base.default:g}, {paid:g} in "
                    f"tier-{tier} regions, below the local minimum {minimum:g} "
                    "(pay.minimum_base); give them a base in by_role or raise the default"
                )
        return self

    @model_validator(mode="after")
    def _product_lines(self) -> Scenario:
        elasticity = self.population.workforce.effort_elasticity
        if elasticity > 0 and self.pay.commission.tiers_on == "amount":
            raise ValueError(
                f"population.workforce.effort_elasticity: reps respond to the commission rate "
                f"at their attainment, and amount-based tiers (from_amount) have no rate at an "
                f"attainment; got {elasticity:g}, expected 0 with amount-based tiers (the "
                "`behaviour:` section values pay in money and works with them)"
            )
        lines = list(self.population.products.mix)
        for name in self.pay.commission.product_factors:
            if name not in lines:
                raise ValueError(
                    f"pay.commission.product_factors.{name}: unknown product line {name!r}"
                    f"{closest(name, lines)}; expected one of population.products.mix: "
                    f"{', '.join(lines)}"
                )
        self._people_horizon()
        return self

    @model_validator(mode="after")
    def _clawback_window(self) -> Scenario:
        horizon = self.simulation.periods
        errors = window_errors(self.pay.clawback, horizon=horizon)
        if errors:
            raise ValueError("; ".join(errors))
        return self

    @model_validator(mode="after")
    def _mechanics(self) -> Scenario:
        problems = mechanics_problems(
            self.pay.spifs,
            list(self.population.products.mix),
            start_period=self.simulation.start_period,
            periods=self.simulation.periods,
        )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _people_horizon(self) -> None:
        """A guarantee or draw longer than the simulated horizon is refused."""
        people = self.pay.people
        longest = None if people is None else people.longest_months()
        if longest is not None and longest[1] > self.simulation.periods:
            key, months = longest
            raise ValueError(
                f"pay.people.{key}: {months} months is longer than the horizon "
                f"(simulation.periods: {self.simulation.periods}); expected at most "
                f"{self.simulation.periods}"
            )

    @property
    def display_title(self) -> str:
        """The title reports show: ``title``, else the name in words."""
        return self.title.strip() or title_words(self.name)

    #: Warnings found while loading (an override that dropped named items), kept with the plan.
    _loading_warnings: tuple[str, ...] = PrivateAttr(default=())
    #: The file the plan was loaded from ("" when built in code), for errors found later.
    _source_file: str = PrivateAttr(default="")

    @property
    def source_file(self) -> str:
        """The scenario file this plan was loaded from; "" when it was built in code."""
        return self._source_file

    def with_source_file(self, path: str) -> Scenario:
        """A copy that knows its file, so errors found when paying it can name the file."""
        noted = self.model_copy()
        noted._source_file = path
        return noted

    def with_loading_warnings(self, messages: Sequence[str]) -> Scenario:
        """A copy that carries warnings the loader found, so every door shows them."""
        noted = self.model_copy()
        noted._loading_warnings = (*self._loading_warnings, *messages)
        return noted

    def warnings(self) -> list[str]:
        """Soft problems that need no simulated population: valid, but outside the brief's
        recommendations (KPI family weights, quotas set on another base than commission),
        and what loading warned of."""
        warnings = [*self._loading_warnings, *self.scoring.family_warnings()]
        commission = self.pay.commission
        if commission.base != self.population.quota.basis:
            warnings.append(
                f"pay.commission.base is {commission.base!r} but the simulated quotas are set on "
                f"{self.population.quota.basis!r} revenue (population.quota.basis): attainment "
                "mixes the two bases and reps meet quota more or less often than intended"
            )
        return warnings
