"""What-if for an appeal: change one outcome or one rating of one rep, re-pay through the
engine, and show the rep's new points, grade and pay and every other rep whose grade (or
pay) the change moves, by name, before and after.

The change sets a measure of one rep to a value in one month, or in every month of a
review period when a review period is named (a quarter's manager rating of 95 is 95 in
each of its months). Only measures the plan reads can be changed: an edit the plan
cannot see is refused and said so. The rest of the sales force is unchanged; under a
ranking rule (forced or hybrid) one rep's new rank can move others' grades.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult, run_plan
from salesperf_model.outcomes import MEASURES, SIGNED_MEASURES, Outcomes, measure_rule
from salesperf_model.present.people_lookup import PeopleInputError, rep_index, review_index
from salesperf_model.present.statement import Statement, rep_statement
from salesperf_model.schema import GRADES, KPI_CATALOG, Scenario
from salesperf_model.schema.bonuses import ATTAINMENT
from salesperf_model.tables.check import number_problem

_DERIVED = {
    "revenue_booked": ("revenue_booked_new", "revenue_booked_existing"),
    "revenue_collected": ("revenue_collected_new", "revenue_collected_existing"),
}
_RATINGS = ("rating_manager", "rating_customer", "rating_peer", "rating_self")


def _kpi_measures(kpi_names: set[str]) -> set[str]:
    names: set[str] = set()
    for kpi_name in kpi_names:
        kpi = KPI_CATALOG[kpi_name]
        names.update(kpi.numerator, kpi.denominator, kpi.collected_numerator)
        if kpi.aggregation == "rating_360":
            names.update(_RATINGS)
        if kpi.target_kind == "quota":
            names.add("quota")
    return names


def _covers(roles: list[str] | None, role: str | None) -> bool:
    return role is None or roles is None or role in roles


def plan_measures(scenario: Scenario, role: str | None = None) -> set[str]:
    """Every outcome measure the plan reads for a rep of ``role`` (None: any rep): the
    KPIs the role weights (a 360 rating reads the four ratings), the region-scope KPIs of
    any role (they add up every seat of the region), the commission's quota and revenue
    base and what the bonuses measure, for the roles they cover."""
    weights = scenario.scoring.weights
    roles = [role] if role is not None else list(weights)
    own = {k for r in roles for k in scenario.scoring.role_weights(r)}
    regional = {
        k
        for w in weights.values()
        for k in w
        if KPI_CATALOG[k].scope == "region" or KPI_CATALOG[k].aggregation == "per_head"
    }
    names = _kpi_measures(own | regional)
    commission = scenario.pay.commission
    if _covers(commission.roles, role):
        names.add("quota")
        names.update(f"revenue_{commission.base}_{part}" for part in ("new", "existing", "big"))
    for bonus in scenario.pay.bonuses:
        if not _covers(bonus.roles, role):
            continue
        measure = getattr(bonus, "measure", None)
        names.update(
            {"quota", f"revenue_{commission.base}_new", f"revenue_{commission.base}_existing"}
        )
        if measure and measure != ATTAINMENT:
            names.add(measure)
        if bonus.type == "profit_share":
            names.add("gross_profit")
    for derived, parts in _DERIVED.items():
        if derived in names:
            names.update(parts)
    return {n for n in names if n in MEASURES}


@dataclass(frozen=True)
class Appeal:
    """The rep's statement before and after the change, and everyone else it moves."""

    rep_id: str
    change: str  #: the change in words
    before: Statement
    after: Statement
    #: other reps whose grade changed: review, rep_id, role, region, team, points and
    #: grade before and after
    others: pd.DataFrame
    #: reps whose pay over the data changed (the rep first): rep_id, pay before, after
    pay_changes: pd.DataFrame

    def summary(self) -> str:
        """The appeal's answer in a few lines."""
        b, a = self.before, self.after
        lines = [
            f"{self.change}:",
            f"  {self.rep_id} {a.review}: points {b.points:.1f} -> {a.points:.1f}, grade "
            f"{b.grade} -> {a.grade} (band {b.band_grade} -> {a.band_grade}), paid in the "
            f"period {b.total:,.2f} -> {a.total:,.2f} {a.currency}",
        ]
        if self.others.empty:
            lines.append("  no other rep's grade changes")
        for row in self.others.itertuples():
            lines.append(
                f"  {row.rep_id} ({row.role}, {row.team}) {row.review}: grade "
                f"{row.grade_before} -> {row.grade_after} (points {row.points_before:.1f} -> "
                f"{row.points_after:.1f})"
            )
        return "\n".join(lines)


