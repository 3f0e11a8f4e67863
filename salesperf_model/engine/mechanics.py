"""Plan mechanics paid around commission: windfall deals, payout modifiers, holdbacks and
SPIFs, each its own payout component (``windfall``, ``modifier_<name>``, ``holdback``,
``spif_<name>``).

Rules (stated once), applied in this order:

- **Windfall** (windfall.py): ``windfall`` = commission with windfall deals taken out of
  the tiers (+ what their rate pays) - commission as tiered on everything; settled with
  the commission. A separate component rather than a changed commission, so cost tables
  show what the policy saves or costs.
- **Modifiers**: in each commission settlement, each modifier reads its ``measure`` over
  the settlement's months (the mean, or the sum); where the gate misses (below
  ``at_least`` or above ``at_most``) ``modifier_<name>`` = (factor - 1) x the
  commission paid in that settlement (commission + windfall + the earlier modifiers'
  changes: modifiers compound in the order listed). A negative component (a reduction,
  factor < 1) so the cost tables show what the gate takes; paid with the commission.
  A gate on a measure the data does not have (an import without NPS), or on a
  settlement whose months all lack a value (NaN), passes: nothing is taken.
- **Holdback**: of every positive commission payment (commission + windfall +
  modifiers), ``share`` is held (``holdback`` negative in the payment month) and
  released ``months`` later (``holdback`` positive then) if the same person still holds
  the seat (``person_id``; forfeited on exit, kept by the company; data without person
  ids has no exits); with ``release:
  customers_kept`` the release is scaled by the share of the rep's existing customers
  kept over the months held (the product of the monthly 1 - customers_lost /
  existing_customers; 1 where the data has no customers). An amount whose release falls
  after the data's last month is still held at the end (a liability the horizon does not
  pay out); the net of the component over the horizon is never positive.
- **SPIFs**: in each month of the ``window``, each eligible rep earns ``rate`` x the
  eligible booked revenue (customers new, existing or all, x the eligible product lines'
  share) + ``per_deal`` x new-customer deals won x that share; paid monthly as
  ``spif_<name>``. With a ``fund``, a simulation's SPIF stops once the fund is paid out:
  the month that exhausts it pays every rep the same share of their earning so the
  month's total meets the fund exactly (before rounding each rep's pay to the cent).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.commission import base_revenue, pay_commission
from salesperf_model.engine.edges import above, at_least
from salesperf_model.engine.periods import PeriodGroups, fiscal_start, month_numbers, period_groups
from salesperf_model.engine.products import product_shares
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import eligible, ratio
from salesperf_model.engine.windfall import (
    taken_out,
    windfall_rate,
    windfall_words,
    without_windfalls,
)
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.schema.mechanics import Holdback, Modifier, Spif


def _windfall(
    scenario: Scenario,
    outcomes: Outcomes,
    commission: np.ndarray,
    *,
    credit: np.ndarray | float,
    settle: PeriodGroups,
    record: PayRecord | None,
) -> np.ndarray:
    """The ``windfall`` component (sims, reps, months), see the module's rules."""
    policy = scenario.pay.windfall
    plan = scenario.pay.commission
    taken, per_deal = taken_out(policy, outcomes, scenario.population)
    reduced = without_windfalls(outcomes, taken, per_deal)
    tiered, _ = pay_commission(reduced, plan, credit=credit)
    covered = eligible(plan.roles, outcomes)[None, :, None]
    # what left the commission base (on a collected base: the cash that went with it)
    out_of_base = base_revenue(outcomes, plan) - base_revenue(reduced, plan)
    paid_apart = settle.sum(out_of_base * windfall_rate(policy, plan) * covered)
    change = settle.sum(tiered) + paid_apart - settle.sum(commission)
    if record is not None:
        record.add("taken out of the tiers", settle.sum(out_of_base * covered))
        record.add("commission without it", settle.sum(tiered))
        record.add("paid on it at the windfall rate", paid_apart)
        record.add("commission on every deal", settle.sum(commission))
        record.add("=change to commission", change)
    return settle.place(change)


def _gate_value(modifier: Modifier, outcomes: Outcomes, settle: PeriodGroups) -> np.ndarray:
    """The measure over each settlement (sims, reps, settlements); NaN where nothing is
    known (no month with a value, or a measure the data does not have)."""
    derived = modifier.measure in ("revenue_booked", "revenue_collected")
    if not derived and modifier.measure not in outcomes.measures:
        return np.full((*outcomes.shape[:2], len(settle.labels)), np.nan)
    values = outcomes.get(modifier.measure)
    known = np.isfinite(values)
    total = settle.sum(np.where(known, values, 0.0))
    count = settle.sum(known.astype(float))
    if modifier.aggregate == "sum":
        return np.where(count > 0, total, np.nan)
    return np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)


