"""The export's columns the mapping does not read: named in the report, and a currency
column among them checked against the mapping's currency. Read and never looked at, a
column saying some rows are in euros let their amounts be summed as the mapping's dollars
while the report said 'no conversion'."""

from __future__ import annotations

import re

import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext

#: names a currency column goes by (currency, curr, ccy, currency_code, iso, iso_code ...)
_CURRENCY_NAME = re.compile(r"(curr|ccy|^cur$|^iso([ _-]?code)?$)", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z]{3}$")


def _codes(cells: pd.Series) -> pd.Series | None:
    """The column's cells as currency codes (stripped, upper case), or None when it does
    not hold codes (most filled cells not three letters)."""
    codes = cells.astype("string").str.strip().str.upper()
    filled = codes.dropna()
    filled = filled[filled != ""]
    if filled.empty or filled.str.fullmatch(_CODE.pattern).mean() < 0.9:
        return None
    return codes


def check_unmapped(raw: pd.DataFrame, needed: list[str], ctx: ImportContext) -> pd.Series:
    """Name `raw`'s columns the mapping does not read (a report assumption), and mark the
    rows a currency column puts in another currency than the mapping's: an error on each
    code with its rows (left out, so a default import is refused as for any won revenue
    left out). Returns the mask of rows to leave out."""
    assert ctx.mapping.opportunities is not None
    file, stated = ctx.mapping.opportunities.file, ctx.mapping.currency
    unread = [str(c) for c in raw.columns if c not in needed]
    out = pd.Series(False, index=raw.index)
    if not unread:
        return out
    said: list[str] = []
    for column in unread:
        codes = _codes(raw[column]) if _CURRENCY_NAME.search(column) else None
        if codes is None:
            said.append(column)
            continue
        foreign = codes.notna() & (codes != "") & (codes != stated)
        if not foreign.any():
            said.append(f"{column} (every row {stated}, the mapping's currency)")
            continue
        said.append(f"{column} (currency codes: other than the mapping's {stated} refused)")
        out |= foreign
        won = ctx.problems.revenue.reindex(raw.index).fillna(0.0)  # type: ignore[union-attr]
        census = pd.DataFrame({"code": codes, "won": won}).groupby("code", sort=False)
        counts = census.size().sort_values(ascending=False, kind="stable")
        sums = census["won"].sum()
        held = "; ".join(
            f"{code}: {n:,} rows, {sums[code]:,.2f} {code} of won revenue"
            for code, n in counts.items()
        )
        for code in counts.index:
            if code in ("", stated):
                continue
            ctx.problems.add(
                file,
                column,
                f"amounts in {code}, not the mapping's currency {stated} (column "
                f"{column!r} holds {held})",
                mask=codes == code,
                fix=f"rows left out: the import would sum {code} amounts as {stated}; "
                "convert them in the export",
                severity="error",
                values=raw[column],
                key="" if (codes == stated).any() else "currency",  # all foreign: restate it
            )
    words = "a column" if len(said) == 1 else "columns"
    ctx.notes.append(f"{file}: {words} the mapping does not read: {', '.join(said)}.")
    return out
