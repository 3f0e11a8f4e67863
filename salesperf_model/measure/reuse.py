"""Which metrics read nothing of a plan's pay: found by watching what each metric reads on one paid plan, so that plans with the same scores and grades on the same outcomes reuse their draws (a sweep over pay parameters).

A metric's draws are a function of what it reads. Each metric is computed once on its own
inputs, with the plan's result behind a watcher: a metric that reads only what scoring and
grading fix (:data:`GRADED_FIELDS`) and the outcomes, and none of the plan's own inputs
(:data:`PLAN_INPUTS`: variants, budgets), gives the same draws for every plan with the same
scores and grades on the same outcomes. Anything else it reads (payouts, total pay,
attainment, warnings, a field added later) counts as the plan's own, so its draws are
computed anew for every plan. What a metric does not read cannot change its draws: its
branches depend only on what it read.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.registry import METRICS
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: Fields of a paid plan that its scores and grades fix (with the outcomes' reps and
#: months): equal for two plans with the same scoring and grading sections.
GRADED_FIELDS = frozenset(
    {
        "scenario_name",
        "review_labels",
        "review_of_month",
        "kpi_points",
        "points",
        "band_grades",
        "grades",
        "moved",
        "improvement_flag",
        "promotion_flag",
        "rep_ids",
        "periods",
        "grade_record",
    }
)

#: What a metric's inputs carry of the plan besides its result: reading one makes the
#: metric the plan's own.
PLAN_INPUTS = frozenset(
    {"at_target", "bumped", "bump", "total_pay_budget", "cost_of_sales_budget", "totals"}
)


class _WatchedResult:
    """A paid plan that notes every field read outside :data:`GRADED_FIELDS`."""

    def __init__(self, result: PlanResultLike, reads: set[str]) -> None:
        object.__setattr__(self, "_result", result)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        if name not in GRADED_FIELDS:
            self._reads.add(f"result.{name}")
        return getattr(self._result, name)


class _WatchedInputs(MetricInputs):
    """Metric inputs that note every read of :data:`PLAN_INPUTS`."""

    def __getattribute__(self, name: str) -> Any:
        if name in PLAN_INPUTS:
            object.__getattribute__(self, "_reads").add(name)
        return object.__getattribute__(self, name)


def watched_draws(
    result: PlanResultLike,
    outcomes: Outcomes,
    **given: Any,
) -> tuple[pd.DataFrame, list[str], set[str]]:
    """(every registered metric per simulation, as ``metric_draws`` gives them; the names
    of the metrics that read nothing of the plan's own; what of the plan's own any metric
    read, e.g. ``result.payouts``) for ``result`` paid on ``outcomes``; ``given`` are the
    other ``MetricInputs`` (budgets, variants, groups).

    Each metric is computed on inputs of its own (no intermediates shared between
    metrics, so each one's reads are its own): slower than ``metric_draws``, once."""
    sims = outcomes.n_simulations
    columns: dict[str, np.ndarray] = {}
    blind: list[str] = []
    read: set[str] = set()
    with np.errstate(all="ignore"):  # undefined figures are NaN by design
        for name, declared in METRICS.items():
            reads: set[str] = set()
            inputs = _WatchedInputs(_WatchedResult(result, reads), outcomes, **given)  # type: ignore[arg-type]
            object.__setattr__(inputs, "_reads", reads)
            if not inputs.has(declared.requires):
                continue
            reads.clear()  # asking what was given is not reading it
            if declared.needs_truth and outcomes.truth is None:
                columns[name] = np.full(sims, np.nan)
            else:
                columns[name] = declared.compute(inputs)
            if not reads:
                blind.append(name)
            read |= reads
    table = pd.DataFrame(columns)
    table.index.name = "simulation"
    return table, blind, read
