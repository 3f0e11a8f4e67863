"""Live exploration: simulate a sales force once, then re-pay it through the engine under each edited plan."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from salesperf_model import pipeline

if TYPE_CHECKING:
    from salesperf_model.engine import Graded, PlanResult
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
    start_result: PlanResult | None = None
    start_cost_of_sales: float = float("nan")
    start_grade_mix: dict[str, float] = field(default_factory=dict)
    seed: int | None = None
    #: the starting plan's scores and grades, and its ``engine.grading_key``: an edit that
    #: leaves scoring and grading alone (most: rates, tiers, bonuses) is only re-paid
    start_graded: Graded | None = None
    start_grading_key: str = ""
    #: each seat's pay under the starting plan (sims x reps): what winners are judged on
    start_rep_pay: np.ndarray | None = None


class Repaid(TypedDict):
    """What one re-pay shows: the payouts by component, total pay (mean over simulations)
    and its change against the starting plan in %, cost of sales (pay / collected cash),
    merit alignment, gender pay gap (% of men's pay), grade mix (% of rep-reviews per
    grade), winners and losers against the starting plan (% of reps paid more or less
    than 0.1% differently, the largest loss of one rep in money), warnings and seconds."""

    payouts: dict[str, np.ndarray]
    total_pay: float
    change_pct: float
    cost_of_sales: float
    merit_alignment: float
    gender_pay_gap: float
    grade_mix: dict[str, float]
    winners_pct: float
    losers_pct: float
    largest_loss: float
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


def _grade_mix(grades: np.ndarray) -> dict[str, float]:
    from salesperf_model.schema import GRADES

    mix = np.bincount(grades.ravel(), minlength=len(GRADES)) / grades.size
    return {g: float(v) for g, v in zip(GRADES, (100 * mix).round(1), strict=True)}


def _cost_of_sales(pay: np.ndarray, outcomes: Outcomes) -> float:
    """Total pay / collected cash, mean over simulations."""
    collected = outcomes.get("revenue_collected").sum(axis=(1, 2))
    with np.errstate(all="ignore"):
        return float(np.nanmean(pay.sum(axis=1) / collected))


def winners_and_losers(pay: np.ndarray, start_pay: np.ndarray) -> tuple[float, float, float]:
    """(% of reps paid more, % paid less, largest loss of one rep in money) against the
    starting plan; changes within 0.1% of a rep's pay count as the same (the reports'
    bands), means over simulations."""
    from salesperf_model.measure.winners_losers import change_bands

    change = pay - start_pay
    with np.errstate(all="ignore"):
        pct = np.where(start_pay != 0, 100.0 * change / np.abs(start_pay), np.sign(change) * np.inf)
    bands = change_bands(np.nan_to_num(pct, nan=0.0))
    winners = float(100 * (bands >= 3).mean())
    losers = float(100 * (bands <= 1).mean())
    return winners, losers, float(max(0.0, -change.min(axis=1).mean()))


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
    from salesperf_model.loading import load_scenario

    scenario = load_scenario(scenario_path, overrides)
    outcomes = pipeline.outcomes_for(
        scenario, reps=reps, periods=periods, simulations=simulations, seed=seed
    )
    return start_figures(scenario, outcomes, seed=seed)


def start_figures(scenario: Scenario, outcomes: Outcomes, *, seed: int | None = None) -> Explorer:
    """The explorer of ``scenario`` on outcomes already simulated: the starting plan paid
    once, its figures kept for every later comparison."""
    from salesperf_model.engine import grading_key, run_plan, score_and_grade

    graded = score_and_grade(outcomes, scenario)
    result = run_plan(outcomes, scenario, graded=graded)
    pay = _rep_pay(result.payouts)
    merit, gap = quick_fairness(pay, outcomes)
    weights = {role: scenario.scoring.role_weights(role) for role in scenario.scoring.weights}
    return Explorer(
        scenario=scenario,
        outcomes=outcomes,
        start_weights=weights,
        start_total_pay=float(pay.sum(axis=1).mean()),
        start_merit=merit,
        start_gender_gap=gap,
        start_result=result,
        start_cost_of_sales=_cost_of_sales(pay, outcomes),
        start_grade_mix=_grade_mix(result.grades),
        seed=seed,
        start_graded=graded,
        start_grading_key=grading_key(scenario),
        start_rep_pay=pay,
    )


def repay(explorer: Explorer, scenario: Scenario) -> Repaid:
    """Pay the explorer's outcomes under ``scenario`` (an :func:`edited_scenario`) with the
    engine's ``run_plan``: nothing is re-simulated, and an edit that leaves scoring and
    grading as they were is not scored again (the starting plan's grades, the same
    figures). Returns the figures the explorer shows and the seconds it took."""
    from salesperf_model.engine import grading_key, run_plan

    started = time.perf_counter()
    outcomes = explorer.outcomes
    graded = explorer.start_graded
    if graded is not None and grading_key(scenario) != explorer.start_grading_key:
        graded = None
    result = run_plan(outcomes, scenario, graded=graded)
    rep_pay = _rep_pay(result.payouts)
    total = float(rep_pay.sum(axis=1).mean())
    merit, gap = quick_fairness(rep_pay, outcomes)
    start_pay = explorer.start_rep_pay
    if start_pay is None:
        start_pay = _rep_pay(explorer.start_result.payouts) if explorer.start_result else rep_pay
    winners, losers, largest_loss = winners_and_losers(rep_pay, start_pay)
    return Repaid(
        payouts=result.payouts,
        total_pay=total,
        change_pct=100.0 * (total - explorer.start_total_pay) / explorer.start_total_pay,
        cost_of_sales=_cost_of_sales(rep_pay, outcomes),
        merit_alignment=merit,
        gender_pay_gap=gap,
        grade_mix=_grade_mix(result.grades),
        winners_pct=winners,
        losers_pct=losers,
        largest_loss=largest_loss,
        warnings=list(result.warnings),
        seconds=time.perf_counter() - started,
    )
