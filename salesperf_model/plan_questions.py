"""What the simulation and a plan tell each other when reps respond to pay: the rep's
state before a month, the plan's outlook in answer, and what a review says about each seat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salesperf_model.outcomes import Outcomes


@dataclass(frozen=True)
class PayState:
    """What a rep knows before working month ``period_index``, per (simulation, rep) of
    the chunk: the months so far, this month's quota and the revenue the rep expects."""

    period_index: int
    period_label: str  #: 'YYYY-MM' of the month about to be worked
    reps: pd.DataFrame  #: the seats (role, region tier...)
    so_far: Outcomes | None  #: months 0..period_index - 1 (None in the first month)
    quota: np.ndarray  #: this month's quota
    run_rate: np.ndarray  #: expected booked revenue per month ahead
    collected_share: float  #: expected share of booked revenue collected
    #: rise of next months' monthly quota per unit of extra revenue this month (ratchet)
    next_quota_per_revenue: np.ndarray


@dataclass(frozen=True)
class PayOutlook:
    """The plan's answer to a :class:`PayState`, each (simulations, reps)."""

    marginal_pay: np.ndarray  #: expected pay per unit of extra revenue (discounted)
    expected_pay: np.ndarray  #: expected pay per month at the rep's run rate
    market_pay: np.ndarray  #: the same rep's pay per month in the market (the reference plan)
    #: expected pay per unit of extra revenue booked next month instead (deal timing);
    #: None: the plan does not say, reps do not move deals
    marginal_pay_next: np.ndarray | None = None
    #: (pay gained per unit of list value by pulling the deals a rep can reach into this
    #: month at the discount, by pushing this month's controlled deals into next month);
    #: when given, deal timing follows it instead of ``marginal_pay_next``
    timing_gain: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class Review:
    """What a review closing this month says about each seat, (simulations, reps) arrays:
    flags, grades, promotion candidates, and the plan's consequences to act on."""

    improvement_flag: np.ndarray  #: the plan's consequence (e.g. C twice running)
    c_grade: np.ndarray  #: graded C in this review
    moved_down: np.ndarray  #: moved below the grade its points earned (forced distribution)
    #: grade codes of this review (0=S .. 3=C); None: the plan does not say
    grades: np.ndarray | None = None
    #: in the top of the review's points of their promotion pool, and promotable
    promotion_candidate: np.ndarray | None = None
    #: reps promoted from each pool at this review (0: no promotion)
    promotions: int = 0
    #: (reps,) the promotion pool of each seat (codes); None: one pool
    promotion_pool: np.ndarray | None = None
    #: the plan's ``grading.consequences`` (training and improvement plan settings)
    consequences: Any = None
    #: (simulations, reps) multiplier of the exit hazard until the next review (non-cash
    #: rewards earned in this review); None: 1
    exit_multiplier: np.ndarray | None = None
