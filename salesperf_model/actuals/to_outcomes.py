"""From cleaned deals (or revenue per rep and period) to rep-period outcomes (one
simulation, no hidden truth).

Counts, bookings, customer books and pipeline come from the deals; quota and cash come
from the mapping's quota and collections tables, else are assumed by rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.actuals.deal_records import import_product_shares, won_deal_records
from salesperf_model.actuals.periods import (
    PeriodKind,
    month_ordinal,
    months_per_period,
    period_labels,
    period_sentence,
)
from salesperf_model.actuals.quotas import QuotaSource, quotas_for
from salesperf_model.actuals.reading import CleanActuals
from salesperf_model.actuals.refunds import refund_measures
from salesperf_model.actuals.roster import ImportRoster, months_in_seat, seat_ids
from salesperf_model.actuals.shaped_grid import shaped_tables
from salesperf_model.outcomes import MEASURES, Outcomes
from salesperf_model.tables import SPAN

#: Measures an import fills by rule, not from the export: quota and cash (no cash data).
ASSUMED_MEASURES = [
    "quota",
    "revenue_collected_new",
    "revenue_collected_existing",
    "revenue_collected_big",
    "receivable",
    "person_id",
]


@dataclass(frozen=True)
class _Grid:
    """The (rep, period) grid deals are added into."""

    rep_pos: pd.Series  #: position of each rep_id (seat)
    period_of_month: np.ndarray  #: output period of each month of the window
    first_month: pd.Period
    shape: tuple[int, int]
    roster: ImportRoster | None = None

    def rep_index(self, rep_ids: pd.Series, dates: pd.Series | None = None) -> np.ndarray:
        """Seat position of each row: its rep's, or the roster's later seat by the date."""
        if dates is not None and self.roster is not None:
            months = dates.dt.year * 12 + dates.dt.month - 1
            rep_ids = seat_ids(rep_ids, months, self.roster)
        return self.rep_pos.reindex(rep_ids).to_numpy()

    def month_index(self, dates: pd.Series) -> np.ndarray:
        """Month of the window of each date (-1 where the date is missing)."""
        offset = (dates.dt.to_period("M") - self.first_month).map(
            lambda d: d.n if pd.notna(d) else -1
        )
        return np.asarray(offset, dtype=int)

    def add(
        self, rep_index: np.ndarray, period_index: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """Sum of `values` per (rep, period)."""
        out = np.zeros(self.shape)
        np.add.at(out, (rep_index, period_index), values)
        return out


def resolve_period(clean: CleanActuals, period: PeriodKind | None) -> PeriodKind:
    """The output period: the one asked for, else the mapping's, else (auto) the data's
    own; one shorter than the data's is refused (splitting a quarter would be a guess)."""
    chosen = period or clean.mapping.period
    data = {1: "month", 3: "quarter", 6: "half_year"}[clean.data_span]
    if chosen == "auto":
        return data  # type: ignore[return-value]
    if SPAN[chosen] < clean.data_span or SPAN[chosen] % clean.data_span:
        raise ValueError(
            f"period {chosen!r}: the revenue table is {data.replace('_', ' ')}ly; it cannot be "
            f"split into {chosen.replace('_', ' ')}s without guessing; use period "
            f"{data!r} (or a longer one)"
        )
    return chosen  # type: ignore[return-value]


