"""A paid plan and its outcomes reduced to what the comparison tables read, so chunks of simulations merge exactly.

Every comparison table reduces the month axis first (pay summed over the horizon,
attainment weighted by quota, mean true skill) and then the simulations (means and
percentiles over per-simulation values). A chunk of simulations is therefore reduced
over months where it was paid, with the very same numpy calls the tables make, and the
chunks' (simulations, reps) arrays are stacked in simulation order: the tables computed
on the stack are bit for bit those computed on the full results, whatever the chunking.

What each table needs (one row per simulation, the month axis gone):

- cost by component: each component summed over seats, (simulations,);
  cost by role / region: each component (and fixed, variable, total) summed per group,
  (simulations, groups) (:data:`GROUPED_BY`);
- cost by rep, pay at target, pay equity, pay quartiles, winners and losers: total and
  fixed pay per seat (variable is their difference), (simulations, reps);
- fairness comparisons, winners and losers by decile: attainment x quota summed over
  the horizon and quota summed (horizon attainment), true skill and big-account share
  averaged over the horizon, booked revenue summed; cost of sales by region: collected
  revenue summed;
- grade parity, fairness comparisons: the grades, (simulations, reps, reviews);
- pay by month and calendar year: each component summed over seats, (simulations, months);
  deferred vesting: each deferred element's flows summed over the reps
  (``DeferredRecord``), the per-rep work (who left, what had not vested) done in the chunk;
- headline, comparison, summary, frontier: the metric draws, one row per simulation.

Memory per rep-simulation and plan: 84 bytes (pay 28, pay at target 8, outcomes 48; see
tests/test_stream.py), not (simulations x reps x months) per measure and component.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.engine.long_term import DeferredRecord
from salesperf_model.measure.totals import PlanResultLike, attained_quota, rep_totals
from salesperf_model.outcomes import Outcomes

#: compiled loops, loaded on first use (numba: the text commands never run them)
month_means = on_first_use("salesperf_model.measure.sum_kernels", "month_means")
month_sums = on_first_use("salesperf_model.measure.sum_kernels", "month_sums")
rep_sums = on_first_use("salesperf_model.measure.sum_kernels", "rep_sums")

#: Truth the tables read, averaged over the horizon.
HORIZON_TRUTH: tuple[str, ...] = ("skill", "big_account_share")
#: Measures the tables read, summed over the horizon (``revenue_booked`` is derived).
HORIZON_MEASURES: tuple[str, ...] = ("quota", "revenue_booked_big", "revenue_booked")
#: Per-month detail of the outcomes no table reads (``promoted``: seats x months).
DROPPED_META: tuple[str, ...] = ("effort", "deals", "promoted")
#: Derived totals the tables and report views read, derived month by month then summed
#: (``revenue_collected``: cost of sales by region).
HORIZON_DERIVED: tuple[str, ...] = ("revenue_booked", "revenue_collected")


@dataclass(frozen=True)
class HorizonOutcomes(Outcomes):
    """Outcomes reduced to one period, the horizon: measures summed, truth averaged, each
    shaped (simulations, reps, 1); ``periods`` keeps the months' labels."""

    derived: dict[str, np.ndarray] = field(default_factory=dict)

    def get(self, name: str) -> np.ndarray:
        """A measure summed over the horizon; a derived total (:data:`HORIZON_DERIVED`)
        summed after it was derived month by month, as the full outcomes give it."""
        if name in self.derived:
            return self.derived[name]
        return super().get(name)


#: Rep-table columns whose pay per component and group is kept per chunk (the cost by
#: role and by region tables); per seat only total and fixed pay are kept.
GROUPED_BY: tuple[str, ...] = ("role", "region")


