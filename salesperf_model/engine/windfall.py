"""Windfall ("bluebird") deals (``pay.windfall``): what each rep-month's windfall deals
take out of the commission tiers, and the commission paid with them taken out.

Rules (stated once):

- A deal is a windfall when its booked value is above the threshold: ``above_amount``,
  or ``above_quota_share`` x the rep's annual quota (the sum of that year's monthly
  quotas, calendar or fiscal; a rep-year with no quota has no windfall).
- What is **taken out** of the tiers: with ``cap`` and ``carve_out`` the part of the deal
  above the threshold; with ``flat_rate`` the whole deal. ``cap`` pays nothing on it,
  ``carve_out`` and ``flat_rate`` pay ``rate`` on what it takes out of the commission
  base (booked: the amount; collected: the cash reduced with it, below), settled and
  paid with the commission, for the commission's roles (``carve_out`` without a rate:
  the first tier's rate).
- **Deal sizes.** Where the outcomes carry deal records (``meta["deals"]``: an import's
  won deals, or a simulation run with its deals kept) every recorded deal is tested on
  its own booked value (scaled like engine/deals.py scales records to the base). Without
  records (a simulation as the pipeline runs it) the engine does not know single deals,
  only each rep-month's new-customer deals won and their booked revenue: it takes the
  expected amount taken out, as if the month's deals were log-normal with that month's
  mean size and the role's ``deal_size_sigma`` (the simulation's own spread), within
  what the month's total tells for sure (one deal: the month itself, exactly; deals above
  the threshold take at most the total minus the threshold above it, and none when the
  total is not above it). An approximation, measured against the simulation's own deals
  kept (300 reps x 6 simulations of plan_mechanics.yaml's population), it takes from 12%
  less (deals above 25% of annual quota: the big-account multiplier makes the real tail
  fatter) to 2% more (deals above 150,000) than the deals do; no new random draw is made.
- The commission with the windfall taken out is the same plan's commission on outcomes
  whose revenue is reduced by the amount taken out: new-customer revenue (simulated
  deals are new-customer deals), or every stream in proportion when the records cover
  every deal (``meta["deals_cover"] == "all"``); cash collected, big-account revenue and
  gross profit in the same proportion (collections of a windfall deal are not tracked
  apart: on a collected base the month's cash is reduced as the month's bookings are).
- The component ``windfall`` is that commission + what is paid at ``rate`` - the
  commission as tiered on everything: usually negative (what the policy saves), positive
  where a flat rate pays more than the tiers would. Attainment as reported elsewhere
  (metrics, grades, bonuses) keeps every deal.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.special import ndtr

from salesperf_model.engine.deals import _record_cells
from salesperf_model.engine.periods import annual_total, fiscal_start, fiscal_years
from salesperf_model.engine.seats import ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Population
from salesperf_model.schema.mechanics import Windfall

#: Measures reduced with new-customer revenue, and with every stream (records of all deals).
_NEW_PARTS = ("revenue_booked_new", "revenue_collected_new", "revenue_list_new")
_ALL_PARTS = (*_NEW_PARTS, "revenue_booked_existing", "revenue_collected_existing")
_TOTAL_PARTS = ("revenue_booked_big", "revenue_collected_big", "gross_profit")


def thresholds(policy: Windfall, outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, months) the deal value above which a deal is a windfall (infinite
    where a share of annual quota meets no quota)."""
    if policy.above_amount is not None:
        return np.full(outcomes.shape, float(policy.above_amount))
    years = fiscal_years(outcomes.periods, fiscal_start(outcomes.meta))
    year_quota = annual_total(outcomes.get("quota"), years)
    return np.where(year_quota > 0, policy.above_quota_share * year_quota, np.inf)


