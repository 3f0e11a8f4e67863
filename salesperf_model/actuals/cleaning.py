"""Cleaning the opportunity export: ids, owners, stages, dates, amounts and the window.

Each step drops what cannot be used (an error), applies a declared fix (fixed), or keeps
a doubtful row (warning, note), and records it in the problem log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from salesperf_model.actuals.amounts import report_amounts
from salesperf_model.actuals.dates import read_dates, refuse_unreadable_column, serial_words
from salesperf_model.actuals.files import blank
from salesperf_model.actuals.mapping import UNASSIGNED, ActualsMapping
from salesperf_model.actuals.problems import ProblemLog
from salesperf_model.actuals.repeated_ids import report_repeated_ids
from salesperf_model.tables.problems import TableError


@dataclass
class ImportContext:
    """What every import step reads: the mapping, the export folder, the problem list."""

    mapping: ActualsMapping
    folder: Path
    problems: ProblemLog
    #: plan currency units per unit of the export's currency (actuals/money.py)
    rate: float = 1.0
    #: the plan's currency ('': the export's own)
    currency: str = ""
    #: how the import read the export (times and zones on dates), for the assumptions
    notes: list[str] = field(default_factory=list)


def apply_alias(
    table: pd.DataFrame,
    column: str,
    aliases: dict[str, str],
    *,
    what: str,
    problems: ProblemLog,
    label: str,
) -> None:
    """Replace declared variants in place and report each use."""
    if not aliases:
        return
    used = table[column].isin(list(aliases))
    for variant, correct in aliases.items():
        problems.add(
            what,
            column,
            f"{label} {variant!r} is a declared variant of {correct!r}",
            mask=table[column] == variant,
            fix=f"renamed to {correct!r} (mapping aliases.{label})",
            severity="fixed",
            values=table[column],
        )
    table.loc[used, column] = table.loc[used, column].map(aliases)


def _parse_dates(table: pd.DataFrame, column: str, what: str, ctx: ImportContext) -> pd.Series:
    """A date column read in the mapping's `date_format`, else ISO or spelled-out dates
    (numeric day/month dates without a stated format are refused: the order is a guess),
    as calendar dates (a time of day or zone after them dropped, said in ``ctx.notes``); a
    column no value of which is a date is refused, unreadable dates reported, then missing."""
    problems = ctx.problems
    raw = table[column]
    source = getattr(ctx.mapping.opportunities.columns, column)
    date_format = ctx.mapping.date_format
    read = read_dates(raw, where=what, column=source, date_format=date_format)
    refuse_unreadable_column(raw, read, where=what, column=source, date_format=date_format)
    ctx.notes.extend(read.notes)
    serial = serial_words(raw, read)
    problems.add(
        what,
        source,
        "date cannot be read"
        + (f" as {date_format!r}" if date_format else "")
        + (f"; {serial}" if serial else ""),
        mask=read.unreadable,
        fix="treated as missing",
        severity="error",
        values=raw,
        key="date_format",
    )
    return read.dates


def drop_repeated_ids(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Drop later copies of a repeated opportunity id; flag rows that repeat an earlier
    row's content under another id (kept: they may be two real leads)."""
    problems = ctx.problems
    oc = ctx.mapping.opportunities.columns
    o_name = ctx.mapping.opportunities.file
    duplicate_id = deals["opportunity_id"].duplicated() & ~blank(deals["opportunity_id"])
    report_repeated_ids(deals, duplicate_id, ctx)  # exact copies apart from conflicting ones
    deals = deals[~duplicate_id]
    content = [
        c
        for c in ("rep_id", "product", "account", "stage", "engage_date", "close_date", "amount")
        if deals[c].notna().any()
    ]
    repeated = deals.duplicated(content)
    problems.add(
        o_name,
        ",".join(filter(None, (getattr(oc, c if c != "rep_id" else "rep") for c in content))),
        "same rep, product, account, stage, dates and value as an earlier row under another id "
        "(possible duplicate)",
        mask=repeated,
        fix="kept: distinct ids, and a repeat entry cannot be told from two real leads",
        severity="warning",
        values=deals["opportunity_id"],
    )
    return deals