@dataclass
class HorizonResult:
    """A plan result reduced to its horizon, keeping only what the tables read:
    ``rep_pay`` total and fixed pay per seat, (simulations, reps), summed over the months
    (variable pay is their difference, as ``measure.totals.rep_totals`` takes it);
    ``component_pay`` each component summed over seats and months, (simulations,);
    ``group_pay`` per :data:`GROUPED_BY` column, each component (and fixed, variable,
    total) summed per group, (simulations, groups); ``grades`` as paid;
    ``attained_quota`` (simulations, reps) attainment x quota summed over the months.
    ``payouts`` is empty: no (simulations, reps) array per component is kept."""

    scenario_name: str
    components: list[str]
    rep_pay: dict[str, np.ndarray]
    grades: np.ndarray
    review_of_month: np.ndarray
    attained_quota: np.ndarray | None
    component_pay: dict[str, np.ndarray] = field(default_factory=dict)
    group_pay: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: each component summed over the reps, (simulations, months): pay by calendar year
    pay_by_month: dict[str, np.ndarray] | None = None
    payouts: dict[str, np.ndarray] = field(default_factory=dict)
    #: each deferred element's flows summed over the reps, (simulations, months) each
    deferred: dict[str, DeferredRecord] = field(default_factory=dict)
    #: (share, months) of each holdback in force -> (simulations, months) the commission
    #: payments it holds a share of, summed over the reps whose months it pays
    #: (``measure.owed.holdback_bases``); None without a holdback
    holdback_bases: dict[tuple[float, int], np.ndarray] | None = None

    @property
    def attainment(self) -> np.ndarray:  # only the horizon's attained_quota is kept
        raise AttributeError(
            "a HorizonResult keeps attainment summed over the horizon only (attained_quota)"
        )

    def total_pay(self) -> np.ndarray:
        """Total pay over the horizon, (simulations, reps, 1)."""
        return self.rep_pay["total"][..., None]


def horizon_outcomes(outcomes: Outcomes) -> HorizonOutcomes:
    """``outcomes`` reduced to what the comparison tables read (:data:`HORIZON_MEASURES`
    summed, :data:`HORIZON_TRUTH` averaged over the months)."""
    if isinstance(outcomes, HorizonOutcomes):
        return outcomes
    # compiled month sums and means: the same figures as numpy's sum and mean over axis 2
    measures = {
        name: month_sums(outcomes.get(name))
        for name in HORIZON_MEASURES
        if name in outcomes.measures
    }
    derived = {name: _derived_sum(outcomes, name) for name in HORIZON_DERIVED}
    if not measures:
        measures = {"quota": np.zeros((*outcomes.shape[:2], 1))}
    truth = None
    if outcomes.truth is not None:
        truth = {
            name: month_means(outcomes.truth[name])[..., None]
            for name in HORIZON_TRUTH
            if name in outcomes.truth
        }
    return HorizonOutcomes(
        reps=outcomes.reps,
        periods=list(outcomes.periods),
        measures=measures,
        truth=truth,
        source=outcomes.source,
        meta={k: v for k, v in outcomes.meta.items() if k not in DROPPED_META},
        derived=derived,
    )


def _derived_sum(outcomes: Outcomes, name: str) -> np.ndarray:
    """``outcomes.get(name)`` summed over the months; ``revenue_booked`` and
    ``revenue_collected`` (new + existing) added month by month as ``get`` adds them,
    without the (simulations, reps, months) sum."""
    side = {"revenue_booked": "booked", "revenue_collected": "collected"}.get(name)
    if side is None or type(outcomes).get is not Outcomes.get:
        return outcomes.get(name).sum(axis=2, keepdims=True)
    return month_sums(outcomes.get(f"revenue_{side}_new"), outcomes.get(f"revenue_{side}_existing"))


def horizon_result(
    result: PlanResultLike,
    outcomes: Outcomes | None = None,
    *,
    total_only: bool = False,
    totals: dict[str, np.ndarray] | None = None,
    holdback_bases: dict[tuple[float, int], np.ndarray] | None = None,
) -> HorizonResult:
    """``result`` reduced to its horizon (with ``outcomes``, the ones it was paid on, its
    quota-weighted attainment and its pay per :data:`GROUPED_BY` group are kept too), with
    the very numpy calls the tables make on a full result. ``total_only``: keep total pay
    per seat alone (pay at target is read only as a total; no grades). ``totals``:
    ``rep_totals(result)`` when already summed (``PlanEvaluation.totals``);
    ``holdback_bases``: what its holdbacks hold a share of (``measure.owed``), kept for
    the pay they still owe at the end."""
    from salesperf_model.measure.cost import group_pay

    totals = rep_totals(result) if totals is None else totals
    grades = np.asarray(result.grades)
    if total_only:
        return HorizonResult(
            scenario_name=result.scenario_name,
            components=[],
            rep_pay={"total": totals["total"]},
            grades=grades[..., :0],
            review_of_month=np.asarray(result.review_of_month),
            attained_quota=None,
        )
    components = list(result.payouts)
    names = [*components, "fixed", "variable", "total"]
    grouped = {}
    if outcomes is not None:
        grouped = {by: group_pay(totals, outcomes, by, names=names) for by in GROUPED_BY}
    return HorizonResult(
        scenario_name=result.scenario_name,
        components=components,
        rep_pay={"total": totals["total"], "fixed": totals["fixed"]},
        grades=grades,
        review_of_month=np.asarray(result.review_of_month),
        attained_quota=None if outcomes is None else attained_quota(result, outcomes),
        component_pay={name: totals[name].sum(axis=1) for name in components},
        group_pay=grouped,
        pay_by_month={name: rep_sums(v) for name, v in result.payouts.items()},
        deferred=dict(getattr(result, "deferred", None) or {}),
        holdback_bases=holdback_bases,
    )


