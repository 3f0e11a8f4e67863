"""Pay follows the person in the seat (``pay.people``): each person's own part of a
settlement period, the leaver rule, joiners' proration and ramped quota.

Rules (stated once):

- **Who holds a seat** (:func:`holders`): ``person_id`` each month (a simulation gives a
  seat a new id when its rep leaves and is replaced; ``-1`` is a vacant seat: nobody
  holds it); a roster's months with no share held (``meta["in_seat"]`` 0) are ``-1``
  too. Nobody is paid for a month no person holds, base and allowances included, and
  nothing is forfeited for it.
- **Own part of a period**: every commission and bonus settlement period is split among
  the people who held the seat in it. The person holding the seat at the period's end
  (a stayer, or a joiner who took the seat during the period) is paid the period's
  payout computed on their own months only: every measure of the other months (revenue,
  quota, counts) and the months held (target bonuses accrue per month held) are left
  out, so a joiner's quota and target pay are prorated by start, by month, and by day
  where ``in_seat`` holds a fraction (the quota is scaled by it). Paid in the period's
  last month, as before. A threshold on a monthly mean averages over the months held.
- **Leavers**: a person who held the seat in the period and left before its end (the
  seat's person changes, or a roster seat is held for a fraction of the period's last
  month and not after). Their part is computed the same way, on their own months'
  results against their own months' quota, and ``leaver_rule`` decides what is paid, in
  the person's last month in the seat:

  - ``pay``: the payout on their results to the exit, in full;
  - ``prorate``: the same, but a fixed award (a ``threshold`` bonus, whose amount does
    not grow with the months served) x months served / months of the period (a leaver
    after 7 months of an annual award gets 7/12 of it); commission and the other
    bonuses already grow with the months served and are paid as computed;
  - ``forfeit``: nothing (the "employed on the payout date" rule).

  A person who moves to another seat (holds it the next month: a roster's transfer,
  transfers.py) has not left: their part is paid in full, as under ``pay``.
  A negative payout (a claw-back) is deducted under every rule, so pay under
  ``forfeit`` <= ``prorate`` <= ``pay`` for every person. The reduction is the NEGATIVE
  component ``leaver_forfeit`` in the exit month, while the commission and bonus
  components keep the amount the leaver earned: the cost tables show what forfeiture
  saves against paying in full.
- A joiner's (an end holder who did not hold the whole period) ``threshold`` award is x
  the share of the period they held, like their target bonus (accrued per month held).
- **Ranks and pools** (``top_n``, ``team_pool``: a fixed budget shared among seats) are
  assessed on the seat's whole period (each month's holder's quota, ramped, prorated),
  and the seat's award is split among the people who held it by their share of the
  period (then the leaver rule: ``prorate`` pays the leaver's share, ``forfeit`` nothing),
  so the budget is never exceeded. Recorded deals (``meta["deals"]``) are not split by
  person: a per-deal plan's parts are split evenly over each month's transactions.
- A year-to-date commission (``basis: year_to_date``) reads each person's settlements
  of the year: a joiner's year to date also counts the months of the year's earlier
  settlements held by others, and the true-up nets what was paid for them (a
  simplification: the settlement periods are split by person, the year is not).
- **Ramp**: the quota of a person's m-th month in the seat (``tenure_months`` - 1; with
  no ``tenure_months``, counted from a person's first month in the data, the first
  month's holders being ramped already) is x ``ramp[m]``; full quota after.
- Guarantee and draw: draws.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np

from salesperf_model.engine.commission import base_revenue
from salesperf_model.engine.draws import new_hire_pay
from salesperf_model.engine.periods import (
    PeriodGroups,
    fiscal_start,
    months_spanned,
    period_groups,
)
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import ratio
from salesperf_model.engine.transfers import carried_months, moved_on, roster_people
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Pay

#: Bonus types paying a fixed award to each person who earns it, prorated by months
#: served under ``prorate`` and for a joiner.
FIXED_AWARDS = frozenset({"threshold"})
#: Bonus types sharing a fixed budget among the seats (ranks, a pool): assessed on the
#: seat and split among its people by months held, so the budget is never exceeded.
POOLED = frozenset({"top_n", "team_pool"})
#: Measures that say who and how long, never masked to a person's months.
_IDENTITY = frozenset({"person_id", "tenure_months"})

#: (outcomes, records=..., settlements=...) -> (components, attainment), engine/pay.py
Variable = Callable[..., tuple[dict[str, np.ndarray], np.ndarray]]


def holders(outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, months) who holds each seat: ``person_id`` (one person per seat when
    absent), ``-1`` where nobody does (a vacant seat, a roster month not held)."""
    if "person_id" in outcomes.measures:
        person = np.asarray(outcomes.measures["person_id"], dtype=float)
    else:
        person = np.broadcast_to(
            np.arange(outcomes.n_reps, dtype=float)[None, :, None], outcomes.shape
        )
    if "in_seat" in outcomes.meta:
        held = np.asarray(outcomes.meta["in_seat"], dtype=float)
        person = np.where(held > 0, person, -1.0)
    return np.where(person >= 0, person, -1.0)


