"""Finding one rep and one review period in a plan result, with errors that say what exists."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np

from salesperf_model.tables.periods import parse_period


class PeopleInputError(ValueError):
    """A rep, period or measure that the data or the plan does not have."""


def rep_index(rep_ids: Sequence[str], rep_id: str) -> int:
    """Position of ``rep_id``; an unknown id names the closest ids."""
    ids = [str(r) for r in rep_ids]
    if str(rep_id) in ids:
        return ids.index(str(rep_id))
    close = difflib.get_close_matches(str(rep_id), ids, n=3, cutoff=0.4)
    hint = f"closest: {', '.join(close)}" if close else f"the data has {len(ids)} reps"
    raise PeopleInputError(
        f"rep {rep_id!r} is not in the data ({hint}); rep ids are e.g. {', '.join(ids[:5])}"
    )


def review_index(
    review_labels: Sequence[str],
    periods: Sequence[str],
    period: str | None,
    *,
    review_of_month: np.ndarray,
) -> int:
    """Position of a review period given by its label (2026-Q1) or by one of its months
    (2026-02); None: the last review period. A period outside the data names the range."""
    labels = [str(label) for label in review_labels]
    if period is None:
        return len(labels) - 1
    if str(period) in labels:
        return labels.index(str(period))
    months = [str(p) for p in periods]
    if str(period) in months:
        return int(review_of_month[months.index(str(period))])
    parsed = parse_period(str(period))
    if parsed is None:
        raise PeopleInputError(
            f"period {period!r} is not a period: give a review period ({labels[0]}; also "
            f"spelt 2026Q1 or Q1 2026) or one of its months ({periods[0]}); review periods "
            f"are {', '.join(labels)}"
        )
    if parsed.label in labels:
        return labels.index(parsed.label)
    if parsed.label in months:
        return int(review_of_month[months.index(parsed.label)])
    raise PeopleInputError(
        f"period {period!r} is outside the data: review periods are {', '.join(labels)} "
        f"(months {periods[0]} to {periods[-1]})"
    )


def review_months(review_of_month: np.ndarray, review: int) -> np.ndarray:
    """Month positions of one review period."""
    return np.flatnonzero(np.asarray(review_of_month) == review)
