"""Each seat's role, region or team as an integer code, worked out once per rep table.

Pay rules, scoring and the measures ask a rep table for its seats' roles and regions
hundreds of times per chunk of simulations (a cap by role, a team pool, a KPI's regional
sum). Turning 100,000 strings into codes each time cost more than the arithmetic on the
codes: with one simulation per chunk, as at 100,000 reps, it made the time per rep-month
three times that at 1,000 reps. ``seat_labels`` keeps the codes of a column beside the
column's own immutable Arrow data and reuses them while a column holds that same data: a
shallow copy of the table (each chunk's, ``simulate.seats.seated``) shares it, an edit
makes new data. A column of any other kind is coded afresh each time.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SeatLabels:
    """A label per seat as ``codes`` into ``names`` (sorted, as ``np.unique`` gives them);
    ``codes`` is read-only (it may be shared between callers)."""

    codes: np.ndarray
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def values(self, by_label: Mapping[str, float], default: float) -> np.ndarray:
        """Each seat's value from its label (``default`` for labels not named)."""
        table = np.array([by_label.get(name, default) for name in self.names], dtype=float)
        return table[self.codes]

    def isin(self, labels: Iterable[str]) -> np.ndarray:
        """Which seats carry one of ``labels``."""
        wanted = set(labels)
        return np.array([name in wanted for name in self.names], dtype=bool)[self.codes]

    def subset(self, seats: np.ndarray) -> SeatLabels:
        """The labels of ``seats`` (an index or mask), with the same names."""
        return SeatLabels(_frozen(self.codes[seats]), self.names)

    def strings(self) -> np.ndarray:
        """Each seat's label as a string (an object array)."""
        return np.array(self.names, dtype=object)[self.codes]


def labels_of(values: Iterable[object]) -> SeatLabels:
    """The labels of any sequence of values, as strings (not cached)."""
    series = pd.Series(values)
    if not pd.api.types.is_string_dtype(series.dtype):
        series = series.astype(str)
    if not series.isna().any():  # sorted as it is coded (rep ids: 100,000 labels)
        codes, uniques = pd.factorize(series, sort=True)
        return SeatLabels(_frozen(codes), tuple(np.asarray(uniques, dtype=object).tolist()))
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    names = np.array(
        [u if type(u) is str else str(u) for u in np.asarray(uniques, dtype=object)],
        dtype=object,
    )
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(names), dtype=np.intp)
    rank[order] = np.arange(len(names))
    return SeatLabels(_frozen(rank[codes]), tuple(names[order].tolist()))


#: id of a column's Arrow data -> (a weak reference to it, its labels); an entry goes
#: when its data is collected. Arrow data never changes in place, so equal identity is
#: equal labels, whichever table (or shallow copy of one) holds it
_CACHE: dict[int, tuple[weakref.ref, SeatLabels]] = {}


def seat_labels(reps: pd.DataFrame, column: str) -> SeatLabels:
    """The labels of a rep table's ``column`` (as strings), cached while the column holds
    the same Arrow data."""
    values = reps[column].array
    source = getattr(values, "_pa_array", None)
    if source is None:
        return labels_of(values)
    key = id(source)
    kept = _CACHE.get(key)
    if kept is not None and kept[0]() is source:
        return kept[1]
    labels = labels_of(values)
    try:
        reference = weakref.ref(source, lambda _, key=key: _CACHE.pop(key, None))
    except TypeError:  # data that cannot be weakly referenced: not kept
        return labels
    _CACHE[key] = (reference, labels)
    return labels


def text_labels(reps: pd.DataFrame, column: str) -> SeatLabels | None:
    """:func:`seat_labels` of a text column without blanks (its labels are its own values,
    sorted); None for any other column (numbers, blanks in an import), which a caller
    codes its own way."""
    values = reps[column]
    if pd.api.types.is_string_dtype(values.dtype) and not values.isna().any():
        return seat_labels(reps, column)
    return None


def kept_labels(reps: pd.DataFrame, column: str) -> SeatLabels | None:
    """:func:`text_labels` of a column whose labels are kept (Arrow-backed text), else None:
    a caller's own quick way (a plain object column's ``unique``) beats coding it afresh."""
    if getattr(reps[column].array, "_pa_array", None) is None:
        return None
    return text_labels(reps, column)


def label_strings(reps: pd.DataFrame, column: str) -> np.ndarray:
    """A rep table's ``column`` as an object array of its strings, read-only: made from
    the kept codes where they are kept (no string read out of an Arrow column per seat:
    4 ms at 100,000 reps, asked by several metrics a chunk), else a copy of the column's
    values (``to_numpy`` may hand out the frame's own array, which must stay writeable)."""
    labels = kept_labels(reps, column)
    values = reps[column].to_numpy(copy=True) if labels is None else labels.strings()
    values.flags.writeable = False
    return values


def _frozen(codes: np.ndarray) -> np.ndarray:
    codes = np.asarray(codes, dtype=np.intp)
    codes.flags.writeable = False
    return codes
