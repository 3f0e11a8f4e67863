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
  the annual quota (the sum of that calendar year's monthly quotas in the data); the
  settlement pays the year-to-date earning minus what was already paid that year. A
  negative true-up is paid as 0 and netted against later settlements (``carry_forward``;
  a deficit left at year end is forgiven) or paid as a negative amount (``claw_back``).
  cap_amount and minimum_payout apply to each settlement's payment; since the true-up
  compares with what was actually paid, an amount held back by the cap is paid at later
  settlements of the year (each still capped) and a minimum paid ahead is netted later.
- **Gates**: gated tiers are in force in a settlement once the rep's year-to-date base
  revenue up to the end of that settlement reaches the annual quota.
- **Settlement**: assessed on the sums over the settlement period and paid in the
  period's last month (a partial last period: on the months present, paid in the last).
- A quota of 0 (or less) earns no commission.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.curves import earning_share, has_gate, limit_payout
from salesperf_model.engine.periods import (
    PeriodGroups,
    annual_total,
    month_numbers,
    period_groups,
    year_to_date,
)
from salesperf_model.engine.seats import eligible, ratio, tier_values
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission


def base_revenue(outcomes: Outcomes, commission: Commission) -> np.ndarray:
    """Monthly commission-base revenue (collected or booked, new + existing)."""
    return outcomes.get(f"revenue_{commission.base}")


def credited_revenue(outcomes: Outcomes, commission: Commission) -> np.ndarray:
    """Monthly revenue credited for commission after factors and coefficients."""
    new = outcomes.get(f"revenue_{commission.base}_new")
    existing = outcomes.get(f"revenue_{commission.base}_existing")
    big = outcomes.get(f"revenue_{commission.base}_big")
    factors = commission.customer_factors
    weighted = new * factors.new + existing * factors.existing
    big_share = np.clip(ratio(big, new + existing), 0.0, 1.0)
    weighted = weighted * (1.0 + (commission.big_account_coefficient - 1.0) * big_share)
    region = tier_values(commission.region_tier_coefficient, outcomes.reps)
    return weighted * region[None, :, None]


def _per_period(
    plan: Commission,
    settle: PeriodGroups,
    monthly: tuple[np.ndarray, np.ndarray, np.ndarray],
    gate: np.ndarray | None,
) -> np.ndarray:
    """Basis ``period``: each settlement's revenue against its own quota (tiers reset)."""
    quota_p, revenue_p, credited_p = (settle.sum(x) for x in monthly)
    share_p = earning_share(plan, ratio(revenue_p, quota_p), gate)
    earned = quota_p * share_p * ratio(credited_p, revenue_p)
    earned = np.where(quota_p > 0, earned, 0.0)
    return limit_payout(
        plan, earned, ratio(revenue_p, quota_p), earning=(quota_p > 0) & (revenue_p > 0)
    )


def _trued_up(
    plan: Commission,
    ends: np.ndarray,
    years: np.ndarray,
    year_to_date_sums: tuple[np.ndarray, np.ndarray, np.ndarray],
    gate: np.ndarray | None,
) -> np.ndarray:
    """Basis ``year_to_date``: each settlement pays the year-to-date earning minus what
    was already paid that calendar year (negative true-ups carried forward or clawed
    back)."""
    quota_y, revenue_y, credited_y = (x[..., ends] for x in year_to_date_sums)
    attainment_y = ratio(revenue_y, quota_y)
    earned_y = quota_y * earning_share(plan, attainment_y, gate) * ratio(credited_y, revenue_y)
    earned_y = np.where(quota_y > 0, earned_y, 0.0)
    paid = np.zeros_like(earned_y)
    paid_so_far = np.zeros(earned_y.shape[:2])
    for g, end in enumerate(ends):  # settlements in order: the true-up carries forward
        if g and years[end] != years[ends[g - 1]]:
            paid_so_far = np.zeros(earned_y.shape[:2])
        true_up = earned_y[..., g] - paid_so_far
        if plan.negative_true_up == "carry_forward":
            true_up = np.maximum(true_up, 0.0)
        earning = (quota_y[..., g] > 0) & (revenue_y[..., g] > 0)
        true_up = limit_payout(plan, true_up, attainment_y[..., g], earning=earning)
        paid[..., g] = true_up
        paid_so_far = paid_so_far + true_up
    return paid


def pay_commission(outcomes: Outcomes, plan: Commission) -> tuple[np.ndarray, np.ndarray]:
    """(commission paid per month, monthly attainment), both (sims, reps, periods)."""
    quota = outcomes.get("quota")
    revenue = base_revenue(outcomes, plan)
    credited = credited_revenue(outcomes, plan)
    attainment = ratio(revenue, quota)
    settle = period_groups(outcomes.periods, plan.settlement)
    years, _ = month_numbers(outcomes.periods)
    year_quota = annual_total(quota, years)
    ytd_revenue = year_to_date(revenue, years)
    gate = None
    if has_gate(plan):
        gate = ytd_revenue[..., settle.ends] >= year_quota[..., settle.ends]
    if plan.basis == "period":
        paid = _per_period(plan, settle, (quota, revenue, credited), gate)
    else:
        sums = (year_quota, ytd_revenue, year_to_date(credited, years))
        paid = _trued_up(plan, settle.ends, years, sums, gate)
    paid = paid * eligible(plan.roles, outcomes)[None, :, None]
    return settle.place(paid), attainment
