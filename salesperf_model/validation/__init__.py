"""Does the model reproduce published field findings? Each finding runs a paired experiment
(plans simulated under their own behaviour from one seed) and states our figure, its Monte
Carlo standard error, the published figure and a verdict.

A finding module defines ``FINDINGS`` (a tuple of :class:`Finding`); listing it below adds
its findings to the registry, the validation notebook and its report, in this order.
"""

from __future__ import annotations

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


def run_finding(key: str, baseline: object, size: Size | None = None) -> FindingResult:
    """Run one finding on ``baseline`` at ``size`` (default: the finding's own size)."""
    from salesperf_model.schema import Scenario

    if key not in FINDINGS:
        raise KeyError(f"unknown finding {key!r}; known: {sorted(FINDINGS)}")
    assert isinstance(baseline, Scenario)
    finding = FINDINGS[key]
    return finding.run(baseline, size or finding.default_size)


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
