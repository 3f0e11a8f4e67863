"""Refunds in a deal export: credit notes, negative lines or a refund status, matched to the deals they cancel.

The mapping's ``refunds:`` section says which rows of the opportunity export are refunds:
rows whose stage is one of ``stages`` (a status column: "Refunded", "Credit note",
"Cancelled"), and, with ``negative_amounts: true``, rows with a negative amount (without
it a negative amount stays an error: the row is dropped). A refund's amount is the size of
the row's amount (its sign ignored); it lands in the month of its ``date`` column (else its
close date). It cancels the won deal whose opportunity id is in its ``original_id`` column
(a credit note naming its invoice), else the won deal with its own opportunity id.

A matched refund is booked revenue of the original's rep, cancelled: the outcomes get
``revenue_cancelled`` in the month it lands, and ``revenue_cancelled_booked`` and
``cancellation_lag`` (months from the original's close to the refund, refund-weighted
mean over the rep-month's refunds, rounded) in the original's month, which a plan's
``pay.clawback`` reads. A refund that matches no won deal is listed in the import's
problem table and counted in ``revenue_cancelled`` only (its rep's, in the month it lands):
without a booking month there is no window to claw back in. Refund rows carry no won
revenue: the reconciliation counts them as imported rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.actuals.files import blank, read_table
from salesperf_model.tables.dates import parse_dates

if TYPE_CHECKING:
    from salesperf_model.actuals.cleaning import ImportContext

#: Columns of the refund table ``split_refunds`` returns.
REFUND_COLUMNS = ["row", "rep_id", "original_id", "refund_date", "amount"]


def split_refunds(deals: pd.DataFrame, ctx: ImportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the export's rows without refunds, the refunds: :data:`REFUND_COLUMNS`), refund rows
    carrying no won revenue in the reconciliation. Unreadable refunds are reported and
    dropped."""
    rule = ctx.mapping.refunds
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in REFUND_COLUMNS})
    if rule is None:
        return deals, empty
    assert ctx.mapping.opportunities is not None
    table = ctx.mapping.opportunities.file
    amount = pd.to_numeric(deals["amount"], errors="coerce")
    is_refund = deals["stage"].isin(rule.stages) if rule.stages else pd.Series(False, deals.index)
    if rule.negative_amounts:
        is_refund = is_refund | (amount < 0)
    refunds = deals[is_refund]
    if ctx.problems.revenue is not None:  # refunds are not won revenue
        ctx.problems.revenue = ctx.problems.revenue.where(~is_refund, 0.0)
    raw_dates = _read_column(ctx, rule.date, refunds.index) if rule.date else refunds["close_date"]
    dates = parse_dates(
        raw_dates,
        where=table,
        column=rule.date or "close_date",
        date_format=ctx.mapping.date_format,
    )
    original = (
        _read_column(ctx, rule.original_id, refunds.index)
        if rule.original_id
        else refunds["opportunity_id"]
    )
    unreadable = dates.isna() | amount[is_refund].isna()
    ctx.problems.add(
        table,
        rule.date or ctx.mapping.opportunities.columns.close_date,
        "refund without a readable date or amount",
        mask=unreadable,
        fix="row dropped: no month or size to cancel",
        severity="error",
        values=raw_dates,
        key="refunds.date (a column of refund dates) or date_format",
    )
    found = pd.DataFrame(
        {
            "row": refunds["row"],
            "rep_id": refunds["rep_id"],
            "original_id": original.astype(object),
            "refund_date": dates,
            "amount": amount[is_refund].abs() * ctx.rate,
        }
    )[~unreadable]
    return deals[~is_refund], found


def _read_column(ctx: ImportContext, column: str, index: pd.Index) -> pd.Series:
    """Column ``column`` of the opportunity export at rows ``index`` (text, stripped)."""
    assert ctx.mapping.opportunities is not None
    raw = read_table(ctx.folder, ctx.mapping.opportunities, "opportunities", needed=[column])
    return raw[column].reindex(index).str.strip()


