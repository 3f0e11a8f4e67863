"""Commission re-paid on one simulated sales force with what its rates do not change kept: the monthly revenue, quota and credited amounts summed per settlement, the attainment, the gate; only the curve, the limits and the roles are applied anew.

It follows ``engine.commission.pay_commission`` step for step for the common rule (basis
``period``, tiers on each settlement's sum) with the same engine functions in the same
order, so the figures are the engine's to the bit; any other rule, or a commission field
this module does not know (a rule the schema gained), is paid by the engine itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesperf_model.engine.commission import _monthly, pay_commission
from salesperf_model.engine.curves import has_gate, limit_payout, tier_earning, tier_level
from salesperf_model.engine.edges import at_least
from salesperf_model.engine.periods import (
    PeriodGroups,
    annual_total,
    fiscal_start,
    fiscal_years,
    period_groups,
    year_to_date,
)
from salesperf_model.engine.products import product_credit, product_shares
from salesperf_model.engine.seats import eligible, ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Scenario

#: Every commission field as this module knows them: a field the schema gains is a rule
#: not followed here, and the engine pays commission.
KNOWN_FIELDS = frozenset(
    {
        "base",
        "curve",
        "tiers",
        "tier_each",
        "paid_on",
        "product_factors",
        "threshold",
        "cap_attainment",
        "cap_amount",
        "minimum_payout",
        "basis",
        "negative_true_up",
        "settlement",
        "customer_factors",
        "big_account_coefficient",
        "region_tier_coefficient",
        "roles",
    }
)
#: Fields read only after the settlement sums: the curve, its limits and who is paid.
_APPLIED = {"curve", "tiers", "threshold", "cap_attainment", "cap_amount", "minimum_payout"}


@dataclass(frozen=True)
class _Settled:
    """What a commission's curve is applied to, per settlement (sims, reps, settlements)
    unless stated: its key, the settlement periods, the monthly attainment (sims, reps,
    months), the gate, the quota, what the tiers read, the credited share of it, the
    tier level and where something is earned."""

    key: str
    settle: PeriodGroups
    attainment: np.ndarray
    gate: np.ndarray | None
    quota: np.ndarray
    read: np.ndarray
    credited_share: np.ndarray
    level: np.ndarray
    earning: np.ndarray


class CommissionRepayer:
    """Pays the commission of plans on ``outcomes``, the settlement sums kept from the
    last plan with the same base, credit, settlement and tier shape."""

    def __init__(self, outcomes: Outcomes) -> None:
        self.outcomes = outcomes
        self._settled: _Settled | None = None

    @staticmethod
    def follows(plan: Commission) -> bool:
        """Whether this module follows the plan's rule (else the engine pays it)."""
        return (
            set(type(plan).model_fields) == KNOWN_FIELDS
            and plan.basis == "period"
            and plan.tier_each != "deal"
        )

    def pay(self, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
        """(commission paid per month, monthly attainment): ``pay_commission`` of the
        scenario's commission with its product credit, as ``engine.pay.pay`` calls it."""
        plan = scenario.pay.commission
        shares = product_shares(scenario.population.products.mix, self.outcomes)
        credit = product_credit(plan, shares)
        if not self.follows(plan):
            return pay_commission(self.outcomes, plan, None, credit=credit)
        settled = self._settle(scenario, plan, credit)
        earned = (
            tier_earning(plan, settled.quota, settled.read, gate_open=settled.gate)
            * settled.credited_share
        )
        paid = limit_payout(plan, earned, settled.level, earning=settled.earning)
        covered = eligible(plan.roles, self.outcomes)[None, :, None]
        paid = paid * covered
        return settled.settle.place(paid), settled.attainment

    def _settle(self, scenario: Scenario, plan: Commission, credit: np.ndarray | float) -> _Settled:
        key = plan.model_dump_json(exclude=_APPLIED | {"roles"})
        key += repr((plan.tiers_on, [t.gated for t in plan.tiers]))
        key += scenario.population.products.model_dump_json()
        if self._settled is not None and self._settled.key == key:
            return self._settled
        outcomes = self.outcomes
        monthly = _monthly(outcomes, plan, credit)
        attainment = ratio(monthly.revenue, monthly.quota)
        start = fiscal_start(outcomes.meta)
        settle = period_groups(outcomes.periods, plan.settlement, start=start)
        gate = None
        if has_gate(plan):
            years = fiscal_years(outcomes.periods, start)
            year_quota = annual_total(monthly.quota, years)
            ytd_revenue = year_to_date(monthly.revenue, years)
            gate = at_least(ytd_revenue[..., settle.ends], year_quota[..., settle.ends])
        sums = monthly.sums(settle)
        read = sums.revenue if plan.tiers_on == "attainment" else sums.tiered
        earning = sums.revenue > 0
        if plan.tiers_on == "attainment":
            earning = earning & (sums.quota > 0)
        for array in (attainment, sums.quota, read):
            array.flags.writeable = False
        self._settled = _Settled(
            key,
            settle,
            attainment,
            gate,
            sums.quota,
            read,
            ratio(sums.credited, read),
            tier_level(plan, sums.quota, sums.revenue),
            earning,
        )
        return self._settled
