"""The KPI catalog: every KPI the domain brief names, and how to compute its actual value.

A scenario weights KPIs by name per role and may override each KPI's target and scoring
rule; what a KPI *measures* is fixed here so that every plan measures it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["result", "behaviour", "capability"]
Aggregation = Literal["sum", "ratio", "mean", "rating_360", "growth", "retention", "per_head"]
Direction = Literal["higher", "lower"]
TargetKind = Literal["quota", "fixed"]


@dataclass(frozen=True)
class KpiDefinition:
    """How one KPI's actual value is computed for a review period.

    ``aggregation``:
    - ``sum``: the numerator measures summed over the review period's months;
    - ``ratio``: summed numerator / summed denominator;
    - ``mean``: monthly mean of the numerator measure;
    - ``rating_360``: the 360-degree ratings combined by the plan's rater weights, averaged;
    - ``growth``: this review period's sum / the previous review period's sum - 1;
    - ``retention``: 1 - summed numerator / summed denominator;
    - ``per_head``: the region's summed numerator / the number of reps in the region.

    ``scope`` ``region`` computes the value on the rep's whole region (regional managers).
    ``default_target`` is per month for flows (scaled by the months in the review period)
    and as-is for ratios, means and ratings.
    """

    name: str
    family: Family
    group: str
    description: str
    numerator: tuple[str, ...]
    aggregation: Aggregation = "sum"
    denominator: tuple[str, ...] = ()
    direction: Direction = "higher"
    scope: Literal["rep", "region"] = "rep"
    target_kind: TargetKind = "fixed"
    default_target: float = 1.0
    unit: str = ""

    @property
    def is_flow(self) -> bool:
        """Flows (sums of money or counts) scale their per-month target with the period length."""
        return self.aggregation in ("sum", "per_head")


_REVENUE = ("revenue_booked_new", "revenue_booked_existing")
_COLLECTED = ("revenue_collected_new", "revenue_collected_existing")

_ENTRIES = [
    # Result KPIs (roles table of the brief)
    KpiDefinition(
        "new_customer_revenue",
        "result",
        "result",
        "Revenue booked from customers acquired in the period.",
        ("revenue_booked_new",),
        target_kind="quota",
        unit="money",
    ),
    KpiDefinition(
        "new_customer_count",
        "result",
        "result",
        "Customers that signed a contract or placed a first order.",
        ("new_customers",),
        default_target=2.0,
        unit="customers",
    ),
    KpiDefinition(
        "new_customer_conversion",
        "result",
        "result",
        "New customers / effective customer visits.",
        ("new_customers",),
        "ratio",
        ("visits",),
        default_target=0.10,
        unit="ratio",
    ),
    KpiDefinition(
        "repeat_purchase_rate",
        "result",
        "result",
        "Existing customers who bought again / all existing customers.",
        ("repeat_customers",),
        "ratio",
        ("existing_customers",),
        default_target=0.30,
        unit="ratio",
    ),
    KpiDefinition(
        "upsell_revenue",
        "result",
        "result",
        "Revenue from higher-value products or add-ons to existing customers.",
        ("revenue_upsell",),
        target_kind="quota",
        default_target=0.25,
        unit="money",
    ),
    KpiDefinition(
        "collection_rate",
        "result",
        "result",
        "Cash collected / amount receivable in the period (also the channel collection rate).",
        _COLLECTED,
        "ratio",
        ("receivable",),
        default_target=0.95,
        unit="ratio",
    ),
    KpiDefinition(
        "revenue",
        "result",
        "result",
        "Revenue booked, new and existing customers.",
        _REVENUE,
        target_kind="quota",
        unit="money",
    ),
    KpiDefinition(
        "collected_revenue",
        "result",
        "result",
        "Cash collected, new and existing customers.",
        _COLLECTED,
        target_kind="quota",
        unit="money",
    ),
    KpiDefinition(
        "revenue_growth",
        "result",
        "result",
        "Booked revenue against the previous review period (first period: no growth measured, scored at target).",
        _REVENUE,
        "growth",
        default_target=0.05,
        unit="ratio",
    ),
    KpiDefinition(
        "customer_growth",
        "result",
        "result",
        "Customers in the book against the previous review period.",
        ("existing_customers",),
        "growth",
        default_target=0.03,
        unit="ratio",
    ),
    KpiDefinition(
        "customer_retention",
        "result",
        "result",
        "1 - customers lost / existing customers.",
        ("customers_lost",),
        "retention",
        ("existing_customers",),
        default_target=0.95,
        unit="ratio",
    ),
    KpiDefinition(
        "profit_margin",
        "result",
        "result",
        "Gross profit / booked revenue.",
        ("gross_profit",),
        "ratio",
        _REVENUE,
        default_target=0.30,
        unit="ratio",
    ),
    KpiDefinition(
        "market_expansion",
        "result",
        "result",
        "New market segments entered.",
        ("new_segments",),
        default_target=0.1,
        unit="segments",
    ),
    KpiDefinition(
        "big_account_revenue",
        "result",
        "result",
        "Revenue booked from big (key) accounts.",
        ("revenue_booked_big",),
        target_kind="quota",
        default_target=0.5,
        unit="money",
    ),
    KpiDefinition(
        "complaint_rate",
        "result",
        "result",
        "Complaints / existing customers (lower is better).",
        ("complaints",),
        "ratio",
        ("existing_customers",),
        direction="lower",
        default_target=0.02,
        unit="ratio",
    ),
    # Regional manager KPIs: computed on the whole region
    KpiDefinition(
        "regional_attainment",
        "result",
        "regional",
        "Regional revenue / regional quota.",
        _REVENUE,
        "ratio",
        ("quota",),
        scope="region",
        default_target=1.0,
        unit="ratio",
    ),
    KpiDefinition(
        "regional_market_share",
        "result",
        "regional",
        "Regional revenue / regional market size.",
        _REVENUE,
        "ratio",
        ("region_market_size",),
        scope="region",
        default_target=0.20,
        unit="ratio",
    ),
    KpiDefinition(
        "revenue_per_head",
        "result",
        "regional",
        "Regional revenue / reps in the region (target: mean quota per rep).",
        _REVENUE,
        "per_head",
        scope="region",
        target_kind="quota",
        unit="money",
    ),
    # Channel KPIs
    KpiDefinition(
        "channel_revenue_share",
        "result",
        "channel",
        "Revenue through partner channels / all revenue.",
        ("channel_revenue",),
        "ratio",
        _REVENUE,
        default_target=0.5,
        unit="ratio",
    ),
    KpiDefinition(
        "channel_coverage",
        "result",
        "channel",
        "Partner channels managed.",
        ("channels_total",),
        "mean",
        default_target=10.0,
        unit="channels",
    ),
    KpiDefinition(
        "new_channels",
        "result",
        "channel",
        "New effective partner channels signed.",
        ("channels_new",),
        default_target=0.5,
        unit="channels",
    ),
    KpiDefinition(
        "channel_activity",
        "result",
        "channel",
        "Active channels / channels managed.",
        ("channels_active",),
        "ratio",
        ("channels_total",),
        default_target=0.7,
        unit="ratio",
    ),
    KpiDefinition(
        "revenue_per_channel",
        "result",
        "channel",
        "Channel revenue / active channels.",
        ("channel_revenue",),
        "ratio",
        ("channels_active",),
        default_target=20_000.0,
        unit="money per channel per month",
    ),
    KpiDefinition(
        "new_product_penetration",
        "result",
        "channel",
        "Revenue from new products / all revenue.",
        ("new_product_revenue",),
        "ratio",
        _REVENUE,
        default_target=0.10,
        unit="ratio",
    ),
    # Stage KPIs for long-cycle roles (equity sales, key accounts)
    KpiDefinition(
        "stage_prospecting",
        "result",
        "stage",
        "Leads brought into prospecting (stage 1 of a long cycle).",
        ("leads_prospecting",),
        default_target=8.0,
        unit="leads",
    ),
    KpiDefinition(
        "stage_negotiation",
        "result",
        "stage",
        "Leads brought into intent negotiation (stage 2).",
        ("leads_negotiation",),
        default_target=3.0,
        unit="leads",
    ),
    KpiDefinition(
        "stage_signing",
        "result",
        "stage",
        "Contracts signed (stage 3).",
        ("deals_won",),
        default_target=1.0,
        unit="deals",
    ),
    # Risk-control KPIs for high-risk sales
    KpiDefinition(
        "credit_assessment",
        "result",
        "risk",
        "Share of customer credit assessments later proven right.",
        ("credit_assessment_accuracy",),
        "mean",
        default_target=0.9,
        unit="ratio",
    ),
    KpiDefinition(
        "contract_risk",
        "result",
        "risk",
        "Contracts with terms later flagged as risky (lower is better).",
        ("contract_risk_incidents",),
        direction="lower",
        default_target=0.5,
        unit="contracts",
    ),
    # Behaviour KPIs
    KpiDefinition(
        "customer_visits",
        "behaviour",
        "behaviour",
        "Effective visits (>= 30 minutes of real conversation).",
        ("visits",),
        default_target=20.0,
        unit="visits",
    ),
    KpiDefinition(
        "response_time",
        "behaviour",
        "behaviour",
        "Mean response time to customer requests (target <= 2 hours; lower is better).",
        ("response_time_hours",),
        "mean",
        direction="lower",
        default_target=2.0,
        unit="hours",
    ),
    KpiDefinition(
        "collaboration",
        "behaviour",
        "behaviour",
        "Cross-team collaboration rated by peers and other departments (also team-collaboration efficiency).",
        ("rating_peer",),
        "mean",
        default_target=75.0,
        unit="points",
    ),
    KpiDefinition(
        "compliance",
        "behaviour",
        "behaviour",
        "Process breaches and false promises (lower is better).",
        ("compliance_incidents",),
        direction="lower",
        default_target=0.5,
        unit="incidents",
    ),
    KpiDefinition(
        "rating_360",
        "behaviour",
        "behaviour",
        "360-degree rating: manager, customer, peer (and self) ratings combined by the plan's rater weights.",
        ("rating_manager", "rating_customer", "rating_peer", "rating_self"),
        "rating_360",
        default_target=75.0,
        unit="points",
    ),
    KpiDefinition(
        "training_participation",
        "behaviour",
        "behaviour",
        "Training hours attended.",
        ("training_hours",),
        default_target=4.0,
        unit="hours",
    ),
    # Capability KPIs
    KpiDefinition(
        "product_knowledge",
        "capability",
        "capability",
        "Written product-knowledge test.",
        ("product_knowledge_score",),
        "mean",
        default_target=80.0,
        unit="points",
    ),
    KpiDefinition(
        "negotiation",
        "capability",
        "capability",
        "Negotiation (role play or customer feedback).",
        ("negotiation_score",),
        "mean",
        default_target=80.0,
        unit="points",
    ),
    KpiDefinition(
        "learning",
        "capability",
        "capability",
        "Learning: training hours and exams passed.",
        ("training_hours",),
        default_target=4.0,
        unit="hours",
    ),
    KpiDefinition(
        "customer_relationship",
        "capability",
        "capability",
        "Customer-relationship skill measured by NPS.",
        ("nps",),
        "mean",
        default_target=50.0,
        unit="NPS points",
    ),
]

#: Every KPI by name.
KPI_CATALOG: dict[str, KpiDefinition] = {entry.name: entry for entry in _ENTRIES}

#: The brief's weight bands per KPI family, in percent of the total score.
FAMILY_BANDS: dict[str, tuple[float, float]] = {
    "result": (60.0, 70.0),
    "behaviour": (20.0, 30.0),
    "capability": (10.0, 20.0),
}
