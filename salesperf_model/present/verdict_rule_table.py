"""The recommendation callout and each plan against the decision rule (recommendation.py's
words and table), with no negative zero in any figure ('0.0 to 1.9%', never '-0.0')."""

from __future__ import annotations

import re

import pandas as pd

from salesperf_model.measure.decision import DecisionResult
from salesperf_model.present.format import html_list, summary_html, table_html
from salesperf_model.present.recommendation import Recommendation, decision_table

#: A number that rounds to zero printed with a minus sign: '-0', '-0.0', '-0.00'.
_NEGATIVE_ZERO = re.compile(r"(?<![\d.])-(0(?:\.0+)?)(?![\d.]*[1-9])(?!\d)")


def no_negative_zero(text: str) -> str:
    """'meets: 0.9% (-0.0 to 1.9%)' -> 'meets: 0.9% (0.0 to 1.9%)'; '-0.04' unchanged."""
    return _NEGATIVE_ZERO.sub(r"\1", text)


def rule_table(advice: Recommendation, currency: str) -> pd.DataFrame:
    """Each plan against the decision rule (``decision_table``), every cell without a
    negative zero."""
    table = decision_table(advice.result, currency, titles=advice.titles, replay=advice.replay)
    return table.map(lambda v: no_negative_zero(v) if isinstance(v, str) else v)


def rule_html(advice: Recommendation, currency: str) -> str:
    """The recommendation callout, each plan against the rule, and the runners-up (as
    ``recommendation_html``)."""
    how = (
        "Each figure as it was on the actual results."
        if advice.replay
        else "Each figure with its 95% Monte Carlo interval: a plan within the noise of a "
        "limit is too close to call."
    )
    return (
        summary_html("Recommendation", [advice.sentence, advice.rule_sentence])
        + f"<h3>Each plan against the decision rule</h3><p>{how}</p>"
        + table_html(rule_table(advice, currency))
        + "<h3>What would have to change for the other plans</h3>"
        + html_list([no_negative_zero(line) for line in advice.lines[2:]])
    )


def decision_rows(result: DecisionResult) -> pd.DataFrame:
    """Every plan's every condition of the decision rule as numbers, for the CSV beside
    the report (``decision_rule.csv``): status, the figure and its 95% interval, the limit,
    and the cost of keeping the big losers whole with its interval."""
    rows = [
        {
            "plan": plan,
            "condition": check.condition,
            "status": check.status,
            "value": check.value,
            "low": check.low,
            "high": check.high,
            "limit": check.limit,
            "recommended": plan == result.recommended,
            "keep_whole_cost": verdict.keep_whole_cost,
            "keep_whole_low": verdict.keep_whole_low,
            "keep_whole_high": verdict.keep_whole_high,
        }
        for plan, verdict in result.verdicts.items()
        for check in verdict.checks
    ]
    return pd.DataFrame(rows)