def check_owners_and_stages(
    deals: pd.DataFrame, teams: pd.DataFrame, ctx: ImportContext
) -> pd.DataFrame:
    """Rep aliases, blank reps and unmapped stages (dropped); deals owned by managers or by
    reps outside the team table (kept, flagged)."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    apply_alias(deals, "rep_id", mapping.aliases.rep, what=o_name, problems=problems, label="rep")
    blank_rep = blank(deals["rep_id"])
    problems.add(
        o_name,
        oc.rep,
        "blank rep",
        mask=blank_rep,
        fix="row dropped",
        severity="error",
        key="opportunities.columns.rep (a column naming every deal's owner)",
    )
    deals = deals[~blank_rep]
    stages = mapping.opportunities.stages
    if stages is None:  # no stage column: every row is a won deal
        deals = deals.assign(stage="won")
    stage_of = (
        {"won": "won"}
        if stages is None
        else {
            v: k for k in ("won", "lost", "negotiation", "prospecting") for v in getattr(stages, k)
        }
    )
    stage = deals["stage"].map(stage_of)
    problems.add(
        o_name,
        oc.stage or "",
        f"stage not in the mapping (known: {sorted(stage_of)})",
        mask=stage.isna(),
        fix="row dropped",
        severity="error",
        values=deals["stage"],
        key="opportunities.stages (list the value under won, lost, negotiation or prospecting)",
    )
    deals = deals[stage.notna()].assign(stage=stage[stage.notna()])
    same_column = (
        mapping.teams is not None and mapping.teams.columns.team == mapping.teams.columns.rep
    )
    is_manager = deals["rep_id"].isin(set(teams["team"])) & (not same_column)
    problems.add(
        o_name,
        oc.rep,
        "deal owned by a manager (managers are not reps)",
        mask=is_manager,
        fix="kept under the manager as a seat",
        severity="warning",
        values=deals["rep_id"],
    )
    absent = ~deals["rep_id"].isin(teams["rep_id"]) & (mapping.teams is not None)
    problems.add(
        o_name,
        oc.rep,
        "rep absent from the team table",
        mask=absent,
        fix=f"kept; team and region set to {UNASSIGNED!r}",
        severity="warning",
        values=deals["rep_id"],
    )
    return deals


def check_dates_and_amounts(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Parse dates and amounts (scaled to the plan currency); drop what cannot be placed or
    paid."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    columns = ["close_date"] + (["engage_date"] if oc.engage_date is not None else [])
    parsed, refused = {}, []
    for column in columns:  # every column's refusal at once, not the first alone
        try:
            parsed[column] = _parse_dates(deals, column, o_name, ctx)
        except TableError as error:
            refused.append(str(error).removeprefix(f"{o_name}: "))
    if refused:
        raise TableError(o_name, [], whole="\n".join(refused))
    close = parsed["close_date"]
    engage = parsed.get("engage_date", pd.Series(pd.NaT, index=deals.index))
    amount_raw = deals["amount"]
    amount = report_amounts(
        amount_raw,
        ctx,
        where=o_name,
        column=oc.amount,
        what="amount",
        fix="treated as missing",
        key="opportunities.columns.amount (a column of plain numbers)",
    )
    deals = deals.assign(close_date=close, engage_date=engage, amount=amount * ctx.rate)
    won = deals["stage"] == "won"
    closed = deals["stage"].isin(["won", "lost"])
    negative = deals["amount"] < 0
    problems.add(
        o_name,
        oc.amount,
        "negative amount",
        mask=negative,
        fix="row dropped",
        severity="error",
        values=amount_raw,
        key="refunds: {negative_amounts: true} (credit notes cancel the deal they name: "
        "refunds.original_id), or net them against their deals in the export",
    )
    no_close = closed & deals["close_date"].isna()
    problems.add(
        o_name,
        oc.close_date,
        "won or lost deal without a close date",
        mask=no_close,
        fix="row dropped: no period to put it in",
        severity="error",
        values=deals["opportunity_id"],
        key="opportunities.columns.close_date (or date_format if the dates are unreadable)",
    )
    no_value = won & ~(deals["amount"] > 0)
    problems.add(
        o_name,
        oc.amount,
        "won deal without a value",
        mask=no_value & ~negative,
        fix="row dropped: nothing to book or pay on",
        severity="error",
        values=deals["opportunity_id"],
        key="opportunities.columns.amount",
    )
    backwards = deals["close_date"] < deals["engage_date"]
    problems.add(
        o_name,
        oc.close_date,
        "close date before engage date",
        mask=backwards,
        fix="kept; left out of cycle-length fits",
        severity="warning",
        values=deals["close_date"].dt.date,
    )
    return deals[~(negative | no_close | no_value)]


def drop_implausible_dates(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Drop deals dated outside the mapping's `valid_from`..`valid_to` (typos such as 2071
    would otherwise stretch the window)."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    if mapping.valid_from is None and mapping.valid_to is None:
        return deals
    earliest = pd.Timestamp(mapping.valid_from or "1900-01-01")
    latest = pd.Timestamp(mapping.valid_to or "2200-12-31")
    implausible = pd.Series(False, index=deals.index)
    for key, column in (("close_date", oc.close_date), ("engage_date", oc.engage_date)):
        dates = deals[key].dt.normalize()  # calendar dates: all of valid_to's last day is in
        bad = dates.notna() & ((dates < earliest) | (dates > latest))
        # a deal closed in range keeps its revenue: only its engage date is left out
        engage = key == "engage_date"
        problems.add(
            o_name,
            column or "",
            f"date outside the valid range {earliest.date()}..{latest.date()}",
            mask=bad,
            fix="the engage date left out (the deal kept)" if engage else "row dropped",
            severity="warning" if engage else "error",
            values=dates.dt.date,
            key="valid_from / valid_to",
        )
        if engage:
            deals = deals.assign(engage_date=deals["engage_date"].where(~bad))
        else:
            implausible |= bad
    return deals[~implausible]


def window(deals: pd.DataFrame, ctx: ImportContext) -> tuple[pd.DataFrame, pd.PeriodIndex]:
    """The months covered (from the mapping, else the close dates) and the deals inside them."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    closed_dates = deals.loc[deals["stage"].isin(["won", "lost"]), "close_date"]
    if closed_dates.empty and (mapping.first_period is None or mapping.last_period is None):
        raise ValueError(
            f"{o_name}: no won or lost deal with a close date; set first_period/last_period"
        )
    first = pd.Period(mapping.first_period or closed_dates.min(), freq="M")
    last = pd.Period(mapping.last_period or closed_dates.max(), freq="M")
    if last < first:
        raise ValueError(f"last_period {last} is before first_period {first}")
    months = pd.period_range(first, last, freq="M")
    close_month = deals["close_date"].dt.to_period("M")
    outside = deals["close_date"].notna() & ((close_month < first) | (close_month > last))
    problems.add(
        o_name,
        oc.close_date,
        f"close date outside {first}..{last}",
        mask=outside,
        fix="row dropped",
        severity="error",
        values=deals["close_date"].dt.date,
        key="first_period / last_period",
    )
    return deals[~outside], months


