"""The plan engine: score -> grade -> pay, chained into ``run_plan``.

``run_plan(outcomes, scenario)`` is a pure function of its inputs: the same outcomes paid
under two plans differ only by the plans. Every stage works on whole
(simulations, reps, periods) arrays; see scoring.py, grading.py, pay.py, commission.py and bonuses.py for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesperf_model.engine.checks import plan_warnings
from salesperf_model.engine.grading import GradeResult, grade
from salesperf_model.engine.long_term import DeferredRecord
from salesperf_model.engine.pay import SEAT_TOTAL, pay
from salesperf_model.engine.periods import PeriodGroups, fiscal_start, period_groups
from salesperf_model.engine.plan_changes import PlanPart, company_pools, merge_parts, pay_parts
from salesperf_model.engine.records import GradeRecord, KpiRecord, PayRecord
from salesperf_model.engine.scoring import score_with_total, unscorable_kpis
from salesperf_model.engine.vacancy import held_outcomes, vacant_at_reviews
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, KPI_CATALOG, Scenario


@dataclass(frozen=True)
class PlanResult:
    """Scores, grades and pay of every rep under one plan (see docs/architecture.md).

    Arrays are (simulations, reps, reviews) for scores and grades and (simulations, reps,
    periods) for attainment and payouts. Grade codes index ``GRADES``: 0=S 1=A 2=B 3=C.
    """

    scenario_name: str
    review_labels: list[str]
    review_of_month: np.ndarray
    kpi_points: dict[str, np.ndarray]
    points: np.ndarray
    band_grades: np.ndarray
    grades: np.ndarray
    moved: np.ndarray
    improvement_flag: np.ndarray
    promotion_flag: np.ndarray
    attainment: np.ndarray
    payouts: dict[str, np.ndarray]
    warnings: list[str] = field(default_factory=list)
    rep_ids: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    #: what each figure was worked out from (records.py): KPI actuals, targets and
    #: scores; the rank and quota of a ranking rule; each pay component's calculation
    kpi_records: dict[str, KpiRecord] = field(default_factory=dict)
    grade_record: GradeRecord | None = None
    pay_records: dict[str, PayRecord] = field(default_factory=dict)
    #: each deferred element's flows summed over the reps, by component (long_term.py)
    deferred: dict[str, DeferredRecord] = field(default_factory=dict)
    #: (sims, reps, reviews) False where nobody held the seat at the review's end (its
    #: grade is a placeholder: engine.vacancy); None: every seat-review was graded
    graded: np.ndarray | None = None
    #: parts of the horizon some reps were paid under another plan (plan_changes.py)
    parts: list[PlanPart] = field(default_factory=list)

    def total_pay(self) -> np.ndarray:
        """Sum of every payout component, (sims, reps, periods), exact to the cent."""
        total = sum(self.payouts.values(), np.zeros(self.attainment.shape))
        return np.round(total, 2)

    def payout_table(self, simulation: int = 0) -> pd.DataFrame:
        """One row per rep and month: rep_id, period, one column per component, total."""
        _sims, reps, periods = self.attainment.shape
        rep_ids = self.rep_ids or [str(r) for r in range(reps)]
        labels = self.periods or [str(p) for p in range(periods)]
        table = pd.DataFrame(
            {
                "rep_id": np.repeat(rep_ids, periods),
                "period": np.tile(labels, reps),
            }
        )
        for name, values in self.payouts.items():
            table[name] = values[simulation].reshape(-1)
        table["total"] = self.total_pay()[simulation].reshape(-1)
        return table

    def moved_table(self, simulation: int = 0) -> pd.DataFrame:
        """How many reps the grading rule moved from their band grade, per review period
        and move (e.g. S -> A): columns review, band_grade, grade, reps."""
        band = self.band_grades[simulation]
        final = self.grades[simulation]
        rows = []
        for review, label in enumerate(self.review_labels):
            for b in range(len(GRADES)):
                for f in range(len(GRADES)):
                    count = int(((band[:, review] == b) & (final[:, review] == f)).sum())
                    if b != f and count:
                        rows.append((label, GRADES[b], GRADES[f], count))
        return pd.DataFrame(rows, columns=["review", "band_grade", "grade", "reps"])


@dataclass(frozen=True)
class PaidTotals:
    """A plan's pay as each seat's total over the horizon alone, with the grades
    (``run_plan(seat_totals_only=True)``): all a cost variant reads of its result
    (``measure.horizon.horizon_result(total_only=True)``)."""

    scenario_name: str
    review_of_month: np.ndarray
    grades: np.ndarray
    #: {"seat_total": (sims, reps)}: ``pay(seat_totals_only=True)``'s payouts
    totals: dict[str, np.ndarray]

    @property
    def rep_pay(self) -> dict[str, np.ndarray]:
        """Total pay per seat, as ``measure.totals.rep_totals`` reads a reduced result."""
        return {"total": self.totals[SEAT_TOTAL]}


#: The scenario's parts scoring and grading read: a plan that changes none of them has
#: the same scores and grades on the same outcomes (only its pay differs).
GRADING_SECTIONS = ("scoring", "review_cycle", "population", "grading")


@dataclass(frozen=True)
class Graded:
    """Scores and grades of every rep under one plan, before pay (see ``score_and_grade``)."""

    kpi_points: dict[str, np.ndarray]
    reviews: PeriodGroups
    points: np.ndarray
    grades: GradeResult
    unscorable: dict[str, list[str]]


def grading_key(scenario: Scenario) -> str:
    """The plan's ``GRADING_SECTIONS`` as text: equal keys, equal scores and grades."""
    return scenario.model_dump_json(include=set(GRADING_SECTIONS))


