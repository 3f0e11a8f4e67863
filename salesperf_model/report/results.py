"""What a report run and a batch produced: the files a run leaves, its status, the summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from salesperf_model.report.jobs import JobKind, JsonValue

#: Files a run leaves in its folder.
HEADLINE_FILE = "headline.json"
REPORT_FILE = "report.html"
FAILED_FILE = "FAILED.txt"

#: Terminal colour codes, which papermill leaves in error messages.
ANSI_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: One problem of a list an error gives under its first line (a ScenarioError's "  - ...").
_LISTED_PROBLEM = re.compile(r"^\s+- (.*\S)")
#: How many listed problems the summary and the index show before "and N more".
SHOWN_PROBLEMS = 5


def first_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of an error, without terminal colour codes."""
    for line in ANSI_CODES.sub("", text or "").splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


def problem_lines(text: str, limit: int = SHOWN_PROBLEMS) -> list[str]:
    """An error as the summary and the index show it: its first line, then each problem it
    lists under it (a scenario's file, line, key path, bad value and what is expected, as
    FAILED.txt has them) as "- ...", at most ``limit`` of them and then "and N more (see
    FAILED.txt)". An error that lists nothing (a traceback) gives its first line only."""
    lines = [line for line in ANSI_CODES.sub("", text or "").splitlines() if line.strip()]
    if not lines:
        return []
    listed = []
    for line in lines[1:]:
        match = _LISTED_PROBLEM.match(line)
        if match is None:
            break
        listed.append(f"- {match.group(1)}")
    shown = [first_line(lines[0]), *listed[:limit]]
    if len(listed) > limit:
        shown.append(f"and {len(listed) - limit} more (see {FAILED_FILE})")
    return shown


@dataclass
class RunResult:
    """What happened to one job; ``html`` and ``notebook`` are relative to the output folder."""

    slug: str
    label: str
    kind: JobKind
    status: Literal["ok", "failed", "stopped"]
    source: str = ""
    error: str = ""
    seconds: float = 0.0
    attempts: int = 0
    headline: dict[str, JsonValue] = field(default_factory=dict)
    html: str | None = None
    notebook: str | None = None
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The comparison's: files given to it that failed the batch's scenario check, which
    #: it leaves out and names (a file name each).
    left_out: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def mark(self) -> str:
        """The status in one word: ok, CHECK (a report with warnings), FAILED, STOPPED."""
        if self.ok:
            return "CHECK" if self.warnings else "ok"
        return self.status.upper()


@dataclass
class BatchResult:
    """Every job's result plus where the index is."""

    out_dir: Path
    index: Path
    results: list[RunResult]
    seconds: float
    notes: list[str] = field(default_factory=list)
    stopped_by: str | None = None

    @property
    def ok(self) -> bool:
        return self.stopped_by is None and all(r.ok and not r.warnings for r in self.results)

    @property
    def failed(self) -> list[RunResult]:
        return [result for result in self.results if not result.ok]

    def summary(self) -> str:
        """Plain-text summary, one line per run, failures with their reason."""
        lines = []
        for result in self.results:
            where = result.html if result.ok else f"{result.slug}/{FAILED_FILE}"
            if result.status == "stopped":
                where = "not finished"
            lines.append(f"{result.mark:<7}{result.label} ({result.seconds:.1f} s) -> {where}")
            if result.status == "failed":
                shown = problem_lines(result.error)
                lines += [f"       {'  ' if n else ''}{line}" for n, line in enumerate(shown)]
            elif not result.ok:
                lines.append(f"       {first_line(result.error)}")
            lines += [f"       {warning}" for warning in result.warnings]
            if result.left_out:
                lines.append(f"       left out of the comparison: {', '.join(result.left_out)}")
            if result.ok and result.kind == "validation" and result.headline.get("summary"):
                lines.append(f"       {result.headline['summary']}")
            reused = result.headline.get("reused") if result.ok else None
            if reused and isinstance(reused, list):
                lines.append(f"       reused (cache): {'; '.join(map(str, reused))}")
        lines += [f"note: {note}" for note in self.notes]
        failed = sum(r.status == "failed" for r in self.results)
        stopped = sum(r.status == "stopped" for r in self.results)
        lines.append(
            f"{len(self.results) - failed - stopped} of {len(self.results)} reports written in "
            f"{self.seconds:.1f} s; {failed} failed"
            + (f", {stopped} stopped by {self.stopped_by}" if stopped else "")
            + f". Index: {self.index}"
        )
        return "\n".join(lines)