def match_refunds(
    refunds: pd.DataFrame, deals: pd.DataFrame, months: pd.PeriodIndex, *, ctx: ImportContext
) -> pd.DataFrame:
    """The refunds with the won deal each cancels: ``booked_date`` (NaT: none matched) and
    the rep (the original's); refunds outside the window and unmatched ones reported."""
    if refunds.empty:
        return refunds.assign(booked_date=pd.Series(dtype="datetime64[ns]"))
    assert ctx.mapping.opportunities is not None and ctx.mapping.refunds is not None
    table = ctx.mapping.opportunities.file
    won = deals[(deals["stage"] == "won") & ~blank(deals["opportunity_id"])]
    won = won.drop_duplicates("opportunity_id").set_index("opportunity_id")
    key = refunds["original_id"].astype(str)
    matched = key.isin(won.index) & ~blank(refunds["original_id"])
    out = refunds.assign(
        booked_date=won["close_date"].reindex(key).to_numpy(),
        rep_id=np.where(matched, won["rep_id"].reindex(key).to_numpy(), refunds["rep_id"]),
    )
    id_column = ctx.mapping.refunds.original_id or (
        ctx.mapping.opportunities.columns.opportunity_id or ""
    )
    out, matched = _within_the_deal(out, matched, key, won["amount"], ctx, table, id_column)
    seatless = ~matched & ~out["rep_id"].isin(deals["rep_id"])
    ctx.problems.add(
        table,
        id_column,
        "refund matches no won deal, and its rep has no deal in the export (no seat)",
        mask=seatless,
        fix="row dropped: no seat to count it under",
        severity="error",
        values=out["rep_id"],
        key="refunds.original_id (a column naming the deal each refund cancels)",
    )
    out, matched = out[~seatless], matched[~seatless]
    ctx.problems.add(
        table,
        id_column,
        "refund matches no won deal",
        mask=~matched,
        fix="counted as revenue cancelled in the month it lands, under the refund's rep; "
        "nothing clawed back (no booking month)",
        severity="warning",
        values=refunds["original_id"],
        key="refunds.original_id (a column naming the deal each refund cancels)",
    )
    month = out["refund_date"].dt.to_period("M")
    outside = (month < months[0]) | (month > months[-1])
    ctx.problems.add(
        table,
        ctx.mapping.refunds.date or ctx.mapping.opportunities.columns.close_date,
        f"refund dated outside {months[0]}..{months[-1]}",
        mask=outside,
        fix="row dropped",
        severity="error",
        values=out["refund_date"].dt.date,
        key="first_period / last_period",
    )
    return out[~outside]


def _within_the_deal(
    out: pd.DataFrame,
    matched: pd.Series,
    key: pd.Series,
    deal_amount: pd.Series,
    ctx: ImportContext,
    table: str,
    column: str,
) -> tuple[pd.DataFrame, pd.Series]:
    """The refunds of a deal that add up to more than its amount (a refund of 5,000 on a
    1,000 deal), reported and scaled down to the deal's amount: a clawback then never
    takes back more than the deal earned."""
    amount = deal_amount.reindex(key).to_numpy(dtype=float)
    total = out["amount"].where(matched).groupby(key.where(matched)).transform("sum")
    total = total.reindex(out.index).to_numpy(dtype=float)
    over = matched.to_numpy() & (total > amount * (1 + 1e-9))
    ctx.problems.add(
        table,
        column,
        "refunds of a deal add up to more than the deal's amount",
        mask=pd.Series(over, index=out.index),
        fix="scaled down to the deal's amount",
        severity="error",
        values=key,
    )
    if over.any():
        scale = np.where(over, amount / np.where(over, total, 1.0), 1.0)
        out = out.assign(amount=out["amount"].to_numpy(dtype=float) * scale)
    return out, matched


def refund_measures(refunds: pd.DataFrame, grid) -> dict[str, np.ndarray]:
    """``revenue_cancelled`` (by the month a refund lands), ``revenue_cancelled_booked``
    and ``cancellation_lag`` (by the original's month) on the (rep, period) ``grid`` of
    to_outcomes."""
    zeros = {k: np.zeros(grid.shape) for k in ("revenue_cancelled", "revenue_cancelled_booked")}
    if refunds.empty:
        return {**zeros, "cancellation_lag": np.zeros(grid.shape)}
    seat = grid.rep_index(refunds["rep_id"], refunds["refund_date"])
    refunds = refunds[~np.isnan(seat.astype(float))]  # every rep with a won deal has a seat
    amount = refunds["amount"].to_numpy(dtype=float)
    rep = seat[~np.isnan(seat.astype(float))].astype(int)
    landed = grid.period_of_month[grid.month_index(refunds["refund_date"])]
    measures = {"revenue_cancelled": grid.add(rep, landed, amount)}
    matched = refunds["booked_date"].notna().to_numpy()
    booked_month = grid.month_index(refunds["booked_date"])
    inside = matched & (booked_month >= 0)
    lag = (grid.month_index(refunds["refund_date"]) - booked_month).astype(
        float
    )  # months from the original's close to the refund
    cells = (rep[inside], grid.period_of_month[booked_month[inside]])
    booked = grid.add(*cells, amount[inside])
    weighted = grid.add(*cells, amount[inside] * np.maximum(lag[inside], 0.0))
    measures["revenue_cancelled_booked"] = booked
    measures["cancellation_lag"] = np.rint(
        np.divide(weighted, booked, out=np.zeros(grid.shape), where=booked > 0)
    )
    return measures
