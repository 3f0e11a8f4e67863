"""The metric registry: every declared metric in table order, and the one function that
computes their draws; no metric can be computed without being declared, nor shown without
its unit and direction."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesperf_model.measure.cost_metrics import COST_METRICS
from salesperf_model.measure.fairness_metrics import FAIRNESS_METRICS
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.measure.pay_variance import PAY_VARIANCE_METRICS
from salesperf_model.measure.timing_metrics import TIMING_METRICS
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.measure.vacancy_metrics import VACANCY_METRICS
from salesperf_model.outcomes import Outcomes

#: Every metric a plan is measured on, name -> declaration, in table order.
_DECLARED = (
    *COST_METRICS,
    *VACANCY_METRICS,
    *TIMING_METRICS,
    *FAIRNESS_METRICS,
    *PAY_VARIANCE_METRICS,
)
METRICS: dict[str, Metric] = {m.name: m for m in _DECLARED}
if len(METRICS) != len(_DECLARED):
    raise RuntimeError("two metrics are declared with the same name")

#: Metrics skipped (NaN, with a note) when outcomes carry no hidden truth.
NEEDS_TRUTH: tuple[str, ...] = tuple(n for n, m in METRICS.items() if m.needs_truth)

TRUTH_NOTE = "needs the simulation's hidden truth; not available on real data"


def metric(name: str) -> Metric:
    """The declaration of a metric; an unregistered name is refused, never shown bare."""
    if name not in METRICS:
        raise KeyError(
            f"{name!r} is not a registered metric: declare it in "
            f"salesperf_model/measure/cost_metrics.py, vacancy_metrics.py, timing_metrics.py, "
            "fairness_metrics.py or pay_variance.py"
        )
    return METRICS[name]


def skipped_metrics(outcomes: Outcomes) -> dict[str, str]:
    """Metric name -> why it is absent, for outcomes without hidden truth."""
    if outcomes.truth is not None:
        return {}
    return {name: TRUTH_NOTE for name in NEEDS_TRUTH}


def metric_draws(
    inputs: MetricInputs, known: Mapping[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """Every registered metric per simulation (index ``simulation``, one column per
    metric in :data:`METRICS` order). Metrics that need truth are NaN without it; those
    that require a variant or budget that was not given are left out. ``known``: draws
    already known for these inputs (metrics that read nothing of the plan's own, from a
    plan with the same scores and grades: measure/reuse.py), taken as they are."""
    sims = inputs.outcomes.n_simulations
    columns: dict[str, np.ndarray] = {}
    known = known or {}
    with np.errstate(all="ignore"):  # undefined figures are NaN by design
        for name, declared in METRICS.items():
            if not inputs.has(declared.requires):
                continue
            if name in known:
                columns[name] = known[name]
            elif declared.needs_truth and inputs.outcomes.truth is None:
                columns[name] = np.full(sims, np.nan)
            else:
                columns[name] = declared.compute(inputs)
    table = pd.DataFrame(columns)
    table.index.name = "simulation"
    return table


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
    totals: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Every cost and fairness metric of one plan per simulation: :func:`metric_draws` of
    the plan paid on ``outcomes``. ``at_target`` is the same plan paid on
    ``revenue_at_quota`` outcomes, ``bumped`` on ``revenue_scaled(1 + bump)`` outcomes;
    ``totals``: ``rep_totals(result)`` when the caller summed it already."""
    inputs = MetricInputs(
        result,
        outcomes,
        at_target=at_target,
        bumped=bumped,
        bump=bump,
        total_pay_budget=total_pay_budget,
        cost_of_sales_budget=cost_of_sales_budget,
        reference=reference,
        comparison=comparison,
        known_totals=totals,
    )
    return metric_draws(inputs)
