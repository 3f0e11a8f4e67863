"""Checking a table's cells against what its columns declare: every bad cell at once.

A :class:`TableSpec` says which columns a table needs and knows, which are ids (spaces
around them removed and reported), which attributes must not change within an id, which
are numbers (finite, within bounds: non-negative unless declared signed), and which holds
the period (months, quarters or half years in the spellings of :mod:`.periods`, one kind per
table, stated, sorted as time, every id with every period), and which columns are parts of
others (:mod:`.parts`)."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesperf_model.tables.parts import PartOf, check_parts
from salesperf_model.tables.periods import (
    Period,
    describe_kind,
    every_period,
    parse_period,
    period_sort_key,
)
from salesperf_model.tables.problems import TableProblems
from salesperf_model.tables.text import CsvText

#: Largest magnitude any number may have: beyond it sums overflow or a unit is wrong.
MAX_MAGNITUDE = 1e15


@dataclass(frozen=True)
class NumberRule:
    """Bounds of a number column; ``signed`` columns may be negative (refunds)."""

    low: float = 0.0
    high: float = MAX_MAGNITUDE
    integer: bool = False
    #: why the column holds whole numbers, said after "not a whole number"
    whole_because: str = ""
    #: a negative may be declared signed (money refunds can make negative): only then
    #: does the "negative" problem point at ``--signed``
    signable: bool = False


@dataclass(frozen=True)
class TableSpec:
    """What a table's columns mean (see the module docstring)."""

    required: tuple[str, ...]
    known: frozenset[str] | None = None
    id_columns: tuple[str, ...] = ()
    group_columns: tuple[str, ...] = ()
    attribute_columns: tuple[str, ...] = ()
    numbers: Mapping[str, NumberRule] = field(default_factory=dict)
    choices: Mapping[str, Collection[str]] = field(default_factory=dict)
    period_column: str | None = None
    #: first month (1..12) of the fiscal year quarter and half numbers count from
    fiscal_start: int = 1
    #: a fiscal year is named by the calendar year it "end"s or "start"s in
    fiscal_named_by: str = "end"
    #: ids whose attribute changes a roster explains (checked against it afterwards)
    changes_explained: frozenset[str] = frozenset()
    #: columns that may not exceed the sum of others in a row (checked once cells are good)
    parts: tuple[PartOf, ...] = ()


@dataclass
class CheckedTable:
    """A table that passed: numbers as floats, periods canonical, the periods in time order,
    and what the reader changed, in words."""

    frame: pd.DataFrame
    lines: np.ndarray
    periods: list[str]
    notes: list[str]
    #: "month", "quarter" or "half_year" (None: the table has no period column)
    period_kind: str | None = None


def period_key(label: str) -> tuple[int, int] | None:
    """(first month, months spanned) of a period label in any accepted spelling (calendar
    year), for sorting as time; None for anything else."""
    return period_sort_key(label)


