"""A plan's trade-off against the baseline in words: its cost, its fairness verdict (the
four-component rule of fairness_verdict.py), the revenue it brings in and what the company
keeps after pay, and the decision rule's limit on reps losing pay."""

from __future__ import annotations

from dataclasses import dataclass

from salesperf_model.measure.decision import Check
from salesperf_model.present.fairness_verdict import FairnessVerdict
from salesperf_model.present.verdict_words import Estimate, amount_words


@dataclass(frozen=True)
class TradeOffFacts:
    """What the trade-off words follow from. ``revenue`` and ``kept`` are None when the
    plan cannot change revenue here (actual results, or reps that ignore pay);
    ``disruption`` is None without a decision rule."""

    cheaper: bool
    dearer: bool
    fairness: FairnessVerdict
    currency: str
    revenue: Estimate | None = None
    kept: Estimate | None = None
    disruption: Check | None = None
    loss_threshold_pct: float = 5.0
    replay: bool = False


def _cost_and_fairness(facts: TradeOffFacts, *, clean: bool, dominated: bool) -> str:
    cheaper, dearer = facts.cheaper, facts.dearer
    direction, verdict = facts.fairness.direction, facts.fairness
    spend = "saves" if cheaper else "costs"
    if cheaper and direction > 0:
        return "costs less and is fairer" + (": no trade-off against the baseline" if clean else "")
    if dearer and direction < 0:
        return "costs more and is less fair" + (": dominated by the baseline" if dominated else "")
    if cheaper and direction < 0:
        return "saves money at the price of fairness"
    if dearer and direction > 0:
        return "buys fairness with money"
    if (cheaper or dearer) and not verdict.measured:
        return f"{spend} money; fairness cannot be measured on these data"
    if (cheaper or dearer) and verdict.mixed:
        return f"{spend} money and is about as fair overall (mixed)"
    if cheaper or dearer:
        return f"{spend} money with no change in fairness that matters"
    if facts.replay:
        return "costs the same on the actual results"
    return "changes cost by less than the simulation noise"


def _revenue_clause(facts: TradeOffFacts) -> str:
    revenue, kept = facts.revenue, facts.kept
    if revenue is None or not revenue.clear:
        return ""
    against = (facts.cheaper and revenue.value < 0) or (facts.dearer and revenue.value > 0)
    clause = (
        f"; {'but' if against else 'and'} it brings in "
        f"{amount_words(revenue, facts.currency, more='more revenue', less='less revenue')}"
    )
    if kept is None:
        return clause
    if not kept.clear:
        return clause + ", so after pay what the company keeps is a tie with the baseline"
    return (
        clause
        + f", so the company keeps {amount_words(kept, facts.currency, more='more', less='less')}"
        " after pay"
    )


def _disruption_clause(facts: TradeOffFacts, *, but: bool) -> str:
    check = facts.disruption
    if check is None or check.status not in ("fail", "unclear"):
        return ""
    figure = f"{check.value:.0f}%"
    if not facts.replay and f"{check.low:.0f}" != f"{check.high:.0f}":
        figure += f" (95% interval {check.low:.0f}% to {check.high:.0f}%)"
    losing = f"lose more than {facts.loss_threshold_pct:g}% of their pay"
    limit = f"the decision rule's {check.limit:g}% limit"
    if check.status == "fail":
        return f"; {'but ' if but else 'and '}{figure} of reps {losing}, over {limit}"
    return (
        f"; whether the share of reps who {losing}, {figure}, stays within {limit} is too "
        "close to call"
    )


def trade_off_words(facts: TradeOffFacts) -> str:
    """E.g. 'costs less and is fairer: no trade-off against the baseline', or 'saves money
    at the price of fairness; but it brings in 39.84 M CNY less revenue (...), so the
    company keeps 31.87 M CNY less (...) after pay; but 56% of reps (...) lose more than 5%
    of their pay, over the decision rule's 20% limit'. A plan that loses revenue or fails
    (or may fail) the disruption limit is never called free of trade-offs; a plan that
    brings in more revenue is never called dominated."""
    revenue = facts.revenue if facts.revenue is not None and facts.revenue.clear else None
    disrupts = facts.disruption is not None and facts.disruption.status in ("fail", "unclear")
    clean = not disrupts and not (revenue is not None and revenue.value < 0)
    dominated = not (revenue is not None and revenue.value > 0)
    words = _cost_and_fairness(facts, clean=clean, dominated=dominated)
    revenue_words = _revenue_clause(facts)
    but = "; but " not in revenue_words
    return words + revenue_words + _disruption_clause(facts, but=but)
