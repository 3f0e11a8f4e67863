"""What a comparison says, in figures and sentences: one plan's summary (cost and revenue
with their 95% intervals, the four-component fairness verdict, the trade-off), and the
director's summary (verdict_director.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from salesperf_model.formatting import money, percent, share_words
from salesperf_model.present.cost_drivers import accrued_cost_row, owed_clause
from salesperf_model.present.differences import (  # noqa: F401 (re-exported)
    clear_difference,
    difference_words,
    same_in_every_simulation,
)
from salesperf_model.present.fairness_verdict import fairness_verdict as composite_verdict
from salesperf_model.present.method import dated_changes_words
from salesperf_model.present.ranking import ranking  # noqa: F401 (re-exported)
from salesperf_model.present.timing_words import timing_sentence
from salesperf_model.present.turnover_words import turnover_sentence
from salesperf_model.present.verdict_director import (  # noqa: F401 (re-exported)
    DirectorSummary,
    director_summary,
)
from salesperf_model.present.verdict_net import kept
from salesperf_model.present.verdict_trade_off import TradeOffFacts, trade_off_words
from salesperf_model.present.verdict_words import (
    is_replay,
    money_change,
    plan_title,
    row_estimate,
)

if TYPE_CHECKING:
    from salesperf_model.measure.decision import Check, DecisionResult
    from salesperf_model.pipeline import Run


def _replay(run: Run) -> bool:
    """Paid on one set of actual results (no simulation, so no noise and no odds)."""
    return is_replay(run)


def _row(comparison: pd.DataFrame, plan: str, metric: str) -> pd.Series | None:
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


class Verdict(NamedTuple):
    """A plan's fairness against the baseline: the words, and the direction (+1 fairer,
    -1 less fair, 0 about as fair or not measurable)."""

    words: str
    direction: float


def fairness_verdict(run: Run, plan: str) -> Verdict:
    """A plan's fairness vs the baseline by the four-component rule of the fairness
    verdict (fairness_verdict.py, the glossary's rule): 'fairer (clearly fairer on pay
    follows true skill; less fair on none)', in the words the verdict block shows."""
    verdict = composite_verdict(run, plan)
    return Verdict(verdict.words, verdict.direction)


@dataclass(frozen=True)
class PlanSummary:
    """The headline of one plan against the baseline: figures, and one sentence each for
    cost, fairness, the trade-off and (when measured) winners and losers."""

    plan: str
    total_pay: float
    change: float
    change_pct: float
    revenue_change: float
    revenue_change_pct: float
    fairness_direction: float
    fairness: str
    trade_off: str
    losers_over_5pct: float
    winners_over_5pct: float
    cost_sentence: str
    revenue_sentence: str
    fairness_sentence: str
    trade_off_sentence: str
    winners_losers_sentence: str | None
    #: False when these data cannot measure fairness (the verdict then says so and no more)
    fairness_measured: bool = True

    @property
    def one_line(self) -> str:
        """The trade-off and the fairness verdict, for a list of every plan in one line."""
        if not self.fairness_measured:
            return self.trade_off
        return f"{self.trade_off}; fairness: {self.fairness}"

    @property
    def headline(self) -> str:
        """Cost, revenue, fairness and trade-off in one paragraph (the index page's summary)."""
        return " ".join(
            [
                self.cost_sentence,
                self.revenue_sentence,
                self.fairness_sentence,
                self.trade_off_sentence,
            ]
        )

    @property
    def sentences(self) -> list[str]:
        """Every sentence, in reading order."""
        extra = [self.winners_losers_sentence] if self.winners_losers_sentence else []
        return [
            self.cost_sentence,
            self.revenue_sentence,
            self.fairness_sentence,
            self.trade_off_sentence,
            *extra,
        ]


def _revenue_words(run: Run, plan: str, row: pd.Series | None) -> str:
    """One sentence on the revenue reps bring in under the plan against the baseline, the
    change with its 95% interval (or within the noise: about as much)."""
    currency = run.scenarios[run.baseline].currency
    base = plan_title(run, run.baseline)
    if _replay(run):
        return (
            "Revenue: every plan is paid on the same actual results, so no plan changes "
            "revenue (how reps would respond to a new plan is not in the data)."
        )
    if not run.behaviour:
        return (
            "Revenue: every plan is paid on the same simulated sales (reps do not respond "
            "to pay in this run), so no plan changes revenue."
        )
    if row is None or pd.isna(row["difference"]):
        return "Revenue: not measured."
    dated = dated_changes_words(run, plan)
    if same_in_every_simulation(row):
        why = dated or "none of this plan's changes moves what the simulated reps respond to"
        return f"Revenue: the same as under {base} in every simulation: {why} (see the method section)."
    unsimulated = (
        " Its dated plan changes are paid but not simulated (see the method section)."
        if dated
        else ""
    )
    if not clear_difference(row):
        change = f"{money(row['difference'], currency, signed=True)} ({_pct(row)})"
        return (
            f"Revenue: reps bring in about as much as under {base} "
            f"({change}, within the simulation noise).{unsimulated}"
        )
    more = row["difference"] > 0
    return (
        f"Revenue: reps bring in {'more' if more else 'less'} collected revenue under this "
        f"plan, {money_change(row, currency, baseline=base)}.{unsimulated}"
    )


def _pct(row: pd.Series) -> str:
    return percent(row["difference_pct"], signed=True)


def _winners_losers(run: Run, plan: str) -> tuple[float, float]:
    """(% of reps losing more than 5%, % gaining more than 5%), NaN when not measured."""
    table = run.tables.get("winners_losers_by_role")
    if table is None or plan == run.baseline:
        return float("nan"), float("nan")
    everyone = table[(table["plan"] == plan) & (table["role"] == "all")]
    if everyone.empty:
        return float("nan"), float("nan")
    return float(everyone["lose > 5%"].iloc[0]), float(everyone["gain > 5%"].iloc[0])


def _decision(run: Run, decision: DecisionResult | None) -> DecisionResult | None:
    """The decision rule applied to the run: the one given, else computed when the run
    keeps every plan's result (a plan report), else None (no rule to judge by)."""
    if decision is not None:
        return decision
    evaluations = getattr(run, "evaluations", None) or {}
    rule = getattr(run.scenarios.get(run.baseline), "decision", None)
    if rule is None or run.baseline not in evaluations:
        return None
    if any(getattr(e, "result", None) is None for e in evaluations.values()):
        return None
    from salesperf_model.present.recommendation import run_decision  # imports this package

    return run_decision(run)


def _disruption(decision: DecisionResult | None, plan: str) -> Check | None:
    if decision is None or plan not in decision.verdicts:
        return None
    checks = [c for c in decision.verdicts[plan].checks if c.condition == "disruption"]
    return checks[0] if checks else None


def _trade_off(run: Run, plan: str, cost: pd.Series | None, decision: DecisionResult | None) -> str:
    """The trade-off words (verdict_trade_off.py) from the run's figures."""
    revenue_row = _row(run.tables["comparison"], plan, "revenue_collected")
    moves = (
        run.behaviour
        and not _replay(run)
        and revenue_row is not None
        and pd.notna(revenue_row["difference"])
        and not same_in_every_simulation(revenue_row)
    )
    change = float(cost["difference"]) if cost is not None else float("nan")
    return trade_off_words(
        TradeOffFacts(
            cheaper=clear_difference(cost) and change < 0,
            dearer=clear_difference(cost) and change > 0,
            fairness=composite_verdict(run, plan),
            currency=run.scenarios[run.baseline].currency,
            revenue=row_estimate(revenue_row) if moves else None,
            kept=kept(run, plan) if moves else None,
            disruption=_disruption(decision, plan),
            loss_threshold_pct=decision.rule.loss_threshold_pct if decision else 5.0,
            replay=_replay(run),
        )
    )


def _cost_words(run: Run, plan: str, cost: pd.Series | None) -> str:
    currency = run.scenarios[run.baseline].currency
    base = plan_title(run, run.baseline)
    if cost is None:
        return f"{plan_title(run, plan)}: total pay not measured."
    change = money_change(cost, currency, baseline=base, replay=_replay(run))
    return (
        f"{plan_title(run, plan)} costs {money(cost['alternative'], currency)} in total pay "
        f"over the period, {change}{owed_clause(run, plan, currency)}."
    )


def plan_summary(run: Run, plan: str, *, decision: DecisionResult | None = None) -> PlanSummary:
    """The headline of one plan against the baseline, as figures and sentences.
    ``decision``: the rule applied to the run (computed when the run keeps each plan's
    result); a plan failing its disruption limit is never called free of trade-offs."""
    comparison = run.tables["comparison"]
    cost = accrued_cost_row(run, plan)  # pay still owed at the end counted as pay
    revenue = _row(comparison, plan, "revenue_collected")
    verdict = composite_verdict(run, plan)
    trade = _trade_off(run, plan, cost, _decision(run, decision))
    changes = verdict.clear_changes()
    lose, gain = _winners_losers(run, plan)
    timing = timing_sentence(comparison, plan, run.baseline) if run.behaviour else None
    leaving = turnover_sentence(comparison, plan, run.baseline) if run.behaviour else None
    return PlanSummary(
        plan=plan,
        total_pay=float(cost["alternative"]) if cost is not None else float("nan"),
        change=float(cost["difference"]) if cost is not None else float("nan"),
        change_pct=float(cost["difference_pct"]) if cost is not None else float("nan"),
        revenue_change=float(revenue["difference"]) if revenue is not None else float("nan"),
        revenue_change_pct=float(revenue["difference_pct"])
        if revenue is not None
        else float("nan"),
        fairness_direction=verdict.direction,
        fairness=verdict.words,
        trade_off=trade,
        losers_over_5pct=lose,
        winners_over_5pct=gain,
        cost_sentence=_cost_words(run, plan, cost),
        revenue_sentence=_revenue_words(run, plan, revenue)
        + (f" Deal timing: {timing}" if timing else "")
        + (f" Reps leaving: {leaving}" if leaving else ""),
        fairness_sentence=f"Fairness against {plan_title(run, run.baseline)}: {verdict.words}."
        + (f" Changes that matter: {changes}." if changes else ""),
        trade_off_sentence=f"Trade-off: it {trade}.",
        winners_losers_sentence=None
        if math.isnan(lose)
        else _capital(
            f"{share_words(lose)} of reps lose more than 5% of their pay and "
            f"{share_words(gain)} gain more than 5%."
        ),
        fairness_measured=verdict.measured,
    )


def _capital(sentence: str) -> str:
    """'fewer than 1% of reps ...' -> 'Fewer than 1% of reps ...'."""
    return sentence[:1].upper() + sentence[1:]
