"""How seats are staffed and targeted: quotas, tenure, ramp-up, exits and hires."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.outcomes import ROLES
from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Factor, PositiveMoney


class QuotaSection(Section):
    """How monthly quotas are set."""

    rule: Literal["potential", "ratchet", "given"] = Field(
        "potential",
        description="'potential': a share of the estimated territory potential (expected revenue of an average rep there); 'ratchet': start from potential, then every `ratchet_period_months` move the quota toward `share_of_potential` of the seat's smoothed trend; 'given': `given` per role times the tier factor.",
    )
    share_of_potential: Factor = Field(
        0.9,
        gt=0,
        description="Quota as a share of the estimated potential. With the defaults about 55% of reps reach their annual quota, in line with the 50-60% that practitioner surveys report (CSO Insights 2018 Sales Performance Study: 53% of reps made quota).",
        json_schema_extra=unit("share"),
    )
    estimate_sigma: float = Field(
        0.15,
        ge=0,
        description="Log-scale error of the quota setter's estimate of a territory's potential.",
        json_schema_extra=unit("log units"),
    )
    ramp_quota: bool = Field(
        True, description="New hires get a quota scaled by their ramp-up factor."
    )
    basis: Literal["collected", "booked"] = Field(
        "collected",
        description="Revenue the monthly quota is set on: 'collected' cash (the brief's commission base: the quota follows the payment lags and is net of expected bad debt) or 'booked' revenue. Set it to the plan's `pay.commission.base`; a plan paid on the other base is warned about.",
    )
    seasonal: bool = Field(
        True,
        description="Monthly quotas follow `market.seasonality` (on the quota's basis), so a share of reps near the annual one meets each month's quota whatever the season; false: flat monthly quotas (with flat quotas 32% of reps met February's quota and 56% December's).",
    )
    ratchet_period_months: int = Field(
        3,
        ge=1,
        description="Months between quota resets under the ratchet rule (brief: re-set each quarter).",
        json_schema_extra=unit("months"),
    )
    ratchet_smoothing: float = Field(
        0.3,
        gt=0,
        le=1,
        description="Weight of the closing period in the smoothed trend of attainment the ratchet moves on (exponential smoothing); 1 ratchets on the last period alone, i.e. on noise (reps at quota then fell from 55% to 26% in two years). Assumption: 0.3, a trend over about three periods.",
        json_schema_extra=unit("share"),
    )
    ratchet_tolerance: float = Field(
        0.05,
        ge=0,
        description="Relative gap between the trend's quota and the current quota within which the ratchet leaves the quota alone (noise, not trend). Assumption.",
        json_schema_extra=unit("share"),
    )
    ratchet_up: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of the gap added to the next quota when the trend beats it (asymmetric ratchet of Leone, Misra & Zimmerman 2004: quota a weighted average of last period's sales and quota, raised more after beating than cut after missing).",
        json_schema_extra=unit("share"),
    )
    ratchet_down: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Share of the gap taken off the next quota when the trend misses it (below `ratchet_up`: asymmetric ratchet, Leone, Misra & Zimmerman 2004).",
        json_schema_extra=unit("share"),
    )
    given: dict[str, PositiveMoney] = Field(
        default_factory=dict,
        description="Average monthly quota per role in a tier-2 region, for the 'given' rule (times `market.tier_revenue_factor`; spread over the months by the season when `seasonal`); each > 0 (a zero quota makes attainment infinite).",
        json_schema_extra=unit("money per month"),
    )

    @model_validator(mode="after")
    def _check(self) -> QuotaSection:
        unknown = [k for k in self.given if k not in ROLES]
        if unknown:
            raise ValueError(
                f"population.quota.given has unknown roles {unknown}; expected {list(ROLES)}"
            )
        return self


class WorkforceSection(Section):
    """Tenure, ramp-up, exits and hires."""

    annual_attrition: float = Field(
        0.25,
        ge=0,
        lt=1,
        description="Voluntary attrition per year of an average rep (sales-force turnover surveys report 25-35% a year; we take the low end).",
        json_schema_extra=unit("share per year"),
    )
    underpaid_effect: float = Field(
        1.5,
        ge=0,
        description="Extra attrition of strong reps who are underpaid: the monthly exit hazard is multiplied by exp(effect x max(skill, 0) x max(0, 1 - trailing 3-month attainment)). Attainment stands in for pay, which the engine computes after the simulation; under every plan in the brief pay rises with it.",
        json_schema_extra=unit("log per SD per unit shortfall"),
    )
    ramp_months: float = Field(
        5.0,
        ge=0,
        description="Months for a new hire to reach full productivity (industry surveys of B2B reps put average ramp at about 5 months).",
        json_schema_extra=unit("months"),
    )
    ramp_start: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Productivity of a new hire in the first month, rising linearly to 1 over `ramp_months`.",
        json_schema_extra=unit("share"),
    )
    hire_skill_mean: float = Field(
        0.0,
        ge=-3,
        le=3,
        description="Mean skill of new hires (0: drawn from the same population), in standard deviations of the population's skill (within 3 either way).",
        json_schema_extra=unit("SD"),
    )
    plan_exit_probability: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Chance that a rep the plan flags (C twice running) leaves the seat at that review (the brief: reassignment or dismissal after notice and a chance to improve). Applies only when the simulation is given the plan's response (salesperf simulate --plan-exits).",
        json_schema_extra=unit("share"),
    )
    time_to_fill_months: int = Field(
        0,
        ge=0,
        description="Whole months a seat stays empty between a rep's exit and the successor's first month: the seat has no holder (person_id -1), no visits, no new pipeline or customers, and is paid nothing (a promotion's seat is refilled the same way). 0 (default): the successor starts the next month, as before. Published time to fill a sales job is about 2 months (HRO Today / WilsonHCG sales recruiting study: 58.1 days on average; The Wall Street Journal: 41 days), counted from the requisition, which is often opened during the leaver's notice; the default stays 0 so that every existing scenario pays as before: set 1-2 to cost vacancies.",
        json_schema_extra=unit("months"),
    )
    vacancy_coverage: float = Field(
        0.75,
        ge=0,
        le=1,
        description="Share of a vacant seat's existing-customer revenue that colleagues and the manager keep serving while the seat is empty; the rest is lost for those months (new business stops). Assumption: no published figure found; repeat orders come from the customers themselves, while upsell and attention to at-risk accounts lapse (sales leaders' estimates of an open territory describe new business going to zero). Only used when `time_to_fill_months` > 0.",
        json_schema_extra=unit("share"),
    )
    effort_elasticity: float = Field(
        0.0,
        ge=0,
        description="Response of effort (effective visits) to the plan's marginal commission rate at the rep's running attainment, relative to the rate at quota: effort = (rate / rate at quota) ** elasticity. 0 (default): reps do not respond to the plan.",
        json_schema_extra=unit("elasticity"),
    )
