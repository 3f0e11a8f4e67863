"""The notes under a comparison's recommendation: budget lines breached, whether the simulation count resolves the changes, and the pay-mix and pay-equity warnings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from salesperf_model.engine.checks import same_points
from salesperf_model.engine.pay import base_share_warnings
from salesperf_model.formatting import money
from salesperf_model.measure.pay_equity import GAP_FLAG_PCT, gap_flag
from salesperf_model.present.equity_words import gap_words, role_plural
from salesperf_model.present.fairness_verdict import smallest_changes
from salesperf_model.present.key_labels import role_people
from salesperf_model.present.plan_words import role_name
from salesperf_model.present.summaries import plan_title
from salesperf_model.present.verdict_words import is_replay
from salesperf_model.present.warning_words import base_shares, pay_mix_lines

if TYPE_CHECKING:
    import pandas as pd

    from salesperf_model.measure.decision import DecisionResult
    from salesperf_model.pipeline import Run
    from salesperf_model.schema.scenario import Budget


def _named(plans: list[str], titles: Mapping[str, str], figures: Mapping[str, float]) -> str:
    """Plans by title, each with its figure (a share) where ``figures`` has one."""
    return ", ".join(
        f"{titles.get(p, p)} ({figures[p]:.1%})" if p in figures else titles.get(p, p)
        for p in plans
    )


def budget_sentence(
    result: DecisionResult,
    budget: Budget,
    *,
    titles: Mapping[str, str] | None = None,
    cost_of_sales: Mapping[str, float] | None = None,
) -> str | None:
    """Each budget line that is set, with the probability each plan (by its title where
    ``titles`` has one) breaches it. With ``cost_of_sales`` (plan -> pay / collected
    revenue on one set of actual results) no probabilities: which plans are over each
    line and which within it, with each plan's cost of sales."""
    titles = titles or {}
    parts = []
    for condition, line in (
        ("total_pay_budget", f"the total-pay budget of {money(budget.total_pay, '')}".strip()),
        ("cost_of_sales_budget", f"the {100 * (budget.cost_of_sales or 0):g}% cost-of-sales cap"),
    ):
        checks = {
            plan: c
            for plan, verdict in result.verdicts.items()
            for c in verdict.checks
            if c.condition == condition and c.value == c.value
        }
        if not checks:
            continue
        if cost_of_sales is None:
            odds = [f"{1 - c.value:.0%} under {titles.get(p, p)}" for p, c in checks.items()]
            parts.append(f"{line} is breached with probability " + ", ".join(odds))
            continue
        figures = cost_of_sales if condition == "cost_of_sales_budget" else {}
        over = [p for p, c in checks.items() if c.value < 1]
        within = [p for p, c in checks.items() if c.value >= 1]
        if not over:
            parts.append(
                f"on the actual results every plan is within {line}: {_named(within, titles, figures)}"
            )
        else:
            words = f"on the actual results {_named(over, titles, figures)} {'is' if len(over) == 1 else 'are'} over {line}"
            parts.append(
                words + (f"; within it: {_named(within, titles, figures)}" if within else "")
            )
    return ("Budget: " + "; ".join(parts) + ".") if parts else None


def _same_points_words(run: Run, plan: str, result: object) -> list[str]:
    """A role graded on identical points in some reviews (``engine.checks.same_points``),
    in words; nothing for a result that keeps no points (a streamed horizon result)."""
    points, labels = getattr(result, "points", None), getattr(result, "review_labels", None)
    if points is None or labels is None or np.asarray(points).ndim != 3:
        return []
    words = []
    for found in same_points(run.outcomes_of(plan), points=points, labels=list(labels)):
        who = (
            f"every {role_name(found.role)} rep scores"
            if found.low == 1.0
            else f"{found.share_words} of {role_plural(found.role)} score"
        )
        words.append(
            f"Grades: in {len(found.reviews)} of {found.of} reviews ({', '.join(found.reviews)}) "
            f"{who} the same points, so their grades, and the pay and consequences that follow "
            "grades, reflect the plan's floors and caps, not their results"
        )
    return words


def summary_warnings(run: Run) -> list[str]:
    """The pay-mix, grading and pay-equity warnings that fire, each once with the plans it
    concerns: base salary outside the recommended share of on-target pay (with the roles:
    :func:`pay_mix_warnings`), a role graded on
    identical points in some reviews, and gender pay gaps of 5% or more either way and
    clear of the simulation noise (the EU Directive's trigger for a joint pay assessment;
    :func:`pay_equity_warnings`)."""
    plans_by_message: dict[str, list[str]] = {}
    for plan, evaluation in run.evaluations.items():  # grades that tell no one apart
        for message in _same_points_words(run, plan, evaluation.result):
            plans_by_message.setdefault(message, []).append(plan)
    equity = run.tables.get("pay_equity")
    if equity is not None:
        for message, plan in pay_equity_warnings(equity, replay=is_replay(run)):
            plans_by_message.setdefault(message, []).append(plan)
    return [
        *pay_mix_warnings(run),
        *(
            f"{message} ({', '.join(plan_title(run, p) for p in plans)})"
            for message, plans in plans_by_message.items()
        ),
    ]


