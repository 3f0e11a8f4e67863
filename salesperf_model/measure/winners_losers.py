"""Winners and losers: each rep's change in total pay against the baseline, banded, by
the baseline's attainment decile or a rep-table column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.totals import PlanResultLike, attained_quota, rep_totals
from salesperf_model.outcomes import Outcomes

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


def _group_keys(
    baseline: PlanResultLike, outcomes: Outcomes, by: str, shape: tuple[int, ...]
) -> np.ndarray:
    """(sims, reps) group of each rep: the baseline's attainment decile or a rep column."""
    if by == "attainment_decile":
        return attainment_deciles(baseline, outcomes)
    if by in outcomes.reps.columns:
        return np.broadcast_to(outcomes.reps[by].astype(str).to_numpy(), shape)
    raise KeyError(
        f"cannot group winners and losers by {by!r}; expected "
        f"'attainment_decile' or a rep-table column {list(outcomes.reps.columns)}"
    )


def winners_losers(
    result: PlanResultLike, baseline: PlanResultLike, outcomes: Outcomes, *, by: str = "role"
) -> pd.DataFrame:
    """Who gains and who loses, grouped by the *baseline's* attainment decile
    (``by="attainment_decile"``) or a rep-table column (role, region, group, ...).

    Columns: ``<by>``, ``reps`` (seats per simulation), one column per :data:`BANDS`
    entry (% of the group's reps), ``mean_change`` (money per rep), ``mean_change_pct``
    (mean of reps' % changes), ``total_change`` (money, mean over simulations),
    ``share_of_total_change_pct``. A last row ``all`` covers everyone.
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
    keys = _group_keys(baseline, outcomes, by, base_pay.shape)
    band = change_bands(change_pct)
    long = pd.DataFrame(
        {
            by: keys.ravel(),
            "band": band.ravel(),
            "change": change.ravel(),
            "change_pct": change_pct.ravel(),
            "base_pay": base_pay.ravel(),
        }
    )
    for i, name in enumerate(BANDS):
        long[name] = (long["band"] == i).astype(float)
    long = pd.concat([long, long.assign(**{by: "all"})], ignore_index=True)
    long[by] = long[by].astype(str)
    grouped = long.groupby(by, sort=False)
    table = pd.DataFrame({"reps": grouped.size() / sims})
    for name in BANDS:
        table[name] = 100.0 * grouped[name].mean()
    table["mean_change"] = grouped["change"].mean()
    table["mean_change_pct"] = grouped["change_pct"].mean()
    table["total_change"] = grouped["change"].sum() / sims
    total = change.sum() / sims
    with np.errstate(all="ignore"):
        table["share_of_total_change_pct"] = (
            100.0 * table["total_change"] / total if total else (np.nan)
        )
    with np.errstate(all="ignore"):
        table["pay_change_pct"] = 100.0 * grouped["change"].sum() / grouped["base_pay"].sum()
    table = table.reset_index()
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