def _taken_each(policy: Windfall, value: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """What one deal of ``value`` takes out of the tiers against ``limit``."""
    if policy.action == "flat_rate":
        return np.where(value > limit, value, 0.0)
    return np.maximum(value - limit, 0.0)


def expected_taken(
    policy: Windfall, deals: np.ndarray, mean: np.ndarray, *, limit: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    """Expected amount ``deals`` log-normal deals of mean ``mean`` and log-spread
    ``sigma`` take out of the tiers: deals x E[(X - k)+] = m N(d1) - k N(d2) (the part
    above the threshold k), or deals x E[X; X > k] = m N(d1) (whole deals), where
    d1 = (ln(m / k) + sigma^2 / 2) / sigma and d2 = d1 - sigma."""
    ok = (deals > 0) & (mean > 0) & np.isfinite(limit)
    safe_mean = np.where(ok, mean, 1.0)
    safe_limit = np.where(ok, np.maximum(limit, 1e-9), 1.0)
    spread = np.maximum(sigma, 1e-9)
    d1 = (np.log(safe_mean / safe_limit) + spread**2 / 2) / spread
    above = safe_mean * ndtr(d1)
    if policy.action != "flat_rate":
        above = above - safe_limit * ndtr(d1 - spread)
    return np.where(ok, deals * np.maximum(above, 0.0), 0.0)


def _role_sigma(population: Population, outcomes: Outcomes) -> np.ndarray:
    """(reps,) each seat's role ``deal_size_sigma``."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    sigma = {role: profile.deal_size_sigma for role, profile in population.roles.items()}
    return np.array([sigma.get(role, 0.7) for role in roles], dtype=float)


def taken_out(
    policy: Windfall, outcomes: Outcomes, population: Population
) -> tuple[np.ndarray, np.ndarray | None]:
    """(amount taken out of the tiers per rep-month (sims, reps, months), per recorded
    deal or None when the estimate has no records)."""
    limit = thresholds(policy, outcomes)
    records = _record_cells(outcomes)
    if records is not None:
        cell, booked = records
        recorded = np.bincount(cell, weights=booked, minlength=limit.size).reshape(limit.shape)
        if outcomes.meta.get("deals_cover") == "all":
            covered = outcomes.get("revenue_booked")
        else:
            covered = outcomes.get("revenue_booked_new")
        scale = ratio(covered, recorded).reshape(-1)[cell]
        each = _taken_each(policy, booked * scale, limit.reshape(-1)[cell])
        amount = np.bincount(cell, weights=each, minlength=limit.size).reshape(limit.shape)
        return amount, ratio(each, scale)
    deals = outcomes.get("deals_won")
    new = outcomes.get("revenue_booked_new")
    sigma = _role_sigma(population, outcomes)[None, :, None]
    taken = expected_taken(policy, deals, ratio(new, deals), limit=limit, sigma=sigma)
    # what the month's total tells for sure: one deal is the whole month (exact); deals
    # above k take at most the total - k above it (cap, carve-out), none when the total
    # is not above k
    whole = np.maximum(new, 0.0)
    exact = _taken_each(policy, whole, limit)
    bound = exact if policy.action != "flat_rate" else np.where(whole > limit, whole, 0.0)
    return np.where(deals == 1, exact, np.minimum(taken, bound)), None


def without_windfalls(
    outcomes: Outcomes, taken: np.ndarray, per_deal: np.ndarray | None
) -> Outcomes:
    """The outcomes with ``taken`` removed from the revenue (see the module's rules)."""
    every = outcomes.meta.get("deals_cover") == "all"
    booked = outcomes.get("revenue_booked")
    part = booked if every else outcomes.get("revenue_booked_new")
    keep = 1.0 - np.clip(ratio(taken, part), 0.0, 1.0)
    keep_total = 1.0 - np.clip(ratio(taken, booked), 0.0, 1.0)
    measures = dict(outcomes.measures)
    for name in _ALL_PARTS if every else _NEW_PARTS:
        if name in measures:
            measures[name] = measures[name] * keep
    for name in _TOTAL_PARTS:
        if name in measures:
            measures[name] = measures[name] * keep_total
    meta = dict(outcomes.meta)
    if per_deal is not None:
        deals = meta["deals"].copy()
        deals["list_value"] = deals["list_value"] - per_deal
        meta["deals"] = deals
    return replace(outcomes, measures=measures, meta=meta)


def windfall_rate(policy: Windfall, commission: Commission) -> float:
    """The rate paid on what is taken out: 0 for ``cap``, the policy's rate, or (a
    carve-out without one) the first tier's rate."""
    if policy.action == "cap":
        return 0.0
    return float(policy.rate if policy.rate is not None else commission.tiers[0].rate)


def windfall_words(policy: Windfall, commission: Commission) -> str:
    """The windfall rule in one sentence, for statements."""
    if policy.above_amount is not None:
        above = f"{policy.above_amount:,.2f}"
    else:
        above = f"{policy.above_quota_share:.0%} of annual quota"
    rate = windfall_rate(policy, commission)
    action = {
        "cap": "counts only up to that amount (the excess earns nothing)",
        "carve_out": f"has the excess carved out of the tiers and paid at {rate:.2%}",
        "flat_rate": f"is taken out of the tiers and paid at a flat {rate:.2%}",
    }[policy.action]
    return (
        f"Windfall deals: a deal above {above} {action}; this line is the change to "
        "commission it makes."
    )
