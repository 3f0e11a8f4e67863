"""Does the model reproduce published field findings? Each finding runs a paired experiment
(plans simulated under their own behaviour from one seed) and states our figure, its Monte
Carlo standard error, the published figure and a verdict.

A finding module defines ``FINDINGS`` (a tuple of :class:`Finding`) and ``PUBLISHED`` (the
figures its studies publish, finding -> check label -> :class:`Published`); listing it below
adds its findings to the registry, the validation notebook and its report, in this order.
A passing check outside its published figure is *close* (see
:mod:`salesperf_model.validation.verdicts`): reproduced, but only within its tolerance.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from salesperf_model.validation import pay_response, timing_findings, verdicts, workforce
from salesperf_model.validation.experiment import (
    STANDARD_ERRORS,
    Chart,
    Check,
    Finding,
    FindingResult,
    Size,
)
from salesperf_model.validation.verdicts import Published, Status, Verdict

_MODULES = (timing_findings, pay_response, workforce)

#: Every finding by key, in the order the report shows them.
FINDINGS: dict[str, Finding] = {
    finding.key: finding for module in _MODULES for finding in module.FINDINGS
}

#: The figure each study publishes for a check: finding key -> check label -> figure.
PUBLISHED: dict[str, dict[str, Published]] = {
    key: figures for module in _MODULES for key, figures in module.PUBLISHED.items()
}


def count_sentence(results: Sequence[FindingResult | Verdict]) -> str:
    """The headline count: how many findings are reproduced as published, how many more only
    within their tolerance (named, with what they reproduced), how many not at all."""
    return verdicts.count_sentence(
        [r.as_verdict() if isinstance(r, FindingResult) else r for r in results]
    )


def verdicts_of_table(rows: Iterable[Mapping[str, str]], titles: Sequence[str]) -> list[Verdict]:
    """Each finding's verdict from the validation report's ``validation.csv`` rows, titled
    by ``titles`` (the report's headline figures, in the same order)."""
    return verdicts.verdicts_of_table(rows, titles, PUBLISHED)


def run_finding(
    key: str,
    baseline: object,
    size: Size | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
) -> FindingResult:
    """Run one finding on ``baseline`` at ``size`` (default: the finding's own size). With
    ``cache_dir`` a finding computed before for the same baseline, size and code is read
    back instead (the validation report in a batch run again)."""
    from salesperf_model.schema import Scenario
    from salesperf_model.validation.stored import finding_key, load_finding, store_finding

    if key not in FINDINGS:
        raise KeyError(f"unknown finding {key!r}; known: {sorted(FINDINGS)}")
    assert isinstance(baseline, Scenario)
    finding = FINDINGS[key]
    size = size or finding.default_size
    if cache_dir is None:
        return finding.run(baseline, size)
    name = finding_key(key, baseline, size)
    result = load_finding(cache_dir, name)
    if result is None:
        result = finding.run(baseline, size)
        store_finding(cache_dir, name, result)
    return result


__all__ = [
    "FINDINGS",
    "STANDARD_ERRORS",
    "Chart",
    "Check",
    "Finding",
    "FindingResult",
    "Published",
    "Size",
    "Status",
    "Verdict",
    "count_sentence",
    "run_finding",
    "verdicts_of_table",
]