def flag_pipeline_dates(
    deals: pd.DataFrame, months: pd.PeriodIndex, ctx: ImportContext
) -> pd.DataFrame:
    """Engage dates outside the window, undated prospects and open deals with a close
    date: kept, and said how they count."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    first, last = months[0], months[-1]
    engage_month = deals["engage_date"].dt.to_period("M")
    early = deals["engage_date"].notna() & (engage_month < first)
    problems.add(
        o_name,
        oc.engage_date or "",
        f"engaged before the first period {first}",
        mask=early,
        fix="kept as pipeline history: in no period's lead counts; used for cycle lengths",
        severity="note",
        values=deals["engage_date"].dt.date,
    )
    late = deals["engage_date"].notna() & (engage_month > last)
    problems.add(
        o_name,
        oc.engage_date or "",
        f"engage date after the last period {last}",
        mask=late,
        fix="kept; in no period's lead counts",
        severity="warning",
        values=deals["engage_date"].dt.date,
    )
    undated = (deals["stage"] == "prospecting") & deals["engage_date"].isna()
    problems.add(
        o_name,
        oc.engage_date or "",
        "open prospecting deal without any date",
        mask=undated,
        fix="counted as a lead in the last period (open pipeline at export)"
        if mapping.undated_prospects == "last_period"
        else "left out of lead counts",
        severity="note",
    )
    open_with_close = ~deals["stage"].isin(["won", "lost"]) & deals["close_date"].notna()
    problems.add(
        o_name,
        oc.close_date,
        "open deal with a close date",
        mask=open_with_close,
        fix="close date ignored (deal is open)",
        severity="warning",
        values=deals["close_date"].dt.date,
    )
    return deals
