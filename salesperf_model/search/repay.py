"""Plans re-paid on one simulated sales force with one set of scores and grades, each pay component taken from the last plan whose sections it reads were the same: a sweep over commission rates pays commission anew and keeps base, allowances and the other bonuses.

The engine's ``pay`` (engine/pay.py) is followed step for step, with the same functions in
the same order, and its rounding to cents (engine/cents.py) is redone with the kept
components' cents: the figures are the engine's to the bit. What each component reads:

- ``base_salary``: ``pay.base_salary``; ``allowances``: ``pay.allowances``;
- ``commission`` and the attainment: ``pay.commission`` and the product mix;
- each bonus: the bonus itself and the commission base (its revenue), besides the scores
  and grades; no bonus reads commission pay or rates (``BonusInputs`` carries neither),
  so a rate change keeps every bonus and a change of base re-pays them all;
- the long-term elements together: ``pay.long_term``, besides the grades;
- every component also reads the outcomes and the scores and grades (fixed for one
  :class:`Repayer`), and is keyed as well on the rest of ``pay`` and of the scenario
  (besides name, description, budget and decision), so a point changing anything else
  pays everything anew.

A :class:`Repayer` is trusted only once it pays the plan it was made with exactly as
``run_plan`` does (:meth:`Repayer.agrees`), and only while the scenario, ``pay``, the
paid plan and the bonuses' inputs have the fields this module knows (a field added
since may carry a rule not followed here); otherwise the evaluator pays with the engine
alone. tests/test_sweep_fast_path.py fingerprints ``engine.pay.pay`` and
``engine.commission.pay_commission``: a change to either fails it until this module is
checked against the change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from salesperf_model.engine import Graded, PlanResult, run_plan
from salesperf_model.engine.bonuses import BonusInputs, bonus_type
from salesperf_model.engine.cents import largest_remainder
from salesperf_model.engine.checks import plan_warnings
from salesperf_model.engine.commission import base_revenue
from salesperf_model.engine.long_term import DeferredRecord, long_term_payouts
from salesperf_model.engine.pay import _allowances
from salesperf_model.engine.periods import fiscal_start, period_groups, seat_months
from salesperf_model.engine.seats import eligible, per_rep
from salesperf_model.engine.vacancy import held_outcomes
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Pay, Scenario
from salesperf_model.search.repay_commission import CommissionRepayer

#: The parts of ``pay`` followed here component by component; the rest is in every key.
_FOLLOWED = {"base_salary", "allowances", "commission", "bonuses", "long_term"}
#: Every field of the scenario, of ``pay`` and of the bonuses' inputs as this module
#: knows them: one added since may carry a rule not followed here (the engine pays).
_SCENARIO_FIELDS = {
    "name",
    "title",
    "description",
    "extends",
    "currency",
    "review_cycle",
    "scoring",
    "grading",
    "pay",
    "budget",
    "decision",
    "population",
    "simulation",
    "behaviour",
    "pay_changes",
}
#: Issue 19's rules this module does not follow: a plan with any of them on (or a
#: sales force with an empty seat) is paid by the engine (:func:`follows`).
_RULES_NOT_FOLLOWED = {
    "clawback",
    "credit",
    "windfall",
    "holdback",
    "spifs",
    "modifiers",
    "people",
    "relief",
}
_PAY_FIELDS = _FOLLOWED | {"minimum_base", "base_share_band"} | _RULES_NOT_FOLLOWED
_BONUS_INPUTS = {"outcomes", "quota", "revenue", "points", "grades", "reviews", "records"}
#: Scenario sections ``pay`` does not read.
_NOT_READ = {"name", "title", "description", "extends", "budget", "decision"}
#: The fields of a paid plan this module fills; the others come from the scores and grades.
_PLAN_FIELDS = {"scenario_name", "attainment", "payouts", "warnings", "deferred"}
_GRADED_FIELDS = {
    "review_labels",
    "review_of_month",
    "kpi_points",
    "points",
    "band_grades",
    "grades",
    "moved",
    "improvement_flag",
    "promotion_flag",
    "rep_ids",
    "periods",
    "kpi_records",
    "grade_record",
    "pay_records",
    "graded",  # which seat-reviews were held: the outcomes', whatever the plan
    "parts",  # always empty here: a plan with pay_changes is paid by the engine
}


def follows(scenario: Scenario, outcomes: Outcomes) -> bool:
    """Whether this module pays ``scenario`` on ``outcomes`` as the engine does: none of
    the rules it does not follow is on (each at its default: off) and no seat is ever
    empty (engine.vacancy's held view would change what pay reads)."""
    defaults = Pay.model_fields
    pay = scenario.pay
    rules_off = all(
        getattr(pay, name) == defaults[name].get_default(call_default_factory=True)
        for name in _RULES_NOT_FOLLOWED
    )
    return rules_off and not scenario.pay_changes and held_outcomes(outcomes) is outcomes


@dataclass
class _Kept:
    """One component of the last plan that paid it: its key, exact value and whole cents
    in money (``rint(value x 100) / 100``, read-only, before any cell re-allotted)."""

    key: str
    value: np.ndarray
    money: np.ndarray

    def cents(self, cells: tuple[np.ndarray, ...] | None = None) -> np.ndarray:
        """Whole cents, ``rint(value x 100)``, of every cell or of ``cells``: worked out
        again, the same operations on the same values (not kept: memory)."""
        value = self.value if cells is None else self.value[cells]
        whole = np.multiply(value, 100.0)
        return np.rint(whole, out=whole)


@dataclass
class _Group:
    """Components computed together (commission with the attainment; the long-term
    elements with their deferred records): the last key and what it gave."""

    key: str
    names: list[str]
    extra: object


class Repayer:
    """Pays plans on ``outcomes`` with the scores and grades ``graded`` (of ``plan``'s
    scoring and grading sections), reusing every component whose sections are unchanged
    since the last plan paid; ``first`` is ``plan`` paid by the engine, when at hand."""

    def __init__(
        self, outcomes: Outcomes, graded: Graded, plan: Scenario, *, first: PlanResult | None = None
    ) -> None:
        self.outcomes = outcomes
        self.graded = graded
        self._kept: dict[str, _Kept] = {}
        self._commission_repayer = CommissionRepayer(outcomes)
        self._kept_sum: tuple[tuple[tuple[str, str], ...], np.ndarray] | None = None
        self._groups: dict[str, _Group] = {}
        #: the plan it was made with, paid by the engine (``first``: already paid)
        self.first = first if first is not None else run_plan(outcomes, plan, graded=graded)
        self.reused = 0  #: components reused so far (for tests and benchmarks)

    def agrees(self, plan: Scenario) -> bool:
        """Whether this module pays ``plan`` (the plan it was made with) exactly as
        ``run_plan`` did: the same plan fields, component names in order, every figure
        to the bit, the same warnings and deferred records."""
        if (
            {f.name for f in dataclasses.fields(PlanResult)} != _PLAN_FIELDS | _GRADED_FIELDS
            or set(Scenario.model_fields) != _SCENARIO_FIELDS
            or set(Pay.model_fields) != _PAY_FIELDS
            or {f.name for f in dataclasses.fields(BonusInputs)} != _BONUS_INPUTS
        ):
            return False  # a field added since: a rule this module may not follow
        if not follows(plan, self.outcomes):
            return False
        plain = self.first
        mine = self.run_plan(plan)
        same = list(mine.payouts) == list(plain.payouts) and all(
            np.array_equal(mine.payouts[n], plain.payouts[n], equal_nan=True) for n in plain.payouts
        )
        agreed = (
            same
            and np.array_equal(mine.attainment, plain.attainment, equal_nan=True)
            and mine.warnings == plain.warnings
            and list(mine.deferred) == list(plain.deferred)
        )
        # the first plan's pay is not needed any more: only its scores and grades
        self.first = dataclasses.replace(plain, payouts={}, attainment=np.zeros((0, 0, 0)))
        return agreed

    def run_plan(self, scenario: Scenario, *, warnings: bool = True) -> PlanResult:
        """``run_plan(outcomes, scenario, graded=graded)``, figure for figure; without
        ``warnings`` the plan's warnings are left empty (nothing read them)."""
        graded = self.graded
        payouts, attainment, deferred = self.pay(scenario)
        said = []
        if warnings:
            said = plan_warnings(
                scenario,
                self.outcomes,
                band_grades=graded.grades.band_grades,
                grades=graded.grades.grades,
                unscorable=graded.unscorable,
                kpi_points=graded.kpi_points,
                points=graded.points,
                review_labels=self.first.review_labels,
            )
        return dataclasses.replace(
            self.first,
            scenario_name=scenario.name,
            attainment=attainment,
            payouts=payouts,
            warnings=said,
            deferred=deferred,
        )

    def pay(
        self, scenario: Scenario
    ) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, DeferredRecord]]:
        """(components rounded to cents, attainment, deferred records): engine ``pay``."""
        plan = scenario.pay
        outcomes = self.outcomes
        rest = scenario.model_dump_json(exclude=_NOT_READ | {"pay"})
        rest += plan.model_dump_json(exclude=_FOLLOWED)
        fresh: dict[str, np.ndarray] = {}
        order: dict[str, str] = {}  # component -> key, in the engine's order

        def take(name: str, key: str, compute: Callable[[], np.ndarray]) -> None:
            order[name] = key
            kept = self._kept.get(name)
            if kept is None or kept.key != key:
                fresh[name] = compute()
                self._kept.pop(name, None)

        months = seat_months(outcomes.periods, outcomes.meta)
        shape = outcomes.shape
        take(
            "base_salary",
            rest + plan.base_salary.model_dump_json(),
            lambda: np.broadcast_to(
                per_rep(plan.base_salary, outcomes)[None, :, None] * months, shape
            ),
        )
        allowances = "".join(f"{k}={v.model_dump_json()}" for k, v in plan.allowances.items())
        take(
            "allowances",
            rest + allowances,
            lambda: np.broadcast_to(_allowances(plan, outcomes)[None, :, None] * months, shape),
        )
        commission_key = rest + plan.commission.model_dump_json()
        commission_key += repr(sorted(scenario.population.products.mix.items()))
        attainment = self._group(
            "commission",
            commission_key,
            lambda: self._commission(scenario),
            take,
        )
        inputs: list[BonusInputs] = []

        def bonus_inputs() -> BonusInputs:
            if not inputs:
                inputs.append(
                    BonusInputs(
                        outcomes=outcomes,
                        quota=outcomes.get("quota"),
                        revenue=base_revenue(outcomes, plan.commission),
                        points=self.graded.points,
                        grades=self.graded.grades.grades,
                        reviews=self.graded.reviews,
                        records={},
                    )
                )
            return inputs[0]

        start = fiscal_start(outcomes.meta)
        for bonus in plan.bonuses:

            def compute(bonus=bonus) -> np.ndarray:  # type: ignore[no-untyped-def]
                settle = period_groups(outcomes.periods, bonus.settlement, start=start)
                paid = eligible(bonus.roles, outcomes)
                return bonus_type(bonus).payout(bonus, bonus_inputs(), settle, paid)

            key = rest + plan.commission.base + bonus.model_dump_json()
            take(f"bonus_{bonus.name}", key, compute)
        deferred = self._group(
            "long_term",
            rest + "".join(e.model_dump_json() for e in plan.long_term),
            lambda: self._long_term(scenario),
            take,
        )
        return self._round(order, fresh), attainment, deferred  # type: ignore[return-value]

    def _group(
        self,
        group: str,
        key: str,
        compute: Callable[[], tuple[dict[str, np.ndarray], object]],
        take: Callable[[str, str, Callable[[], np.ndarray]], None],
    ) -> object:
        """Components computed together: all kept, or all computed anew."""
        kept = self._groups.get(group)
        if kept is None or kept.key != key or any(n not in self._kept for n in kept.names):
            values, extra = compute()
            kept = self._groups[group] = _Group(key, list(values), extra)
            for name in values:
                self._kept.pop(name, None)
                take(name, key, lambda name=name: values[name])  # type: ignore[misc]
        else:
            for name in kept.names:
                take(name, key, lambda: np.empty(0))  # kept: never computed
        return kept.extra

    def _commission(self, scenario: Scenario) -> tuple[dict[str, np.ndarray], object]:
        paid, attainment = self._commission_repayer.pay(scenario)
        return {"commission": paid}, attainment

    def _long_term(self, scenario: Scenario) -> tuple[dict[str, np.ndarray], object]:
        deferred: dict[str, DeferredRecord] = {}
        values = long_term_payouts(
            scenario.pay.long_term,
            self.outcomes,
            grades=self.graded.grades.grades,
            reviews=self.graded.reviews,
            deferred=deferred,
        )
        return values, deferred

    def _round(self, order: dict[str, str], fresh: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """engine.cents.round_to_cents of the components in ``order``, the kept ones'
        cents reused: the same operations in the same order on the exact values, and
        sums of whole cents (exact in floating point, in any order)."""
        if not order:
            return {}
        values = []
        cents = []
        for name in order:
            if name in fresh:
                value = np.asarray(fresh[name], dtype=float)
                whole = np.multiply(value, 100.0)
                np.rint(whole, out=whole)
            else:
                self.reused += 1
                value, whole = self._kept[name].value, None
            values.append(value)
            cents.append(whole)
        shape = np.broadcast_shapes(*(v.shape for v in values))
        total = np.zeros(shape)
        for value in values:
            total += value
        # whole cents add up exactly in any order: the kept components' sum is kept too
        kept_names = tuple((n, k) for n, k in order.items() if n not in fresh)
        if self._kept_sum is None or self._kept_sum[0] != kept_names:
            kept_sum = np.zeros(shape)
            for name, _key in kept_names:
                kept_sum += self._kept[name].cents()
            self._kept_sum = (kept_names, kept_sum)
        rounded_sum = self._kept_sum[1].copy()
        for name, whole in zip(order, cents, strict=True):
            if name in fresh:
                rounded_sum += whole
        np.multiply(total, 100.0, out=total)
        np.rint(total, out=total)
        off = np.nonzero(rounded_sum != total)
        fixed = None
        if off[0].size:
            exact = np.stack([v[off] * 100.0 for v in values])
            fixed = largest_remainder(exact, total[off][None, :], axis=0)
        out = {}
        for i, (name, key) in enumerate(order.items()):
            if name in fresh:
                plain = np.divide(cents[i], 100.0, out=cents[i])  # in place: large arrays
                plain.flags.writeable = False
                self._kept[name] = _Kept(key, values[i], plain)
            kept = self._kept[name]
            money = kept.money
            if fixed is not None and not np.array_equal(kept.cents(off), fixed[i]):
                money = money.copy()  # the kept cents stay as they were, unpatched
                money[off] = fixed[i] / 100.0
            out[name] = money
        return out
