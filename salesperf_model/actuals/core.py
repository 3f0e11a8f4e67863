"""Import a CRM opportunity export into the outcome schema, reporting every data problem.

A small YAML mapping (``mappings/*.yaml``) says which column is the rep, the date, the
amount, the stage, the account, the team and the region. Opportunities become rep-period
outcomes with one simulation and no hidden truth, so scoring, grading and pay run on them
unchanged. Problems are never fixed silently: each is listed in a :class:`ValidationReport`
with its rows and the fix applied; ``strict=True`` stops instead of fixing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from salesperf_model.outcomes import MEASURES, REP_COLUMNS, ROLES, Outcomes

UNASSIGNED = "(unassigned)"

# --------------------------------------------------------------------------------------
# The mapping file
# --------------------------------------------------------------------------------------


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpportunityColumns(_Section):
    """Column names in the opportunity (pipeline) export."""

    opportunity_id: str = Field(description="Unique opportunity identifier.")
    rep: str = Field(description="Sales rep who owns the opportunity (matches the team table).")
    stage: str = Field(description="Deal stage; values are mapped by `stages`.")
    close_date: str = Field(description="Date the deal was won or lost (blank while open).")
    amount: str = Field(description="Deal value booked when won (money).")
    engage_date: str | None = Field(
        None, description="Date the deal entered the negotiation stage (None: export lacks it)."
    )
    account: str | None = Field(None, description="Customer account (None: export lacks it).")
    product: str | None = Field(None, description="Product sold (None: export lacks it).")


class StageMap(_Section):
    """Which export stage values mean what. Stages follow prospecting -> negotiation ->
    won/lost; `leads_negotiation` counts deals by the date they entered negotiation."""

    won: list[str] = Field(description="Stage values of won (signed) deals.")
    lost: list[str] = Field(description="Stage values of lost deals.")
    negotiation: list[str] = Field(
        description="Open deals in intent negotiation (entered on the engage date)."
    )
    prospecting: list[str] = Field(description="Open deals still in prospecting.")

    @model_validator(mode="after")
    def _disjoint(self) -> StageMap:
        seen: dict[str, str] = {}
        for name in ("won", "lost", "negotiation", "prospecting"):
            for value in getattr(self, name):
                if value in seen:
                    raise ValueError(
                        f"stages: value {value!r} is listed under both {seen[value]!r} and "
                        f"{name!r}; each export stage must map to one stage"
                    )
                seen[value] = name
        return self


class TableSource(_Section):
    """A CSV or Parquet file, relative to `data_dir` (or absolute)."""

    file: str = Field(description="File name (.csv or .parquet), relative to data_dir.")


class OpportunityTable(TableSource):
    columns: OpportunityColumns = Field(description="Column names in this file.")
    stages: StageMap = Field(description="How export stage values map to pipeline stages.")


class TeamColumns(_Section):
    rep: str = Field(description="Rep name, as in the opportunity export.")
    team: str = Field(description="Team column (e.g. the manager): reps under one manager.")
    region: str = Field(description="Region column (e.g. the regional office).")


class TeamTable(TableSource):
    columns: TeamColumns = Field(description="Column names in the team table.")


class AccountColumns(_Section):
    account: str = Field(description="Account name, as in the opportunity export.")
    sector: str | None = Field(None, description="Industry sector (market segment).")
    revenue: str | None = Field(None, description="Account's own annual revenue (size).")
    employees: str | None = Field(None, description="Account's employee count (size).")


class AccountTable(TableSource):
    columns: AccountColumns = Field(description="Column names in the account table.")
    sectors: list[str] | None = Field(
        None,
        description=(
            "The sector vocabulary; a sector outside it (after aliases) is reported as a "
            "possible misspelling. None: not checked."
        ),
    )


class ProductColumns(_Section):
    product: str = Field(description="Product name, as in the opportunity export.")
    list_price: str | None = Field(None, description="List price per deal (money).")


class ProductTable(TableSource):
    columns: ProductColumns = Field(description="Column names in the product table.")


class Aliases(_Section):
    """Declared spelling fixes: export value -> correct value. Each use is reported."""

    product: dict[str, str] = Field(default_factory=dict, description="Product-name variants.")
    sector: dict[str, str] = Field(default_factory=dict, description="Sector misspellings.")
    account: dict[str, str] = Field(default_factory=dict, description="Account-name variants.")
    rep: dict[str, str] = Field(default_factory=dict, description="Rep-name variants.")


class BigAccountRule(_Section):
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


class QuotaRule(_Section):
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
    amount: float | None = Field(None, gt=0, description="Monthly quota per rep for `fixed`.")
    file: str | None = Field(
        None,
        description="Quota CSV for `file` (rep_id, period, quota), relative to data_dir.",
    )

    @model_validator(mode="after")
    def _needs(self) -> QuotaRule:
        if self.rule == "fixed" and self.amount is None:
            raise ValueError("quota.rule 'fixed' needs quota.amount (monthly quota per rep)")
        if self.rule == "file" and not self.file:
            raise ValueError("quota.rule 'file' needs quota.file (CSV with rep_id, period, quota)")
        return self


class ActualsMapping(_Section):
    """How one CRM export maps onto the outcome schema (a `mappings/*.yaml` file)."""

    name: str = Field(description="Short name of the data source.")
    data_dir: str | None = Field(
        None,
        description=(
            "Folder holding the export files, relative to the mapping file or absolute; "
            "None: the mapping file's own folder."
        ),
    )
    opportunities: OpportunityTable = Field(description="The opportunity (pipeline) export.")
    teams: TeamTable = Field(description="Rep -> team and region table.")
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
        "CNY", description="Currency of the outcomes after `amount_scale` (the plan's currency)."
    )
    amount_scale: float = Field(
        1.0,
        gt=0,
        description=(
            "Multiplier from the export's amounts to `currency` (an exchange rate), so that "
            "the plan's fixed amounts (base salary, awards) and the revenue are in one currency."
        ),
    )
    collection_lag_months: int = Field(
        0,
        ge=0,
        le=12,
        description=(
            "The export has no cash data: booked revenue is assumed collected (and falling due) "
            "this many months after the close date."
        ),
    )
    quota: QuotaRule = Field(default_factory=QuotaRule, description="Quota source or rule.")
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
        for key in ("valid_from", "valid_to"):
            value = getattr(self, key)
            if value is not None:
                try:
                    pd.Timestamp(value)
                except ValueError as error:
                    raise ValueError(f"{key}: {value!r} is not a date 'YYYY-MM-DD'") from error
        for key in ("first_period", "last_period"):
            value = getattr(self, key)
            if value is not None:
                try:
                    pd.Period(value, freq="M")
                except ValueError as error:
                    raise ValueError(f"{key}: {value!r} is not a month 'YYYY-MM'") from error
        return self


def _display_path(folder: Path) -> str:
    """The data folder as a reader should see it: relative to the working directory when
    it can be (no machine-specific absolute paths in committed scenario files)."""
    try:
        return os.path.relpath(folder)
    except ValueError:  # another drive on Windows
        return str(folder)


def load_mapping(path: str | Path) -> ActualsMapping:
    """Read and validate a mapping YAML; errors name the file and the bad key."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"mapping file {path} does not exist")
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of keys, got {type(raw).__name__}")
    try:
        return ActualsMapping.model_validate(raw)
    except ValidationError as error:
        lines = [
            f"  {'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}"
            + (f" (got {e['input']!r})" if e["type"] != "missing" else "")
            for e in error.errors()
        ]
        raise ValueError(f"{path}: invalid mapping:\n" + "\n".join(lines)) from error


