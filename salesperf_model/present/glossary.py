"""The glossary every report ends with: each metric's label and one-sentence meaning from
the metric registry, and the report's own terms, so no figure needs a document the reader
cannot open."""

from __future__ import annotations

from collections.abc import Iterable

from salesperf_model.measure import METRICS
from salesperf_model.measure.metric import Metric
from salesperf_model.present.fairness_verdict import RULE as FAIRNESS_RULE
from salesperf_model.present.format import escape

#: Units in a reader's words.
UNIT_WORDS = {
    "money": "an amount of money",
    "%": "a percentage",
    "% of male": "a percentage of men's pay",
    "ratio": "a ratio written as a decimal (e.g. 0.120)",
    "share": "a percentage",
    "money per money": "money paid per unit of extra revenue",
    "probability": "a chance, 0-100%",
    "rank correlation": "from -1 (opposite order) to 1 (same order); 0 = no relation",
    "per 100 reps": "cases per 100 reps",
}

#: A unit in words where a metric's reads better than its unit's: cost of sales as the
#: tables show it (``detail_tables.shown_unit``), ratios of two groups' rates (1 = the same).
METRIC_UNIT_WORDS = {
    "cost_of_sales_booked": "a percentage of revenue",
    "cost_of_sales_collected": "a percentage of revenue",
    "s_rate_ratio": "a ratio written as a decimal (1 = equal rates)",
    "not_c_rate_ratio": "a ratio written as a decimal (1 = equal rates)",
}

#: Terms the reports use that are not metrics.
TERMS: dict[str, str] = {
    "Baseline": "The plan every other plan is compared with (today's plan).",
    "Best trade-off": "A plan no other plan beats on both cost and fairness at once.",
    "Clear difference": "A difference larger than about 2 times its standard error (its 95% "
    "interval leaves out zero), so not explained by the chance variation between "
    "simulations; a smaller one is called a tie.",
    "Standard error": "How much a figure would move if the simulations were run again "
    "with other random draws; about two standard errors either side cover the true value.",
    "Simulation": "One run of the whole sales force over the period, with its own "
    "markets, deals and luck; figures are averages over many simulations.",
    "Winners and losers": "Each rep's total pay under the plan against the same rep's "
    "pay under the baseline, banded: losing more than 5%, losing 0.1-5%, about the "
    "same (within 0.1%), gaining 0.1-5%, gaining more than 5%.",
    "Keep whole": "Paying the reps who would lose pay under a new plan the difference, "
    "for a transition period; its cost is the sum of those differences.",
    "Fairness verdict": FAIRNESS_RULE,
    "Smallest change that matters": "How much a fairness component must change, beyond "
    "being clear of the simulation noise, to make a plan fairer or less fair; a smaller "
    "change reads no change that matters. A judgment set in the baseline's decision rule, "
    "in each component's own unit; cost has none (any clear change in pay counts).",
    "Four-fifths rule": "A group's rate of good outcomes should be at least 80% of the "
    "best-treated group's rate; below that the plan may treat a group unfairly.",
}


def sentence(text: str) -> str:
    """A registry phrase as a sentence: capital first letter, full stop at the end."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def metric_entry(declared: Metric) -> str:
    """One metric in plain words: what it measures, its unit and which way is better."""
    unit = METRIC_UNIT_WORDS.get(declared.name) or UNIT_WORDS.get(declared.unit, declared.unit)
    if declared.higher_is_better is None:
        direction = "neither higher nor lower is better in itself"
    else:
        direction = "higher is better" if declared.higher_is_better else "lower is better"
    meaning = declared.explanation or sentence(declared.description)
    return f"{meaning} Shown as {unit}; {direction}."


def glossary_items(metrics: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(term, meaning) for every registered metric (or those named), then the terms."""
    names = list(METRICS) if metrics is None else [m for m in metrics if m in METRICS]
    items = [(METRICS[name].label, metric_entry(METRICS[name])) for name in names]
    return items + list(TERMS.items())


def glossary_html(metrics: Iterable[str] | None = None, *, actuals: bool = False) -> str:
    """The glossary as an escaped definition list; ``actuals`` leaves out the simulation
    terms and the metrics that need the simulation's hidden truth (real data has none)."""
    names = list(METRICS) if metrics is None else list(metrics)
    if actuals:
        # no hidden truth in real data, and one set of results has no chance of anything
        names = [
            n
            for n in names
            if n in METRICS and not METRICS[n].needs_truth and METRICS[n].unit != "probability"
        ]
    skip = {"Simulation", "Standard error", "Clear difference"} if actuals else set()
    entries = "".join(
        f"<dt>{escape(term)}</dt><dd>{escape(meaning)}</dd>"
        for term, meaning in glossary_items(names)
        if term not in skip
    )
    return f'<dl class="salesperf-glossary">{entries}</dl>'
