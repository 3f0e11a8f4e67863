"""Re-fit territory potential by simulation, so the calibrated sales force spreads between
reps as much as the actual one."""

from __future__ import annotations

import json

import numpy as np
from scipy import optimize

from salesperf_model.calibrate.estimators import icc_consistency
from salesperf_model.calibrate.result import Calibration, set_field, steady_seats
from salesperf_model.calibrate.simulated import simulate_calibrated
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import DEFAULT_SEED, Population

#: Bracket of territory.potential_sigma values the refit searches (log units).
SIGMA_BRACKET = (0.0, 1.5)


def _between_rep_sd(outcomes: Outcomes) -> float:
    """Mean over simulations of the between-rep log-revenue sd (ICC(3,1) components), on
    the seats steady enough for it, as in the fit (:func:`steady_seats`)."""
    revenue = outcomes.get("revenue_booked")
    parts = [
        icc_consistency(np.log1p(revenue[s][steady_seats(revenue[s])]))["between_rep_variance"]
        for s in range(revenue.shape[0])
    ]
    return float(np.mean(np.sqrt(parts)))


def _with_value(calibration: Calibration, quantity: str, value: float) -> Calibration:
    """A copy of the calibration with one fitted value changed, in the table and section."""
    fits = calibration.fits.copy()
    row = fits["quantity"] == quantity
    if not row.any():
        raise KeyError(f"no fitted quantity {quantity!r}")
    fits.loc[row, "value"] = float(value)
    target = fits.loc[row, "population_field"].iloc[0]
    population = json.loads(json.dumps(calibration.population))
    if isinstance(target, str):
        set_field(population, target, round(float(value), 6))
    return Calibration(
        source=calibration.source,
        role=calibration.role,
        fits=fits,
        population=population,
        simulation=calibration.simulation,
        unmapped=calibration.unmapped,
        samples=calibration.samples,
        notes=list(calibration.notes),
    )


def refine_territory_sigma(
    calibration: Calibration,
    *,
    simulations: int = 20,
    seed: int = DEFAULT_SEED,
    base_population: Population | None = None,
) -> Calibration:
    """Re-fit ``territory.potential_sigma`` by simulation: the value at which the calibrated
    simulation's between-rep log-revenue sd equals the actual one (scipy ``brentq`` on common
    random numbers: the same seed at every trial value). The analytic first guess ignores
    what skill, big accounts and counting noise add; this closes that gap."""
    target = calibration.value("between_rep_log_sd")

    def gap(sigma: float) -> float:
        trial = _with_value(calibration, "territory_potential_sigma", sigma)
        simulated = simulate_calibrated(
            trial, simulations=simulations, seed=seed, base_population=base_population
        )
        return _between_rep_sd(simulated) - target

    low, high = SIGMA_BRACKET
    gap_low = gap(low)
    subject = "The spread of territory potential was refitted by simulation"
    if gap_low >= 0:
        sigma = 0.0
        note = (
            f"{subject}: even territories of equal potential make reps' revenue differ more "
            "from rep to rep than in the actuals, so territories are simulated as equal."
        )
    elif gap(high) <= 0:
        sigma = high
        note = (
            f"{subject}, up to its limit of {high:g}: even then reps' revenue differs less "
            "from rep to rep than in the actuals."
        )
    else:
        sigma = optimize.brentq(gap, low, high, xtol=0.005)
        note = (
            f"{subject} ({simulations} simulations at each trial value): at {sigma:.3f} the "
            "simulated reps' revenue differs from rep to rep as much as the actual reps' does."
        )
    refined = _with_value(calibration, "territory_potential_sigma", sigma)
    row = refined.fits["quantity"] == "territory_potential_sigma"
    refined.fits.loc[row, "estimator"] = (
        "simulated between-rep log-revenue sd = actual (brentq, common random numbers)"
    )
    refined.fits.loc[row, "how"] = (
        "the spread of territory potential at which simulated reps' revenue differs from rep "
        "to rep as much as the actual reps' does, found by simulating trial values"
    )
    refined.notes.append(note)
    return refined