def resolve_data_dir(
    mapping: ActualsMapping, mapping_path: str | Path | None, data_dir: str | Path | None = None
) -> Path:
    """The folder the export files are read from: the explicit `data_dir` argument, else the
    mapping's `data_dir` (relative to the mapping file), else the mapping file's folder."""
    if data_dir is not None:
        return Path(data_dir)
    base = Path(mapping_path).resolve().parent if mapping_path is not None else Path.cwd()
    if mapping.data_dir is None:
        return base
    folder = Path(mapping.data_dir)
    return folder if folder.is_absolute() else (base / folder).resolve()


# --------------------------------------------------------------------------------------
# The validation report
# --------------------------------------------------------------------------------------

PROBLEM_COLUMNS = ["table", "problem", "severity", "column", "count", "rows", "examples", "fix"]
#: severity: "error" = rows left out (no safe fix); "fixed" = a declared fix was applied;
#: "warning" = kept as is, may distort outcomes; "note" = expected property of the export.
STRICT_SEVERITIES = ("error", "fixed", "warning")


@dataclass
class ValidationReport:
    """Every data problem found, with its rows (0-based data rows: CSV line = row + 2),
    and what was done about it; plus the assumptions the import had to make."""

    source: str
    problems: pd.DataFrame
    assumptions: list[str]
    measures_present: list[str]
    measures_assumed: list[str]
    counts: dict[str, int]

    @property
    def measures_absent(self) -> list[str]:
        """Measures the export cannot give: `Outcomes.get` returns zeros for them, so KPIs
        on them cannot be scored on actuals."""
        return [m for m in MEASURES if m not in self.measures_present]

    @property
    def blocking(self) -> pd.DataFrame:
        """The problems strict mode refuses (everything but notes)."""
        return self.problems[self.problems["severity"].isin(STRICT_SEVERITIES)]

    @property
    def ok(self) -> bool:
        return self.blocking.empty

    def to_text(self) -> str:
        lines = [f"Validation report for {self.source}"]
        lines += [f"  {k.replace('_', ' ')}: {v:,}" for k, v in self.counts.items()]
        if self.problems.empty:
            lines.append("No data problems found.")
        else:
            lines.append("Problems (rows are 0-based data rows; CSV line = row + 2):")
            for p in self.problems.itertuples():
                rows = ", ".join(str(r) for r in p.rows[:8]) + (", ..." if p.count > 8 else "")
                examples = f"; e.g. {p.examples}" if p.examples else ""
                lines.append(
                    f"  [{p.severity}] {p.table}.{p.column}: {p.problem}: {p.count:,} rows "
                    f"(rows {rows}{examples}) -> {p.fix}"
                )
        lines.append("Assumptions:")
        lines += [f"  - {a}" for a in self.assumptions]
        lines.append(f"Measures from the export: {', '.join(self.measures_present)}")
        lines.append(f"Measures assumed, not observed: {', '.join(self.measures_assumed)}")
        lines.append(
            f"Measures absent (read as zeros; KPIs on them cannot be scored): "
            f"{', '.join(self.measures_absent)}"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


class ActualsValidationError(ValueError):
    """Raised in strict mode: the export has problems; `.report` lists them."""

    def __init__(self, report: ValidationReport):
        self.report = report
        blocking = report.blocking
        summary = "; ".join(
            f"{p.table}.{p.column}: {p.problem} ({p.count} rows, e.g. rows {list(p.rows[:3])})"
            for p in blocking.itertuples()
        )
        super().__init__(
            f"{report.source}: strict import refused {len(blocking)} problem(s): {summary}"
        )


@dataclass
class _Problems:
    """Collects problems as they are found (one row per problem kind)."""

    rows: list[dict] = field(default_factory=list)

    def add(
        self,
        table: str,
        column: str,
        problem: str,
        mask: pd.Series,
        fix: str,
        severity: str,
        values: pd.Series | None = None,
    ) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        hit = mask[mask].index
        shown = (values if values is not None else pd.Series(dtype=object)).reindex(hit[:3])
        examples = ", ".join(repr(str(v)) for v in shown.tolist()) if values is not None else ""
        self.rows.append(
            {
                "table": table,
                "problem": problem,
                "severity": severity,
                "column": column,
                "count": len(hit),
                "rows": [int(r) for r in hit],
                "examples": examples,
                "fix": fix,
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)


# --------------------------------------------------------------------------------------
# Reading and cleaning
# --------------------------------------------------------------------------------------


def _read_table(folder: Path, source: TableSource, what: str, needed: list[str]) -> pd.DataFrame:
    path = Path(source.file)
    path = path if path.is_absolute() else folder / path
    if not path.exists():
        raise FileNotFoundError(
            f"{what}.file: {path} does not exist (data_dir {folder}); pass data_dir= or "
            "--data-dir to point at the export folder"
        )
    if path.suffix.lower() == ".parquet":
        table = pd.read_parquet(path)
    elif path.suffix.lower() == ".csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    else:
        raise ValueError(
            f"{what}.file: {path} has suffix {path.suffix!r}; expected .csv or .parquet"
        )
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"{path}: columns {missing} named in the mapping ({what}.columns) are not in the "
            f"file; it has {list(table.columns)}"
        )
    return table.reset_index(drop=True)


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


def _apply_alias(
    table: pd.DataFrame,
    column: str,
    aliases: dict[str, str],
    what: str,
    problems: _Problems,
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
            table[column] == variant,
            f"renamed to {correct!r} (mapping aliases.{label})",
            "fixed",
            table[column],
        )
    table.loc[used, column] = table.loc[used, column].map(aliases)


def _parse_dates(table: pd.DataFrame, column: str, what: str, problems: _Problems) -> pd.Series:
    raw = table[column]
    parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
    problems.add(
        what,
        column,
        "date cannot be read",
        parsed.isna() & ~_blank(raw),
        "treated as missing",
        "error",
        raw,
    )
    return parsed


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


def report_for(clean: CleanActuals, outcomes: Outcomes) -> ValidationReport:
    """The import's report completed with what building `outcomes` added: the quota
    rule's sentences and which measures are present, assumed and absent."""
    return replace(
        clean.report,
        assumptions=list(outcomes.meta["assumptions"]),
        measures_present=list(outcomes.meta["measures_present"]),
        measures_assumed=list(outcomes.meta["measures_assumed"]),
    )


@dataclass
class _Context:
    """What every import step reads: the mapping, the export folder, the problem list."""

    mapping: ActualsMapping
    folder: Path
    problems: _Problems


def read_actuals(
    mapping: ActualsMapping | str | Path, *, data_dir: str | Path | None = None
) -> CleanActuals:
    """Read the export the mapping describes, apply the declared fixes, and report every
    problem (never raises on data problems; see :func:`load_actuals` for strict mode)."""
    mapping_path = None
    if not isinstance(mapping, ActualsMapping):
        mapping_path = Path(mapping)
        mapping = load_mapping(mapping_path)
    folder = resolve_data_dir(mapping, mapping_path, data_dir)
    ctx = _Context(mapping=mapping, folder=folder, problems=_Problems())
    oc = mapping.opportunities.columns
    needed = [c for c in oc.model_dump().values() if c is not None]
    raw = _read_table(folder, mapping.opportunities, "opportunities", needed)
    deals = pd.DataFrame({"row": raw.index.to_numpy()}, index=raw.index)
    for key, column in oc.model_dump().items():
        deals[key] = raw[column].str.strip() if column is not None else pd.NA
    deals = deals.rename(columns={"rep": "rep_id"})

    teams = _read_teams(ctx)
    deals = _check_identity_and_stage(deals, teams, ctx)
    deals = _check_dates_and_amounts(deals, ctx)
    deals, months = _window(deals, ctx)
    deals = _check_products(deals, ctx)
    deals = _attach_accounts(deals, ctx)
    deals = _mark_new_customers(deals, ctx)
    reps, no_deals = _seats(teams, deals, ctx)
    counts = {
        "opportunity_rows": len(raw),
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
    report = ValidationReport(
        source=f"{mapping.name} ({_display_path(folder)})",
        problems=ctx.problems.frame(),
        assumptions=_assumptions(mapping),
        measures_present=[],
        measures_assumed=[],
        counts=counts,
    )
    columns = [
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
    return CleanActuals(
        deals=deals[columns].reset_index(drop=True),
        reps=reps,
        months=months,
        report=report,
        mapping=mapping,
        data_dir=folder,
    )


def _read_teams(ctx: _Context) -> pd.DataFrame:
    """The team table, one row per rep (rep_id, team, region): it defines the seats."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    tc = mapping.teams.columns
    t_name = mapping.teams.file
    teams = _read_table(folder, mapping.teams, "teams", [tc.rep, tc.team, tc.region])
    teams = teams.rename(columns={tc.rep: "rep_id", tc.team: "team", tc.region: "region"})
    for column in ("rep_id", "team", "region"):
        teams[column] = teams[column].str.strip()
    _apply_alias(teams, "rep_id", mapping.aliases.rep, t_name, problems, "rep")
    problems.add(t_name, tc.rep, "blank rep name", _blank(teams["rep_id"]), "row dropped", "error")
    for column, source in (("team", tc.team), ("region", tc.region)):
        problems.add(
            t_name,
            source,
            f"blank {column}",
            _blank(teams[column]) & ~_blank(teams["rep_id"]),
            f"{column} set to {UNASSIGNED!r}",
            "warning",
        )
        teams[column] = teams[column].fillna(UNASSIGNED)
    teams = teams[~_blank(teams["rep_id"])]
    duplicate_rep = teams.duplicated("rep_id")
    problems.add(
        t_name,
        tc.rep,
        "rep listed twice",
        duplicate_rep,
        "first row kept",
        "error",
        teams["rep_id"],
    )
    return teams[~duplicate_rep]


def _check_identity_and_stage(
    deals: pd.DataFrame, teams: pd.DataFrame, ctx: _Context
) -> pd.DataFrame:
    """Repeated ids and possible duplicates, blank reps, unmapped stages, reps outside the
    team table."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    managers = set(teams["team"])
    duplicate_id = deals["opportunity_id"].duplicated() & ~_blank(deals["opportunity_id"])
    problems.add(
        o_name,
        oc.opportunity_id,
        "opportunity id repeated",
        duplicate_id,
        "later copies dropped",
        "error",
        deals["opportunity_id"],
    )
    deals = deals[~duplicate_id]
    content = [
        c
        for c in ("rep_id", "product", "account", "stage", "engage_date", "close_date", "amount")
        if deals[c].notna().any()
    ]
    repeated = deals.duplicated(content)
    problems.add(
        o_name,
        ",".join(getattr(oc, c if c != "rep_id" else "rep") for c in content),
        "same rep, product, account, stage, dates and value as an earlier row under another id "
        "(possible duplicate)",
        repeated,
        "kept: distinct ids, and a repeat entry cannot be told from two real leads",
        "warning",
        deals["opportunity_id"],
    )
    _apply_alias(deals, "rep_id", mapping.aliases.rep, o_name, problems, "rep")
    blank_rep = _blank(deals["rep_id"])
    problems.add(o_name, oc.rep, "blank rep", blank_rep, "row dropped", "error")
    deals = deals[~blank_rep]
    stage_of = {
        v: k
        for k in ("won", "lost", "negotiation", "prospecting")
        for v in getattr(mapping.opportunities.stages, k)
    }
    stage = deals["stage"].map(stage_of)
    problems.add(
        o_name,
        oc.stage,
        f"stage not in the mapping (known: {sorted(stage_of)})",
        stage.isna(),
        "row dropped",
        "error",
        deals["stage"],
    )
    deals = deals[stage.notna()].assign(stage=stage[stage.notna()])
    is_manager = deals["rep_id"].isin(managers)
    problems.add(
        o_name,
        oc.rep,
        "deal owned by a manager (managers are not reps)",
        is_manager,
        "kept under the manager as a seat",
        "warning",
        deals["rep_id"],
    )
    absent = ~deals["rep_id"].isin(teams["rep_id"])
    problems.add(
        o_name,
        oc.rep,
        "rep absent from the team table",
        absent,
        f"kept; team and region set to {UNASSIGNED!r}",
        "warning",
        deals["rep_id"],
    )
    return deals


def _check_dates_and_amounts(deals: pd.DataFrame, ctx: _Context) -> pd.DataFrame:
    """Parse dates and amounts (scaled to the plan currency); drop what cannot be placed or
    paid."""
    mapping = ctx.mapping
    problems = ctx.problems
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    close = _parse_dates(deals, "close_date", o_name, problems)
    engage = (
        _parse_dates(deals, "engage_date", o_name, problems)
        if oc.engage_date is not None
        else pd.Series(pd.NaT, index=deals.index)
    )
    amount_raw = deals["amount"]
    amount = pd.to_numeric(amount_raw, errors="coerce")
    problems.add(
        o_name,
        oc.amount,
        "amount is not a number",
        amount.isna() & ~_blank(amount_raw),
        "treated as missing",
        "error",
        amount_raw,
    )
    deals = deals.assign(close_date=close, engage_date=engage, amount=amount * mapping.amount_scale)
    won = deals["stage"] == "won"
    closed = deals["stage"].isin(["won", "lost"])
    negative = deals["amount"] < 0
    problems.add(o_name, oc.amount, "negative amount", negative, "row dropped", "error", amount_raw)
    no_close = closed & deals["close_date"].isna()
    problems.add(
        o_name,
        oc.close_date,
        "won or lost deal without a close date",
        no_close,
        "row dropped: no period to put it in",
        "error",
        deals["opportunity_id"],
    )
    no_value = won & ~(deals["amount"] > 0)
    problems.add(
        o_name,
        oc.amount,
        "won deal without a value",
        no_value & ~negative,
        "row dropped: nothing to book or pay on",
        "error",
        deals["opportunity_id"],
    )
    backwards = deals["close_date"] < deals["engage_date"]
    problems.add(
        o_name,
        oc.close_date,
        "close date before engage date",
        backwards,
        "kept; left out of cycle-length fits",
        "warning",
        deals["close_date"],
    )
    deals = deals[~(negative | no_close | no_value)]
    implausible = pd.Series(False, index=deals.index)
    if mapping.valid_from is not None or mapping.valid_to is not None:
        earliest = pd.Timestamp(mapping.valid_from or "1900-01-01")
        latest = pd.Timestamp(mapping.valid_to or "2200-12-31")
        for key, column in (("close_date", oc.close_date), ("engage_date", oc.engage_date)):
            dates = deals[key]
            bad = dates.notna() & ((dates < earliest) | (dates > latest))
            problems.add(
                o_name,
                column or "",
                f"date outside the valid range {earliest.date()}..{latest.date()}",
                bad,
                "row dropped",
                "error",
                dates.dt.date,
            )
            implausible |= bad
        deals = deals[~implausible]
    return deals


def _window(deals: pd.DataFrame, ctx: _Context) -> tuple[pd.DataFrame, pd.PeriodIndex]:
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
        outside,
        "row dropped",
        "error",
        deals["close_date"].dt.date,
    )
    deals = deals[~outside]
    engage_month = deals["engage_date"].dt.to_period("M")
    early = deals["engage_date"].notna() & (engage_month < first)
    problems.add(
        o_name,
        oc.engage_date or "",
        f"engaged before the first period {first}",
        early,
        "kept as pipeline history: in no period's lead counts; used for cycle lengths",
        "note",
        deals["engage_date"].dt.date,
    )
    late = deals["engage_date"].notna() & (engage_month > last)
    problems.add(
        o_name,
        oc.engage_date or "",
        f"engage date after the last period {last}",
        late,
        "kept; in no period's lead counts",
        "warning",
        deals["engage_date"].dt.date,
    )
    undated = (deals["stage"] == "prospecting") & deals["engage_date"].isna()
    problems.add(
        o_name,
        oc.engage_date or "",
        "open prospecting deal without any date",
        undated,
        "counted as a lead in the last period (open pipeline at export)"
        if mapping.undated_prospects == "last_period"
        else "left out of lead counts",
        "note",
    )
    open_with_close = ~deals["stage"].isin(["won", "lost"]) & deals["close_date"].notna()
    problems.add(
        o_name,
        oc.close_date,
        "open deal with a close date",
        open_with_close,
        "close date ignored (deal is open)",
        "warning",
        deals["close_date"].dt.date,
    )
    return deals, months


def _check_products(deals: pd.DataFrame, ctx: _Context) -> pd.DataFrame:
    """Product aliases and products missing from the product table."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    if oc.product is not None:
        _apply_alias(deals, "product", mapping.aliases.product, o_name, problems, "product")
        if mapping.products is not None:
            pc = mapping.products.columns
            products = _read_table(folder, mapping.products, "products", [pc.product])
            known_products = set(products[pc.product].str.strip())
            problems.add(
                o_name,
                oc.product,
                "product not in the product table",
                ~deals["product"].isin(known_products) & ~_blank(deals["product"]),
                "kept (product is not used in the outcomes)",
                "warning",
                deals["product"],
            )
    return deals


def _attach_accounts(deals: pd.DataFrame, ctx: _Context) -> pd.DataFrame:
    """Blank and unknown accounts; each deal's sector and big-account flag."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    deals["sector"] = pd.NA
    deals["is_big"] = False
    if oc.account is not None:
        _apply_alias(deals, "account", mapping.aliases.account, o_name, problems, "account")
        blank_account = _blank(deals["account"])
        problems.add(
            o_name,
            oc.account,
            "blank account on an open deal",
            blank_account & ~deals["stage"].isin(["won", "lost"]),
            "kept in pipeline stage counts; no customer attached",
            "note",
        )
        problems.add(
            o_name,
            oc.account,
            "blank account on a closed deal",
            blank_account & deals["stage"].isin(["won", "lost"]),
            "kept; a won deal's revenue counts as existing-customer, not big, no new customer",
            "warning",
        )
        if mapping.accounts is not None:
            accounts = _read_accounts(folder, mapping, problems)
            unknown_account = ~blank_account & ~deals["account"].isin(accounts.index)
            problems.add(
                o_name,
                oc.account,
                "account not in the account table",
                unknown_account,
                "kept; counted as not big, sector unknown",
                "warning",
                deals["account"],
            )
            deals["sector"] = deals["account"].map(accounts["sector"])
            deals["is_big"] = deals["account"].map(accounts["is_big"]).eq(True)
    return deals


def _mark_new_customers(deals: pd.DataFrame, ctx: _Context) -> pd.DataFrame:
    """New business: an account's first won deal (by close date, then export order),
    company-wide or per rep."""
    mapping = ctx.mapping
    won = deals[(deals["stage"] == "won") & ~_blank(deals["account"])]
    scope = ["account"] if mapping.new_customer_scope == "company" else ["rep_id", "account"]
    first_win = won.sort_values(["close_date", "row"]).drop_duplicates(scope).index
    deals["is_new_customer"] = deals.index.isin(first_win)
    return deals


def _seats(
    teams: pd.DataFrame, deals: pd.DataFrame, ctx: _Context
) -> tuple[pd.DataFrame, pd.Series]:
    """Every rep in the team table (managers are not seats) plus reps absent from it, with
    role, tier and unknown group."""
    mapping = ctx.mapping
    problems = ctx.problems
    tc = mapping.teams.columns
    t_name = mapping.teams.file
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
        tc.rep,
        "rep with no deals at all",
        no_deals,
        "kept with zero outcomes",
        "note",
        teams["rep_id"],
    )
    unknown_roles = sorted(set(mapping.roles) - set(reps["rep_id"]))
    if unknown_roles:
        raise ValueError(f"roles: reps {unknown_roles} are not in the team table or the export")
    return reps, no_deals


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
        f"Amounts are the export's values x {mapping.amount_scale:g}, in {mapping.currency}.",
    ]


