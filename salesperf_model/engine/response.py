"""The plan engine's answers to the simulation's monthly questions (a ``PlanResponse``, and
a ``BehaviourResponse`` when reps respond to pay)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from salesperf_model.engine.careers import promotion_candidates, promotion_pool, promotions_at
from salesperf_model.engine.curves import marginal_rate
from salesperf_model.engine.long_term import award_exit_multiplier
from salesperf_model.engine.outlook import Valuation, fixed_pay, plan_outlook
from salesperf_model.engine.run import last_review_graded
from salesperf_model.engine.timing_outlook import timing_can_differ, timing_outlook
from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayOutlook, PayState, Review
from salesperf_model.schema import GRADES, MONTHS_PER, Behaviour, Scenario
from salesperf_model.seat_labels import seat_labels

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
        #: fixed pay per seat by plan (id): (the seats' roles and tiers, the amounts)
        self._fixed: dict[int, tuple[tuple, np.ndarray]] = {}
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
        graded = last_review_graded(outcomes_so_far, self.scenario)
        return graded.grades.improvement_flag[:, :, -1]

    def review(self, outcomes_so_far: Outcomes, period_index: int) -> Review | None:
        """Flags, C grades and forced moves down of the review closing at ``period_index``."""
        if not self._closes_review(outcomes_so_far, period_index):
            return None
        # a review needs the grades alone: scoring and grading without the pay, which
        # adds nothing to them (a plan's pay never changes its grades), of the months
        # the last review period's grades and flags read
        graded = last_review_graded(outcomes_so_far, self.scenario)
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

    def _fixed_pay(self, plan: Scenario, reps: pd.DataFrame) -> np.ndarray:
        """The plan's base salary and allowances per seat, worked out again only when the
        seats' roles or region tiers change (reps ask every month, of the same seats)."""
        roles, tiers = seat_labels(reps, "role"), np.asarray(reps["region_tier"])
        seats = (roles.codes.tobytes(), roles.names, tiers.dtype.str, tiers.tobytes())
        kept = self._fixed.get(id(plan))  # the plan or the market, both held here
        if kept is None or kept[0] != seats:
            kept = self._fixed[id(plan)] = (seats, fixed_pay(plan.pay, reps))
        return kept[1]

    def outlook(self, state: PayState) -> PayOutlook:
        """Expected marginal pay and pay per month under the plan, and in the market."""
        # the plan's components from this month, valued by the outlook and deal timing
        valuation = Valuation.of(self.scenario, state, self.behaviour)
        fixed = self._fixed_pay(self.scenario, state.reps)
        marginal, expected = plan_outlook(
            self.scenario, state, self.behaviour, valuation=valuation, fixed=fixed
        )
        market = expected
        if not self._market_is_plan:
            fixed = self._fixed_pay(self.market, state.reps)
            _, market = plan_outlook(self.market, state, self.behaviour, fixed=fixed)
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
