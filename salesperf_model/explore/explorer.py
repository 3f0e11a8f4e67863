"""Live exploration: simulate a sales force once, then re-pay it through the engine under each edited plan."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from salesperf_model import pipeline

if TYPE_CHECKING:
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Scenario


@dataclass(frozen=True)
class Explorer:
    """What stays fixed while an analyst moves the sliders: the outcomes (simulated once)
    and the starting plan's KPI weights, pay and fairness figures."""

    scenario: Scenario
    outcomes: Outcomes
    start_weights: dict[str, dict[str, float]]
    start_total_pay: float
    start_merit: float
    start_gender_gap: float


class Repaid(TypedDict):
    """What one re-pay shows: the payouts by component, total pay (mean over simulations)
    and its change against the starting plan in %, merit alignment, gender pay gap (% of
    men's pay), grade mix (% of rep-reviews per grade), the plan's warnings and seconds."""

    payouts: dict[str, np.ndarray]
    total_pay: float
    change_pct: float
    merit_alignment: float
    gender_pay_gap: float
    grade_mix: dict[str, float]
    warnings: list[str]
    seconds: float


def _rep_pay(payouts: Mapping[str, np.ndarray]) -> np.ndarray:
    """Total pay per simulation and rep over the horizon."""
    return sum(payouts.values()).sum(axis=2)


def quick_fairness(pay: np.ndarray, outcomes: Outcomes) -> tuple[float, float]:
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
    *,
    simulations: int = 8,
    reps: int | None = None,
    periods: int | None = None,
    seed: int | None = None,
    overrides: Sequence[str] | Mapping[str, object] = (),
) -> Explorer:
    """Simulate the scenario's sales force once (the pipeline's outcomes step) and pay it
    under the starting plan, so that every later change only re-pays (:func:`repay`). A
    few simulations keep a change well under 0.3 s on the default population; reports use
    many more."""
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario

    scenario = load_scenario(scenario_path, overrides)
    outcomes = pipeline.outcomes_for(
        scenario, reps=reps, periods=periods, simulations=simulations, seed=seed
    )
    pay = _rep_pay(run_plan(outcomes, scenario).payouts)
    merit, gap = quick_fairness(pay, outcomes)
    weights = {role: scenario.scoring.role_weights(role) for role in scenario.scoring.weights}
    return Explorer(
        scenario=scenario,
        outcomes=outcomes,
        start_weights=weights,
        start_total_pay=float(pay.sum(axis=1).mean()),
        start_merit=merit,
        start_gender_gap=gap,
    )


def repay(explorer: Explorer, scenario: Scenario) -> Repaid:
    """Pay the explorer's outcomes under ``scenario`` (an :func:`edited_scenario`) with the
    engine's ``run_plan``: nothing is re-simulated. Returns the figures the explorer shows
    and the seconds it took."""
    from salesperf_model.engine import run_plan
    from salesperf_model.schema import GRADES

    started = time.perf_counter()
    outcomes = explorer.outcomes
    result = run_plan(outcomes, scenario)
    rep_pay = _rep_pay(result.payouts)
    total = float(rep_pay.sum(axis=1).mean())
    merit, gap = quick_fairness(rep_pay, outcomes)
    grades = result.grades
    grade_mix = np.bincount(grades.ravel(), minlength=len(GRADES)) / grades.size
    return Repaid(
        payouts=result.payouts,
        total_pay=total,
        change_pct=100.0 * (total - explorer.start_total_pay) / explorer.start_total_pay,
        merit_alignment=merit,
        gender_pay_gap=gap,
        grade_mix={g: float(v) for g, v in zip(GRADES, (100 * grade_mix).round(1))},
        warnings=list(result.warnings),
        seconds=time.perf_counter() - started,
    )
