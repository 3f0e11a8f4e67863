"""One plan of a sweep or search paid and measured against the baseline point: every registered metric and the disruption figures, per simulation, paired with the baseline's."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.engine import Graded, PlanResult, grading_key, run_plan, score_and_grade
from salesperf_model.measure import METRICS, MetricInputs, metric_draws, rep_totals
from salesperf_model.measure.reuse import watched_draws
from salesperf_model.measure.statistics import half_width_factor
from salesperf_model.pipeline import outcomes_for
from salesperf_model.search.repay import Repayer, follows

if TYPE_CHECKING:
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Scenario

#: Scores and grades kept for this many distinct scoring and grading sections (a search
#: over KPI weights grades every plan anew; a sweep over pay grades once).
_GRADED_KEPT = 4

#: Losing more than this share of pay against the baseline counts as losing (issue 11).
LOSS_THRESHOLD = 0.05

#: Figures a search can read besides the registered metrics, name -> what it is.
SEARCH_FIGURES: dict[str, str] = {
    "share_losing_over_5pct": "share of seats paid more than 5% less than under the baseline "
    "(same seat, same simulation)",
    "top_decile_losing_over_5pct": "share of the top true-skill decile paid more than 5% less "
    "than under the baseline",
    "base_pay_share": "base salary as a share of total pay paid",
}

#: Every figure name a GRID table has, or a SEARCH file may name.
FIGURE_NAMES: tuple[str, ...] = (*METRICS, *SEARCH_FIGURES)


def figure_direction(name: str) -> bool | None:
    """Whether higher is better (None: neither); disruption shares are better low."""
    if name in METRICS:
        return METRICS[name].higher_is_better
    return None if name == "base_pay_share" else False


@dataclass
class Evaluator:
    """The baseline point simulated once (sizes and seed fixed), and every plan measured on
    the same draws: re-paid on the baseline's sales force, or simulated anew with the same
    seed (common random numbers) when its sales force or its reps' responses differ."""

    baseline: Scenario
    reps: int | None = None
    periods: int | None = None
    simulations: int | None = None
    seed: int | None = None
    outcomes: Outcomes = field(init=False)
    baseline_draws: pd.DataFrame = field(init=False)
    _baseline_pay: np.ndarray = field(init=False, repr=False)
    _top_decile: np.ndarray | None = field(init=False, repr=False)
    _graded: dict[str, Graded] = field(init=False, repr=False, default_factory=dict)
    #: per grading key, the first plan paid (by the engine) and what re-pays the next
    #: ones reusing unchanged components (None: the engine pays them)
    _firsts: dict[str, tuple[Scenario, PlanResult]] = field(
        init=False, repr=False, default_factory=dict
    )
    _repayers: dict[str, Repayer | None] = field(init=False, repr=False, default_factory=dict)
    #: per grading key, the draws of the metrics that read nothing of a plan's pay
    _blind: dict[str, dict[str, np.ndarray]] = field(init=False, repr=False, default_factory=dict)
    #: per grading key, whether any metric read a plan's warnings (else not worked out)
    _warnings_read: dict[str, bool] = field(init=False, repr=False, default_factory=dict)
    #: one re-paid plan at a time: the repayer and the kept draws are shared state (a
    #: thread pool's workers share this evaluator)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    #: metric intermediates that read only the baseline's outcomes (measure/metric.py)
    _of_outcomes: dict[str, object] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        plan = self.baseline if self.baseline.behaviour.enabled else None
        self.outcomes = outcomes_for(self.baseline, **self.sizes(), plan=plan)
        self.baseline_draws, pay = self._measure(self.baseline, self.outcomes)
        self._baseline_pay = pay
        self._top_decile = None
        if self.outcomes.truth is not None and "skill" in self.outcomes.truth:
            skill = self.outcomes.truth["skill"].mean(axis=2)
            self._top_decile = skill >= np.quantile(skill, 0.9, axis=1, keepdims=True)
        self.baseline_draws = self._with_figures(self.baseline_draws, pay, self.baseline)

    def sizes(self) -> dict[str, int | None]:
        return {
            "reps": self.reps,
            "periods": self.periods,
            "simulations": self.simulations,
            "seed": self.seed,
        }

    def _run_plan(self, outcomes: Outcomes, plan: Scenario) -> PlanResult:
        """``run_plan``, scoring and grading once per distinct scoring and grading sections
        on the baseline's shared outcomes (a sweep over pay parameters grades once)."""
        if outcomes is not self.outcomes:
            return run_plan(outcomes, plan)
        key = grading_key(plan)
        graded = self._graded.get(key)
        if graded is None:
            graded = score_and_grade(outcomes, plan)
            if len(self._graded) >= _GRADED_KEPT:
                oldest = next(iter(self._graded))
                for kept in (self._graded, self._firsts, self._repayers):
                    kept.pop(oldest, None)
            self._graded[key] = graded
            result = run_plan(outcomes, plan, graded=graded)
            self._firsts[key] = (plan, result)
            return result
        if key not in self._repayers:
            # a second plan with these scores and grades (a sweep over pay): a repayer,
            # kept only if it pays the first plan exactly as the engine did
            first_plan, first = self._firsts.pop(key)
            repayer = Repayer(outcomes, graded, first_plan, first=first)
            self._repayers[key] = repayer if repayer.agrees(first_plan) else None
        repayer = self._repayers[key]
        if repayer is None or not follows(plan, outcomes):
            return run_plan(outcomes, plan, graded=graded)
        return repayer.run_plan(plan, warnings=self._warnings_read.get(key, True))

    def _measure(self, plan: Scenario, outcomes: Outcomes) -> tuple[pd.DataFrame, np.ndarray]:
        """Every registered metric per simulation (no at-target or +1% runs: a sweep pays
        each plan once) and each seat's total pay, (simulations, reps). On the baseline's
        outcomes, metrics that read nothing of a plan's pay (measure/reuse.py) are
        computed once per scoring and grading sections and their draws reused. The plan's
        own budget: a sweep over ``budget.*`` asks how likely each budget is overspent."""
        budget = plan.budget
        given = {
            "total_pay_budget": budget.total_pay,
            "cost_of_sales_budget": budget.cost_of_sales,
        }
        result = self._run_plan(outcomes, plan)
        totals = None
        if outcomes is not self.outcomes:
            evaluation_draws = metric_draws(MetricInputs(result, outcomes, **given))
        else:
            key = grading_key(plan)
            known = self._blind.get(key)
            if known is None and key in self._repayers:  # the second plan: watch the metrics
                evaluation_draws, blind, read = watched_draws(result, outcomes, **given)
                if len(self._blind) >= _GRADED_KEPT:
                    oldest = next(iter(self._blind))
                    self._blind.pop(oldest)
                    self._warnings_read.pop(oldest, None)
                self._blind[key] = {n: evaluation_draws[n].to_numpy() for n in blind}
                self._warnings_read[key] = "result.warnings" in read
            else:
                inputs = MetricInputs(result, outcomes, **given, outcome_shared=self._of_outcomes)
                evaluation_draws = metric_draws(inputs, known)
                totals = inputs.totals  # each seat's pay by component, summed once
        if totals is None:
            totals = rep_totals(result)
        pay, base = totals["total"], totals.get("base_salary", np.zeros_like(totals["total"]))
        draws = evaluation_draws.copy()
        with np.errstate(all="ignore"):
            draws["base_pay_share"] = base.sum(axis=1) / pay.sum(axis=1)
        return draws, pay

    def _with_figures(self, draws: pd.DataFrame, pay: np.ndarray, plan: Scenario) -> pd.DataFrame:
        """The disruption figures: seats losing more than 5% against the baseline point."""
        with np.errstate(all="ignore"):
            losing = pay < (1.0 - LOSS_THRESHOLD) * self._baseline_pay
        draws["share_losing_over_5pct"] = losing.mean(axis=1)
        if self._top_decile is not None:
            top = self._top_decile
            draws["top_decile_losing_over_5pct"] = (losing & top).sum(axis=1) / top.sum(axis=1)
        else:
            draws["top_decile_losing_over_5pct"] = np.nan
        return draws[[c for c in FIGURE_NAMES if c in draws.columns]]

    def evaluate(self, plan: Scenario, *, simulate: bool) -> pd.DataFrame:
        """Every figure of ``plan`` per simulation; ``simulate`` runs the sales force anew
        (same seed) under the plan's own sales-force sections and, with behaviour on,
        responding to its pay; otherwise the plan is re-paid on the baseline's outcomes."""
        outcomes = self.outcomes
        if simulate:
            market = self.baseline.model_copy(
                update={
                    "population": plan.population,
                    "simulation": plan.simulation,
                    "behaviour": plan.behaviour,
                }
            )
            responding = plan if plan.behaviour.enabled else None
            outcomes = outcomes_for(market, **self.sizes(), plan=responding)
        if outcomes is self.outcomes:
            with self._lock:
                draws, pay = self._measure(plan, outcomes)
        else:
            draws, pay = self._measure(plan, outcomes)
        return self._with_figures(draws, pay, plan)


def paired_summary(draws: pd.DataFrame, baseline: pd.DataFrame) -> dict[str, float]:
    """Per figure: Monte Carlo mean, and the paired difference against the baseline with
    a 95% interval (mean +- t standard errors of the per-simulation differences,
    ``measure.statistics.half_width_factor``)."""
    row: dict[str, float] = {}
    for name in draws.columns:
        values = draws[name].to_numpy(dtype=float)
        difference = values - baseline[name].to_numpy(dtype=float)
        finite = difference[np.isfinite(difference)]
        level = values[np.isfinite(values)]
        row[name] = float(level.mean()) if level.size else np.nan
        if finite.size > 1:
            mean = float(finite.mean())
            se = float(finite.std(ddof=1) / np.sqrt(finite.size))
        else:
            mean, se = (float(finite.mean()) if finite.size else np.nan), np.nan
        row[f"{name}_diff"] = mean
        half = half_width_factor(finite.size) * se
        row[f"{name}_diff_low"] = mean - half
        row[f"{name}_diff_high"] = mean + half
    return row