def pay_mix_warnings(run: Run) -> list[str]:
    """Base salary outside the recommended share of on-target pay (the engine's check,
    ``engine.pay.base_share_warnings``, on the sales force each plan met), a sentence per
    group of plans alike that names the plans, the roles and the shares."""
    shares = {
        plan_title(run, plan): base_shares(base_share_warnings(scenario, run.outcomes_of(plan)))
        for plan, scenario in run.scenarios.items()
    }
    return pay_mix_lines(shares)


def pay_equity_warnings(table: pd.DataFrame, *, replay: bool = False) -> list[tuple[str, str]]:
    """(message, plan) for each mean gender pay gap of the pay-equity table (all plans)
    that :func:`~salesperf_model.measure.pay_equity.gap_flag` flags (5% or more either
    way, its 5-95% range over the simulations excluding 0), said the way it runs: "among
    channel managers women paid 9.0% more than men on average"; a gap within the noise
    at its headcount is no warning (the plan's report shows it as such). On one set of
    actual results (``replay``) a gap is a fact, not clear of any noise."""
    clear = "on the actual results" if replay else "and clear of the simulation noise"
    gaps = table[table["measure"].eq("gender_pay_gap_mean")]
    flagged = np.array(
        [gap_flag(m, a, b) for m, a, b in zip(gaps["mean"], gaps["p5"], gaps["p95"])], dtype=bool
    )
    return [
        (
            f"Pay equity: among {role_people(row.category)}, {gap_words(row.mean)} on average, "
            f"a gap of {GAP_FLAG_PCT:g}% or more {clear}, which triggers a joint pay "
            "assessment (EU Directive 2023/970)",
            str(row.plan),
        )
        for row in gaps[flagged].itertuples()
    ]


def resolution_sentence(run: Run) -> str | None:
    """Whether the simulation count resolves each plan's change in total pay and in the
    fairness objective against the baseline (95% paired interval excluding zero), and
    which changes it does not; None on real data (one set of results, no Monte Carlo)."""
    if run.settings.source == "actuals" or run.settings.simulations <= 1:
        return None
    comparison = run.tables["comparison"]
    rows = comparison[comparison["plan"] != run.baseline]
    fairness = (
        "merit_alignment_pay"
        if rows.loc[rows["metric"] == "merit_alignment_pay", "alternative"].notna().any()
        else "gender_pay_gap_mean"
    )
    words = {"total_pay": "total pay", fairness: fairness_label(fairness)}
    smallest = {fairness: smallest_changes(run).get(fairness, 0.0)}
    unresolved, same, small = [], {}, []
    for name, label in words.items():
        metric_rows = rows[rows["metric"] == name]
        low, high = metric_rows["difference_low"], metric_rows["difference_high"]
        within = ~((low > 0) | (high < 0))
        alike = within & (low == 0) & (high == 0)  # the same in every simulation
        tiny = within & ~alike & (np.maximum(low.abs(), high.abs()) < smallest.get(name, 0.0))
        for mask, out in ((within & ~alike & ~tiny, unresolved), (tiny, small)):
            plans = metric_rows.loc[mask, "plan"].tolist()
            if plans:
                out.append(f"the change in {label} for {_titles(run, plans)}")
        for plan in metric_rows.loc[alike, "plan"]:
            same.setdefault(plan, []).append(label)
    count = f"At {run.settings.simulations} simulations"
    base_title = plan_title(run, run.baseline)
    notes = _same_and_small(run, same, small, smallest.get(fairness, 0.0))
    if not unresolved:
        resolved = (
            f"{count}, every plan's change in total pay and in {words[fairness]} against "
            f"{base_title} is resolved (its 95% interval excludes zero)"
        )
        return resolved + (" or needs no more simulations." if notes else ".") + notes
    return (
        f"{count}, these changes against {base_title} are within the Monte Carlo error "
        "(their 95% intervals include zero), so more simulations would be needed to tell "
        f"which way they go: {'; '.join(unresolved)}." + notes
    )


def _titles(run: Run, plans: list) -> str:
    return ", ".join(plan_title(run, p) for p in plans)


def _same_and_small(run: Run, same: dict, small: list[str], smallest: float) -> str:
    """' The same in every simulation: ... Smaller than the smallest change that matters
    (0.01) whatever more simulations show: ...' (or '')."""
    notes = ""
    if same:
        by_labels: dict[tuple, list] = {}
        for plan, labels in same.items():
            by_labels.setdefault(tuple(labels), []).append(plan)
        parts = [
            f"the change in {' and in '.join(labels)} for {_titles(run, plans)}"
            for labels, plans in by_labels.items()
        ]
        notes += f" The same in every simulation: {'; '.join(parts)}."
    if small:
        notes += (
            f" Smaller than the smallest change that matters ({smallest:g}) whatever more "
            f"simulations show: {'; '.join(small)}."
        )
    return notes


def fairness_label(metric: str) -> str:
    """The fairness objective in a few words."""
    return (
        "how closely pay follows true skill"
        if metric == "merit_alignment_pay"
        else ("the gender pay gap")
    )
