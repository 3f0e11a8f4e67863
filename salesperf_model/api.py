"""The few high-level functions the notebooks call: load a run, describe a plan, save figures.

Notebooks stay short and readable; the logic lives here, where it is tested.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from salesperf_model.report import write_text_atomic


def yaml_problem(path: str | os.PathLike) -> str | None:
    """What stops a file being read as a YAML mapping, or ``None``."""
    path = Path(path)
    if not path.is_file():
        return f"{path}: no such scenario file"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as problem:
        return f"{path}: not valid YAML: {problem}"
    if not isinstance(data, dict):
        return f"{path}: expected a mapping of scenario keys, got {type(data).__name__}"
    return None


def scenario_problem(path: str | os.PathLike) -> str | None:
    """What is wrong with a scenario file, or ``None`` when it loads and validates.

    Used by the batch to fail an invalid scenario before starting a kernel for it."""
    path = Path(path)
    problem = yaml_problem(path)
    if problem is not None:
        return problem
    try:
        from salesperf_model.loading import load_scenario
    except ImportError:  # the scenario models are not there yet: the YAML check must do
        return None
    try:
        load_scenario(path)
    except Exception as problem:
        return str(problem)
    return None


# ---------------------------------------------------------------------------------------
# Writing results the batch reads (the output-folder parameter)
# ---------------------------------------------------------------------------------------


def _jsonable(value: object) -> object:
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, dict | list | tuple | str):
        return item()
    return str(value)


def save_json(output_dir: str | os.PathLike, name: str, data: object) -> Path:
    """Write ``data`` as ``<output_dir>/<name>.json`` atomically (numpy numbers allowed)."""
    path = Path(output_dir) / f"{name}.json"
    write_text_atomic(path, json.dumps(data, indent=2, default=_jsonable, ensure_ascii=False))
    return path


def save_table(output_dir: str | os.PathLike, name: str, table) -> Path:
    """Write a DataFrame as ``<output_dir>/<name>.csv`` atomically."""
    path = Path(output_dir) / f"{name}.csv"
    write_text_atomic(path, table.to_csv(index=table.index.name is not None))
    return path


def save_headline(
    output_dir: str | os.PathLike, title: str, summary: str, figures: dict[str, object]
) -> Path:
    """The headline the batch shows in ``index.html``: a title, one sentence, a few figures.

    Figures are label -> already formatted text (or a number)."""
    return save_json(
        output_dir, "headline", {"title": title, "summary": summary, "figures": figures}
    )


# ---------------------------------------------------------------------------------------
# Safe HTML for notebook outputs
# ---------------------------------------------------------------------------------------


def escape(text: object) -> str:
    """HTML-escape anything a user wrote (scenario names, descriptions): a description
    containing ``<script>`` must show as text in the report, never run."""
    return html.escape(str(text), quote=True)


def html_block(
    title: str | None, paragraphs: list[str], css_class: str = "", level: int = 3
) -> str:
    """A heading and paragraphs as HTML; every piece is escaped here."""
    parts = [f"<h{level}>{escape(title)}</h{level}>"] if title else []
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs]
    inner = "\n".join(parts)
    return f'<div class="{escape(css_class)}">{inner}</div>' if css_class else inner


def html_list(items: list[str]) -> str:
    """A bullet list of escaped items."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


# ---------------------------------------------------------------------------------------
# Loading a run: scenarios, outcomes, every plan paid and measured
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Everything a report shows: the plans, the outcomes they were paid on, each plan's
    :class:`~salesperf_model.engine.run.PlanResult` and metric draws, and the comparison tables
    (``salesperf_model.measure.compare.comparison_tables``; columns in docs/metrics.md)."""

    baseline: str
    plans: list[str]
    scenarios: dict[str, Any]
    sources: dict[str, str]
    outcomes: Any
    evaluations: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    skipped: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def results(self) -> dict[str, Any]:
        """Plan name -> PlanResult, baseline first."""
        return {name: evaluation.result for name, evaluation in self.evaluations.items()}


def _as_paths(scenario_path: str | os.PathLike | Sequence[str | os.PathLike]) -> list[Path]:
    if isinstance(scenario_path, str | os.PathLike):
        return [Path(scenario_path)]
    return [Path(p) for p in scenario_path]


def load_run(
    scenario_path: str | os.PathLike | Sequence[str | os.PathLike],
    baseline_path: str | os.PathLike,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    overrides: Sequence[str] | Mapping[str, object] = (),
    actuals_mapping: str | os.PathLike | None = None,
    *,
    variants: bool = True,
    skip_invalid: bool = False,
    actuals_data_dir: str | os.PathLike | None = None,
) -> Run:
    """Load the baseline and one or more scenarios, simulate the baseline's sales force
    once (or import actuals), pay every plan on those same outcomes and measure them.

    ``overrides`` (dotted ``key.path=value`` strings or a mapping) apply to the scenarios
    under study, never to the baseline. Run sizes default to the baseline's ``simulation``
    section. With ``skip_invalid`` a scenario that fails to load is left out and named in
    ``Run.skipped`` (the comparison notebook keeps going); otherwise it raises.
    ``actuals_data_dir`` reads the export files from another folder than the mapping's.
    """
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.measure import comparison_tables, evaluate_plans

    started = time.perf_counter()
    baseline_file = Path(baseline_path)
    baseline = load_scenario(baseline_file)
    scenarios: dict[str, Any] = {baseline.name: baseline}
    sources = {baseline.name: str(baseline_file)}
    skipped: dict[str, str] = {}
    plans: list[str] = []
    for path in _as_paths(scenario_path):
        if path.resolve() == baseline_file.resolve() and not overrides:
            continue  # the baseline against itself says nothing
        try:
            scenario = load_scenario(path, overrides)
        except Exception as problem:
            if not skip_invalid:
                raise
            skipped[str(path)] = str(problem)
            continue
        name = scenario.name
        if name in scenarios:  # two files with one name: tell them apart by file name
            name = f"{name} ({path.stem})" if path.stem != name else f"{name} (changed)"
            scenario = scenario.model_copy(update={"name": name})
        scenarios[name] = scenario
        sources[name] = str(path)
        plans.append(name)
    if actuals_mapping:
        from salesperf_model.actuals import load_actuals

        outcomes, _report = load_actuals(actuals_mapping, data_dir=actuals_data_dir)
    else:
        from salesperf_model.simulate import simulate

        outcomes = simulate(
            baseline.population,
            baseline.simulation,
            reps=reps,
            periods=periods,
            simulations=simulations,
            seed=seed,
        )
    # One plan at a time, keeping only what the tables need: the result paid after 1% more
    # sales has served its purpose once the marginal cost is in the draws (memory: each
    # PlanResult holds every payout component for every simulation, rep and month).
    evaluations = {}
    for name, scenario in scenarios.items():
        evaluation = evaluate_plans(
            {name: scenario},
            outcomes,
            run_plan,
            variants=variants,
            total_pay_budget=baseline.budget.total_pay,
            cost_of_sales_budget=baseline.budget.cost_of_sales,
        )[name]
        evaluations[name] = dataclasses.replace(evaluation, bumped=None)
    tables = comparison_tables(evaluations, baseline.name, outcomes)
    evaluations = {n: dataclasses.replace(e, at_target=None) for n, e in evaluations.items()}
    sims, n_reps, months = outcomes.shape
    settings = {
        "source": outcomes.source,
        "simulations": sims,
        "reps": n_reps,
        "periods": months,
        "seed": seed if seed is not None else baseline.simulation.seed,
        "overrides": list(overrides) if not isinstance(overrides, Mapping) else dict(overrides),
        "actuals_mapping": str(actuals_mapping) if actuals_mapping else None,
        "seconds": round(time.perf_counter() - started, 2),
    }
    return Run(
        baseline=baseline.name,
        plans=plans,
        scenarios=scenarios,
        sources=sources,
        outcomes=outcomes,
        evaluations=evaluations,
        tables=tables,
        skipped=skipped,
        settings=settings,
    )


# ---------------------------------------------------------------------------------------
# Plain words
# ---------------------------------------------------------------------------------------


def money(value: float, currency: str = "CNY", signed: bool = False) -> str:
    """Money for a reader: 14.51 M CNY, 940,031 CNY, 5,000 CNY (sign on request)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    sign = (
        ("+" if value > 0 else "-" if value < 0 else "") if signed else ("-" if value < 0 else "")
    )
    size = abs(value)
    text = f"{size / 1e6:,.2f} M" if size >= 1e6 else f"{size:,.0f}"
    return f"{sign}{text} {currency}".strip()


