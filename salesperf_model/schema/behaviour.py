"""The `behaviour:` section: how reps respond to the plan they are paid under (effort, leaving).

On by default. ``behaviour: none`` in a scenario turns it off: every plan is then paid on
the baseline's simulated outcomes, as if reps did not care how they are paid (fast).
The comparison uses the baseline's section for every plan: it describes the people.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit


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
        description="Response of effort to the expected marginal pay of more revenue, relative to `reference_marginal_pay`: effort = (marginal pay / reference) ** this, within [`effort_floor`, `effort_ceiling`]. Assumption (unit-elastic effort); no published figure isolates it: calibrate. Revenue then responds to marginal pay with about `sales_elasticity` x this.",
        json_schema_extra=unit("elasticity"),
    )
    reference_marginal_pay: float = Field(
        0.05,
        gt=0,
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
        description="Most effort (hours in a month are finite). Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    marginal_step: float = Field(
        0.1,
        gt=0,
        description="Extra revenue over which the marginal pay is measured, as a share of the settlement period's quota: a finite step, so tier jumps, gates, thresholds and lump sums within reach count.",
        json_schema_extra=unit("share of period quota"),
    )
    forecast_cv: float = Field(
        0.5,
        ge=0,
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
    performance_exit_effect: float = Field(
        0.7,
        ge=0,
        description="Good performers leave less: the monthly exit hazard is multiplied by trailing 3-month attainment ** -effect, relative to the mean of the sales force that month (so the mean hazard stays `workforce.annual_attrition`). The default gives a correlation of performance with leaving of about -0.27 in the baseline (-0.28 and -0.26 on two seeds, 500 reps x 10 simulations; meta-analysis of McEvoy & Cascio, Acad. Manage. J. 1987: about -0.28).",
        json_schema_extra=unit("log hazard per log attainment"),
    )
    pay_exit_elasticity: float = Field(
        2.0,
        ge=0,
        description="Reps paid less than they could earn elsewhere leave more: hazard x (expected pay / market pay) ** -this, where market pay is what the rep would earn at the same results under the baseline plan (the market the baseline was set against). Assumption of the order of separation elasticities reported for employers: calibrate.",
        json_schema_extra=unit("elasticity"),
    )
    c_grade_exit_multiplier: float = Field(
        1.5,
        ge=1,
        description="Exit hazard multiplier in the review period after a C grade (a warning reps act on). Assumption.",
        json_schema_extra=unit("multiplier"),
    )
    moved_down_exit_multiplier: float = Field(
        1.5,
        ge=1,
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

    @model_validator(mode="before")
    @classmethod
    def _none(cls, value: Any) -> Any:
        """``behaviour: none`` (or false) turns the response off."""
        if value is None or value is False or (isinstance(value, str) and value.lower() == "none"):
            return {"enabled": False}
        if value is True:
            return {}
        return value
