"""Expected revenue of an average rep: the quota setter's yardstick and the books at the start."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.schema import Population, RoleProfile


def mixture_factor(big_share: np.ndarray, multiplier: float) -> np.ndarray:
    """Mean size relative to a small account's when a share ``big_share`` of the expected
    revenue comes from big accounts ``multiplier`` times larger (and correspondingly rarer)."""
    return 1.0 / (1.0 - big_share + big_share / multiplier)


def big_probability(big_share: np.ndarray, multiplier: float) -> np.ndarray:
    """Chance that one deal or order is with a big account, given the revenue share."""
    rare = big_share / multiplier
    return rare / (rare + 1.0 - big_share)


def role_revenue(
    profile: RoleProfile, big_share: np.ndarray | float, multiplier: float
) -> tuple[np.ndarray, np.ndarray]:
    """Steady-state (new, existing) monthly revenue of an average rep, tier factor 1."""
    mix = mixture_factor(np.asarray(big_share, dtype=float), multiplier)
    won = (
        profile.visits_per_month
        * profile.leads_per_visit
        * profile.advance_share
        * profile.win_rate
    )
    new = won * profile.deal_size_median * np.exp(profile.deal_size_sigma**2 / 2) * mix
    existing = (
        profile.book_customers
        * profile.repeat_probability
        * profile.order_size_mean
        * mix
        * (1.0 + profile.upsell_probability * profile.upsell_size_ratio)
    )
    return new, existing


def expected_monthly_revenue(population: Population) -> pd.DataFrame:
    """Expected monthly revenue of an average, ramped rep (skill 0, territory 1, no shocks,
    the role's mean big-account share) by role and region tier: the scale quotas are set on."""
    rows = []
    for role, profile in population.roles.items():
        new, existing = role_revenue(
            profile, profile.big_account_share_mean, population.territory.big_deal_multiplier
        )
        for tier, factor in sorted(population.market.tier_revenue_factor.items()):
            rows.append(
                {
                    "role": role,
                    "region_tier": tier,
                    "revenue_new": float(new) * factor,
                    "revenue_existing": float(existing) * factor,
                    "revenue": float(new + existing) * factor,
                }
            )
    return pd.DataFrame(rows)
