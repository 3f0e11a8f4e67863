"""Effective-dated plan changes: a group of reps paid under another plan from a month on,
each part of the year under its own plan (``pay_changes``, schema/pay_changes.py).

Rules (stated once):

- **Who and when**: a change moves the reps it selects (rep ids, roles, regions: every
  selector given must match) from its ``from`` month to the end of the horizon, or to the
  next change that selects them. The scenario refuses a month outside its simulated
  horizon (schema/pay_changes.py); on data, a change before the first period is in force
  throughout, one after the last period not yet (the months a simulation has run so
  far), and a month inside one of the data's periods (a quarter) is refused.
- **Each part on its own**: a rep's part of the horizon under one plan is paid by that
  plan on the outcomes of those months only, as if the data began or ended there: a
  settlement period cut in two by the change is **settled twice**, the months before the
  change under the old plan (paid in the last month before the change, as a partial
  period), the months from it under the new plan (paid at the period's usual end). Base,
  allowances and every component follow the plan of the month.
- **Quota**: ``reset`` (default): the new plan's year starts at the change: annual quota
  is the quota of the months left, year-to-date sums, gates and true-ups count from the
  change. ``carry``: the rep's shortfall that year before the change (quota - the new
  plan's commission-base revenue, negative when ahead) is added to the quota of the
  year's months left, in proportion to their quota, never below 0.
- A part is paid under the change's pay section (``pay``, read from its ``plan`` file)
  with the scenario's own scoring and grading: scores and grades stay the scenario's
  (one appraisal over the year); each part's bonuses read the grades of its months.
  Rounded to the cent per part, so components still add to each month's total.
- **Company pools stay whole**: a bonus pooled over the whole sales force (team pool,
  top-n, profit share) of the scenario's own plan is worked out once over the whole
  horizon, and a moved rep keeps their share of it (the full result's), so a pool pays out
  exactly its amount; a pooled bonus only a change's plan has is paid from its part.
  A holdback's holds stay owed across a change: what a part's plan held back in its
  last months is released after the change on that plan's schedule and terms (the same
  person still in the seat; customers kept, if the release asks for it), as the
  ``holdback`` line of those months, whatever plan pays the rep then.
  Deferred elements' flow records (``PlanResult.deferred``) stay the scenario's own, and
  reps' simulated effort answers the scenario's own plan all year (the plan's outlook,
  engine/outlook.py, does not read ``pay_changes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.engine.cents import round_to_cents
from salesperf_model.engine.commission import base_revenue
from salesperf_model.engine.mechanics import released_after
from salesperf_model.engine.periods import fiscal_start, fiscal_years
from salesperf_model.engine.relief import ReliefError, who_mask
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.schema.relief import month_index
from salesperf_model.tables import months_of

#: Bonus types pooled over the whole sales force (a fixed amount or a share of profit
#: split among the reps), whose pool one plan change must not pay twice.
POOLED = ("team_pool", "top_n", "profit_share")

if TYPE_CHECKING:
    from salesperf_model.engine.run import PlanResult


@dataclass(frozen=True)
class PlanPart:
    """Months ``start``..``end - 1`` of the reps in ``reps`` paid under plan ``plan``;
    ``result`` is that plan's result on those months (all reps; read the part's rows)."""

    plan: str  #: the plan's name
    start: int
    end: int
    reps: np.ndarray  #: (reps,) bool
    result: PlanResult
    #: (sims, reps, months of the horizon) what the part's holdback releases after ``end``
    #: (``mechanics.released_after``); None without a holdback or a later month
    released: np.ndarray | None = None


def slice_months(outcomes: Outcomes, start: int, end: int) -> Outcomes:
    """The outcomes of months ``start``..``end - 1``: measures, truth and per-month meta
    (arrays with a month axis, deal records by period) cut to them."""
    months = outcomes.n_periods
    labels = [str(p) for p in outcomes.periods[start:end]]

    def cut(value: object) -> object:
        if isinstance(value, np.ndarray) and value.ndim and value.shape[-1] == months:
            return value[..., start:end]
        if isinstance(value, pd.DataFrame) and "period" in value.columns:
            return value[value["period"].astype(str).isin(labels)]
        if isinstance(value, dict):
            return {k: cut(v) for k, v in value.items()}
        return value

    return replace(
        outcomes,
        periods=list(outcomes.periods[start:end]),
        measures={k: v[..., start:end] for k, v in outcomes.measures.items()},
        truth=None if outcomes.truth is None else {k: cut(v) for k, v in outcomes.truth.items()},
        meta={k: cut(v) for k, v in outcomes.meta.items()},
    )


def _start_month(scenario: Scenario, outcomes: Outcomes, index: int) -> int:
    """The period index a change starts at: 0 for a change before the data's first period
    (already in force), the number of periods for one after its last (not yet in force:
    outcomes of part of the horizon, e.g. the months a simulation has run so far); a
    month inside one of the data's periods is refused."""
    change = scenario.pay_changes[index]
    first, _spans = months_of([str(p) for p in outcomes.periods])
    starts = np.asarray(first)
    wanted = month_index(change.first)
    hit = int(np.searchsorted(starts, wanted, "left"))
    if (hit < len(starts) and starts[hit] == wanted) or hit in (0, len(starts)):
        return hit
    key = f"pay_changes.{index}.from"
    where = f"{scenario.source_file}: {key}" if scenario.source_file else key
    raise ReliefError(
        f"{where}: {change.first} falls inside the data's period {outcomes.periods[hit - 1]}; "
        "expected the first month of a period"
    )