def _big_rule_text(mapping: ActualsMapping) -> str:
    rule = mapping.big_account
    if mapping.accounts is None:
        return "No account table: no account is big."
    if rule.threshold is not None:
        return f"Big accounts: account {rule.by} >= {rule.threshold:g}."
    return f"Big accounts: the largest {rule.top_share:.0%} of accounts by {rule.by}."


def _read_accounts(folder: Path, mapping: ActualsMapping, problems: _Problems) -> pd.DataFrame:
    """Account table indexed by account name with `sector` and `is_big`."""
    assert mapping.accounts is not None
    ac = mapping.accounts.columns
    a_name = mapping.accounts.file
    size_column = {"revenue": ac.revenue, "employees": ac.employees}[mapping.big_account.by]
    needed = [c for c in (ac.account, ac.sector, size_column) if c is not None]
    table = _read_table(folder, mapping.accounts, "accounts", needed)
    table[ac.account] = table[ac.account].str.strip()
    duplicate = table.duplicated(ac.account)
    problems.add(
        a_name,
        ac.account,
        "account listed twice",
        duplicate,
        "first row kept",
        "error",
        table[ac.account],
    )
    table = table[~duplicate]
    _apply_alias(table, ac.account, mapping.aliases.account, a_name, problems, "account")
    sector = pd.Series(pd.NA, index=table.index, dtype=object)
    if ac.sector is not None:
        sector = table[ac.sector].str.strip()
        frame = pd.DataFrame({"sector": sector})
        _apply_alias(frame, "sector", mapping.aliases.sector, a_name, problems, "sector")
        sector = frame["sector"]
        if mapping.accounts.sectors is not None:
            problems.add(
                a_name,
                ac.sector,
                "sector not in the declared list (possible misspelling)",
                ~sector.isin(mapping.accounts.sectors) & ~_blank(sector),
                "kept as is; declare an alias to fix it",
                "warning",
                sector,
            )
    is_big = pd.Series(False, index=table.index)
    if size_column is None:
        raise ValueError(
            f"big_account.by is {mapping.big_account.by!r} but accounts.columns."
            f"{mapping.big_account.by} is not set"
        )
    size = pd.to_numeric(table[size_column], errors="coerce")
    problems.add(
        a_name,
        size_column,
        f"account {mapping.big_account.by} missing or not a number",
        size.isna(),
        "counted as not big",
        "warning",
        table[size_column],
    )
    if mapping.big_account.threshold is not None:
        is_big = size >= mapping.big_account.threshold
    else:
        n_big = int(np.ceil(mapping.big_account.top_share * size.notna().sum()))
        is_big = size.rank(ascending=False, method="first") <= n_big
    return pd.DataFrame(
        {"sector": sector.to_numpy(), "is_big": is_big.fillna(False).to_numpy()},
        index=pd.Index(table[ac.account], name="account"),
    )