def outcomes_from_deals(
    clean: CleanActuals,
    *,
    period: PeriodKind | None = None,
    quotas: QuotaSource = None,
) -> Outcomes:
    """Aggregate cleaned deals (or revenue per rep and period) into rep-period outcomes
    (one simulation, no truth), in `period` (None: the mapping's `period`).

    Quotas: `quotas` (a CSV path or DataFrame with rep_id, period, quota, or a number: a
    flat quota per rep and period) overrides the mapping's quota table and `quota` rule.
    """
    mapping = clean.mapping
    period = resolve_period(clean, period)
    labels, period_of_month = period_labels(clean.months, period, mapping.fiscal_year_start)
    shape = (len(clean.reps), len(labels))
    grid = _Grid(
        rep_pos=pd.Series(np.arange(shape[0]), index=clean.reps["rep_id"]),
        period_of_month=period_of_month,
        first_month=clean.months[0],
        shape=shape,
        roster=clean.roster,
    )
    if clean.revenue is None:
        measures = _closed_deal_measures(clean.deals, grid)
        if clean.refunds is not None:
            measures.update(refund_measures(clean.refunds, grid))
        assert mapping.opportunities is not None
        if mapping.opportunities.stages is not None:
            measures.update(_pipeline_measures(clean, grid))
        else:  # every row is a won deal: losses and the pipeline are not in the export
            del measures["deals_lost"]
    else:
        measures = _revenue_measures(clean.revenue, grid)
    measures.update(_cash_measures(measures, mapping.collection_lag_months, period))
    measures["person_id"] = np.broadcast_to(np.arange(shape[0], dtype=float)[:, None], shape).copy()
    booked_total = measures["revenue_booked_new"] + measures["revenue_booked_existing"]
    window = np.array([month_ordinal(m) for m in clean.months])
    tables, table_notes = shaped_tables(clean, grid, measures, window=window, span=SPAN[period])
    measures.update(tables)
    held = months_in_seat(list(clean.reps["rep_id"]), window, clean.roster)
    share = None
    covered = np.bincount(period_of_month, minlength=len(labels))
    if held is None and (covered < months_per_period(period)).any():
        held = np.ones((shape[0], len(window)))  # a period the window cuts short: held in part
    if held is not None:  # the share of each period held within the window's months
        share = np.zeros(shape)
        np.add.at(share.T, period_of_month, held.T)
        share = share / months_per_period(period)
    if "quota" in measures and quotas is None:
        quota_notes: list[str] = []
    else:
        measures["quota"], quota_notes = quotas_for(
            clean, booked_total, labels, period=period, override=quotas, held=share
        )
    partial = _partial_periods(clean.months, labels, period_of_month, period)
    source = "from deal close dates" if clean.revenue is None else "from the revenue table's labels"
    stated = [period_sentence(period, labels, source)]
    unsplit, customer_note = _without_customers(measures, clean)
    outcomes = Outcomes(
        reps=clean.reps.copy(),
        periods=labels,
        measures={name: values[None, :, :] for name, values in measures.items()},
        truth=None,
        source="actuals",
        meta={
            "mapping": mapping.name,
            "currency": clean.currency,
            "period": period,
            "measures_present": [m for m in MEASURES if m in measures],
            "measures_assumed": [m for m in ASSUMED_MEASURES if m in measures and m not in tables],
            "measures_absent": [m for m in MEASURES if m not in measures],
            "measures_unsplit": unsplit,
            "assumptions": [
                *stated,
                *clean.report.assumptions,
                *customer_note,
                *table_notes,
                *quota_notes,
                *partial,
            ],
        },
    )
    if share is not None:
        outcomes.meta["in_seat"] = share
    cash = [m for m in outcomes.meta["measures_assumed"] if m.startswith("revenue_collected_")]
    if cash:  # collected derived from booked: an appeal's booked change is collected alike
        lag = int(np.ceil(mapping.collection_lag_months / months_per_period(period)))
        outcomes.meta["cash_from_bookings"] = {"lag": lag, "months": mapping.collection_lag_months}
    if clean.revenue is None:
        outcomes.meta.update(_deal_meta(clean, grid, labels))
    if mapping.fiscal_year_start != 1:
        outcomes.meta["fiscal_year_start"] = mapping.fiscal_year_start
        outcomes.meta["assumptions"].append(_fiscal_sentence(mapping.fiscal_year_start))
    return outcomes


def _fiscal_sentence(start: int) -> str:
    """The report's statement of a fiscal year that does not start in January."""
    first = pd.Period(year=2000, month=start, freq="M").strftime("%B")
    last = pd.Period(year=2000, month=(start - 2) % 12 + 1, freq="M").strftime("%B")
    return (
        f"Fiscal year {first}-{last} (mapping key fiscal_year_start: {start}): quarterly, "
        "half-year and annual settlements and reviews, year-to-date true-ups, the annual "
        "quota and gates follow it, not the calendar year."
    )


def _deal_meta(clean: CleanActuals, grid: _Grid, labels: list[str]) -> dict:
    """Each won deal as a record (per-deal commission tiers each on its own) and, with a
    product column, the product lines' shares of booked revenue (deal_records.py)."""
    rep_ids = [str(r) for r in clean.reps["rep_id"]]
    meta: dict = {
        "deals": won_deal_records(clean.deals, grid, rep_ids=rep_ids, labels=labels),
        "deals_cover": "all",
    }
    assert clean.mapping.opportunities is not None
    if clean.mapping.opportunities.columns.product is not None:
        shares = import_product_shares(clean.deals, grid)
        if shares:
            meta["product_shares"] = shares
    return meta


