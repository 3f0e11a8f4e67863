"""Commission: the curve's payout on the chosen revenue base, settled per period or
trued up year to date.

Rules (stated once):

- **Commission base** is collected or booked revenue (new + existing). **Attainment** is
  that (uncredited) revenue over quota. Credited revenue = (new x factor_new + existing x
  factor_existing) x (1 + (big_account_coefficient - 1) x big-account share of the base
  revenue) x region-tier coefficient. Commission = curve payout on the attainment of the
  base revenue x credited / base revenue: coefficients change pay, never attainment (so
  they cannot push a rep into a higher tier).
- **Basis** ``period``: each settlement period on its own, its revenue against its own
  quota (tiers reset). ``year_to_date``: at each settlement, year-to-date revenue against
  the annual quota (the sum of that year's monthly quotas in the data); the
  settlement pays the year-to-date earning minus what was already paid that year. The
  year is the calendar year, or the fiscal year when the outcomes carry one
  (``meta["fiscal_year_start"]``, periods.py); settlements group on it too. A
  negative true-up is paid as 0 and netted against later settlements (``carry_forward``;
  a deficit left at year end is forgiven) or paid as a negative amount (``claw_back``).
  cap_amount and minimum_payout apply to each settlement's payment; since the true-up
  compares with what was actually paid, an amount held back by the cap is paid at later
  settlements of the year (each still capped) and a minimum paid ahead is netted later.
- **Gates**: gated tiers are in force in a settlement once the rep's year-to-date base
  revenue up to the end of that settlement reaches the annual quota.
- **Settlement**: assessed on the sums over the settlement period and paid in the
  period's last month (a partial last period: on the months present, paid in the last).
- **Amount-based tiers** read the base in money instead of attainment (no quota needed):
  the settlement's, the year to date's, or one deal's. With ``paid_on: margin`` the amount
  is the gross profit (a negative gross profit earns nothing) and the pay is scaled by
  gross profit / revenue; attainment stays revenue over quota.
- **Product lines**: credited revenue is also multiplied by the plan's product credit
  (sum over lines of share x factor, products.py); a line with factor 0 earns nothing.
- **Per deal** (``tier_each: deal``): each deal is tiered on its own amount and the
  deals' commissions summed per settlement, then cap_amount and minimum_payout apply to
  the settlement. Recorded deals (``meta["deals"]``: a simulation's new-customer deals
  when kept, every won deal of a deal-row import) are tiered one by one; otherwise a
  rep-month's base is split evenly over its transactions (simulations: deals won +
  repeat customers' orders, one order each; imports of revenue per period: deals won),
  at least one where there is revenue (deals.py).
- A quota of 0 (or less) earns no commission on attainment tiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from salesperf_model.engine import periods
from salesperf_model.engine.commission_record import keep_commission
from salesperf_model.engine.curves import (
    has_gate,
    limit_payout,
    settlement_earning,
    tier_earning,
    tier_level,
)
from salesperf_model.engine.deals import per_deal_earning
from salesperf_model.engine.edges import at_least
from salesperf_model.engine.periods import PeriodGroups, fiscal_start, fiscal_years, period_groups
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import eligible, ratio, tier_values
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission


def base_revenue(outcomes: Outcomes, commission: Commission) -> np.ndarray:
    """Monthly commission-base revenue (collected or booked, new + existing)."""
    return outcomes.get(f"revenue_{commission.base}")


def _cells(values: np.ndarray) -> bool:
    """Whether the compiled loops take ``values``: (sims, reps, months) floats."""
    return values.ndim == 3 and values.dtype == np.float64


def year_to_date(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """periods.year_to_date in one compiled pass (the same sums, to the bit)."""
    if not _cells(values):
        return periods.year_to_date(values, years)
    from salesperf_model.engine import pay_kernels  # numba takes a moment to load

    first = np.r_[True, years[1:] != years[:-1]]
    year_start = np.maximum.accumulate(np.where(first, np.arange(len(years)), 0))
    return pay_kernels.year_to_date_cells(values, year_start)


def annual_total(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """periods.annual_total in one compiled pass (the same sums, to the bit)."""
    if not _cells(values):
        return periods.annual_total(values, years)
    from salesperf_model.engine import pay_kernels

    return pay_kernels.annual_total_cells(values, np.unique(years, return_inverse=True)[1])


def _credited(
    outcomes: Outcomes, commission: Commission, total: bool = True
) -> tuple[np.ndarray | None, np.ndarray]:
    """(base revenue, credited revenue), monthly, in one pass over the revenue measures
    (without ``total``: the base revenue may be None)."""
    new = outcomes.get(f"revenue_{commission.base}_new")
    existing = outcomes.get(f"revenue_{commission.base}_existing")
    big = outcomes.get(f"revenue_{commission.base}_big")
    factors = commission.customer_factors
    region = tier_values(commission.region_tier_coefficient, outcomes.reps)
    if not all(_cells(x) and x.shape == new.shape for x in (new, existing, big)):
        weighted = new * factors.new + existing * factors.existing
        big_share = np.clip(ratio(big, new + existing), 0.0, 1.0)
        weighted = weighted * (1.0 + (commission.big_account_coefficient - 1.0) * big_share)
        return new + existing, weighted * region[None, :, None]
    from salesperf_model.engine import pay_kernels

    rules = [factors.new, factors.existing, commission.big_account_coefficient - 1.0]
    return pay_kernels.credited_cells(new, existing, big, region=region, factors=rules, total=total)


def credited_revenue(outcomes: Outcomes, commission: Commission) -> np.ndarray:
    """Monthly revenue credited for commission after factors and coefficients."""
    return _credited(outcomes, commission, total=False)[1]


@dataclass(frozen=True)
class _Monthly:
    """Monthly arrays a commission is settled on (sims, reps, months)."""

    quota: np.ndarray
    revenue: np.ndarray  #: base revenue: attainment is revenue / quota
    tiered: np.ndarray  #: what the tiers read in money: revenue, or gross profit
    credited: np.ndarray  #: what is paid on, after factors, in the unit of ``tiered``

    #: the last sums asked for: (settlement groups, sums); pay_commission asks twice
    _summed: list = field(default_factory=list, init=False, repr=False, compare=False)

    def sums(self, settle: PeriodGroups) -> _Monthly:
        if self._summed and self._summed[0] is settle:
            return self._summed[1]
        done: dict[int, np.ndarray] = {}  # tiered is revenue when paid on revenue: once
        for x in self.parts():
            if id(x) not in done:
                done[id(x)] = settle.sum(x)
        sums = _Monthly(*(done[id(x)] for x in self.parts()))
        self._summed[:] = [settle, sums]
        return sums

    def parts(self) -> tuple[np.ndarray, ...]:
        return (self.quota, self.revenue, self.tiered, self.credited)


def _monthly(outcomes: Outcomes, plan: Commission, credit: np.ndarray | float) -> _Monthly:
    """The plan's monthly quota, revenue, tiered amount and credited amount."""
    quota = outcomes.get("quota")
    revenue, credited = _credited(outcomes, plan)
    if not isinstance(credit, float) or credit != 1.0:
        credited = credited * credit
    if plan.paid_on == "revenue":
        return _Monthly(quota, revenue, revenue, credited)
    margin = np.maximum(outcomes.get("gross_profit"), 0.0)
    return _Monthly(quota, revenue, margin, credited * ratio(margin, revenue))


