"""What went wrong with a file: one Problem per fault, and the error that carries them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_VALUE_REPR_LIMIT = 120


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario or mapping file."""

    file: str  #: the file being loaded (the last file of an extends chain)
    path: str  #: dotted key path, e.g. ``pay.commission.tiers.2.rate``; "" for the file itself
    message: str  #: what is wrong and what is expected, in words
    value: Any = None  #: the offending value (None when there is none, e.g. a missing key)
    expected: str = ""  #: what would be accepted
    suggestion: str | None = None  #: the closest valid key for a misspelt one
    source: str | None = None  #: file in the extends chain, or override, the value came from
    line: int | None = None  #: line in ``source`` (1-based)
    has_value: bool = True

    def __str__(self) -> str:
        where = self.file
        if self.source and self.source != self.file:
            where += f" (value from {self.source}" + (f", line {self.line})" if self.line else ")")
        elif self.line:
            where += f":{self.line}"
        text = f"{where}: {self.path or '<top level>'}: {self.message}"
        if self.has_value:
            text += f" (value: {short_repr(self.value)})"
        if self.expected and "expected" not in self.message:
            text += f"; expected {self.expected}"
        if self.suggestion and "did you mean" not in self.message:
            text += f"; did you mean '{self.suggestion}'?"
        return text


class ScenarioError(Exception):
    """A scenario (or mapping) file, or its overrides, could not be turned into a valid model.

    ``problems`` lists every problem found, not just the first; ``what`` names the kind of
    file in the message ("scenario", "mapping").
    """

    def __init__(
        self, problems: Sequence[Problem], file: str | None = None, what: str = "scenario"
    ):
        self.problems = list(problems)
        self.file = file or (self.problems[0].file if self.problems else "")
        self.what = what
        super().__init__(self._text())

    def __reduce__(self) -> tuple:
        # survives pickling (worker processes)
        return (type(self), (self.problems, self.file, self.what))

    def _text(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {self.what} {self.file}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def short_repr(value: Any) -> str:
    """The value as shown in a message, shortened (a YAML date as written, 2026-07-15)."""
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    if len(text) > _VALUE_REPR_LIMIT:
        text = text[: _VALUE_REPR_LIMIT - 3] + "..."
    return text
