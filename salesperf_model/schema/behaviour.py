"""The `behaviour:` section: how reps respond to the plan they are paid under (effort, deal
timing, leaving).

On by default. ``behaviour: none`` in a scenario turns it off: every plan is then paid on
the baseline's simulated outcomes, as if reps did not care how they are paid (fast).
The comparison uses the baseline's section for every plan: it describes the people.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from salesperf_model.outcomes import ROLES
from salesperf_model.schema.base import Section, closest, unit


def _default_timing_control() -> dict[str, float]:
    return {
        "new_business": 0.3,
        "account_manager": 0.1,
        "key_account_manager": 0.5,
        "channel_manager": 0.2,
        "regional_manager": 0.1,
        "equity_sales": 0.5,
    }


class Behaviour(Section):
    """Reps' response to pay: effort from the plan's expected marginal pay, leaving by
    performance, pay against the market and grades, and replacement hiring."""

    enabled: bool = Field(
        True,
        description="Reps respond to the plan (each plan simulated under its own behaviour). `behaviour: none` sets this to false: every plan is paid on the baseline's outcomes.",
    )
    sales_elasticity: float = Field(
        0.34,
        ge=0,
        le=1,
        description="Elasticity of sales to selling effort: revenue scales about as effort ** this (personal-selling elasticity about 0.34 in the meta-analysis of Albers, Mantrala & Sridhar, J. Marketing Res. 2010). Spread over visits, leads per visit and win odds (a third each) for new business and over repeat and upsell chances (half each) for the book.",
        json_schema_extra=unit("elasticity"),
    )
    effort_elasticity: float = Field(
        1.0,
        ge=0,
        le=10,
        description="Response of effort to the expected marginal pay of more revenue, relative to `reference_marginal_pay`: effort = (marginal pay / reference) ** this, within [`effort_floor`, `effort_ceiling`]. Assumption (unit-elastic effort); no published figure isolates it: calibrate. Revenue then responds to marginal pay with about `sales_elasticity` x this.",
        json_schema_extra=unit("elasticity"),
    )
    reference_marginal_pay: float = Field(
        0.05,
        gt=0,
        le=0.5,
        description="Expected pay per unit of extra revenue at which effort is 1 (the sales force as calibrated). A fixed money yardstick, not the plan's own rate: doubling every rate raises effort. The default is close to the baseline plan's mean expected marginal pay (commission, over-achievement bonus and profit share, discounted), so the baseline works about as calibrated.",
        json_schema_extra=unit("money per unit of revenue"),
    )
    effort_floor: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Least effort, whatever the plan pays at the margin (reps still work for base pay, the job and the grade): a rate of 0 never means zero visits. Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    effort_ceiling: float = Field(
        2.0,
        ge=1,
        le=10,
        description="Most effort (hours in a month are finite). Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    marginal_step: float = Field(
        0.1,
        gt=0,
        le=2,
        description="Extra revenue over which the marginal pay is measured, as a share of the settlement period's quota: a finite step, so tier jumps, gates, thresholds and lump sums within reach count.",
        json_schema_extra=unit("share of period quota"),
    )
    forecast_cv: float = Field(
        0.5,
        ge=0,
        le=5,
        description="Uncertainty of one month's revenue as the rep sees it (coefficient of variation); the rest of a period of n months is uncertain by about this / sqrt(n). Pay is averaged over it, so a threshold far out of reach pays little at the margin. Assumption, near the simulated month-to-month spread.",
        json_schema_extra=unit("coefficient of variation"),
    )
    present_bias: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Weight on stakes beyond the current commission settlement period (annual bonuses and profit share, a gate opening, a ratchet raising next quota): quasi-hyperbolic beta. Reps discount the future hyperbolically (Chung, Steenburgh & Sudhir, Marketing Sci. 2014); 0.8 is our assumption: calibrate.",
        json_schema_extra=unit("weight"),
    )
    lookahead_months: int = Field(
        3,
        ge=0,
        le=12,
        description="Months after the current settlement period whose pay a rep weighs for next-period stakes (a gate opening, a ratchet raising quota).",
        json_schema_extra=unit("months"),
    )
    timing_control_share: dict[str, float] = Field(
        default_factory=_default_timing_control,
        description="Share of a rep's new-customer deals whose close date the rep controls, by role (keys from outcomes.ROLES; roles left out keep their default). A rep who gains from moving deals pulls this share of the wins expected over `pull_horizon_months` into this month or pushes this share of this month's wins into next month; the rep weighs the whole batch (the controlled share of the new-deal run rate over the horizon), so a batch that carries a period past a tier edge, threshold or gate counts whole. Assumption: long-cycle enterprise deals are largely in the rep's hands (Larkin, J. Labor Econ. 2014: 12-24 month cycles, reps time closure to the quarter), hence 0.5 for key accounts and equity sales; 0.3 for new business; a customer's repeat orders follow the customer's needs, hence 0.1 for account and regional managers.",
        json_schema_extra=unit("share of deals"),
    )
    pull_discount: float = Field(
        0.14,
        ge=0,
        lt=1,
        description="Discount a customer is granted to sign a pulled deal early, as a share of its list value (the price the deal would fetch untimed). Larkin (J. Labor Econ. 2014) finds reps grant significantly lower prices in the quarters where they time deals, costing the vendor 6-8% of revenue in all; his teaching case on an enterprise software vendor (Larkin, Arck Systems (B), HBS 9-911-057, 2011) reports deals closing at the quarter's end discounted about 40% off list against 30% or less mid-quarter: a price of 60% of list instead of 70%, 14% lower.",
        json_schema_extra=unit("share of list value"),
    )
    pull_horizon_months: int = Field(
        1,
        ge=1,
        le=12,
        description="How far ahead a rep can reach for a deal to pull in: a pulling rep signs early the controlled share of the wins expected over the next this many months from the pipeline, negotiations and prospects alike (a debt the following wins repay). 1: only next month's deals. Long enterprise cycles let reps move deals across a quarter (Larkin, J. Labor Econ. 2014: 12-24 month cycles); the default is our assumption.",
        json_schema_extra=unit("months"),
    )
    timing_hurdle: float = Field(
        0.1,
        ge=0,
        le=10,
        description="Least gain in pay per unit of list value moved, as a share of `reference_marginal_pay`, for which a rep moves deals: pulls when signing the reachable batch this month at the discount pays this much more per unit than leaving it in next month's, pushes when signing this month's controlled deals next month pays this much more (asking a customer to move a date has a cost). Assumption: calibrate.",
        json_schema_extra=unit("share of reference marginal pay"),
    )
    performance_exit_effect: float = Field(
        0.7,
        ge=0,
        le=5,
        description="Good performers leave less: the monthly exit hazard is multiplied by trailing 3-month attainment ** -effect, relative to the mean of the sales force that month (so the mean hazard stays `workforce.annual_attrition`). The default gives a correlation of performance with leaving of about -0.27 in the baseline (-0.28 and -0.26 on two seeds, 500 reps x 10 simulations; meta-analysis of McEvoy & Cascio, Acad. Manage. J. 1987: about -0.28).",
        json_schema_extra=unit("log hazard per log attainment"),
    )
    pay_exit_elasticity: float = Field(
        2.0,
        ge=0,
        le=10,
        description="Reps paid less than they could earn elsewhere leave more: hazard x (expected pay / market pay) ** -this, where market pay is what the rep would earn at the same results under the baseline plan (the market the baseline was set against). Assumption of the order of separation elasticities reported for employers: calibrate.",
        json_schema_extra=unit("elasticity"),
    )
    c_grade_exit_multiplier: float = Field(
        1.5,
        ge=1,
        le=20,
        description="Exit hazard multiplier in the review period after a C grade (a warning reps act on). Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    moved_down_exit_multiplier: float = Field(
        1.5,
        ge=1,
        le=20,
        description="Exit hazard multiplier in the review period after a forced distribution moved the rep below the grade their points earned (strong reps moved down by a quota feel wronged). Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    selection_validity: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Correlation of the hiring screen with skill; hires are the applicants the screen ranks in the top `selection_ratio` (structured interviews and ability tests reach about 0.5 corrected, Schmidt & Hunter, Psychol. Bull. 1998; 0.3 for an ordinary hiring process is our assumption).",
        json_schema_extra=unit("correlation"),
    )
    selection_ratio: float = Field(
        0.3,
        gt=0,
        le=1,
        description="Share of applicants hired. Assumption.",
        json_schema_extra=unit("share"),
    )
    applicant_skill_gap: float = Field(
        -0.35,
        le=0,
        description="Mean skill of applicants against `workforce.hire_skill_mean` (incumbents survived selection, applicants did not). With the default validity and ratio new hires average about the incumbents' skill.",
        json_schema_extra=unit("SD"),
    )

    @field_validator("timing_control_share", mode="before")
    @classmethod
    def _control_by_role(cls, value: Any) -> Any:
        """Roles left out keep their default; unknown roles and shares outside 0..1 are refused."""
        if not isinstance(value, dict):
            return value
        unknown = [k for k in value if k not in ROLES]
        if unknown:
            raise ValueError(
                f"unknown role {unknown[0]!r}{closest(str(unknown[0]), list(ROLES))}; "
                f"expected one of {list(ROLES)}"
            )
        bad = {k: v for k, v in value.items() if not isinstance(v, int | float) or not 0 <= v <= 1}
        if bad:
            raise ValueError(f"shares must be numbers from 0 to 1, got {bad}")
        return {**_default_timing_control(), **value}

    @property
    def times_deals(self) -> bool:
        """Whether any role controls the timing of its deals."""
        return any(v > 0 for v in self.timing_control_share.values())

    @model_validator(mode="before")
    @classmethod
    def _none(cls, value: Any) -> Any:
        """``behaviour: none`` (or false) turns the response off."""
        if value is None or value is False or (isinstance(value, str) and value.lower() == "none"):
            return {"enabled": False}
        if value is True:
            return {}
        return value