def _earned(plan: Commission, sums: _Monthly, gate: np.ndarray | None) -> np.ndarray:
    """Money the tiers earn on summed arrays, scaled to the credited amount."""
    read = sums.revenue if plan.tiers_on == "attainment" else sums.tiered
    return tier_earning(plan, sums.quota, read, gate_open=gate) * ratio(sums.credited, read)


def _limit(plan: Commission, earned: np.ndarray, sums: _Monthly) -> np.ndarray:
    """cap_amount and minimum_payout on one settlement (see curves.limit_payout)."""
    earning = sums.revenue > 0
    if plan.tiers_on == "attainment":
        earning = earning & (sums.quota > 0)
    level = tier_level(plan, sums.quota, sums.revenue)
    return limit_payout(plan, earned, level, earning=earning)


def _per_period(
    plan: Commission, settle: PeriodGroups, monthly: _Monthly, gate: np.ndarray | None
) -> np.ndarray:
    """Basis ``period``: each settlement's base on its own (tiers reset)."""
    sums = monthly.sums(settle)
    read = sums.revenue if plan.tiers_on == "attainment" else sums.tiered
    return settlement_earning(
        plan, sums.quota, sums.revenue, read=read, credited=sums.credited, gate_open=gate
    )


def transactions(outcomes: Outcomes) -> np.ndarray:
    """Transactions per rep and month: deals won, plus repeat customers' orders in
    simulations (whose deals won count new-customer deals only)."""
    count = outcomes.get("deals_won")
    if outcomes.source == "simulation":
        count = count + outcomes.get("repeat_customers")
    return count


