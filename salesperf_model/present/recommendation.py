"""The recommendation a comparison opens with: the decision rule applied to a run, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.formatting import losing_label, money, share_cell
from salesperf_model.measure.decision import Check, DecisionResult, decide
from salesperf_model.measure.winners_losers import disruption_draws
from salesperf_model.present.condition_words import (
    condition_words,
    figure_words,
    verdict_line,
)
from salesperf_model.present.cost_drivers import accrued_draws
from salesperf_model.present.format import html_list, summary_html, table_html
from salesperf_model.present.ranking import unmeasured_words
from salesperf_model.present.summary_notes import (  # noqa: F401 (re-exported)
    budget_sentence,
    fairness_label,
    resolution_sentence,
    summary_warnings,
)
from salesperf_model.schema.decision import Decision
from salesperf_model.schema.scenario import Budget

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def decision_draws(run: Run) -> dict[str, pd.DataFrame]:
    """Per plan and simulation: the metric draws the rule reads (pay still owed at the
    end of the period counted as pay: ``cost_drivers.accrued_draws``), with the share of reps
    losing more than the rule's threshold against the baseline and the cost of keeping
    them whole (paired by simulation index; under behaviour each plan has the same seed)."""
    rule = run.scenarios[run.baseline].decision
    base = run.evaluations[run.baseline].result
    out = {}
    for plan, evaluation in run.evaluations.items():
        disruption = disruption_draws(
            evaluation.result, base, loss_threshold_pct=rule.loss_threshold_pct
        )
        draws = accrued_draws(run, plan)  # pay still owed at the end counted as pay
        out[plan] = draws.reset_index(drop=True).join(disruption.reset_index(drop=True))
    return out


def run_decision(run: Run) -> DecisionResult:
    """The baseline's decision rule applied to every plan of the run."""
    return decide(decision_draws(run), run.scenarios[run.baseline].decision)


def _objective_words(result: DecisionResult) -> str:
    if result.objective == "total_pay":
        return "the cheapest"
    if result.objective == "merit_alignment_pay":
        return "the fairest (pay follows true skill most closely)"
    return "the fairest (smallest gender pay gap)"


def _gap_words(result: DecisionResult, gap: float, currency: str) -> str:
    if result.objective == "total_pay":
        return f"cost {money(-gap, currency)} less"
    if result.objective == "merit_alignment_pay":
        return f"follow true skill more closely by {-gap:.3f} (rank correlation)"
    return f"narrow its gender pay gap by {-gap:.1f} points"


@dataclass(frozen=True)
class Recommendation:
    """The decision in sentences: the recommendation, the rule, each plan's verdict per
    condition, and what would have to change for each runner-up."""

    result: DecisionResult
    sentence: str
    rule_sentence: str
    verdicts: dict[str, list[str]]
    runners_up: dict[str, str]
    #: plan name -> the title leadership reads (a plan missing here is shown by name)
    titles: dict[str, str] = field(default_factory=dict)
    #: paid on one set of actual results: figures are facts, not probabilities
    replay: bool = False

    def title(self, plan: str) -> str:
        """The plan's display title."""
        return self.titles.get(plan, plan)

    @property
    def lines(self) -> list[str]:
        """The recommendation, the rule, then one line per runner-up."""
        return [
            self.sentence,
            self.rule_sentence,
            *(f"{self.title(plan)}: {words}" for plan, words in self.runners_up.items()),
        ]


@dataclass(frozen=True)
class _Context:
    """What the words depend on beyond the result: budget lines, currency, titles, and
    whether the plans were paid on one set of actual results (no probabilities, no noise)."""

    budget: Budget
    currency: str
    titles: Mapping[str, str]
    replay: bool

    def title(self, plan: str | None) -> str:
        return self.titles.get(plan or "", plan or "")

    def condition(self, check: Check, rule: Decision) -> str:
        return condition_words(check, rule, self.budget, currency=self.currency, replay=self.replay)

    def verdict(self, check: Check, rule: Decision) -> str:
        return verdict_line(check, rule, self.budget, currency=self.currency, replay=self.replay)


def _rule_sentence(result: DecisionResult, ctx: _Context) -> str:
    checks = next(iter(result.verdicts.values())).checks
    parts = [ctx.condition(c, result.rule) for c in checks]
    judged = (
        "Every figure is a fact of the actual results (one set of results, nothing simulated)."
        if ctx.replay
        else "Every figure is judged with its 95% Monte Carlo interval: a plan within the noise "
        "of a limit neither clearly meets nor clearly fails it."
    )
    return (
        "Decision rule (the baseline's decision section): "
        + "; ".join(parts)
        + f"; then {_objective_words(result)}. {judged}"
    )


def _closest(result: DecisionResult) -> str:
    """The plan failing the fewest conditions (the best on the objective among equals)."""
    return min(
        result.verdicts.values(),
        key=lambda v: (sum(c.status == "fail" for c in v.checks), -v.objective),
    ).plan


