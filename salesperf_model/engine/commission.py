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

from salesperf_model.engine.curves import earning_share, has_gate, limit_payout, tier_slices
from salesperf_model.engine.periods import (
    PeriodGroups,
    annual_total,
    month_numbers,
    period_groups,
    year_to_date,
)
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import eligible, ratio
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
    tiers = outcomes.reps["region_tier"].astype(int).to_numpy()
    region = np.array([commission.region_tier_coefficient.get(t, 1.0) for t in tiers])
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


def tier_label(plan: Commission, index: int) -> str:
    """A tier in words: its attainment range, rate and slope, and its gate."""
    tier = plan.tiers[index]
    end = plan.tiers[index + 1].from_attainment if index + 1 < len(plan.tiers) else None
    span = (
        f"{tier.from_attainment:.0%}-{end:.0%}"
        if end is not None
        else (f"from {tier.from_attainment:.0%}")
    )
    slope = f" + {tier.slope:g} per unit of attainment" if tier.slope else ""
    gate = ", once the annual quota is met" if tier.gated else ""
    return f"tier {index + 1} ({span} of quota at {tier.rate:.2%}{slope}{gate})"


def _keep(
    record: PayRecord,
    plan: Commission,
    sums: tuple[np.ndarray, np.ndarray, np.ndarray],
    gate: np.ndarray | None,
    covered: np.ndarray,
) -> None:
    """The settlement's quota, revenue, attainment, credit factor and tier slices."""
    quota, revenue, credited = sums
    words = "year-to-date " if plan.basis == "year_to_date" else ""
    attainment = ratio(revenue, quota)
    factor = np.where(revenue > 0, ratio(credited, revenue), 1.0)
    record.add(f"{words}quota", quota)
    record.add(f"{words}revenue ({plan.base}, commission base)", revenue)
    record.add("attainment", attainment, "share")
    if gate is not None:
        record.add("annual quota met (gated tiers in force)", gate, "flag")
    record.add("credit factor (customer, big-account and region coefficients)", factor, "ratio")
    for index, slice_share in enumerate(tier_slices(plan, attainment, gate)):
        money = np.where(quota > 0, quota * slice_share * factor, 0.0) * covered
        record.add(tier_label(plan, index), money)


def pay_commission(
    outcomes: Outcomes, plan: Commission, record: PayRecord | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(commission paid per month, monthly attainment), both (sims, reps, periods).
    ``record``, when given, receives each settlement's calculation values."""
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
    covered = eligible(plan.roles, outcomes)[None, :, None]
    if plan.basis == "period":
        sums = (quota, revenue, credited)
        paid = _per_period(plan, settle, sums, gate) * covered
        sums = tuple(settle.sum(x) for x in sums)
    else:
        sums = (year_quota, ytd_revenue, year_to_date(credited, years))
        paid = _trued_up(plan, settle.ends, years, sums, gate) * covered
        sums = tuple(x[..., settle.ends] for x in sums)
    if record is not None:
        _keep(record, plan, sums, gate, covered)
        earned = sum(v for k, v in record.values.items() if k.startswith("tier "))
        if plan.basis == "period":
            record.add("=earned (sum of the tiers)", earned)
        else:
            before = _paid_before(paid, settle.ends, years)
            record.add("=year-to-date earning (sum of the tiers)", earned)
            record.add("already paid this year", before)
            record.add("=true-up (year-to-date earning - already paid)", earned - before)
        record.add("=paid (after cap, minimum, carry-forward or claw-back)", paid)
    return settle.place(paid), attainment


def _paid_before(paid: np.ndarray, ends: np.ndarray, years: np.ndarray) -> np.ndarray:
    """What earlier settlements of the same calendar year paid, per settlement."""
    before = np.zeros_like(paid)
    for g in range(1, len(ends)):
        if years[ends[g]] == years[ends[g - 1]]:
            before[..., g] = before[..., g - 1] + paid[..., g - 1]
    return before
