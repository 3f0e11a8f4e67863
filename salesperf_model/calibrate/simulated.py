"""The calibrated population simulated, and set beside the actuals like for like: the
same measures, the same plan's pay per seat-month."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.calibrate.result import Calibration, active_seats
from salesperf_model.loading import deep_merge
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import DEFAULT_SEED, Population, SimulationSettings
from salesperf_model.simulate import simulate

if TYPE_CHECKING:
    from salesperf_model.engine import PlanResult


def calibrated_population(
    calibration: Calibration, base_population: Population | None = None
) -> Population:
    """The population with the calibrated section merged over `base_population`."""
    base = base_population if base_population is not None else Population()
    return Population.model_validate(deep_merge(base.model_dump(), calibration.population))


def simulate_calibrated(
    calibration: Calibration,
    *,
    simulations: int = 50,
    seed: int = DEFAULT_SEED,
    base_population: Population | None = None,
) -> Outcomes:
    """Run the simulation on the calibrated population at the export's size and start."""
    settings = SimulationSettings(
        **{**calibration.simulation, "simulations": simulations, "seed": seed}
    )
    return simulate(calibrated_population(calibration, base_population), settings)


def like_actuals(simulated: Outcomes, actual: Outcomes) -> Outcomes:
    """The simulated outcomes with only the measures the actuals have: scored and paid on
    the same information as the replay, so that a cost comparison is like for like."""
    keep = {name: values for name, values in simulated.measures.items() if name in actual.measures}
    return Outcomes(
        reps=simulated.reps,
        periods=simulated.periods,
        measures=keep,
        truth=simulated.truth,
        source=simulated.source,
        meta={**simulated.meta, "measures_dropped": sorted(set(simulated.measures) - set(keep))},
    )


def _mean_pay(result: PlanResult, component: str, seats: np.ndarray | None) -> float:
    """Mean pay per seat-month of one payout component ("total": all of them) over `seats`
    (None: every seat); zero when the plan result has no such component."""
    if component == "total":
        pay = result.total_pay()
    elif component in result.payouts:
        pay = result.payouts[component]
    else:
        return 0.0
    return float((pay if seats is None else pay[:, seats]).mean())


def cost_comparison(
    actual_result: PlanResult, actual_outcomes: Outcomes, simulated_result: PlanResult
) -> pd.DataFrame:
    """Pay per seat-month by payout component: the plan replayed on the actuals (seats with
    deals only, as calibrated) vs the same plan on the calibrated simulation (all
    simulations pooled). Components that pay nothing on the actuals while the simulation
    pays them rest on measures the export lacks (see ``actuals.kpi_coverage``)."""
    active = active_seats(actual_outcomes)
    rows = []
    components = list(dict.fromkeys([*actual_result.payouts, *simulated_result.payouts]))
    for name in [*components, "total"]:
        replay = _mean_pay(actual_result, name, active)
        simulated = _mean_pay(simulated_result, name, None)
        note = ""
        if replay == 0 and simulated > 0:
            note = "zero on actuals: rests on measures the export lacks"
        rows.append(
            {
                "component": name,
                "replay_per_seat_month": replay,
                "simulated_per_seat_month": simulated,
                "relative_difference": (simulated - replay) / replay if replay else np.nan,
                "note": note,
            }
        )
    return pd.DataFrame(rows)