def score_and_grade(
    outcomes: Outcomes,
    scenario: Scenario,
    kpi_records: dict[str, KpiRecord] | None = None,
    *,
    same_points: dict[str, np.ndarray] | None = None,
    kpi_points_kept: bool = True,
) -> Graded:
    """Score and grade every rep of ``outcomes`` under ``scenario`` (no pay);
    ``kpi_records``, when given, receives each KPI's actual, target and score. A vacant
    seat-month counts nothing (``engine.vacancy``). ``same_points``: the points some
    KPIs are known to score on these outcomes (see ``run_plan``). Without
    ``kpi_points_kept``, ``Graded.kpi_points`` is empty (only their sums are read)."""
    outcomes = held_outcomes(outcomes)
    kpi_points, points, reviews = score_with_total(
        outcomes,
        scenario,
        kpi_records,
        same_points=same_points,
        kpi_points_kept=kpi_points_kept,
    )
    missing = unscorable_kpis(outcomes, scenario)
    graded = grade(points, scenario.grading, outcomes, review_ends=reviews.ends)
    return Graded(kpi_points, reviews, points, graded, missing)


def last_review_graded(outcomes: Outcomes, scenario: Scenario) -> Graded:
    """``score_and_grade`` of the months the last review period's grades and flags depend
    on: its own and, for the improvement flag's run of C grades, the periods before it
    the run must span (one more for a growth KPI's previous period). Every review
    period is scored and graded on its own months, so the last period's figures are
    those of scoring every month (the simulation reviews every quarter: re-scoring the
    whole year each time cost a third of the scoring). A review reads the grades and
    the points alone: ``kpi_points`` is empty."""
    kept = max(scenario.grading.consequences.improvement_after_consecutive_c, 1)
    kept += any(  # a growth KPI reads the previous period
        KPI_CATALOG[name].aggregation == "growth"
        for weights in scenario.scoring.weights.values()
        for name in weights
    )
    reviews = period_groups(
        outcomes.periods, scenario.review_cycle, start=fiscal_start(outcomes.meta)
    )
    month_shaped = {"in_seat", "vacant"} & set(outcomes.meta)  # meta along the months
    if len(reviews.starts) <= kept or month_shaped or outcomes.source != "simulation":
        return score_and_grade(outcomes, scenario, kpi_points_kept=False)
    first = int(reviews.starts[-kept])
    recent = Outcomes(
        reps=outcomes.reps,
        periods=list(outcomes.periods[first:]),
        measures={name: values[..., first:] for name, values in outcomes.measures.items()},
        truth=None,
        source=outcomes.source,
        meta=outcomes.meta,
    )
    return score_and_grade(recent, scenario, kpi_points_kept=False)


