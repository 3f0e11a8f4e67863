"""Importing real CRM exports into the outcome schema, reporting every data problem."""

from salesperf_model.actuals.coverage import kpi_coverage
from salesperf_model.actuals.files import resolve_data_dir
from salesperf_model.actuals.load import load_actuals
from salesperf_model.actuals.mapping import ActualsMapping, load_mapping
from salesperf_model.actuals.money import CurrencyMismatch
from salesperf_model.actuals.problems import (
    ActualsValidationError,
    CashDropRefused,
    RevenueDropRefused,
    ValidationReport,
)
from salesperf_model.actuals.reading import CleanActuals, read_actuals
from salesperf_model.actuals.to_outcomes import outcomes_from_deals

__all__ = [
    "ActualsMapping",
    "ActualsValidationError",
    "CashDropRefused",
    "CleanActuals",
    "CurrencyMismatch",
    "RevenueDropRefused",
    "ValidationReport",
    "kpi_coverage",
    "load_actuals",
    "load_mapping",
    "outcomes_from_deals",
    "read_actuals",
    "resolve_data_dir",
]
