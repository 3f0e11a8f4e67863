"""What the simulation asks a plan each month, and how the reps act on the plan's answers.

The simulation never imports the plan engine: a caller who wants reps to respond to a plan
passes an object with this protocol (the engine's is ``salesperf_model.engine.
EnginePlanResponse``). Without one, reps do not respond to any plan and no plan drives
exits, so every plan can be paid on the same outcomes.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayOutlook, PayState, Review

__all__ = [
    "BehaviourResponse",
    "PayOutlook",
    "PayState",
    "PlanResponse",
    "Review",
    "effort_from_rate",
    "plan_flags",
    "reference_rate",
]


@runtime_checkable
class PlanResponse(Protocol):
    """The plan's answers to the simulation's monthly questions.

    The simulation owns every random draw and all state (people, pipelines, books); the
    response only answers from the state it is shown, and its answers are deterministic
    given that state. Two plans simulated with the same seed therefore meet the same
    people, markets and deals and differ only where their answers differ (common random
    numbers).

    Each month ``t`` of a chunk of simulations the simulation asks, in this order:

    1. before the month's work, :meth:`marginal_rate` at each rep's year-to-date
       attainment measured on :attr:`attainment_basis`; the reps' effort (visits) follows
       it (asked only when ``workforce.effort_elasticity`` > 0; asked once more before the
       first month at attainment 1, the reference the effort is relative to);
    2. at the month's end, :meth:`improvement_flag` on the months so far; a flagged rep
       leaves with ``workforce.plan_exit_probability``.

    Growing into a behaviour model (reps who respond to the plan: effort, deal timing,
    leaving) adds questions at their place in the month: effort asked for the expected
    marginal pay of the settlement period instead of a rate, a deal-timing question
    before deals close (which closable deals a rep pulls in or pushes out), an exit
    hazard beside the improvement flag at the month's end. The answers stay arrays of
    multipliers, shares or flags per (simulation, rep), so the draws stay common.
    """

    #: Which revenue the attainment given to :meth:`marginal_rate` is measured on.
    attainment_basis: Literal["collected", "booked"]

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        """Commission earned per unit of extra revenue at each rep's year-to-date attainment.

        ``attainment_so_far`` is (simulations, reps) for the chunk being simulated;
        ``rep_index`` the seat numbers (reps,). Returns rates shaped like the attainment.
        """
        ...

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        """Seats whose holder the plan flags at the end of month ``period_index`` (e.g. C
        twice running), as bool (simulations, reps) for the chunk, or ``None`` when no
        review closes that month. ``outcomes_so_far`` holds months 0..period_index of the
        chunk's simulations.
        """
        ...


def reference_rate(
    response: PlanResponse | None, elasticity: float, shape: tuple[int, int]
) -> np.ndarray | None:
    """The plan's rate at quota (attainment 1), the yardstick effort is relative to; None
    when reps do not respond to the plan (no response, or elasticity 0)."""
    if response is None or elasticity <= 0:
        return None
    return np.asarray(response.marginal_rate(np.ones(shape), np.arange(shape[1])), float)


def effort_from_rate(
    response: PlanResponse,
    reference: np.ndarray,
    attainment: np.ndarray,
    *,
    elasticity: float,
) -> np.ndarray:
    """Effort (a multiplier of visits): (rate now / rate at quota) ** elasticity, 1 where
    the plan pays nothing at quota."""
    rate = np.asarray(response.marginal_rate(attainment, np.arange(attainment.shape[1])), float)
    return np.where(
        reference > 0,
        (np.maximum(rate, 0) / np.where(reference > 0, reference, 1.0)) ** elasticity,
        1.0,
    )


def plan_flags(
    response: PlanResponse, outcomes_so_far: Outcomes, period_index: int
) -> np.ndarray | None:
    """The plan's improvement flags at the end of ``period_index`` as bool, or None."""
    flag = response.improvement_flag(outcomes_so_far, period_index)
    return None if flag is None else np.asarray(flag, bool)


@runtime_checkable
class BehaviourResponse(PlanResponse, Protocol):
    """A plan response reps act on under a ``behaviour`` section: besides the questions
    of :class:`PlanResponse`, before each month :meth:`outlook` (effort follows the
    expected marginal pay, leaving the expected pay against the market) and at each
    month's end :meth:`review` (improvement flags, C grades, forced moves)."""

    def outlook(self, state: PayState) -> PayOutlook:
        """The plan's expected marginal and total pay for the month about to be worked."""
        ...

    def review(self, outcomes_so_far: Outcomes, period_index: int) -> Review | None:
        """The review closing at the end of month ``period_index``, or None."""
        ...
