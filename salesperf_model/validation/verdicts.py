"""What a passed check means, said honestly: inside the published figure, or only within
the check's own tolerance around it.

A check passes (the validation gate) when its effect has the published direction beyond
3 Monte Carlo standard errors and lies within its tolerance (``Check.rough_size``, e.g.
"within a factor of two"). Where the study publishes a figure (a range, or a single value),
a passing check whose figure is outside it is *close*, not a plain pass: Larkin's 6-8% of
revenue reproduced as 3.2% is "reproduced within a factor of two only". Inside means within
3 Monte Carlo standard errors of the published range (a single value is a range of one
point). Where the study publishes a direction or shape only, a passing check is a pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from salesperf_model.formatting import points

#: An effect counts as reproduced when it exceeds this many Monte Carlo standard errors.
STANDARD_ERRORS = 3.0

#: pass: inside the published figure (or its direction, where no figure is published);
#: close: passes the gate, but only within the tolerance, outside the published figure;
#: fail: does not pass the gate.
Status = Literal["pass", "close", "fail"]

#: A figure's unit: share (a share or a relative change, read in %), points (a difference
#: of two shares or two percentages, read in percentage points: 6.1% against 0.3% is +5.8
#: points, not +5.8%), correlation, SD (standard deviations of skill).
Unit = Literal["share", "points", "correlation", "SD"]


@dataclass(frozen=True)
class Published:
    """The figure a study published for a check: its range (``low == high`` for a single
    value), the range in the study's words, and the check's tolerance around it in words."""

    low: float
    high: float
    words: str  #: "6-8%", "+9%", "5-8 points", "r about -0.28": in the check's unit
    tolerance: str  #: "within a factor of two (3% to 16%)"

    def inside(self, ours: float, standard_error: float) -> bool:
        """``ours`` within ``STANDARD_ERRORS`` Monte Carlo standard errors of the range."""
        spread = STANDARD_ERRORS * max(standard_error, 0.0)
        return ours + spread >= self.low and ours - spread <= self.high


def figure_text(value: float, unit: str) -> str:
    """A figure in the report's units: a signed percent for shares and relative changes,
    signed percentage points for differences of two shares, plain otherwise."""
    if unit == "share":
        return f"{value:+.1%}"
    if unit == "points":
        return points(100 * value)
    if unit == "SD":
        return f"{value:+.3f} SD"
    return f"{value:+.2f}"


def check_status(
    passed: bool, published: Published | None, *, ours: float, standard_error: float
) -> Status:
    """A check's status from the gate's verdict and the published figure."""
    if not passed:
        return "fail"
    if published is None or published.inside(ours, standard_error):
        return "pass"
    return "close"


def close_words(published: Published, ours: float, unit: str) -> str:
    """What a close check reproduced: "reproduced within a factor of two (3% to 16%) only:
    +3.2% against the published 6-8%"."""
    return (
        f"reproduced {published.tolerance} only: {figure_text(ours, unit)} against the "
        f"published {published.words}"
    )


def finding_status(statuses: Iterable[Status]) -> Status:
    """A finding fails when a check fails, is close when a check is close, else passes."""
    statuses = list(statuses)
    if "fail" in statuses:
        return "fail"
    return "close" if "close" in statuses else "pass"


@dataclass(frozen=True)
class Verdict:
    """A finding's verdict: its title, status and, when close, what it reproduced."""

    title: str
    status: Status
    close: str = ""  #: close_words of its first close check

    @property
    def words(self) -> str:
        """PASS, FAIL, or "CLOSE (reproduced within ... only: ...)"."""
        if self.status == "close":
            return f"CLOSE ({self.close})"
        return self.status.upper()


def count_sentence(verdicts: Sequence[Verdict]) -> str:
    """The headline count: how many findings are reproduced as published (inside the
    published figure, or in its direction where none is published), how many more only
    within their tolerance (each named), how many not at all."""
    total = len(verdicts)
    passed = sum(v.status == "pass" for v in verdicts)
    close = [v for v in verdicts if v.status == "close"]
    failed = sum(v.status == "fail" for v in verdicts)
    sentence = (
        f"{passed} of {total} published findings reproduced as published (inside the "
        "published figure, or in the published direction where no figure is published)"
    )
    if close:
        named = "; ".join(f"{v.title}: {v.close}" for v in close)
        sentence += (
            f"; {len(close)} more only within the tolerance, outside the published figure ({named})"
        )
    return sentence + f"; {failed} not reproduced."


def verdicts_of_table(
    rows: Iterable[Mapping[str, str]],
    titles: Sequence[str],
    published: Mapping[str, Mapping[str, Published]],
) -> list[Verdict]:
    """Each finding's verdict from the validation report's table (``validation.csv``: one
    row per check with finding, check, ours, standard_error, unit, passed), in table order,
    titled by ``titles`` in the same order; ``published`` is finding -> check -> figure.

    Raises ``ValueError`` when the table does not match ``titles``."""
    statuses: dict[str, list[Status]] = {}
    close: dict[str, str] = {}
    for row in rows:
        finding, check = row["finding"], row["check"]
        ours, error = float(row["ours"]), float(row["standard_error"])
        figure = published.get(finding, {}).get(check)
        passed = str(row["passed"]).strip().lower() == "true"
        status = check_status(passed, figure, ours=ours, standard_error=error)
        statuses.setdefault(finding, []).append(status)
        if status == "close" and figure is not None and finding not in close:
            close[finding] = close_words(figure, ours, row.get("unit") or "share")
    if len(statuses) != len(titles):
        raise ValueError(f"{len(statuses)} findings in the table, {len(titles)} titles")
    return [
        Verdict(title, finding_status(found), close.get(finding, ""))
        for title, (finding, found) in zip(titles, statuses.items(), strict=True)
    ]
