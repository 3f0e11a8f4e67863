"""The validation report's headline as the index and the summary give it: a finding reproduced
only within its tolerance, outside the published figure, is CLOSE with what it reproduced,
not a plain PASS, and the count says how many are inside the published figure and how many
only within the tolerance. Read from the report's own table (``validation.csv``); the
report's status is unchanged (a close finding passes the validation gate)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from salesperf_model.report.results import RunResult

#: The table the validation notebook writes beside its report, one row per check.
TABLE = "validation.csv"


def qualify_validation(result: RunResult, out: Path) -> None:
    """Rewrite a finished validation report's headline (summary and each finding's
    PASS/FAIL) with the honest verdicts; left as the notebook wrote it when its table
    cannot be read or does not match its figures."""
    figures = result.headline.get("figures")
    if not result.ok or result.kind != "validation" or not isinstance(figures, dict):
        return
    from salesperf_model.validation import count_sentence, verdicts_of_table

    try:
        with (out / result.slug / TABLE).open(newline="", encoding="utf-8") as table:
            found = verdicts_of_table(list(csv.DictReader(table)), list(figures))
    except (OSError, KeyError, ValueError, TypeError, csv.Error):
        return
    result.headline = {
        **result.headline,
        "summary": count_sentence(found),
        "figures": {verdict.title: verdict.words for verdict in found},
    }


def qualify_validation_results(results: Iterable[RunResult], out: Path) -> None:
    """:func:`qualify_validation` on every validation report among ``results``."""
    for result in results:
        if result.kind == "validation":
            qualify_validation(result, out)
