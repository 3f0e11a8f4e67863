"""Mapping sections for one row per deal: the opportunity table and its stages, and the
team, account and product tables beside it.

Declarative: one :class:`Section` per table, naming its columns; :class:`ActualsMapping`
(``actuals/mapping.py``) holds them, and ``actuals/reading.py`` reads them.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.actuals.shapes import TableSource
from salesperf_model.schema import Section


class OpportunityColumns(Section):
    """Column names in the opportunity (pipeline) export."""

    opportunity_id: str | None = Field(
        None,
        description=(
            "Unique opportunity identifier (None: the export has none; every row is one deal "
            "and repeated ids cannot be checked)."
        ),
    )
    rep: str = Field(description="Sales rep who owns the opportunity (matches the team table).")
    stage: str | None = Field(
        None,
        description=(
            "Deal stage; values are mapped by `stages` (None: every row is a won deal, e.g. an "
            "invoice or order export)."
        ),
    )
    close_date: str = Field(description="Date the deal was won or lost (blank while open).")
    amount: str = Field(description="Deal value booked when won (money).")
    engage_date: str | None = Field(
        None, description="Date the deal entered the negotiation stage (None: export lacks it)."
    )
    account: str | None = Field(None, description="Customer account (None: export lacks it).")
    product: str | None = Field(None, description="Product sold (None: export lacks it).")


class StageMap(Section):
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


class OpportunityTable(TableSource):
    columns: OpportunityColumns = Field(description="Column names in this file.")
    stages: StageMap | None = Field(
        None,
        description="How export stage values map to pipeline stages (needed with columns.stage).",
    )

    @model_validator(mode="after")
    def _stages_with_stage(self) -> OpportunityTable:
        if self.columns.stage is not None and self.stages is None:
            raise ValueError(
                f"opportunities.stages: missing; columns.stage is {self.columns.stage!r}, so "
                "say which of its values are won, lost, negotiation and prospecting (or drop "
                "columns.stage when every row is a won deal)"
            )
        if self.columns.stage is None and self.stages is not None:
            raise ValueError(
                "opportunities.stages: given without columns.stage; name the stage column, or "
                "drop stages when every row is a won deal"
            )
        return self


class TeamColumns(Section):
    rep: str = Field(description="Rep name, as in the opportunity export.")
    team: str = Field(description="Team column (e.g. the manager): reps under one manager.")
    region: str = Field(description="Region column (e.g. the regional office).")


class TeamTable(TableSource):
    columns: TeamColumns = Field(description="Column names in the team table.")


class AccountColumns(Section):
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


class ProductColumns(Section):
    product: str = Field(description="Product name, as in the opportunity export.")
    list_price: str | None = Field(None, description="List price per deal (money).")
    line: str | None = Field(
        None,
        description=(
            "Product line (series) of each product: the names plans set rate factors for "
            "(`pay.commission.product_factors`) and the import's product shares are kept "
            "by. None: each product is its own line. A product not in the table is its "
            "own line."
        ),
    )


class ProductTable(TableSource):
    columns: ProductColumns = Field(description="Column names in the product table.")
