"""A repeated opportunity id reported as what it is: an exact copy of the row kept (nothing
is lost by dropping it), or a copy that disagrees with the row kept (the import throws its
values away), naming the line kept, the line dropped and the columns that differ with both
values, so the analyst can tell which close value was paid."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # cleaning.py calls this module
    from salesperf_model.actuals.cleaning import ImportContext

_KEY = "opportunities.columns.opportunity_id (a column with one id per deal)"


def report_repeated_ids(deals: pd.DataFrame, repeated: pd.Series, ctx: ImportContext) -> None:
    """Log the rows `repeated` marks (later copies of an id, dropped) as two problems:
    exact copies of the first row with that id, and copies that differ from it."""
    assert ctx.mapping.opportunities is not None
    oc, file = ctx.mapping.opportunities.columns, ctx.mapping.opportunities.file
    keys = [c for c in deals.columns if c not in ("row", "opportunity_id")]
    later = deals[repeated]
    ids = deals["opportunity_id"]
    first = deals[~repeated & ids.isin(later["opportunity_id"])].set_index("opportunity_id")
    kept = first.reindex(later["opportunity_id"]).set_axis(later.index)
    text = lambda table: table[keys].astype("string").fillna("")  # noqa: E731
    differs = text(later).ne(text(kept))
    conflicting = pd.Series(False, index=deals.index)
    conflicting[later.index] = differs.any(axis=1)
    ctx.problems.add(
        file,
        oc.opportunity_id or "",
        "opportunity id repeated, an exact copy of the row kept",
        mask=repeated & ~conflicting,
        fix="later copies dropped",
        severity="error",
        values=ids,
        key=_KEY,
    )
    examples = []
    for at in conflicting[conflicting].index[:3]:
        columns = [c for c in keys if differs.at[at, c]]
        said = ", ".join(
            f"{getattr(oc, 'rep' if c == 'rep_id' else c, c)} ({_cell(later.at[at, c])} vs "
            f"{_cell(kept.at[at, c])})"
            for c in columns
        )
        examples.append(
            f"line {int(later.at[at, 'row']) + 2}, dropped, differs from line "
            f"{int(kept.at[at, 'row']) + 2}, kept, on {said}"
        )
    more = int(conflicting.sum()) - len(examples)
    examples += [f"{more:,} more"] if more > 0 else []
    ctx.problems.add(
        file,
        oc.opportunity_id or "",
        f"opportunity id repeated with other values than the row kept ({'; '.join(examples)})",
        mask=conflicting,
        fix="later copies dropped: the first line's values are paid",
        severity="error",
        values=ids,
        key=_KEY,
    )


def _cell(value: object) -> str:
    """A cell as the export wrote it, '(blank)' for an empty one."""
    return "(blank)" if pd.isna(value) or str(value) == "" else repr(str(value))
