"""Reps by attainment over the whole horizon and what they are paid at each attainment.

Commercial compensation suites open with these two views: how many reps reach quota
under a plan, and the pay curve reps actually meet (pay by attainment band), not only
the plan's commission formula. Attainment is the plan's own: revenue on its commission
basis (booked or collected) over quota, summed over the horizon.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from salesperf_model.measure.totals import PlanResultLike, attained_quota, rep_totals
from salesperf_model.outcomes import Outcomes

#: Band edges (share of quota): under 50%, 50-80%, 80-100%, 100-120%, 120-150%, 150% or more.
BAND_EDGES: tuple[float, ...] = (0.5, 0.8, 1.0, 1.2, 1.5)


def band_labels(edges: tuple[float, ...] = BAND_EDGES) -> list[str]:
    """Readable labels for the bands the ``edges`` cut (a band includes its lower edge)."""
    inner = [f"{low:.0%} to {high:.0%}" for low, high in itertools.pairwise(edges)]
    return [f"under {edges[0]:.0%}", *inner, f"{edges[-1]:.0%} or more"]


def rep_attainment(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Each rep's attainment over the horizon, (simulations, reps): the revenue the plan
    pays commission on over the quota, both summed over the months; NaN for a seat
    without quota. Months without quota credit no revenue (their attainment is 0)."""
    revenue = attained_quota(result, outcomes)  # a horizon result carries it already
    total_quota = outcomes.get("quota").sum(axis=2)
    with np.errstate(all="ignore"):
        return np.where(total_quota > 0, revenue / total_quota, np.nan)


def attainment_bands(
    result: PlanResultLike, outcomes: Outcomes, edges: tuple[float, ...] = BAND_EDGES
) -> pd.DataFrame:
    """Reps by attainment band and their pay.

    Columns: ``band`` (label), ``low`` and ``high`` (share of quota; NaN open ends),
    ``reps_pct`` (% of reps with a quota, mean over simulations), ``reps`` (mean count),
    ``pay_per_rep`` and ``variable_pay_per_rep`` (money over the horizon, mean over every
    rep in the band in every simulation; NaN for an empty band)."""
    attainment = rep_attainment(result, outcomes)
    totals = rep_totals(result)
    known = ~np.isnan(attainment)
    band = np.digitize(np.where(known, attainment, 0.0), edges)  # 0 .. len(edges)
    n_bands = len(edges) + 1
    onehot = (band[..., None] == np.arange(n_bands)) & known[..., None]  # (sims, reps, bands)
    counts = onehot.sum(axis=1)  # (sims, bands)
    with np.errstate(all="ignore"):
        share = 100.0 * counts / known.sum(axis=1, keepdims=True)
        pooled = counts.sum(axis=0)
        pay = np.einsum("sr,srb->b", totals["total"], onehot) / pooled
        variable = np.einsum("sr,srb->b", totals["variable"], onehot) / pooled
    return pd.DataFrame(
        {
            "band": band_labels(edges),
            "low": [np.nan, *edges],
            "high": [*edges, np.nan],
            "reps_pct": share.mean(axis=0),
            "reps": counts.mean(axis=0),
            "pay_per_rep": np.where(pooled > 0, pay, np.nan),
            "variable_pay_per_rep": np.where(pooled > 0, variable, np.nan),
        }
    )


def pay_by_attainment(
    result: PlanResultLike, outcomes: Outcomes, *, step: float = 0.1, top: float = 2.0
) -> pd.DataFrame:
    """The pay curve reps meet: pay per rep in attainment bins ``step`` wide from 0 to
    ``top`` (the last bin takes everything above), pooled over simulations.

    Columns: ``attainment`` (bin middle, share of quota), ``reps`` (rep-simulations in the
    bin), ``pay_p10``, ``pay_median``, ``pay_p90``, ``pay_mean`` (money over the horizon);
    empty bins are left out."""
    if not (step > 0 and top > step):
        raise ValueError(f"step must be > 0 and top > step, got step={step!r}, top={top!r}")
    attainment = rep_attainment(result, outcomes).reshape(-1)
    pay = rep_totals(result)["total"].reshape(-1)
    known = ~np.isnan(attainment)
    n_bins = round(top / step)
    index = np.minimum(np.floor(attainment[known] / step), n_bins - 1).astype(int)
    frame = pd.DataFrame({"bin": index, "pay": pay[known]})
    grouped = frame.groupby("bin")["pay"]
    table = pd.DataFrame(
        {
            "reps": grouped.size(),
            "pay_p10": grouped.quantile(0.1),
            "pay_median": grouped.median(),
            "pay_p90": grouped.quantile(0.9),
            "pay_mean": grouped.mean(),
        }
    )
    table.insert(0, "attainment", (table.index.to_numpy() + 0.5) * step)
    return table.reset_index(drop=True)
