"""What customers report and pay: NPS, response time, complaints, tests, margins, collections."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Points, Share


class CustomerSection(Section):
    """Customer-facing quality: NPS, response time, complaints, tests and risk."""

    nps_responses: float = Field(
        20.0,
        gt=0,
        description="Mean survey responses per rep per month (Poisson, at least 1); NPS is computed from them.",
        json_schema_extra=unit("responses"),
    )
    nps_promoter_share: float = Field(
        0.55,
        gt=0,
        lt=1,
        description="Promoter share among an average rep's customers.",
        json_schema_extra=unit("share"),
    )
    nps_detractor_share: float = Field(
        0.12,
        gt=0,
        lt=1,
        description="Detractor share among an average rep's customers.",
        json_schema_extra=unit("share"),
    )
    nps_skill_effect: float = Field(
        0.8,
        ge=0,
        description="Log-odds shift of promoter (and against detractor) per SD of skill; with the defaults an NPS >= 90 is rare and comes from the best reps.",
        json_schema_extra=unit("log-odds per SD"),
    )
    response_time_median: float = Field(
        2.6,
        gt=0,
        description="Median of a rep's mean response time (brief target: <= 2 hours).",
        json_schema_extra=unit("hours"),
    )
    response_time_sigma: float = Field(
        0.3,
        ge=0,
        description="Log-scale month-to-month spread of response time.",
        json_schema_extra=unit("log units"),
    )
    response_time_skill_effect: float = Field(
        -0.2,
        description="Log effect of skill on response time.",
        json_schema_extra=unit("log per SD"),
    )
    complaints_per_customer: float = Field(
        0.012,
        ge=0,
        description="Complaints per book customer per month for an average rep.",
        json_schema_extra=unit("complaints per customer"),
    )
    compliance_incident_rate: float = Field(
        0.15,
        ge=0,
        description="Process breaches and false promises per month for an average rep.",
        json_schema_extra=unit("incidents per month"),
    )
    contract_risk_share: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Share of an average rep's signed deals later flagged for risky terms.",
        json_schema_extra=unit("share"),
    )
    credit_accuracy_mean: float = Field(
        0.88,
        gt=0,
        lt=1,
        description="Share of an average rep's credit assessments later proven right.",
        json_schema_extra=unit("share"),
    )
    test_mean: dict[str, Points] = Field(
        default_factory=lambda: {"product_knowledge": 74.0, "negotiation": 71.0},
        description="Mean score of the product-knowledge test and the negotiation assessment.",
        json_schema_extra=unit("points"),
    )
    test_spread: float = Field(
        9.0, ge=0, description="Spread (SD) of test scores.", json_schema_extra=unit("points")
    )
    test_skill_correlation: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Correlation of a test score with skill.",
        json_schema_extra=unit("correlation"),
    )
    new_hire_test_penalty: float = Field(
        10.0,
        ge=0,
        description="Points a brand-new hire loses on tests, fading over the ramp.",
        json_schema_extra=unit("points"),
    )
    training_hours: float = Field(
        5.0,
        ge=0,
        description="Training hours per month of a ramped rep (Poisson).",
        json_schema_extra=unit("hours per month"),
    )
    new_hire_training_hours: float = Field(
        16.0,
        ge=0,
        description="Training hours per month during ramp-up.",
        json_schema_extra=unit("hours per month"),
    )
    gross_margin: float = Field(
        0.35,
        gt=0,
        lt=1,
        description="Gross margin on small-account revenue.",
        json_schema_extra=unit("share"),
    )
    big_account_margin_cut: float = Field(
        0.10,
        ge=0,
        lt=1,
        description="Margin points given up on big-account revenue (big buyers negotiate harder).",
        json_schema_extra=unit("share"),
    )
    new_product_share: float = Field(
        0.10,
        ge=0,
        le=1,
        description="Mean share of booked revenue from products launched this year (brief KPI: new-product penetration).",
        json_schema_extra=unit("share"),
    )


class CollectionSection(Section):
    """When and how much of booked revenue is collected."""

    lag_shares: list[Share] = Field(
        default_factory=lambda: [0.2, 0.5, 0.3],
        description="Share of a month's booked revenue falling due 0, 1, 2... months later (payment terms); must add to 1.",
        json_schema_extra=unit("share"),
    )
    shortfall_mean: float = Field(
        0.06,
        ge=0,
        lt=1,
        description="Mean share of the receivable not collected in the month it falls due and written off (bad debt) for a rep of average credit accuracy; the collection rate averages about 0.94.",
        json_schema_extra=unit("share"),
    )
    shortfall_concentration: float = Field(
        60.0,
        gt=0,
        description="Beta concentration of the monthly shortfall share.",
        json_schema_extra=unit("alpha + beta"),
    )

    @model_validator(mode="after")
    def _check(self) -> CollectionSection:
        total = sum(self.lag_shares)
        if abs(total - 1) > 1e-6 or min(self.lag_shares) < 0:
            raise ValueError(
                f"population.collections.lag_shares add to {total:g}, expected non-negative shares adding to 1"
            )
        return self
