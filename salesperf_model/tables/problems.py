"""Collecting every bad cell of a table and saying them all at once, capped, with counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Problems listed one by one in an error message; the rest are counted by kind.
LISTED_PROBLEMS = 25


@dataclass(frozen=True)
class CellProblem:
    """One bad cell (or row, or rep): the CSV line (1-based, the header is line 1; 0 when
    the problem has no single line), the column, the value and what is wrong with it."""

    line: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        where += [f"column {self.column!r}"] if self.column else []
        cell = ", ".join(where) or "table"
        value = f": {self.value!r}" if self.value != "" else ":"
        return f"{cell}{value} {self.problem}"


@dataclass
class TableProblems:
    """The problems found so far in one table (``where`` is its file name)."""

    where: str
    problems: list[CellProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, line: int, column: str, problem: str, *, value: object = "") -> None:
        self.problems.append(CellProblem(int(line), column, str(value), problem))

    def note(self, text: str) -> None:
        """Something the reader changed and says (e.g. spaces removed around an id)."""
        self.notes.append(text)

    def raise_if_any(self) -> None:
        if self.problems:
            raise TableError(self.where, self.problems)


class TableError(ValueError):
    """A table that cannot be used as it is: every problem, with its CSV line."""

    def __init__(self, where: str, problems: list[CellProblem], whole: str = "") -> None:
        self.where = where
        self.problems = list(problems)
        super().__init__(f"{where}: {whole}" if whole else self._message())

    def _message(self) -> str:
        problems = self.problems
        count = len(problems)
        head = f"{self.where}: {count} problem{'s' if count != 1 else ''}"
        if count == 1:
            return f"{head}: {problems[0]}"
        lines = [f"{head}:"] + [f"  {p}" for p in problems[:LISTED_PROBLEMS]]
        if count > LISTED_PROBLEMS:
            kinds = Counter(_kind(p.problem) for p in problems)
            counted = "; ".join(f"{n} x {kind}" for kind, n in kinds.most_common())
            lines.append(f"  ... and {count - LISTED_PROBLEMS} more (all {count}: {counted})")
        return "\n".join(lines)


def _kind(problem: str) -> str:
    """The kind of a problem, for counting: its words before any detail in brackets or
    after a semicolon."""
    return problem.split(";")[0].split(" (")[0]