def run_plan(
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    records: bool = False,
    graded: Graded | None = None,
    warnings: bool = True,
    same_points: dict[str, np.ndarray] | None = None,
    kpi_points_kept: bool = True,
    seat_totals_only: bool = False,
) -> PlanResult | PaidTotals:
    """Score, grade and pay every rep of ``outcomes`` under ``scenario``.

    ``records``: also keep each KPI's actual, target and score and each pay component's
    calculation (``kpi_records``, ``pay_records``: what a rep statement reads). Off by
    default: the simulation asks the plan every month and the search pays thousands of
    plans, and neither reads them. The grading rule's ranks (``grade_record``) are always
    kept. ``graded``: the scores and grades of a plan with the same ``grading_key`` on
    these same outcomes, to pay without scoring again (a sweep over pay parameters);
    ignored when ``records`` asks for the KPI records. Without ``warnings`` the plan's
    warnings are left empty: a streamed comparison's chunks never read them (the run's
    warnings come from the plan's own simulation), and they cost 3% of a chunk.
    ``same_points``: the points of the KPIs that read none of the measures in which these
    outcomes differ from those a run of the same plan scored
    (``scoring_setup.points_reading_none``: a cost variant's unchanged KPIs), taken as
    they are instead of scoring those KPIs again. Without ``kpi_points_kept`` the
    result's ``kpi_points`` is empty (a cost variant's are never read). With
    ``seat_totals_only`` the result is each seat's total pay alone (``PaidTotals``, no
    warnings: a cost variant reads nothing else) where the plan changes no pay in the
    year and the compiled pass applies."""
    kpi_records: dict[str, KpiRecord] | None = {} if records else None
    outcomes = held_outcomes(outcomes)  # vacant seat-months: nothing earned (engine.vacancy)
    if graded is None or records:
        graded = score_and_grade(
            outcomes,
            scenario,
            kpi_records,
            same_points=same_points,
            kpi_points_kept=kpi_points_kept or records,
        )
    reviews = graded.reviews
    grades = graded.grades
    pay_records: dict[str, PayRecord] | None = {} if records else None
    deferred: dict[str, DeferredRecord] = {}
    payouts, attainment = pay(
        scenario,
        outcomes,
        graded.points,
        grades=grades.grades,
        reviews=reviews,
        records=pay_records,
        deferred=deferred,
        seat_totals_only=seat_totals_only and not records and not scenario.pay_changes,
    )
    if SEAT_TOTAL in payouts:
        return PaidTotals(scenario.name, reviews.of_month, grades.grades, payouts)
    parts = []
    if scenario.pay_changes:  # each part of the year under its own plan
        parts = pay_parts(
            outcomes,
            scenario,
            run=lambda o, s, keep: run_plan(o, s, records=records or keep, warnings=False),
        )
        pools = company_pools(scenario)
        payouts, attainment = merge_parts(parts, payouts, attainment, pools=pools)
    return PlanResult(
        scenario_name=scenario.name,
        review_labels=reviews.labels,
        review_of_month=reviews.of_month,
        kpi_points=graded.kpi_points,
        points=graded.points,
        band_grades=grades.band_grades,
        grades=grades.grades,
        moved=grades.moved,
        improvement_flag=grades.improvement_flag,
        promotion_flag=grades.promotion_flag,
        attainment=attainment,
        payouts=payouts,
        warnings=plan_warnings(
            scenario,
            outcomes,
            band_grades=grades.band_grades,
            grades=grades.grades,
            unscorable=graded.unscorable,
            kpi_points=graded.kpi_points,
            points=graded.points,
            review_labels=reviews.labels,
        )
        if warnings
        else [],
        rep_ids=outcomes.reps["rep_id"].astype(str).tolist(),
        periods=list(outcomes.periods),
        kpi_records=kpi_records or {},
        grade_record=grades.record,
        pay_records=pay_records or {},
        deferred=deferred,
        graded=_graded(outcomes, reviews.ends),
        parts=parts,
    )


def _graded(outcomes: Outcomes, review_ends: np.ndarray) -> np.ndarray | None:
    """False where the seat was vacant at the review's end; None without vacancies."""
    vacant = vacant_at_reviews(outcomes, review_ends)
    return None if vacant is None else ~vacant
