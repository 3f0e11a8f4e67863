"""The roster / HR table of an import: role, region, team, tier and group per rep, when
each holds (``effective_from``) and when the rep held the seat (hire and exit dates).

A rep whose attributes change is split into one seat per roster row
(:mod:`salesperf_model.tables.roster`); hire and exit dates make ``in_seat``, the share of
each period a seat was held, so base salary is paid for those months only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext
from salesperf_model.actuals.files import read_table
from salesperf_model.actuals.mapping import UNASSIGNED
from salesperf_model.outcomes import ROLES
from salesperf_model.tables import ROSTER_ATTRIBUTES, Roster, effective_start
from salesperf_model.tables.dates import parse_dates


@dataclass(frozen=True)
class ImportRoster:
    """The roster's rows (as :class:`Roster`) and each rep's hire and exit month
    (``year * 12 + month - 1``; None when not given)."""

    roster: Roster
    hire: dict[str, int]
    exit: dict[str, int]


def _refuse(where: str, row: int, key: str, rep: str, value: object, expected: str) -> None:
    raise ValueError(
        f"{where}: line {row + 2} (the header is line 1), roster.columns.{key}: rep {rep!r} "
        f"has {value!r}; expected {expected}"
    )


def read_roster(ctx: ImportContext) -> ImportRoster | None:
    """The mapping's roster table (None when the mapping has none); a role, tier, date or
    effective date that cannot be used is refused naming the file, line, rep and value."""
    mapping = ctx.mapping
    if mapping.roster is None:
        return None
    rc = mapping.roster.columns
    where = mapping.roster.file
    named = {k: v for k, v in rc.model_dump().items() if v is not None}
    raw = read_table(ctx.folder, mapping.roster, "roster", needed=list(named.values()))
    frame = pd.DataFrame(
        {k: raw[v].fillna("").astype(str).str.strip() for k, v in named.items()}, index=raw.index
    )
    frame = frame.rename(columns={"rep": "rep_id"})
    for row in np.flatnonzero((frame["rep_id"] == "").to_numpy()):
        _refuse(where, row, "rep", "", "", "a rep name on every roster row")
    if "role" in frame:
        for row in np.flatnonzero(~frame["role"].isin([*ROLES, ""]).to_numpy()):
            rep, value = frame["rep_id"].iloc[row], frame["role"].iloc[row]
            _refuse(where, row, "role", rep, value, f"one of {list(ROLES)}")
    if "region_tier" in frame:
        for row in np.flatnonzero(~frame["region_tier"].isin(["1", "2", "3", ""]).to_numpy()):
            rep, value = frame["rep_id"].iloc[row], frame["region_tier"].iloc[row]
            _refuse(where, row, "region_tier", rep, value, "1, 2 or 3")
    effective = frame.get("effective_from", pd.Series("", index=frame.index))
    starts = effective.map(effective_start)
    for row in np.flatnonzero(starts.isna().to_numpy()):
        rep, value = frame["rep_id"].iloc[row], effective.iloc[row]
        _refuse(
            where,
            row,
            "effective_from",
            rep,
            value,
            "a month 'YYYY-MM', a period label or a "
            "first-of-month date 'YYYY-MM-01' (pay splits seats by whole months)",
        )
    frame["start"] = starts.astype(int)
    frame["line"] = frame.index.to_numpy() + 2
    twice = frame.duplicated(["rep_id", "start"], keep="first").to_numpy()
    for row in np.flatnonzero(twice):
        _refuse(
            where,
            row,
            "rep",
            frame["rep_id"].iloc[row],
            frame["rep_id"].iloc[row],
            "one row per rep, or roster.columns.effective_from saying from when each row holds",
        )
    hire, exit_ = {}, {}
    for key, out in (("hire_date", hire), ("exit_date", exit_)):
        if key not in frame:
            continue
        dates = parse_dates(
            frame[key].where(frame[key] != ""),
            where=where,
            column=named[key],
            date_format=mapping.date_format,
        )
        for row in np.flatnonzero((dates.isna() & (frame[key] != "")).to_numpy()):
            _refuse(where, row, key, frame["rep_id"].iloc[row], frame[key].iloc[row], "a date")
        known = dates.notna()
        months = dates[known].dt.year * 12 + dates[known].dt.month - 1
        pick = "min" if key == "hire_date" else "max"
        out.update(months.groupby(frame.loc[known, "rep_id"]).agg(pick).astype(int).to_dict())
    attributes = tuple(a for a in ROSTER_ATTRIBUTES if a in frame.columns)
    rows = frame[["rep_id", "start", "line", *attributes]].sort_values(["rep_id", "start"])
    return ImportRoster(Roster(where, rows.reset_index(drop=True), attributes), hire, exit_)


def apply_roster(seats: pd.DataFrame, roster: ImportRoster, ctx: ImportContext) -> pd.DataFrame:
    """Seats with the roster's attributes (a mapping's per-rep `roles` still win), one
    extra seat per later roster row of a rep who changes, and roster reps the fact table
    lacks (kept with zero outcomes)."""
    mapping = ctx.mapping
    rows = roster.roster.rows
    listed = rows.drop_duplicates("rep_id")["rep_id"]
    missing = sorted(set(listed) - set(seats["rep_id"]))
    extra = pd.DataFrame(
        {
            "rep_id": missing,
            "role": mapping.role,
            "region": UNASSIGNED,
            "region_tier": mapping.default_region_tier,
            "team": UNASSIGNED,
            "group": "",
        }
    )
    base = pd.concat([seats, extra], ignore_index=True).set_index("rep_id", drop=False)
    out = []
    for position, row in rows.iterrows():  # roster rows, not deals: a few hundred at most
        rep = str(row["rep_id"])
        seat = base.loc[rep].to_dict()
        seat["rep_id"] = roster.roster.seat_id(position)
        for name in roster.roster.attributes:
            if row[name] != "":
                seat[name] = int(row[name]) if name == "region_tier" else row[name]
        if "region_tier" not in roster.roster.attributes or row["region_tier"] == "":
            seat["region_tier"] = mapping.region_tiers.get(
                str(seat["region"]), mapping.default_region_tier
            )
        seat["role"] = mapping.roles.get(rep, seat["role"])
        out.append(seat)
    unknown = sorted(set(mapping.roles) - set(base["rep_id"]))
    if unknown:
        raise ValueError(
            f"roles: reps {unknown} are not in the roster, the team table or the export"
        )
    kept = base[~base["rep_id"].isin(listed)]
    merged = pd.concat([kept, pd.DataFrame(out)], ignore_index=True)
    merged["region_tier"] = merged["region_tier"].astype(int)
    return merged[list(seats.columns)].reset_index(drop=True)


def seat_ids(rep_ids: pd.Series, months: pd.Series, roster: ImportRoster | None) -> pd.Series:
    """The seat each fact row belongs to: its rep, or rep@month after a roster change.
    ``months`` are ``year * 12 + month - 1`` (missing: the rep's last seat)."""
    if roster is None or not roster.roster.changing_reps():
        return rep_ids
    filled = months.fillna(np.iinfo(np.int32).max).astype(int)
    row = roster.roster.seat_rows(rep_ids, filled).to_numpy()
    names = {r: roster.roster.seat_id(r) for r in np.unique(row[row >= 0])}
    return pd.Series(
        np.where(row >= 0, [names.get(r, "") for r in row], rep_ids.to_numpy()),
        index=rep_ids.index,
    )


def months_in_seat(
    rep_ids: list[str], window: np.ndarray, roster: ImportRoster | None
) -> np.ndarray | None:
    """(seats, months of the window) 0/1: when each seat was held (hire to exit, and from its
    roster row's start to the next row's); None when every seat is held throughout."""
    if roster is None:
        return None
    held = np.ones((len(rep_ids), len(window)))
    rows = roster.roster.rows
    for position, row in rows.iterrows():
        seat = roster.roster.seat_id(position)
        if seat not in rep_ids:
            continue
        i = rep_ids.index(seat)
        later = rows[(rows["rep_id"] == row["rep_id"]) & (rows["start"] > row["start"])]
        start = row["start"] if position != rows.index[rows["rep_id"] == row["rep_id"]][0] else -1
        stop = later["start"].min() if len(later) else np.inf
        held[i] *= (window >= start) & (window < stop)
        rep = str(row["rep_id"])
        held[i] *= window >= roster.hire.get(rep, -1)
        held[i] *= window <= roster.exit.get(rep, np.iinfo(np.int32).max)
    return None if held.all() else held
