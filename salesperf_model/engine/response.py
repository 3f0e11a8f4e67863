"""The plan engine's answers to the simulation's monthly questions (a ``PlanResponse``)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from salesperf_model.engine.curves import marginal_rate
from salesperf_model.engine.run import run_plan
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import MONTHS_PER, Scenario


class EnginePlanResponse:
    """How reps respond to a scenario's plan, answered by the plan engine.

    Satisfies ``salesperf_model.simulate.PlanResponse`` (structurally: no import of the
    simulation needed). ``marginal_rate`` is the plan's commission curve at the running
    attainment (on the plan's commission base); ``improvement_flag`` runs the plan on the
    months so far whenever a calendar review period closes and returns the engine's
    improvement flag (C twice running) for that review.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.attainment_basis: Literal["collected", "booked"] = scenario.pay.commission.base

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        """The plan's commission rate on the next unit of revenue (the same for every seat)."""
        return marginal_rate(self.scenario.pay.commission, attainment_so_far)

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        """The engine's improvement flag of the review closing at ``period_index``, if any."""
        month = int(outcomes_so_far.periods[period_index][5:7])
        if month % MONTHS_PER[self.scenario.review_cycle]:
            return None
        return run_plan(outcomes_so_far, self.scenario).improvement_flag[:, :, -1]
