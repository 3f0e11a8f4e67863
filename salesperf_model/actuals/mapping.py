"""The mapping file (``mappings/*.yaml``): which export columns and values mean what.

A small YAML mapping says which column is the rep, the date, the amount, the stage, the
account, the team and the region, and which rules fill what the export lacks (quotas,
roles, market tiers, big accounts, collection lag).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from salesperf_model.actuals.deal_tables import (
    AccountTable,
    OpportunityTable,
    ProductTable,
    TeamTable,
)
from salesperf_model.actuals.refund_rule import RefundRule
from salesperf_model.actuals.relief_shape import ReliefTable
from salesperf_model.actuals.shapes import (
    CollectionsTable,
    QuotaTable,
    RevenueTable,
    RosterTable,
)
from salesperf_model.loading import load_model
from salesperf_model.outcomes import ROLES
from salesperf_model.schema import Section
from salesperf_model.schema.currencies import currency_problem
from salesperf_model.tables.dates import check_date_format

#: Team and region of a rep the team table leaves blank or does not list.
UNASSIGNED = "(unassigned)"


class Aliases(Section):
    """Declared spelling fixes: export value -> correct value. Each use is reported."""

    product: dict[str, str] = Field(default_factory=dict, description="Product-name variants.")
    sector: dict[str, str] = Field(default_factory=dict, description="Sector misspellings.")
    account: dict[str, str] = Field(default_factory=dict, description="Account-name variants.")
    rep: dict[str, str] = Field(default_factory=dict, description="Rep-name variants.")


class BigAccountRule(Section):
    """Which accounts are big: by size column, either above a threshold or the top share."""

    by: Literal["revenue", "employees"] = Field(
        "revenue", description="Account-table size column that decides bigness."
    )
    threshold: float | None = Field(
        None, ge=0, description="Accounts with size >= threshold are big (overrides top_share)."
    )
    top_share: float = Field(
        0.25, gt=0, le=1, description="Share of accounts, largest first, that are big."
    )


class QuotaRule(Section):
    """Where quotas come from. Exports rarely carry them, so a rule derives them."""

    rule: Literal["team_prior_share", "team_mean_share", "fixed", "file"] = Field(
        "team_prior_share",
        description=(
            "team_prior_share: (1 + growth) x the team's mean booked revenue over the previous "
            "`lookback_months`, split equally over the team's reps; the first periods, which "
            "have no prior, use the first `lookback_months` (in-sample, flagged). "
            "team_mean_share: (1 + growth) x the team's mean per-period revenue over the whole "
            "window, equal shares, flat. fixed: `amount` per rep and month. file: a CSV with "
            "rep_id, period, quota."
        ),
    )
    growth: float = Field(0.0, ge=-0.9, le=5, description="Growth on the reference revenue.")
    lookback_months: int = Field(3, ge=1, le=24, description="Months of prior revenue used.")
    amount: float | None = Field(
        None,
        gt=0,
        description="Monthly quota per rep for `fixed`, in `currency` (converted like the export).",
    )
    file: str | None = Field(
        None,
        description=(
            "Quota CSV for `file` (rep_id, period, quota), relative to data_dir; quotas in "
            "`currency` (converted like the export)."
        ),
    )

    @model_validator(mode="after")
    def _needs(self) -> QuotaRule:
        if self.rule == "fixed" and self.amount is None:
            raise ValueError("quota.rule 'fixed' needs quota.amount (monthly quota per rep)")
        if self.rule == "file" and not self.file:
            raise ValueError("quota.rule 'file' needs quota.file (CSV with rep_id, period, quota)")
        return self


class ActualsMapping(Section):
    """How one CRM export maps onto the outcome schema (a `mappings/*.yaml` file)."""

    name: str = Field(description="Short name of the data source.")
    data_dir: str | None = Field(
        None,
        description=(
            "Folder holding the export files, relative to the mapping file or absolute; "
            "None: the mapping file's own folder."
        ),
    )
    # --- export shapes and periods (sections in actuals/shapes.py) -----------------------
    opportunities: OpportunityTable | None = Field(
        None,
        description="The opportunity (pipeline) export, one row per deal (or `revenue`).",
    )
    revenue: RevenueTable | None = Field(
        None,
        description="Revenue already summed per rep and period (instead of `opportunities`).",
    )
    teams: TeamTable | None = Field(
        None,
        description=(
            f"Rep -> team and region table (None: team and region come from `roster`, else "
            f"every rep is in team and region {UNASSIGNED!r})."
        ),
    )
    roster: RosterTable | None = Field(None, description="Roster / HR table joined by rep.")
    collections: CollectionsTable | None = Field(
        None, description="Cash collected per rep (None: cash assumed from bookings)."
    )
    quota_table: QuotaTable | None = Field(
        None, description="Quota per rep and period (None: the `quota` rule sets them)."
    )
    relief_table: ReliefTable | None = Field(
        None,
        description=(
            "Quota relief per rep: leaves and territory carve-outs (rep, from, to, reason, "
            "share), read into the `leave` and `quota_carved_out` measures; a plan's "
            "`pay.relief` decides whether they prorate quota (None: no relief)."
        ),
    )
    period: Literal["auto", "month", "quarter", "half_year"] = Field(
        "auto",
        description=(
            "Period of the outcomes. auto: the data's own period: months for deal rows, the "
            "period of the `revenue` table's labels (stated in the report). A period longer "
            "than the data's sums it; a shorter one is refused (it would be a guess)."
        ),
    )
    fiscal_year_start: int = Field(
        1,
        ge=1,
        le=12,
        description=(
            "First month (1..12) of the fiscal year that quarter and half-year labels such "
            "as 2024Q1 count from (1: calendar quarters). Source: the company's reports."
        ),
    )
    fiscal_year_named_by: Literal["end", "start"] = Field(
        "end",
        description=(
            "A fiscal year not starting in January is named by the calendar year it ends in "
            "(FY2024 = Jul 2023..Jun 2024, the usual US/UK company convention) or starts in "
            "(the Japanese convention)."
        ),
    )
    # --- end of export shapes and periods ---------------------------------------------
    accounts: AccountTable | None = Field(None, description="Account table (size, sector).")
    products: ProductTable | None = Field(None, description="Product table (names, prices).")
    aliases: Aliases = Field(default_factory=Aliases, description="Declared spelling fixes.")
    big_account: BigAccountRule = Field(
        default_factory=BigAccountRule, description="Which accounts count as big."
    )
    role: str = Field(
        "new_business", description="Role given to every rep the export lists (no roles in it)."
    )
    roles: dict[str, str] = Field(default_factory=dict, description="Per-rep role overrides.")
    region_tiers: dict[str, int] = Field(
        default_factory=dict, description="Region -> market tier 1..3 (unlisted: default)."
    )
    default_region_tier: int = Field(1, ge=1, le=3, description="Tier of unlisted regions.")
    currency: str = Field(
        pattern=r"^[A-Z]{3}$",
        description=(
            "Currency the export's amounts are in (active ISO 4217 code, e.g. USD). Required: a plan "
            "in another currency is paid on them only through a stated rate in `rates`; "
            "without one the import is refused."
        ),
    )
    rates: dict[str, float] = Field(
        default_factory=dict,
        description=(
            "Exchange rates from `currency` into the plans' currencies: plan currency -> "
            "units of it per one unit of `currency` (e.g. {CNY: 6.75} for dollar deals paid "
            "by a yuan plan); state each rate's source in a comment. Amounts are multiplied "
            "by the rate of the plan's currency, and the report names the rate used."
        ),
    )
    collection_lag_months: int = Field(
        0,
        ge=0,
        le=12,
        description=(
            "The export has no cash data: booked revenue is assumed collected (and falling due) "
            "this many months after the close date (an appeal changing booked revenue "
            "changes collected revenue by the same rule)."
        ),
    )
    quota: QuotaRule = Field(default_factory=QuotaRule, description="Quota source or rule.")
    refunds: RefundRule | None = Field(
        None,
        description=(
            "Which opportunity rows are refunds (credit notes, negative lines, a refund "
            "status), matched to the deals they cancel (revenue_cancelled; a plan's "
            "pay.clawback reads them). None: no refunds read."
        ),
    )
    valid_from: str | None = Field(
        None,
        description="Earliest plausible date 'YYYY-MM-DD'; earlier dates are errors (row dropped).",
    )
    valid_to: str | None = Field(
        None,
        description=(
            "Latest plausible date 'YYYY-MM-DD' (e.g. the export date); later dates are "
            "errors (row dropped). Without it a typo such as 2071 would stretch the window."
        ),
    )
    date_format: str | None = Field(
        None,
        description=(
            "How the export writes dates, as a strftime pattern, e.g. '%d/%m/%Y' for "
            "25/03/2026 (day first) or '%m/%d/%Y' for 03/25/2026 (month first). None: ISO "
            "dates (2026-03-25) and spelled-out months are read as such, and numeric "
            "day/month dates are refused, since whether the day or the month comes first "
            "would be a guess (twelve months read instead of ten)."
        ),
    )
    first_period: str | None = Field(
        None, description="First month 'YYYY-MM' (None: month of the first close date)."
    )
    last_period: str | None = Field(
        None, description="Last month 'YYYY-MM' (None: month of the last close date)."
    )
    new_customer_scope: Literal["company", "rep"] = Field(
        "company",
        description=(
            "company: an account's first won deal in the export is new business (later deals, "
            "by any rep, are existing-customer revenue). rep: a rep's first won deal with an "
            "account is new business for that rep."
        ),
    )
    undated_prospects: Literal["last_period", "drop"] = Field(
        "last_period",
        description=(
            "Open prospecting deals carry no date: count them as leads in the last period "
            "(the open pipeline at export time) or leave them out of the lead counts."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _no_unnamed_rate(cls, data: object) -> object:
        if isinstance(data, dict) and "amount_scale" in data:
            raise ValueError(
                "amount_scale: an unnamed multiplier is no longer read; state the export's "
                "currency (`currency: USD`) and the rate into the plan's currency "
                "(`rates: {CNY: 6.75}`)"
            )
        return data

    @model_validator(mode="after")
    def _one_fact_table(self) -> ActualsMapping:
        if (self.opportunities is None) == (self.revenue is None):
            raise ValueError(
                "opportunities / revenue: give exactly one: `opportunities` for one row per "
                "deal, or `revenue` for revenue already summed per rep and period"
            )
        if self.revenue is not None:
            deal_only = [
                k
                for k in ("accounts", "products", "first_period", "last_period")
                if getattr(self, k) is not None
            ]
            if deal_only:
                raise ValueError(
                    f"{', '.join(deal_only)}: only used with `opportunities` (one row per "
                    "deal); with `revenue` the periods are the table's own: remove them"
                )
        return self

    @field_validator("currency", mode="before")  # before the pattern: the hint is clearer
    @classmethod
    def _iso_currency(cls, value: object) -> object:
        if problem := currency_problem(value):
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _check_roles_and_tiers(self) -> ActualsMapping:
        for who, role in {
            "role": self.role,
            **{f"roles.{k}": v for k, v in self.roles.items()},
        }.items():
            if role not in ROLES:
                raise ValueError(f"{who}: unknown role {role!r}; expected one of {list(ROLES)}")
        for region, tier in self.region_tiers.items():
            if tier not in (1, 2, 3):
                raise ValueError(f"region_tiers.{region}: tier {tier!r}, expected 1, 2 or 3")
        for code, rate in self.rates.items():
            if problem := currency_problem(code):
                raise ValueError(f"rates.{code}: {problem}")
            if not rate > 0:
                raise ValueError(f"rates.{code}: rate {rate!r}, expected a number > 0")
        for key in ("valid_from", "valid_to"):
            value = getattr(self, key)
            if value is not None:
                try:
                    pd.Timestamp(value)
                except ValueError as error:
                    raise ValueError(f"{key}: {value!r} is not a date 'YYYY-MM-DD'") from error
        if self.date_format is not None:
            check_date_format(self.date_format)
        for key in ("first_period", "last_period"):
            value = getattr(self, key)
            if value is not None:
                try:
                    pd.Period(value, freq="M")
                except ValueError as error:
                    raise ValueError(f"{key}: {value!r} is not a month 'YYYY-MM'") from error
        return self


def load_mapping(path: str | Path) -> ActualsMapping:
    """Read and validate a mapping YAML through the scenario loader: a duplicate key is
    refused, and every error names the file and line, the key, the bad value, what is
    expected and, for a misspelt key, the closest valid one (:class:`ScenarioError`)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"mapping file {path} does not exist")
    return load_model(path, ActualsMapping, what="mapping")
