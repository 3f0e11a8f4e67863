"""Grade consequences that change the future: promotion out of the sales force, training
after a B, closer supervision after a C (the plan's ``grading.consequences``).

Acted on only when reps respond to the plan (a ``behaviour`` section): the plan's review
(``Review``) says who was graded what, who is a promotion candidate and how many each
pool promotes; this module owns the draws and the state. Rules:

- **Promotion**: at a review that promotes, ``promotions`` reps of each pool are picked
  at random among its candidates (one uniform per seat, drawn every month, stream
  ``promotion.pick``); the promoted rep leaves the rep population and a new hire takes
  the seat. The promotion comes first: a promoted rep who would also have left that
  month counts as a promotion, not an exit.
- **Training**: a rep graded B who is not in training already starts training; the
  skill rises by ``skill_gain`` / ``months`` at the end of each of the next ``months``
  months (the first step at the end of the month after the review).
- **Improvement plan**: a rep graded C is supervised for the next ``months`` months:
  effort (visits) x ``supervision_effort``. The exit if C again is the plan's
  improvement flag (``simulate.behaviour``).
- A new person in the seat (exit or promotion) ends the predecessor's training and plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from salesperf_model.plan_questions import Review
from salesperf_model.simulate.start import Chunk, ChunkState

_B, _C = 2, 3  # grade codes (0=S .. 3=C)


@dataclass
class Careers:
    """Training and supervision under way per (simulation, seat), and what happened."""

    training_left: np.ndarray  # months of training still to come
    training_step: np.ndarray  # skill gained at the end of each of them
    supervised_left: np.ndarray  # months of closer supervision still to come
    supervision_effort: np.ndarray  # effort multiplier while supervised
    #: per month, (sims,) counts: reps promoted, trainings started, plans started
    promoted: list[np.ndarray] = field(default_factory=list)
    trained: list[np.ndarray] = field(default_factory=list)
    supervised: list[np.ndarray] = field(default_factory=list)
    promoted_seats: list[np.ndarray] = field(default_factory=list)  # bool (sims, reps)

    @classmethod
    def start(cls, shape: tuple[int, int]) -> Careers:
        """Nobody in training or on a plan."""
        return cls(
            training_left=np.zeros(shape, np.int64),
            training_step=np.zeros(shape),
            supervised_left=np.zeros(shape, np.int64),
            supervision_effort=np.ones(shape),
        )

    def promoted_at(self) -> np.ndarray:
        """Bool (sims, reps, months): the seat's holder was promoted after the month."""
        return np.stack(self.promoted_seats, axis=-1)

    def counts(self) -> dict[str, np.ndarray]:
        """(sims, months) counts of each consequence."""
        return {
            "promotions": np.stack(self.promoted, axis=-1),
            "trainings": np.stack(self.trained, axis=-1),
            "improvement_plans": np.stack(self.supervised, axis=-1),
        }


def supervise(state: ChunkState) -> None:
    """Before a month's work: supervised reps put in more effort; a month of the plan passes."""
    careers = state.careers
    if careers is None:
        return
    on_plan = careers.supervised_left > 0
    state.effort = state.effort * np.where(on_plan, careers.supervision_effort, 1.0)
    careers.supervised_left = np.where(on_plan, careers.supervised_left - 1, 0)


def train(state: ChunkState) -> None:
    """At a month's end: reps in training gain the month's step of skill."""
    careers = state.careers
    if careers is None:
        return
    training = careers.training_left > 0
    state.skill = state.skill + np.where(training, careers.training_step, 0.0)
    careers.training_left = np.where(training, careers.training_left - 1, 0)


def promote(chunk: Chunk, review: Review | None) -> np.ndarray:
    """Bool (sims, reps): the reps promoted at this month's review (none without one)."""
    u = chunk.draws.uniform("promotion.pick", (chunk.shape[1],))  # every month: common
    promoted = np.zeros(chunk.shape, bool)
    if review is None or not review.promotions or review.promotion_candidate is None:
        return promoted
    candidate = np.asarray(review.promotion_candidate, bool)
    pools = (
        np.zeros(chunk.shape[1], np.int64)
        if review.promotion_pool is None
        else np.asarray(review.promotion_pool)
    )
    for pool in np.unique(pools):  # few pools
        score = np.where(candidate & (pools == pool), u, -1.0)
        order = np.argsort(-score, axis=1, kind="stable")[:, : review.promotions]
        picked = np.take_along_axis(score, order, axis=1) >= 0
        rows = np.broadcast_to(np.arange(chunk.shape[0])[:, None], order.shape)
        promoted[rows[picked], order[picked]] = True
    return promoted


def act_on_review(
    state: ChunkState, review: Review | None, *, leaving: np.ndarray, promoted: np.ndarray
) -> None:
    """After the month's exits and promotions: new holders start afresh; reps graded B
    start training, reps graded C an improvement plan (as the review's plan says)."""
    careers = state.careers
    assert careers is not None
    departing = leaving | promoted
    careers.promoted.append(promoted.sum(axis=1))
    careers.promoted_seats.append(promoted)
    careers.training_left = np.where(departing, 0, careers.training_left)
    careers.supervised_left = np.where(departing, 0, careers.supervised_left)
    trained = supervised = np.zeros(careers.training_left.shape, bool)
    consequences = review.consequences if review is not None else None
    if review is not None and review.grades is not None and consequences is not None:
        grades = np.asarray(review.grades)
        training = consequences.training
        if training.enabled:
            trained = (grades == _B) & ~departing & (careers.training_left == 0)
            careers.training_left = np.where(trained, training.months, careers.training_left)
            careers.training_step = np.where(
                trained, training.skill_gain / training.months, careers.training_step
            )
        plan = consequences.improvement_plan
        if plan.enabled:
            supervised = (grades == _C) & ~departing
            careers.supervised_left = np.where(supervised, plan.months, careers.supervised_left)
            careers.supervision_effort = np.where(
                supervised, plan.supervision_effort, careers.supervision_effort
            )
    careers.trained.append(trained.sum(axis=1))
    careers.supervised.append(supervised.sum(axis=1))
