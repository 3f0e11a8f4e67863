"""Transfers: a person who leaves a seat and holds another seat the next month moved
(a roster's region or role change), not left, so the leaver rule does not apply.

A person is the same in two seats when the seats share the ``person_id`` that month, or
when both are seats of one rep in a roster (``<rep>@<month>`` seats, tables/roster.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine.periods import unit_sum
from salesperf_model.outcomes import Outcomes


def _same_id_next_month(holder: np.ndarray, leaves: np.ndarray) -> np.ndarray:
    """The leaving holder's id is held in another seat of the same simulation next month."""
    moved = np.zeros(holder.shape, dtype=bool)
    sims = np.arange(holder.shape[0])[:, None]
    width = float(holder.max()) + 2.0 if holder.size else 2.0
    for t in np.flatnonzero(leaves[..., :-1].any(axis=(0, 1))):  # months with a leaver
        after = holder[..., t + 1]
        held_next = (sims * width + after)[after >= 0]
        leaving = sims * width + holder[..., t]
        moved[..., t] = leaves[..., t] & np.isin(leaving, held_next) & (after != holder[..., t])
    return moved


def _rep_seats_next_month(outcomes: Outcomes, holder: np.ndarray, leaves: np.ndarray):
    """Another seat of the same roster rep (``rep@month``) is held next month."""
    names = outcomes.reps["rep_id"].astype(str).str.split("@").str[0]
    codes, unique = pd.factorize(names)
    if len(unique) == len(names):
        return np.zeros(holder.shape, dtype=bool)
    present = (holder >= 0).astype(float)
    by_rep = unit_sum(present, codes, len(unique))  # seats of the rep held
    others = np.zeros(holder.shape)
    others[..., :-1] = (by_rep - present)[..., 1:]
    return leaves & (others > 0)


def moved_on(outcomes: Outcomes, holder: np.ndarray, leaves: np.ndarray) -> np.ndarray:
    """bool (sims, reps, months): the holder leaves the seat after the month and holds
    another seat next month."""
    return _same_id_next_month(holder, leaves) | _rep_seats_next_month(outcomes, holder, leaves)
