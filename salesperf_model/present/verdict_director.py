"""What a director needs from a comparison in four or five sentences: the best trade-offs,
the cheapest plan measured as the decision rule measures cost (cost of sales when the rule
caps it), the fairest plan, and the main trade-off between them with revenue beside pay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.formatting import counted, money, percent
from salesperf_model.measure.decision import matters
from salesperf_model.present.cost_drivers import accrued_draws
from salesperf_model.present.fairness_verdict import smallest_changes, threshold_words
from salesperf_model.present.ranking import condition_name, ranking
from salesperf_model.present.verdict_net import kept_between, metric_draws, paired
from salesperf_model.present.verdict_words import (
    amount_words,
    estimate,
    plan_title,
    row_estimate,
)

if TYPE_CHECKING:
    from salesperf_model.measure.decision import DecisionResult
    from salesperf_model.pipeline import Run


@dataclass(frozen=True)
class DirectorSummary:
    """What a director needs from a comparison: the best trade-offs, the cheapest plan,
    the fairest plan and the price of fairness between them, and any scenario left out.
    Each ``*_sentence`` is one sentence; ``None`` when it does not apply."""

    best_trade_offs: list[str]
    cheapest: str
    #: The cheapest plan with its cost, e.g. "cheap (9.00 M CNY, -10.0% against base)".
    cheapest_words: str
    fairest: str | None
    best_sentence: str
    cheapest_sentence: str
    fairness_sentence: str
    trade_off_sentence: str | None
    skipped_sentence: str | None

    @property
    def sentences(self) -> list[str]:
        """Every sentence that applies, in reading order."""
        return [
            sentence
            for sentence in (
                self.best_sentence,
                self.cheapest_sentence,
                self.fairness_sentence,
                self.trade_off_sentence,
                self.skipped_sentence,
            )
            if sentence
        ]


def _best_sentence(run: Run, ranked: pd.DataFrame, best: list[str]) -> str:
    """The best trade-offs; on data where fairness cannot be measured no plan is one."""
    if ranked["fairness"].isna().all():
        return "Plans compare on cost alone: fairness cannot be measured on these data."
    return (
        "Best trade-offs (no other plan is both cheaper and fairer): "
        f"{', '.join(plan_title(run, plan) for plan in best)}."
    )


def _fairest(ranked: pd.DataFrame) -> tuple[pd.Series, str]:
    """The fairest plan's row and how it is fairest."""
    metric = str(ranked["fairness_metric"].iloc[0])
    if metric == "merit_alignment_pay":
        fairest = ranked.loc[ranked["fairness"].idxmax()]
        return fairest, (
            f"pay follows true skill most closely, rank correlation {fairest['fairness']:.2f}"
        )
    fairest = ranked.loc[ranked["fairness"].abs().idxmin()]
    return fairest, f"smallest {metric.replace('_', ' ')}, {fairest['fairness']:.1f}%"


def _not_clearly_fairer(run: Run, ranked: pd.DataFrame, fairest: str) -> list[str]:
    """The plans ``fairest`` is not clearly fairer than: the paired difference inside its
    95% Monte Carlo interval, or smaller than the smallest change that matters (the
    decision rule's); a plan without draws to pair is left out (not judged here)."""
    metric = str(ranked["fairness_metric"].iloc[0])
    smallest = smallest_changes(run).get(metric, 0.0)
    mine = metric_draws(run, fairest, metric)
    tied = []
    for plan in ranked["plan"]:
        theirs = metric_draws(run, str(plan), metric)
        if plan == fairest or mine is None or theirs is None or mine.size != theirs.size:
            continue
        gain = estimate(
            mine - theirs if metric == "merit_alignment_pay" else abs(theirs) - abs(mine)
        )
        digits = 2 if metric == "merit_alignment_pay" else 1
        if not (gain.clear and gain.value > 0 and matters(gain.value, smallest, digits)):
            tied.append(str(plan))
    return tied


def _fairness_sentence(run: Run, ranked: pd.DataFrame) -> tuple[str | None, str]:
    """(the fairest plan, or None when none is clearly fairer than every other; the
    sentence)."""
    fairest, how = _fairest(ranked)
    plan = str(fairest["plan"])
    tied = _not_clearly_fairer(run, ranked, plan)
    if not tied:
        return plan, f"Fairest: {plan_title(run, plan)} ({how})."
    metric = str(ranked["fairness_metric"].iloc[0])
    smallest = smallest_changes(run).get(metric, 0.0)
    titles = [plan_title(run, p) for p in (plan, *tied)]
    named = ", ".join(titles[:-1]) + f" and {titles[-1]}"
    about = (
        "follow true skill about as closely"
        if metric == "merit_alignment_pay"
        else f"have about the same {metric.replace('_', ' ')}"
    )
    return None, (
        f"No plan is clearly the fairest: {named} {about} (differences inside the Monte "
        f"Carlo error or below the smallest change that matters, {smallest:g})."
    )


