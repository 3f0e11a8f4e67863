"""Winners and losers: each rep's change in total pay against the baseline, banded, by
the baseline's attainment decile or a rep-table column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.totals import PlanResultLike, attained_quota, rep_totals
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import seat_labels

#: Winners-and-losers bands on the change in each rep's total pay, in % of baseline pay.
BANDS: tuple[str, ...] = ("lose > 5%", "lose 0.1-5%", "about the same", "gain 0.1-5%", "gain > 5%")

#: Groupings for winners-and-losers tables: the baseline's attainment decile or a rep column.
GROUPINGS: tuple[str, ...] = ("attainment_decile", "role", "region", "group")


def horizon_attainment(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Each rep's attainment over the horizon, (sims, reps): commission-base revenue summed
    over months / quota summed over months (monthly attainment weighted by quota)."""
    quota = outcomes.get("quota")
    with np.errstate(all="ignore"):
        return attained_quota(result, outcomes) / quota.sum(axis=2)


def attainment_deciles(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Equal-headcount decile (1 lowest .. 10 highest) of each rep's horizon attainment,
    per simulation (ties broken by seat order)."""
    attainment = np.nan_to_num(horizon_attainment(result, outcomes), nan=0.0)
    reps = attainment.shape[1]
    rank = np.argsort(np.argsort(attainment, axis=1, kind="stable"), axis=1, kind="stable")
    return (rank * 10 // reps + 1).astype(int)


def change_bands(change_pct: np.ndarray) -> np.ndarray:
    """Band index into :data:`BANDS` for each % change: < -5, [-5, -0.1), [-0.1, 0.1],
    (0.1, 5], > 5."""
    return np.select(
        [change_pct < -5.0, change_pct < -0.1, change_pct <= 0.1, change_pct <= 5.0],
        [0, 1, 2, 3],
        default=4,
    )


def _group_codes(
    baseline: PlanResultLike, outcomes: Outcomes, by: str, shape: tuple[int, ...]
) -> tuple[np.ndarray, list[str]]:
    """(group code of each rep, (sims, reps) or (reps,) when it is a rep column; the
    groups' labels): the baseline's attainment decile or a rep-table column."""
    if by == "attainment_decile":
        deciles = attainment_deciles(baseline, outcomes)
        return deciles - 1, [str(d) for d in range(1, 11)]
    if by in outcomes.reps.columns:
        labels = seat_labels(outcomes.reps, by)
        return labels.codes, list(labels.names)
    raise KeyError(
        f"cannot group winners and losers by {by!r}; expected "
        f"'attainment_decile' or a rep-table column {list(outcomes.reps.columns)}"
    )


def _group_sums(codes: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """``values`` (sims, reps) summed per group; ``codes`` per cell, or per seat (the same
    group in every simulation: summed over simulations first)."""
    if codes.ndim == 1:
        return np.bincount(codes, weights=values.sum(axis=0), minlength=groups)
    return np.bincount(codes.ravel(), weights=values.ravel(), minlength=groups)


def winners_losers(
    result: PlanResultLike, baseline: PlanResultLike, outcomes: Outcomes, *, by: str = "role"
) -> pd.DataFrame:
    """Who gains and who loses, grouped by the *baseline's* attainment decile
    (``by="attainment_decile"``) or a rep-table column (role, region, group, ...).

    Columns: ``<by>``, ``reps`` (seats per simulation), one column per :data:`BANDS`
    entry (% of the group's reps), ``mean_change`` (money per rep), ``mean_change_pct``
    (mean of reps' % changes), ``total_change`` (money, mean over simulations),
    ``share_of_total_change_pct``. A last row ``all`` covers everyone. Groups are summed
    with integer codes, so the memory used is a few numbers per rep and simulation (a
    table of one row per rep and simulation took 320 bytes each: 3 GB at 100,000 reps x
    100 simulations).
    """
    base_pay = rep_totals(baseline)["total"]
    alt_pay = rep_totals(result)["total"]
    change = alt_pay - base_pay
    with np.errstate(all="ignore"):
        change_pct = np.where(
            base_pay != 0, 100.0 * change / np.abs(base_pay), np.sign(change) * np.inf
        )
    change_pct = np.nan_to_num(change_pct, nan=0.0)
    sims = base_pay.shape[0]
    codes, labels = _group_codes(baseline, outcomes, by, base_pay.shape)
    groups = len(labels)
    count = _group_sums(codes, np.ones(base_pay.shape), groups)
    band = change_bands(change_pct)
    in_band = {
        name: _group_sums(codes, (band == i).astype(float), groups) for i, name in enumerate(BANDS)
    }
    sums = {
        "change": _group_sums(codes, change, groups),
        "change_pct": _group_sums(codes, change_pct, groups),
        "base_pay": _group_sums(codes, base_pay, groups),
    }
    # the row "all": everyone
    count = np.append(count, float(change.size))
    for name, i in zip(BANDS, range(len(BANDS)), strict=True):
        in_band[name] = np.append(in_band[name], float((band == i).sum()))
    for name, values in (("change", change), ("change_pct", change_pct), ("base_pay", base_pay)):
        sums[name] = np.append(sums[name], values.sum())
    with np.errstate(all="ignore"):
        table = pd.DataFrame({by: [*labels, "all"], "reps": count / sims})
        for name in BANDS:
            table[name] = 100.0 * in_band[name] / count
        table["mean_change"] = sums["change"] / count
        table["mean_change_pct"] = sums["change_pct"] / count
        table["total_change"] = sums["change"] / sims
        total = change.sum() / sims
        table["share_of_total_change_pct"] = (
            100.0 * table["total_change"] / total if total else (np.nan)
        )
        table["pay_change_pct"] = 100.0 * sums["change"] / sums["base_pay"]
    table = table[count > 0]  # a decile no rep fell in (fewer than ten reps)
    order = sorted(
        set(table[by]) - {"all"}, key=lambda k: (len(k), k) if by == "attainment_decile" else (0, k)
    )
    return table.set_index(by).loc[[*order, "all"]].reset_index()


def disruption_draws(
    result: PlanResultLike, baseline: PlanResultLike, *, loss_threshold_pct: float = 5.0
) -> pd.DataFrame:
    """Per simulation (paired by index with the baseline): ``losers_pct``, the % of reps
    whose total pay falls by more than ``loss_threshold_pct`` % of their baseline pay, and
    ``keep_whole_cost``, what topping those reps back up to their baseline pay costs."""
    base_pay = rep_totals(baseline)["total"]
    change = rep_totals(result)["total"] - base_pay
    loses = change < -loss_threshold_pct / 100.0 * np.abs(base_pay)
    table = pd.DataFrame(
        {
            "losers_pct": 100.0 * loses.mean(axis=1),
            "keep_whole_cost": np.where(loses, -change, 0.0).sum(axis=1),
        }
    )
    table.index.name = "simulation"
    return table
