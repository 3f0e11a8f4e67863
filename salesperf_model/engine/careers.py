"""Promotion candidates of a review: the promotable reps in the top share of each pool's
points, and how many each pool promotes (``grading.consequences.promotion``).

Rules (stated once):

- Promotable: reps of ``promotion.roles`` (None: every role but regional_manager).
- Candidates: in each pool (the company, or each region) and simulation, the
  ceil(``from_top_share`` x promotable reps of the pool) best by the review's points;
  equal points: the smaller rep_id first.
- How many: ``per_quarter`` for each calendar quarter the review closes: a quarterly
  review one, half-year two, annual four; a monthly review only at a quarter's end.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.grading import unit_codes
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import MONTHS_PER, Scenario
from salesperf_model.seat_labels import seat_labels

#: Roles that are supervisors already: not promoted to one by default.
SUPERVISOR_ROLES = ("regional_manager",)


def promotions_at(scenario: Scenario, month: int) -> int:
    """Reps each pool promotes at a review closing in calendar ``month`` (1-12)."""
    promotion = scenario.grading.consequences.promotion
    if not promotion.enabled or month % 3:
        return 0
    return promotion.per_quarter * max(1, MONTHS_PER[scenario.review_cycle] // 3)


def promotion_pool(scenario: Scenario, outcomes: Outcomes) -> np.ndarray:
    """(reps,) each seat's promotion pool code."""
    return unit_codes(outcomes, scenario.grading.consequences.promotion.pool)


def promotion_candidates(scenario: Scenario, outcomes: Outcomes, points: np.ndarray) -> np.ndarray:
    """Bool (sims, reps): promotable reps in the top share of their pool by ``points``
    (sims, reps), see the module's rules."""
    promotion = scenario.grading.consequences.promotion
    roles = seat_labels(outcomes.reps, "role")
    if promotion.roles is None:
        promotable = ~roles.isin(SUPERVISOR_ROLES)
    else:
        promotable = roles.isin(promotion.roles)
    pools = promotion_pool(scenario, outcomes)
    # each rep id's place in their sorted order: sorts members as their ids would
    rep_ids = seat_labels(outcomes.reps, "rep_id").codes
    candidate = np.zeros(points.shape, bool)
    for pool in np.unique(pools):  # few pools
        members = np.flatnonzero((pools == pool) & promotable)
        if not len(members):
            continue
        members = members[np.argsort(rep_ids[members], kind="stable")]
        top = int(np.ceil(promotion.from_top_share * len(members) - 1e-9))
        order = np.argsort(-points[:, members], axis=1, kind="stable")
        chosen = members[order[:, :top]]
        np.put_along_axis(candidate, chosen, True, axis=1)
    return candidate
