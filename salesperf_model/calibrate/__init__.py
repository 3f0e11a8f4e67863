"""Fitting the simulation to imported actuals and checking the fit."""

from salesperf_model.calibrate.check import (
    ANALYST_KEY_COLUMN,
    COST_TOLERANCE,
    MOMENT_TOLERANCE,
    TARGETED_MOMENTS,
    CalibrationCheck,
    CalibrationSummary,
    calibration_check,
    calibration_summary,
    cost_check_table,
    fitted_values_table,
    moment_table,
)
from salesperf_model.calibrate.check_words import (
    chart_headline,
    seasonality_gap,
    untargeted_gaps,
)
from salesperf_model.calibrate.diagnostics import fit_diagnostics, plot_fit, summary_moments
from salesperf_model.calibrate.estimators import (
    fit_censored_exponential,
    fit_lognormal,
    fit_negative_binomial,
    fit_win_rate,
    icc_consistency,
    seasonality_index,
)
from salesperf_model.calibrate.fit import calibrate
from salesperf_model.calibrate.labels import (
    QUANTITY_LABELS,
    quantity_label,
    unit_label,
    unmapped_sentence,
)
from salesperf_model.calibrate.result import FIT_COLUMNS, Calibration
from salesperf_model.calibrate.simulated import (
    calibrated_population,
    cost_comparison,
    like_actuals,
    simulate_calibrated,
)
from salesperf_model.calibrate.territory import refine_territory_sigma
from salesperf_model.calibrate.writer import write_calibrated_scenario

__all__ = [
    "ANALYST_KEY_COLUMN",
    "COST_TOLERANCE",
    "FIT_COLUMNS",
    "MOMENT_TOLERANCE",
    "QUANTITY_LABELS",
    "TARGETED_MOMENTS",
    "Calibration",
    "CalibrationCheck",
    "CalibrationSummary",
    "calibrate",
    "calibrated_population",
    "calibration_check",
    "calibration_summary",
    "chart_headline",
    "cost_check_table",
    "cost_comparison",
    "fit_censored_exponential",
    "fit_diagnostics",
    "fit_lognormal",
    "fit_negative_binomial",
    "fit_win_rate",
    "fitted_values_table",
    "icc_consistency",
    "like_actuals",
    "moment_table",
    "plot_fit",
    "quantity_label",
    "refine_territory_sigma",
    "seasonality_gap",
    "seasonality_index",
    "simulate_calibrated",
    "summary_moments",
    "unit_label",
    "unmapped_sentence",
    "untargeted_gaps",
    "write_calibrated_scenario",
]
