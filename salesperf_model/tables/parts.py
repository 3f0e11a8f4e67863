"""Columns that are part of others within a row: a part larger than its whole is refused.

Each cell can be in range and the row still impossible: big-account revenue above the
booked revenue it is part of, more repeat customers than the book holds. Such a row pays
as written, so the reader refuses it, naming both columns and both values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.tables.problems import TableProblems

#: Slack per cell read: a cell rounded to the cent is off by half a cent at most.
CELL_ROUNDING = 0.005
#: Relative slack for a sum of floats (0.1 + 0.2 is not 0.3).
RELATIVE_SLACK = 1e-9


@dataclass(frozen=True)
class PartOf:
    """``part`` may not exceed the sum of ``whole`` in any row (what it is part of)."""

    part: str
    whole: tuple[str, ...]
    #: the whole in words, e.g. "booked revenue"
    whole_words: str
    #: why the part cannot exceed it, e.g. "big-account revenue is part of it"
    why: str
    #: whole columns a table may leave out (read as 0); the rest must be there to check
    optional: tuple[str, ...] = ()
    #: other columns the relation rests on (list value = booked + discount)
    rests_on: tuple[str, ...] = ()

    @property
    def reads(self) -> tuple[str, ...]:
        """Every column the relation rests on."""
        return (self.part, *self.whole, *self.rests_on)


def amount_text(value: float) -> str:
    """109700.0 as "109,700", 0.3 as "0.3": the whole as a reader writes it."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def part_exceeds(
    rule: PartOf, columns: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """(where the part is more than its whole, the whole, the whole's columns present) over
    ``columns`` (name -> values); None when the rule cannot be checked (a column it needs
    is missing). The one comparison, so that the table reader and an appeal's what-if
    refuse the same cells: a whole may fall short by float error and half a cent a cell."""
    needed = [rule.part, *(c for c in rule.whole if c not in rule.optional)]
    if any(c not in columns for c in needed):
        return None
    present = [c for c in rule.whole if c in columns]
    whole = sum(np.asarray(columns[c], dtype=float) for c in present)
    part = np.asarray(columns[rule.part], dtype=float)
    slack = RELATIVE_SLACK * np.maximum(np.abs(whole), np.abs(part))
    slack += CELL_ROUNDING * (len(present) + 1)
    return part > whole + slack, np.asarray(whole, dtype=float), present


def check_parts(
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    lines: np.ndarray,
    *,
    parts: tuple[PartOf, ...],
    problems: TableProblems,
) -> None:
    """Add a problem for every row whose part exceeds its whole (``frame``: numbers read,
    ``raw``: the cells as written). A rule whose columns the table lacks is not checked."""
    found: list[tuple[int, str, str, str]] = []
    for rule in parts:
        columns = {c: frame[c].to_numpy(dtype=float) for c in rule.reads if c in frame.columns}
        checked = part_exceeds(rule, columns)
        if checked is None:
            continue
        over, whole, present = checked
        for position in np.flatnonzero(over):
            problem = (
                f"is more than {rule.whole_words} ({' + '.join(present)}) "
                f"{amount_text(whole[position])}; {rule.why}"
            )
            value = str(raw[rule.part].iloc[position]).strip()
            found.append((int(lines[position]), rule.part, problem, value))
    for line, column, problem, value in sorted(found, key=lambda f: f[0]):  # as the file reads
        problems.add(line, column, problem, value=value)
