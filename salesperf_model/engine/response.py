"""The plan engine's answers to the simulation's monthly questions (a ``PlanResponse``, and
a ``BehaviourResponse`` when reps respond to pay)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from salesperf_model.engine.careers import promotion_candidates, promotion_pool, promotions_at
from salesperf_model.engine.curves import marginal_rate
from salesperf_model.engine.long_term import award_exit_multiplier
from salesperf_model.engine.outlook import Valuation, plan_outlook
from salesperf_model.engine.run import score_and_grade
from salesperf_model.engine.timing_outlook import timing_can_differ, timing_outlook
from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayOutlook, PayState, Review
from salesperf_model.schema import GRADES, MONTHS_PER, Behaviour, Scenario

_C = GRADES.index("C")


class EnginePlanResponse:
    """How reps respond to a scenario's plan, answered by the plan engine.

    Satisfies ``salesperf_model.simulate.PlanResponse`` and ``BehaviourResponse``
    (structurally: no import of the simulation needed). ``marginal_rate`` is the plan's
    commission curve at the running attainment (on the plan's commission base);
    ``improvement_flag`` and ``review`` run the plan on the months so far whenever a
    calendar review period closes; ``outlook`` is the plan's expected marginal and total
    pay (``engine.outlook``), with the ``market`` plan's pay as what the rep could earn
    elsewhere (the plan itself when no market is given). ``behaviour`` is how reps weigh
    pay (the scenario's own section when not given).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        market: Scenario | None = None,
        behaviour: Behaviour | None = None,
    ) -> None:
        self.scenario = scenario
        self.market = market
        self.behaviour = behaviour or scenario.behaviour
        self.attainment_basis: Literal["collected", "booked"] = scenario.pay.commission.base
        #: the market pays as the plan does (the baseline responding to itself): its
        #: outlook is the plan's own, not computed twice
        self._market_is_plan = (
            market is None
            or market is scenario
            or (market.pay == scenario.pay and market.population == scenario.population)
        )

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        """The plan's commission rate on the next unit of revenue (the same for every seat)."""
        return marginal_rate(self.scenario.pay.commission, attainment_so_far)

    def _closes_review(self, outcomes_so_far: Outcomes, period_index: int) -> bool:
        month = int(outcomes_so_far.periods[period_index][5:7])
        return not month % MONTHS_PER[self.scenario.review_cycle]

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        """The engine's improvement flag of the review closing at ``period_index``, if any."""
        if not self._closes_review(outcomes_so_far, period_index):
            return None
        if not self.scenario.grading.consequences.improvement_plan.enabled:
            return np.zeros(outcomes_so_far.shape[:2], bool)
        return score_and_grade(outcomes_so_far, self.scenario).grades.improvement_flag[:, :, -1]

    def review(self, outcomes_so_far: Outcomes, period_index: int) -> Review | None:
        """Flags, C grades and forced moves down of the review closing at ``period_index``."""
        if not self._closes_review(outcomes_so_far, period_index):
            return None
        # a review needs the grades alone: scoring and grading without the pay, which
        # adds nothing to them (a plan's pay never changes its grades)
        graded = score_and_grade(outcomes_so_far, self.scenario)
        result = graded.grades
        consequences = self.scenario.grading.consequences
        month = int(outcomes_so_far.periods[period_index][5:7])
        promotions = promotions_at(self.scenario, month)
        return Review(
            improvement_flag=result.improvement_flag[:, :, -1]
            & consequences.improvement_plan.enabled,
            c_grade=result.grades[:, :, -1] == _C,
            moved_down=result.grades[:, :, -1] > result.band_grades[:, :, -1],
            grades=result.grades[:, :, -1],
            promotion_candidate=promotion_candidates(
                self.scenario, outcomes_so_far, graded.points[:, :, -1]
            )
            if promotions
            else None,
            promotions=promotions,
            promotion_pool=promotion_pool(self.scenario, outcomes_so_far),
            consequences=consequences,
            exit_multiplier=award_exit_multiplier(
                self.scenario.pay.long_term, result.grades[:, :, -1], outcomes_so_far
            ),
        )

    def outlook(self, state: PayState) -> PayOutlook:
        """Expected marginal pay and pay per month under the plan, and in the market."""
        # the plan's components from this month, valued by the outlook and deal timing
        valuation = Valuation.of(self.scenario, state, self.behaviour)
        marginal, expected = plan_outlook(self.scenario, state, self.behaviour, valuation=valuation)
        market = expected
        if not self._market_is_plan:
            _, market = plan_outlook(self.market, state, self.behaviour)
        gain = None
        if self.behaviour.times_deals:
            if timing_can_differ(self.scenario, state):
                gain = timing_outlook(self.scenario, state, self.behaviour, valuation=valuation)
            else:
                gain = (np.zeros(marginal.shape), np.zeros(marginal.shape))
        return PayOutlook(
            marginal_pay=marginal,
            expected_pay=expected,
            market_pay=market,
            timing_gain=gain,
        )