# --------------------------------------------------------------------------------------
# From deals to outcomes
# --------------------------------------------------------------------------------------

PeriodKind = Literal["month", "quarter"]


def _period_labels(months: pd.PeriodIndex, period: PeriodKind) -> tuple[list[str], np.ndarray]:
    """Output period labels and, per month of the window, its output period index."""
    if period == "month":
        return [str(m) for m in months], np.arange(len(months))
    if period == "quarter":
        quarters = months.asfreq("Q")
        labels = [f"{q.year}-Q{q.quarter}" for q in quarters]
        unique = list(dict.fromkeys(labels))
        return unique, np.array([unique.index(q) for q in labels])
    raise ValueError(f"period: {period!r}, expected 'month' or 'quarter'")


def _accumulate(
    rep_index: np.ndarray, period_index: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    out = np.zeros(shape)
    np.add.at(out, (rep_index, period_index), values)
    return out


def _first_seen_counts(
    rep_index: np.ndarray, period_index: np.ndarray, key: pd.Series, shape: tuple[int, int]
) -> tuple[np.ndarray, pd.DataFrame]:
    """Per (rep, period): how many keys (accounts, sectors) the rep met for the first time;
    also the first period per (rep, key)."""
    frame = pd.DataFrame({"rep": rep_index, "period": period_index, "key": key.to_numpy()})
    frame = frame[frame["key"].notna()]
    first = frame.groupby(["rep", "key"], as_index=False)["period"].min()
    counts = _accumulate(
        first["rep"].to_numpy(), first["period"].to_numpy(), np.ones(len(first)), shape
    )
    return counts, first


def outcomes_from_deals(
    clean: CleanActuals,
    *,
    period: PeriodKind = "month",
    quotas: str | Path | float | pd.DataFrame | None = None,
) -> Outcomes:
    """Aggregate cleaned deals into rep-period outcomes (one simulation, no truth).

    Quotas: `quotas` (a CSV path or DataFrame with rep_id, period, quota, or a number: a
    flat quota per rep and period) overrides the mapping's `quota` rule.
    """
    mapping = clean.mapping
    labels, period_of_month = _period_labels(clean.months, period)
    months_in = np.bincount(period_of_month, minlength=len(labels))
    expected = 1 if period == "month" else 3
    partial = [
        f"Period {label} holds only {n} of {expected} months of data (the window is "
        f"{clean.months[0]}..{clean.months[-1]}): its totals and quota are not comparable."
        for label, n in zip(labels, months_in, strict=True)
        if n < expected
    ]
    n_reps, n_periods = len(clean.reps), len(labels)
    shape = (n_reps, n_periods)
    rep_pos = pd.Series(np.arange(n_reps), index=clean.reps["rep_id"])
    deals = clean.deals
    first_month = clean.months[0]

    def month_index(dates: pd.Series) -> np.ndarray:
        offset = (dates.dt.to_period("M") - first_month).map(lambda d: d.n if pd.notna(d) else -1)
        return np.asarray(offset, dtype=int)

    # Closed deals by close date.
    closed = deals[deals["stage"].isin(["won", "lost"])]
    c_rep = rep_pos.reindex(closed["rep_id"]).to_numpy()
    c_period = period_of_month[month_index(closed["close_date"])]
    is_won = (closed["stage"] == "won").to_numpy()
    amount = closed["amount"].fillna(0).to_numpy(dtype=float) * is_won
    new = closed["is_new_customer"].to_numpy()
    big = closed["is_big"].to_numpy()
    measures: dict[str, np.ndarray] = {
        "deals_won": _accumulate(c_rep, c_period, is_won.astype(float), shape),
        "deals_lost": _accumulate(c_rep, c_period, (~is_won).astype(float), shape),
        "new_customers": _accumulate(c_rep, c_period, new.astype(float), shape),
        "revenue_booked_new": _accumulate(c_rep, c_period, amount * new, shape),
        "revenue_booked_existing": _accumulate(c_rep, c_period, amount * ~new, shape),
        "revenue_booked_big": _accumulate(c_rep, c_period, amount * big, shape),
    }

    # Customer books: an account joins a rep's book with the rep's first win on it.
    w = is_won & closed["account"].notna().to_numpy()
    w_rep, w_period = c_rep[w], c_period[w]
    w_account = closed["account"][w]
    first_book, first = _first_seen_counts(w_rep, w_period, w_account, shape)
    # Customers in the book at the start of a period: joined in an earlier period.
    measures["existing_customers"] = np.cumsum(first_book, axis=1) - first_book
    buys = pd.DataFrame({"rep": w_rep, "period": w_period, "key": w_account.to_numpy()})
    buys = buys.drop_duplicates().merge(first, on=["rep", "key"], suffixes=("", "_first"))
    repeat = buys[buys["period"] > buys["period_first"]]
    measures["repeat_customers"] = _accumulate(
        repeat["rep"].to_numpy(), repeat["period"].to_numpy(), np.ones(len(repeat)), shape
    )
    if deals["sector"].notna().any():
        measures["new_segments"], _ = _first_seen_counts(
            w_rep, w_period, closed["sector"][w], shape
        )

    # Pipeline: leads by the month they entered negotiation (engage date).
    engaged = deals[deals["engage_date"].notna()]
    e_month = month_index(engaged["engage_date"])
    inside = (e_month >= 0) & (e_month < len(clean.months))
    e_rep = rep_pos.reindex(engaged["rep_id"]).to_numpy()[inside]
    e_period = period_of_month[e_month[inside]]
    negotiation = _accumulate(e_rep, e_period, np.ones(len(e_rep)), shape)
    measures["leads_negotiation"] = negotiation
    prospects = np.zeros(shape)
    if mapping.undated_prospects == "last_period":
        undated = deals[(deals["stage"] == "prospecting") & deals["engage_date"].isna()]
        u_rep = rep_pos.reindex(undated["rep_id"]).to_numpy()
        prospects = _accumulate(
            u_rep, np.full(len(u_rep), n_periods - 1), np.ones(len(u_rep)), shape
        )
    measures["leads_prospecting"] = negotiation + prospects

    # Cash: assumed = booked, shifted by the collection lag (in output periods).
    lag_months = mapping.collection_lag_months
    lag = lag_months if period == "month" else int(np.ceil(lag_months / 3))
    for part in ("new", "existing", "big"):
        booked = measures[f"revenue_booked_{part}"]
        collected = np.zeros(shape)
        collected[:, lag:] = booked[:, : n_periods - lag]
        measures[f"revenue_collected_{part}"] = collected
    measures["receivable"] = (
        measures["revenue_collected_new"] + measures["revenue_collected_existing"]
    )
    measures["person_id"] = np.broadcast_to(np.arange(n_reps, dtype=float)[:, None], shape).copy()

    booked_total = measures["revenue_booked_new"] + measures["revenue_booked_existing"]
    quota, quota_notes = _quotas(clean, booked_total, labels, period, quotas)
    measures["quota"] = quota
    present = [m for m in MEASURES if m in measures]
    assumed = [
        "quota",
        "revenue_collected_new",
        "revenue_collected_existing",
        "revenue_collected_big",
        "receivable",
        "person_id",
    ]
    assumed = [m for m in assumed if m in measures]
    return Outcomes(
        reps=clean.reps.copy(),
        periods=labels,
        measures={name: values[None, :, :] for name, values in measures.items()},
        truth=None,
        source="actuals",
        meta={
            "mapping": mapping.name,
            "period": period,
            "measures_present": present,
            "measures_assumed": assumed,
            "measures_absent": [m for m in MEASURES if m not in measures],
            "assumptions": [*clean.report.assumptions, *quota_notes, *partial],
        },
    )


def _quotas(
    clean: CleanActuals,
    booked: np.ndarray,
    labels: list[str],
    period: PeriodKind,
    override: str | Path | float | pd.DataFrame | None,
) -> tuple[np.ndarray, list[str]]:
    """Quota per (rep, period) and the sentences that state how it was set."""
    rule = clean.mapping.quota
    shape = booked.shape
    months_per_period = 1 if period == "month" else 3
    if isinstance(override, int | float) and not isinstance(override, bool):
        if override <= 0:
            raise ValueError(f"quotas: {override!r} must be a positive amount per rep and period")
        return np.full(shape, float(override)), [
            f"Quota: {override:,.0f} per rep and {period} (given)."
        ]
    if override is not None or rule.rule == "file":
        if override is None:
            # The mapping's quota file sits with the export (relative to data_dir).
            override = clean.data_dir / str(rule.file)
        return _quota_file(clean, override, labels, period)
    if rule.rule == "fixed":
        assert rule.amount is not None
        return np.full(shape, rule.amount * months_per_period), [
            f"Quota: fixed {rule.amount:,.0f} per rep and month (mapping quota.amount)."
        ]
    team_codes, teams = pd.factorize(clean.reps["team"])
    headcount = np.bincount(team_codes, minlength=len(teams)).astype(float)
    team_booked = np.zeros((len(teams), shape[1]))
    np.add.at(team_booked, team_codes, booked)
    per_head = team_booked / headcount[:, None]
    growth = 1 + rule.growth
    if rule.rule == "team_mean_share":
        quota = growth * per_head.mean(axis=1, keepdims=True) * np.ones((1, shape[1]))
        return quota[team_codes], [
            f"Quota: flat, (1 + {rule.growth:g}) x the team's mean per-{period} booked revenue "
            "over the whole window, split equally over all the team's reps (including reps "
            "with no deals). In-sample: it uses the outcomes it is compared with."
        ]
    lookback = max(1, int(np.ceil(rule.lookback_months / months_per_period)))
    lookback = min(lookback, shape[1])
    csum = np.concatenate([np.zeros((len(teams), 1)), np.cumsum(per_head, axis=1)], axis=1)
    t = np.arange(shape[1])
    start = np.maximum(t - lookback, 0)
    # Periods with a full prior window use it; earlier ones use the first window (in-sample).
    start = np.where(t >= lookback, start, 0)
    stop = np.where(t >= lookback, t, lookback)
    quota = growth * (csum[:, stop] - csum[:, start]) / (stop - start)
    quota = quota[team_codes]
    zero = quota <= 0
    notes = [
        f"Quota: (1 + {rule.growth:g}) x the team's mean booked revenue per {period} over the "
        f"previous {lookback} {period}(s), split equally over all the team's reps (including "
        f"reps with no deals). The first {lookback} {period}(s) have no prior: they use the "
        f"mean of periods {labels[0]}..{labels[lookback - 1]} (in-sample)."
    ]
    if zero.any():
        notes.append(
            f"Quota is zero for {int(zero.sum())} rep-periods (teams with no prior revenue): "
            "attainment is undefined there."
        )
    return quota, notes


def _quota_file(
    clean: CleanActuals,
    source: str | Path | pd.DataFrame,
    labels: list[str],
    period: PeriodKind,
) -> tuple[np.ndarray, list[str]]:
    if isinstance(source, pd.DataFrame):
        table, where = source.copy(), "quotas table"
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"quota file {path} does not exist")
        table, where = pd.read_csv(path, dtype={"rep_id": str, "period": str}), str(path)
    missing = [c for c in ("rep_id", "period", "quota") if c not in table.columns]
    if missing:
        raise ValueError(f"{where}: missing columns {missing}; expected rep_id, period, quota")
    table["quota"] = pd.to_numeric(table["quota"], errors="coerce")
    bad = table["quota"].isna() | (table["quota"] <= 0)
    if bad.any():
        raise ValueError(
            f"{where}: row {int(np.flatnonzero(bad)[0])}: quota must be a positive number"
        )
    grid = pd.DataFrame(0.0, index=clean.reps["rep_id"], columns=labels)
    table = table[table["rep_id"].isin(grid.index) & table["period"].isin(labels)]
    pivot = table.pivot_table(index="rep_id", columns="period", values="quota", aggfunc="sum")
    grid = pivot.reindex(index=grid.index, columns=labels)
    gaps = grid.isna().to_numpy()
    if gaps.any():
        first = np.argwhere(gaps)[0]
        raise ValueError(
            f"{where}: no quota for {int(gaps.sum())} rep-periods, e.g. rep "
            f"{grid.index[first[0]]!r} period {labels[first[1]]!r}; expected one per rep and "
            f"{period} ({labels[0]}..{labels[-1]})"
        )
    return grid.to_numpy(dtype=float), [f"Quota: from {where}."]