def _room(parts: dict[str, np.ndarray] | None, simulations: int) -> dict[str, np.ndarray] | None:
    """Empty arrays for ``simulations`` rows shaped and typed like a chunk's ``parts``."""
    if parts is None:
        return None
    return {k: np.empty((simulations, *v.shape[1:]), v.dtype) for k, v in parts.items()}


def _put(whole: dict[str, np.ndarray] | None, part: dict[str, np.ndarray] | None, at: int):
    for name, values in (part or {}).items():
        whole[name][at : at + len(values)] = values


class ResultStack:
    """Horizon results of a run's chunks written, as each arrives, into arrays sized for
    all its ``simulations`` (made when the first chunk comes), at each chunk's own rows:
    the chunks stacked in simulation order, without keeping every chunk until the end
    nor copying them all again there. The kept arrays are a few large blocks, not thousands
    of small ones left between the chunks' freed working arrays (which held the memory
    of a 100,000-rep run at about 25 MB more per simulation than it keeps)."""

    def __init__(self, first: HorizonResult, simulations: int) -> None:
        n = simulations
        self.first = first
        self.rep_pay = _room(first.rep_pay, n)
        self.grades = np.empty((n, *first.grades.shape[1:]), first.grades.dtype)
        quota = first.attained_quota
        self.attained_quota = None if quota is None else np.empty((n, *quota.shape[1:]))
        self.component_pay = _room(first.component_pay, n)
        self.group_pay = {by: _room(groups, n) for by, groups in first.group_pay.items()}
        self.pay_by_month = _room(first.pay_by_month, n)
        self.holdback_bases = _room(first.holdback_bases, n)
        self.deferred = {
            name: _room({f: getattr(r, f) for f in ("earned", "forfeited", "kept")}, n)
            for name, r in first.deferred.items()
        }

    def put(self, part: HorizonResult, at: int) -> None:
        """Write a chunk's ``part`` at simulation row ``at``."""
        count = len(part.grades)
        _put(self.rep_pay, part.rep_pay, at)
        self.grades[at : at + count] = part.grades
        if self.attained_quota is not None:
            self.attained_quota[at : at + count] = part.attained_quota
        _put(self.component_pay, part.component_pay, at)
        for by, groups in part.group_pay.items():
            _put(self.group_pay[by], groups, at)
        _put(self.pay_by_month, part.pay_by_month, at)
        _put(self.holdback_bases, part.holdback_bases, at)
        for name, record in part.deferred.items():
            flows = {f: getattr(record, f) for f in ("earned", "forfeited", "kept")}
            _put(self.deferred[name], flows, at)

    def result(self) -> HorizonResult:
        """The stacked result (every row written)."""
        first = self.first
        return HorizonResult(
            scenario_name=first.scenario_name,
            components=first.components,
            rep_pay=self.rep_pay,
            grades=self.grades,
            review_of_month=first.review_of_month,
            attained_quota=self.attained_quota,
            component_pay=self.component_pay,
            group_pay=self.group_pay,
            pay_by_month=self.pay_by_month,
            deferred={
                name: DeferredRecord(vesting=record.vesting, **self.deferred[name])
                for name, record in first.deferred.items()
            },
            holdback_bases=self.holdback_bases,
        )


class OutcomesStack:
    """Horizon outcomes of a run's chunks written as each arrives, at each chunk's own
    rows (as :class:`ResultStack`)."""

    def __init__(self, first: HorizonOutcomes, simulations: int) -> None:
        self.first = first
        self.measures = _room(first.measures, simulations)
        self.truth = _room(first.truth, simulations)
        self.derived = _room(first.derived, simulations)

    def put(self, part: HorizonOutcomes, at: int) -> None:
        """Write a chunk's ``part`` at simulation row ``at``."""
        _put(self.measures, part.measures, at)
        _put(self.truth, part.truth, at)
        _put(self.derived, part.derived, at)

    def outcomes(self) -> HorizonOutcomes:
        """The stacked outcomes (every row written)."""
        first = self.first
        return HorizonOutcomes(
            reps=first.reps,
            periods=first.periods,
            measures=self.measures,
            truth=self.truth,
            source=first.source,
            meta={k: v for k, v in first.meta.items() if k != "first_simulation"},
            derived=self.derived,
        )
