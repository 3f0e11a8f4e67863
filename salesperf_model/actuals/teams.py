"""The seats of an import: every rep with team, region, role, market tier and group.

Seats are the team table's reps plus reps only the export names; managers are not seats.
"""

from __future__ import annotations

import pandas as pd

from salesperf_model.actuals.cleaning import UNASSIGNED, ImportContext, apply_alias
from salesperf_model.actuals.files import blank, read_table
from salesperf_model.outcomes import REP_COLUMNS


def read_teams(ctx: ImportContext) -> pd.DataFrame:
    """The team table, one row per rep (rep_id, team, region): it defines the seats (no
    rows when the mapping has no team table). One source column may serve several keys."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    if mapping.teams is None:
        return pd.DataFrame({"rep_id": [], "team": [], "region": []}, dtype=object)
    tc = mapping.teams.columns
    t_name = mapping.teams.file
    raw = read_table(folder, mapping.teams, "teams", needed=[tc.rep, tc.team, tc.region])
    teams = pd.DataFrame(
        {"rep_id": raw[tc.rep], "team": raw[tc.team], "region": raw[tc.region]}, index=raw.index
    )
    raw_reps = teams["rep_id"]
    for column in ("rep_id", "team", "region"):
        teams[column] = teams[column].str.strip()
    problems.add(
        t_name,
        tc.rep,
        "spaces around the rep name",
        mask=teams["rep_id"].ne(raw_reps) & raw_reps.notna(),
        fix="spaces removed",
        severity="fixed",
        values=raw_reps,
    )
    apply_alias(teams, "rep_id", mapping.aliases.rep, what=t_name, problems=problems, label="rep")
    problems.add(
        t_name,
        tc.rep,
        "blank rep name",
        mask=blank(teams["rep_id"]),
        fix="row dropped",
        severity="error",
    )
    for column, source in (("team", tc.team), ("region", tc.region)):
        problems.add(
            t_name,
            source,
            f"blank {column}",
            mask=blank(teams[column]) & ~blank(teams["rep_id"]),
            fix=f"{column} set to {UNASSIGNED!r}",
            severity="warning",
        )
        teams[column] = teams[column].fillna(UNASSIGNED)
    teams = teams[~blank(teams["rep_id"])]
    duplicate_rep = teams.duplicated("rep_id")
    moved = duplicate_rep & ~teams.duplicated(["rep_id", "team", "region"])
    problems.add(
        t_name,
        tc.rep,
        "rep listed twice",
        mask=duplicate_rep & ~moved,
        fix="first row kept",
        severity="error",
        values=teams["rep_id"],
    )
    problems.add(
        t_name,
        f"{tc.team},{tc.region}",
        "rep listed again with another team or region (a move?)",
        mask=moved,
        fix="first row kept; if the rep moved, list both rows in a roster with "
        "roster.columns.effective_from saying from when (the rep is then paid as two seats)",
        severity="error",
        values=teams["rep_id"],
    )
    return teams[~duplicate_rep]


def seats(
    teams: pd.DataFrame, deals: pd.DataFrame, ctx: ImportContext
) -> tuple[pd.DataFrame, pd.Series]:
    """Every rep in the team table (managers are not seats) plus reps absent from it, with
    role, tier and unknown group. `deals` is any fact table with a rep_id column."""
    mapping = ctx.mapping
    problems = ctx.problems
    t_name = mapping.teams.file if mapping.teams is not None else "teams"
    t_rep = mapping.teams.columns.rep if mapping.teams is not None else ""
    extra = sorted(set(deals["rep_id"]) - set(teams["rep_id"]))
    seats = pd.concat(
        [
            teams[["rep_id", "team", "region"]],
            pd.DataFrame({"rep_id": extra, "team": UNASSIGNED, "region": UNASSIGNED}),
        ],
        ignore_index=True,
    )
    seats["role"] = seats["rep_id"].map(lambda rep: mapping.roles.get(rep, mapping.role))
    seats["region_tier"] = (
        seats["region"].map(mapping.region_tiers).fillna(mapping.default_region_tier).astype(int)
    )
    seats["group"] = ""
    reps = seats[list(REP_COLUMNS)].reset_index(drop=True)
    no_deals = ~teams["rep_id"].isin(deals["rep_id"])
    problems.add(
        t_name,
        t_rep,
        "rep with no deals at all",
        mask=no_deals,
        fix="kept with zero outcomes",
        severity="note",
        values=teams["rep_id"],
    )
    unknown_roles = sorted(set(mapping.roles) - set(reps["rep_id"]))
    if unknown_roles and mapping.roster is None:  # else checked with the roster's reps
        raise ValueError(f"roles: reps {unknown_roles} are not in the team table or the export")
    return reps, no_deals