def _revenue_measures(revenue: pd.DataFrame, grid: _Grid) -> dict[str, np.ndarray]:
    """Bookings (new and existing) and deal counts from revenue per rep and period."""
    first = month_ordinal(grid.first_month)
    months = revenue["first"]
    seats = revenue["rep_id"]
    if grid.roster is not None:
        seats = seat_ids(seats, months, grid.roster)
    rep = grid.rep_pos.reindex(seats).to_numpy()
    period = grid.period_of_month[(months - first).to_numpy()]
    new = revenue["new_amount"].to_numpy(dtype=float)
    measures = {
        "revenue_booked_new": grid.add(rep, period, new),
        "revenue_booked_existing": grid.add(
            rep, period, revenue["amount"].to_numpy(dtype=float) - new
        ),
    }
    if revenue["deals"].any():
        measures["deals_won"] = grid.add(rep, period, revenue["deals"].to_numpy(dtype=float))
    return measures


#: Measures only an account column can give (who is a new, existing or repeat customer).
CUSTOMER_MEASURES = ["new_customers", "existing_customers", "repeat_customers", "new_segments"]
#: Measure groups whose sum an export without accounts gives, but not the parts.
NEW_EXISTING_GROUPS = [
    ["revenue_booked_new", "revenue_booked_existing"],
    ["revenue_collected_new", "revenue_collected_existing"],
]


def _without_customers(
    measures: dict[str, np.ndarray], clean: CleanActuals
) -> tuple[list[list[str]], list[str]]:
    """When the export has no account column (deal rows) or its revenue table no
    new_amount column, new and existing customers cannot be told apart: the customer
    measures are left out (absent, not zero) and the revenue groups
    are marked unsplit, so KPIs on new business alone are named unscorable rather than
    scored 0. Returns the unsplit groups and the assumption sentence (both empty when the
    export has accounts); edits ``measures`` in place."""
    mapping = clean.mapping
    if mapping.revenue is not None:
        split = mapping.revenue.columns.new_amount
        what = f"The revenue table ({mapping.revenue.file}) has no new_amount column"
    else:
        assert mapping.opportunities is not None
        split = mapping.opportunities.columns.account
        what = "The export has no account column"
    if split is not None:
        return [], []
    for name in CUSTOMER_MEASURES:
        measures.pop(name, None)
    note = (
        f"{what}, so new and existing customers cannot be told apart: revenue is one total "
        "(held as existing-customer revenue); new-customer revenue, customer counts and "
        "repeat purchases are not measured, and KPIs on them are not scored; a plan paying "
        "new and existing revenue at different rates pays it all at the existing-customer "
        "rate."
    )
    return [list(group) for group in NEW_EXISTING_GROUPS], [note]


def _partial_periods(
    months: pd.PeriodIndex, labels: list[str], period_of_month: np.ndarray, period: PeriodKind
) -> list[str]:
    """A sentence per output period the window covers only in part (a quarter cut short)."""
    months_in = np.bincount(period_of_month, minlength=len(labels))
    expected = months_per_period(period)
    return [
        f"Period {label} holds only {n} of {expected} months of data (the window is "
        f"{months[0]}..{months[-1]}): its seats count as held for those months (in_seat "
        f"{n}/{expected}: base, allowances and a quota by rule for them alone), so its "
        "totals compare with a full period's only pro rata."
        for label, n in zip(labels, months_in, strict=True)
        if n < expected
    ]


def _closed_deal_measures(deals: pd.DataFrame, grid: _Grid) -> dict[str, np.ndarray]:
    """Won and lost deals by close date: deal counts, new customers, bookings (new,
    existing, big), and the customer books they build."""
    closed = deals[deals["stage"].isin(["won", "lost"])]
    c_rep = grid.rep_index(closed["rep_id"], closed["close_date"])
    c_period = grid.period_of_month[grid.month_index(closed["close_date"])]
    is_won = (closed["stage"] == "won").to_numpy()
    amount = closed["amount"].fillna(0).to_numpy(dtype=float) * is_won
    new = closed["is_new_customer"].to_numpy()
    big = closed["is_big"].to_numpy()
    measures: dict[str, np.ndarray] = {
        "deals_won": grid.add(c_rep, c_period, is_won.astype(float)),
        "deals_lost": grid.add(c_rep, c_period, (~is_won).astype(float)),
        "new_customers": grid.add(c_rep, c_period, new.astype(float)),
        "revenue_booked_new": grid.add(c_rep, c_period, amount * new),
        "revenue_booked_existing": grid.add(c_rep, c_period, amount * ~new),
        "revenue_booked_big": grid.add(c_rep, c_period, amount * big),
    }
    won = is_won & closed["account"].notna().to_numpy()
    measures.update(
        _customer_book_measures(
            c_rep[won],
            c_period[won],
            closed["account"][won],
            closed["sector"][won] if deals["sector"].notna().any() else None,
            grid=grid,
        )
    )
    return measures