def gate_misses(modifier: Modifier, outcomes: Outcomes, settle: PeriodGroups) -> np.ndarray:
    """Bool (sims, reps, settlements): the gate misses (an unknown value passes)."""
    value = _gate_value(modifier, outcomes, settle)
    with np.errstate(invalid="ignore"):
        if modifier.at_least is not None:  # NaN (unknown) is neither short nor over
            return ~at_least(value, modifier.at_least) & ~np.isnan(value)
        return above(value, modifier.at_most)


def modifier_words(modifier: Modifier) -> str:
    gate = (
        f"at least {modifier.at_least:g}"
        if modifier.at_least is not None
        else f"at most {modifier.at_most:g}"
    )
    return (
        f"Payout modifier: commission x {modifier.factor:g} in a settlement where the "
        f"{modifier.aggregate} of {modifier.measure} is not {gate}; this line is the change."
    )


def _modifier(
    modifier: Modifier,
    outcomes: Outcomes,
    paid: np.ndarray,
    *,
    settle: PeriodGroups,
    record: PayRecord | None,
) -> np.ndarray:
    """``modifier_<name>`` on the commission paid so far (``paid``, per month)."""
    misses = gate_misses(modifier, outcomes, settle)
    misses = misses & eligible(modifier.roles, outcomes)[None, :, None]
    at_settlement = settle.sum(paid)
    change = np.where(misses, (modifier.factor - 1.0) * at_settlement, 0.0)
    if record is not None:
        record.add(modifier.measure, _gate_value(modifier, outcomes, settle), "points")
        record.add("gate missed", misses.astype(float), "flag")
        record.add("commission before the modifier", at_settlement)
        record.add("=change to commission", change)
    return settle.place(change)


def _kept_share(plan: Holdback, outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, months) share of the existing customers at a month's end still kept
    ``months`` later (1 for ``in_full``)."""
    kept = np.ones(outcomes.shape)
    if plan.release == "in_full":
        return kept
    existing = outcomes.get("existing_customers")
    staying = np.clip(1.0 - ratio(outcomes.get("customers_lost"), existing), 0.0, 1.0)
    staying = np.where(existing > 0, staying, 1.0)
    months = outcomes.shape[2]
    for j in range(1, min(plan.months, months - 1) + 1):  # a handful of months
        kept[..., : months - j] *= staying[..., j:]
    return kept


def _holdback(
    plan: Holdback, outcomes: Outcomes, paid: np.ndarray, record: PayRecord | None
) -> np.ndarray:
    """The ``holdback`` component (sims, reps, months), see the module's rules."""
    held = plan.share * np.maximum(paid, 0.0)
    n = plan.months
    months = outcomes.shape[2]
    released, stays = _released(plan, outcomes, held)
    forfeited = np.zeros(outcomes.shape)
    forfeited[..., : months - n] = held[..., : months - n] * ~stays[..., : months - n]
    if record is not None:
        record.add("held back", held)
        record.add("forfeited on exit (of this month's hold)", forfeited)
        record.add("released (held earlier)", released)
        record.add("=holdback", released - held)
    return released - held


def _released(
    plan: Holdback, outcomes: Outcomes, held: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(what is released each month of what was ``held`` ``months`` earlier, whether the
    same person still holds the seat then), (sims, reps, months) each."""
    n = plan.months
    months = outcomes.shape[2]
    stays = np.zeros(outcomes.shape, bool)
    if "person_id" in outcomes.measures:
        person = outcomes.get("person_id")
        stays[..., : months - n] = person[..., n:] == person[..., : months - n]
    else:
        stays[..., : months - n] = True
    released_amount = held * stays * _kept_share(plan, outcomes)
    released = np.zeros(outcomes.shape)
    released[..., n:] = released_amount[..., : months - n]
    return released, stays


def released_after(plan: Holdback, outcomes: Outcomes, held: np.ndarray, *, end: int) -> np.ndarray:
    """What a plan paid on months before ``end`` alone (a part of the year ended by a dated
    plan change, engine/plan_changes.py) held back and releases from ``end`` on, on its own
    schedule and terms, read on the whole horizon's ``outcomes``: ``held`` (sims, reps,
    months) its holds, 0 outside the part. The part releases the months before ``end``."""
    released, _stays = _released(plan, outcomes, held)
    released[..., :end] = 0.0
    return released


def _in_window(spif: Spif, periods: list[str]) -> np.ndarray:
    """(months,) bool: the period starts inside the SPIF's window."""
    years, months = month_numbers(periods)
    labels = np.array([f"{y:04d}-{m:02d}" for y, m in zip(years, months, strict=True)])
    return (labels >= spif.window[0]) & (labels <= spif.window[1])