def percent(value: float, digits: int = 1, signed: bool = False) -> str:
    """A percentage already in percent units: 6.5 -> '6.5%' ('+6.5%' when signed)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def _share(rate: float) -> str:
    return f"{100 * rate:g}%"


def _tier_words(commission: Any) -> str:
    tiers = list(commission.tiers)
    parts = []
    for i, tier in enumerate(tiers):
        start = _share(tier.from_attainment)
        rate = _share(tier.rate)
        slope = f", rising by {_share(tier.slope)} per 100% of quota" if tier.slope > 0 else ""
        slope = f", falling by {_share(-tier.slope)} per 100% of quota" if tier.slope < 0 else slope
        gate = " once the full-year quota is met" if tier.gated else ""
        if i + 1 < len(tiers):
            end = _share(tiers[i + 1].from_attainment)
            span = f"up to {end} of quota" if i == 0 else f"from {start} to {end}"
        else:
            span = f"above {start}" if i > 0 else "at every attainment"
        parts.append(f"{rate} {span}{slope}{gate}")
    return "; ".join(parts)


def plain_words(scenario: Any) -> list[str]:
    """The plan in short sentences a sales director can check against the policy text."""
    pay, commission = scenario.pay, scenario.pay.commission
    currency = scenario.currency
    how = (
        "each slice of revenue earns its tier's rate"
        if commission.curve == "marginal"
        else "all revenue earns the rate of the tier reached"
    )
    base = "cash collected" if commission.base == "collected" else "booked revenue"
    basis = (
        "tiers reset every period"
        if commission.basis == "period"
        else "tiers apply to year-to-date revenue against the annual quota, with a true-up"
    )
    words = [
        f"Commission on {base}: {_tier_words(commission)} ({how}; {basis}; paid "
        f"{commission.settlement.replace('_', '-')})."
    ]
    limits = []
    if commission.threshold > 0:
        limits.append(f"nothing below {_share(commission.threshold)} of quota")
    if commission.cap_attainment is not None:
        limits.append(f"no more above {_share(commission.cap_attainment)} of quota")
    if commission.cap_amount is not None:
        limits.append(f"at most {money(commission.cap_amount, currency)} per settlement")
    if commission.minimum_payout > 0:
        limits.append(
            f"at least {money(commission.minimum_payout, currency)} once past the threshold"
        )
    if limits:
        words.append("Commission limits: " + ", ".join(limits) + ".")
    factors = commission.customer_factors
    if factors.new != 1 or factors.existing != 1:
        words.append(
            f"New-customer revenue counts x{factors.new:g} and existing-customer revenue "
            f"x{factors.existing:g} towards commission."
        )
    if commission.big_account_coefficient != 1:
        words.append(f"Big-account revenue counts x{commission.big_account_coefficient:g}.")
    tier_coefficients = {k: v for k, v in commission.region_tier_coefficient.items() if v != 1}
    if tier_coefficients:
        listing = ", ".join(f"tier-{k} cities x{v:g}" for k, v in sorted(tier_coefficients.items()))
        words.append(f"Commission coefficients by region: {listing}.")
    salaries = pay.base_salary.by_role or {}
    if salaries:
        low, high = min(salaries.values()), max(salaries.values())
        span = money(low, currency) if low == high else f"{low:,.0f} to {money(high, currency)}"
        words.append(
            f"Base salary {span} a month by role, scaled down in tier-2 and tier-3 cities."
        )
    for bonus in pay.bonuses:
        words.append(_bonus_words(bonus, currency))
    grading = scenario.grading
    bands = ", ".join(
        f"{b.grade} {'from ' + format(b.min_points, 'g') if b.min_points is not None else 'below ' + format(b.max_points, 'g')}"
        for b in grading.bands
    )
    shares = ", ".join(f"{g} {_share(s.target)}" for g, s in grading.shares.items())
    if grading.method == "absolute":
        words.append(
            f"Grades from points ({scenario.review_cycle.replace('_', '-')}): {bands} points."
        )
    elif grading.method == "forced":
        words.append(
            f"Grades by forced distribution within each {grading.scope}: target shares {shares}."
        )
    else:
        words.append(
            f"Grades from points ({bands}), then moved to keep each grade's share within its "
            f"range (targets {shares}) within each {grading.scope}."
        )
    cap = scenario.scoring.cap
    roles = len(scenario.scoring.weights)
    words.append(
        f"KPI scorecards for {roles} roles; a KPI's score is actual / target x weight"
        + (f", capped at {_share(cap)} of target." if cap else ", with no cap.")
    )
    return words


def _measure_words(measure: str) -> str:
    return {"nps": "NPS", "new_customers": "new-customer count"}.get(
        measure, measure.replace("_", " ")
    )


def _bonus_words(bonus: Any, currency: str) -> str:
    when = bonus.settlement.replace("_", "-")
    kind = bonus.type
    if kind == "over_achievement":
        return f"Over-achievement bonus: {_share(bonus.rate)} of revenue above {_share(bonus.above_attainment)} of quota ({when})."
    if kind == "top_n":
        return f"Top-{bonus.n} award by {_measure_words(bonus.measure)}: {money(bonus.amount, currency)} each ({when})."
    if kind == "threshold":
        return f"Award of {money(bonus.amount, currency)} for {_measure_words(bonus.measure)} of at least {bonus.at_least:g} ({when})."
    if kind == "team_pool":
        return f"Team award: a {money(bonus.pool, currency)} pool for the region first on attainment, split {bonus.split.replace('_', ' ')} ({when})."
    if kind == "target_bonus":
        multipliers = ", ".join(f"{g} x{m:g}" for g, m in bonus.grade_multipliers.items())
        return f"Target bonus by grade: {multipliers} ({when})."
    if kind == "profit_share":
        return f"Profit sharing: {_share(bonus.share_of_profit)} of gross profit, split {bonus.split.replace('_', ' ')} ({when})."
    return f"Bonus {bonus.name} ({kind}, {when})."


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted key paths -> leaf values; lists stay whole (compared as one setting)."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: value}


def _list_changes(key: str, base: list, this: list) -> list[tuple[str, Any, Any]]:
    """Item by item for lists of mappings of equal length (tiers, bonuses), else whole."""
    if len(base) == len(this) and all(isinstance(v, dict) for v in [*base, *this]):
        rows = []
        for i, (old, new) in enumerate(zip(base, this)):
            label = new.get("name", i) if isinstance(new, dict) else i
            old_flat, new_flat = _flatten(old), _flatten(new)
            for leaf in sorted(set(old_flat) | set(new_flat)):
                if old_flat.get(leaf) != new_flat.get(leaf):
                    rows.append((f"{key}.{label}.{leaf}", old_flat.get(leaf), new_flat.get(leaf)))
        return rows
    return [(key, base, this)]


def plan_changes(scenario: Any, baseline: Any) -> pd.DataFrame:
    """Every setting where the plan differs from the baseline: ``setting, baseline, plan``
    (dotted key paths; a list that changed length, such as commission tiers, is shown
    whole)."""
    ignore = {"name", "description", "extends"}
    this = _flatten({k: v for k, v in scenario.model_dump(mode="json").items() if k not in ignore})
    base = _flatten({k: v for k, v in baseline.model_dump(mode="json").items() if k not in ignore})
    rows: list[tuple[str, Any, Any]] = []
    for key in sorted(set(this) | set(base)):
        old, new = base.get(key, "(none)"), this.get(key, "(none)")
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            rows.extend(_list_changes(key, old, new))
        else:
            rows.append((key, old, new))
    return pd.DataFrame(
        [{"setting": k, "baseline": _cell(o), "plan": _cell(n)} for k, o, n in rows],
        columns=["setting", "baseline", "plan"],
    )


def _cell(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(", ".join(f"{k} {w}" for k, w in item.items()) for item in value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)


# ---------------------------------------------------------------------------------------
# Executive summary
# ---------------------------------------------------------------------------------------

#: Fairness figures the summary speaks of, with the words for "better".
FAIRNESS_HEADLINE: dict[str, str] = {
    "merit_alignment_pay": "pay follows true skill",
    "luck_share": "share of pay differences due to territory luck",
    "gender_pay_gap_mean": "gender pay gap (mean, % of men's pay)",
    "false_c_rate": "C grades given to above-median reps",
}


def _row(comparison: pd.DataFrame, plan: str, metric: str) -> pd.Series | None:
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def _clear(row: pd.Series | None) -> bool:
    """A difference larger than twice its Monte Carlo standard error."""
    if row is None or pd.isna(row["difference"]):
        return False
    se = row["difference_se"]
    return (
        bool(abs(row["difference"]) > 2 * se) if pd.notna(se) and se > 0 else row["difference"] != 0
    )


def fairness_verdict(run: Run, plan: str) -> tuple[str, float]:
    """(sentence, direction) for a plan's fairness vs the baseline: direction +1 fairer,
    -1 less fair, 0 no clear change. Merit alignment decides (how closely pay follows true
    skill); on real data, where skill is unknown, the size of the gender pay gap."""
    comparison = run.tables["comparison"]
    merit = _row(comparison, plan, "merit_alignment_pay")
    if merit is not None and pd.notna(merit["alternative"]):
        if not _clear(merit):
            return (
                f"pay follows true skill about as closely as under the baseline "
                f"(rank correlation {merit['alternative']:.2f} vs {merit['baseline']:.2f})",
                0.0,
            )
        better = merit["difference"] > 0
        return (
            f"pay follows true skill {'more' if better else 'less'} closely "
            f"(rank correlation {merit['alternative']:.2f} vs {merit['baseline']:.2f})",
            1.0 if better else -1.0,
        )
    gap = _row(comparison, plan, "gender_pay_gap_mean")
    if gap is None or pd.isna(gap["alternative"]):
        return "not measurable on these data (no true skill, no group attribute)", 0.0
    smaller = abs(gap["alternative"]) < abs(gap["baseline"])
    if not _clear(gap):
        return (
            f"the gender pay gap is about the same ({gap['alternative']:.1f}% vs {gap['baseline']:.1f}%)",
            0.0,
        )
    return (
        f"the gender pay gap is {'smaller' if smaller else 'larger'} "
        f"({gap['alternative']:.1f}% vs {gap['baseline']:.1f}%)",
        1.0 if smaller else -1.0,
    )


def plan_summary(run: Run, plan: str) -> dict[str, Any]:
    """The headline of one plan against the baseline, as figures and sentences."""
    comparison = run.tables["comparison"]
    currency = run.scenarios[run.baseline].currency
    cost = _row(comparison, plan, "total_pay")
    change = float(cost["difference"]) if cost is not None else float("nan")
    change_pct = float(cost["difference_pct"]) if cost is not None else float("nan")
    verdict, direction = fairness_verdict(run, plan)
    cheaper = _clear(cost) and change < 0
    dearer = _clear(cost) and change > 0
    if cheaper and direction > 0:
        trade = "costs less and is fairer: no trade-off against the baseline"
    elif dearer and direction < 0:
        trade = "costs more and is less fair: dominated by the baseline"
    elif cheaper and direction < 0:
        trade = "saves money at the price of fairness"
    elif dearer and direction > 0:
        trade = "buys fairness with money"
    elif cheaper or dearer:
        trade = f"{'saves' if cheaper else 'costs'} money with no clear change in fairness"
    else:
        trade = "changes cost by less than the simulation noise"
    wl = run.tables.get("winners_losers_by_role")
    lose = gain = float("nan")
    if wl is not None and plan != run.baseline:
        everyone = wl[(wl["plan"] == plan) & (wl["role"] == "all")]
        if not everyone.empty:
            lose = float(everyone["lose > 5%"].iloc[0])
            gain = float(everyone["gain > 5%"].iloc[0])
    total = float(cost["alternative"]) if cost is not None else float("nan")
    sentences = [
        f"{plan} costs {money(total, currency)} in total pay over the period, "
        f"{money(change, currency, signed=True)} ({percent(change_pct, signed=True)}) against {run.baseline}.",
        f"Fairness: {verdict}.",
        f"Trade-off: it {trade}.",
    ]
    if not math.isnan(lose):
        sentences.append(
            f"{lose:.0f}% of reps lose more than 5% of their pay and {gain:.0f}% gain more than 5%."
        )
    return {
        "plan": plan,
        "total_pay": total,
        "change": change,
        "change_pct": change_pct,
        "fairness_direction": direction,
        "fairness": verdict,
        "trade_off": trade,
        "losers_over_5pct": lose,
        "winners_over_5pct": gain,
        "sentences": sentences,
    }


def ranking(run: Run) -> pd.DataFrame:
    """Plans ranked for a director: first the plans no other plan beats on both cost and
    fairness (the frontier), then by how many plans beat them, then cheapest first.

    Columns: ``rank, plan, total_pay, change_pct, fairness_metric, fairness,
    on_frontier, beaten_by``."""
    frontier = run.tables["frontier"].copy()
    headline = run.tables["headline"].set_index("plan")
    frontier["beaten_by"] = (
        frontier["dominated_by"]
        .fillna("")
        .map(lambda text: len([p for p in str(text).split(", ") if p]))
    )
    frontier["change_pct"] = frontier["plan"].map(headline["change_vs_baseline_pct"])
    frontier = frontier.sort_values(["beaten_by", "cost"], kind="stable").reset_index(drop=True)
    frontier.insert(0, "rank", np.arange(1, len(frontier) + 1))
    return frontier.rename(columns={"cost": "total_pay"})[
        [
            "rank",
            "plan",
            "total_pay",
            "change_pct",
            "fairness_metric",
            "fairness",
            "on_frontier",
            "beaten_by",
        ]
    ]


def summary_html(title: str, sentences: Sequence[str], css_class: str = "salesperf-callout") -> str:
    """A boxed executive summary; every sentence escaped."""
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in sentences)
    heading = f"<strong>{escape(title)}</strong>" if title else ""
    return f'<div class="{escape(css_class)}">{heading}<ul>{items}</ul></div>'


def table_html(
    table: pd.DataFrame, formats: Mapping[str, Any] | None = None, index: bool = False
) -> str:
    """A DataFrame as an escaped HTML table with readable number formats."""
    shown = table.copy()
    for column, pattern in (formats or {}).items():
        if column in shown:
            shown[column] = [
                ""
                if (isinstance(v, float) and math.isnan(v))
                else (pattern(v) if callable(pattern) else pattern.format(v))
                for v in shown[column]
            ]
    return shown.to_html(index=index, escape=True, border=0, na_rep="")


def format_value(value: Any, unit: str, signed: bool = False) -> str:
    """A metric value formatted for its unit (money without decimals, % with one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    value = float(value)
    sign = "+" if signed else ""
    if unit == "money":
        return f"{value:{sign},.0f}"
    if unit.startswith("%") or unit in ("percent", "per 100 reps"):
        return f"{value:{sign},.1f}"
    if unit == "probability":
        return f"{100 * value:{sign}.0f}%"
    return f"{value:{sign},.3f}"


def metric_table(run: Run, plan: str) -> pd.DataFrame:
    """Every metric of ``plan`` against the baseline, formatted for reading: what it
    measures, unit, baseline, plan, difference with its standard error, and whether the
    plan is better (blank when the metric has no better direction or no clear change)."""
    from salesperf_model.measure import METRICS

    rows = run.tables["comparison"]
    rows = rows[rows["plan"] == plan]
    table = []
    for _, row in rows.iterrows():
        unit = str(row["unit"])
        metric = METRICS.get(row["metric"])
        clear = _clear(row)
        better = row["better"]
        verdict = (
            ""
            if not clear or pd.isna(better) or better is None
            else ("yes" if better in (True, "True") else "no")
        )
        table.append(
            {
                "metric": str(row["metric"]).replace("_", " "),
                "what it measures": metric.description if metric else "",
                "unit": unit,
                "baseline": format_value(row["baseline"], unit),
                plan: format_value(row["alternative"], unit),
                "difference": format_value(row["difference"], unit, signed=True),
                "± std. error": format_value(row["difference_se"], unit),
                "better?": verdict,
            }
        )
    return pd.DataFrame(table)


#: Units of the headline figures that are not metrics themselves.
_HEADLINE_UNITS = {"change_vs_baseline": "money", "change_vs_baseline_pct": "%"}


def headline_table(run: Run) -> pd.DataFrame:
    """The headline figures, one row per figure and one column per plan, formatted."""
    from salesperf_model.measure import METRICS

    headline = run.tables["headline"].set_index("plan")
    rows = []
    for figure in headline.columns:
        unit = _HEADLINE_UNITS.get(figure) or (METRICS[figure].unit if figure in METRICS else "")
        row = {"figure": figure.replace("_", " "), "unit": unit}
        for plan in headline.index:
            row[plan] = format_value(
                headline.loc[plan, figure], unit, signed=figure.startswith("change")
            )
        rows.append(row)
    return pd.DataFrame(rows)


def pay_equity_summary(run: Run, plan: str) -> pd.DataFrame:
    """The pay-equity table trimmed for reading: every measure for the whole sales force,
    then the mean gender pay gap in each role; ``flag`` marks gaps of 5% or more."""
    table = run.tables["pay_equity"]
    table = table[table["plan"] == plan]
    keep = (table["category"] == "all") | (table["measure"] == "gender_pay_gap_mean")
    table = table[keep]
    return pd.DataFrame(
        {
            "who": table["category"].str.replace("_", " "),
            "measure": table["measure"].str.replace("_", " "),
            "unit": table["unit"],
            "men": table["reference_reps"].map(lambda v: f"{v:.0f}"),
            "women": table["comparison_reps"].map(lambda v: f"{v:.0f}"),
            "mean": table["mean"].map(lambda v: format_value(v, "%")),
            "5-95% range": [
                f"{format_value(a, '%')} to {format_value(b, '%')}"
                for a, b in zip(table["p5"], table["p95"])
            ],
            "flag (>= 5%)": table["flag_5pct"].map(lambda v: "FLAG" if v else ""),
        }
    )


def run_settings_words(run: Run) -> list[str]:
    """How the figures were made, for the method appendix."""
    s = run.settings
    if s.get("source") == "actuals":
        source = (
            f"real outcomes imported with {Path(str(s.get('actuals_mapping'))).name} "
            "(one set of results, no Monte Carlo)"
        )
    else:
        source = (
            f"{s['simulations']} Monte Carlo simulations of {s['reps']} reps over {s['periods']} "
            f"months (seed {s['seed']}), the sales force described in {run.baseline}'s population section"
        )
    words = [
        f"Outcomes: {source}. Every plan is paid on the very same outcomes, so differences "
        "between plans are differences of plan rules, not of luck (common random numbers).",
        "Figures are means over simulations; a difference is called clear when it is larger "
        "than twice its Monte Carlo standard error (paired over simulations).",
        "Definitions of every metric are in docs/metrics.md; the winners and losers bands "
        "compare each rep's total pay with what the same rep earned under the baseline.",
    ]
    if s.get("overrides"):
        words.append(f"Overrides applied to the plans under study: {s['overrides']}.")
    return words


def save_run_tables(
    run: Run, output_dir: str | os.PathLike, plans: Sequence[str] | None = None
) -> list[Path]:
    """Write the run's tables as CSV beside the report (optionally only rows of ``plans``)."""
    written = []
    for name, table in run.tables.items():
        if plans is not None and "plan" in table.columns:
            table = table[table["plan"].isin(plans)]
        written.append(save_table(output_dir, name, table.reset_index(drop=True)))
    return written


def plot_payout_curves(scenarios: Sequence[Any] | Mapping[str, Any], **kwargs: Any):
    """Commission payout against attainment for each plan (see charts.payout_curves)."""
    from salesperf_model.present import charts

    return charts.payout_curves(scenarios, **kwargs)


# ---------------------------------------------------------------------------------------
# Live exploration: re-pay already simulated outcomes under edited rules
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explorer:
    """What stays fixed while an analyst moves the sliders: the outcomes (simulated once),
    each KPI's points under the starting plan, and the starting plan's own pay."""

    scenario: Any
    outcomes: Any
    kpi_points: dict[str, np.ndarray]
    reviews: Any
    start_weights: dict[str, dict[str, float]]
    start_total_pay: float
    start_merit: float
    start_gender_gap: float


def _rep_pay(payouts: Mapping[str, np.ndarray]) -> np.ndarray:
    """Total pay per simulation and rep over the horizon."""
    return sum(payouts.values()).sum(axis=2)


def quick_fairness(pay: np.ndarray, outcomes: Any) -> tuple[float, float]:
    """(merit alignment, gender pay gap %) for the explorer: the Spearman correlation of pay
    with true skill, both ranked within role (as in fairness.merit_alignment_pay), and the
    gap in mean total pay between men and women as % of men's, means over simulations."""
    from salesperf_model.measure import row_correlation, within_role_percentile

    roles = outcomes.reps["role"].to_numpy()
    merit = float("nan")
    if outcomes.truth is not None:
        skill = outcomes.truth["skill"].mean(axis=2)
        merit = float(
            np.nanmean(
                row_correlation(
                    within_role_percentile(pay, roles), within_role_percentile(skill, roles)
                )
            )
        )
    groups = outcomes.reps["group"].astype(str).to_numpy()
    men, women = groups == "male", groups == "female"
    gap = float("nan")
    if men.any() and women.any():
        male = pay[:, men].mean(axis=1)
        gap = float(np.mean(100.0 * (male - pay[:, women].mean(axis=1)) / male))
    return merit, gap


def prepare_explorer(
    scenario_path: str | os.PathLike,
    simulations: int = 8,
    reps: int | None = None,
    periods: int | None = None,
    seed: int | None = None,
    overrides: Sequence[str] | Mapping[str, object] = (),
) -> Explorer:
    """Simulate the scenario's sales force once and score it, so that every later change
    only re-grades and re-pays (:func:`repay`). A few simulations keep a change well under
    0.3 s on the default population; reports use many more."""
    from salesperf_model.engine import run_plan, score
    from salesperf_model.loading import load_scenario
    from salesperf_model.simulate import simulate

    scenario = load_scenario(scenario_path, overrides)
    outcomes = simulate(
        scenario.population,
        scenario.simulation,
        reps=reps,
        periods=periods,
        simulations=simulations,
        seed=seed,
    )
    kpi_points, reviews = score(outcomes, scenario)
    start = run_plan(outcomes, scenario)
    pay = _rep_pay(start.payouts)
    merit, gap = quick_fairness(pay, outcomes)
    weights = {role: scenario.scoring.role_weights(role) for role in scenario.scoring.weights}
    return Explorer(
        scenario=scenario,
        outcomes=outcomes,
        kpi_points=kpi_points,
        reviews=reviews,
        start_weights=weights,
        start_total_pay=float(pay.sum(axis=1).mean()),
        start_merit=merit,
        start_gender_gap=gap,
    )


def edited_scenario(
    scenario: Any,
    tiers: Sequence[tuple[float, float]] | None = None,
    grading_method: str | None = None,
    shares: Mapping[str, float] | None = None,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> Any:
    """A validated copy of ``scenario`` with new commission tiers ``[(from, rate), ...]``,
    grading method, forced-distribution target shares (ranges widened to include them) and
    KPI weights by role (rescaled to 100 per role). Raises on an invalid combination."""
    data = scenario.model_dump(by_alias=True)
    if tiers is not None:
        old = data["pay"]["commission"]["tiers"]
        data["pay"]["commission"]["tiers"] = [
            {
                **(old[i] if i < len(old) else {}),
                "from_attainment": float(start),
                "rate": float(rate),
            }
            for i, (start, rate) in enumerate(tiers)
        ]
    if grading_method is not None:
        data["grading"]["method"] = grading_method
    if shares is not None:
        total = sum(shares.values())
        for grade, target in shares.items():
            share = data["grading"]["shares"][grade]
            target = float(target) / total if total > 0 else 0.25
            share.update(
                target=target, min=min(share["min"], target), max=max(share["max"], target)
            )
    if weights is not None:
        for role, role_weights in weights.items():
            data["scoring"]["weights"][role] = {k: float(v) for k, v in role_weights.items()}
        data["scoring"]["normalise_weights"] = True
    return type(scenario).model_validate(data)


def repay(explorer: Explorer, scenario: Any) -> dict[str, Any]:
    """Grade and pay the explorer's outcomes under ``scenario`` (an :func:`edited_scenario`),
    reusing the KPI points: a weight change rescales each KPI's points, so nothing is
    re-simulated or re-scored. KPIs not on a role's starting scorecard cannot be added.

    Returns the payouts, cost and fairness figures, and the seconds it took."""
    from salesperf_model.engine import grade, pay

    started = time.perf_counter()
    outcomes = explorer.outcomes
    roles = outcomes.reps["role"].to_numpy()
    shape = next(iter(explorer.kpi_points.values())).shape
    points = np.zeros(shape)
    for kpi, kpi_points in explorer.kpi_points.items():
        factor = np.zeros(len(roles))
        for role, start_weights in explorer.start_weights.items():
            old = start_weights.get(kpi, 0.0)
            if old > 0:
                new = scenario.scoring.role_weights(role).get(kpi, 0.0)
                factor[roles == role] = new / old
        points += kpi_points * factor[None, :, None]
    graded = grade(points, scenario.grading, outcomes)
    payouts, _attainment, warnings = pay(
        scenario, outcomes, points, grades=graded.grades, reviews=explorer.reviews
    )
    rep_pay = _rep_pay(payouts)
    total = float(rep_pay.sum(axis=1).mean())
    merit, gap = quick_fairness(rep_pay, outcomes)
    grade_mix = np.bincount(graded.grades.ravel(), minlength=4) / graded.grades.size
    return {
        "payouts": payouts,
        "total_pay": total,
        "change_pct": 100.0 * (total - explorer.start_total_pay) / explorer.start_total_pay,
        "merit_alignment": merit,
        "gender_pay_gap": gap,
        "grade_mix": {
            g: float(v) for g, v in zip(("S", "A", "B", "C"), (100 * grade_mix).round(1))
        },
        "warnings": warnings,
        "seconds": time.perf_counter() - started,
    }


def director_summary(run: Run) -> list[str]:
    """What a director needs from a comparison, in four or five sentences: the best
    trade-offs, the cheapest plan, the fairest plan and the main trade-off between them,
    and any scenario left out."""
    currency = run.scenarios[run.baseline].currency
    ranked = ranking(run)
    best = ranked.loc[ranked["on_frontier"], "plan"].tolist()
    cheapest = ranked.sort_values("total_pay", kind="stable").iloc[0]
    lines = [
        f"Best trade-offs (no other plan is both cheaper and fairer): {', '.join(best)}.",
        f"Cheapest: {cheapest['plan']} ({money(cheapest['total_pay'], currency)}, "
        f"{percent(cheapest['change_pct'], signed=True)} against {run.baseline}).",
    ]
    metric = str(ranked["fairness_metric"].iloc[0])
    if ranked["fairness"].isna().all():
        lines.append("Fairness cannot be ranked on these data (see the method appendix).")
        return lines
    if metric == "merit_alignment_pay":
        fairest = ranked.loc[ranked["fairness"].idxmax()]
        how = f"pay follows true skill most closely, rank correlation {fairest['fairness']:.2f}"
    else:
        fairest = ranked.loc[ranked["fairness"].abs().idxmin()]
        how = f"smallest {metric.replace('_', ' ')}, {fairest['fairness']:.1f}%"
    lines.append(f"Fairest: {fairest['plan']} ({how}).")
    if fairest["plan"] != cheapest["plan"]:
        extra = fairest["total_pay"] - cheapest["total_pay"]
        lines.append(
            f"Main trade-off: choosing {fairest['plan']} over {cheapest['plan']} costs "
            f"{money(extra, currency)} more for fairer pay."
        )
    else:
        lines.append(f"No trade-off: {cheapest['plan']} is both the cheapest and the fairest.")
    if run.skipped:
        lines.append(f"{len(run.skipped)} scenario file(s) could not be loaded and are left out.")
    return lines


# ---------------------------------------------------------------------------------------
# Replay on actuals: keep-whole view
# ---------------------------------------------------------------------------------------

#: A rep "loses" under a plan change when their pay falls by more than this share.
KEEP_WHOLE_THRESHOLD = 0.05


def is_replay(run: Run) -> bool:
    """True when the run pays plans on imported actuals (one real set of results), where
    per-rep pay under each plan is a fact, not a draw: the keep-whole view applies."""
    return run.settings.get("source") == "actuals"


def keep_whole_table(run: Run, plan: str, threshold: float = KEEP_WHOLE_THRESHOLD) -> pd.DataFrame:
    """Per rep, total pay over the window under the baseline (the current plan) and under
    ``plan``: change in money and %, and whether the rep loses more than ``threshold``.
    Reps are sorted from the largest % loss; role, team and region come along for reading.
    Uses the first simulation (a replay has exactly one)."""
    from salesperf_model.measure import keep_whole, pay_per_rep

    table = keep_whole(
        pay_per_rep(run.results[run.baseline]),
        pay_per_rep(run.results[plan]),
        loss_threshold=threshold,
    )
    flag = next(c for c in table.columns if c.startswith("loses_more_than_"))
    table = table.rename(columns={flag: "loses_over_threshold"})
    reps = run.outcomes.reps.set_index(run.outcomes.reps["rep_id"].astype(str))
    for column in ("role", "team", "region"):
        if column in reps.columns:
            table.insert(1, column, reps[column].reindex(table["rep_id"]).astype(str).to_numpy())
    table["keep_whole_top_up"] = np.where(table["loses_over_threshold"], -table["change"], 0.0)
    order = np.lexsort((table["rep_id"].to_numpy(), table["pct_change"].fillna(0).to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def keep_whole_figures(table: pd.DataFrame) -> dict[str, float]:
    """From a :func:`keep_whole_table`: reps counted, reps losing more than the threshold,
    the cost of keeping them whole (topping each back up to current pay), the same for every
    rep who loses anything, and the net change of the whole pay bill."""
    losers = table["loses_over_threshold"].to_numpy(dtype=bool)
    change = table["change"].to_numpy(dtype=float)
    current = table["current"].to_numpy(dtype=float)
    return {
        "reps": len(table),
        "reps_losing_over_threshold": int(losers.sum()),
        "keep_whole_cost": float(-change[losers].sum()),
        "keep_whole_cost_pct_of_current": float(
            100 * -change[losers].sum() / current.sum() if current.sum() else float("nan")
        ),
        "reps_losing_any": int((change < 0).sum()),
        "top_up_every_loser": float(-change[change < 0].sum()),
        "net_change": float(change.sum()),
    }


def keep_whole_sentence(
    figures: Mapping[str, float],
    plan: str,
    baseline: str,
    currency: str = "CNY",
    threshold: float = KEEP_WHOLE_THRESHOLD,
) -> str:
    """The keep-whole finding in one plain sentence for the executive summary."""
    limit = f"{100 * threshold:g}%"
    losing, reps = figures["reps_losing_over_threshold"], figures["reps"]
    if losing == 0:
        return (
            f"Replayed on the actual results, no rep would lose more than {limit} "
            f"under {plan} against {baseline}: nobody needs to be kept whole."
        )
    return (
        f"Replayed on the actual results, {losing} of {reps} reps would lose more "
        f"than {limit} of their pay under {plan}; keeping them whole (paying each the "
        f"difference to {baseline}) costs {money(figures['keep_whole_cost'], currency)}."
    )


def keep_whole_losers(table: pd.DataFrame, currency: str = "CNY") -> pd.DataFrame:
    """The reps who lose more than the threshold, formatted for a report table, biggest
    % loss first."""
    losers = table[table["loses_over_threshold"]]
    columns = [c for c in ("rep_id", "region", "team", "role") if c in losers.columns]
    shown = losers[columns].rename(columns={"rep_id": "rep"}).copy()
    if "role" in shown.columns:
        shown["role"] = shown["role"].str.replace("_", " ")
    shown[f"pay now ({currency})"] = losers["current"].map(lambda v: f"{v:,.0f}")
    shown[f"pay under plan ({currency})"] = losers["alternative"].map(lambda v: f"{v:,.0f}")
    shown[f"change ({currency})"] = losers["change"].map(lambda v: f"{v:+,.0f}")
    shown["change (%)"] = losers["pct_change"].map(lambda v: f"{v:+.1f}%")
    shown[f"keep-whole top-up ({currency})"] = losers["keep_whole_top_up"].map(
        lambda v: f"{v:,.0f}"
    )
    return shown.reset_index(drop=True)


def keep_whole_by_plan(run: Run, threshold: float = KEEP_WHOLE_THRESHOLD) -> pd.DataFrame:
    """One row per plan under study: reps losing more than the threshold and the cost of
    keeping them whole, for the comparison report (numbers, not formatted)."""
    rows = []
    for plan in run.plans:
        figures = keep_whole_figures(keep_whole_table(run, plan, threshold))
        rows.append({"plan": plan, **figures})
    return pd.DataFrame(rows)


def save_keep_whole(run: Run, output_dir: str | os.PathLike, plans: Sequence[str]) -> Path:
    """Write every plan's per-rep keep-whole table as ``keep_whole.csv`` beside the report
    (one row per plan and rep)."""
    tables = [keep_whole_table(run, plan).assign(plan=plan) for plan in plans]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    if not table.empty:
        table = table[["plan", *[c for c in table.columns if c != "plan"]]]
    return save_table(output_dir, "keep_whole", table)


def keep_whole_words(figures: Mapping[str, float], currency: str = "CNY") -> list[str]:
    """The keep-whole figures spelled out under the losers table."""
    return [
        f"Keeping whole the {figures['reps_losing_over_threshold']} reps who lose more than 5% "
        f"costs {money(figures['keep_whole_cost'], currency)} "
        f"({percent(figures['keep_whole_cost_pct_of_current'])} of today's pay bill).",
        f"{figures['reps_losing_any']} of {figures['reps']} reps lose something; topping every "
        f"one of them up would cost {money(figures['top_up_every_loser'], currency)}.",
        f"Net change of the whole pay bill: {money(figures['net_change'], currency, signed=True)}.",
    ]


def keep_whole_plan_rows(by_plan: pd.DataFrame, currency: str = "CNY") -> pd.DataFrame:
    """:func:`keep_whole_by_plan` formatted for the comparison report: one row per plan."""
    return pd.DataFrame(
        {
            "plan": by_plan["plan"],
            "reps losing > 5%": [
                f"{n} of {m}"
                for n, m in zip(by_plan["reps_losing_over_threshold"], by_plan["reps"])
            ],
            f"keep-whole cost ({currency})": by_plan["keep_whole_cost"].map(lambda v: f"{v:,.0f}"),
            "as % of today's pay": by_plan["keep_whole_cost_pct_of_current"].map(
                lambda v: percent(v)
            ),
            f"net change of the pay bill ({currency})": by_plan["net_change"].map(
                lambda v: f"{v:+,.0f}"
            ),
        }
    )


def keep_whole_comparison_sentence(by_plan: pd.DataFrame, currency: str = "CNY") -> str:
    """One sentence for the comparison summary: the plan with the largest keep-whole bill
    and the plans that need none."""
    if by_plan.empty:
        return "No plan to replay on actual results."
    worst = by_plan.loc[by_plan["keep_whole_cost"].idxmax()]
    none = by_plan.loc[by_plan["reps_losing_over_threshold"] == 0, "plan"].tolist()
    if worst["keep_whole_cost"] <= 0:
        return "Replayed on the actual results, no plan makes any rep lose more than 5%."
    sentence = (
        f"Replayed on the actual results, {worst['plan']} would need the largest keep-whole "
        f"budget: {worst['reps_losing_over_threshold']} of {worst['reps']} reps lose more than "
        f"5%, {money(worst['keep_whole_cost'], currency)} to keep them whole"
    )
    if none:
        sentence += f"; no rep loses more than 5% under {', '.join(none)}"
    return sentence + "."


# ---------------------------------------------------------------------------------------
# Calibration report: how well the calibrated simulation matches the actuals
# ---------------------------------------------------------------------------------------

#: Tolerances the calibration report checks (the same as tests/test_calibrate.py): revenue
#: per rep-month and attainment within 10%, total pay per seat-month within 6%.
MOMENT_TOLERANCE = 0.10
COST_TOLERANCE = 0.06
#: Moments the simulation reproduces by construction of the fit: checked against the
#: tolerance. The others are shown for information (see the known gaps).
TARGETED_MOMENTS = (
    "revenue_per_rep_month",
    "revenue_big_share",
    "win_rate",
    "new_customers_per_rep_month",
    "book_customers_last_month",
    "attainment_mean",
)


@dataclass(frozen=True)
class CalibrationCheck:
    """What the calibration report shows: the fit (refitted from the export, for its
    samples and estimators), the calibrated scenario as committed, the actual and simulated
    outcomes, the moment table, the cost table and the calibration file's notes."""

    source: str
    calibration: Any
    scenario: Any
    actual: Any
    simulated: Any
    diagnostics: pd.DataFrame
    cost: pd.DataFrame
    notes: list[str]
    unmapped: list[str]
    simulations: int
    seed: int


def calibration_check(
    mapping_path: str | os.PathLike,
    calibrated_path: str | os.PathLike,
    baseline_path: str | os.PathLike | None = None,
    data_dir: str | os.PathLike | None = None,
    simulations: int = 20,
    seed: int = 3,
) -> CalibrationCheck:
    """Simulate the committed calibrated scenario and compare it with the export: moments
    side by side and the baseline plan's cost on the replay vs on the simulation, paid on
    the measures the export has (like for like). Notes come from the JSON beside the
    scenario (written by ``salesperf calibrate``)."""
    from salesperf_model.actuals import outcomes_from_deals, read_actuals
    from salesperf_model.calibrate import (
        calibrate,
        cost_comparison,
        fit_diagnostics,
        like_actuals,
    )
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.simulate import simulate

    calibrated_path = Path(calibrated_path)
    scenario = load_scenario(calibrated_path)
    base_population = load_scenario(baseline_path).population if baseline_path else None
    actuals = read_actuals(mapping_path, data_dir=data_dir)
    actual = outcomes_from_deals(actuals)
    calibration = calibrate(actuals, actual, base_population=base_population)
    simulated = simulate(
        scenario.population, scenario.simulation, simulations=simulations, seed=seed
    )
    diagnostics = fit_diagnostics(calibration, actual, simulated)
    cost = cost_comparison(
        run_plan(actual, scenario), actual, run_plan(like_actuals(simulated, actual), scenario)
    )
    notes, unmapped = list(calibration.notes), list(calibration.unmapped)
    sidecar = calibrated_path.with_suffix(".json")
    if sidecar.is_file():
        saved = json.loads(sidecar.read_text(encoding="utf-8"))
        notes, unmapped = list(saved.get("notes", notes)), list(saved.get("unmapped", unmapped))
    return CalibrationCheck(
        source=actuals.mapping.name,
        calibration=calibration,
        scenario=scenario,
        actual=actual,
        simulated=simulated,
        diagnostics=diagnostics,
        cost=cost,
        notes=notes,
        unmapped=unmapped,
        simulations=simulations,
        seed=seed,
    )


def moment_table(check: CalibrationCheck) -> pd.DataFrame:
    """The fit diagnostics for reading: each moment, actual, simulated, difference in %
    and whether it is within the tolerance (targeted moments) or shown for information."""
    table = check.diagnostics
    rows = []
    for row in table.itertuples():
        targeted = row.moment in TARGETED_MOMENTS
        close = abs(row.relative_difference) <= MOMENT_TOLERANCE
        rows.append(
            {
                "moment": str(row.moment).replace("_", " "),
                "actual": f"{row.actual:,.3g}" if abs(row.actual) < 100 else f"{row.actual:,.0f}",
                "simulated": f"{row.simulated:,.3g}"
                if abs(row.simulated) < 100
                else f"{row.simulated:,.0f}",
                "difference": percent(100 * row.relative_difference, signed=True),
                "check": (
                    ("within 10%" if close else "OUTSIDE 10%")
                    if targeted
                    else "not targeted (see known gaps)"
                ),
            }
        )
    return pd.DataFrame(rows)


def fitted_values_table(check: CalibrationCheck) -> pd.DataFrame:
    """The fitted quantities that set the calibrated scenario, with their 95% interval
    where there is one and the estimator, formatted."""
    fits = check.calibration.fits.dropna(subset=["population_field"])

    def number(value: float) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"

    return pd.DataFrame(
        {
            "quantity": fits["quantity"].str.replace("_", " "),
            "value": fits["value"].map(number),
            "95% interval": [
                f"{number(lo)} to {number(hi)}" if not (pd.isna(lo) or pd.isna(hi)) else ""
                for lo, hi in zip(fits["ci_low"], fits["ci_high"])
            ],
            "unit": fits["unit"],
            "from": fits["n"].map(lambda n: f"{n:,.0f}"),
            "how": fits["estimator"],
            "sets": fits["population_field"],
        }
    ).reset_index(drop=True)


def cost_check_table(check: CalibrationCheck, currency: str = "CNY") -> pd.DataFrame:
    """Pay per seat-month by component, replay vs calibrated simulation, formatted. A
    component under 5% of total pay that differs by more than 20% is marked as small and
    noisy: it rests on a few awards (a top-3 ranking, a target bonus band) per period."""
    cost = check.cost.copy()
    total = float(cost.loc[cost["component"] == "total", "replay_per_seat_month"].sum())
    small = (
        (cost["component"] != "total")
        & (cost["replay_per_seat_month"] < 0.05 * total)
        & (cost["relative_difference"].abs() > 0.20)
        & (cost["note"] == "")
    )
    cost.loc[small, "note"] = "under 5% of pay; rests on a few awards, so it varies a lot"
    return pd.DataFrame(
        {
            "component": cost["component"].str.replace("_", " "),
            f"replayed actuals ({currency})": cost["replay_per_seat_month"].map(
                lambda v: f"{v:,.0f}"
            ),
            f"calibrated simulation ({currency})": cost["simulated_per_seat_month"].map(
                lambda v: f"{v:,.0f}"
            ),
            "difference": cost["relative_difference"].map(
                lambda v: "" if pd.isna(v) else percent(100 * v, signed=True)
            ),
            "note": cost["note"],
        }
    )


def calibration_summary(check: CalibrationCheck, currency: str = "CNY") -> dict[str, Any]:
    """The calibration report's headline in plain words and figures: what was fitted, how
    well the targeted moments match, and whether the baseline plan costs the same on the
    replay and on the calibrated simulation (within :data:`COST_TOLERANCE`)."""
    fits = check.calibration.fits
    fitted = fits.dropna(subset=["population_field"])
    diagnostics = check.diagnostics.set_index("moment")
    targeted = diagnostics.loc[[m for m in TARGETED_MOMENTS if m in diagnostics.index]]
    worst = targeted["relative_difference"].abs().idxmax()
    worst_gap = float(targeted.loc[worst, "relative_difference"])
    within = int((targeted["relative_difference"].abs() <= MOMENT_TOLERANCE).sum())
    total = check.cost.set_index("component").loc["total"]
    cost_gap = float(total["relative_difference"])
    cost_ok = abs(cost_gap) <= COST_TOLERANCE
    _simulations, reps, months = check.simulated.shape
    sentences = [
        f"{len(fitted)} simulation settings were fitted to the {check.source} export "
        f"with standard estimators: deal sizes, win rate, sales cycle, pipeline, customer book, "
        f"seasonality and how much of the difference between reps lasts.",
        f"{within} of {len(targeted)} targeted figures of the calibrated simulation are within "
        f"{MOMENT_TOLERANCE:.0%} of the actuals ({check.simulations} simulations of {reps} reps "
        f"over {months} months); the largest gap is {worst.replace('_', ' ')} "
        f"({percent(100 * worst_gap, signed=True)}).",
        f"Cost check: the baseline plan pays {money(total['replay_per_seat_month'], currency)} "
        f"per rep and month on the replayed actuals and "
        f"{money(total['simulated_per_seat_month'], currency)} on the calibrated simulation "
        f"({percent(100 * cost_gap, signed=True)}), "
        + (
            f"within the {COST_TOLERANCE:.0%} tolerance"
            if cost_ok
            else f"OUTSIDE the {COST_TOLERANCE:.0%} tolerance"
        )
        + ".",
        f"Why {COST_TOLERANCE:.0%} and not less: the simulation cannot reproduce how much "
        "repeat-order sizes vary between reps (their spread is fixed in the model), and "
        f"{check.simulations} simulations of {reps} reps leave sampling noise of a few percent; "
        "both sides are paid on the same measures, so what the export lacks does not count.",
        f"{len(check.notes)} known gaps are listed below; the simulation can stand in for the "
        "actuals for cost, not for KPIs built on deal counts.",
    ]
    figures = {
        "Settings fitted": len(fitted),
        "Targeted figures within 10%": f"{within} of {len(targeted)}",
        "Cost: simulation vs replay": percent(100 * cost_gap, signed=True),
        "Cost tolerance": f"{COST_TOLERANCE:.0%} ({'met' if cost_ok else 'NOT met'})",
    }
    return {
        "sentences": sentences,
        "figures": figures,
        "cost_gap": cost_gap,
        "cost_ok": cost_ok,
        "moments_within": within,
        "moments_targeted": len(targeted),
    }
