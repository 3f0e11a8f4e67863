"""An import's won deals as per-deal records and its product shares, in the forms the
engine reads (``meta["deals"]`` for per-deal commission, ``meta["product_shares"]`` for
product-line factors).

Records: one row per won deal with a close date in the window (``simulation`` 0, ``rep``
the seat's rep_id, ``period`` the output period label, ``list_value`` the amount in the
plan's currency, ``discount`` 0, ``product`` and its ``product_line``); every won deal is recorded, new and
existing customers alike (``meta["deals_cover"] = "all"``). Product shares: per product
line (the product table's `line` column, else the product), (1, reps, periods) shares of booked revenue; a rep-period without revenue takes the
import's overall mix. Deals without a product count as line ``(no product)``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

#: The product line of a won deal whose product is blank.
NO_PRODUCT = "(no product)"


class _Grid(Protocol):
    """What the records need of to_outcomes' grid."""

    period_of_month: np.ndarray
    shape: tuple[int, int]

    def rep_index(self, rep_ids: pd.Series, dates: pd.Series | None = None) -> np.ndarray: ...

    def month_index(self, dates: pd.Series) -> np.ndarray: ...


def _won(deals: pd.DataFrame, grid: _Grid) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Won deals with a seat and a month in the window, with their seat and period index."""
    won = deals[deals["stage"] == "won"]
    rep = grid.rep_index(won["rep_id"], won["close_date"])
    month = grid.month_index(won["close_date"])
    inside = ~np.isnan(np.asarray(rep, dtype=float)) & (month >= 0)
    inside &= month < len(grid.period_of_month)
    rep = np.asarray(rep, dtype=float)[inside].astype(np.int64)
    period = grid.period_of_month[month[inside]]
    return won[inside], rep, period


def won_deal_records(
    deals: pd.DataFrame, grid: _Grid, *, rep_ids: list[str], labels: list[str]
) -> pd.DataFrame:
    """The won deals as records engine/deals.py tiers one by one (module docstring)."""
    won, rep, period = _won(deals, grid)
    product = [None if pd.isna(p) else str(p) for p in won["product"]]  # one per deal: cold
    line = [None if pd.isna(p) else str(p) for p in won["product_line"]]
    return pd.DataFrame(
        {
            "simulation": np.zeros(len(won), dtype=np.int64),
            "rep": np.asarray(rep_ids, dtype=object)[rep],
            "period": np.asarray(labels, dtype=object)[period],
            "list_value": won["amount"].fillna(0).to_numpy(dtype=float),
            "discount": np.zeros(len(won)),
            "product": np.asarray(product, dtype=object),
            "product_line": np.asarray(line, dtype=object),
        }
    )


def import_product_shares(deals: pd.DataFrame, grid: _Grid) -> dict[str, np.ndarray]:
    """Per product line, (1, reps, periods) shares of booked revenue (module docstring);
    empty when no won deal carries revenue."""
    won, rep, period = _won(deals, grid)
    amount = won["amount"].fillna(0).to_numpy(dtype=float)
    lines = np.array([NO_PRODUCT if pd.isna(p) else str(p) for p in won["product_line"]])
    total = np.zeros(grid.shape)
    np.add.at(total, (rep, period), amount)
    if total.sum() <= 0:
        return {}
    shares = {}
    for line in sorted(set(lines.tolist())):  # a handful of product lines, not deals
        mine = lines == line
        booked = np.zeros(grid.shape)
        np.add.at(booked, (rep[mine], period[mine]), amount[mine])
        overall = booked.sum() / total.sum()
        share = np.where(total > 0, booked / np.where(total > 0, total, 1.0), overall)
        shares[line] = share[None, :, :]
    return shares
