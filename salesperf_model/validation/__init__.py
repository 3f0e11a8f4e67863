"""Does the model reproduce published field findings? Each finding runs a paired experiment
(plans simulated under their own behaviour from one seed) and states our figure, its Monte
Carlo standard error, the published figure and a verdict.

A finding module defines ``FINDINGS`` (a tuple of :class:`Finding`); listing it below adds
its findings to the registry, the validation notebook and its report, in this order.
"""

from __future__ import annotations

import os

from salesperf_model.validation import pay_response, timing_findings, workforce
from salesperf_model.validation.experiment import (
    STANDARD_ERRORS,
    Chart,
    Check,
    Finding,
    FindingResult,
    Size,
)

#: Every finding by key, in the order the report shows them.
FINDINGS: dict[str, Finding] = {
    finding.key: finding
    for module in (timing_findings, pay_response, workforce)
    for finding in module.FINDINGS
}


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
    "Size",
    "run_finding",
]
