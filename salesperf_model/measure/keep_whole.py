"""Keep-whole: the reps a plan change leaves over 5% worse off, and the cost of topping them up.

On actuals per-rep pay under each plan is a fact, not a draw, so this is read per rep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from salesperf_model.engine import PlanResult


def keep_whole(
    current_pay_per_rep: pd.Series | dict[str, float],
    alternative_pay_per_rep: pd.Series | dict[str, float],
    *,
    loss_threshold: float = 0.05,
) -> pd.DataFrame:
    """Per rep: pay under the current plan and an alternative, the change, the % change,
    and whether the rep loses more than `loss_threshold` (5%): the reps a plan change
    would have to keep whole. Both inputs are indexed by rep_id over the same reps.
    """
    current = pd.Series(current_pay_per_rep, dtype=float)
    alternative = pd.Series(alternative_pay_per_rep, dtype=float)
    only = sorted(set(current.index) ^ set(alternative.index))
    if only:
        raise ValueError(
            f"keep_whole: reps {only[:5]} appear in one pay table only; both must cover the "
            "same reps"
        )
    alternative = alternative.reindex(current.index)
    change = alternative - current
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(current.to_numpy() != 0, change / current * 100, np.nan)
    table = pd.DataFrame(
        {
            "rep_id": current.index.astype(str),
            "current": current.to_numpy(),
            "alternative": alternative.to_numpy(),
            "change": change.to_numpy(),
            "pct_change": pct,
        }
    )
    table["loses_more_than_5pct"] = table["change"] < -loss_threshold * table["current"].abs()
    if loss_threshold != 0.05:
        table = table.rename(
            columns={
                "loses_more_than_5pct": f"loses_more_than_{loss_threshold:.0%}".replace("%", "pct")
            }
        )
    return table


def keep_whole_summary(table: pd.DataFrame) -> dict[str, float]:
    """Totals of a :func:`keep_whole` table: how many reps lose more than the threshold and
    by how much in total, and what topping every loser back up to current pay would cost."""
    flag = next(c for c in table.columns if c.startswith("loses_more_than_"))
    losers = table["change"] < 0
    return {
        "reps": len(table),
        "reps_losing": int(losers.sum()),
        "reps_losing_over_threshold": int(table[flag].sum()),
        "loss_of_reps_over_threshold": float(-table.loc[table[flag], "change"].sum()),
        "keep_whole_cost": float(-table.loc[losers, "change"].sum()),
        "total_change": float(table["change"].sum()),
    }


def pay_per_rep(result: PlanResult, simulation: int = 0) -> pd.Series:
    """Total pay over the whole window per rep_id (one simulation of a ``PlanResult``): the
    input :func:`keep_whole` compares across plans."""
    total = result.total_pay()[simulation].sum(axis=-1)
    return pd.Series(total, index=pd.Index(result.rep_ids, name="rep_id"), name="pay")