def _check_columns(text: CsvText, spec: TableSpec, problems: TableProblems) -> None:
    columns = list(text.frame.columns)
    for name in spec.required:
        if name not in columns:
            problems.add(1, name, f"required column missing; the header has {columns}")
    if spec.known is not None:
        for name in columns:
            if name not in spec.known:
                close = difflib.get_close_matches(name, sorted(spec.known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.add(1, name, f"unknown column{hint}")


def _strip(text: CsvText, spec: TableSpec, problems: TableProblems) -> pd.DataFrame:
    """Every cell without surrounding spaces; removed spaces in ids and attributes said."""
    frame = text.frame.apply(lambda column: column.str.strip())
    for name in (*spec.id_columns, *spec.attribute_columns):
        if name not in frame.columns:
            continue
        changed = (frame[name] != text.frame[name]).to_numpy()
        if changed.any():
            first = int(np.argmax(changed))
            problems.note(
                f"{problems.where}: column {name!r}: spaces around "
                f"{int(changed.sum()):,} value{'' if changed.sum() == 1 else 's'} removed, e.g. line {text.lines[first]}: "
                f"{text.frame[name].iloc[first]!r} read as {frame[name].iloc[first]!r}"
            )
    return frame


def number_problem(raw: str, value: float, rule: NumberRule) -> str | None:
    """What is wrong with one number cell (``raw`` as written, ``value`` as read), or None:
    the table reader's rule, also for a value typed elsewhere (an appeal's what-if)."""
    if raw == "":
        return "empty; write 0 for none"
    if math.isnan(value):
        if raw.lower() in ("nan", "-nan", "+nan"):
            return "not a finite number"
        if re.fullmatch(r"[-+]?\d+,\d+", raw):
            return "is not a number (decimal comma or thousands separator? write 1.5 or 1500)"
        return "is not a number"
    if math.isinf(value):
        return "not a finite number"
    if abs(value) > MAX_MAGNITUDE:
        return f"implausibly large (magnitude above {MAX_MAGNITUDE:.0e})"
    if value < rule.low:
        if rule.low == 0 and rule.signable:
            return (
                "negative; only columns declared signed may be negative (refunds: --signed COLUMN)"
            )
        if rule.low == 0:  # a quota, count or score: no refund makes it negative
            bounds = "0 or more" if rule.high >= MAX_MAGNITUDE else f"0..{rule.high:g}"
            return f"negative; expected {bounds}"
        return f"below {rule.low:g}; expected {rule.low:g}..{rule.high:g}"
    if value > rule.high:
        return f"above {rule.high:g}; expected {rule.low:g}..{rule.high:g}"
    if rule.integer and value != round(value):
        return "not a whole number" + (f"; {rule.whole_because}" if rule.whole_because else "")
    return None


def _numbers(frame: pd.DataFrame, lines: np.ndarray, spec: TableSpec, problems: TableProblems):
    for name, rule in spec.numbers.items():
        if name not in frame.columns:
            continue
        raw = frame[name]
        values = pd.to_numeric(raw.where(raw != "", None), errors="coerce").astype(float)
        array = values.to_numpy()
        ok = np.isfinite(array) & (array >= rule.low) & (array <= rule.high)
        ok &= np.abs(array) <= MAX_MAGNITUDE
        if rule.integer:
            ok &= array == np.round(array)
        for position in np.flatnonzero(~ok):
            problem = number_problem(raw.iloc[position], array[position], rule)
            if problem:
                problems.add(lines[position], name, problem, value=raw.iloc[position])
        frame[name] = values


def _ids(frame: pd.DataFrame, lines: np.ndarray, spec: TableSpec, problems: TableProblems):
    """Every row names its rep (an empty id would be read as a rep called '')."""
    for name in spec.id_columns:
        if name not in frame.columns:
            continue
        for position in np.flatnonzero((frame[name].fillna("") == "").to_numpy()):
            problems.add(lines[position], name, f"empty; every row needs its {name}")


def choice_problem(value: str, allowed: Collection[str]) -> str:
    """What is wrong with a value that is not one of ``allowed``: the allowed values and
    the closest one, when one is close."""
    names = sorted(str(a) for a in allowed)
    close = difflib.get_close_matches(str(value), names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"is not one of {names}{hint}"


def _choices(frame: pd.DataFrame, lines: np.ndarray, spec: TableSpec, problems: TableProblems):
    for name, allowed in spec.choices.items():
        if name not in frame.columns:
            continue
        bad = ~frame[name].isin([str(a) for a in allowed]).to_numpy()
        for position in np.flatnonzero(bad):
            value = frame[name].iloc[position]
            problems.add(lines[position], name, choice_problem(value, allowed), value=value)


def _periods(
    frame: pd.DataFrame, lines: np.ndarray, spec: TableSpec, problems: TableProblems
) -> set[Period]:
    """Canonical period labels in place; the distinct periods found."""
    column = spec.period_column
    assert column is not None
    keys = {
        label: parse_period(label, fiscal_start=spec.fiscal_start, named_by=spec.fiscal_named_by)  # type: ignore[arg-type]
        for label in frame[column].unique()
    }
    for position in np.flatnonzero(frame[column].map(keys).isna().to_numpy()):
        problems.add(
            lines[position],
            column,
            value=frame[column].iloc[position],
            problem="is not a period; expected a month 'YYYY-MM' (e.g. 2026-01), a quarter "
            "'YYYY-Qn' (2026Q1, Q1 2026) or a half year 'YYYY-Hn'",
        )
    found = {k for k in keys.values() if k is not None}
    kinds = sorted({p.months for p in found})
    if len(kinds) > 1:
        words = {1: "months", 3: "quarters", 6: "half years"}
        problems.add(
            0, column, f"mixes {' and '.join(words[k] for k in kinds)}; use one kind of period"
        )
    loose = sorted(label for label, key in keys.items() if key and key.label != label)
    if loose:
        problems.note(
            f"{problems.where}: column {column!r}: {', '.join(map(repr, loose[:3]))} read as "
            f"{', '.join(keys[label].label for label in loose[:3])} (sorted as time"  # type: ignore[union-attr]
            + (
                f"; fiscal year from month {spec.fiscal_start}, named by the year it "
                f"{spec.fiscal_named_by}s)"
                if spec.fiscal_start != 1
                else ")"
            )
        )
    frame[column] = frame[column].map(lambda label: keys[label].label if keys[label] else label)  # type: ignore[union-attr]
    return found


def _every_period(found: set[Period]) -> list[str]:
    """Every period from the first to the last found, in time order."""
    return [p.label for p in every_period(found)]


def _structure(frame: pd.DataFrame, lines: np.ndarray, spec: TableSpec, problems: TableProblems):
    """Repeated keys, attributes that change within an id, ids missing periods."""
    period = spec.period_column
    ids = [c for c in (*spec.group_columns, *spec.id_columns) if c in frame.columns]
    key = ids + ([period] if period else [])
    repeated = frame.duplicated(key, keep="first").to_numpy()
    first_line = (
        pd.Series(lines, index=frame.index).groupby([frame[c] for c in key]).transform("min")
    )
    for position in np.flatnonzero(repeated):
        what = ", ".join(f"{c} {frame[c].iloc[position]!r}" for c in key)
        problems.add(lines[position], "", f"repeats {what} of line {first_line.iloc[position]}")
    owner = spec.id_columns[0] if spec.id_columns else None
    for name in spec.attribute_columns:
        if owner is None or name not in frame.columns:
            continue
        counts = frame.groupby(owner)[name].nunique()
        for rep in counts.index[(counts > 1) & ~counts.index.isin(spec.changes_explained)]:
            rows = frame[owner] == rep
            values = frame.loc[rows, name]
            where = pd.Series(lines[rows.to_numpy()], index=values.index)
            seen = where.groupby(values).min().sort_values()
            change = ", then ".join(f"{v!r} (from line {line})" for v, line in seen.items())
            problems.add(
                int(seen.iloc[1]),
                name,
                value=rep,
                problem=f"changes {name} within the table: {change}; one {name} per {owner} holds for "
                f"every period unless a roster says from when (--roster FILE with {owner}, "
                f"effective_from, {name}: one row per {owner} and change), or the change gets a "
                f"new {owner}",
            )
    if period is None:
        return
    every = _every_period({p for p in map(parse_period, frame[period].unique()) if p})
    present = set(frame[period].unique())
    for label in every:
        if label not in present:
            problems.add(
                0,
                period,
                "no row for this period at all (periods must be consecutive)",
                value=label,
            )
    if not ids:
        return
    have = pd.MultiIndex.from_frame(frame[[*ids, period]])
    groups = frame[ids].drop_duplicates()
    full = pd.MultiIndex.from_tuples(
        [(*g, p) for g in groups.itertuples(index=False) for p in sorted(present)], names=have.names
    )
    missing = full.difference(have)
    if len(missing):
        table = missing.to_frame(index=False)
        for group, rows in table.groupby(ids, sort=False):
            group = group if isinstance(group, tuple) else (group,)
            who = ", ".join(f"{c} {v!r}" for c, v in zip(ids, group, strict=True))
            labels = sorted(rows[period], key=period_key)
            problems.add(
                0,
                period,
                f"{who} has no row for {', '.join(labels[:12])}"
                + (f" and {len(labels) - 12} more" if len(labels) > 12 else "")
                + "; every rep needs every period (write zeros for a month with no sales)",
            )


def check_table(text: CsvText, spec: TableSpec, problems: TableProblems) -> CheckedTable:
    """The table with its numbers parsed and periods canonical, or :class:`TableError`
    listing every problem found (cells first; the table's shape and the parts larger than
    their whole once the cells are good)."""
    _check_columns(text, spec, problems)
    problems.raise_if_any()
    frame = _strip(text, spec, problems)
    raw = frame[[c for c in dict.fromkeys(r.part for r in spec.parts) if c in frame.columns]]
    lines = text.lines
    _numbers(frame, lines, spec, problems)
    _ids(frame, lines, spec, problems)
    _choices(frame, lines, spec, problems)
    found = _periods(frame, lines, spec, problems) if spec.period_column else set()
    problems.raise_if_any()
    _structure(frame, lines, spec, problems)
    check_parts(frame, raw, lines, parts=spec.parts, problems=problems)
    problems.raise_if_any()
    periods = _every_period(found) if spec.period_column else []
    kind = next(iter(found)).kind if found else None
    notes = [*text.notes, *problems.notes]
    if kind is not None:
        notes.append(
            f"{problems.where}: the periods are {describe_kind(kind)} ({periods[0]}..{periods[-1]}, "
            f"{len(periods)} {kind.replace('_', ' ')}s), read from column {spec.period_column!r}"
        )
    return CheckedTable(frame, lines, periods, notes, kind)
