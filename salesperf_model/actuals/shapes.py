"""Mapping sections for export shapes beyond one row per deal: revenue already summed per
rep and period, a roster / HR table, a cash (collections) table and a quota table.

Declarative: one :class:`Section` per table, naming its columns; the reading is in
``actuals/shaped.py`` and ``actuals/roster.py``.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.schema import Section


class TableSource(Section):
    """A CSV or Parquet file, relative to `data_dir` (or absolute)."""

    file: str = Field(description="File name (.csv or .parquet), relative to data_dir.")


class RevenueColumns(Section):
    """Column names in a table of revenue already summed per rep and period."""

    rep: str = Field(description="Sales rep (matches the roster or team table).")
    period: str = Field(
        description=(
            "Period label: months 2024-03, quarters 2024Q3 / 2024-Q3 / Q3 2024, half years "
            "2024H1 (one kind per table; fiscal quarters per `fiscal_year_start`)."
        )
    )
    amount: str = Field(description="Revenue booked by the rep in the period (money).")
    new_amount: str | None = Field(
        None,
        description=(
            "Part of `amount` from new customers (None: not known; all of it counts as "
            "existing-customer revenue, as deals without an account do)."
        ),
    )
    deals: str | None = Field(None, description="Deals won in the period (None: not known).")


class RevenueTable(TableSource):
    columns: RevenueColumns = Field(description="Column names in the revenue table.")


class RosterColumns(Section):
    """Column names in a roster / HR table, one row per rep (or per rep and change)."""

    rep: str = Field(description="Rep name, as in the fact table.")
    role: str | None = Field(None, description="Role, one of the toolkit's role keys.")
    region: str | None = Field(None, description="Region.")
    team: str | None = Field(None, description="Team (e.g. the manager).")
    region_tier: str | None = Field(None, description="Market tier 1..3 of the region.")
    group: str | None = Field(None, description="Group attribute for pay equity (e.g. gender).")
    hire_date: str | None = Field(None, description="First day in the seat (blank: before).")
    exit_date: str | None = Field(None, description="Last day in the seat (blank: still in).")
    effective_from: str | None = Field(
        None,
        description=(
            "Date or period from which the row's role, region, team... hold; several rows "
            "per rep say when a rep moved (None: one row per rep)."
        ),
    )


class RosterTable(TableSource):
    columns: RosterColumns = Field(description="Column names in the roster.")


class CollectionsColumns(Section):
    rep: str = Field(description="Rep credited with the cash.")
    date: str | None = Field(None, description="Date the cash came in (or `period`).")
    period: str | None = Field(None, description="Period label (or `date`).")
    amount: str = Field(description="Cash collected (money).")

    @model_validator(mode="after")
    def _date_or_period(self) -> CollectionsColumns:
        if (self.date is None) == (self.period is None):
            raise ValueError("collections.columns: give exactly one of date and period")
        return self


class CollectionsTable(TableSource):
    columns: CollectionsColumns = Field(description="Column names in the cash table.")


class QuotaColumns(Section):
    rep: str = Field(description="Rep the quota is for.")
    period: str = Field(description="Period label (months, quarters or half years).")
    amount: str = Field(description="Quota for the period (money).")


class QuotaTable(TableSource):
    columns: QuotaColumns = Field(description="Column names in the quota table.")