def load_actuals(
    mapping: ActualsMapping | str | Path,
    *,
    strict: bool = False,
    period: PeriodKind = "month",
    quotas: str | Path | float | pd.DataFrame | None = None,
    data_dir: str | Path | None = None,
) -> tuple[Outcomes, ValidationReport]:
    """Import a CRM export as outcomes with one simulation and no truth.

    Parameters
    ----------
    mapping
        A mapping YAML path (``mappings/maven_crm.yaml``) or a loaded :class:`ActualsMapping`.
    strict
        Raise :class:`ActualsValidationError` on any problem other than a note, instead of
        applying the stated fixes.
    period
        ``"month"`` (what the plan engine expects) or ``"quarter"``.
    quotas
        Overrides the mapping's quota rule: a CSV path / DataFrame (rep_id, period, quota),
        or a number (quota per rep and period).
    data_dir
        Folder with the export files; overrides the mapping's ``data_dir``.

    Examples
    --------
    >>> outcomes, report = load_actuals("mappings/maven_crm.yaml")  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    """
    clean = read_actuals(mapping, data_dir=data_dir)
    if strict and not clean.report.ok:
        raise ActualsValidationError(clean.report)
    outcomes = outcomes_from_deals(clean, period=period, quotas=quotas)
    return outcomes, report_for(clean, outcomes)


