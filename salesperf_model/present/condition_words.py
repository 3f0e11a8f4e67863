"""A decision rule's condition in words, and one plan's verdict on it with its figure: the
lines of the recommendation and of the decision table."""

from __future__ import annotations

import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure.decision import Check
from salesperf_model.schema.decision import Decision
from salesperf_model.schema.scenario import Budget

_STATUS_WORDS = {
    "pass": "meets",
    "fail": "fails",
    "unclear": "too close to call",
    "not measured": "not measured",
}


def condition_words(
    check: Check, rule: Decision, budget: Budget, *, currency: str, replay: bool = False
) -> str:
    """A condition in words, naming the budget line or limit, e.g. 'at least 90%
    probability of staying within the 12% cost-of-sales cap'; on one set of actual
    results (``replay``) no probability: 'within the 12% cost-of-sales cap'."""
    odds = "" if replay else f"at least {check.limit:.0%} probability of staying "
    if check.condition == "total_pay_budget":
        return f"{odds}within the total-pay budget of {money(budget.total_pay, currency)}"
    if check.condition == "cost_of_sales_budget":
        cap = f"{100 * (budget.cost_of_sales or 0):g}%"
        return f"{odds}within the {cap} cost-of-sales cap (pay / collected revenue)"
    if check.condition == "disruption":
        return (
            f"at most {check.limit:g}% of reps losing more than {rule.loss_threshold_pct:g}% of pay"
        )
    return f"gender pay gap under the {check.limit:g}% pay-equity flag"


def figure_words(check: Check, *, replay: bool = False) -> str:
    """The plan's figure with its 95% Monte Carlo interval; on actual results the figure
    alone (a fact: within or over a budget line, a share of reps)."""
    if check.status == "not measured" or pd.isna(check.value):
        return "not measured on these data"
    if replay and check.condition.endswith("budget"):
        return "within it" if check.value >= 1 else "over it"
    if replay:
        return percent(check.value, 0 if check.condition == "disruption" else 1)
    if check.condition.endswith("budget"):
        return f"{check.value:.0%} (95% interval {check.low:.0%} to {check.high:.0%})"
    digits = 0 if check.condition == "disruption" else 1
    return (
        f"{percent(check.value, digits)} (95% interval {percent(check.low, digits)} to "
        f"{percent(check.high, digits)})"
    )


def verdict_line(
    check: Check, rule: Decision, budget: Budget, *, currency: str, replay: bool = False
) -> str:
    """'<condition>: meets / fails / too close to call, <figure>'."""
    condition = condition_words(check, rule, budget, currency=currency, replay=replay)
    status = _STATUS_WORDS[check.status]
    if check.status == "not measured":
        return f"{condition}: not measured on these data"
    return f"{condition}: {status}, {figure_words(check, replay=replay)}"
