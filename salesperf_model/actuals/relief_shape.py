"""The mapping section of a relief table: leaves and territory carve-outs per rep
(read by ``actuals/relief_table.py``)."""

from __future__ import annotations

from pydantic import Field

from salesperf_model.actuals.shapes import TableSource
from salesperf_model.schema import Section


class ReliefColumns(Section):
    """Column names in a relief table, one row per relief."""

    rep: str = Field(description="Rep relieved (as in the fact table).")
    start: str = Field(description="First month (2026-04) or day (2026-04-15) relieved.")
    end: str = Field(description="Last month or day relieved (inclusive).")
    reason: str = Field(
        description="`leave` (leave of absence) or `carve_out` (territory carved out)."
    )
    share: str | None = Field(
        None,
        description="Share of the quota removed, 0..1 (None: the whole quota, 1).",
    )


class ReliefTable(TableSource):
    """Quota relief per rep and time span (leave, carve-outs); a plan's ``pay.relief``
    decides whether it prorates quota."""

    columns: ReliefColumns = Field(description="Column names in the relief table.")
