"""The optional cash (collections) and quota tables of a mapping, put on the outcome grid
beside the bookings; and the partial periods a revenue table's stated export dates cut."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext
from salesperf_model.actuals.problems import ProblemLog
from salesperf_model.actuals.reading import CleanActuals
from salesperf_model.actuals.relief_table import relief_measures
from salesperf_model.actuals.roster import months_in_seat, seat_ids
from salesperf_model.actuals.shaped import GridPlace, _dated_rows, onto_grid
from salesperf_model.tables import Period


def shaped_tables(
    clean: CleanActuals, grid, measures: dict[str, np.ndarray], *, window: np.ndarray, span: int
) -> tuple[dict[str, np.ndarray], list[str]]:
    """Measures from the collections and quota tables, and sentences saying how they were
    used (problems go to the report's problem table)."""
    mapping = clean.mapping
    ctx = ImportContext(
        mapping=mapping, folder=clean.data_dir, problems=ProblemLog(), rate=clean.amount_rate
    )
    place = GridPlace(grid.rep_pos, int(window[0]), grid.period_of_month, span)
    out: dict[str, np.ndarray] = {}
    notes: list[str] = []
    if mapping.collections is not None:
        source = mapping.collections
        rows = _dated_rows(source, source.columns.model_dump(), ctx, "collections")
        seats = seat_ids(rows["rep_id"], rows["month"], clean.roster)
        cash = onto_grid(
            rows, ctx, seat_of=seats, grid=place, where=source.file, column=source.columns.amount
        )
        new = measures["revenue_booked_new"].sum(axis=1, keepdims=True)
        booked = new + measures["revenue_booked_existing"].sum(axis=1, keepdims=True)
        big = measures.get("revenue_booked_big", np.zeros_like(cash)).sum(axis=1, keepdims=True)
        new_share = np.divide(new, booked, out=np.zeros_like(new), where=booked > 0)
        big_share = np.divide(big, booked, out=np.zeros_like(big), where=booked > 0)
        out["revenue_collected_new"] = cash * new_share
        out["revenue_collected_existing"] = cash * (1 - new_share)
        out["revenue_collected_big"] = cash * big_share
        notes.append(
            f"Cash: from {source.file} ({cash.sum():,.0f} collected); split into new- and "
            "existing-customer cash by each rep's share of new business in bookings over the "
            "window. Receivable (falling due) is still assumed from bookings and "
            "collection_lag_months."
        )
    if mapping.quota_table is not None:
        source = mapping.quota_table
        rows = _dated_rows(source, source.columns.model_dump(), ctx, "quota_table")
        seats = seat_ids(rows["rep_id"], rows["month"], clean.roster)
        quota = onto_grid(
            rows, ctx, seat_of=seats, grid=place, where=source.file, column=source.columns.amount
        )
        held = months_in_seat(list(grid.rep_pos.index), window, clean.roster)
        in_seat = np.ones(quota.shape, dtype=bool)
        if held is not None:
            in_seat = np.zeros(quota.shape)
            np.add.at(in_seat.T, grid.period_of_month, held.T)
            in_seat = in_seat > 0
        gaps = np.argwhere((quota <= 0) & in_seat)
        if len(gaps):
            rep = grid.rep_pos.index[gaps[0][0]]
            first = Period(int(window[np.flatnonzero(grid.period_of_month == gaps[0][1])[0]]), 1)
            raise ValueError(
                f"{source.file} (mapping quota_table): no positive quota for {len(gaps)} "
                f"rep-periods, e.g. rep {rep!r} in the period starting {first.label}; expected "
                "one per rep and period the rep is in the seat (write the quota of every rep "
                "and period)"
            )
        out["quota"] = quota
        notes.append(f"Quota: from {source.file} (mapping quota_table).")
    if mapping.relief_table is not None:
        out.update(relief_measures(mapping.relief_table, ctx, grid=place, roster=clean.roster))
        notes.append(
            f"Quota relief: from {mapping.relief_table.file} (mapping relief_table); a plan's "
            "pay.relief decides whether leave and carve-outs prorate quota."
        )
    notes += _cut_periods(clean, window, span)
    _merge_problems(clean, ctx.problems)
    return out, notes


def _cut_periods(clean: CleanActuals, window: np.ndarray, span: int) -> list[str]:
    """Periods of a revenue table that valid_from / valid_to (e.g. the export date) cut
    short: flagged, as their totals are not comparable."""
    if clean.revenue is None:
        return []
    notes = []
    for key, edge in (("valid_from", 0), ("valid_to", -1)):
        value = getattr(clean.mapping, key)
        if value is None:
            continue
        stamp = pd.Timestamp(value)
        month = stamp.year * 12 + stamp.month - 1
        first = int(window[0]) if edge == 0 else int(window[-1]) - span + 1
        inside = month - first + (1 if edge == -1 else 0)
        held = inside if edge == -1 else span - inside
        if 0 < held < span:
            label = Period(first, span).label
            notes.append(
                f"Period {label} is partial: {key} {value} leaves {held} of its {span} months "
                "in the data; its totals and quota are not comparable."
            )
    return notes


def _merge_problems(clean: CleanActuals, problems: ProblemLog) -> None:
    """Problems found in the cash and quota tables, appended to the import's report."""
    extra = problems.frame()
    if not extra.empty:
        clean.report.problems = pd.concat([clean.report.problems, extra], ignore_index=True)