def _cap(run: Run) -> float | None:
    """The decision rule's cost-of-sales cap (the baseline's budget), when it sets one and
    the run measured cost of sales."""
    budget = getattr(run.scenarios.get(run.baseline), "budget", None)
    cap = getattr(budget, "cost_of_sales", None)
    return cap if cap is not None and "cost_of_sales_collected" in run.tables["headline"] else None


def _revenue_loss(run: Run, plan: str, currency: str) -> str:
    """', but it brings in 39.84 M CNY less revenue (...)' when revenue clearly falls."""
    rows = run.tables["comparison"] if "comparison" in run.tables else pd.DataFrame()
    if not run.behaviour or rows.empty:
        return ""
    row = rows[(rows["plan"] == plan) & (rows["metric"] == "revenue_collected")]
    change = row_estimate(row.iloc[0]) if not row.empty else None
    if change is None or not change.clear or change.value > 0:
        return ""
    return f", but it brings in {amount_words(change, currency, more='', less='less revenue')}"


def _pay_words(run: Run, row: pd.Series, currency: str) -> str:
    revenue = (
        f"; revenue {percent(row['revenue_change_pct'], signed=True)}"
        if run.behaviour and pd.notna(row["revenue_change_pct"])
        else ""
    )
    return (
        f"{money(row['total_pay'], currency)}, {percent(row['change_pct'], signed=True)} "
        f"against {plan_title(run, run.baseline)}{revenue}"
    )


def _cost_of_sales(run: Run, plans: list[str]) -> pd.Series:
    """Each plan's mean cost of sales (pay / collected revenue), with pay still owed at
    the end counted as pay, as the ranking's total pay is (the headline's where nothing
    is owed)."""
    headline = run.tables["headline"].set_index("plan")["cost_of_sales_collected"]
    shares = {}
    for plan in plans:
        draws = accrued_draws(run, plan)
        owed = draws is not None and draws is not run.evaluations[plan].draws
        shares[plan] = draws["cost_of_sales_collected"].mean() if owed else headline[plan]
    return pd.Series(shares, dtype=float)


def _cheapest(run: Run, ranked: pd.DataFrame, currency: str) -> tuple[str, str, str]:
    """(plan, words for the index, sentence): by cost of sales when the decision rule caps
    it, with the plan of least total pay beside it when that is another plan."""
    by_pay = ranked.sort_values("total_pay", kind="stable").iloc[0]
    cap = _cap(run)
    if cap is None:
        words = f"{plan_title(run, str(by_pay['plan']))} ({_pay_words(run, by_pay, currency)})"
        return str(by_pay["plan"]), words, f"Cheapest: {words}."
    share = _cost_of_sales(run, list(ranked["plan"]))
    plan = str(share.idxmin())
    row = ranked.set_index("plan").loc[plan].rename(plan)
    title, base = plan_title(run, plan), plan_title(run, run.baseline)
    level = f"{100 * share[plan]:.1f}% against {100 * share[run.baseline]:.1f}% under {base}"
    words = f"{title} (cost of sales {level}; total pay {_pay_words(run, row, currency)})"
    sentence = (
        f"Lowest cost of sales (pay / collected revenue, what the {100 * cap:g}% cap in the "
        f"decision rule limits): {title}, {level} (total pay {_pay_words(run, row, currency)})."
    )
    if by_pay["plan"] != plan:
        other = str(by_pay["plan"])
        sentence += (
            f" Lowest total pay: {plan_title(run, other)} ({_pay_words(run, by_pay, currency)})"
            f"{_revenue_loss(run, other, currency)}."
        )
    return plan, words, sentence


def _fairness_bought(run: Run, fairest: str, cheapest: str, ranked: pd.DataFrame) -> str | None:
    """'for no fairness gain that matters (...)' when the fairest plan is ahead of the
    cheapest by less than the decision rule's smallest change that matters (what the
    fairness verdict calls no change), else None."""
    metric = str(ranked["fairness_metric"].iloc[0])
    figure = ranked.set_index("plan")["fairness"]
    smallest = smallest_changes(run).get(metric, 0.0)
    if metric == "merit_alignment_pay":
        digits, gain = 3, figure[fairest] - figure[cheapest]
        levels = f"pay follows true skill {figure[fairest]:.3f} against {figure[cheapest]:.3f}"
    else:
        digits, gain = 1, abs(figure[cheapest]) - abs(figure[fairest])
        levels = (
            f"{metric.replace('_mean', '').replace('_', ' ')} {abs(figure[fairest]):.1f}% "
            f"against {abs(figure[cheapest]):.1f}% in size"
        )
    if not smallest or matters(float(gain), smallest, digits):
        return None
    return (
        f"for no fairness gain that matters ({levels}, less than the smallest change that "
        f"matters, {threshold_words(metric, smallest)})"
    )