def plan_of_month(scenario: Scenario, outcomes: Outcomes) -> np.ndarray:
    """(reps, periods) index of the change whose plan pays each rep-month, -1 for the
    scenario's own plan."""
    assigned = np.full((outcomes.n_reps, outcomes.n_periods), -1)
    order = sorted(
        range(len(scenario.pay_changes)), key=lambda i: _start_month(scenario, outcomes, i)
    )
    for i in order:
        reps = who_mask(scenario.pay_changes[i], outcomes)
        assigned[reps, _start_month(scenario, outcomes, i) :] = i
    return assigned


def change_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Changes dated before the data (in force in every period of it), and changes from the
    same month that select the same reps: which pays them is settled by their order in the
    list alone (:func:`plan_of_month`: the later), which nothing in the file says."""
    messages = []
    changes = scenario.pay_changes
    firsts = months_of([str(p) for p in outcomes.periods])[0] if outcomes.periods else []
    for i, change in enumerate(changes):  # in force throughout, or never: nothing says so
        if len(firsts) and month_index(change.first) < firsts[0]:
            messages.append(
                f"pay_changes.{i}: from {change.first}, before the data's first period "
                f"{outcomes.periods[0]}: its reps are paid under its plan in every period "
                "of the data"
            )
        real = outcomes.source != "simulation"  # a simulation's months so far are no data
        if real and len(firsts) and month_index(change.first) > firsts[-1]:
            messages.append(
                f"pay_changes.{i}: from {change.first}, after the data's last period "
                f"{outcomes.periods[-1]}: it pays no one in these data"
            )
    for i in range(len(changes)):
        for j in range(i + 1, len(changes)):
            if _start_month(scenario, outcomes, i) != _start_month(scenario, outcomes, j):
                continue  # a later change moves them again, as meant
            both = who_mask(changes[i], outcomes) & who_mask(changes[j], outcomes)
            if both.any():
                reps = outcomes.reps["rep_id"].astype(str).to_numpy()[both]
                example = ", ".join(reps[:3]) + (", ..." if len(reps) > 3 else "")
                messages.append(
                    f"pay_changes.{i} and pay_changes.{j} both move {len(reps)} rep"
                    f"{'s' if len(reps) != 1 else ''} ({example}) from {changes[i].first}: "
                    f"pay_changes.{j} (the later in the list) pays them; select each rep in "
                    "one change per month"
                )
    return messages


def carry_quota(outcomes: Outcomes, plan: Scenario, start: int) -> Outcomes:
    """The quota with the year's shortfall before month ``start`` (quota - base revenue
    of ``plan``'s commission) spread over that year's months from ``start`` on, in
    proportion to their quota, never below 0."""
    years = fiscal_years(outcomes.periods, fiscal_start(outcomes.meta))
    before = (years == years[start]) & (np.arange(len(years)) < start)
    left = (years == years[start]) & (np.arange(len(years)) >= start)
    quota = outcomes.get("quota")
    revenue = base_revenue(outcomes, plan.pay.commission)
    gap = (quota[..., before] - revenue[..., before]).sum(axis=-1)
    remaining = quota[..., left].sum(axis=-1)
    scale = np.where(remaining > 0, 1.0 + gap / np.where(remaining > 0, remaining, 1.0), 1.0)
    carried = quota.copy()
    carried[..., left] = quota[..., left] * np.clip(scale, 0.0, None)[..., None]
    return replace(outcomes, measures={**outcomes.measures, "quota": carried})


def pay_parts(
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    run: Callable[[Outcomes, Scenario, bool], PlanResult],
) -> list[PlanPart]:
    """Every part of the horizon some rep is paid under another plan than the whole
    horizon's (a rep no change selects keeps the scenario's own full result): grouped by
    (plan, first month, last month), each paid once for all reps by ``run(outcomes, plan,
    records)`` (records asked for where a holdback's holds are read: ``_held_releases``)."""
    assigned = plan_of_month(scenario, outcomes)
    plans = {-1: scenario.model_copy(update={"pay_changes": []})}
    for i, change in enumerate(scenario.pay_changes):
        update = {"pay_changes": [], "pay": change.pay, "name": change.label}
        plans[i] = scenario.model_copy(update=update)
    edges = np.diff(assigned, axis=1) != 0
    groups: dict[tuple[int, int, int], np.ndarray] = {}
    for r in np.flatnonzero(edges.any(axis=1) | (assigned[:, 0] != -1)):
        cuts = [0, *(np.flatnonzero(edges[r]) + 1).tolist(), outcomes.n_periods]
        for start, end in pairwise(cuts):
            key = (int(assigned[r, start]), start, end)
            groups.setdefault(key, np.zeros(outcomes.n_reps, dtype=bool))[r] = True
    parts = []
    for (index, start, end), reps in groups.items():
        part = slice_months(outcomes, 0, end)
        if index >= 0 and scenario.pay_changes[index].quota == "carry" and start > 0:
            part = carry_quota(part, plans[index], start)
        part = slice_months(part, start, end)
        plan = plans[index]
        holding = plan.pay.holdback is not None and end < outcomes.n_periods
        result = run(part, plan, holding)
        released = _held_releases(plan, outcomes, result, start, end) if holding else None
        parts.append(PlanPart(plan.name, start, end, reps, result, released))
    return parts


def _held_releases(
    plan: Scenario, outcomes: Outcomes, result: PlanResult, start: int, end: int
) -> np.ndarray:
    """What the part's holdback held (its pay record, before rounding) and releases after
    the part's last month, on the whole horizon's outcomes: the months' holds are owed on
    their own schedule whatever plan pays the rep next."""
    held = np.zeros(outcomes.shape)
    held[..., start:end] = result.pay_records["holdback"].values["held back"]
    return released_after(plan.pay.holdback, outcomes, held, end=end)


def company_pools(scenario: Scenario) -> frozenset[str]:
    """The components of the scenario's own bonuses pooled over the whole sales force."""
    return frozenset(
        f"bonus_{bonus.name}" for bonus in scenario.pay.bonuses if bonus.type in POOLED
    )


def merge_parts(
    parts: list[PlanPart],
    payouts: dict[str, np.ndarray],
    attainment: np.ndarray,
    *,
    pools: frozenset[str] = frozenset(),
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The whole horizon's payouts and attainment: each part's rep-months from its plan's
    result, the other rep-months from ``payouts`` and ``attainment``; the components named
    in ``pools`` (:func:`company_pools`) whole from ``payouts``, moved reps included."""
    moved = np.zeros(attainment.shape[1], dtype=bool)
    for part in parts:
        moved |= part.reps
    names = list(payouts)
    for part in parts:
        names += [n for n in part.result.payouts if n not in names]
    shape = attainment.shape
    merged = {
        n: payouts[n]
        if n in pools
        else np.where(moved[None, :, None], 0.0, payouts.get(n, np.zeros(shape)))
        for n in names
    }
    attained = np.where(moved[None, :, None], 0.0, attainment)
    for part in parts:
        rows = np.flatnonzero(part.reps)
        for name, paid in part.result.payouts.items():
            if name not in pools:
                merged[name][:, rows, part.start : part.end] = paid[:, rows, :]
        attained[:, rows, part.start : part.end] = part.result.attainment[:, rows, :]
    for part in parts:  # holds released after their part, into the months of the next
        if part.released is not None:
            rows = np.flatnonzero(part.reps)
            released = round_to_cents({"holdback": part.released[:, rows, :]})["holdback"]
            merged.setdefault("holdback", np.zeros(shape))[:, rows, part.end :] += released[
                ..., part.end :
            ]
    return merged, attained
