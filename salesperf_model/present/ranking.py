"""Plans ranked for a director. With the decision rule applied: plans that meet it first,
then those too close to call, then those that fail it; within each, by what the company
keeps (revenue change minus pay change against the baseline), plans within the Monte Carlo
error of each other sharing a rank. Without it (a plan's own report): the cost-fairness
frontier first, then by how many plans beat them, then cheapest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.formatting import losing_label
from salesperf_model.present.fairness_verdict import fairness_verdict
from salesperf_model.present.verdict_net import kept, kept_between

if TYPE_CHECKING:
    from salesperf_model.measure.decision import DecisionResult, PlanVerdict
    from salesperf_model.pipeline import Run

#: The decision rule's conditions as a ranking cell names them.
CONDITIONS = {
    "total_pay_budget": "total-pay budget",
    "cost_of_sales_budget": "cost-of-sales cap",
    "disruption": "reps losing > 5%",
    "pay_equity": "gender pay gap",
}
_TIERS = {"pass": 0, "unclear": 1, "fail": 2}

COLUMNS = [
    "rank",
    "plan",
    "total_pay",
    "change_pct",
    "revenue_change_pct",
    "fairness_metric",
    "fairness",
    "on_frontier",
    "beaten_by",
    "losers_pct",
    "keep_whole_cost",
]


def condition_name(condition: str, threshold_pct: float = 5.0) -> str:
    """A condition of the decision rule in a few words; the disruption one names the
    rule's loss threshold ('reps losing > 10%')."""
    return losing_label(threshold_pct) if condition == "disruption" else CONDITIONS[condition]


def unmeasured_words(verdict: PlanVerdict) -> str:
    """'the gender pay gap cannot be measured on them' for the conditions the data cannot
    measure ('' when it measures every one)."""
    blind = [CONDITIONS[c.condition] for c in verdict.checks if c.status == "not measured"]
    return f"the {' and the '.join(blind)} cannot be measured on them" if blind else ""


def rule_words(verdict: PlanVerdict, recommended: str | None, threshold_pct: float = 5.0) -> str:
    """'recommended', 'meets', 'too close to call: reps losing > 5%', 'fails: ...'
    (``threshold_pct``: the rule's loss threshold)."""
    if verdict.plan == recommended:
        return "recommended"
    if verdict.status == "pass":
        return "meets"
    status = "fail" if verdict.status == "fail" else "unclear"
    named = [
        condition_name(c.condition, threshold_pct) for c in verdict.checks if c.status == status
    ]
    head = "fails" if status == "fail" else "too close to call"
    return f"{head}: {', '.join(named)}" if named else head


def _by_rule(run: Run, frontier: pd.DataFrame, decision: DecisionResult) -> pd.DataFrame:
    """Rule tier first, then what the company keeps; a plan within the Monte Carlo error
    of every plan of the group above it shares the group's rank (``tied``: shares the
    rank of the plan above it)."""
    verdicts = decision.verdicts
    table = frontier.copy()
    estimates = {plan: kept(run, plan) for plan in table["plan"]}
    table["net_effect"] = [estimates[p].value for p in table["plan"]]
    table["net_low"] = [estimates[p].low for p in table["plan"]]
    table["net_high"] = [estimates[p].high for p in table["plan"]]
    table["tier"] = [
        _TIERS.get(verdicts[p].status, 3) if p in verdicts else 3 for p in table["plan"]
    ]
    table["rule"] = [
        rule_words(verdicts[p], decision.recommended, decision.rule.loss_threshold_pct)
        if p in verdicts
        else "not judged"
        for p in table["plan"]
    ]
    table["fairness_verdict"] = [
        "" if p == run.baseline else fairness_verdict(run, p).verdict for p in table["plan"]
    ]
    table["_order"] = -table["net_effect"].fillna(-np.inf)
    table = table.sort_values(["tier", "_order"], kind="stable").reset_index(drop=True)
    ranks, tied = shared_ranks(
        list(table["plan"]),
        list(table["tier"]),
        apart=lambda one, other: kept_between(run, one, other).clear,
    )
    table["rank"], table["tied"] = ranks, tied
    return table.drop(columns="_order")


