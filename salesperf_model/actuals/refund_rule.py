"""The mapping's `refunds:` section: which rows of a deal export are refunds and which deal each cancels (read in refunds.py)."""

from __future__ import annotations

from pydantic import Field

from salesperf_model.schema import Section


class RefundRule(Section):
    """Which rows of the opportunity export are refunds (``refunds:`` in a mapping)."""

    stages: list[str] = Field(
        default_factory=list,
        description="Stage (status) values that mark a refund, credit note or cancellation, e.g. [Refunded, Credit note]; they must not be listed under `opportunities.stages`. Default: none.",
    )
    negative_amounts: bool = Field(
        False,
        description="Rows with a negative amount are refunds (credit notes written as negative lines). Default false: a negative amount is an error and the row is dropped.",
    )
    original_id: str | None = Field(
        None,
        description="Column holding the opportunity id of the deal a refund cancels (a credit note's invoice reference). None: a refund row cancels the won deal with its own opportunity id.",
    )
    date: str | None = Field(
        None,
        description="Column with the date the refund was issued (it lands in that month). None: the row's close date.",
    )