def _trade_off(run: Run, fairest: str, cheapest: str, ranked: pd.DataFrame, currency: str) -> str:
    """Choosing the fairest over the cheapest: the pay it costs and, when clear, the revenue
    it brings in and what the company keeps, each with its 95% interval."""
    costs = ranked.set_index("plan")["total_pay"]
    better = _fairness_bought(run, fairest, cheapest, ranked) or (
        "for pay that follows true skill more closely"
        if ranked["fairness_metric"].iloc[0] == "merit_alignment_pay"
        else "for fairer pay"
    )
    start = f"Main trade-off: choosing {plan_title(run, fairest)} over {plan_title(run, cheapest)}"
    pay = paired(run, fairest, cheapest, metric="total_pay")
    if pay is None:  # no draws: the difference in mean pay
        extra = costs[fairest] - costs[cheapest]
        more = "more" if extra >= 0 else "less"
        if not better.startswith("for no"):
            better = "for fairer pay"
        return f"{start} costs {money(abs(extra), currency)} {more} {better}."
    if pay.clear:
        spent = amount_words(pay, currency, more="more in total pay", less="less in total pay")
        sentence = f"{start} costs {spent} {better}"
    elif pay.low == pay.high == 0:  # paid alike to the cent: no noise to speak of
        every = " in every simulation" if run.settings.simulations > 1 else ""
        sentence = f"{start} costs the same in total pay{every} {better}"
    else:
        sentence = (
            f"{start} costs about the same in total pay (within the simulation noise) {better}"
        )
    revenue = paired(run, fairest, cheapest, metric="revenue_collected")
    if run.behaviour and revenue is not None and revenue.clear:
        kept = kept_between(run, fairest, cheapest)
        sentence += f", and brings in {amount_words(revenue, currency, more='more revenue', less='less revenue')}"
        sentence += (
            f": the company keeps {amount_words(kept, currency, more='more', less='less')} after pay"
            if kept.clear
            else ": after pay, what the company keeps is a tie within the simulation noise"
        )
    return sentence + "."


def _failing(decision: DecisionResult | None, plan: str) -> str:
    """', but it fails the decision rule (reps losing > 5%)' when it does."""
    if decision is None or plan not in decision.verdicts:
        return ""
    verdict = decision.verdicts[plan]
    if verdict.status != "fail":
        return ""
    threshold = decision.rule.loss_threshold_pct
    named = ", ".join(
        condition_name(c.condition, threshold) for c in verdict.checks if c.status == "fail"
    )
    return f", but it fails the decision rule ({named})"


def director_summary(run: Run, *, decision: DecisionResult | None = None) -> DirectorSummary:
    """The comparison in four or five sentences (see :class:`DirectorSummary`); plans by
    the titles leadership reads. ``decision``: the rule applied, to say when the plan that
    is both cheapest and fairest fails it."""
    currency = run.scenarios[run.baseline].currency
    ranked = ranking(run)
    best = ranked.loc[ranked["on_frontier"], "plan"].tolist()
    cheapest, cheapest_words, cheapest_sentence = _cheapest(run, ranked, currency)
    fairest_plan, trade_off = None, None
    if ranked["fairness"].isna().all():
        fairness = "Fairness cannot be ranked on these data (see the method appendix)."
    else:
        fairest_plan, fairness = _fairness_sentence(run, ranked)
        if fairest_plan is None:
            pass  # no clear fairest plan: no trade-off to price
        elif fairest_plan != cheapest:
            trade_off = _trade_off(run, fairest_plan, cheapest, ranked, currency)
        else:
            measure = "lowest in cost of sales" if _cap(run) is not None else "cheapest"
            trade_off = (
                f"No trade-off: {plan_title(run, cheapest)} is both the {measure} and the "
                f"fairest{_failing(decision, cheapest)}."
            )
    skipped = (
        f"{counted(len(run.skipped), 'scenario file')} could not be compared and "
        f"{'is' if len(run.skipped) == 1 else 'are'} left out (see Left out of the comparison)."
        if run.skipped and fairest_plan is not None
        else None
    )
    return DirectorSummary(
        best_trade_offs=best,
        cheapest=cheapest,
        cheapest_words=cheapest_words,
        fairest=fairest_plan,
        best_sentence=_best_sentence(run, ranked, best),
        cheapest_sentence=cheapest_sentence,
        fairness_sentence=fairness,
        trade_off_sentence=trade_off,
        skipped_sentence=skipped,
    )