def _customer_book_measures(
    rep_index: np.ndarray,
    period_index: np.ndarray,
    account: pd.Series,
    sector: pd.Series | None,
    *,
    grid: _Grid,
) -> dict[str, np.ndarray]:
    """Customer books from won deals with an account: an account joins a rep's book with
    the rep's first win on it; existing customers are those that joined in an earlier
    period, repeat customers buy again in a later one; new segments are first sectors."""
    first_book, first = _first_seen_counts(rep_index, period_index, account, grid)
    buys = pd.DataFrame({"rep": rep_index, "period": period_index, "key": account.to_numpy()})
    buys = buys.drop_duplicates().merge(first, on=["rep", "key"], suffixes=("", "_first"))
    repeat = buys[buys["period"] > buys["period_first"]]
    measures = {
        "existing_customers": np.cumsum(first_book, axis=1) - first_book,
        "repeat_customers": grid.add(
            repeat["rep"].to_numpy(), repeat["period"].to_numpy(), np.ones(len(repeat))
        ),
    }
    if sector is not None:
        measures["new_segments"], _ = _first_seen_counts(rep_index, period_index, sector, grid)
    return measures


def _first_seen_counts(
    rep_index: np.ndarray, period_index: np.ndarray, key: pd.Series, grid: _Grid
) -> tuple[np.ndarray, pd.DataFrame]:
    """Per (rep, period): how many keys (accounts, sectors) the rep met for the first time;
    also the first period per (rep, key)."""
    frame = pd.DataFrame({"rep": rep_index, "period": period_index, "key": key.to_numpy()})
    frame = frame[frame["key"].notna()]
    first = frame.groupby(["rep", "key"], as_index=False)["period"].min()
    counts = grid.add(first["rep"].to_numpy(), first["period"].to_numpy(), np.ones(len(first)))
    return counts, first


def _pipeline_measures(clean: CleanActuals, grid: _Grid) -> dict[str, np.ndarray]:
    """Leads by the month they entered negotiation (engage date); undated open prospects
    count in the last period when the mapping says so."""
    deals = clean.deals
    engaged = deals[deals["engage_date"].notna()]
    e_month = grid.month_index(engaged["engage_date"])
    inside = (e_month >= 0) & (e_month < len(clean.months))
    e_rep = grid.rep_index(engaged["rep_id"], engaged["engage_date"])[inside]
    e_period = grid.period_of_month[e_month[inside]]
    negotiation = grid.add(e_rep, e_period, np.ones(len(e_rep)))
    prospects = np.zeros(grid.shape)
    if clean.mapping.undated_prospects == "last_period":
        undated = deals[(deals["stage"] == "prospecting") & deals["engage_date"].isna()]
        u_rep = grid.rep_index(undated["rep_id"], undated["close_date"])
        prospects = grid.add(u_rep, np.full(len(u_rep), grid.shape[1] - 1), np.ones(len(u_rep)))
    return {"leads_negotiation": negotiation, "leads_prospecting": negotiation + prospects}


def _cash_measures(
    measures: dict[str, np.ndarray], lag_months: int, period: PeriodKind
) -> dict[str, np.ndarray]:
    """Cash assumed equal to bookings, shifted by the collection lag (in output periods):
    the export has no cash data."""
    lag = int(np.ceil(lag_months / months_per_period(period)))
    n_periods = measures["revenue_booked_new"].shape[1]
    cash: dict[str, np.ndarray] = {}
    for part in ("new", "existing", "big"):
        if f"revenue_booked_{part}" not in measures:  # no account data: no big accounts
            continue
        booked = measures[f"revenue_booked_{part}"]
        collected = np.zeros(booked.shape)
        collected[:, lag:] = booked[:, : max(n_periods - lag, 0)]  # none when lag >= window
        cash[f"revenue_collected_{part}"] = collected
    cash["receivable"] = cash["revenue_collected_new"] + cash["revenue_collected_existing"]
    return cash
