"""Pay: base, allowances, commission and bonuses per rep and month, to the cent.

Rules (stated once):

- **Base and allowances** are monthly amounts by role x region-tier multiplier, paid every
  month. All allowances are one component, ``allowances``.
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
- **Settlement**: every component is assessed on the sums over its settlement period
  and paid in the period's last month. A partial last period (data ends inside it) is
  settled on the months present and paid in the last month present.
- A quota of 0 (or less) earns no commission and no over-achievement bonus.
- **Bonuses**: ``over_achievement`` = rate x (base revenue - above x quota) over the
  settlement period, if positive. ``top_n`` ranks the measure summed over the settlement
  period within the scope among eligible reps reaching ``minimum``; reps tied at the N-th
  place share the remaining awards equally (``share``) or each get the award (``all``).
  ``threshold`` tests the monthly mean of the measure. ``team_pool``: the region with the
  highest attainment (sum of base revenue / sum of quota over all its seats in the
  settlement period) wins the pool (regions tied first split it equally), split among its
  eligible reps by base revenue, equally, or by points (mean points of the review periods
  ending in the settlement period); an all-zero split falls back to equal.
  ``target_bonus``: each month accrues target x the multiplier of the grade of the review
  period containing it, paid at the first settlement ending at or after that review
  period ends. ``profit_share``: pool = share x the eligible reps' gross profit over the
  settlement period (0 if negative), split by positive profit, positive base revenue or
  equally.
- **Cents**: each month, the exact total is rounded to the cent, and components are
  rounded by largest remainder so that they add up to it exactly.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.curves import commission_payout, earning_share, has_gate, limit_payout
from salesperf_model.engine.grading import unit_codes
from salesperf_model.engine.scoring import PeriodGroups, month_numbers, period_groups, unit_sum
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import (
    ByRole,
    Commission,
    OverAchievementBonus,
    Pay,
    ProfitShareBonus,
    Scenario,
    TargetBonus,
    TeamPoolBonus,
    ThresholdBonus,
    TopNBonus,
)


def _per_rep(amount: ByRole, outcomes: Outcomes) -> np.ndarray:
    """A monthly ByRole amount for each rep (role x region-tier multiplier)."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    tiers = outcomes.reps["region_tier"].astype(int).to_numpy()
    return np.array([amount.amount(r, t) for r, t in zip(roles, tiers)], dtype=float)


def _eligible(roles: list[str] | None, outcomes: Outcomes) -> np.ndarray:
    rep_roles = outcomes.reps["role"].astype(str).to_numpy()
    if roles is None:
        return np.ones(len(rep_roles), dtype=bool)
    return np.isin(rep_roles, roles)


def _place(values: np.ndarray, groups: PeriodGroups, n_periods: int) -> np.ndarray:
    """Put per-settlement amounts (sims, reps, groups) in each group's last month."""
    out = np.zeros((*values.shape[:2], n_periods))
    out[..., groups.ends] = values
    return out


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    ok = denominator > 0
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), 0.0)


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
    big_share = np.clip(_ratio(big, new + existing), 0.0, 1.0)
    weighted = weighted * (1.0 + (commission.big_account_coefficient - 1.0) * big_share)
    tiers = outcomes.reps["region_tier"].astype(int).to_numpy()
    region = np.array([commission.region_tier_coefficient.get(t, 1.0) for t in tiers])
    return weighted * region[None, :, None]


