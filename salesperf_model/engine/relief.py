"""Quota relief: the quota pay reads, reduced by leave and territory carve-outs.

Rules (``pay.relief``, schema/relief.py):

- **Leave** (``leave: prorate``): a period's quota is reduced by the share of it the rep
  was on leave (the ``leave`` measure: simulated with ``population.leave``, or imported
  from a relief table).
- **Carve-outs** (``carve_out: prorate``): reduced by the share carved out, from the
  plan's ``carve_outs`` (a share of each month from ``from`` to ``to`` for the reps they
  select; in a quarterly table, by the months of the quarter they cover) and from an
  imported relief table (the ``quota_carved_out`` measure).
- Shares removed from one period **add up**: quota x (1 - leave - carve-outs). More than
  the whole quota removed (a negative quota) is refused, naming the file, the key, the
  rep, the period and the shares.
- Relief changes the quota **pay** reads (commission attainment, gates, year-to-date
  quota, bonuses on attainment); KPI scores read the quota as simulated or imported, and
  reps' simulated effort answers the unrelieved quota (the plan's response is not
  re-derived per relief).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema.relief import Relief, Who, month_index
from salesperf_model.tables import months_of


class ReliefError(ValueError):
    """A relief or plan change the data cannot take: names file, key, value and what is
    expected."""


def who_mask(who: Who, outcomes: Outcomes, *, where: str) -> np.ndarray:
    """(reps,) which reps ``who`` selects (every selector given must match); a rep id or
    region absent from the data is refused (``where``: file and key for the message)."""
    reps = outcomes.reps
    mask = np.ones(len(reps), dtype=bool)
    for key, column, wanted in (
        ("reps", "rep_id", who.reps),
        ("roles", "role", who.roles),
        ("regions", "region", who.regions),
    ):
        if not wanted:
            continue
        values = reps[column].astype(str).to_numpy()
        missing = [w for w in wanted if w not in set(values) and key != "roles"]
        if missing:
            known = sorted(set(values))
            shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
            raise ReliefError(
                f"{where}.{key}: {missing[0]!r} is not in the data; expected one of the "
                f"{len(known)} {column} values ({shown})"
            )
        mask &= np.isin(values, wanted)
    return mask


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


def _declared(relief: Relief, outcomes: Outcomes, file: str) -> list[tuple[str, np.ndarray]]:
    """Each declared carve-out as (its key, share removed (reps, periods))."""
    out = []
    for i, carve in enumerate(relief.carve_outs):
        key = f"pay.relief.carve_outs.{i}"
        reps = who_mask(carve, outcomes, where=f"{file}: {key}" if file else key)
        months = month_share(outcomes.periods, carve.first, carve.last)
        out.append((key, carve.share * reps[:, None] * months[None, :]))
    return out


def removed_share(relief: Relief, outcomes: Outcomes, *, file: str = "") -> np.ndarray:
    """(sims, reps, periods) share of the quota the plan's relief removes (0 where none);
    more than 1 refused (ReliefError naming file, key, rep, period and value)."""
    removed = np.zeros(outcomes.shape)
    parts: list[tuple[str, np.ndarray]] = []
    if relief.leave == "prorate":
        parts.append(("leave (the `leave` measure)", outcomes.get("leave")))
    if relief.carve_out == "prorate":
        parts.append(
            ("relief table carve-out (`quota_carved_out`)", outcomes.get("quota_carved_out"))
        )
        parts += _declared(relief, outcomes, file)
    for _key, share in parts:
        removed = removed + share
    over = removed > 1.0 + 1e-9
    if over.any():
        s, r, t = (int(i[0]) for i in np.nonzero(over))
        named = [f"{key} {np.broadcast_to(x, removed.shape)[s, r, t]:g}" for key, x in parts]
        rep = outcomes.reps["rep_id"].astype(str).iloc[r]
        where = f"{file}: " if file else ""
        raise ReliefError(
            f"{where}pay.relief: relief removes {removed[s, r, t]:g} of rep {rep}'s quota in "
            f"{outcomes.periods[t]} ({'; '.join(n for n in named if not n.endswith(' 0'))}), "
            "which makes the quota negative; expected shares removed from one period to add "
            "up to at most 1"
        )
    return removed


def relieve(relief: Relief, outcomes: Outcomes, *, file: str = "") -> Outcomes:
    """The outcomes with the quota the plan's relief leaves: quota x (1 - shares removed);
    the same outcomes when the plan relieves nothing."""
    if not relief.active:
        return outcomes
    removed = removed_share(relief, outcomes, file=file)
    if not removed.any():
        return outcomes
    quota = outcomes.get("quota") * np.clip(1.0 - removed, 0.0, 1.0)
    return replace(outcomes, measures={**outcomes.measures, "quota": quota})
