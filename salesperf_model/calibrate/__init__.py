"""Fitting the simulation to imported actuals and checking the fit."""

from salesperf_model.calibrate.core import (
    calibrate,
    cost_comparison,
    fit_censored_exponential,
    fit_diagnostics,
    fit_lognormal,
    fit_negative_binomial,
    fit_win_rate,
    icc_consistency,
    like_actuals,
    plot_fit,
    refine_territory_sigma,
    seasonality_index,
    simulate_calibrated,
    write_calibrated_scenario,
)

__all__ = [
    "calibrate",
    "cost_comparison",
    "fit_censored_exponential",
    "fit_diagnostics",
    "fit_lognormal",
    "fit_negative_binomial",
    "fit_win_rate",
    "icc_consistency",
    "like_actuals",
    "plot_fit",
    "refine_territory_sigma",
    "seasonality_index",
    "simulate_calibrated",
    "write_calibrated_scenario",
]