def _year_to_date(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Cumulative sum over months, restarting every calendar year."""
    total = np.cumsum(values, axis=-1)
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    before = np.concatenate([np.zeros_like(total[..., :1]), total[..., :-1]], axis=-1)
    offset = before[..., starts][..., np.searchsorted(starts, np.arange(len(years)), "right") - 1]
    return total - offset


def annual_quota(quota: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Each month's annual quota: the sum of its calendar year's monthly quotas."""
    out = np.zeros_like(quota, dtype=float)
    for year in np.unique(years):  # one or two years
        months = years == year
        out[..., months] = quota[..., months].sum(axis=-1, keepdims=True)
    return out


def commission(outcomes: Outcomes, plan: Commission) -> tuple[np.ndarray, np.ndarray]:
    """(commission paid per month, monthly attainment), both (sims, reps, periods)."""
    quota = outcomes.get("quota")
    revenue = base_revenue(outcomes, plan)
    credited = credited_revenue(outcomes, plan)
    attainment = _ratio(revenue, quota)
    settle = period_groups(outcomes.periods, plan.settlement)
    years, _ = month_numbers(outcomes.periods)
    year_quota = annual_quota(quota, years)
    ytd_revenue = _year_to_date(revenue, years)
    ytd_credited = _year_to_date(credited, years)
    ends = settle.ends
    gate = None
    if has_gate(plan):
        gate = ytd_revenue[..., ends] >= year_quota[..., ends]
    if plan.basis == "period":
        quota_p, revenue_p, credited_p = (settle.sum(x) for x in (quota, revenue, credited))
        share_p = earning_share(plan, _ratio(revenue_p, quota_p), gate)
        earned = quota_p * share_p * _ratio(credited_p, revenue_p)
        earned = np.where(quota_p > 0, earned, 0.0)
        paid = limit_payout(
            plan, earned, _ratio(revenue_p, quota_p), (quota_p > 0) & (revenue_p > 0)
        )
    else:
        quota_y = year_quota[..., ends]
        revenue_y, credited_y = ytd_revenue[..., ends], ytd_credited[..., ends]
        attainment_y = _ratio(revenue_y, quota_y)
        earned_y = quota_y * earning_share(plan, attainment_y, gate) * _ratio(credited_y, revenue_y)
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
            true_up = limit_payout(plan, true_up, attainment_y[..., g], earning)
            paid[..., g] = true_up
            paid_so_far = paid_so_far + true_up
    paid = paid * _eligible(plan.roles, outcomes)[None, :, None]
    return _place(paid, settle, outcomes.n_periods), attainment


def _split(
    pool: np.ndarray, weights: np.ndarray, members: np.ndarray, codes: np.ndarray, n_units: int
) -> np.ndarray:
    """Split each unit's pool (sims, reps, groups; the unit's pool at each member) among
    ``members`` (bool, sims x reps x groups) by ``weights``; all-zero weights: equally."""
    weights = np.where(members, np.maximum(weights, 0.0), 0.0)
    total = unit_sum(weights, codes, n_units)
    equal = members.astype(float)
    equal_total = unit_sum(equal, codes, n_units)
    by_weight = _ratio(weights, total)
    by_head = _ratio(equal, equal_total)
    return _whole_cents_by_unit(pool * np.where(total > 0, by_weight, by_head), codes, n_units)


def _whole_cents_by_unit(shares: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Round pool shares to whole cents so each unit's shares still add up to its pool:
    a 100,000 pool split three ways pays 33,333.34 + 33,333.33 + 33,333.33, never a cent
    more or less (largest remainder; equal remainders: the rep listed first)."""
    cents = shares * 100.0
    floors = np.floor(cents + 1e-7)
    out = floors.copy()
    for unit in range(n_units):  # a handful of regions
        columns = np.flatnonzero(codes == unit)
        if not columns.size:
            continue
        unit_floors = floors[:, columns, :]
        leftover = np.rint(cents[:, columns, :].sum(axis=1, keepdims=True)) - unit_floors.sum(
            axis=1, keepdims=True
        )
        order = np.argsort(-(cents[:, columns, :] - unit_floors), axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(columns.size)[None, :, None], axis=1)
        out[:, columns, :] += rank < leftover
    return out / 100.0


def _over_achievement(bonus: OverAchievementBonus, quota, revenue, settle) -> np.ndarray:
    quota_p, revenue_p = settle.sum(quota), settle.sum(revenue)
    excess = np.maximum(revenue_p - bonus.above_attainment * quota_p, 0.0)
    return np.where(quota_p > 0, bonus.rate * excess, 0.0)


def _top_n(bonus: TopNBonus, outcomes: Outcomes, settle, eligible) -> np.ndarray:
    values = settle.sum(outcomes.get(bonus.measure))
    qualifies = eligible[None, :, None] & (values >= bonus.minimum)
    values = np.where(qualifies, values, -np.inf)
    award = np.zeros(values.shape)
    units = unit_codes(outcomes, bonus.scope)
    for unit in np.unique(units):  # a handful of units
        members = np.flatnonzero(units == unit)
        unit_values = values[:, members, :]
        if len(members) >= bonus.n:
            nth = -np.partition(-unit_values, bonus.n - 1, axis=1)[:, bonus.n - 1 : bonus.n, :]
        else:
            nth = np.full(unit_values[:, :1, :].shape, -np.inf)
        above = unit_values > nth
        tied = (unit_values == nth) & np.isfinite(unit_values)
        if bonus.tie_rule == "share":
            places_left = bonus.n - above.sum(axis=1, keepdims=True)
            tied_share = _ratio(places_left.astype(float), tied.sum(axis=1, keepdims=True))
        else:
            tied_share = 1.0
        award[:, members, :] = bonus.amount * np.where(above, 1.0, np.where(tied, tied_share, 0.0))
    # shared places pay their awards in full: 2 x 5,000 among 3 tied reps is 3,333.34 +
    # 3,333.33 + 3,333.33, not 9,999.99
    return _whole_cents_by_unit(award, units, int(units.max()) + 1)


def _threshold(bonus: ThresholdBonus, outcomes: Outcomes, settle, eligible) -> np.ndarray:
    mean = settle.sum(outcomes.get(bonus.measure)) / settle.months
    return np.where(eligible[None, :, None] & (mean >= bonus.at_least), bonus.amount, 0.0)


def _points_per_settlement(points: np.ndarray, reviews: PeriodGroups, settle) -> np.ndarray:
    """Mean points of the review periods ending in each settlement period (NaN if none)."""
    out = np.full((*points.shape[:2], len(settle.ends)), np.nan)
    settle_of_review_end = settle.of_month[reviews.ends]
    for g in range(len(settle.ends)):
        ending = settle_of_review_end == g
        if ending.any():
            out[..., g] = points[..., ending].mean(axis=-1)
    return out


def _team_pool(bonus: TeamPoolBonus, outcomes, quota, revenue, settle, eligible, points, reviews):
    codes = unit_codes(outcomes, "region")
    n_units = codes.max() + 1
    revenue_p, quota_p = settle.sum(revenue), settle.sum(quota)
    region_attainment = _ratio(
        unit_sum(revenue_p, codes, n_units), unit_sum(quota_p, codes, n_units)
    )
    region_has_quota = unit_sum(quota_p, codes, n_units) > 0
    region_attainment = np.where(region_has_quota, region_attainment, -np.inf)
    best = region_attainment.max(axis=1, keepdims=True)
    winner = (region_attainment == best) & np.isfinite(best)
    # Regions tied first split the pool; count winning regions, not winning seats.
    first_seat = np.zeros(len(codes), dtype=bool)
    first_seat[np.unique(codes, return_index=True)[1]] = True
    winning_regions = (winner & first_seat[None, :, None]).sum(axis=1, keepdims=True)
    region_pool = np.where(winner, _ratio(np.full(winner.shape, bonus.pool), winning_regions), 0.0)
    members = winner & eligible[None, :, None]
    if bonus.split == "by_revenue":
        weights = revenue_p
    elif bonus.split == "by_points":
        weights = np.nan_to_num(_points_per_settlement(points, reviews, settle), nan=0.0)
    else:
        weights = np.ones(revenue_p.shape)
    return _split(region_pool, weights, members, codes, n_units)


def _target_bonus(bonus: TargetBonus, outcomes, grades, reviews, settle) -> np.ndarray:
    """Monthly accruals at the grade multiplier, paid at the first settlement end on or
    after the end of the review period the month belongs to."""
    target = _per_rep(bonus.target_amount, outcomes)
    multipliers = np.array([bonus.grade_multipliers.get(g, 0.0) for g in ("S", "A", "B", "C")])
    monthly = multipliers[grades][..., reviews.of_month] * target[None, :, None]
    review_end = reviews.ends[reviews.of_month]
    pay_month = settle.ends[settle.of_month[review_end]]
    n = outcomes.n_periods
    moves = np.zeros((n, n))
    moves[np.arange(n), pay_month] = 1.0
    return monthly @ moves


def _profit_share(bonus: ProfitShareBonus, outcomes, revenue, settle, eligible) -> np.ndarray:
    profit_p = settle.sum(outcomes.get("gross_profit"))
    members = np.broadcast_to(eligible[None, :, None], profit_p.shape)
    codes = np.zeros(outcomes.n_reps, dtype=int)
    total_profit = unit_sum(np.where(members, profit_p, 0.0), codes, 1)
    pool = bonus.share_of_profit * np.maximum(total_profit, 0.0)
    if bonus.split == "by_profit":
        weights = profit_p
    elif bonus.split == "by_revenue":
        weights = settle.sum(revenue)
    else:
        weights = np.ones(profit_p.shape)
    return _split(pool, weights, members, codes, 1)


def bonus_payouts(
    plan: Pay,
    outcomes: Outcomes,
    points: np.ndarray,
    grades: np.ndarray,
    reviews: PeriodGroups,
) -> dict[str, np.ndarray]:
    """Each bonus paid per month, keyed ``bonus_<name>``."""
    quota = outcomes.get("quota")
    revenue = base_revenue(outcomes, plan.commission)
    n_periods = outcomes.n_periods
    out = {}
    for bonus in plan.bonuses:
        settle = period_groups(outcomes.periods, bonus.settlement)
        eligible = _eligible(bonus.roles, outcomes)
        if isinstance(bonus, TargetBonus):
            paid = _target_bonus(bonus, outcomes, grades, reviews, settle)
            out[f"bonus_{bonus.name}"] = paid * eligible[None, :, None]
            continue
        if isinstance(bonus, OverAchievementBonus):
            amount = _over_achievement(bonus, quota, revenue, settle) * eligible[None, :, None]
        elif isinstance(bonus, TopNBonus):
            amount = _top_n(bonus, outcomes, settle, eligible)
        elif isinstance(bonus, ThresholdBonus):
            amount = _threshold(bonus, outcomes, settle, eligible)
        elif isinstance(bonus, TeamPoolBonus):
            amount = _team_pool(bonus, outcomes, quota, revenue, settle, eligible, points, reviews)
        elif isinstance(bonus, ProfitShareBonus):
            amount = _profit_share(bonus, outcomes, revenue, settle, eligible)
        else:  # pragma: no cover - the scenario model admits no other type
            raise ValueError(f"bonus {bonus.name!r}: unknown type {bonus.type!r}")
        out[f"bonus_{bonus.name}"] = _place(amount, settle, n_periods)
    return out


def round_to_cents(components: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Round every component to cents so that, in every cell, they add up exactly to the
    exactly computed total rounded to the cent.

    Each component is rounded to the nearest cent (half cents to even); in the few cells where those roundings
    do not add up to the rounded total, the cents are re-allotted by largest remainder
    (equal remainders: the component listed first).
    """
    names = list(components)
    if not names:
        return {}
    cents = [np.asarray(components[n], dtype=float) * 100.0 for n in names]
    rounded = [np.rint(c) for c in cents]
    # the total is the exact sum in money, then scaled: the same order of operations a
    # reader's spreadsheet uses, so a half-cent total rounds the same way
    total = np.rint(sum(np.asarray(components[n], dtype=float) for n in names) * 100.0)
    off = np.nonzero(sum(rounded) != total)
    if off[0].size:
        exact = np.stack([c[off] for c in cents])
        floors = np.floor(exact + 1e-7)
        remainders = np.clip(exact - floors, 0.0, None)
        leftover = total[off] - floors.sum(axis=0)
        order = np.argsort(-remainders, axis=0, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(len(names))[:, None], axis=0)
        fixed = floors + (rank < leftover[None, :])
        for i, values in enumerate(rounded):
            values[off] = fixed[i]
    for values in rounded:
        np.divide(values, 100.0, out=values)  # in place: these arrays are large
    return dict(zip(names, rounded))


def base_share_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Roles whose base is outside ``base_share_band`` of on-target total pay: base +
    allowances + commission at exactly 100% of the rep's mean monthly quota (gates shut,
    coefficients 1) + target bonuses at multiplier 1."""
    plan = scenario.pay
    base = _per_rep(plan.base_salary, outcomes)
    allowances = sum((_per_rep(a, outcomes) for a in plan.allowances.values()), np.zeros_like(base))
    quota = outcomes.get("quota").mean(axis=(0, 2))
    on_target_commission = commission_payout(plan.commission, quota, quota, gate_open=False)
    on_target_commission = on_target_commission * _eligible(plan.commission.roles, outcomes)
    target_bonus = np.zeros_like(base)
    for bonus in plan.bonuses:
        if isinstance(bonus, TargetBonus):
            target_bonus += _per_rep(bonus.target_amount, outcomes) * _eligible(
                bonus.roles, outcomes
            )
    on_target = base + allowances + on_target_commission + target_bonus
    share = _ratio(base, on_target)
    low, high = plan.base_share_band
    roles = outcomes.reps["role"].astype(str).to_numpy()
    messages = []
    for role in sorted(set(roles)):
        role_share = share[roles == role]
        outside = (role_share < low - 1e-9) | (role_share > high + 1e-9)
        if outside.any():
            messages.append(
                f"pay.base_salary: base is {role_share.min():.0%}-{role_share.max():.0%} of "
                f"on-target total pay for {role} ({outside.sum()} of {len(role_share)} seats "
                f"outside the recommended {low:.0%}-{high:.0%})"
            )
    return messages


def pay(
    scenario: Scenario,
    outcomes: Outcomes,
    points: np.ndarray,
    grades: np.ndarray,
    reviews: PeriodGroups,
) -> tuple[dict[str, np.ndarray], np.ndarray, list[str]]:
    """(payout components per month rounded to cents, attainment, warnings)."""
    plan = scenario.pay
    shape = outcomes.shape
    components = {
        "base_salary": np.broadcast_to(_per_rep(plan.base_salary, outcomes)[None, :, None], shape),
        "allowances": np.broadcast_to(
            sum((_per_rep(a, outcomes) for a in plan.allowances.values()), np.zeros(shape[1]))[
                None, :, None
            ],
            shape,
        ),
    }
    paid_commission, attainment = commission(outcomes, plan.commission)
    components["commission"] = paid_commission
    components.update(bonus_payouts(plan, outcomes, points, grades, reviews))
    warnings = base_share_warnings(scenario, outcomes)
    quota = outcomes.get("quota")
    revenue = base_revenue(outcomes, plan.commission)
    eligible = _eligible(plan.commission.roles, outcomes)[None, :, None]
    no_quota = int(((quota <= 0) & (revenue > 0) & eligible).sum())
    if no_quota:
        warnings.append(
            f"{no_quota} rep-months of commission roles have revenue but no quota: no "
            "commission is paid on them (attainment undefined)"
        )
    return round_to_cents(components), attainment, warnings
