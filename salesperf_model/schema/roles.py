"""How each role sells: the role profile, its default values per role, and skill effects.

Where a default comes from published evidence the description says so; every other
default is a stated modelling assumption, chosen so that the simulated sales force meets
the stylised facts the tests check (see ``tests/test_simulate_facts.py``).
"""

from __future__ import annotations

from pydantic import Field

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import PositiveMoney


class RoleProfile(Section):
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
        le=1000,  # 40 a working day: beyond any field force
        description="Effective customer visits (>= 30 minutes of real conversation).",
        json_schema_extra=unit("visits per month"),
    )
    leads_per_visit: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Chance that a visit opens a new lead (prospecting).",
        json_schema_extra=unit("leads per visit"),
    )
    prospecting_months: float = Field(
        1.0,
        ge=1,
        le=120,  # ten years in one stage
        description="Mean months a lead spends in prospecting.",
        json_schema_extra=unit("months"),
    )
    advance_share: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Share of prospecting leads that reach intent negotiation.",
        json_schema_extra=unit("share"),
    )
    negotiation_months: float = Field(
        1.0,
        ge=1,
        le=120,  # ten years in one stage
        description="Mean months a lead spends in negotiation before it is won or lost.",
        json_schema_extra=unit("months"),
    )
    win_rate: float = Field(
        0.45,
        gt=0,
        lt=1,
        description="Share of negotiations won by an average rep (skill shifts it on the log-odds scale).",
        json_schema_extra=unit("share"),
    )
    deal_size_median: PositiveMoney = Field(
        40_000,
        description="Median size of a new-customer deal with a small account (log-normal).",
        json_schema_extra=unit("money"),
    )
    deal_size_sigma: float = Field(
        0.7,
        ge=0,
        le=5,  # a 150-fold spread per standard deviation
        description="Log-scale spread of deal sizes (log-normal sigma).",
        json_schema_extra=unit("log units"),
    )
    book_customers: float = Field(
        20.0,
        ge=0,
        le=100_000,  # beyond any one seat's book
        description="Existing customers in a seat's book at the start.",
        json_schema_extra=unit("customers"),
    )
    repeat_probability: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Chance that an existing customer buys again in a month (brief KPI: repeat-purchase rate, target 30%).",
        json_schema_extra=unit("share per month"),
    )
    order_size_mean: PositiveMoney = Field(
        10_000,
        description="Mean repeat order of a small existing customer (log-normal, spread `order_size_sigma`).",
        json_schema_extra=unit("money"),
    )
    order_size_sigma: float = Field(
        0.873,
        ge=0,
        le=5,  # a 150-fold spread per standard deviation
        description="Log-scale spread of repeat orders and upsells (log-normal sigma, mean kept at `order_size_mean`). Default fitted to the Maven CRM export: existing-customer deal sizes have coefficient of variation 1.07 (4,153 deals), sigma = sqrt(ln(1 + 1.07^2)) = 0.873.",
        json_schema_extra=unit("log units"),
    )
    upsell_probability: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Chance that a repeat order carries an upsell or cross-sell.",
        json_schema_extra=unit("share"),
    )
    upsell_size_ratio: float = Field(
        0.8,
        ge=0,
        description="Upsell amount as a multiple of the mean repeat order.",
        json_schema_extra=unit("factor"),
    )
    churn_probability: float = Field(
        0.015,
        ge=0,
        le=1,
        description="Chance that an existing customer stops buying in a month (1.5% a month is about 17% a year).",
        json_schema_extra=unit("share per month"),
    )
    keep_new_customer_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="Share of newly won customers that stay in the seat's book (the rest are handed to account managers).",
        json_schema_extra=unit("share"),
    )
    big_account_share_mean: float = Field(
        0.15,
        ge=0,
        lt=1,
        description="Mean share of a book's potential in big accounts (Beta distributed across seats).",
        json_schema_extra=unit("share"),
    )
    new_segment_rate: float = Field(
        0.03,
        ge=0,
        description="New market segments entered per month.",
        json_schema_extra=unit("segments per month"),
    )
    is_channel: bool = Field(
        False,
        description="True for channel managers: the book is partner channels, repeat orders are channel orders and the channel measures are filled.",
    )


#: Default role profiles. Monthly expected revenue of an average rep (tier 2, territory 1)
#: lands at 100k-250k CNY; see ``salesperf_model.simulate.expected_monthly_revenue``.
DEFAULT_ROLE_PROFILES: dict[str, dict[str, float | bool]] = {
    "new_business": dict(
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
    "account_manager": dict(
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
    "key_account_manager": dict(
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
    "channel_manager": dict(
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
    "regional_manager": dict(
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
    "equity_sales": dict(
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


#: The largest skill effect taken, in size: exp(3), a 20-fold difference per standard
#: deviation of skill, is already far beyond the field studies (docs/parameters.md gives
#: each default's source); a larger one (deal_size 50 paid 10^45) is a unit mistake.
MAX_SKILL_EFFECT = 3.0


class SkillEffects(Section):
    """How latent skill (standard normal across the population, the same for every group)
    moves each behaviour. Effects are log-scale per standard deviation of skill, except
    ``win_log_odds`` (log-odds of winning a negotiation)."""

    visits: float = Field(
        0.08,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on effective visits.",
        json_schema_extra=unit("log per SD"),
    )
    leads: float = Field(
        0.12,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on leads per visit.",
        json_schema_extra=unit("log per SD"),
    )
    win_log_odds: float = Field(
        0.30,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on the log-odds of winning a negotiation.",
        json_schema_extra=unit("log-odds per SD"),
    )
    deal_size: float = Field(
        0.05,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on deal and order sizes.",
        json_schema_extra=unit("log per SD"),
    )
    repeat: float = Field(
        0.08,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on existing customers' repeat-purchase chance.",
        json_schema_extra=unit("log per SD"),
    )
    churn: float = Field(
        -0.30,
        ge=-MAX_SKILL_EFFECT,
        le=MAX_SKILL_EFFECT,
        description="Effect on the chance of losing an existing customer.",
        json_schema_extra=unit("log per SD"),
    )
