"""Per-seat arrays the pay rules share: ByRole amounts, role eligibility, safe ratios."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import ByRole
from salesperf_model.seat_labels import seat_labels


def per_rep(amount: ByRole, outcomes: Outcomes) -> np.ndarray:
    """A monthly ByRole amount for each rep (role x region-tier multiplier)."""
    return seat_amounts(amount, outcomes.reps)


def seat_amounts(amount: ByRole, reps: pd.DataFrame) -> np.ndarray:
    """A monthly ByRole amount for each seat of a rep table: ``amount.amount(role, tier)``
    asked once per role and tier present, not once per seat (100,000 seats)."""
    role_labels = seat_labels(reps, "role")
    role_codes, roles = role_labels.codes, role_labels.names
    tier_codes, tiers = tier_codes_of(reps)
    table = np.array(
        [[amount.amount(str(r), int(t)) for t in tiers] for r in roles], dtype=float
    ).reshape(len(roles), len(tiers))
    return table[role_codes, tier_codes]


def tier_values(
    values: Mapping[int, float], reps: pd.DataFrame, default: float = 1.0
) -> np.ndarray:
    """``values[tier]`` (else ``default``) for each seat's region tier, asked once per tier."""
    codes, tiers = tier_codes_of(reps)
    return np.array([values.get(int(t), default) for t in tiers], dtype=float)[codes]


#: Tiers below this are coded by counting (a count per possible tier)
_COUNTED_TIERS = 4_096


def tier_codes_of(reps: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(code of each seat's region tier, the tiers): by numpy where the column holds
    plain integers (asked every month of every plan: pandas' factorize took twice as
    long), else as ``pd.factorize`` of the tiers as integers."""
    tiers = reps["region_tier"]
    if isinstance(tiers.dtype, np.dtype) and tiers.dtype.kind in "iu":
        values = np.asarray(tiers)
        if len(values) and values.min() >= 0 and values.max() < _COUNTED_TIERS:
            # a few small tiers: counted, not sorted (np.unique sorted 100,000 seats per
            # call, some 30 calls a chunk); the same codes and tiers
            present = np.bincount(values.astype(np.intp)) > 0
            positions = np.cumsum(present, dtype=np.intp) - 1
            return positions[values], np.flatnonzero(present).astype(values.dtype)
        found, codes = np.unique(values, return_inverse=True)
        return codes.reshape(-1), found
    return pd.factorize(tiers.astype(int))


def eligible(roles: list[str] | None, outcomes: Outcomes) -> np.ndarray:
    """Which reps a rule covers: those in ``roles`` (every rep when None)."""
    if roles is None:
        return np.ones(outcomes.n_reps, dtype=bool)
    return seat_labels(outcomes.reps, "role").isin(roles)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is not positive (nothing to rate:
    no quota, no visits)."""
    ok = np.asarray(denominator > 0)
    out = np.zeros(np.broadcast_shapes(np.shape(numerator), ok.shape))
    return np.divide(numerator, denominator, out=out, where=ok)  # one pass, not four
