"""How the quota setter works: monthly quotas that follow the season on the commission base,
and the asymmetric ratchet on each seat's smoothed trend."""

from __future__ import annotations

import numpy as np

from salesperf_model.outcomes import ROLES
from salesperf_model.schema import Population, RoleProfile
from salesperf_model.simulate.revenue import role_revenue


def _won_season(profile: RoleProfile, season: np.ndarray) -> np.ndarray:
    """Expected deals won per calendar month (mean 1) when leads follow ``season``: the
    expected pipeline flow (leads -> prospecting -> negotiation -> won) run to its steady
    yearly cycle, so new-customer revenue follows the season late by the sales cycle."""
    prospecting = negotiation = 0.0
    won = np.zeros(12)
    for month in range(12 * 12):  # long enough for the flow to forget its start
        leave_prospecting = prospecting / profile.prospecting_months
        leave_negotiation = negotiation / profile.negotiation_months
        won[month % 12] = leave_negotiation
        prospecting += season[month % 12] - leave_prospecting
        negotiation += leave_prospecting * profile.advance_share - leave_negotiation
    return won / won.mean() if won.mean() > 0 else np.ones(12)


def quota_season(
    population: Population, *, start_month: int, periods: int, role: np.ndarray
) -> np.ndarray:
    """Each month's quota relative to the deseasonalised booked level (periods, reps).

    Seasonal quotas follow the month's expected revenue on the quota's basis: repeat
    business follows ``market.seasonality``, new-customer deals follow it late by the
    role's sales cycle, mixed by the role's expected revenue; collected cash follows
    bookings through the payment lags, less the expected bad debt.
    """
    quota = population.quota
    multiplier = population.territory.big_deal_multiplier
    season = np.array(population.market.seasonality) if quota.seasonal else np.ones(12)
    by_role = np.ones((len(ROLES), 12))
    for r, name in enumerate(ROLES):
        profile = population.roles[name]
        new, existing = role_revenue(profile, profile.big_account_share_mean, multiplier)
        total = float(new + existing)
        if total > 0:
            by_role[r] = (new * _won_season(profile, season) + existing * season) / total
    months = np.arange(12)
    if quota.basis == "collected":
        collections = population.collections
        lags = np.array(collections.lag_shares)
        due = sum(lags[k] * by_role[:, (months - k) % 12] for k in range(len(lags)))
        by_role = due * (1.0 - collections.shortfall_mean)
    if quota.rule == "given":  # the given amount is the average month's quota
        by_role = by_role / by_role.mean(axis=1, keepdims=True)
    return by_role[role][:, (start_month + np.arange(periods)) % 12].T


def ratchet_quota(
    population: Population,
    base_quota: np.ndarray,
    trend: np.ndarray,
    *,
    attainment: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One ratchet review: (next base quota, next trend).

    ``attainment`` is the closing period's result over its quota on the quota's basis.
    The trend is the exponentially smoothed attainment; the quota moves toward what the
    trend says the seat sells (Leone, Misra & Zimmerman: a weighted average of last
    period's sales and quota), raised by ``ratchet_up`` of the gap after beating it and cut
    by ``ratchet_down`` after missing it. The target keeps the quota at
    ``share_of_potential`` of the trend, as when the quota was first set.
    """
    rule = population.quota
    trend = rule.ratchet_smoothing * attainment + (1 - rule.ratchet_smoothing) * trend
    gap = rule.share_of_potential * trend - 1.0  # relative to the current quota
    gap = np.where(np.abs(gap) > rule.ratchet_tolerance, gap, 0.0)
    move = np.where(gap > 0, rule.ratchet_up * gap, rule.ratchet_down * gap)
    # the trend is re-expressed on the new quota, so a met target is not counted twice
    return base_quota * (1 + move), trend / (1 + move)