def _edited(
    outcomes: Outcomes, measure: str, rep: int, months: np.ndarray, value: float
) -> Outcomes:
    values = outcomes.get(measure).copy()
    values[:, rep, months] = value
    return Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures={**outcomes.measures, measure: values},
        truth=outcomes.truth,
        source=outcomes.source,
        meta=outcomes.meta,
    )


def _check_measure(
    measure: str, scenario: Scenario, role: str, value: float, *, signed: bool = False
) -> None:
    if measure not in MEASURES:
        close = difflib.get_close_matches(measure, sorted(MEASURES), n=3)
        hint = f" (closest: {', '.join(close)})" if close else ""
        raise PeopleInputError(f"measure {measure!r} is not an outcome measure{hint}")
    # the outcome table's own rule (a count is whole, money not negative, a score 0..100)
    problem = number_problem(f"{value:g}", float(value), measure_rule(measure, signed))
    if problem:
        raise PeopleInputError(f"{measure}={value:g}: {problem}")
    used = plan_measures(scenario, role)
    if measure not in used:
        raise PeopleInputError(
            f"plan {scenario.name!r} does not use measure {measure!r} for a {role} rep: no "
            f"KPI it weights and no pay rule reads it, so changing it changes nothing. It "
            f"reads: {', '.join(sorted(used))}"
        )


def _others(before: PlanResult, after: PlanResult, outcomes: Outcomes, rep: int) -> pd.DataFrame:
    changed = before.grades[0] != after.grades[0]
    changed[rep] = False
    reps, reviews = np.nonzero(changed)
    rows = outcomes.reps.iloc[reps]
    return pd.DataFrame(
        {
            "review": [before.review_labels[r] for r in reviews],
            **{c: rows[c].astype(str).to_numpy() for c in ("rep_id", "role", "region", "team")},
            "points_before": before.points[0, reps, reviews],
            "points_after": after.points[0, reps, reviews],
            "grade_before": [GRADES[g] for g in before.grades[0, reps, reviews]],
            "grade_after": [GRADES[g] for g in after.grades[0, reps, reviews]],
        }
    )


def appeal(
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    rep_id: str,
    measure: str,
    value: float,
    period: str | None = None,
    simulation: int = 0,
) -> Appeal:
    """Set ``measure`` of ``rep_id`` to ``value`` in the month ``period`` names, or in every
    month of the review period it names (default: the last review period), and re-pay
    simulation ``simulation`` under ``scenario``."""
    one = outcomes.select_simulations(slice(simulation, simulation + 1))
    rep = rep_index(one.reps["rep_id"].astype(str).tolist(), rep_id)
    # a measure may be negative where the table's reader let it be (refunds: --signed)
    signed = measure in SIGNED_MEASURES or bool(
        measure in one.measures and (one.get(measure) < 0).any()
    )
    _check_measure(measure, scenario, str(one.reps["role"].iloc[rep]), value, signed=signed)
    before = run_plan(one, scenario, records=True)
    periods = [str(p) for p in one.periods]
    review = review_index(
        before.review_labels, periods, period, review_of_month=before.review_of_month
    )
    if period is not None and str(period) in periods:
        months = np.array([periods.index(str(period))])
    else:
        months = np.flatnonzero(before.review_of_month == review)
    old = one.get(measure)[0, rep, months]
    after = run_plan(_edited(one, measure, rep, months, float(value)), scenario, records=True)
    label = before.review_labels[review]
    where = periods[months[0]] if len(months) == 1 else f"each month of {label}"
    was = ", ".join(f"{v:g}" for v in old)
    change = f"{rep_id}: {measure} set to {value:g} in {where} (was {was})"
    pay_before, pay_after = before.total_pay()[0].sum(axis=1), after.total_pay()[0].sum(axis=1)
    moved = np.flatnonzero(np.abs(pay_after - pay_before) >= 0.005)
    moved = np.concatenate([[rep], moved[moved != rep]])
    pay_changes = pd.DataFrame(
        {
            "rep_id": one.reps["rep_id"].astype(str).to_numpy()[moved],
            "pay_before": np.round(pay_before[moved], 2),
            "pay_after": np.round(pay_after[moved], 2),
        }
    )
    return Appeal(
        rep_id=str(rep_id),
        change=change,
        before=rep_statement(before, one, scenario, rep_id=rep_id, period=label),
        after=rep_statement(after, one, scenario, rep_id=rep_id, period=label),
        others=_others(before, after, one, rep),
        pay_changes=pay_changes,
    )
