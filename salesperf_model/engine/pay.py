"""Pay: base, allowances, commission and bonuses per rep and month, assembled to the cent.

- **Base and allowances** are monthly amounts by role x region-tier multiplier, paid every
  period: x 3 in a quarterly table's quarter, x 6 in a half year (the months each period
  spans), and only in the periods a seat is held (``meta["in_seat"]``, set when a roster
  splits a rep who moved into two seats). All allowances are one component, ``allowances``.
- **Commission** (commission.py) and **bonuses** (bonuses.py) are settled per period and
  paid in the period's last month.
- **Credit** (credit.py): split and double credit between teammates feed commission and
  the revenue bonuses read; overlay and manager override are components of their own.
- **Long-term and non-cash elements** (long_term.py): deferred bonus or equity (earned
  monthly, forfeited on exit), development fund, non-cash rewards at an assigned value.
- **Cents** (cents.py): each month, the exact total is rounded to the cent, and
  components are rounded by largest remainder so that they add up to it exactly.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from salesperf_model.engine.bonuses import BonusInputs, bonus_payouts, bonus_type, bonus_words
from salesperf_model.engine.cents import round_to_cents, seat_totals
from salesperf_model.engine.clawback import clawback_component
from salesperf_model.engine.commission import base_revenue
from salesperf_model.engine.credit import credit_commission, credit_payouts
from salesperf_model.engine.curves import commission_payout
from salesperf_model.engine.long_term import (
    DeferredRecord,
    deferred_on_target,
    long_term_payouts,
)
from salesperf_model.engine.mechanics import plan_mechanics
from salesperf_model.engine.people import holders, people_pay
from salesperf_model.engine.periods import (
    PeriodGroups,
    fiscal_start,
    months_spanned,
    period_groups,
    seat_months,
)
from salesperf_model.engine.products import product_credit, product_shares
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.relief import relieve
from salesperf_model.engine.seats import eligible, per_rep, ratio
from salesperf_model.engine.vacancy import held_outcomes, note_unpaid, unpaid_when_vacant
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Pay, Scenario

#: ``pay(seat_totals_only=True)``'s one payout: each seat's pay over the horizon.
SEAT_TOTAL = "seat_total"


def _allowances(plan: Pay, outcomes: Outcomes) -> np.ndarray:
    """Every allowance of each rep, one monthly amount per rep."""
    return sum((per_rep(a, outcomes) for a in plan.allowances.values()), np.zeros(outcomes.n_reps))


def _settle(outcomes: Outcomes, settlement: str) -> PeriodGroups:
    return period_groups(outcomes.periods, settlement, start=fiscal_start(outcomes.meta))


def _fixed_records(
    records: dict[str, PayRecord], components: dict[str, np.ndarray], outcomes: Outcomes
) -> None:
    """Base and allowances: the monthly amount, paid every month."""
    monthly = _settle(outcomes, "monthly")
    rules = {
        "base_salary": "Base salary: a monthly amount by role and region tier.",
        "allowances": "Allowances: monthly amounts by role and region tier, added together.",
    }
    for name, rule in rules.items():
        record = records[name] = PayRecord(rule, monthly)
        record.add("=monthly amount", components[name])


def commission_words(plan: Commission) -> str:
    """The commission rule in one sentence."""
    amount = plan.tiers_on == "amount"
    read = (
        "each deal's amount"
        if plan.tier_each == "deal"
        else ("the amount" if amount else "attainment")
    )
    curve = (
        f"each slice of {read} at its tier's rate"
        if plan.curve == "marginal"
        else (f"the whole amount at the rate of the tier {read} reaches")
    )
    basis = (
        "each period on its own"
        if plan.basis == "period"
        else (f"year to date, trued up ({plan.negative_true_up.replace('_', ' ')})")
    )
    limits = []
    if plan.threshold:
        limits.append(f"nothing below {plan.threshold:.0%} of quota")
    if plan.tier_end is not None:
        edge = f"{plan.tier_end:,.2f}" if amount else f"{plan.tier_end:.0%}"
        limits.append(f"no accrual above {edge}")
    if plan.cap_amount is not None:
        limits.append(f"at most {plan.cap_amount:,.2f} a settlement")
    if plan.minimum_payout:
        limits.append(f"at least {plan.minimum_payout:,.2f} a settlement")
    extra = f"; {', '.join(limits)}" if limits else ""
    on = "gross profit" if plan.paid_on == "margin" else f"{plan.base} revenue"
    return f"Commission on {on}, {plan.settlement.replace('_', '-')}: {curve}, {basis}{extra}."


def on_target_pay(scenario: Scenario, outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray]:
    """(base, on-target total pay) a month per seat: base + allowances + commission at
    exactly 100% of the rep's mean monthly quota (gates shut, coefficients 1) + bonuses
    at on-target (target bonuses at multiplier 1) + deferred bonuses on a closed amount
    equal to that quota (the brief's "total pay" counts its long-term pay: section 5)."""
    plan = scenario.pay
    base = per_rep(plan.base_salary, outcomes)
    allowances = _allowances(plan, outcomes)
    quota = (outcomes.get("quota") / months_spanned(outcomes.periods)).mean(axis=(0, 2))
    on_target_commission = commission_payout(plan.commission, quota, quota, gate_open=False)
    on_target_commission = on_target_commission * eligible(plan.commission.roles, outcomes)
    on_target_bonus = np.zeros_like(base)
    for bonus in plan.bonuses:
        on_target = bonus_type(bonus).on_target
        if on_target is not None:
            on_target_bonus += on_target(bonus, outcomes)
    deferred = deferred_on_target(plan.long_term, quota, outcomes)
    return base, base + allowances + on_target_commission + on_target_bonus + deferred


def base_share_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Roles whose base is outside ``base_share_band`` of on-target total pay
    (:func:`on_target_pay`)."""
    plan = scenario.pay
    base, on_target = on_target_pay(scenario, outcomes)
    share = ratio(base, on_target)
    low, high = plan.base_share_band
    roles = outcomes.reps["role"].astype(str).to_numpy()
    messages = []
    for role in sorted(set(roles)):
        role_share = share[roles == role]
        outside = (role_share < low - 1e-9) | (role_share > high + 1e-9)
        if outside.any():
            low_text, high_text = f"{role_share.min():.0%}", f"{role_share.max():.0%}"
            shown = low_text if low_text == high_text else f"{low_text}-{high_text}"
            messages.append(
                f"pay.base_salary: base is {shown} of "
                f"on-target total pay for {role} ({outside.sum()} of {len(role_share)} seats "
                f"outside the recommended {low:.0%}-{high:.0%})"
            )
    return messages


def no_quota_warnings(plan: Pay, outcomes: Outcomes) -> list[str]:
    """Settlement periods of commission roles with revenue but no quota earn no commission
    (on attainment tiers; amount-based tiers need no quota). Counted per settlement (a
    month without quota inside a quarter that has one is paid within the quarter;
    year-to-date tiers read the year), with one example named."""
    commission = plan.commission
    if commission.tiers_on == "amount":
        return []
    frequency = "annual" if commission.basis == "year_to_date" else commission.settlement
    periods = list(outcomes.periods)
    settle = period_groups(periods, frequency, start=fiscal_start(outcomes.meta))
    quota = settle.sum(outcomes.get("quota"))
    revenue = settle.sum(base_revenue(outcomes, commission))
    covered = eligible(commission.roles, outcomes)[None, :, None]
    missing = (quota <= 0) & (revenue > 0) & covered
    count = int(missing.sum())
    if not count:
        return []
    _, rep, period = (int(index[0]) for index in np.nonzero(missing))
    rep_id = outcomes.reps["rep_id"].astype(str).iloc[rep]
    unit = {"monthly": "month", "quarterly": "quarter", "half_year": "half-year"}.get(
        frequency, "year"
    )
    many = count > 1
    return [
        f"{count} rep-{unit}{'s' if many else ''} of commission roles "
        f"{'have' if many else 'has'} revenue but no quota (e.g. {rep_id} in "
        f"{settle.labels[period]}): no commission is paid on {'them' if many else 'it'} "
        "(attainment undefined)"
    ]


def variable_pay(
    scenario: Scenario,
    outcomes: Outcomes,
    *,
    points: np.ndarray,
    grades: np.ndarray,
    reviews: PeriodGroups,
    records: dict[str, PayRecord] | None = None,
    settlements: frozenset[str] | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(commission and bonuses per month, unrounded; attainment) on ``outcomes``: the
    settlements named in ``settlements`` only (None: all; commission left out when its
    settlement is not named, and attainment then zeros)."""
    plan = scenario.pay
    bonuses = [b for b in plan.bonuses if settlements is None or b.settlement in settlements]
    components = {}
    attainment = None
    credited = outcomes
    if settlements is None or plan.commission.settlement in settlements:
        if records is not None:
            records["commission"] = PayRecord(
                commission_words(plan.commission), _settle(outcomes, plan.commission.settlement)
            )
        shares = product_shares(scenario.population.products.mix, outcomes)
        credit = product_credit(plan.commission, shares)
        # split credit (credit.py) moves revenue between teammates: commission, and bonuses
        # through `revenue` (their other measures, profit pools too, stay each seat's own)
        paid, attainment, credited = credit_commission(scenario, outcomes, records, credit=credit)
        components.update(paid)
        commission = components["commission"]
        components.update(
            plan_mechanics(scenario, outcomes, commission, credit=credit, records=records)
        )
        if plan.clawback.enabled:  # a negative component: commission taken back (clawback.py)
            components["clawback"] = clawback_component(plan, outcomes, commission, records=records)
    if records is not None:
        for bonus in bonuses:
            records[f"bonus_{bonus.name}"] = PayRecord(
                bonus_words(bonus, scenario.currency), _settle(outcomes, bonus.settlement)
            )
    inputs = BonusInputs(
        outcomes=outcomes,
        quota=outcomes.get("quota"),
        revenue=base_revenue(credited, plan.commission),
        points=points,
        grades=grades,
        reviews=reviews,
        records={b.name: records[f"bonus_{b.name}"] for b in bonuses} if records else {},
    )
    components.update(bonus_payouts(bonuses, inputs))
    return components, np.zeros(outcomes.shape) if attainment is None else attainment


def pay(
    scenario: Scenario,
    outcomes: Outcomes,
    points: np.ndarray,
    *,
    grades: np.ndarray,
    reviews: PeriodGroups,
    records: dict[str, PayRecord] | None = None,
    deferred: dict[str, DeferredRecord] | None = None,
    seat_totals_only: bool = False,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(payout components per month rounded to cents, attainment); the warnings are
    checks.py's.

    ``points`` and ``grades`` are (sims, reps, reviews) over the ``reviews`` periods.
    ``records``, when given, receives each component's calculation record; ``deferred``
    each deferred element's flows (long_term.py). With ``seat_totals_only`` the payouts
    are ``{SEAT_TOTAL: each seat's pay over the horizon, (sims, reps)}``, the rounded
    components' sums (``cents.seat_totals``), where the compiled pass applies: a cost
    variant reads nothing else."""
    plan = scenario.pay
    outcomes = held_outcomes(outcomes)  # a vacant seat-month earns and is paid nothing
    outcomes = relieve(plan.relief, outcomes, file=scenario.source_file)
    shape = outcomes.shape
    months = seat_months(outcomes.periods, outcomes.meta)
    components = {
        "base_salary": np.broadcast_to(
            per_rep(plan.base_salary, outcomes)[None, :, None] * months, shape
        ),
        "allowances": np.broadcast_to(_allowances(plan, outcomes)[None, :, None] * months, shape),
    }
    if records is not None:
        _fixed_records(records, components, outcomes)
    variable = partial(variable_pay, scenario, points=points, grades=grades, reviews=reviews)
    if plan.people is None:
        paid, attainment = variable(outcomes, records=records)
    else:  # pay follows the person (people.py); nobody in a vacant seat is paid
        paid, attainment = people_pay(plan, outcomes, variable, records=records)
        components = {k: v * (holders(outcomes) >= 0) for k, v in components.items()}
    components.update(paid)
    components.update(
        long_term_payouts(
            plan.long_term, outcomes, grades=grades, reviews=reviews, deferred=deferred
        )
    )
    components.update(credit_payouts(scenario, outcomes, records))
    note_unpaid(records, outcomes)
    components = unpaid_when_vacant(components, outcomes)
    totals = seat_totals(components) if seat_totals_only else None
    if totals is not None:
        return {SEAT_TOTAL: totals}, attainment
    return round_to_cents(components), attainment