def held_share(outcomes: Outcomes) -> np.ndarray:
    """(1 or sims, reps or 1, months): share of each month the seat was held."""
    if "in_seat" not in outcomes.meta:
        return np.ones((1, 1, outcomes.n_periods))
    held = np.asarray(outcomes.meta["in_seat"], dtype=float)
    return held if held.ndim == 3 else held[None]


def _shift(values: np.ndarray, fill: float, *, later: bool = False) -> np.ndarray:
    """Each month's neighbour on the month axis: the month before (``fill`` first), or
    the month after (``later``: the month itself last)."""
    if later:
        return np.concatenate([values[..., 1:], values[..., -1:]], axis=-1)
    pad = np.full(values[..., :1].shape, fill)
    return np.concatenate([pad, values[..., :-1]], axis=-1)


def leaves_after(holder: np.ndarray, held: np.ndarray) -> np.ndarray:
    """bool (sims, reps, months): the person holding the seat leaves after the month (the
    next month's holder differs), or inside it (a fraction held and someone else, or
    nobody, the month after). Unknown in the data's last month: False."""
    after = _shift(holder, 0.0, later=True)
    changes = (after != holder) & (holder >= 0)
    changes[..., -1] = False
    return changes


def month_in_seat(outcomes: Outcomes, holder: np.ndarray) -> np.ndarray:
    """(sims, reps, months) the holder's month in the seat, 0 = their first; ``inf`` for
    the first month's holders when the outcomes carry no ``tenure_months``."""
    if "tenure_months" in outcomes.measures:
        return outcomes.get("tenure_months") - 1.0
    months = np.arange(outcomes.n_periods)
    starts = (holder != _shift(holder, -2.0)) & (holder >= 0)
    first = np.maximum.accumulate(np.where(starts, months, 0), axis=-1)
    established = (first == 0) & (holder == holder[..., :1])
    return np.where(established, np.inf, months - first)


def ramp_share(ramp: list[float], month: np.ndarray) -> np.ndarray:
    """Quota share of each month: ``ramp[m]`` in the holder's m-th month, 1 after."""
    shares = np.r_[np.asarray(ramp, dtype=float), 1.0]
    index = np.where(np.isfinite(month), np.clip(month, 0, len(ramp)), len(ramp))
    return shares[index.astype(int)]


class _Masked(Mapping):
    """Another outcome set's measures, each x a month mask when read (identities kept)."""

    def __init__(self, measures: Mapping[str, np.ndarray], mask: np.ndarray) -> None:
        self._measures, self._mask, self._read = measures, mask, {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._read:
            value = self._measures[name]
            self._read[name] = value if name in _IDENTITY else value * self._mask
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._measures)

    def __len__(self) -> int:
        return len(self._measures)


@dataclass(frozen=True)
class _PersonOutcomes(Outcomes):
    """Outcomes kept to some months of each seat (one person's): measures masked as read."""

    def __post_init__(self) -> None:  # the measures are a checked outcome set's, masked
        return None


def _kept_to(outcomes: Outcomes, mask: np.ndarray) -> Outcomes:
    """``outcomes`` with every month outside ``mask`` (sims, reps, months) left out."""
    meta = {k: v for k, v in outcomes.meta.items() if k != "deals"}
    meta["in_seat"] = held_share(outcomes) * mask
    meta["people"] = True
    return _PersonOutcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures=_Masked(outcomes.measures, mask.astype(float)),  # type: ignore[arg-type]
        truth=outcomes.truth,
        source=outcomes.source,
        meta=meta,
    )


@dataclass(frozen=True)
class _Parts:
    """A settlement's split of each seat's periods among people, (sims, reps, months)."""

    own: np.ndarray  #: held by the period's end holder
    leaver: np.ndarray  #: held by someone who left before the period's end
    ordinal: np.ndarray  #: which leaver of the period (0, 1...), -1 outside leavers' months

    @property
    def n_leavers(self) -> int:
        return int(self.ordinal.max()) + 1 if self.ordinal.size else 0