def shared_ranks(
    plans: list[str], tiers: list[int], *, apart: Callable[[str, str], bool]
) -> tuple[list[int], list[bool]]:
    """(rank, shares the rank above) of ``plans`` in ranking order: a plan shares the
    rank of the group above it when it is in the same tier and not ``apart`` (clearly
    different, beyond the Monte Carlo error) from EVERY plan of the group. Ties do not
    chain: two plans clearly apart never share a rank because a third, wide-interval
    plan is close to both (the table's legend: plans within the Monte Carlo error of
    each other share a rank)."""
    ranks: list[int] = []
    tied: list[bool] = []
    group: list[int] = []
    for position, (plan, tier) in enumerate(zip(plans, tiers, strict=True)):
        same = bool(group) and all(
            tier == tiers[member] and not apart(plan, plans[member]) for member in group
        )
        if same:
            group.append(position)
            ranks.append(ranks[-1])
        else:
            group = [position]
            ranks.append(position + 1)
        tied.append(same)
    return ranks, tied


def _accrued_pay(run: Run, frontier: pd.DataFrame) -> None:
    """Total pay and its change with pay still owed at the end of the period counted as
    pay (a holdback's last months), as the summary lines count it: a deferral is not a
    saving. Unchanged for plans that owe nothing at the end."""
    from salesperf_model.present.cost_drivers import accrued_cost_row

    for index, plan in zip(frontier.index, frontier["plan"], strict=True):
        row = accrued_cost_row(run, plan) if "comparison" in run.tables else None
        if row is not None and plan != run.baseline:
            frontier.loc[index, "cost"] = row["alternative"]
            frontier.loc[index, "change_pct"] = row["difference_pct"]


def ranking(run: Run, *, decision: DecisionResult | None = None) -> pd.DataFrame:
    """Plans ranked for a director (see the module's words for the order).

    Columns: ``rank, plan, total_pay, change_pct, revenue_change_pct, fairness_metric,
    fairness, on_frontier, beaten_by, losers_pct, keep_whole_cost`` (``revenue_change_pct``:
    collected revenue vs the baseline, paired; ``losers_pct``: % of reps losing more than
    the ``decision``'s threshold, ``keep_whole_cost``: topping them up; NaN without one).
    With a ``decision`` also ``tier`` (0 meets the rule, 1 too close to call, 2 fails),
    ``rule`` (in words), ``net_effect``, ``net_low``, ``net_high`` (what the company keeps
    against the baseline and its 95% interval), ``tied`` (shares the rank above) and
    ``fairness_verdict`` (the four-component verdict against the baseline)."""
    frontier = run.tables["frontier"].copy()
    headline = run.tables["headline"].set_index("plan")
    frontier["beaten_by"] = (
        frontier["dominated_by"]
        .fillna("")
        .map(lambda text: len([p for p in str(text).split(", ") if p]))
    )
    frontier["change_pct"] = frontier["plan"].map(headline["change_vs_baseline_pct"])
    frontier["revenue_change_pct"] = (
        frontier["plan"].map(headline["revenue_change_vs_baseline_pct"])
        if "revenue_change_vs_baseline_pct" in headline
        else np.nan
    )
    _accrued_pay(run, frontier)
    if frontier["fairness"].isna().all():  # fairness not measured: no cost-fairness trade-off
        frontier["on_frontier"] = False
    frontier["losers_pct"] = frontier["keep_whole_cost"] = np.nan
    if decision is None:
        frontier = frontier.sort_values(["beaten_by", "cost"], kind="stable")
        frontier = frontier.reset_index(drop=True)
        frontier.insert(0, "rank", np.arange(1, len(frontier) + 1))
        return frontier.rename(columns={"cost": "total_pay"})[COLUMNS]
    verdicts = decision.verdicts
    frontier["losers_pct"] = [
        next(c.value for c in verdicts[p].checks if c.condition == "disruption")
        for p in frontier["plan"]
    ]
    frontier["keep_whole_cost"] = [verdicts[p].keep_whole_cost for p in frontier["plan"]]
    frontier["loss_threshold_pct"] = decision.rule.loss_threshold_pct
    ranked = _by_rule(run, frontier, decision).rename(columns={"cost": "total_pay"})
    extra = ["tier", "rule", "net_effect", "net_low", "net_high", "tied", "fairness_verdict"]
    extra.append("loss_threshold_pct")
    return ranked[[*COLUMNS, *extra]]
