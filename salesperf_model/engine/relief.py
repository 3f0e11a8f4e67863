"""Quota relief: the quota pay reads, reduced by leave and territory carve-outs.

Rules (``pay.relief``, schema/relief.py):

- **Leave** (``leave: prorate``): a period's quota is reduced by the share of it the rep
  was on leave (the ``leave`` measure: simulated with ``population.leave``, or imported
  from a relief table).
- **Carve-outs** (``carve_out: prorate``): reduced by the share carved out, from the
  plan's ``carve_outs`` (a share of each month from ``from`` to ``to`` for the reps they
  select; in a quarterly table, by the months of the quarter they cover) and from an
  imported relief table (the ``quota_carved_out`` measure).
- **Leave and carve-outs multiply**, carve-outs add up: quota x (1 - leave) x (1 - the
  carve-outs' shares added): half a month on leave in a territory cut by 30% keeps
  0.5 x 0.7 of the quota. Carve-outs adding up to more than the whole territory, or
  leave of more than the whole period (a negative quota), are refused, naming the file,
  the key, the rep, the period and the shares.
- Relief changes the quota **pay** reads (commission attainment, gates, year-to-date
  quota, bonuses on attainment); KPI scores read the quota as simulated or imported, and
  reps' simulated effort answers the unrelieved quota (the plan's response is not
  re-derived per relief).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from salesperf_model.engine.seats import eligible
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.schema.relief import Relief, Who, month_index
from salesperf_model.tables import months_of


class ReliefError(ValueError):
    """A relief or plan change the data cannot take: names file, key, value and what is
    expected."""


def who_mask(who: Who, outcomes: Outcomes) -> np.ndarray:
    """(reps,) which reps ``who`` selects (every selector given must match; a rep id or
    region the data lacks matches nobody: :func:`relief_warnings` says so)."""
    reps = outcomes.reps
    mask = np.ones(len(reps), dtype=bool)
    for column, wanted in (("rep_id", who.reps), ("role", who.roles), ("region", who.regions)):
        if wanted:
            mask &= np.isin(reps[column].astype(str).to_numpy(), wanted)
    return mask


def _absent(who: Who, outcomes: Outcomes) -> list[str]:
    """The rep ids and regions ``who`` names that the data does not have."""
    reps = outcomes.reps
    return [
        f"{key} {value!r}"
        for key, column, wanted in (("rep", "rep_id", who.reps), ("region", "region", who.regions))
        for value in wanted
        if value not in set(reps[column].astype(str))
    ]


def _wholly_relieved(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Rep-months whose whole quota is relieved but which have commission-base revenue:
    attainment tiers pay nothing on them (a quota of 0), said once."""
    commission = scenario.pay.commission
    if not scenario.pay.relief.active or commission.tiers_on == "amount":
        return []
    try:
        removed = removed_share(scenario.pay.relief, outcomes)
    except ReliefError:
        return []  # refused when paid
    revenue = outcomes.get(f"revenue_{commission.base}")
    covered = eligible(commission.roles, outcomes)[None, :, None]
    count = int(((removed >= 1.0 - 1e-9) & (revenue > 0) & covered).sum())
    if not count:
        return []
    return [
        f"pay.relief: {count} rep-months have their whole quota relieved (a month on leave or "
        "carved out) but revenue on the commission base: no commission is paid on it "
        "(attainment needs a quota); settle quarterly or year to date to pay it with the "
        "months around"
    ]