def split_periods(holder: np.ndarray, gone: np.ndarray, settle: PeriodGroups) -> _Parts:
    """Each month of each settlement period: the end holder's, or which leaver's
    (``gone``: the holder left inside the month, a roster's fraction held)."""
    end_of = settle.ends[settle.of_month]
    final = np.where(gone[..., end_of], -1.0, holder[..., end_of])
    present = holder >= 0
    own = present & (holder == final)
    leaver = present & ~own
    first = np.zeros(holder.shape[-1], dtype=bool)
    first[settle.starts] = True
    starts = leaver & ((holder != _shift(holder, -2.0)) | first)
    count = np.cumsum(starts, axis=-1)
    before = (count - starts)[..., settle.starts][..., settle.of_month]
    ordinal = np.where(leaver, count - before - 1, -1)
    return _Parts(own, leaver, ordinal)


def _to_exit(
    paid: np.ndarray, mask: np.ndarray, settle: PeriodGroups
) -> tuple[np.ndarray, np.ndarray]:
    """(each period's amount moved from its last month to the last month of ``mask`` in
    it, zero where ``mask`` has no month; whether it has one (sims, reps, periods))."""
    months = np.where(mask, np.arange(mask.shape[-1]), -1)
    last = np.maximum.reduceat(months, settle.starts, axis=-1)
    found = last >= 0
    amount = np.where(found, paid[..., settle.ends], 0.0)
    out = np.zeros(paid.shape)
    where = np.where(found, last, settle.ends)
    np.put_along_axis(out, where, amount, axis=-1)
    return out, found


def _served(
    mask: np.ndarray, held: np.ndarray, periods: list[str], settle: PeriodGroups, *, at_end=False
) -> np.ndarray:
    """Share of each period served by the months in ``mask``: per period (``at_end``), or
    placed at its exit month (its last month in ``mask``)."""
    months = held * months_spanned(periods)[None, None, :] * mask
    share = settle.sum(months) / settle.months
    return share if at_end else _to_exit(settle.place(share), mask, settle)[0]


def _share_lines(record: PayRecord, served: np.ndarray) -> None:
    """A joiner's award or pool share on a statement: the seat's amount x the share held."""
    seat_amount = record.values[list(record.values)[-1]] if record.values else None
    if seat_amount is None:
        return
    record.add("x share of the period the person in the seat held", served, "share")
    record.add("=paid to the person in the seat", seat_amount * served)


def _of_types(plan: Pay, types: frozenset[str]) -> set[str]:
    """The plan's bonus components of some bonus types."""
    return {f"bonus_{b.name}" for b in plan.bonuses if b.type in types}


def _rule(plan: Pay, name: str, earned: np.ndarray, served: np.ndarray) -> np.ndarray:
    """What the leaver rule pays of a leaver's ``earned`` amounts (placed at exits)."""
    rule = plan.people.leaver_rule if plan.people is not None else "pay"
    if rule == "pay" or (rule == "prorate" and name not in _of_types(plan, FIXED_AWARDS)):
        return earned
    keep = served if rule == "prorate" else 0.0
    return np.where(earned > 0, earned * keep, earned)


def _settlements(plan: Pay) -> dict[str, list[str]]:
    """Each settlement frequency the plan uses -> its variable components."""
    out: dict[str, list[str]] = {plan.commission.settlement: ["commission"]}
    for bonus in plan.bonuses:
        out.setdefault(bonus.settlement, []).append(f"bonus_{bonus.name}")
    return out


def person_month(outcomes: Outcomes, holder: np.ndarray) -> np.ndarray:
    """:func:`month_in_seat`, a roster transfer's months carried on into the new seat."""
    month = month_in_seat(outcomes, holder)
    people = roster_people(outcomes)
    if people is None or "tenure_months" in outcomes.measures:
        return month
    return carried_months(month, holder, people[0])


def _with_quota(plan: Pay, outcomes: Outcomes, holder: np.ndarray) -> Outcomes:
    """``outcomes`` with each person's quota: x the ramp share and x the month held."""
    quota = outcomes.get("quota") * held_share(outcomes)
    if plan.people is not None and plan.people.ramp:
        quota = quota * ramp_share(plan.people.ramp, person_month(outcomes, holder))
    return replace(outcomes, measures={**outcomes.measures, "quota": quota})


