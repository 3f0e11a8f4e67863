"""A relief table of an import (rep, from, to, reason, share): leaves of absence and
territory carve-outs put on the outcome grid as the ``leave`` and ``quota_carved_out``
measures, which a plan's ``pay.relief`` prorates quota by.

Each row removes ``share`` (default 1) of the rep's quota from ``from`` to ``to``
(inclusive): months (``2026-04``) cover whole months, dates (``2026-04-15``) the days of
their month from or to that day. A period's relief is the share x the part of the period
covered. Rows of one rep and reason adding up to more than a whole period, a share
outside 0..1, an unknown reason, an unreadable month or a rep the import does not have
are refused, naming the file, the line, the column and the value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext
from salesperf_model.actuals.files import read_table
from salesperf_model.actuals.relief_shape import ReliefTable
from salesperf_model.actuals.roster import seat_ids
from salesperf_model.actuals.shaped import GridPlace, _rep_column
from salesperf_model.tables import Period

_EPOCH = pd.Timestamp("1970-01-01")
#: The reasons a relief row may give, and the measure each fills.
REASONS = {"leave": "leave", "carve_out": "quota_carved_out"}


def _refuse(where: str, line: int, column: str, value: object, expected: str) -> ValueError:
    return ValueError(
        f"{where}: line {line} (the header is line 1), column {column!r}: {value!r}; expected "
        f"{expected}"
    )


def _days(raw: pd.Series, *, where: str, column: str, last: bool) -> pd.Series:
    """Day number (days since 1970) of each month or date: a month's first (or last) day."""
    text = raw.astype(str).str.strip()
    months = pd.to_datetime(text, format="%Y-%m", errors="coerce")
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    if last:
        months = months + pd.offsets.MonthEnd(0)
    day = dates.fillna(months)
    bad = day.isna()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _refuse(
            where, i + 2, column, raw.iloc[i], "a month like 2026-04 or a date like 2026-04-15"
        )
    return (day - _EPOCH).dt.days


def relief_measures(
    source: ReliefTable, ctx: ImportContext, *, grid: GridPlace, roster
) -> dict[str, np.ndarray]:
    """``leave`` and ``quota_carved_out`` (seats, periods) from the relief table."""
    named = source.columns.model_dump()
    columns = {k: v for k, v in named.items() if v is not None}
    raw = read_table(ctx.folder, source, "relief_table", needed=sorted(set(columns.values())))
    where = f"{source.file} (mapping relief_table)"
    reps = _rep_column(
        raw[columns["rep"]].astype(str), ctx, where=source.file, column=columns["rep"]
    )
    first = _days(raw[columns["start"]], where=where, column=columns["start"], last=False)
    last = _days(raw[columns["end"]], where=where, column=columns["end"], last=True)
    reason = raw[columns["reason"]].astype(str).str.strip()
    share = pd.Series(1.0, index=raw.index)
    if "share" in columns:
        share = pd.to_numeric(raw[columns["share"]], errors="coerce")
    seats = seat_ids(reps, pd.Series(first), roster)
    for column, bad, expected in (
        (columns["reason"], ~reason.isin(list(REASONS)), "leave or carve_out"),
        (columns.get("share", ""), share.isna() | (share < 0) | (share > 1), "a share 0..1"),
        (columns["end"], last < first, f"on or after {columns['start']}"),
        (columns["rep"], ~seats.isin(list(grid.rep_pos.index)), "a rep of the import"),
    ):
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _refuse(where, i + 2, column, raw[column].iloc[i], expected)
    window = grid.first_month + np.arange(len(grid.period_of_month))  # months of the window
    starts = [pd.Timestamp(int(m // 12), int(m % 12 + 1), 1) for m in window]
    month_first = np.array([(d - _EPOCH).days for d in starts])
    month_last = np.array([(d + pd.offsets.MonthEnd(0) - _EPOCH).days for d in starts])
    covered = np.clip(
        np.minimum(last.to_numpy()[:, None], month_last)
        - np.maximum(first.to_numpy()[:, None], month_first)
        + 1,
        0,
        None,
    ) / (month_last - month_first + 1)  # (rows, months) share of each month relieved
    per_period = np.zeros((len(raw), grid.shape[1]))
    np.add.at(per_period.T, grid.period_of_month, covered.T)
    per_period = per_period / grid.span * share.to_numpy()[:, None]
    rows = grid.rep_pos[seats.to_numpy()].to_numpy()
    out = {measure: np.zeros(grid.shape) for measure in REASONS.values()}
    for name, measure in REASONS.items():
        mine = (reason == name).to_numpy()
        np.add.at(out[measure], rows[mine], per_period[mine])
        over = out[measure] > 1 + 1e-9
        if over.any():
            seat, period = (int(i[0]) for i in np.nonzero(over))
            lines = np.flatnonzero(mine & (rows == seat) & (per_period[:, period] > 0)) + 2
            month = int(window[np.flatnonzero(grid.period_of_month == period)[0]])
            raise ValueError(
                f"{where}: {name} rows on lines {', '.join(map(str, lines))} remove "
                f"{out[measure][seat, period]:g} of rep {grid.rep_pos.index[seat]!r}'s quota in "
                f"the period starting {Period(month, 1).label}, which makes the quota "
                f"negative; expected the {name} rows of one period to add up to at most 1"
            )
    return out
