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


def roster_people(outcomes: Outcomes) -> tuple[np.ndarray, int] | None:
    """(a code per seat, the number of codes): the seats of one roster rep (``rep`` and
    its ``rep@month`` seats) share a code, one person; None when no rep has two seats."""
    names = outcomes.reps["rep_id"].astype(str).str.split("@").str[0]
    codes, unique = pd.factorize(names)
    return None if len(unique) == len(names) else (np.asarray(codes), len(unique))


def carried_months(month: np.ndarray, holder: np.ndarray, people: np.ndarray) -> np.ndarray:
    """``month`` (each holder's month in the seat, 0 = first, inf = from before the data)
    with a transfer's months carried on: a stint that starts in a seat the month after
    the same roster rep held another seat continues that seat's count (a move is not a
    new hire: no guarantee, draw or ramp starts again). A loop over the reps with two
    seats and their months (rosters: a few moves), arrays over simulations."""
    month = np.array(np.broadcast_to(month, holder.shape), dtype=float)
    later = np.arange(month.shape[-1], dtype=float)
    for person in np.unique(people):
        seats = np.flatnonzero(people == person)
        if len(seats) < 2:
            continue
        for t in range(1, month.shape[-1]):
            for seat in seats:
                starts = (month[:, seat, t] == 0) & (holder[:, seat, t] >= 0)
                for other in seats[seats != seat]:
                    carry = starts & (holder[:, other, t - 1] >= 0)
                    if not carry.any():
                        continue
                    stint = month[:, seat, t:] == later[: month.shape[-1] - t]
                    base = month[:, other, t - 1] + 1.0
                    carried = base[:, None] + later[: month.shape[-1] - t]
                    month[:, seat, t:] = np.where(
                        carry[:, None] & stint, carried, month[:, seat, t:]
                    )
    return month


def _rep_seats_next_month(outcomes: Outcomes, holder: np.ndarray, leaves: np.ndarray):
    """Another seat of the same roster rep (``rep@month``) is held next month."""
    people = roster_people(outcomes)
    if people is None:
        return np.zeros(holder.shape, dtype=bool)
    codes, count = people
    present = (holder >= 0).astype(float)
    by_rep = unit_sum(present, codes, count)  # seats of the rep held
    others = np.zeros(holder.shape)
    others[..., :-1] = (by_rep - present)[..., 1:]
    return leaves & (others > 0)


def moved_on(outcomes: Outcomes, holder: np.ndarray, leaves: np.ndarray) -> np.ndarray:
    """bool (sims, reps, months): the holder leaves the seat after the month and holds
    another seat next month."""
    return _same_id_next_month(holder, leaves) | _rep_seats_next_month(outcomes, holder, leaves)
