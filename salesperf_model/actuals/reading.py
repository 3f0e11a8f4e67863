"""Reading a CRM export into cleaned deals and seats, every problem in the report.

The steps run in a fixed order (teams, ids, owners and stages, dates and amounts, window,
products, accounts, new customers, seats), so the problem report lists problems in the
order a reader meets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from salesperf_model.actuals.accounts import attach_accounts, check_products, mark_new_customers
from salesperf_model.actuals.cleaning import (
    ImportContext,
    check_dates_and_amounts,
    check_owners_and_stages,
    drop_implausible_dates,
    drop_repeated_ids,
    flag_pipeline_dates,
    window,
)
from salesperf_model.actuals.files import display_path, read_table, resolve_data_dir
from salesperf_model.actuals.mapping import ActualsMapping, load_mapping
from salesperf_model.actuals.money import conversion
from salesperf_model.actuals.problems import ProblemLog, ValidationReport
from salesperf_model.actuals.reconcile import reconcile, revenue_rows
from salesperf_model.actuals.teams import read_teams, seats


@dataclass
class CleanActuals:
    """The cleaned deal table and rep table an outcome set is built from.

    `deals` has one row per kept opportunity: opportunity_id, rep_id, stage (won, lost,
    negotiation, prospecting), engage_date, close_date, amount, account, product, sector,
    is_big, is_new_customer, plus `row` (the export's data row). `reps` follows
    :data:`REP_COLUMNS`.
    """

    deals: pd.DataFrame
    reps: pd.DataFrame
    months: pd.PeriodIndex
    report: ValidationReport
    mapping: ActualsMapping
    data_dir: Path
    currency: str  #: the currency of `deals.amount` (the plan's)
    amount_rate: float  #: `currency` units per unit of the export's currency


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
    ctx = ImportContext(mapping=mapping, folder=folder, problems=ProblemLog(), rate=money.rate)
    raw = _read_opportunities(ctx)
    teams = read_teams(ctx)
    deals = drop_repeated_ids(raw, ctx)
    deals = check_owners_and_stages(deals, teams, ctx)
    deals = check_dates_and_amounts(deals, ctx)
    deals = drop_implausible_dates(deals, ctx)
    deals, months = window(deals, ctx)
    deals = flag_pipeline_dates(deals, months, ctx)
    deals = check_products(deals, ctx)
    deals = attach_accounts(deals, ctx)
    deals = mark_new_customers(deals, ctx)
    reps, no_deals = seats(teams, deals, ctx)
    reconciliation = reconcile(
        mapping.opportunities.file, mapping.currency, ctx.problems.revenue, kept_rows=deals["row"]
    )
    report = ValidationReport(
        source=f"{mapping.name} ({display_path(folder)})",
        problems=ctx.problems.frame(),
        assumptions=[*_assumptions(mapping), money.sentence()],
        measures_present=[],
        measures_assumed=[],
        counts=_counts(len(raw), deals, reps, no_deals, months),
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
    )


def _read_opportunities(ctx: ImportContext) -> pd.DataFrame:
    """The opportunity export under the schema's column names (`rep` as `rep_id`), text
    stripped, with `row` the export's data row; columns the export lacks are missing."""
    oc = ctx.mapping.opportunities.columns
    needed = [c for c in oc.model_dump().values() if c is not None]
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
    ctx.problems.revenue = revenue_rows(
        deals["stage"],
        deals["amount"],
        won=stages.won,
        mapped={*stages.won, *stages.lost, *stages.negotiation, *stages.prospecting},
    )
    ctx.problems.revenue_table = ctx.mapping.opportunities.file
    return deals.rename(columns={"rep": "rep_id"})


def _counts(
    rows: int, deals: pd.DataFrame, reps: pd.DataFrame, no_deals: pd.Series, months: pd.PeriodIndex
) -> dict[str, int]:
    """The report's head counts: rows read and kept, deals by outcome, reps, teams, periods."""
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


def _assumptions(mapping: ActualsMapping) -> list[str]:
    """The rules the import had to assume, in words for the report."""
    lag = mapping.collection_lag_months
    return [
        "One seat per rep in the team table; managers (the team column) are not seats.",
        f"Every rep's role is {mapping.role!r} (the export has no roles)"
        + (f", except {len(mapping.roles)} per-rep overrides." if mapping.roles else "."),
        "group is unknown ('') for every rep: pay-equity by group cannot be measured.",
        "region_tier: "
        + (
            ", ".join(f"{k}={v}" for k, v in mapping.region_tiers.items()) + "; others "
            if mapping.region_tiers
            else "all regions "
        )
        + f"tier {mapping.default_region_tier}.",
        "The export has no cash data: revenue collected = booked revenue, collected and "
        f"falling due (receivable) {lag} month(s) after the close date, so the collection "
        "rate is 100% by construction.",
        (
            "New business = an account's first won deal in the export (any rep)"
            if mapping.new_customer_scope == "company"
            else "New business = a rep's first won deal with an account"
        )
        + "; accounts bought before the export starts are counted new, so the first months "
        "overstate new business.",
        "Pipeline stages: Maven-style stages map prospecting -> leads_prospecting, "
        "negotiation (engaging) -> leads_negotiation; a deal counts as a negotiation lead in "
        "the month of its engage date and as a prospecting lead in the same month (it was "
        "prospected no later); undated open prospects "
        + (
            "go to the last period."
            if mapping.undated_prospects == "last_period"
            else "are left out."
        ),
        _big_rule_text(mapping),
    ]


def _big_rule_text(mapping: ActualsMapping) -> str:
    """The big-account rule in words."""
    rule = mapping.big_account
    if mapping.accounts is None:
        return "No account table: no account is big."
    if rule.threshold is not None:
        return f"Big accounts: account {rule.by} >= {rule.threshold:g}."
    return f"Big accounts: the largest {rule.top_share:.0%} of accounts by {rule.by}."
