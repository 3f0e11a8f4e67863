"""Compare plans paid on the same outcomes: metric differences, winners and losers, frontier.

Every plan is paid on the very same simulated outcomes (common random numbers), so the
difference between two plans is computed simulation by simulation and its Monte Carlo
standard error is that of a paired difference, far smaller than either plan's spread.
Column dictionaries are in docs/metrics.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from salesperf_model.measure import cost as measure
from salesperf_model.measure import fairness
from salesperf_model.measure.cost import Metric, PlanResultLike, rep_totals
from salesperf_model.outcomes import Outcomes

#: Every metric a plan is measured on, in table order.
METRICS: dict[str, Metric] = {**measure.COST_METRICS, **fairness.FAIRNESS_METRICS}

#: Winners-and-losers bands on the change in each rep's total pay, in % of baseline pay.
BANDS: tuple[str, ...] = ("lose > 5%", "lose 0.1-5%", "about the same", "gain 0.1-5%", "gain > 5%")

#: Groupings for winners-and-losers tables: the baseline's attainment decile or a rep column.
GROUPINGS: tuple[str, ...] = ("attainment_decile", "role", "region", "group")

#: Every table :func:`comparison_tables` can return (some only with variants or with an
#: alternative plan), in file order.
TABLE_NAMES: tuple[str, ...] = (
    "headline",
    "comparison",
    "summary",
    "frontier",
    "notes",
    "cost_by_component",
    "cost_by_role",
    "cost_by_region",
    "cost_by_rep",
    "pay_at_target",
    "pay_equity",
    "pay_quartiles",
    "grade_parity",
    "fairness_comparisons",
    *(f"winners_losers_by_{by}" for by in GROUPINGS),
)

#: Figures in a leadership summary, in order (metric names, or change_vs_baseline*).
HEADLINE: tuple[str, ...] = (
    "total_pay",
    "change_vs_baseline",
    "change_vs_baseline_pct",
    "cost_of_sales_collected",
    "over_budget_total_pay",
    "over_budget_cost_of_sales",
    "variable_pay_share",
    "merit_alignment_pay",
    "luck_share",
    "false_c_rate",
    "gender_pay_gap_mean",
    "gini_variable_pay",
)


@dataclass(frozen=True)
class PlanEvaluation:
    """One plan paid on the shared outcomes, plus the two variants cost metrics need:
    pay at target (:func:`measure.revenue_at_quota`) and pay after 1% more sales."""

    name: str
    result: PlanResultLike
    draws: pd.DataFrame  # simulation x metric
    at_target: PlanResultLike | None = None
    bumped: PlanResultLike | None = None


def plan_draws(
    result: PlanResultLike,
    outcomes: Outcomes,
    *,
    at_target: PlanResultLike | None = None,
    bumped: PlanResultLike | None = None,
    bump: float = 0.01,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
    reference: str = "male",
    comparison: str = "female",
) -> pd.DataFrame:
    """Every cost and fairness metric per simulation (index ``simulation``, one column per
    metric in :data:`METRICS` order; cost metrics that need a variant or budget that was
    not given are left out)."""
    totals = rep_totals(result)
    cost = measure.cost_draws(
        result,
        outcomes,
        at_target=at_target,
        bumped=bumped,
        bump=bump,
        total_pay_budget=total_pay_budget,
        cost_of_sales_budget=cost_of_sales_budget,
        totals=totals,
    )
    fair = fairness.fairness_draws(result, outcomes, reference, comparison, totals=totals)
    return pd.concat([cost, fair], axis=1)


Budget = float | None | Mapping[str, float | None]


def _budget_for(budget: Budget, plan: str) -> float | None:
    return budget.get(plan) if isinstance(budget, Mapping) else budget


def evaluate_plans(
    plans: Mapping[str, Any],
    outcomes: Outcomes,
    run_plan: Callable[[Outcomes, Any], PlanResultLike],
    *,
    variants: bool = True,
    bump: float = 0.01,
    total_pay_budget: Budget = None,
    cost_of_sales_budget: Budget = None,
) -> dict[str, PlanEvaluation]:
    """Pay every plan (name -> scenario) on the same outcomes with ``run_plan`` and measure
    it. With ``variants`` each plan is also paid at target and after 1% more sales, for
    pay at target and marginal cost (three engine runs per plan). A budget is one number
    for every plan, or plan name -> number (each scenario's own ``budget`` section)."""
    at_quota = measure.revenue_at_quota(outcomes) if variants else None
    more_sales = measure.revenue_scaled(outcomes, 1.0 + bump) if variants else None
    evaluations = {}
    for name, scenario in plans.items():
        result = run_plan(outcomes, scenario)
        at_target = run_plan(at_quota, scenario) if at_quota is not None else None
        bumped = run_plan(more_sales, scenario) if more_sales is not None else None
        draws = plan_draws(
            result,
            outcomes,
            at_target=at_target,
            bumped=bumped,
            bump=bump,
            total_pay_budget=_budget_for(total_pay_budget, name),
            cost_of_sales_budget=_budget_for(cost_of_sales_budget, name),
        )
        evaluations[name] = PlanEvaluation(name, result, draws, at_target, bumped)
    return evaluations


def _notes(outcomes: Outcomes | None) -> dict[str, str]:
    return {} if outcomes is None else fairness.skipped_metrics(outcomes)


def summarize_plans(
    draws_by_plan: Mapping[str, pd.DataFrame], outcomes: Outcomes | None = None
) -> pd.DataFrame:
    """One row per plan and metric: ``plan, metric, unit, needs_truth, higher_is_better,
    mean, p5, p50, p95, note`` (note says why a metric is missing)."""
    notes = _notes(outcomes)
    frames = []
    for plan, draws in draws_by_plan.items():
        table = measure.summarize_draws(draws, METRICS)
        table.insert(0, "plan", plan)
        table.insert(4, "higher_is_better", [METRICS[m].higher_is_better for m in table["metric"]])
        table["note"] = [notes.get(m, "") for m in table["metric"]]
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def paired_difference(alternative: np.ndarray, baseline: np.ndarray) -> dict[str, float]:
    """Mean paired difference over simulations, its Monte Carlo standard error
    (std of the per-simulation differences / sqrt(n), NaN for one simulation) and its
    5th / 95th percentile. Simulations where either value is NaN are left out."""
    difference = np.asarray(alternative, dtype=float) - np.asarray(baseline, dtype=float)
    valid = difference[np.isfinite(difference)]
    if valid.size == 0:
        return {
            "difference": np.nan,
            "difference_se": np.nan,
            "difference_p5": np.nan,
            "difference_p95": np.nan,
        }
    se = valid.std(ddof=1) / np.sqrt(valid.size) if valid.size > 1 else np.nan
    p5, p95 = np.percentile(valid, [5, 95])
    return {
        "difference": float(valid.mean()),
        "difference_se": float(se),
        "difference_p5": float(p5),
        "difference_p95": float(p95),
    }


def compare_draws(
    draws_by_plan: Mapping[str, pd.DataFrame], baseline: str, outcomes: Outcomes | None = None
) -> pd.DataFrame:
    """Per plan (the baseline included, with zero differences) and metric: baseline,
    alternative (Monte Carlo means), their paired difference with standard error.

    Columns: ``plan, metric, unit, needs_truth, higher_is_better, baseline, alternative,
    difference, difference_pct, difference_se, difference_p5, difference_p95, better,
    note``. ``difference_pct`` is the difference in % of the baseline mean; ``better`` is
    True/False where the metric has a direction and the difference is not zero.
    """
    if baseline not in draws_by_plan:
        raise KeyError(f"baseline plan {baseline!r} not among the plans {list(draws_by_plan)}")
    notes = _notes(outcomes)
    base = draws_by_plan[baseline]
    rows = []
    for plan, draws in draws_by_plan.items():
        if len(draws) != len(base):
            raise ValueError(
                f"plan {plan!r} has {len(draws)} simulations, baseline {baseline!r} has "
                f"{len(base)}: plans must be paid on the same outcomes"
            )
        for metric in draws.columns:
            if metric not in base.columns:
                continue
            info = METRICS.get(metric)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                base_mean = float(np.nanmean(base[metric]))
                alt_mean = float(np.nanmean(draws[metric]))
            diff = paired_difference(draws[metric].to_numpy(), base[metric].to_numpy())
            direction = None if info is None else info.higher_is_better
            better = None
            if direction is not None and np.isfinite(diff["difference"]) and diff["difference"]:
                better = bool((diff["difference"] > 0) == direction)
            with np.errstate(all="ignore"):
                pct = 100.0 * diff["difference"] / abs(base_mean) if base_mean else np.nan
            rows.append(
                {
                    "plan": plan,
                    "metric": metric,
                    "unit": "" if info is None else info.unit,
                    "needs_truth": False if info is None else info.needs_truth,
                    "higher_is_better": direction,
                    "baseline": base_mean,
                    "alternative": alt_mean,
                    **diff,
                    "difference_pct": pct,
                    "better": better,
                    "note": notes.get(metric, ""),
                }
            )
    columns = [
        "plan",
        "metric",
        "unit",
        "needs_truth",
        "higher_is_better",
        "baseline",
        "alternative",
        "difference",
        "difference_pct",
        "difference_se",
        "difference_p5",
        "difference_p95",
        "better",
        "note",
    ]
    return pd.DataFrame(rows, columns=columns)


def compare(
    results: Mapping[str, PlanResultLike],
    baseline: str | PlanResultLike,
    outcomes: Outcomes,
    *,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
) -> pd.DataFrame:
    """Compare plan results (name -> PlanResult, all paid on ``outcomes``) with the
    baseline (its name in ``results``, or a PlanResult, then named by its scenario_name),
    metric by metric: see :func:`compare_draws` for the columns. Cost metrics that need
    extra engine runs (pay at target, marginal cost) come from :func:`evaluate_plans`."""
    results = dict(results)
    if not isinstance(baseline, str):
        name = baseline.scenario_name
        results = {name: baseline, **{k: v for k, v in results.items() if k != name}}
        baseline = name
    draws = {
        name: plan_draws(
            result,
            outcomes,
            total_pay_budget=total_pay_budget,
            cost_of_sales_budget=cost_of_sales_budget,
        )
        for name, result in results.items()
    }
    return compare_draws(draws, baseline, outcomes)


def horizon_attainment(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Each rep's attainment over the horizon, (sims, reps): commission-base revenue summed
    over months / quota summed over months (monthly attainment weighted by quota)."""
    quota = outcomes.get("quota")
    with np.errstate(all="ignore"):
        return (np.asarray(result.attainment) * quota).sum(axis=2) / quota.sum(axis=2)


def attainment_deciles(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Equal-headcount decile (1 lowest .. 10 highest) of each rep's horizon attainment,
    per simulation (ties broken by seat order)."""
    attainment = np.nan_to_num(horizon_attainment(result, outcomes), nan=0.0)
    reps = attainment.shape[1]
    rank = rankdata(attainment, axis=1, method="ordinal") - 1
    return (rank * 10 // reps + 1).astype(int)


def change_bands(change_pct: np.ndarray) -> np.ndarray:
    """Band index into :data:`BANDS` for each % change: < -5, [-5, -0.1), [-0.1, 0.1],
    (0.1, 5], > 5."""
    return np.select(
        [change_pct < -5.0, change_pct < -0.1, change_pct <= 0.1, change_pct <= 5.0],
        [0, 1, 2, 3],
        default=4,
    )


def winners_losers(
    result: PlanResultLike, baseline: PlanResultLike, outcomes: Outcomes, by: str = "role"
) -> pd.DataFrame:
    """Who gains and who loses, grouped by the *baseline's* attainment decile
    (``by="attainment_decile"``) or a rep-table column (role, region, group, ...).

    Columns: ``<by>``, ``reps`` (seats per simulation), one column per :data:`BANDS`
    entry (% of the group's reps), ``mean_change`` (money per rep), ``mean_change_pct``
    (mean of reps' % changes), ``total_change`` (money, mean over simulations),
    ``share_of_total_change_pct``. A last row ``all`` covers everyone.
    """
    base_pay = rep_totals(baseline)["total"]
    alt_pay = rep_totals(result)["total"]
    change = alt_pay - base_pay
    with np.errstate(all="ignore"):
        change_pct = np.where(
            base_pay != 0, 100.0 * change / np.abs(base_pay), np.sign(change) * np.inf
        )
    change_pct = np.nan_to_num(change_pct, nan=0.0)
    sims, reps = base_pay.shape
    if by == "attainment_decile":
        keys = attainment_deciles(baseline, outcomes)
    elif by in outcomes.reps.columns:
        keys = np.broadcast_to(outcomes.reps[by].astype(str).to_numpy(), (sims, reps))
    else:
        raise KeyError(
            f"cannot group winners and losers by {by!r}; expected "
            f"'attainment_decile' or a rep-table column {list(outcomes.reps.columns)}"
        )
    band = change_bands(change_pct)
    long = pd.DataFrame(
        {
            by: keys.ravel(),
            "band": band.ravel(),
            "change": change.ravel(),
            "change_pct": change_pct.ravel(),
        }
    )
    for i, name in enumerate(BANDS):
        long[name] = (long["band"] == i).astype(float)
    long = pd.concat([long, long.assign(**{by: "all"})], ignore_index=True)
    long[by] = long[by].astype(str)
    grouped = long.groupby(by, sort=False)
    table = pd.DataFrame({"reps": grouped.size() / sims})
    for name in BANDS:
        table[name] = 100.0 * grouped[name].mean()
    table["mean_change"] = grouped["change"].mean()
    table["mean_change_pct"] = grouped["change_pct"].mean()
    table["total_change"] = grouped["change"].sum() / sims
    total = change.sum() / sims
    with np.errstate(all="ignore"):
        table["share_of_total_change_pct"] = (
            100.0 * table["total_change"] / total if total else (np.nan)
        )
    table = table.reset_index()
    order = sorted(
        set(table[by]) - {"all"}, key=lambda k: (len(k), k) if by == "attainment_decile" else (0, k)
    )
    return table.set_index(by).loc[[*order, "all"]].reset_index()


def frontier(
    summary: pd.DataFrame,
    cost_metric: str = "total_pay",
    fairness_metric: str | None = None,
) -> pd.DataFrame:
    """Cost-vs-fairness frontier: the plans no other plan beats on both (lower cost and
    fairer, at least one strictly). ``summary`` is :func:`summarize_plans` output.

    ``fairness_metric`` defaults to merit alignment, or the absolute gender pay gap on
    real data. Gap metrics are compared by absolute size.
    Columns: ``plan, cost_metric, cost, fairness_metric, fairness, on_frontier,
    dominated_by``.
    """
    means = summary.pivot_table(
        index="plan", columns="metric", values="mean", dropna=False, sort=False
    )
    if fairness_metric is None:
        merit = means.get("merit_alignment_pay")
        fairness_metric = (
            "merit_alignment_pay"
            if merit is not None and merit.notna().any()
            else "gender_pay_gap_mean"
        )
    for metric in (cost_metric, fairness_metric):
        if metric not in means.columns:
            raise KeyError(
                f"frontier metric {metric!r} not in the summary; available: {list(means.columns)}"
            )
    cost = means[cost_metric].to_numpy(dtype=float)
    fair = means[fairness_metric].to_numpy(dtype=float)
    info = METRICS.get(fairness_metric)
    if "gap" in fairness_metric:
        goodness = -np.abs(fair)
    elif info is not None and info.higher_is_better is False:
        goodness = -fair
    else:
        goodness = fair
    cheaper_or_equal = cost[None, :] <= cost[:, None]  # [i, j]: plan j costs no more than i
    fairer_or_equal = goodness[None, :] >= goodness[:, None]
    strictly = (cost[None, :] < cost[:, None]) | (goodness[None, :] > goodness[:, None])
    dominates = cheaper_or_equal & fairer_or_equal & strictly  # [i, j]: j dominates i
    plans = list(means.index)
    return pd.DataFrame(
        {
            "plan": plans,
            "cost_metric": cost_metric,
            "cost": cost,
            "fairness_metric": fairness_metric,
            "fairness": fair,
            "on_frontier": ~dominates.any(axis=1),
            "dominated_by": [", ".join(p for p, d in zip(plans, row) if d) for row in dominates],
        }
    )


def headline_from_draws(
    draws: pd.DataFrame, baseline_draws: pd.DataFrame | None = None, name: str = ""
) -> pd.Series:
    """The :data:`HEADLINE` figures (Monte Carlo means) of one plan; change vs baseline is
    paired over simulations. Figures that cannot be computed are NaN."""
    values: dict[str, float] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for figure in HEADLINE:
            if figure.startswith("change_vs_baseline"):
                continue
            values[figure] = float(np.nanmean(draws[figure])) if figure in draws else np.nan
        if baseline_draws is not None:
            change = paired_difference(
                draws["total_pay"].to_numpy(), baseline_draws["total_pay"].to_numpy()
            )["difference"]
            base_total = float(np.nanmean(baseline_draws["total_pay"]))
            values["change_vs_baseline"] = change
            values["change_vs_baseline_pct"] = 100.0 * change / base_total if base_total else np.nan
        else:
            values["change_vs_baseline"] = values["change_vs_baseline_pct"] = np.nan
    return pd.Series({f: values[f] for f in HEADLINE}, name=name, dtype=float)


def headline(
    result: PlanResultLike,
    outcomes: Outcomes,
    baseline: PlanResultLike | None = None,
    *,
    total_pay_budget: float | None = None,
    cost_of_sales_budget: float | None = None,
) -> pd.Series:
    """The figures a leadership summary needs for one plan (see :data:`HEADLINE` and
    docs/metrics.md): total cost, change vs baseline in money and %, cost of sales,
    probability of exceeding each budget, variable share, merit alignment, luck share,
    false-C rate, gender pay gap, Gini of variable pay."""
    kwargs = {"total_pay_budget": total_pay_budget, "cost_of_sales_budget": cost_of_sales_budget}
    draws = plan_draws(result, outcomes, **kwargs)
    base = None if baseline is None else plan_draws(baseline, outcomes, **kwargs)
    return headline_from_draws(draws, base, name=result.scenario_name)


def comparison_tables(
    evaluations: Mapping[str, PlanEvaluation], baseline: str, outcomes: Outcomes
) -> dict[str, pd.DataFrame]:
    """Every table of a comparison, keyed by a file-safe name (the CLI writes
    ``<name>.csv``): headline, comparison, summary, frontier, notes, and per plan (a
    ``plan`` column) cost by component / role / region / rep (total and variable only),
    pay at target, pay equity, pay
    quartiles, grade parity, fairness comparisons, and winners and losers by each of
    :data:`GROUPINGS`."""
    if baseline not in evaluations:
        raise KeyError(f"baseline plan {baseline!r} not among the plans {list(evaluations)}")
    draws = {name: e.draws for name, e in evaluations.items()}
    base = evaluations[baseline]
    summary = summarize_plans(draws, outcomes)
    tables: dict[str, pd.DataFrame] = {
        "headline": pd.DataFrame(
            [headline_from_draws(e.draws, base.draws, name) for name, e in evaluations.items()]
        )
        .rename_axis("plan")
        .reset_index(),
        "comparison": compare_draws(draws, baseline, outcomes),
        "summary": summary,
        "frontier": frontier(summary),
        "notes": pd.DataFrame(
            [{"metric": m, "note": n} for m, n in fairness.skipped_metrics(outcomes).items()],
            columns=["metric", "note"],
        ),
    }
    per_plan: dict[str, list[pd.DataFrame]] = {}

    def add(key: str, plan: str, table: pd.DataFrame) -> None:
        per_plan.setdefault(key, []).append(table.assign(plan=plan)[["plan", *table.columns]])

    for name, e in evaluations.items():
        add("cost_by_component", name, measure.cost_by_component(e.result))
        add("cost_by_role", name, measure.cost_by(e.result, outcomes, "role"))
        add("cost_by_region", name, measure.cost_by(e.result, outcomes, "region"))
        by_rep = measure.cost_by(e.result, outcomes, "rep_id")
        add("cost_by_rep", name, by_rep[by_rep["component"].isin(["total", "variable"])])
        if e.at_target is not None:
            add(
                "pay_at_target",
                name,
                measure.pay_at_target_vs_expected(e.result, e.at_target, outcomes),
            )
        add("pay_equity", name, fairness.pay_equity_table(e.result, outcomes))
        add("pay_quartiles", name, fairness.pay_quartile_table(e.result, outcomes))
        add("grade_parity", name, fairness.grade_parity_table(e.result, outcomes))
        add("fairness_comparisons", name, fairness.fairness_comparison_table(e.result, outcomes))
        if name != baseline:
            for by in GROUPINGS:
                add(
                    f"winners_losers_by_{by}",
                    name,
                    winners_losers(e.result, base.result, outcomes, by),
                )
    tables.update({key: pd.concat(frames, ignore_index=True) for key, frames in per_plan.items()})
    return tables
