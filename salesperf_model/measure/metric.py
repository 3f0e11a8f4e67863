"""What a metric is: its declaration (meaning, unit, direction, function) and the inputs
its function reads, with intermediates several metrics share computed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from typing import Literal, TypeVar, cast

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.engine.vacancy import VACANT, vacant_months
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import label_strings

#: compiled loops, loaded on first use (numba: the text commands never run them)
month_means = on_first_use("salesperf_model.measure.sum_kernels", "month_means")

T = TypeVar("T")

#: Optional inputs a metric may require; metrics whose input is missing are left out.
Requirement = Literal[
    "at_target", "bumped", "total_pay_budget", "cost_of_sales_budget", "vacancies", "leavers"
]


@dataclass
class MetricInputs:
    """One plan paid on the shared outcomes, and what its metrics may need besides.

    ``at_target`` is the plan paid on ``revenue_at_quota`` outcomes, ``bumped`` the plan
    paid on outcomes with ``1 + bump`` times the sales money; the budgets are the plan's
    own; ``reference`` and ``comparison`` are the labels of the rep table's ``group``
    column that pay gaps compare.
    """

    result: PlanResultLike
    outcomes: Outcomes
    _: KW_ONLY
    at_target: PlanResultLike | None = None
    bumped: PlanResultLike | None = None
    bump: float = 0.01
    total_pay_budget: float | None = None
    cost_of_sales_budget: float | None = None
    reference: str = "male"
    comparison: str = "female"
    #: intermediates that read only the outcomes, kept across the plans paid on these
    #: same outcomes when the caller gives one dict for them all (a sweep)
    outcome_shared: dict[str, object] | None = field(default=None, repr=False)
    #: :func:`rep_totals` of the plan when the caller summed it already (it reduces the
    #: result to its horizon from the same sums)
    known_totals: dict[str, np.ndarray] | None = field(default=None, repr=False)
    _shared: dict[str, object] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def totals(self) -> dict[str, np.ndarray]:
        """:func:`rep_totals` of the plan, (simulations, reps) per component."""
        return rep_totals(self.result) if self.known_totals is None else self.known_totals

    def measure(self, name: str) -> np.ndarray:
        """``outcomes.get(name)``, once for the metrics reading it (a derived total such
        as ``revenue_booked`` is an addition over every rep-month)."""
        return self.shared(f"measure {name}", lambda: self.outcomes.get(name))

    def truth_mean(self, name: str) -> np.ndarray:
        """A truth array's mean over the months, (sims, reps), read-only: once for every
        metric (and plan sharing ``outcome_shared``) reading it."""

        def compute() -> np.ndarray:
            assert self.outcomes.truth is not None  # truth metrics only
            mean = month_means(self.outcomes.truth[name])
            mean.flags.writeable = False
            return mean

        return self.of_outcomes(f"truth mean {name}", compute)

    def summed(self, name: str) -> np.ndarray:
        """:meth:`measure` summed over reps and months, per simulation (kept for every
        plan sharing ``outcome_shared``: one number per simulation)."""

        def compute() -> np.ndarray:
            summed = self.measure(name).sum(axis=(1, 2))
            summed.flags.writeable = False  # kept for every plan of a sweep
            return summed

        return self.of_outcomes(f"summed {name}", compute)

    @cached_property
    def vacancies(self) -> np.ndarray | None:
        """(simulations, reps, periods) True where nobody held the seat; None when no
        seat-month was vacant (the vacancy metrics are then left out)."""
        return vacant_months(self.outcomes)

    @cached_property
    def leavers(self) -> np.ndarray | None:
        """(simulations, reps, periods - 1) True where the seat's holder left after the
        month (a new person, or nobody, holds it the next month; a promotion is not a
        leaver); None where the outcomes do not follow people (no ``person_id``: an
        import) or nobody left (the turnover metrics are then left out)."""
        return leavers(self.outcomes)

    @cached_property
    def roles(self) -> np.ndarray:
        """Each seat's role (read-only)."""
        return label_strings(self.outcomes.reps, "role")

    def has(self, requirements: tuple[Requirement, ...]) -> bool:
        """Whether every optional input in ``requirements`` was given."""
        return all(getattr(self, name) is not None for name in requirements)

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per plan for an intermediate several metrics read."""
        if key not in self._shared:
            self._shared[key] = compute()
        return cast(T, self._shared[key])

    def of_outcomes(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` for an intermediate that reads only the outcomes (truth, reps,
        measures; never the plan): once for every plan sharing ``outcome_shared``, else
        once per plan as :meth:`shared`."""
        kept = self._shared if self.outcome_shared is None else self.outcome_shared
        if key not in kept:
            kept[key] = compute()
        return cast(T, kept[key])


@dataclass(frozen=True)
class Metric:
    """One metric, declared once: what it means (for tables and docs/metrics.md, which is
    generated from these declarations) and the function computing its draws.

    ``compute`` returns one value per simulation. A metric that ``needs_truth`` is NaN on
    outcomes without hidden truth (its function is not called); a metric with
    ``requires`` is left out when one of those inputs is missing.
    """

    name: str
    _: KW_ONLY
    label: str  #: a few plain words for leadership
    description: str  #: one sentence: what it measures
    unit: str
    higher_is_better: bool | None  #: None where neither direction is better
    needs_truth: bool  #: needs the simulation's hidden truth (not available on real data)
    definition: str  #: how it is computed, exactly
    compute: Callable[[MetricInputs], np.ndarray]
    family: Literal["cost", "fairness"]
    requires: tuple[Requirement, ...] = ()
    method: str = ""  #: a longer account of the method, when the definition needs one
    explanation: str = ""  #: one plain sentence for leadership: the reports' glossary


def leavers(outcomes: Outcomes) -> np.ndarray | None:
    """:attr:`MetricInputs.leavers` of ``outcomes``."""
    person = outcomes.measures.get("person_id")
    if person is None or outcomes.n_periods < 2:
        return None
    left = (person[..., 1:] != person[..., :-1]) & (person[..., :-1] != VACANT)
    promoted = outcomes.meta.get("promoted")
    if promoted is not None:
        left &= ~np.asarray(promoted, bool)[..., :-1]
    return left if left.any() else None