def _unmeasured(result: DecisionResult) -> bool:
    """Fairness is the objective and no plan's is measured (real data): the cheapest wins."""
    return result.objective != "total_pay" and all(
        pd.isna(v.objective) for v in result.verdicts.values()
    )


def _tie_words(ctx: _Context, result: DecisionResult, plans: tuple[str, ...]) -> str:
    """How a tie with ``plans`` on the objective came about: within the noise, or equal
    actual figures, or (on fairness) less than the smallest change that matters apart."""
    noise = "on the actual results" if ctx.replay else "within the Monte Carlo error"
    gaps = [result.gaps.get(p) for p in plans]
    if all(gap is None or gap.within_noise for gap in gaps):
        return noise
    smallest = result.rule.smallest_fairness_change.get(result.objective, 0.0)
    one = "point" if smallest == 1 else "points"
    unit = "" if result.objective == "merit_alignment_pay" else f" {one}"
    small = f"less than the smallest change that matters ({smallest:g}{unit})"
    if ctx.replay:
        return f"on the actual results, {small} apart"
    if any(gap is not None and gap.within_noise for gap in gaps):
        return f"{noise} or by {small}"
    return f"by {small}"


def _recommendation_sentence(result: DecisionResult, ctx: _Context) -> str:
    rule = result.rule
    if result.recommended is None:
        closest = result.verdicts[_closest(result)]
        fails = [ctx.condition(c, rule) for c in closest.checks if c.status == "fail"]
        return (
            "No plan meets the decision rule: every plan clearly fails at least one condition. "
            f"Closest: {ctx.title(closest.plan)}, which fails only: {'; '.join(fails)}."
        )
    plan = result.recommended
    why = f"{_objective_words(result)} of the plans that meet every condition"
    if not result.confirmed:
        unclear = [
            ctx.condition(c, rule) for c in result.verdicts[plan].checks if c.status == "unclear"
        ]
        why = (
            f"{_objective_words(result)} of the plans that clearly fail no condition; whether "
            f"it meets {'; '.join(unclear)} is within the simulation noise (more simulations "
            "would settle it)"
        )
    title = ctx.title(plan)
    blind = unmeasured_words(result.verdicts[plan])  # "every condition" would overstate
    if _unmeasured(result):
        every, end = (f"these data can measure ({blind}, nor", ").") if blind else ("(", ",")
        end = end if blind else ", cannot be measured on these data)."
        return (
            f"Recommended: {title}, the cheapest of the plans that meet every condition "
            f"{every} fairness, the rule's first preference{end}"
        )
    if blind and result.confirmed:
        why += f" these data can measure ({blind})"
    sentence = f"Recommended: {title}, {why}."
    if result.tied_with:
        tie_break = "cheaper" if result.objective != "total_pay" else "fairer"
        tied = ", ".join(ctx.title(p) for p in result.tied_with)
        how = _tie_words(ctx, result, result.tied_with)
        sentence += f" It is tied with {tied} {how}; {title} is preferred as the {tie_break}."
    return sentence


def _runner_up_words(result: DecisionResult, plan: str, ctx: _Context) -> str:
    recommended = ctx.title(result.recommended)
    verdict = result.verdicts[plan]
    needs = [ctx.verdict(c, result.rule) for c in verdict.shortfalls()]
    if needs:
        return "would have to meet " + "; ".join(needs) + "."
    if result.recommended is None:
        return "meets every condition."
    gap = result.gaps[plan]
    if _unmeasured(result):
        return f"meets every condition; {recommended} is cheaper."
    if gap.tied or plan in result.tied_with:
        how = _tie_words(ctx, result, (plan,))
        return f"tied with {recommended} {how}; it loses on the tie-break."
    return (
        f"meets every condition; to be recommended it would have to "
        f"{_gap_words(result, gap.difference, ctx.currency)} to match {recommended}."
    )


def recommendation(run: Run) -> Recommendation:
    """The run's decision in words (see :class:`Recommendation`)."""
    base = run.scenarios[run.baseline]
    titles = {plan: scenario.display_title for plan, scenario in run.scenarios.items()}
    return recommendation_words(
        run_decision(run),
        base.budget,
        base.currency,
        titles=titles,
        replay=run.settings.source == "actuals",
    )


def recommendation_words(
    result: DecisionResult,
    budget: Budget,
    currency: str,
    *,
    titles: Mapping[str, str] | None = None,
    replay: bool = False,
) -> Recommendation:
    """A decision in words: the sentence, the rule, each plan's verdicts and runners-up;
    plans by ``titles`` (plan name -> display title) where given; ``replay``: the plans
    were paid on one set of actual results (facts, not probabilities)."""
    ctx = _Context(budget, currency, dict(titles or {}), replay)
    return Recommendation(
        result=result,
        sentence=_recommendation_sentence(result, ctx),
        rule_sentence=_rule_sentence(result, ctx),
        verdicts={
            plan: [ctx.verdict(c, result.rule) for c in verdict.checks]
            for plan, verdict in result.verdicts.items()
        },
        runners_up={
            p: _runner_up_words(result, p, ctx) for p in result.verdicts if p != result.recommended
        },
        titles=dict(ctx.titles),
        replay=replay,
    )


