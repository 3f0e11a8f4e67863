"""Reading a CRM export into cleaned deals (or revenue per rep and period) and seats,
every problem in the report.

The steps run in a fixed order (repeated header lines, teams, roster, ids, owners and
stages, dates and amounts, window, products, far-out amounts, accounts, new customers,
seats), so the problem report lists problems in the order a reader meets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from salesperf_model.actuals.accounts import attach_accounts, check_products, mark_new_customers
from salesperf_model.actuals.amounts import amount_values, flag_outlying_amounts
from salesperf_model.actuals.assumptions import import_assumptions
from salesperf_model.actuals.cleaning import (
    ImportContext,
    check_dates_and_amounts,
    check_owners_and_stages,
    drop_implausible_dates,
    drop_repeated_ids,
    flag_pipeline_dates,
    window,
)
from salesperf_model.actuals.files import (
    display_path,
    read_table,
    repeated_header,
    resolve_data_dir,
)
from salesperf_model.actuals.mapping import ActualsMapping, load_mapping
from salesperf_model.actuals.money import conversion
from salesperf_model.actuals.problems import ProblemLog, ValidationReport
from salesperf_model.actuals.reconcile import reconcile, revenue_rows
from salesperf_model.actuals.refunds import match_refunds, split_refunds
from salesperf_model.actuals.roster import ImportRoster, apply_roster, read_roster
from salesperf_model.actuals.shaped import read_revenue
from salesperf_model.actuals.teams import read_teams, seats
from salesperf_model.actuals.unmapped import check_unmapped


@dataclass
class CleanActuals:
    """The cleaned deal table and rep table an outcome set is built from.

    `deals` has one row per kept opportunity: opportunity_id, rep_id, stage (won, lost,
    negotiation, prospecting), engage_date, close_date, amount, account, product, product_line (the product's
    line from the product table, else the product), sector,
    is_big, is_new_customer, plus `row` (the export's data row). `reps` follows
    :data:`REP_COLUMNS`. With a `revenue` table instead of deals, `deals` is empty and
    `revenue` holds rep_id, first (first month, ``year * 12 + month - 1``), amount,
    new_amount, deals, row; `data_span` is the months one of its periods spans.
    """

    deals: pd.DataFrame
    reps: pd.DataFrame
    months: pd.PeriodIndex
    report: ValidationReport
    mapping: ActualsMapping
    data_dir: Path
    currency: str  #: the currency of `deals.amount` (the plan's)
    amount_rate: float  #: `currency` units per unit of the export's currency
    revenue: pd.DataFrame | None = None
    data_span: int = 1
    roster: ImportRoster | None = None
    #: refunds matched to the deals they cancel (refunds.py), None: the mapping reads none
    refunds: pd.DataFrame | None = None


#: Columns of :attr:`CleanActuals.deals`, in order.
DEAL_COLUMNS = [
    "row",
    "opportunity_id",
    "rep_id",
    "stage",
    "engage_date",
    "close_date",
    "amount",
    "account",
    "product",
    "product_line",
    "sector",
    "is_big",
    "is_new_customer",
]


def read_actuals(
    mapping: ActualsMapping | str | Path,
    *,
    data_dir: str | Path | None = None,
    currency: str | None = None,
) -> CleanActuals:
    """Read the export the mapping describes, apply the declared fixes, and report every
    problem (never raises on data problems; see :func:`load_actuals` for strict mode).
    Amounts are converted into ``currency`` (the plan's; None: the export's own) at the
    mapping's stated rate; a currency without a rate is refused (:class:`CurrencyMismatch`)."""
    mapping_path = None
    if not isinstance(mapping, ActualsMapping):
        mapping_path = Path(mapping)
        mapping = load_mapping(mapping_path)
    money = conversion(
        mapping, currency, mapping_file=str(mapping_path) if mapping_path else mapping.name
    )
    folder = resolve_data_dir(mapping, mapping_path, data_dir)
    ctx = ImportContext(
        mapping=mapping,
        folder=folder,
        problems=ProblemLog(),
        rate=money.rate,
        currency=money.target,
    )
    raw, foreign = _read_opportunities(ctx) if mapping.opportunities is not None else (None, None)
    teams = read_teams(ctx)
    roster = read_roster(ctx)
    revenue, span, refunds = None, 1, None
    if raw is not None:
        rows = len(raw)
        raw = raw[~foreign.reindex(raw.index, fill_value=False)]
        raw, refunds = split_refunds(raw, ctx)
        deals = drop_repeated_ids(raw, ctx)
        deals = check_owners_and_stages(deals, teams, ctx)
        deals = check_dates_and_amounts(deals, ctx)
        deals = drop_implausible_dates(deals, ctx)
        deals, months = window(deals, ctx)
        deals = flag_pipeline_dates(deals, months, ctx)
        deals = check_products(deals, ctx)
        deals = flag_outlying_amounts(deals, ctx)
        deals = attach_accounts(deals, ctx)
        deals = mark_new_customers(deals, ctx)
        refunds = match_refunds(refunds, deals, months, ctx=ctx)
        facts, kept_rows = deals, pd.concat([deals["row"], refunds["row"]])
    else:
        hired = (roster.hire, roster.exit) if roster is not None else ({}, {})
        revenue, span, kept_rows = read_revenue(ctx, hired)
        rows = len(ctx.problems.revenue) if ctx.problems.revenue is not None else len(revenue)
        deals = pd.DataFrame({c: pd.Series(dtype=object) for c in DEAL_COLUMNS})
        deals["stage"] = deals["stage"].astype(str)
        first, last = int(revenue["first"].min()), int(revenue["first"].max()) + span - 1
        months = pd.period_range(
            pd.Period(year=first // 12, month=first % 12 + 1, freq="M"),
            pd.Period(year=last // 12, month=last % 12 + 1, freq="M"),
            freq="M",
        )
        facts = revenue
    if roster is not None and revenue is not None:
        _check_roster_on_periods(roster, int(revenue["first"].min()), span, mapping)
    if roster is not None:
        _flag_outside_tenure(facts, roster, span, ctx)
    reps, no_deals = seats(teams, facts, ctx)
    if roster is not None:
        reps = apply_roster(reps, roster, ctx)
    assert ctx.problems.revenue is not None
    reconciliation = reconcile(
        ctx.problems.revenue_table,
        mapping.currency,
        ctx.problems.revenue,
        kept_rows=kept_rows,
        carrying="with revenue" if revenue is not None else "won (or of an unmapped stage)",
    )
    report = ValidationReport(
        source=f"{mapping.name} ({display_path(folder)})",
        problems=ctx.problems.frame(),
        assumptions=[*import_assumptions(mapping), money.sentence(), *ctx.notes],
        measures_present=[],
        measures_assumed=[],
        counts=_counts(rows, deals, reps, no_deals, months, revenue_table=revenue is not None),
        reconciliation=reconciliation,
    )
    return CleanActuals(
        deals=deals[DEAL_COLUMNS].reset_index(drop=True),
        reps=reps,
        months=months,
        report=report,
        mapping=mapping,
        data_dir=folder,
        currency=money.target,
        amount_rate=money.rate,
        revenue=revenue,
        data_span=span,
        roster=roster,
        refunds=refunds if mapping.refunds is not None else None,
    )


def _flag_outside_tenure(
    facts: pd.DataFrame, roster: ImportRoster, span: int, ctx: ImportContext
) -> None:
    """Deals (or revenue rows) dated before the rep's hire month or after the exit month:
    kept, and said (a deal may be booked after the rep left)."""
    if "first" in facts:
        where, column = ctx.mapping.revenue.file, ctx.mapping.revenue.columns.period  # type: ignore[union-attr]
        start, stop = facts["first"], facts["first"] + span - 1
    else:
        where = ctx.mapping.opportunities.file  # type: ignore[union-attr]
        column = ctx.mapping.opportunities.columns.close_date  # type: ignore[union-attr]
        start = facts["close_date"].dt.year * 12 + facts["close_date"].dt.month - 1
        stop = start
    hire = facts["rep_id"].map(roster.hire)
    exit_ = facts["rep_id"].map(roster.exit)
    ctx.problems.add(
        where,
        column,
        "dated outside the rep's time in the seat (roster hire and exit dates)",
        mask=(stop < hire) | (start > exit_),
        fix="kept under the rep's seat; check the dates (a deal booked after the rep left?)",
        severity="warning",
        values=facts["rep_id"],
    )


def _check_roster_on_periods(
    roster: ImportRoster, first: int, span: int, mapping: ActualsMapping
) -> None:
    """A roster change inside a period of the revenue table cannot split that period's
    revenue between the seats: refused, naming the row."""
    rows = roster.roster.rows
    inside = (rows["start"] >= 0) & ((rows["start"] - first) % span != 0)
    if inside.any():
        row = rows[inside].iloc[0]
        assert mapping.roster is not None
        raise ValueError(
            f"{mapping.roster.file}: line {row['line']}, roster.columns.effective_from: rep "
            f"{row['rep_id']!r} changes from month {int(row['start']) // 12}-"
            f"{int(row['start']) % 12 + 1:02d}, inside a {span}-month period of the revenue "
            "table, whose revenue cannot be split between the seats; expected a change at the "
            "start of a period"
        )


def _read_opportunities(ctx: ImportContext) -> tuple[pd.DataFrame, pd.Series]:
    """The opportunity export under the schema's column names (`rep` as `rep_id`), text
    stripped, with `row` the export's data row; columns the export lacks are missing.
    And the rows to leave out as in another currency than the mapping's (unmapped.py)."""
    assert ctx.mapping.opportunities is not None
    oc = ctx.mapping.opportunities.columns
    needed = sorted({c for c in oc.model_dump().values() if c is not None})
    raw = read_table(ctx.folder, ctx.mapping.opportunities, "opportunities", needed=needed)
    deals = pd.DataFrame({"row": raw.index.to_numpy()}, index=raw.index)
    for key, column in oc.model_dump().items():
        deals[key] = raw[column].str.strip() if column is not None else pd.NA
    ctx.problems.add(
        ctx.mapping.opportunities.file,
        oc.rep,
        "spaces around the rep name",
        mask=deals["rep"].ne(raw[oc.rep]) & raw[oc.rep].notna(),
        fix="spaces removed",
        severity="fixed",
        values=raw[oc.rep],
    )
    stages = ctx.mapping.opportunities.stages
    header = repeated_header(raw, needed)
    ctx.problems.revenue = (
        amount_values(deals["amount"], rate=ctx.rate)  # no stage column: every row is won
        if stages is None
        else revenue_rows(
            deals["stage"],
            deals["amount"],
            won=stages.won,
            mapped={*stages.won, *stages.lost, *stages.negotiation, *stages.prospecting},
            rate=ctx.rate,
        )
    ).where(~header, 0.0)
    ctx.problems.revenue_table = ctx.mapping.opportunities.file
    named = oc.opportunity_id or oc.rep
    ctx.problems.add(
        ctx.mapping.opportunities.file,
        named,
        "header line repeated inside the file (two exports pasted together?)",
        mask=header,
        fix="row dropped: a header is not a deal",
        severity="error",
        values=raw[named],
    )
    foreign = check_unmapped(raw[~header], needed, ctx)  # rows in another currency
    return deals[~header].rename(columns={"rep": "rep_id"}), foreign


def _counts(
    rows: int,
    deals: pd.DataFrame,
    reps: pd.DataFrame,
    no_deals: pd.Series,
    months: pd.PeriodIndex,
    *,
    revenue_table: bool = False,
) -> dict[str, int]:
    """The report's head counts: rows read and kept, deals by outcome, reps, teams, periods."""
    if revenue_table:
        return {
            "revenue_rows": rows,
            "reps": len(reps),
            "teams": int(reps["team"].nunique()),
            "regions": int(reps["region"].nunique()),
            "periods": len(months),
        }
    return {
        "opportunity_rows": rows,
        "deals_kept": len(deals),
        "won": int((deals["stage"] == "won").sum()),
        "lost": int((deals["stage"] == "lost").sum()),
        "open_without_close_date": int(
            (~deals["stage"].isin(["won", "lost"]) & deals["close_date"].isna()).sum()
        ),
        "reps": len(reps),
        "reps_without_deals": int(no_deals.sum()),
        "teams": int(reps["team"].nunique()),
        "regions": int(reps["region"].nunique()),
        "periods": len(months),
    }
