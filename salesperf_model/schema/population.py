"""Scenario sections that describe the simulated sales force (`population:`) and the
run size (`simulation:`). Owned by the simulation work; the plan sections live in scenario.py.

Every distribution the simulation draws from is a field here, with a description, a unit
and a default. Where a default comes from published evidence the description says so;
every other default is a stated modelling assumption, chosen so that the simulated sales
force meets the stylised facts the tests check (see ``tests/test_simulate_facts.py``).
Money is in the plan's currency (CNY); rates are per month unless a name says otherwise.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from salesperf_model.outcomes import ROLES

#: The one default root seed: every door (CLI, notebooks, calibration) starts from it.
DEFAULT_SEED = 20261123


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unit(unit: str) -> dict:
    return {"unit": unit}


class SimulationSettings(_Section):
    """How big a Monte Carlo run is and how it is seeded."""

    reps: int = Field(
        500,
        ge=1,
        description="Seats (reps) in the simulated sales force.",
        json_schema_extra=_unit("reps"),
    )
    periods: int = Field(
        12, ge=1, le=120, description="Months simulated.", json_schema_extra=_unit("months")
    )
    simulations: int = Field(
        200, ge=1, description="Monte Carlo simulations.", json_schema_extra=_unit("simulations")
    )
    seed: int = Field(
        DEFAULT_SEED, ge=0, description="Root seed: one seed reproduces a run bit for bit."
    )
    start_period: str = Field(
        "2026-01",
        description="First simulated month, 'YYYY-MM'; period labels count on from it and "
        "seasonality follows the calendar month.",
        json_schema_extra=_unit("month"),
    )

    @field_validator("start_period")
    @classmethod
    def _month(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise ValueError(f"start_period {value!r} is not a month like '2026-01'")
        return value


# --------------------------------------------------------------------------- roles


class RoleProfile(_Section):
    """How an average, fully ramped rep of one role sells in an average territory of a
    tier-2 city in an average month (skill 0, territory potential 1, no shocks).

    The pipeline has two stages: a lead enters prospecting, leaves it after on average
    ``prospecting_months`` (advancing to negotiation with probability ``advance_share``,
    else dropped), then spends on average ``negotiation_months`` in negotiation before it
    is won (``win_rate``) or lost. Time in each stage is geometric, so the mean sales cycle
    of a won deal is ``prospecting_months + negotiation_months``.
    """

    visits_per_month: float = Field(
        20.0,
        ge=0,
        description="Effective customer visits (>= 30 minutes of real conversation).",
        json_schema_extra=_unit("visits per month"),
    )
    leads_per_visit: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Chance that a visit opens a new lead (prospecting).",
        json_schema_extra=_unit("leads per visit"),
    )
    prospecting_months: float = Field(
        1.0,
        ge=1,
        description="Mean months a lead spends in prospecting.",
        json_schema_extra=_unit("months"),
    )
    advance_share: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Share of prospecting leads that reach intent negotiation.",
        json_schema_extra=_unit("share"),
    )
    negotiation_months: float = Field(
        1.0,
        ge=1,
        description="Mean months a lead spends in negotiation before it is won or lost.",
        json_schema_extra=_unit("months"),
    )
    win_rate: float = Field(
        0.45,
        gt=0,
        lt=1,
        description="Share of negotiations won by an average rep (skill shifts it on the log-odds scale).",
        json_schema_extra=_unit("share"),
    )
    deal_size_median: float = Field(
        40_000,
        gt=0,
        description="Median size of a new-customer deal with a small account (log-normal).",
        json_schema_extra=_unit("money"),
    )
    deal_size_sigma: float = Field(
        0.7,
        ge=0,
        description="Log-scale spread of deal sizes (log-normal sigma).",
        json_schema_extra=_unit("log units"),
    )
    book_customers: float = Field(
        20.0,
        ge=0,
        description="Existing customers in a seat's book at the start.",
        json_schema_extra=_unit("customers"),
    )
    repeat_probability: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Chance that an existing customer buys again in a month (brief KPI: repeat-purchase rate, target 30%).",
        json_schema_extra=_unit("share per month"),
    )
    order_size_mean: float = Field(
        10_000,
        gt=0,
        description="Mean repeat order of a small existing customer (gamma distributed).",
        json_schema_extra=_unit("money"),
    )
    upsell_probability: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Chance that a repeat order carries an upsell or cross-sell.",
        json_schema_extra=_unit("share"),
    )
    upsell_size_ratio: float = Field(
        0.8,
        ge=0,
        description="Upsell amount as a multiple of the mean repeat order.",
        json_schema_extra=_unit("factor"),
    )
    churn_probability: float = Field(
        0.015,
        ge=0,
        le=1,
        description="Chance that an existing customer stops buying in a month (1.5% a month is about 17% a year).",
        json_schema_extra=_unit("share per month"),
    )
    keep_new_customer_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="Share of newly won customers that stay in the seat's book (the rest are handed to account managers).",
        json_schema_extra=_unit("share"),
    )
    big_account_share_mean: float = Field(
        0.15,
        ge=0,
        lt=1,
        description="Mean share of a book's potential in big accounts (Beta distributed across seats).",
        json_schema_extra=_unit("share"),
    )
    new_segment_rate: float = Field(
        0.03,
        ge=0,
        description="New market segments entered per month.",
        json_schema_extra=_unit("segments per month"),
    )
    is_channel: bool = Field(
        False,
        description="True for channel managers: the book is partner channels, repeat orders are channel orders and the channel measures are filled.",
    )


def _profile(**values: Any) -> dict[str, Any]:
    return values


#: Default role profiles. Monthly expected revenue of an average rep (tier 2, territory 1)
#: lands at 100k-250k CNY; see ``salesperf_model.simulate.expected_monthly_revenue``.
DEFAULT_ROLE_PROFILES: dict[str, dict[str, Any]] = {
    "new_business": _profile(
        visits_per_month=25,
        leads_per_visit=0.35,
        prospecting_months=1.0,
        advance_share=0.4,
        negotiation_months=1.0,
        win_rate=0.5,
        deal_size_median=42_000,
        deal_size_sigma=0.7,
        book_customers=12,
        repeat_probability=0.3,
        order_size_mean=9_000,
        upsell_probability=0.1,
        churn_probability=0.02,
        keep_new_customer_share=0.15,
        big_account_share_mean=0.15,
        new_segment_rate=0.08,
    ),
    "account_manager": _profile(
        visits_per_month=22,
        leads_per_visit=0.10,
        prospecting_months=1.0,
        advance_share=0.45,
        negotiation_months=1.0,
        win_rate=0.5,
        deal_size_median=30_000,
        deal_size_sigma=0.6,
        book_customers=45,
        repeat_probability=0.3,
        order_size_mean=8_000,
        upsell_probability=0.25,
        churn_probability=0.011,
        keep_new_customer_share=1.0,
        big_account_share_mean=0.2,
        new_segment_rate=0.02,
    ),
    "key_account_manager": _profile(
        visits_per_month=12,
        leads_per_visit=0.25,
        prospecting_months=2.0,
        advance_share=0.5,
        negotiation_months=4.0,
        win_rate=0.4,
        deal_size_median=70_000,
        deal_size_sigma=0.8,
        book_customers=20,
        repeat_probability=0.3,
        order_size_mean=11_000,
        upsell_probability=0.2,
        churn_probability=0.01,
        keep_new_customer_share=0.33,
        big_account_share_mean=0.6,
        new_segment_rate=0.02,
    ),
    "channel_manager": _profile(
        visits_per_month=18,
        leads_per_visit=0.12,
        prospecting_months=1.5,
        advance_share=0.4,
        negotiation_months=1.5,
        win_rate=0.5,
        deal_size_median=15_000,
        deal_size_sigma=0.6,
        book_customers=12,
        repeat_probability=0.7,
        order_size_mean=18_000,
        upsell_probability=0.1,
        churn_probability=0.035,
        keep_new_customer_share=1.0,
        big_account_share_mean=0.1,
        new_segment_rate=0.03,
        is_channel=True,
    ),
    "regional_manager": _profile(
        visits_per_month=10,
        leads_per_visit=0.2,
        prospecting_months=1.0,
        advance_share=0.4,
        negotiation_months=2.0,
        win_rate=0.5,
        deal_size_median=50_000,
        deal_size_sigma=0.7,
        book_customers=12,
        repeat_probability=0.3,
        order_size_mean=12_000,
        upsell_probability=0.15,
        churn_probability=0.012,
        keep_new_customer_share=0.36,
        big_account_share_mean=0.3,
        new_segment_rate=0.03,
    ),
    "equity_sales": _profile(
        visits_per_month=15,
        leads_per_visit=0.2,
        prospecting_months=3.0,
        advance_share=0.35,
        negotiation_months=6.0,
        win_rate=0.35,
        deal_size_median=250_000,
        deal_size_sigma=0.9,
        book_customers=5,
        repeat_probability=0.05,
        order_size_mean=60_000,
        upsell_probability=0.1,
        churn_probability=0.01,
        keep_new_customer_share=0.14,
        big_account_share_mean=0.5,
        new_segment_rate=0.02,
    ),
}


# --------------------------------------------------------------------------- regions


class RegionSpec(_Section):
    """One sales region: a city and its market tier."""

    name: str = Field(description="Region name (shown in the rep table).")
    tier: Literal[1, 2, 3] = Field(description="Market tier of the region's city: 1, 2 or 3.")
    seat_weight: float = Field(
        1.0,
        gt=0,
        description="Relative number of seats in the region.",
        json_schema_extra=_unit("weight"),
    )
    market_size: float | None = Field(
        None,
        gt=0,
        description="Monthly market size of the region; by default the seats' expected revenue divided by `market.expected_market_share`.",
        json_schema_extra=_unit("money per month"),
    )


def _default_regions() -> list[RegionSpec]:
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


# --------------------------------------------------------------------------- sections


class SkillEffects(_Section):
    """How latent skill (standard normal across the population, the same for every group)
    moves each behaviour. Effects are log-scale per standard deviation of skill, except
    ``win_log_odds`` (log-odds of winning a negotiation)."""

    visits: float = Field(
        0.08, description="Effect on effective visits.", json_schema_extra=_unit("log per SD")
    )
    leads: float = Field(
        0.12, description="Effect on leads per visit.", json_schema_extra=_unit("log per SD")
    )
    win_log_odds: float = Field(
        0.30,
        description="Effect on the log-odds of winning a negotiation.",
        json_schema_extra=_unit("log-odds per SD"),
    )
    deal_size: float = Field(
        0.05, description="Effect on deal and order sizes.", json_schema_extra=_unit("log per SD")
    )
    repeat: float = Field(
        0.08,
        description="Effect on existing customers' repeat-purchase chance.",
        json_schema_extra=_unit("log per SD"),
    )
    churn: float = Field(
        -0.30,
        description="Effect on the chance of losing an existing customer.",
        json_schema_extra=_unit("log per SD"),
    )


class TerritorySection(_Section):
    """Luck of the draw: territory potential, big accounts, and how well quota setters see them."""

    potential_sigma: float = Field(
        0.25,
        ge=0,
        description="Log-scale spread of territory potential (a mean-1 log-normal multiplier on leads and order sizes).",
        json_schema_extra=_unit("log units"),
    )
    big_account_concentration: float = Field(
        8.0,
        gt=0,
        description="Beta concentration of the big-account share across seats (higher: seats more alike).",
        json_schema_extra=_unit("alpha + beta"),
    )
    big_deal_multiplier: float = Field(
        6.0,
        ge=1,
        description="How many times larger a big-account deal or order is than a small one; big accounts are correspondingly rarer, so the expected revenue share from big accounts equals the seat's big-account share.",
        json_schema_extra=_unit("factor"),
    )
    groups: dict[str, float] = Field(
        default_factory=lambda: {"female": 0.4, "male": 0.6},
        description="Group attribute shares for pay-equity analysis (drawn per seat; a replacement hire keeps the seat's group).",
        json_schema_extra=_unit("share"),
    )
    allocation_bias_group: str | None = Field(
        None,
        description="Group whose seats get poorer territories (biased allocation); none by default.",
    )
    allocation_bias: float = Field(
        0.0,
        description="Log-scale shift of territory potential for `allocation_bias_group` (e.g. -0.1: about 10% less potential).",
        json_schema_extra=_unit("log units"),
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


class MarketSection(_Section):
    """Seasonality, common market shocks and regional shocks (log-scale AR(1) processes
    with mean-1 multipliers) on leads and repeat purchases."""

    seasonality: list[float] = Field(
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
        json_schema_extra=_unit("factor"),
    )
    market_shock_sigma: float = Field(
        0.05,
        ge=0,
        description="Stationary log-scale spread of the company-wide market shock.",
        json_schema_extra=_unit("log units"),
    )
    market_shock_persistence: float = Field(
        0.6,
        ge=0,
        lt=1,
        description="Month-to-month autocorrelation of the market shock.",
        json_schema_extra=_unit("correlation"),
    )
    regional_shock_sigma: float = Field(
        0.08,
        ge=0,
        description="Stationary log-scale spread of each region's shock.",
        json_schema_extra=_unit("log units"),
    )
    regional_shock_persistence: float = Field(
        0.6,
        ge=0,
        lt=1,
        description="Month-to-month autocorrelation of regional shocks.",
        json_schema_extra=_unit("correlation"),
    )
    rep_month_sigma: float = Field(
        0.15,
        ge=0,
        description="Log-scale rep-month noise on leads (good and bad months).",
        json_schema_extra=_unit("log units"),
    )
    expected_market_share: float = Field(
        0.2,
        gt=0,
        le=1,
        description="The company's expected share of each regional market; sets the default market size (brief KPI target: regional market share).",
        json_schema_extra=_unit("share"),
    )
    tier_revenue_factor: dict[int, float] = Field(
        default_factory=lambda: {1: 1.3, 2: 1.0, 3: 0.75},
        description="Deal and order size multiplier by the region's tier (tier-1 cities buy bigger).",
        json_schema_extra=_unit("factor"),
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


class QuotaSection(_Section):
    """How monthly quotas are set."""

    rule: Literal["potential", "ratchet", "given"] = Field(
        "potential",
        description="'potential': a share of the estimated territory potential (expected revenue of an average rep there); 'ratchet': start from potential, then every `ratchet_period_months` move the quota toward the last period's result; 'given': `given` per role times the tier factor.",
    )
    share_of_potential: float = Field(
        0.9,
        gt=0,
        description="Quota as a share of the estimated potential. With the defaults about 55% of reps reach their annual quota, in line with the 50-60% that practitioner surveys report (CSO Insights 2018 Sales Performance Study: 53% of reps made quota).",
        json_schema_extra=_unit("share"),
    )
    estimate_sigma: float = Field(
        0.15,
        ge=0,
        description="Log-scale error of the quota setter's estimate of a territory's potential.",
        json_schema_extra=_unit("log units"),
    )
    ramp_quota: bool = Field(
        True, description="New hires get a quota scaled by their ramp-up factor."
    )
    ratchet_period_months: int = Field(
        3,
        ge=1,
        description="Months between quota resets under the ratchet rule (brief: re-set each quarter).",
        json_schema_extra=_unit("months"),
    )
    ratchet_up: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of the excess over quota added to the next quota after beating it.",
        json_schema_extra=_unit("share"),
    )
    ratchet_down: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Share of the shortfall taken off the next quota after missing it (below `ratchet_up`: asymmetric ratchet).",
        json_schema_extra=_unit("share"),
    )
    given: dict[str, float] = Field(
        default_factory=dict,
        description="Monthly quota per role in a tier-2 region, for the 'given' rule (times `market.tier_revenue_factor`).",
        json_schema_extra=_unit("money per month"),
    )

    @model_validator(mode="after")
    def _check(self) -> QuotaSection:
        unknown = [k for k in self.given if k not in ROLES]
        if unknown:
            raise ValueError(
                f"population.quota.given has unknown roles {unknown}; expected {list(ROLES)}"
            )
        return self


class WorkforceSection(_Section):
    """Tenure, ramp-up, exits and hires."""

    annual_attrition: float = Field(
        0.25,
        ge=0,
        lt=1,
        description="Voluntary attrition per year of an average rep (sales-force turnover surveys report 25-35% a year; we take the low end).",
        json_schema_extra=_unit("share per year"),
    )
    underpaid_effect: float = Field(
        1.5,
        ge=0,
        description="Extra attrition of strong reps who are underpaid: the monthly exit hazard is multiplied by exp(effect x max(skill, 0) x max(0, 1 - trailing 3-month attainment)). Attainment stands in for pay, which the engine computes after the simulation; under every plan in the brief pay rises with it.",
        json_schema_extra=_unit("log per SD per unit shortfall"),
    )
    ramp_months: float = Field(
        5.0,
        ge=0,
        description="Months for a new hire to reach full productivity (industry surveys of B2B reps put average ramp at about 5 months).",
        json_schema_extra=_unit("months"),
    )
    ramp_start: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Productivity of a new hire in the first month, rising linearly to 1 over `ramp_months`.",
        json_schema_extra=_unit("share"),
    )
    hire_skill_mean: float = Field(
        0.0,
        description="Mean skill of new hires (0: drawn from the same population).",
        json_schema_extra=_unit("SD"),
    )
    plan_exit_probability: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Chance that a rep the plan flags (C twice running) leaves the seat at that review (the brief: reassignment or dismissal after notice and a chance to improve). Applies only when plan hooks are given.",
        json_schema_extra=_unit("share"),
    )
    effort_elasticity: float = Field(
        0.0,
        ge=0,
        description="Response of effort (effective visits) to the plan's marginal commission rate at the rep's running attainment, relative to the rate at quota: effort = (rate / rate at quota) ** elasticity. 0 (default): reps do not respond to the plan.",
        json_schema_extra=_unit("elasticity"),
    )


class RatingsSection(_Section):
    """360-degree ratings (0..100 points): rating = leniency + spread x (sqrt(reliability) x skill + sqrt(1 - reliability) x rater noise)."""

    reliability: float = Field(
        0.52,
        ge=0,
        le=1,
        description="Inter-rater reliability (correlation between two raters of the same rep in the same month). Default from the meta-analysis of Viswesvaran, Ones & Schmidt (1996): 0.52 for supervisory ratings of overall job performance.",
        json_schema_extra=_unit("correlation"),
    )
    self_other_correlation: float = Field(
        0.35,
        ge=0,
        le=1,
        description="Correlation of self ratings with another rater's. Default from Harris & Schaubroeck (1988): self-supervisor correlation about 0.35.",
        json_schema_extra=_unit("correlation"),
    )
    persistent_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of a rater's noise that persists from month to month (halo, liking).",
        json_schema_extra=_unit("share"),
    )
    spread: float = Field(
        10.0, ge=0, description="Spread (SD) of ratings.", json_schema_extra=_unit("points")
    )
    leniency: dict[str, float] = Field(
        default_factory=lambda: {"manager": 74.0, "peer": 73.0, "customer": 76.0, "self": 82.0},
        description="Mean rating by rater; self ratings are lenient (self ratings run above others' in the literature).",
        json_schema_extra=_unit("points"),
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


class CustomerSection(_Section):
    """Customer-facing quality: NPS, response time, complaints, tests and risk."""

    nps_responses: float = Field(
        20.0,
        gt=0,
        description="Mean survey responses per rep per month (Poisson, at least 1); NPS is computed from them.",
        json_schema_extra=_unit("responses"),
    )
    nps_promoter_share: float = Field(
        0.55,
        gt=0,
        lt=1,
        description="Promoter share among an average rep's customers.",
        json_schema_extra=_unit("share"),
    )
    nps_detractor_share: float = Field(
        0.12,
        gt=0,
        lt=1,
        description="Detractor share among an average rep's customers.",
        json_schema_extra=_unit("share"),
    )
    nps_skill_effect: float = Field(
        0.8,
        ge=0,
        description="Log-odds shift of promoter (and against detractor) per SD of skill; with the defaults an NPS >= 90 is rare and comes from the best reps.",
        json_schema_extra=_unit("log-odds per SD"),
    )
    response_time_median: float = Field(
        2.6,
        gt=0,
        description="Median of a rep's mean response time (brief target: <= 2 hours).",
        json_schema_extra=_unit("hours"),
    )
    response_time_sigma: float = Field(
        0.3,
        ge=0,
        description="Log-scale month-to-month spread of response time.",
        json_schema_extra=_unit("log units"),
    )
    response_time_skill_effect: float = Field(
        -0.2,
        description="Log effect of skill on response time.",
        json_schema_extra=_unit("log per SD"),
    )
    complaints_per_customer: float = Field(
        0.012,
        ge=0,
        description="Complaints per book customer per month for an average rep.",
        json_schema_extra=_unit("complaints per customer"),
    )
    compliance_incident_rate: float = Field(
        0.15,
        ge=0,
        description="Process breaches and false promises per month for an average rep.",
        json_schema_extra=_unit("incidents per month"),
    )
    contract_risk_share: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Share of an average rep's signed deals later flagged for risky terms.",
        json_schema_extra=_unit("share"),
    )
    credit_accuracy_mean: float = Field(
        0.88,
        gt=0,
        lt=1,
        description="Share of an average rep's credit assessments later proven right.",
        json_schema_extra=_unit("share"),
    )
    test_mean: dict[str, float] = Field(
        default_factory=lambda: {"product_knowledge": 74.0, "negotiation": 71.0},
        description="Mean score of the product-knowledge test and the negotiation assessment.",
        json_schema_extra=_unit("points"),
    )
    test_spread: float = Field(
        9.0, ge=0, description="Spread (SD) of test scores.", json_schema_extra=_unit("points")
    )
    test_skill_correlation: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Correlation of a test score with skill.",
        json_schema_extra=_unit("correlation"),
    )
    new_hire_test_penalty: float = Field(
        10.0,
        ge=0,
        description="Points a brand-new hire loses on tests, fading over the ramp.",
        json_schema_extra=_unit("points"),
    )
    training_hours: float = Field(
        5.0,
        ge=0,
        description="Training hours per month of a ramped rep (Poisson).",
        json_schema_extra=_unit("hours per month"),
    )
    new_hire_training_hours: float = Field(
        16.0,
        ge=0,
        description="Training hours per month during ramp-up.",
        json_schema_extra=_unit("hours per month"),
    )
    gross_margin: float = Field(
        0.35,
        gt=0,
        lt=1,
        description="Gross margin on small-account revenue.",
        json_schema_extra=_unit("share"),
    )
    big_account_margin_cut: float = Field(
        0.10,
        ge=0,
        lt=1,
        description="Margin points given up on big-account revenue (big buyers negotiate harder).",
        json_schema_extra=_unit("share"),
    )
    new_product_share: float = Field(
        0.10,
        ge=0,
        le=1,
        description="Mean share of booked revenue from products launched this year (brief KPI: new-product penetration).",
        json_schema_extra=_unit("share"),
    )


class CollectionSection(_Section):
    """When and how much of booked revenue is collected."""

    lag_shares: list[float] = Field(
        default_factory=lambda: [0.2, 0.5, 0.3],
        description="Share of a month's booked revenue falling due 0, 1, 2... months later (payment terms); must add to 1.",
        json_schema_extra=_unit("share"),
    )
    shortfall_mean: float = Field(
        0.06,
        ge=0,
        lt=1,
        description="Mean share of the receivable not collected in the month it falls due and written off (bad debt) for a rep of average credit accuracy; the collection rate averages about 0.94.",
        json_schema_extra=_unit("share"),
    )
    shortfall_concentration: float = Field(
        60.0,
        gt=0,
        description="Beta concentration of the monthly shortfall share.",
        json_schema_extra=_unit("alpha + beta"),
    )

    @model_validator(mode="after")
    def _check(self) -> CollectionSection:
        total = sum(self.lag_shares)
        if abs(total - 1) > 1e-6 or min(self.lag_shares) < 0:
            raise ValueError(
                f"population.collections.lag_shares add to {total:g}, expected non-negative shares adding to 1"
            )
        return self


# --------------------------------------------------------------------------- population


def _default_role_shares() -> dict[str, float]:
    return {
        "new_business": 0.32,
        "account_manager": 0.30,
        "key_account_manager": 0.12,
        "channel_manager": 0.14,
        "regional_manager": 0.12,
        "equity_sales": 0.0,
    }


class Population(_Section):
    """The simulated sales force: who sits in which seat, and the distributions their
    monthly results are drawn from.

    Regional managers are player-coaches: each leads one team in a region and carries a
    small personal book (role profile ``regional_manager``); their measures are their own,
    never the region's totals, so summing any measure over reps counts nothing twice.
    Regional KPIs (attainment, market share, revenue per head) are computed by grouping
    reps by region, as the plan engine does.
    """

    role_shares: dict[str, float] = Field(
        default_factory=_default_role_shares,
        description="Share of seats per role (keys from outcomes.ROLES); must add to 1. Regional managers: one team each.",
        json_schema_extra=_unit("share"),
    )
    roles: dict[str, RoleProfile] = Field(
        default_factory=lambda: {k: RoleProfile(**v) for k, v in DEFAULT_ROLE_PROFILES.items()},
        description="Selling profile per role; a scenario may override single fields of single roles, the rest keep their defaults.",
    )
    regions: list[RegionSpec] = Field(
        default_factory=_default_regions,
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

    @field_validator("roles", mode="before")
    @classmethod
    def _merge_roles(cls, value: Any) -> Any:
        """A scenario names only what it changes: merge each role over its default profile."""
        if not isinstance(value, dict):
            return value
        unknown = [k for k in value if k not in ROLES]
        if unknown:
            raise ValueError(
                f"population.roles has unknown roles {unknown}; expected {list(ROLES)}"
            )
        merged: dict[str, Any] = {}
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
