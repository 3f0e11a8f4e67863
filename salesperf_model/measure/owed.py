"""Pay a plan's deferred elements leave at the end of the horizon: what the company still
owes (earned in the horizon, paid after it), what it never pays, and what is counted already.

Each deferred element, by what the company owes at the end (rules stated once):

- **Commission holdback** (``pay.holdback``, component ``holdback``: minus what is held,
  plus what is released): within the horizon the component nets to minus
  ``held_back``. Of that, what was held from the commission paid in the horizon's last
  ``months`` months is released only after the horizon ends: ``owed``, a debt the
  company still owes (to the holders who stay), which a cash total counts as saved. It
  is ``share`` x the commission paid in those months (commission + windfall + payout
  modifiers, each seat's payment when positive: the engine's holdback base,
  engine/mechanics.py). The rest, ``not_paid`` = ``held_back`` - ``owed``, is really not
  paid: forfeited on exit, or not released as customers left. A hold in the last months
  whose holder leaves before the horizon ends counts as owed (the seat's pay is summed
  over the reps, as a streamed comparison keeps it): the owed amount is what the company
  pays if the holders stay and keep their customers, at most.
- **Deferred bonus or equity** (``deferred_<name>``): counted as pay in the month it is
  earned, less forfeits on exit (engine/long_term.py): already accrued, nothing to add.
  ``vesting_later`` is what of it vests after the horizon (paid then, counted now).
- **Recoverable draw** (``draw_advance``, ``draw_recovery``, ``draw_repaid``): an advance
  is counted as pay when advanced; ``draws_outstanding`` is what is still to be
  recovered at the end: the reps owe it, the cost counts it as paid (nothing to add).

Every figure is per simulation, (simulations,), money summed over the reps. Under
dated plan changes (``pay_changes``) each rep-month's holds follow the holdback of the
plan that pays it (engine/plan_changes.py): a hold is owed at the end when its release
month, its month + that holdback's ``months``, falls after the horizon; holds of a part
that ended earlier were released after the change, within the horizon, and are not owed.
A result reduced to its horizon keeps these bases summed over the reps
(``HorizonResult.holdback_bases``, :func:`holdback_bases`); one that does not (a cached
result from an older run) is read with the scenario's own holdback for every rep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from salesperf_model.engine.long_term import yearly_schedule
from salesperf_model.engine.periods import month_numbers
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.schema.mechanics import Holdback

#: Components the holdback holds a share of (engine/mechanics.py), by name or prefix.
HOLDBACK_BASE = ("commission", "windfall")
HOLDBACK_BASE_PREFIX = "modifier_"
#: Components of a recoverable draw (engine/draws.py) whose sum is the balance outstanding.
DRAW_BALANCE = ("draw_advance", "draw_recovery", "draw_repaid")


@dataclass(frozen=True)
class OwedAtEnd:
    """A plan's deferred pay at the end of the horizon (module docstring), each
    (simulations,): ``held_back`` net holdback within the horizon (>= 0), ``owed`` of it
    still owed at the end, ``not_paid`` of it never paid; ``vesting_later`` deferred
    bonuses vesting after the horizon (in the cost already); ``draws_outstanding`` draws
    still to recover (in the cost already); ``holdback_months`` the holdback's delay (0
    without one)."""

    held_back: np.ndarray
    owed: np.ndarray
    not_paid: np.ndarray
    vesting_later: np.ndarray
    draws_outstanding: np.ndarray
    holdback_months: int = 0


def _read(name: str) -> bool:
    """The components the owed figures read: the holdback, its base and a draw's balance."""
    return name == "holdback" or _in_base(name) or name in DRAW_BALANCE


def _summed(result: PlanResultLike) -> dict[str, np.ndarray]:
    """Each component read here summed over the reps, (simulations, months); the first
    component of any kind when none is (for the number of simulations)."""
    stored = getattr(result, "pay_by_month", None)  # a streamed horizon result keeps them
    source = stored if stored is not None else result.payouts
    names = [name for name in source if _read(name)] or list(source)[:1]
    if stored is not None:
        return {name: np.asarray(source[name], dtype=float) for name in names}
    return {name: np.asarray(source[name], dtype=float).sum(axis=1) for name in names}


def _in_base(name: str) -> bool:
    return name in HOLDBACK_BASE or name.startswith(HOLDBACK_BASE_PREFIX)


def _holdback_base(result: PlanResultLike, summed: dict[str, np.ndarray]) -> np.ndarray:
    """(simulations, months) the commission payments the holdback holds a share of: each
    seat's when the result keeps them, else the reps' sum."""
    paid = _seat_base(result)
    if paid is not None:
        return paid.sum(axis=1)
    names = [name for name in summed if _in_base(name)]
    first = next(iter(summed.values()))
    return np.maximum(sum((summed[name] for name in names), np.zeros_like(first)), 0.0)


def _seat_base(result: PlanResultLike) -> np.ndarray | None:
    """(simulations, reps, months) each seat's positive commission payment, or None when
    the result keeps no payouts per seat."""
    payouts = getattr(result, "payouts", None) or {}
    names = [name for name in payouts if _in_base(name)]
    if not names:
        return None
    return np.maximum(sum(np.asarray(payouts[name], dtype=float) for name in names), 0.0)


def holdbacks_in_force(scenario: Scenario) -> list[Holdback | None]:
    """The holdback of the scenario's own plan, then of each dated change's plan, in the
    order of ``pay_changes`` (None where a plan has none)."""
    changes = [change.pay.holdback if change.pay else None for change in scenario.pay_changes]
    return [scenario.pay.holdback, *changes]