def relief_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Carve-outs and plan changes naming reps or regions the data lacks (they select
    nobody there: a plan written for the simulated sales force, paid on an import)."""
    named = [
        (f"pay.relief.carve_outs.{i}", c) for i, c in enumerate(scenario.pay.relief.carve_outs)
    ]
    named += [(f"pay_changes.{i}", c) for i, c in enumerate(scenario.pay_changes)]
    messages = _wholly_relieved(scenario, outcomes)
    for key, who in named:
        absent = _absent(who, outcomes)
        if absent:
            selects = int(who_mask(who, outcomes).sum())
            messages.append(
                f"{key}: the data has no {', '.join(absent[:3])}"
                f"{' ...' if len(absent) > 3 else ''}; it applies to {selects} of "
                f"{outcomes.n_reps} reps here"
            )
    return messages


def month_share(periods: list[str], first: str, last: str | None) -> np.ndarray:
    """(periods,) share of each period's months from ``first`` to ``last`` (inclusive;
    None: open-ended)."""
    starts, spans = months_of([str(p) for p in periods])
    start = np.asarray(starts, dtype=int)
    span = np.asarray(spans, dtype=int)
    low = month_index(first)
    high = month_index(last) if last is not None else np.iinfo(np.int64).max // 2
    covered = np.minimum(start + span - 1, high) - np.maximum(start, low) + 1
    return np.clip(covered, 0, None) / span


def _declared(relief: Relief, outcomes: Outcomes) -> list[tuple[str, np.ndarray]]:
    """Each declared carve-out as (its key, share removed (reps, periods))."""
    out = []
    for i, carve in enumerate(relief.carve_outs):
        key = f"pay.relief.carve_outs.{i}"
        reps = who_mask(carve, outcomes)
        months = month_share(outcomes.periods, carve.first, carve.last)
        out.append((key, carve.share * reps[:, None] * months[None, :]))
    return out


def _summed(
    parts: list[tuple[str, np.ndarray]], outcomes: Outcomes, what: str, file: str
) -> np.ndarray:
    """Shares of one reason added up; more than 1 refused (ReliefError naming file, key,
    rep, period and each share)."""
    removed = np.zeros(outcomes.shape)
    for _key, share in parts:
        removed = removed + share
    over = removed > 1.0 + 1e-9
    if over.any():
        s, r, t = (int(i[0]) for i in np.nonzero(over))
        named = [f"{key} {np.broadcast_to(x, removed.shape)[s, r, t]:g}" for key, x in parts]
        rep = outcomes.reps["rep_id"].astype(str).iloc[r]
        where = f"{file}: " if file else ""
        raise ReliefError(
            f"{where}pay.relief: {what} {'takes' if what == 'leave' else 'take'} "
            f"{removed[s, r, t]:g} of rep {rep}'s quota in "
            f"{outcomes.periods[t]} ({'; '.join(n for n in named if not n.endswith(' 0'))}), "
            f"which makes the quota negative; expected the {what} of one period to add up to "
            "at most 1"
        )
    return removed


def removed_share(relief: Relief, outcomes: Outcomes, *, file: str = "") -> np.ndarray:
    """(sims, reps, periods) share of the quota the plan's relief removes (0 where none):
    1 - (1 - leave) x (1 - carve-outs), the carve-outs added up; leave or carve-outs of
    more than a whole period refused (ReliefError naming file, key, rep, period, value)."""
    leave = carved = np.zeros(outcomes.shape)
    if relief.leave == "prorate":
        leave = _summed(
            [("leave (the `leave` measure)", outcomes.get("leave"))], outcomes, "leave", file
        )
    if relief.carve_out == "prorate":
        parts = [("relief table (`quota_carved_out`)", outcomes.get("quota_carved_out"))]
        carved = _summed([*parts, *_declared(relief, outcomes)], outcomes, "carve-outs", file)
    return 1.0 - (1.0 - leave) * (1.0 - carved)


def relieve(relief: Relief, outcomes: Outcomes, *, file: str = "") -> Outcomes:
    """The outcomes with the quota the plan's relief leaves: quota x (1 - leave) x (1 -
    carve-outs); the same outcomes when the plan relieves nothing."""
    if not relief.active:
        return outcomes
    removed = removed_share(relief, outcomes, file=file)
    if not removed.any():
        return outcomes
    quota = outcomes.get("quota") * np.clip(1.0 - removed, 0.0, 1.0)
    return replace(outcomes, measures={**outcomes.measures, "quota": quota})
