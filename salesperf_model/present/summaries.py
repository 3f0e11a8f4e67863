"""What a comparison says, in figures and sentences: one plan's summary, the ranking, and the director's summary."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.present.differences import (
    clear_difference,
    difference_words,
    same_in_every_simulation,
)
from salesperf_model.present.ranking import ranking
from salesperf_model.present.timing_words import timing_sentence

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def plan_title(run: Run, plan: str) -> str:
    """The title leadership reads for ``plan`` (its scenario's ``display_title``; the
    name itself when the run carries no scenario for it)."""
    scenarios = getattr(run, "scenarios", None) or {}
    return getattr(scenarios.get(plan), "display_title", plan)


def _replay(run: Run) -> bool:
    """Paid on one set of actual results (no simulation, so no noise and no odds)."""
    settings = getattr(run, "settings", None)
    return getattr(settings, "source", "") == "actuals"


def _row(comparison: pd.DataFrame, plan: str, metric: str) -> pd.Series | None:
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


_NOT_MEASURABLE = "not measurable on these data (no true skill, no group attribute)"


class Verdict(NamedTuple):
    """A plan's fairness against the baseline: the words, and the direction (+1 fairer,
    -1 less fair, 0 no clear change)."""

    words: str
    direction: float


def fairness_verdict(run: Run, plan: str) -> Verdict:
    """A plan's fairness vs the baseline, with the difference and its 95% paired interval
    (or 'no clear difference'). Merit alignment decides (how closely pay follows true
    skill); on real data, where skill is unknown, the size of the gender pay gap."""
    comparison = run.tables["comparison"]
    base = plan_title(run, run.baseline)
    merit = _row(comparison, plan, "merit_alignment_pay")
    if merit is not None and pd.notna(merit["alternative"]):
        level = f"rank correlation {merit['alternative']:.2f}"
        if not clear_difference(merit):
            return Verdict(
                f"pay follows true skill about as closely as under {base} ({level}; no clear "
                f"difference: {difference_words(merit, 3)})",
                0.0,
            )
        better = merit["difference"] > 0
        return Verdict(
            f"pay follows true skill {'more' if better else 'less'} closely ({level}, "
            f"{difference_words(merit, 3)} against {base})",
            1.0 if better else -1.0,
        )
    gap = _row(comparison, plan, "gender_pay_gap_mean")
    if gap is None or pd.isna(gap["alternative"]):
        return Verdict(_NOT_MEASURABLE, 0.0)
    gaps = f"{gap['alternative']:.1f}% vs {gap['baseline']:.1f}%"
    if not clear_difference(gap):
        return Verdict(
            f"the gender pay gap is about the same ({gaps}; no clear difference: "
            f"{difference_words(gap, 1, ' points')})",
            0.0,
        )
    smaller = abs(gap["alternative"]) < abs(gap["baseline"])
    return Verdict(
        f"the gender pay gap is {'smaller' if smaller else 'larger'} ({gaps}, "
        f"{difference_words(gap, 1, ' points')})",
        1.0 if smaller else -1.0,
    )


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
        return f"{self.trade_off}; {self.fairness}" if self.fairness_measured else self.trade_off

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
    """One sentence on the revenue reps bring in under the plan against the baseline."""
    currency = run.scenarios[run.baseline].currency
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
    change = (
        f"{money(row['difference'], currency, signed=True)} "
        f"({percent(row['difference_pct'], signed=True)})"
    )
    if same_in_every_simulation(row):
        return (
            f"Revenue: the same as under {plan_title(run, run.baseline)} in every simulation: "
            "none of this plan's changes moves what the simulated reps respond to (see the "
            "method section)."
        )
    if not clear_difference(row):
        return (
            f"Revenue: reps bring in about as much as under {plan_title(run, run.baseline)} "
            f"({change}, within the simulation noise)."
        )
    more = row["difference"] > 0
    return (
        f"Revenue: reps bring in {'more' if more else 'less'} collected revenue under this "
        f"plan, {change} against {plan_title(run, run.baseline)}."
    )


def _trade_off(
    cheaper: bool, dearer: bool, direction: float, *, replay: bool = False, measured: bool = True
) -> str:
    if cheaper and direction > 0:
        return "costs less and is fairer: no trade-off against the baseline"
    if dearer and direction < 0:
        return "costs more and is less fair: dominated by the baseline"
    if cheaper and direction < 0:
        return "saves money at the price of fairness"
    if dearer and direction > 0:
        return "buys fairness with money"
    if (cheaper or dearer) and not measured:
        return f"{'saves' if cheaper else 'costs'} money; fairness cannot be measured on these data"
    if cheaper or dearer:
        return f"{'saves' if cheaper else 'costs'} money with no clear change in fairness"
    if replay:
        return "costs the same on the actual results"
    return "changes cost by less than the simulation noise"


def _best_sentence(run: Run, ranked: pd.DataFrame, best: list[str]) -> str:
    """The best trade-offs; on data where fairness cannot be measured no plan is one."""
    if ranked["fairness"].isna().all():
        return "Plans compare on cost alone: fairness cannot be measured on these data."
    return (
        "Best trade-offs (no other plan is both cheaper and fairer): "
        f"{', '.join(plan_title(run, plan) for plan in best)}."
    )


def _winners_losers(run: Run, plan: str) -> tuple[float, float]:
    """(% of reps losing more than 5%, % gaining more than 5%), NaN when not measured."""
    table = run.tables.get("winners_losers_by_role")
    if table is None or plan == run.baseline:
        return float("nan"), float("nan")
    everyone = table[(table["plan"] == plan) & (table["role"] == "all")]
    if everyone.empty:
        return float("nan"), float("nan")
    return float(everyone["lose > 5%"].iloc[0]), float(everyone["gain > 5%"].iloc[0])


def plan_summary(run: Run, plan: str) -> PlanSummary:
    """The headline of one plan against the baseline, as figures and sentences."""
    comparison = run.tables["comparison"]
    currency = run.scenarios[run.baseline].currency
    cost = _row(comparison, plan, "total_pay")
    change = float(cost["difference"]) if cost is not None else float("nan")
    change_pct = float(cost["difference_pct"]) if cost is not None else float("nan")
    total = float(cost["alternative"]) if cost is not None else float("nan")
    revenue = _row(comparison, plan, "revenue_collected")
    revenue_change = float(revenue["difference"]) if revenue is not None else float("nan")
    revenue_pct = float(revenue["difference_pct"]) if revenue is not None else float("nan")
    verdict = fairness_verdict(run, plan)
    trade = _trade_off(
        clear_difference(cost) and change < 0,
        clear_difference(cost) and change > 0,
        verdict.direction,
        replay=_replay(run),
        measured=verdict.words != _NOT_MEASURABLE,
    )
    measured = verdict.words != _NOT_MEASURABLE
    if clear_difference(revenue) and revenue_change < 0 and clear_difference(cost) and change < 0:
        trade += (
            f"; but the pay it saves comes with {money(-revenue_change, currency)} less revenue"
        )
    lose, gain = _winners_losers(run, plan)
    timing = timing_sentence(comparison, plan, run.baseline) if run.behaviour else None
    return PlanSummary(
        plan=plan,
        total_pay=total,
        change=change,
        change_pct=change_pct,
        revenue_change=revenue_change,
        revenue_change_pct=revenue_pct,
        fairness_direction=verdict.direction,
        fairness=verdict.words,
        trade_off=trade,
        losers_over_5pct=lose,
        winners_over_5pct=gain,
        cost_sentence=(
            f"{plan_title(run, plan)} costs {money(total, currency)} in total pay over the "
            f"period, {money(change, currency, signed=True)} ({percent(change_pct, signed=True)}) "
            f"against {plan_title(run, run.baseline)}."
        ),
        revenue_sentence=_revenue_words(run, plan, revenue)
        + (f" Deal timing: {timing}" if timing else ""),
        fairness_sentence=f"Fairness: {verdict.words}.",
        trade_off_sentence=f"Trade-off: it {trade}.",
        winners_losers_sentence=None
        if math.isnan(lose)
        else f"{lose:.0f}% of reps lose more than 5% of their pay and {gain:.0f}% gain more than 5%.",
        fairness_measured=measured,
    )


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


def director_summary(run: Run) -> DirectorSummary:
    """The comparison in four or five sentences (see :class:`DirectorSummary`); plans by
    the titles leadership reads."""
    currency = run.scenarios[run.baseline].currency
    ranked = ranking(run)
    best = ranked.loc[ranked["on_frontier"], "plan"].tolist()
    cheapest = ranked.sort_values("total_pay", kind="stable").iloc[0]
    cheapest_title = plan_title(run, str(cheapest["plan"]))
    revenue_words = (
        f"; revenue {percent(cheapest['revenue_change_pct'], signed=True)}"
        if run.behaviour and pd.notna(cheapest["revenue_change_pct"])
        else ""
    )
    cheapest_words = (
        f"{cheapest_title} ({money(cheapest['total_pay'], currency)}, "
        f"{percent(cheapest['change_pct'], signed=True)} against "
        f"{plan_title(run, run.baseline)}{revenue_words})"
    )
    fairest_plan, trade_off = None, None
    if ranked["fairness"].isna().all():
        fairness = "Fairness cannot be ranked on these data (see the method appendix)."
    else:
        fairest, how = _fairest(ranked)
        fairest_plan = str(fairest["plan"])
        fairest_title = plan_title(run, fairest_plan)
        fairness = f"Fairest: {fairest_title} ({how})."
        if fairest_plan != cheapest["plan"]:
            extra = fairest["total_pay"] - cheapest["total_pay"]
            trade_off = (
                f"Main trade-off: choosing {fairest_title} over {cheapest_title} costs "
                f"{money(extra, currency)} more for fairer pay."
            )
        else:
            trade_off = f"No trade-off: {cheapest_title} is both the cheapest and the fairest."
    skipped = (
        f"{len(run.skipped)} scenario file(s) could not be loaded and are left out."
        if run.skipped and fairest_plan is not None
        else None
    )
    return DirectorSummary(
        best_trade_offs=best,
        cheapest=str(cheapest["plan"]),
        cheapest_words=cheapest_words,
        fairest=fairest_plan,
        best_sentence=_best_sentence(run, ranked, best),
        cheapest_sentence=f"Cheapest: {cheapest_words}.",
        fairness_sentence=fairness,
        trade_off_sentence=trade_off,
        skipped_sentence=skipped,
    )
