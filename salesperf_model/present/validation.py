"""The validation report in plain words: each finding as a short section with the published
figure beside ours, the verdict with its Monte Carlo uncertainty, and the chart with alt text."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from salesperf_model.formatting import points
from salesperf_model.present.format import escape, html_list
from salesperf_model.validation import STANDARD_ERRORS, Check, FindingResult


def figure_words(value: float, unit: str, *, signed: bool = True) -> str:
    """A figure in the reader's units: percent for shares and relative changes, percentage
    points for differences of two shares, plain for SD and correlations."""
    if unit == "share":
        return f"{value:+.1%}" if signed else f"{value:.1%}"
    if unit == "points":
        return points(100 * value, signed=signed)
    if unit == "SD":
        return f"{value:+.3f} SD" if signed else f"{value:.3f} SD"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def check_words(check: Check) -> str:
    """One check: our figure, plus or minus 3 standard errors, and whether it passed."""
    spread = figure_words(STANDARD_ERRORS * check.standard_error, check.unit, signed=False)
    if check.status == "close":
        verdict = check.verdict
    elif check.passed:
        verdict = "PASS"
    elif not check.clear:
        verdict = "FAIL (not clear of Monte Carlo noise, or the wrong direction)"
    else:
        verdict = "FAIL (right direction, but outside the rough size)"
    return f"{check.label}: {figure_words(check.ours, check.unit)} ± {spread} — {verdict}"


def verdict_words(result: FindingResult) -> str:
    """The finding's verdict in one sentence."""
    passed = sum(check.passed for check in result.checks)
    if result.status == "close":
        return (
            f"Reproduced only within the tolerance: {passed} of {len(result.checks)} checks "
            "pass, but not every figure falls inside the published one (see the checks)."
        )
    if result.reproduced:
        return f"Reproduced: {passed} of {len(result.checks)} checks pass."
    return (
        f"Not reproduced: {passed} of {len(result.checks)} checks pass. The model does not "
        "(yet) show this finding at its default settings; see the failing checks."
    )


def alt_text(result: FindingResult) -> str:
    """What the chart shows, for readers who cannot see it."""
    chart = result.chart
    if chart.kind == "lines":
        ends = ", ".join(
            f"{label}: {figure_words(values[-1], chart.unit)} by year {int(chart.x[-1])}"
            for label, values in zip(chart.labels, chart.values, strict=True)
        )
        return f"{chart.title}. Line chart by year; {ends}."
    bars = ", ".join(
        f"{label}: " + " and ".join(figure_words(v, chart.unit) for v in values)
        for label, values in zip(chart.labels, chart.values, strict=True)
    )
    return f"{chart.title}. Bar chart; {bars}."


def finding_html(result: FindingResult, png: bytes) -> str:
    """One finding's section: claim, published vs ours, verdict, chart, design."""
    status = {"pass": "PASS", "close": "CLOSE"}.get(result.status, "FAIL")
    colour = {"pass": "#006644", "close": "#8A5A00"}.get(result.status, "#B33A00")
    image = base64.b64encode(png).decode("ascii")
    return (
        f"<h2>{escape(result.title)} "
        f'<span style="color:{colour}">[{status}]</span></h2>'
        f"<p><em>{escape(result.citation)}.</em> {escape(result.claim)}</p>"
        "<table><tr><th>Published</th><th>Our model</th></tr>"
        f"<tr><td>{escape(result.published)}</td>"
        f"<td>{escape(check_words(result.headline))}</td></tr></table>"
        f"<p><strong>{escape(verdict_words(result))}</strong></p>"
        + html_list([check_words(check) for check in result.checks])
        + f'<img alt="{escape(alt_text(result))}" src="data:image/png;base64,{image}" '
        'style="max-width:100%">'
        f"<p><small>How we tested it: {escape(result.design)} "
        f"{result.size.reps} reps x {result.size.periods} months x "
        f"{result.size.simulations} simulations, seed {result.size.seed}; every plan "
        "simulated under its own behaviour from the same seed, differences paired by "
        "simulation.</small></p>"
        + "".join(f"<p><small>{escape(note)}</small></p>" for note in result.notes)
    )


def summary_rows(results: Sequence[FindingResult]) -> list[dict[str, str]]:
    """One row per finding for the summary table."""
    return [
        {
            "Finding": result.title,
            "Published": result.published,
            "Our model": figure_words(result.headline.ours, result.headline.unit),
            "± 3 standard errors": figure_words(
                STANDARD_ERRORS * result.headline.standard_error,
                result.headline.unit,
                signed=False,
            ),
            "Verdict": result.as_verdict().words,
        }
        for result in results
    ]
