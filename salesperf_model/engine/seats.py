"""Per-seat arrays the pay rules share: ByRole amounts, role eligibility, safe ratios."""

from __future__ import annotations

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import ByRole


def per_rep(amount: ByRole, outcomes: Outcomes) -> np.ndarray:
    """A monthly ByRole amount for each rep (role x region-tier multiplier)."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    tiers = outcomes.reps["region_tier"].astype(int).to_numpy()
    return np.array([amount.amount(r, t) for r, t in zip(roles, tiers)], dtype=float)


def eligible(roles: list[str] | None, outcomes: Outcomes) -> np.ndarray:
    """Which reps a rule covers: those in ``roles`` (every rep when None)."""
    rep_roles = outcomes.reps["role"].astype(str).to_numpy()
    if roles is None:
        return np.ones(len(rep_roles), dtype=bool)
    return np.isin(rep_roles, roles)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is not positive (nothing to rate:
    no quota, no visits)."""
    ok = denominator > 0
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), 0.0)