def people_pay(
    plan: Pay,
    outcomes: Outcomes,
    variable: Variable,
    *,
    records: dict[str, PayRecord] | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(commission, bonuses and the people components per month, unrounded; attainment)
    when pay follows the person (module docstring). ``variable`` pays commission and
    bonuses on an outcome set (engine/pay.variable_pay)."""
    holder = holders(outcomes)
    held = held_share(outcomes)
    leaves = leaves_after(holder, held)
    gone = leaves & (held < 1)  # left inside the month (a roster's)
    moved = moved_on(outcomes, holder, leaves)  # to another seat: paid in full
    outcomes = _with_quota(plan, outcomes, holder)
    start = fiscal_start(outcomes.meta)
    components: dict[str, np.ndarray] = {}
    earned_by_leavers = np.zeros(outcomes.shape)
    forfeited = np.zeros(outcomes.shape)
    commission_forfeited = np.zeros(outcomes.shape)
    #: what the commission's settlement pays besides commission and bonuses (holdback,
    #: SPIFs, windfall, modifiers, clawback): each person's own, paid as earned
    mechanics: dict[str, np.ndarray] = {}
    for frequency, names in _settlements(plan).items():
        settle = period_groups(outcomes.periods, frequency, start=start)
        parts = split_periods(holder, gone, settle)
        which = frozenset({frequency})
        pooled = [n for n in names if n in _of_types(plan, POOLED)]
        seat_records = {} if records is not None else None
        seat = variable(outcomes, records=seat_records, settlements=which)[0] if pooled else {}
        own, _ = variable(_kept_to(outcomes, parts.own), records=records, settlements=which)
        more = [name for name in own if name not in names]
        mechanics.update({name: own[name] for name in more})
        if records is not None and seat_records:
            records.update({n: seat_records[n] for n in pooled})
        served_end = _served(parts.own, held, outcomes.periods, settle, at_end=True)
        joined = settle.place(served_end)
        for name in names:  # a joiner's fixed award or pooled share: x the period held
            share = name in pooled or name in _of_types(plan, FIXED_AWARDS)
            components[name] = (seat if name in pooled else own)[name] * (joined if share else 1.0)
            if share and records is not None and name in records:
                _share_lines(records[name], served_end)
        for k in range(parts.n_leavers):  # leavers of one period: a few, never per rep
            mine = parts.ordinal == k
            _, has = _to_exit(np.zeros(outcomes.shape), mine, settle)
            mask = mine | (parts.own & ~has[..., settle.of_month])
            paid = {}
            if len(pooled) < len(names) or more:
                paid, _ = variable(_kept_to(outcomes, mask), settlements=which)
            for name in more:
                mechanics[name] = mechanics[name] + _to_exit(paid[name], mine, settle)[0]
            served = _served(mine, held, outcomes.periods, settle)
            for name in names:
                if name in pooled:
                    earned = _to_exit(seat[name], mine, settle)[0] * served
                else:
                    earned = _to_exit(paid[name], mine, settle)[0]
                kept = np.where(moved, earned, _rule(plan, name, earned, served))
                components[name] = components[name] + earned
                earned_by_leavers += earned
                forfeited += kept - earned
                if name == "commission":
                    commission_forfeited += kept - earned
    order = ["commission", *(f"bonus_{b.name}" for b in plan.bonuses)]  # the plan's order
    components = {"commission": components["commission"], **mechanics} | {
        name: components[name] for name in order
    }
    people = plan.people
    if people is not None and people.leaver_rule != "pay":
        components["leaver_forfeit"] = forfeited
        if records is not None:
            record = records["leaver_forfeit"] = PayRecord(
                f"Leaver rule {people.leaver_rule}: variable pay of a settlement period a "
                "person leaves before its end, on their own results, "
                + {"forfeit": "not paid", "prorate": "fixed awards x months served"}[
                    people.leaver_rule
                ]
                + "; deducted in the exit month.",
                period_groups(outcomes.periods, "monthly", start=start),
            )
            record.add("earned by the leaver", earned_by_leavers)
            record.add("=forfeited", forfeited)
    commission = components["commission"] + commission_forfeited
    if people is not None:
        components.update(
            new_hire_pay(
                people,
                commission,
                month=person_month(outcomes, holder),
                held=held * (holder >= 0),
                leaves=leaves & ~moved,  # a transfer settles no draw
                people_of=roster_people(outcomes),
                periods=outcomes.periods,
                records=records,
                tenure="tenure_months" in outcomes.measures,
            )
        )
    revenue = base_revenue(outcomes, plan.commission)
    attainment = ratio(revenue, outcomes.get("quota")) * (holder >= 0)
    return components, attainment