# --------------------------------------------------------------------------------------
# Replay: keep-whole view
# --------------------------------------------------------------------------------------


def keep_whole(
    current_pay_per_rep: pd.Series | dict[str, float],
    alternative_pay_per_rep: pd.Series | dict[str, float],
    *,
    loss_threshold: float = 0.05,
) -> pd.DataFrame:
    """Per rep: pay under the current plan and an alternative, the change, the % change,
    and whether the rep loses more than `loss_threshold` (5%): the reps a plan change
    would have to keep whole. Both inputs are indexed by rep_id over the same reps.
    """
    current = pd.Series(current_pay_per_rep, dtype=float)
    alternative = pd.Series(alternative_pay_per_rep, dtype=float)
    only = sorted(set(current.index) ^ set(alternative.index))
    if only:
        raise ValueError(
            f"keep_whole: reps {only[:5]} appear in one pay table only; both must cover the "
            "same reps"
        )
    alternative = alternative.reindex(current.index)
    change = alternative - current
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(current.to_numpy() != 0, change / current * 100, np.nan)
    table = pd.DataFrame(
        {
            "rep_id": current.index.astype(str),
            "current": current.to_numpy(),
            "alternative": alternative.to_numpy(),
            "change": change.to_numpy(),
            "pct_change": pct,
        }
    )
    table["loses_more_than_5pct"] = table["change"] < -loss_threshold * table["current"].abs()
    if loss_threshold != 0.05:
        table = table.rename(
            columns={
                "loses_more_than_5pct": f"loses_more_than_{loss_threshold:.0%}".replace("%", "pct")
            }
        )
    return table