def holdback_bases(
    scenario: Scenario, result: PlanResultLike, outcomes: Outcomes
) -> dict[tuple[float, int], np.ndarray]:
    """(share, months) of each holdback in force -> (simulations, months) the commission
    payments it holds a share of, summed over the reps whose month it pays (each rep-month
    under the plan that pays it: ``plan_changes.plan_of_month``); {} without a holdback
    or payouts per seat."""
    from salesperf_model.engine.plan_changes import plan_of_month

    holdbacks = holdbacks_in_force(scenario)
    paid = _seat_base(result) if any(holdbacks) else None
    if paid is None:
        return {}
    if not scenario.pay_changes:
        held = scenario.pay.holdback
        return {(float(held.share), int(held.months)): paid.sum(axis=1)}
    assigned = plan_of_month(scenario, outcomes) + 1  # 0: the scenario's own plan
    bases: dict[tuple[float, int], np.ndarray] = {}
    for index, held in enumerate(holdbacks):
        if held is None:  # a plan without a holdback holds nothing
            continue
        # kept where the plan pays nobody too: every chunk of a streamed run has its keys
        mask = assigned == index
        terms = (float(held.share), int(held.months))
        part = np.where(mask[None], paid, 0.0).sum(axis=1)
        bases[terms] = bases[terms] + part if terms in bases else part
    return bases


def _vesting_later(result: PlanResultLike, periods: list[str], sims: int) -> np.ndarray:
    """Deferred bonuses earned in the horizon that vest in a year after its last."""
    later = np.zeros(sims)
    records = getattr(result, "deferred", None) or {}
    if not records:
        return later
    last_year = int(month_numbers(list(periods))[0].max())
    for record in records.values():
        schedule = yearly_schedule(record, list(periods))
        later += schedule["vesting"][:, schedule["years"] > last_year].sum(axis=1)
    return later


def owed_at_end(
    scenario: Scenario,
    result: PlanResultLike,
    periods: list[str],
    *,
    outcomes: Outcomes | None = None,
) -> OwedAtEnd:
    """What ``result`` (``scenario``'s pay over ``periods``, a full result or one reduced to
    its horizon) leaves owed, never paid and already counted at the horizon's end (see
    the module's rules). ``outcomes``, the ones it was paid on, are needed for a full
    result of a scenario with dated plan changes (who each change moves)."""
    summed = _summed(result)
    if not summed:
        raise ValueError(f"plan {result.scenario_name!r}: the result keeps no pay by month")
    sims = next(iter(summed.values())).shape[0]
    zeros = np.zeros(sims)
    held_back, owed, months = zeros, zeros, 0
    holdbacks = [held for held in holdbacks_in_force(scenario) if held is not None]
    if holdbacks and "holdback" in summed:
        months = int((scenario.pay.holdback or holdbacks[0]).months)
        held_back = np.maximum(-summed["holdback"].sum(axis=1), 0.0)
        bases = _bases_of(scenario, result, summed, outcomes)
        owed = sum(
            (share * base[:, max(base.shape[1] - delay, 0) :].sum(axis=1))
            for (share, delay), base in bases.items()
        )
        owed = np.round(owed + zeros, 2)
        owed = np.minimum(owed, held_back)  # never more than the component kept back
    outstanding = sum((summed[name].sum(axis=1) for name in DRAW_BALANCE if name in summed), zeros)
    return OwedAtEnd(
        held_back=held_back,
        owed=owed,
        not_paid=np.round(held_back - owed, 2),
        vesting_later=_vesting_later(result, periods, sims),
        draws_outstanding=np.maximum(outstanding, 0.0),
        holdback_months=months,
    )


def _bases_of(
    scenario: Scenario,
    result: PlanResultLike,
    summed: dict[str, np.ndarray],
    outcomes: Outcomes | None,
) -> dict[tuple[float, int], np.ndarray]:
    """:func:`holdback_bases` of the result: kept by a result reduced to its horizon,
    worked out from a full one, else the reps' sum under the scenario's own holdback."""
    kept = getattr(result, "holdback_bases", None)
    if kept is not None:
        return kept
    if scenario.pay_changes and _seat_base(result) is not None:
        if outcomes is None:
            raise ValueError(
                f"plan {scenario.name!r}: what its holdbacks still owe under dated plan "
                "changes needs the outcomes it was paid on (outcomes=)"
            )
        return holdback_bases(scenario, result, outcomes)
    held = scenario.pay.holdback
    if held is None:  # only a change's plan holds back, and the result cannot say whom
        held = next(h for h in holdbacks_in_force(scenario) if h is not None)
    return {(float(held.share), int(held.months)): _holdback_base(result, summed)}


def owed_by_plan(
    scenarios: Mapping[str, Scenario],
    results: Mapping[str, PlanResultLike],
    outcomes: Outcomes | Mapping[str, Outcomes],
) -> dict[str, np.ndarray]:
    """Plan name -> what its holdbacks still owe at the end of the horizon, per simulation
    (:func:`owed_at_end`), for each plan with a holdback in force; ``outcomes``: what
    every plan was paid on, or plan name -> its own."""
    owed = {}
    for name, result in results.items():
        if not any(holdbacks_in_force(scenarios[name])):
            continue
        paid_on = outcomes[name] if isinstance(outcomes, Mapping) else outcomes
        periods = list(paid_on.periods)
        owed[name] = owed_at_end(scenarios[name], result, periods, outcomes=paid_on).owed
    return owed
