"""Commission per deal (``tier_each: deal``): each deal tiered on its own amount, on arrays.

Where the outcomes carry per-deal records (``outcomes.meta["deals"]``, one row per
new-customer deal signed: ``simulation``, ``rep`` (rep_id), ``period`` (label),
``list_value`` and ``discount``, as ``simulate(..., keep_deals=True)`` writes them), each
recorded deal is tiered on its booked value (list value - discount), the values of a
rep-month scaled to the part of that rep-month's base the records cover (so revenue
variants such as everyone at quota scale the deals with the revenue): the new-customer
part (simulations record new-customer deals only), or the whole base when
``meta["deals_cover"]`` is ``"all"`` (an import records every won deal). The rest of the base
(existing-customer revenue, or a rep-month without records) is split evenly over the
rep-month's other transactions (``commission.transactions``; at least one where there is
revenue), each tiered at that mean size. Records that do not fit the outcomes (a
simulation, rep or period they do not have) are not used: every rep-month is then paid
at its mean deal size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine.curves import tier_earning
from salesperf_model.engine.seats import ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission


def _record_cells(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray] | None:
    """(flat (simulation, rep, month) index, booked value) of each recorded deal, or None
    when there are no records or they do not fit the outcomes."""
    deals = outcomes.meta.get("deals")
    if not isinstance(deals, pd.DataFrame) or deals.empty:
        return None
    needed = {"simulation", "rep", "period", "list_value", "discount"}
    if not needed <= set(deals.columns):
        return None
    sims, reps, months = outcomes.shape
    rep_pos = pd.Series(np.arange(reps), index=outcomes.reps["rep_id"].astype(str))
    month_pos = pd.Series(np.arange(months), index=[str(p) for p in outcomes.periods])
    sim = deals["simulation"].to_numpy()
    rep = rep_pos.reindex(deals["rep"].astype(str)).to_numpy()
    month = month_pos.reindex(deals["period"].astype(str)).to_numpy()
    if np.isnan(rep).any() or np.isnan(month).any() or sim.min() < 0 or sim.max() >= sims:
        return None
    cell = (sim.astype(np.int64) * reps + rep.astype(np.int64)) * months + month.astype(np.int64)
    booked = (deals["list_value"] - deals["discount"]).to_numpy(dtype=float)
    return cell, booked


def per_deal_earning(
    plan: Commission,
    outcomes: Outcomes,
    *,
    tiered: np.ndarray,
    transactions: np.ndarray,
    gate: np.ndarray | None,
) -> np.ndarray:
    """Monthly tier earnings (sims, reps, months) on ``tiered`` (the monthly base in the
    tiers' unit: booked revenue or gross profit), deal by deal, before the credit ratio
    and the settlement's limits. ``gate``: gated tiers in force per month, or None."""
    shape = tiered.shape
    rest = tiered
    count = transactions
    earned = np.zeros(shape)
    records = _record_cells(outcomes)
    if records is not None:
        cell, booked = records
        recorded = np.bincount(cell, weights=booked, minlength=tiered.size).reshape(shape)
        if outcomes.meta.get("deals_cover") == "all":
            covered = tiered
        else:
            new = outcomes.get("revenue_booked_new")
            covered = tiered * ratio(new, outcomes.get("revenue_booked"))
        has = recorded > 0
        scale = ratio(covered, recorded).reshape(-1)[cell]
        gate_of = None if gate is None else np.asarray(gate).reshape(-1)[cell]
        each = tier_earning(plan, np.ones_like(booked), booked * scale, gate_open=gate_of)
        earned = np.bincount(cell, weights=each, minlength=tiered.size).reshape(shape)
        n_recorded = np.bincount(cell, minlength=tiered.size).reshape(shape)
        rest = np.where(has, np.maximum(tiered - covered, 0.0), tiered)
        count = np.where(has, np.maximum(transactions - n_recorded, 0.0), transactions)
    count = np.where(rest > 0, np.maximum(count, 1.0), 0.0)
    each = ratio(rest, count)
    per_deal = tier_earning(plan, np.ones_like(each), each, gate_open=gate)
    return earned + count * per_deal