def keep_whole_summary(table: pd.DataFrame) -> dict[str, float]:
    """Totals of a :func:`keep_whole` table: how many reps lose more than the threshold and
    by how much in total, and what topping every loser back up to current pay would cost."""
    flag = next(c for c in table.columns if c.startswith("loses_more_than_"))
    losers = table["change"] < 0
    return {
        "reps": len(table),
        "reps_losing": int(losers.sum()),
        "reps_losing_over_threshold": int(table[flag].sum()),
        "loss_of_reps_over_threshold": float(-table.loc[table[flag], "change"].sum()),
        "keep_whole_cost": float(-table.loc[losers, "change"].sum()),
        "total_change": float(table["change"].sum()),
    }


def kpi_coverage(
    outcomes: Outcomes, weights: dict[str, dict[str, float]] | None = None
) -> pd.DataFrame:
    """Which KPIs can be scored on these outcomes: per KPI (and role, when the plan's
    `scoring.weights` are given, for the roles the outcomes hold), the measures it needs,
    those the outcomes lack (they read as zeros) and those that are assumed, not observed.
    """
    from salesperf_model.schema import KPI_CATALOG

    present = set(outcomes.measures)
    assumed = set(outcomes.meta.get("measures_assumed", []))
    if weights is None:
        pairs = [("", name, np.nan) for name in KPI_CATALOG]
    else:
        roles = sorted(set(outcomes.reps["role"]))
        pairs = [(role, kpi, w) for role in roles for kpi, w in weights.get(role, {}).items()]
    rows = []
    for role, name, weight in pairs:
        if name not in KPI_CATALOG:
            raise ValueError(
                f"scoring.weights.{role}.{name}: unknown KPI; known: {sorted(KPI_CATALOG)}"
            )
        kpi = KPI_CATALOG[name]
        needed = list(dict.fromkeys([*kpi.numerator, *kpi.denominator]))
        missing = [m for m in needed if m not in present]
        rows.append(
            {
                "role": role,
                "kpi": name,
                "family": kpi.family,
                "weight": weight,
                "measures": ", ".join(needed),
                "missing": ", ".join(missing),
                "assumed": ", ".join(m for m in needed if m in assumed),
                "scorable": not missing,
                "if_absent": ""
                if not missing
                else (
                    "reads as 0: full points for a lower-is-better KPI (misleading)"
                    if kpi.direction == "lower"
                    else "reads as 0: no points"
                ),
            }
        )
    return pd.DataFrame(rows)


def pay_per_rep(result: Any, simulation: int = 0) -> pd.Series:
    """Total pay over the whole window per rep_id (one simulation of a ``PlanResult``): the
    input :func:`keep_whole` compares across plans."""
    total = result.total_pay()[simulation].sum(axis=-1)
    return pd.Series(total, index=pd.Index(result.rep_ids, name="rep_id"), name="pay")
