"""What-if for an appeal: change one outcome or one rating of one rep, re-pay through the
engine, and show the rep's new points, grade and pay and every other rep whose grade (or
pay) the change moves, by name, before and after.

The change sets a measure of one rep to a value in one month, or in every month of a
review period when a review period is named (a quarter's manager rating of 95 is 95 in
each of its months). Only measures the plan reads can be changed: an edit the plan
cannot see is refused and said so, and so is a value the outcome table would refuse: out
of its own bounds, or a part set above its whole (gross profit above booked revenue) or a
whole set below its part, checked on the rep's changed months as the table's reader
checks every row. The rest of the sales force is unchanged; under a ranking rule (forced
or hybrid) one rep's new rank can move others' grades.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult, run_plan
from salesperf_model.explore.appeal_cash import collected_alike, nothing_moved
from salesperf_model.outcomes import MEASURES, SIGNED_MEASURES, Outcomes, measure_rule
from salesperf_model.present.people_lookup import PeopleInputError, rep_index, review_index
from salesperf_model.present.statement import Statement, rep_statement
from salesperf_model.schema import GRADES, KPI_CATALOG, Scenario
from salesperf_model.schema.bonuses import ATTAINMENT
from salesperf_model.tables.check import number_problem
from salesperf_model.tables.outcome_rules import parts_checked
from salesperf_model.tables.parts import amount_text, part_exceeds

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


def plan_measures(
    scenario: Scenario, role: str | None = None, *, region_wide: bool = True
) -> set[str]:
    """Every outcome measure the plan reads for a rep of ``role`` (None: any rep): the
    KPIs the role weights (a 360 rating reads the four ratings), the region-scope KPIs of
    any role (they add up every seat of the region; not with ``region_wide=False``), the
    commission's quota and revenue base and what the bonuses measure, for the roles they
    cover."""
    weights = scenario.scoring.weights
    roles = [role] if role is not None else list(weights)
    own = {k for r in roles for k in scenario.scoring.role_weights(r)}
    regional = {
        k
        for w in weights.values()
        for k in w
        if region_wide
        and (KPI_CATALOG[k].scope == "region" or KPI_CATALOG[k].aggregation == "per_head")
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
    #: a whole the change set below its part (collected cash corrected to 0 under its
    #: big-account cash): paid, since one change cannot correct both, but said so
    warnings: tuple[str, ...] = ()
    #: measures the import derives from the changed one, changed with it by its rule
    carried: tuple[str, ...] = ()

    def summary(self) -> str:
        """The appeal's answer in a few lines."""
        b, a = self.before, self.after
        lines = [
            f"{self.change}:",
            f"  {self.rep_id} {a.review}: points {b.points:.1f} -> {a.points:.1f}, grade "
            f"{b.grade} -> {a.grade} (band {b.band_grade} -> {a.band_grade}), paid in the "
            f"period {b.total:,.2f} -> {a.total:,.2f} {a.currency}",
        ]
        lines[1:1] = [f"  {line}" for line in self.carried]
        lines += [f"  warning: {warning}" for warning in self.warnings]
        moved = self.pay_changes.iloc[1:]
        if not moved.empty:  # a shared pool or team award: others' pay moves with the rep's
            total = float((moved["pay_after"] - moved["pay_before"]).sum())
            reps = "1 other rep's" if len(moved) == 1 else f"{len(moved)} other reps'"
            lines.append(
                f"  {reps} pay over the data changed, by {total:+,.2f} {a.currency} in total "
                "(each in pay_changes)"
            )
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


