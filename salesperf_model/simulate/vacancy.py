"""Vacant seats: between a rep's exit and the successor's first month nobody holds the seat.

With ``workforce.time_to_fill_months`` = n > 0 a seat left at the close of month t is
empty in months t+1..t+n (cut at the horizon) and its successor starts in month t+n+1
with tenure 0. While the seat is empty:

- ``person_id`` is -1 (the contract with the pay engine: nothing is paid, the seat is
  not graded), its quota is 0 and its tenure stays 0;
- nobody visits, so no lead enters the pipeline and no deal is won (open leads drain and
  are lost), hence no new customer;
- existing customers are served by colleagues at an average, ramped rep's skill and
  keep buying ``vacancy_coverage`` of what they would; the rest is lost. The truth
  ``revenue_lost_vacancy`` is the seat's expected revenue not kept: an average rep's
  expected new business that month (season and market shocks included) plus the
  uncovered share of the existing business drawn that month.

No new randomness: every draw of the month is made as without vacancies, with the
vacant seat's parameters (no visits, no wins), so the same seed is bit-identical, a
chunk's draws do not depend on other chunks, and under behaviour (keyed draws) plans
meet the same luck cell by cell. The successor's skill is the hire drawn at the exit.
With ``time_to_fill_months`` = 0 none of this runs: the successor starts the next month.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.simulate.start import Chunk, ChunkState

#: person_id of a seat nobody holds.
VACANT = -1


def vacant_seats(chunk: Chunk, state: ChunkState) -> np.ndarray | None:
    """(sims, reps) True where the seat is empty this month; None without vacancies."""
    if chunk.population.workforce.time_to_fill_months <= 0:
        return None
    if state.vacant is None:
        state.vacant = np.zeros(chunk.shape, np.int64)
    return state.vacant > 0


def covered(values: np.ndarray, vacant: np.ndarray | None, coverage: float) -> np.ndarray:
    """Existing-customer money of the month: ``coverage`` of it in a vacant seat."""
    return values if vacant is None else np.where(vacant, values * coverage, values)


def revenue_lost(
    chunk: Chunk, vacant: np.ndarray | None, *, env: np.ndarray, existing: np.ndarray
) -> np.ndarray:
    """(sims, reps) expected revenue the seat did not keep this month: an average rep's
    expected new business (x the month's demand ``env``) plus the uncovered share of
    ``existing`` (the existing-customer revenue drawn, before coverage); 0 when held."""
    if vacant is None:
        return np.zeros(chunk.shape)
    coverage = chunk.population.workforce.vacancy_coverage
    expected_new = chunk.expected_new if chunk.expected_new is not None else 0.0
    lost = expected_new * env + (1.0 - coverage) * existing
    return np.where(vacant, lost, 0.0)


def close_month(
    chunk: Chunk, state: ChunkState, *, leaving: np.ndarray, vacant: np.ndarray | None
) -> None:
    """At the month's close, after the exits (``leaving``, held seats only): a vacancy
    running out hands the seat to its successor (a new person id); the leavers' seats go
    empty for ``time_to_fill_months``. Without vacancies the leavers' successors take the
    seats at once. Under behaviour an empty seat and a successor carry no warning (a C
    or a forced move down) from a review of the empty seat."""
    R = chunk.shape[1]
    successor = np.arange(R) + R * state.hires  # the seat's own history only
    if vacant is None or state.vacant is None:
        state.person = np.where(leaving, successor, state.person)
        return
    months = chunk.population.workforce.time_to_fill_months
    ending = state.vacant == 1
    state.vacant = np.where(leaving, months, np.maximum(state.vacant - 1, 0))
    state.person = np.where(leaving, VACANT, np.where(ending, successor, state.person))
    fresh = (state.person == VACANT) | ending  # a review's C or move down is nobody's
    if state.warned is not None and state.moved_down is not None:
        state.warned = state.warned & ~fresh
        state.moved_down = state.moved_down & ~fresh