def _spif(
    spif: Spif, scenario: Scenario, outcomes: Outcomes, record: PayRecord | None
) -> np.ndarray:
    """The ``spif_<name>`` component (sims, reps, months), see the module's rules."""
    shares = product_shares(scenario.population.products.mix, outcomes)
    lines = spif.products if spif.products is not None else list(shares)
    share = sum((shares.get(line, 0.0) for line in lines), 0.0)
    revenue = outcomes.get(
        "revenue_booked" if spif.customers == "all" else f"revenue_booked_{spif.customers}"
    )
    deals = outcomes.get("deals_won") * share
    eligible_revenue = revenue * share
    who = eligible(spif.roles, outcomes)[None, :, None] & _in_window(spif, outcomes.periods)
    earned = (spif.rate * eligible_revenue + spif.per_deal * deals) * who
    funded = np.ones(outcomes.shape)
    if spif.fund is not None:
        month_total = earned.sum(axis=1)  # (sims, months)
        before = np.cumsum(month_total, axis=1) - month_total
        left = np.clip(ratio(spif.fund - before, month_total), 0.0, 1.0)
        left = np.where(month_total > 0, left, 1.0)
        funded = np.broadcast_to(left[:, None, :], outcomes.shape)
    paid = earned * funded
    if record is not None:
        record.add("eligible revenue", eligible_revenue * who)
        record.add("eligible deals", deals * who, "count")
        record.add("earned", earned)
        record.add("share the fund still pays", funded, "share")
        record.add("=paid", paid)
    return paid


def spif_words(spif: Spif) -> str:
    """One SPIF in one sentence, for statements."""
    parts = []
    if spif.rate:
        parts.append(f"{spif.rate:.2%} of {spif.customers}-customer booked revenue")
    if spif.per_deal:
        parts.append(f"{spif.per_deal:,.2f} per new-customer deal")
    lines = "every product line" if spif.products is None else ", ".join(spif.products)
    who = "every rep" if spif.roles is None else ", ".join(spif.roles)
    fund = "" if spif.fund is None else f", from a fund of {spif.fund:,.2f}"
    return (
        f"SPIF {spif.name}: {' + '.join(parts)} on {lines}, {spif.window[0]} to "
        f"{spif.window[1]}, for {who}{fund}; paid monthly."
    )


def plan_mechanics(
    scenario: Scenario,
    outcomes: Outcomes,
    commission: np.ndarray,
    *,
    credit: np.ndarray | float = 1.0,
    records: dict[str, PayRecord] | None = None,
) -> dict[str, np.ndarray]:
    """Every mechanic's component (sims, reps, months), in the module's order, on the
    commission paid per month (``commission``, pay_commission's); none when the plan has
    none. ``records``, when given, receives each component's calculation record."""
    plan = scenario.pay
    components: dict[str, np.ndarray] = {}
    settle = period_groups(
        outcomes.periods, plan.commission.settlement, start=fiscal_start(outcomes.meta)
    )
    monthly = period_groups(outcomes.periods, "monthly", start=fiscal_start(outcomes.meta))

    def new_record(name: str, rule: str, groups: PeriodGroups) -> PayRecord | None:
        if records is None:
            return None
        records[name] = PayRecord(rule, groups)
        return records[name]

    paid = commission
    if plan.windfall is not None:
        record = new_record("windfall", windfall_words(plan.windfall, plan.commission), settle)
        components["windfall"] = _windfall(
            scenario, outcomes, commission, credit=credit, settle=settle, record=record
        )
        paid = paid + components["windfall"]
    for modifier in plan.modifiers:
        name = f"modifier_{modifier.name}"
        record = new_record(name, modifier_words(modifier), settle)
        components[name] = _modifier(modifier, outcomes, paid, settle=settle, record=record)
        paid = paid + components[name]
    if plan.holdback is not None:
        hold = plan.holdback
        rule = (
            f"Holdback: {hold.share:.0%} of each commission payment held and released "
            f"{hold.months} months later"
            + (" in proportion to customers kept" if hold.release == "customers_kept" else "")
            + ", forfeited if the rep leaves first."
        )
        record = new_record("holdback", rule, monthly)
        components["holdback"] = _holdback(hold, outcomes, paid, record)
    for spif in plan.spifs:
        name = f"spif_{spif.name}"
        record = new_record(name, spif_words(spif), monthly)
        components[name] = _spif(spif, scenario, outcomes, record)
    return components


def mechanics_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Mechanics the data cannot pay as written: a modifier gated on a measure the
    outcomes lack (the gate passes: nothing is taken), a SPIF whose window holds none of
    the data's months (it pays nothing)."""
    messages = []
    for modifier in scenario.pay.modifiers:
        derived = modifier.measure in ("revenue_booked", "revenue_collected")
        if not derived and modifier.measure not in outcomes.measures:
            messages.append(
                f"pay.modifiers.{modifier.name}.measure: the data has no {modifier.measure!r}: the "
                f"{modifier.name} modifier's gate passes everywhere (nothing is taken)"
            )
    for spif in scenario.pay.spifs:
        if not _in_window(spif, list(outcomes.periods)).any():
            messages.append(
                f"pay.spifs.{spif.name}.window: {spif.window[0]}..{spif.window[1]} holds none of the "
                f"data's months ({outcomes.periods[0]}..{outcomes.periods[-1]}): the "
                f"{spif.name} SPIF pays nothing"
            )
    return messages
