"""Where reps' response to the plan would change the explorer's figures, and the re-simulation that shows it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salesperf_model import pipeline

if TYPE_CHECKING:
    from salesperf_model.explore.explorer import Explorer
    from salesperf_model.schema import Scenario


def behaviour_notes(start: Scenario, edited: Scenario) -> list[str]:
    """One line per way the edit would change what reps do, by the scenario's behaviour
    section: the explorer re-pays fixed outcomes, so these effects are not in its figures."""
    behaviour = start.behaviour
    if not behaviour.enabled:
        return []
    notes = []
    if edited.pay != start.pay:
        notes.append(
            "reps put in more or less effort as the pay for more sales changes (behaviour "
            f"effort elasticity {behaviour.effort_elasticity:g}): sales would differ"
        )
    if edited.grading != start.grading or edited.scoring != start.scoring:
        notes.append(
            "grades change who leaves (after a C grade, a forced move down, or "
            f"{start.grading.consequences.improvement_after_consecutive_c} C grades running): "
            "the sales force would differ"
        )
    return notes


@dataclass(frozen=True)
class Resimulated:
    """Both plans with reps responding to each: total pay (mean over simulations), the
    edited plan's change in %, and the seconds the two simulations took."""

    start_total_pay: float
    edited_total_pay: float
    change_pct: float
    seconds: float


def resimulate(explorer: Explorer, edited: Scenario) -> Resimulated:
    """Simulate the sales force once under the starting plan and once under the edited
    plan (``pipeline.outcomes_for`` with ``plan``: reps respond to each plan as the
    behaviour section says, the starting plan being what they could earn elsewhere; same
    seeds), and pay each on its own outcomes."""
    from salesperf_model.engine import run_plan

    started = time.perf_counter()
    sims, reps, periods = explorer.outcomes.shape
    totals = []
    for scenario in (explorer.scenario, edited):
        outcomes = pipeline.outcomes_for(
            explorer.scenario,
            plan=scenario,
            reps=reps,
            periods=periods,
            simulations=sims,
            seed=explorer.seed,
        )
        payouts = run_plan(outcomes, scenario).payouts
        totals.append(float(sum(v.sum() for v in payouts.values()) / sims))
    start_total, edited_total = totals
    return Resimulated(
        start_total_pay=start_total,
        edited_total_pay=edited_total,
        change_pct=100.0 * (edited_total - start_total) / start_total,
        seconds=time.perf_counter() - started,
    )