def _per_deal(
    plan: Commission,
    settle: PeriodGroups,
    monthly: _Monthly,
    *,
    outcomes: Outcomes,
    gate: np.ndarray | None,
) -> np.ndarray:
    """``tier_each: deal``: each deal tiered on its amount (deals.py), summed per
    settlement, then limited per settlement."""
    month_gate = None if gate is None else gate[..., settle.of_month]
    earned = per_deal_earning(
        plan,
        outcomes,
        tiered=monthly.tiered,
        transactions=transactions(outcomes),
        gate=month_gate,
    )
    earned = earned * ratio(monthly.credited, monthly.tiered)
    return _limit(plan, settle.sum(earned), monthly.sums(settle))


def _trued_up(
    plan: Commission,
    ends: np.ndarray,
    years: np.ndarray,
    year_to_date_sums: _Monthly,
    gate: np.ndarray | None,
) -> np.ndarray:
    """Basis ``year_to_date``: each settlement pays the year-to-date earning minus what
    was already paid that (calendar or fiscal) year (negative true-ups carried forward or clawed
    back)."""
    at_ends = _Monthly(*(x[..., ends] for x in year_to_date_sums.parts()))
    earned_y = _earned(plan, at_ends, gate)
    paid = np.zeros_like(earned_y)
    paid_so_far = np.zeros(earned_y.shape[:2])
    for g, end in enumerate(ends):  # settlements in order: the true-up carries forward
        if g and years[end] != years[ends[g - 1]]:
            paid_so_far = np.zeros(earned_y.shape[:2])
        true_up = earned_y[..., g] - paid_so_far
        if plan.negative_true_up == "carry_forward":
            true_up = np.maximum(true_up, 0.0)
        one = _Monthly(*(x[..., g] for x in at_ends.parts()))
        true_up = _limit(plan, true_up, one)
        paid[..., g] = true_up
        paid_so_far = paid_so_far + true_up
    return paid


def pay_commission(
    outcomes: Outcomes,
    plan: Commission,
    record: PayRecord | None = None,
    *,
    credit: np.ndarray | float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(commission paid per month, monthly attainment), both (sims, reps, periods).

    ``credit`` is the product credit (products.product_credit): 1.0 pays every line at
    the curve's rate. ``record``, when given, receives each settlement's calculation
    values (commission_record.py)."""
    monthly = _monthly(outcomes, plan, credit)
    attainment = ratio(monthly.revenue, monthly.quota)
    start = fiscal_start(outcomes.meta)
    settle = period_groups(outcomes.periods, plan.settlement, start=start)
    years = fiscal_years(outcomes.periods, start)
    gate = year_quota = ytd_revenue = None
    if has_gate(plan) or plan.basis == "year_to_date":  # else the year's sums go unread
        year_quota = annual_total(monthly.quota, years)
        ytd_revenue = year_to_date(monthly.revenue, years)
    if has_gate(plan):
        gate = at_least(ytd_revenue[..., settle.ends], year_quota[..., settle.ends])
    if plan.basis == "year_to_date":
        sums = _Monthly(
            year_quota,
            ytd_revenue,
            year_to_date(monthly.tiered, years),
            year_to_date(monthly.credited, years),
        )
        paid = _trued_up(plan, settle.ends, years, sums, gate)
        at_settlement = tuple(x[..., settle.ends] for x in sums.parts())
    elif plan.tier_each == "deal":
        paid = _per_deal(plan, settle, monthly, outcomes=outcomes, gate=gate)
        at_settlement = monthly.sums(settle).parts()
    else:
        paid = _per_period(plan, settle, monthly, gate)
        at_settlement = monthly.sums(settle).parts()
    covered = eligible(plan.roles, outcomes)[None, :, None]
    paid = paid * covered
    if record is not None:
        keep_commission(
            record,
            plan,
            at_settlement,
            gate=gate,
            covered=covered,
            paid=paid,
            years=years[settle.ends],
        )
    return settle.place(paid), attainment