_SHORT = {"pass": "meets", "fail": "fails", "unclear": "too close", "not measured": "n/a"}
_COLUMNS = {
    "total_pay_budget": "within total-pay budget",
    "cost_of_sales_budget": "within cost-of-sales cap",
    "disruption": "reps losing > 5%",
    "pay_equity": "gender pay gap",
}


def _short(check: Check, *, replay: bool = False) -> str:
    """'fails: 50% (30-70%)': the verdict, the figure and its 95% interval, in one cell;
    on actual results the figure alone ('meets: within', 'fails: 71%')."""
    if check.status == "not measured" or pd.isna(check.value):
        return "not measured"
    if replay:
        return f"{_SHORT[check.status]}: {figure_words(check, replay=True)}"
    if check.condition.endswith("budget"):
        figure = f"{check.value:.0%} ({check.low:.0%}-{check.high:.0%})"
    elif check.condition == "disruption":  # a share above zero never reads 0%
        cells = [share_cell(v) for v in (check.value, check.low, check.high)]
        figure = f"{cells[0]} ({cells[1].rstrip('%')}-{cells[2]})"
    else:
        low, value, high = (round(v, 1) + 0.0 for v in (check.low, check.value, check.high))
        figure = f"{value:.1f}% ({low:.1f} to {high:.1f}%)"  # + 0.0: no "-0.0"
    return f"{_SHORT[check.status]}: {figure}"


def decision_table(
    result: DecisionResult,
    currency: str,
    *,
    titles: Mapping[str, str] | None = None,
    replay: bool = False,
) -> pd.DataFrame:
    """One row per plan (by its title where ``titles`` has one), the recommended first: its
    standing, each condition's verdict with the figure and 95% interval, and the cost of
    keeping the big losers whole."""
    standing = {"pass": "meets every condition", "unclear": "too close to call", "fail": "fails"}
    rows = []
    for plan, verdict in result.verdicts.items():
        row = {"plan": plan, "verdict": standing.get(verdict.status, verdict.status)}
        if plan == result.recommended:
            row["verdict"] = "recommended"
        elif plan in result.tied_with and not _unmeasured(result):
            row["verdict"] = "tied, loses the tie-break"
        elif replay and verdict.status == "unclear":
            row["verdict"] = "meets every measured condition"
        for check in verdict.checks:
            column = _COLUMNS[check.condition]
            if check.condition == "disruption":
                column = losing_label(result.rule.loss_threshold_pct)
            row[column] = _short(check, replay=replay)
        row[f"keeping them whole ({currency})"] = _keep_whole_cell(verdict, currency)
        rows.append(row)
    table = pd.DataFrame(rows)
    order = table["plan"].ne(result.recommended).astype(int)
    table = table.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o")
    return table.assign(plan=table["plan"].map(lambda p: (titles or {}).get(p, p)))


def _keep_whole_cell(verdict, currency: str) -> str:
    """'2.24 M CNY (2.10 M to 2.38 M)': the mean cost and its 95% interval (the mean alone
    where there is no Monte Carlo error: one set of results, or nobody to keep whole)."""
    cost, low, high = verdict.keep_whole_cost, verdict.keep_whole_low, verdict.keep_whole_high
    if pd.isna(low) or low == high:
        return money(cost, currency)
    return f"{money(cost, currency)} ({money(low, currency)} to {money(high, currency)})"


def disruption_frame(result: DecisionResult) -> pd.DataFrame:
    """Per plan: % of reps losing more than the threshold with its 95% interval, the
    cost of keeping them whole, and the rule's limit (what the disruption chart draws)."""
    rows = []
    for plan, verdict in result.verdicts.items():
        check = next(c for c in verdict.checks if c.condition == "disruption")
        rows.append(
            {
                "plan": plan,
                "losers_pct": check.value,
                "low": check.low,
                "high": check.high,
                "keep_whole_cost": verdict.keep_whole_cost,
                "limit": check.limit,
                "threshold": result.rule.loss_threshold_pct,
                "status": check.status,
            }
        )
    return pd.DataFrame(rows)


def recommendation_html(advice: Recommendation, currency: str) -> str:
    """The recommendation callout, each plan against the rule, and the runners-up."""
    how = (
        "Each figure as it was on the actual results."
        if advice.replay
        else "Each figure with its 95% Monte Carlo interval: a plan within the noise of a "
        "limit is too close to call."
    )
    table = decision_table(advice.result, currency, titles=advice.titles, replay=advice.replay)
    return (
        summary_html("Recommendation", [advice.sentence, advice.rule_sentence])
        + f"<h3>Each plan against the decision rule</h3><p>{how}</p>"
        + table_html(table)
        + "<h3>What would have to change for the other plans</h3>"
        + html_list(advice.lines[2:])
    )