def _parts_problems(
    before: Outcomes,
    after: Outcomes,
    *,
    rep: int,
    months: np.ndarray,
    change: tuple[str, float],
    netted: Collection[str],
) -> tuple[list[str], list[str]]:
    """The part-of-whole relations (tables.outcome_rules) the change breaks in the rep's
    changed months, one line each: (a part set above its whole, a whole set below its
    part). A relation already broken before the change is the data's, not the appeal's;
    one reading a column refunds are netted into is not checked, as the table's reader
    does not check it."""
    measure, value = change
    rep_id = str(before.reps["rep_id"].iloc[rep])
    periods = [str(before.periods[m]) for m in months]
    above: list[str] = []
    below: list[str] = []
    for rule in parts_checked(set(netted)):
        if measure != rule.part and measure not in rule.whole:
            continue  # a column the relation only rests on does not move its sides

        def cells(outcomes: Outcomes, rule=rule) -> dict[str, np.ndarray]:
            return {
                c: outcomes.measures[c][0, rep, months]
                for c in rule.reads
                if c in outcomes.measures
            }

        was, now = part_exceeds(rule, cells(before)), part_exceeds(rule, cells(after))
        if now is None:
            continue
        over, whole, present = now
        created = over & ~was[0] if was is not None else over
        whole_words = f"{rule.whole_words} ({' + '.join(present)})"
        for at in np.flatnonzero(created):
            said = f"{rep_id} {periods[at]}: {measure}={amount_text(value)}"
            if measure == rule.part:
                above.append(
                    f"{said} is more than {whole_words} {amount_text(whole[at])}; {rule.why}"
                )
            else:
                part = after.measures[rule.part][0, rep, months[at]]
                below.append(
                    f"{said} makes {whole_words} {amount_text(whole[at])}, less than "
                    f"{rule.part} {amount_text(part)} ({rule.why}): an outcome table refuses "
                    f"such a row; paid as changed, with {rule.part} as the data has it"
                )
    return above, below


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
    signed: Collection[str] = (),
) -> Appeal:
    """Set ``measure`` of ``rep_id`` to ``value`` in the month ``period`` names, or in every
    month of the review period it names (default: the last review period), and re-pay
    simulation ``simulation`` under ``scenario``. ``signed``: the money columns the table
    was read with refunds netted in (``--signed``), as ``read_outcomes_csv`` took them.

    A value the outcome table would refuse raises PeopleInputError before anything is
    paid: out of the measure's bounds, or a part above its whole in a changed month."""
    one = outcomes.select_simulations(slice(simulation, simulation + 1))
    rep = rep_index(one.reps["rep_id"].astype(str).tolist(), rep_id)
    # a measure may be negative where the table's reader let it be (refunds: --signed)
    negative = {m for m, values in one.measures.items() if (values < 0).any()}
    netted = (set(signed) | negative) - SIGNED_MEASURES
    signed_here = measure in SIGNED_MEASURES or measure in netted
    _check_measure(measure, scenario, str(one.reps["role"].iloc[rep]), value, signed=signed_here)
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
    edited = _edited(one, measure, rep, months, float(value))
    above, below = _parts_problems(
        one, edited, rep=rep, months=months, change=(measure, float(value)), netted=netted
    )
    if above:
        raise PeopleInputError(
            f"{rep_id}: {measure}={amount_text(value)} would make a part larger than its "
            "whole, a row the outcome table refuses:\n" + "\n".join(f"  {a}" for a in above)
        )
    edited, carried = collected_alike(edited, measure, rep, months=months)
    after = run_plan(edited, scenario, records=True)
    label = before.review_labels[review]
    where = periods[months[0]] if len(months) == 1 else f"each month of {label}"
    was = ", ".join(f"{v:g}" for v in old)
    change = f"{rep_id}: {measure} set to {value:g} in {where} (was {was})"
    pay_before, pay_after = before.total_pay()[0].sum(axis=1), after.total_pay()[0].sum(axis=1)
    moved = np.flatnonzero(np.abs(pay_after - pay_before) >= 0.005)
    moved = np.concatenate([[rep], moved[moved != rep]])
    warnings = list(below)
    still = np.array_equal(before.points, after.points, equal_nan=True)
    if still and len(moved) == 1 and pay_after[rep] == pay_before[rep]:
        role = str(one.reps["role"].iloc[rep])
        reads = plan_measures(scenario, role, region_wide=False)
        warnings.append(nothing_moved(scenario, role, measure, reads=reads))
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
        warnings=tuple(warnings),
        carried=tuple(carried),
    )
