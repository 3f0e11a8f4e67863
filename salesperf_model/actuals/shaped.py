"""Export shapes beyond one row per deal: revenue already summed per rep and period, and
the optional cash (collections) and quota tables, read onto the outcome grid.

Period labels are read strictly (:mod:`salesperf_model.tables.periods`): the table's kind
of period is detected and stated, and a label that is no period is reported, never
guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext, apply_alias
from salesperf_model.actuals.files import blank, read_table
from salesperf_model.actuals.shapes import TableSource
from salesperf_model.tables import Period, parse_period
from salesperf_model.tables.check import MAX_MAGNITUDE


def _periods(
    labels: pd.Series, ctx: ImportContext, *, where: str, column: str
) -> tuple[pd.Series, pd.Series]:
    """(first month, months spanned) of each label (missing where unreadable: reported)."""
    mapping = ctx.mapping
    parsed = {
        label: parse_period(
            label, fiscal_start=mapping.fiscal_year_start, named_by=mapping.fiscal_year_named_by
        )
        for label in labels.dropna().unique()
    }
    period = labels.map(parsed)
    ctx.problems.add(
        where,
        column,
        "period label cannot be read (expected a month 2024-03, a quarter 2024Q3 / 2024-Q3 / "
        "Q3 2024 or a half year 2024H1)",
        mask=period.isna(),
        fix="row dropped",
        severity="error",
        values=labels,
    )
    first = period.map(lambda p: p.first if isinstance(p, Period) else np.nan)
    span = period.map(lambda p: p.months if isinstance(p, Period) else np.nan)
    kinds = sorted({int(s) for s in span.dropna()})
    if len(kinds) > 1:
        words = {1: "months", 3: "quarters", 6: "half years"}
        raise ValueError(
            f"{where}: column {column!r} mixes {' and '.join(words[k] for k in kinds)}, e.g. "
            f"{labels[span == kinds[0]].iloc[0]!r} and {labels[span == kinds[1]].iloc[0]!r}; "
            "use one kind of period per table"
        )
    return first, span


def _money(raw: pd.Series, ctx: ImportContext, *, where: str, column: str, what: str) -> pd.Series:
    """A money or count column as floats; not-a-number, infinite, implausibly large and
    negative cells reported (NaN)."""
    values = pd.to_numeric(raw, errors="coerce")
    huge = values.notna() & ~(values.abs() <= MAX_MAGNITUDE)  # inf, 1e300
    ctx.problems.add(
        where,
        column,
        f"{what} is infinite or implausibly large (magnitude above {MAX_MAGNITUDE:.0e})",
        mask=huge,
        fix="row dropped",
        severity="error",
        values=raw,
    )
    values = values.where(~huge)
    ctx.problems.add(
        where,
        column,
        f"{what} is not a number",
        mask=values.isna() & ~blank(raw) & ~huge,
        fix="row dropped",
        severity="error",
        values=raw,
    )
    ctx.problems.add(
        where,
        column,
        f"{what} is blank (write 0 for none)",
        mask=blank(raw),
        fix="row dropped",
        severity="error",
    )
    ctx.problems.add(
        where,
        column,
        f"negative {what}",
        mask=values < 0,
        fix="row dropped",
        severity="error",
        values=raw,
    )
    return values.where(values >= 0)


def _rep_column(raw: pd.Series, ctx: ImportContext, *, where: str, column: str) -> pd.Series:
    """Rep names stripped (reported), aliases applied, blanks reported (NaN)."""
    stripped = raw.str.strip()
    ctx.problems.add(
        where,
        column,
        "spaces around the rep name",
        mask=stripped.ne(raw) & raw.notna(),
        fix="spaces removed",
        severity="fixed",
        values=raw,
    )
    frame = pd.DataFrame({"rep_id": stripped})
    apply_alias(
        frame, "rep_id", ctx.mapping.aliases.rep, what=where, problems=ctx.problems, label="rep"
    )
    ctx.problems.add(
        where,
        column,
        "blank rep",
        mask=blank(frame["rep_id"]),
        fix="row dropped",
        severity="error",
    )
    return frame["rep_id"].where(~blank(frame["rep_id"]))


def _outside_valid_range(
    first: pd.Series,
    span: pd.Series,
    labels: pd.Series,
    ctx: ImportContext,
    where: str,
    column: str,
) -> pd.Series:
    """Rows whose period lies wholly outside the mapping's ``valid_from``..``valid_to``,
    reported (a typo such as 2071Q2 would otherwise stretch the window to 190 quarters);
    a period that overlaps the range is kept (flagged partial later)."""
    mapping = ctx.mapping
    if mapping.valid_from is None and mapping.valid_to is None:
        return pd.Series(False, index=first.index)
    earliest = pd.Timestamp(mapping.valid_from or "1900-01-01")
    latest = pd.Timestamp(mapping.valid_to or "2200-12-31")
    low = earliest.year * 12 + earliest.month - 1  # months counted as Period.first is
    high = latest.year * 12 + latest.month - 1
    outside = first.notna() & ((first + span - 1 < low) | (first > high))
    ctx.problems.add(
        where,
        column,
        f"period outside the valid range {earliest.date()}..{latest.date()}",
        mask=outside,
        fix="row dropped",
        severity="error",
        values=labels,
        key="valid_from / valid_to",
    )
    return outside


def read_revenue(
    ctx: ImportContext, hired: tuple[dict, dict] = ({}, {})
) -> tuple[pd.DataFrame, int, pd.Series]:
    """The revenue table (rep_id, first, amount, new_amount, deals, row): one row per rep
    and period, repeated rows summed (reported), amounts in the plan's currency (x
    ``ctx.rate``); the months one period spans; and the data rows kept. Every row's amount
    (export currency) prices the problems (``ctx.problems.revenue``). `hired`: each rep's
    hire and exit month (a roster's), outside which a rep without a row is expected."""
    table = ctx.mapping.revenue
    assert table is not None
    rc = table.columns
    where = table.file
    named = {k: v for k, v in rc.model_dump().items() if v is not None}
    raw = read_table(ctx.folder, table, "revenue", needed=sorted(set(named.values())))
    ctx.problems.revenue = pd.to_numeric(raw[rc.amount], errors="coerce")
    ctx.problems.revenue_table = where
    frame = pd.DataFrame({"row": raw.index.to_numpy()}, index=raw.index)
    frame["rep_id"] = _rep_column(raw[rc.rep], ctx, where=where, column=rc.rep)
    labels = raw[rc.period].str.strip()
    frame["first"], span = _periods(labels, ctx, where=where, column=rc.period)
    frame.loc[
        _outside_valid_range(frame["first"], span, labels, ctx, where, rc.period), "first"
    ] = np.nan
    frame["amount"] = _money(raw[rc.amount], ctx, where=where, column=rc.amount, what="amount")
    for key in ("new_amount", "deals"):
        column = named.get(key)
        frame[key] = (
            _money(raw[column], ctx, where=where, column=column, what=key.replace("_", " "))
            if column
            else 0.0
        )
    if rc.deals:  # a count: 2.5 deals would be imported and paid on as such
        fraction = frame["deals"].notna() & (frame["deals"] != frame["deals"].round())
        ctx.problems.add(
            where,
            rc.deals,
            "deals not a whole number; deals is a count of deals won",
            mask=fraction,
            fix="row dropped",
            severity="error",
            values=raw[rc.deals],
        )
        frame.loc[fraction, "deals"] = np.nan
    if rc.new_amount:
        above = frame["new_amount"] > frame["amount"]
        ctx.problems.add(
            where,
            rc.new_amount,
            "new-customer amount above the amount",
            mask=above,
            fix="row dropped",
            severity="error",
            values=raw[rc.new_amount],
        )
        frame.loc[above, "amount"] = np.nan
    frame["amount"] *= ctx.rate
    frame["new_amount"] *= ctx.rate
    frame = frame.dropna(subset=["rep_id", "first", "amount", "new_amount", "deals"])
    repeated = frame.duplicated(["rep_id", "first"], keep=False)
    ctx.problems.add(
        where,
        f"{rc.rep},{rc.period}",
        "rep and period on several rows",
        mask=repeated,
        fix="summed (e.g. one row per product); check it is not a repeated export",
        severity="warning",
        values=frame["rep_id"],
    )
    if frame.empty:
        raise ValueError(f"{where}: no usable revenue row; see the problems above")
    summed = frame.groupby(["rep_id", "first"], as_index=False, sort=False).agg(
        row=("row", "min"),
        amount=("amount", "sum"),
        new_amount=("new_amount", "sum"),
        deals=("deals", "sum"),
    )
    summed["first"] = summed["first"].astype(int)
    span_months = int(span.dropna().iloc[0])
    _say_missing_periods(summed, span_months, ctx, where=where, column=rc.period, hired=hired)
    return summed, span_months, frame["row"]


def _say_missing_periods(
    summed: pd.DataFrame,
    span: int,
    ctx: ImportContext,
    *,
    where: str,
    column: str,
    hired: tuple[dict, dict],
) -> None:
    """Reps without a row for some periods of the table: read as zero revenue, and said
    (listed by the rep's first row), as a missing row may be a lost one."""
    every = set(range(int(summed["first"].min()), int(summed["first"].max()) + 1, span))
    have = summed.groupby("rep_id")["first"].agg(set)
    hire, exit_ = hired

    def in_seat(rep: str, first: int) -> bool:
        return first + span - 1 >= hire.get(rep, -1) and first <= exit_.get(rep, 10**6)

    missing = pd.Series(
        {rep: sorted(m for m in every - got if in_seat(rep, m)) for rep, got in have.items()}
    )
    first_row = summed.groupby("rep_id")["row"].min()
    gaps = missing[missing.map(len) > 0]
    if gaps.empty:
        return
    rows = pd.Series(False, index=pd.Index(first_row.to_numpy()))
    rows[first_row[gaps.index].to_numpy()] = True
    text = {
        first_row[rep]: f"{rep}: "
        + ", ".join(Period(m, span).label for m in months[:4])
        + (f" and {len(months) - 4} more" if len(months) > 4 else "")
        for rep, months in gaps.items()
    }
    ctx.problems.add(
        where,
        column,
        "rep without a row for some periods (first row of the rep listed)",
        mask=rows,
        fix="read as zero revenue in those periods; check no rows were lost (a roster's "
        "hire and exit dates tell when a rep was not in the seat)",
        severity="warning",
        values=pd.Series(text),
    )


def _dated_rows(
    source: TableSource, columns: dict[str, str | None], ctx: ImportContext, what: str
) -> pd.DataFrame:
    """A cash or quota table as rep_id, month (first month of its date or period), amount
    (in the plan's currency: the export's x ``ctx.rate``)."""
    from salesperf_model.tables.dates import parse_dates

    named = {k: v for k, v in columns.items() if v is not None}
    raw = read_table(ctx.folder, source, what, needed=sorted(set(named.values())))
    if what == "collections":  # a cash row left out is cash a plan would pay on
        amounts = pd.to_numeric(raw[named["amount"]], errors="coerce").abs()  # -20 is 20 left out
        ctx.problems.priced[source.file] = amounts * ctx.rate
    frame = pd.DataFrame(index=raw.index)
    frame["rep_id"] = _rep_column(raw[named["rep"]], ctx, where=source.file, column=named["rep"])
    if named.get("date"):
        dates = parse_dates(
            raw[named["date"]],
            where=source.file,
            column=named["date"],
            date_format=ctx.mapping.date_format,
        )
        ctx.problems.add(
            source.file,
            named["date"],
            "date cannot be read",
            mask=dates.isna(),
            fix="row dropped",
            severity="error",
            values=raw[named["date"]],
        )
        frame["month"] = dates.dt.year * 12 + dates.dt.month - 1
        frame["span"] = 1
    else:
        labels = raw[named["period"]].str.strip()
        frame["month"], frame["span"] = _periods(
            labels, ctx, where=source.file, column=named["period"]
        )
    frame["amount"] = ctx.rate * _money(
        raw[named["amount"]], ctx, where=source.file, column=named["amount"], what="amount"
    )
    return frame.dropna()


def onto_grid(
    frame: pd.DataFrame,
    ctx: ImportContext,
    *,
    seat_of: pd.Series,
    grid: GridPlace,
    where: str,
    column: str,
) -> np.ndarray:
    """Sum of ``frame.amount`` per (seat, output period); rows outside the window or of a
    rep with no seat reported and left out; a period longer than the output's refused."""
    if (frame["span"] > grid.span).any():
        raise ValueError(
            f"{where}: its periods span {int(frame['span'].max())} months, longer than the "
            f"output period ({grid.span} months); give it per month or pick a longer period"
        )
    offset = (frame["month"] - grid.first_month).astype(int)
    inside = (offset >= 0) & (offset < len(grid.period_of_month))
    ctx.problems.add(
        where,
        column,
        "outside the window of the revenue data",
        mask=~inside,
        fix="row left out",
        severity="warning",
        values=frame["rep_id"],
    )
    position = grid.rep_pos.reindex(seat_of).to_numpy()
    unknown = pd.Series(np.isnan(position), index=frame.index) & inside
    ctx.problems.add(
        where,
        column,
        "rep not in the revenue data, roster or team table",
        mask=unknown,
        fix="row left out",
        severity="warning",
        values=frame["rep_id"],
    )
    keep = (inside & ~unknown).to_numpy()
    out = np.zeros(grid.shape)
    np.add.at(
        out,
        (position[keep].astype(int), grid.period_of_month[offset.to_numpy()[keep]]),
        frame["amount"].to_numpy()[keep],
    )
    return out


class GridPlace:
    """Where rows go on the outcome grid: seat positions, the window's first month
    (``year * 12 + month - 1``), each month's output period, months per output period."""

    def __init__(
        self, rep_pos: pd.Series, first_month: int, period_of_month: np.ndarray, span: int
    ) -> None:
        self.rep_pos = rep_pos
        self.first_month = first_month
        self.period_of_month = period_of_month
        self.span = span
        self.shape = (len(rep_pos), int(period_of_month.max()) + 1)
