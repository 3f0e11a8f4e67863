"""Importing real CRM exports into the outcome schema, reporting every data problem."""

from salesperf_model.actuals.core import (
    ActualsMapping,
    ActualsValidationError,
    CleanActuals,
    keep_whole,
    keep_whole_summary,
    kpi_coverage,
    load_actuals,
    load_mapping,
    outcomes_from_deals,
    pay_per_rep,
    read_actuals,
    resolve_data_dir,
)

__all__ = [
    "ActualsMapping",
    "ActualsValidationError",
    "CleanActuals",
    "keep_whole",
    "keep_whole_summary",
    "kpi_coverage",
    "load_actuals",
    "load_mapping",
    "outcomes_from_deals",
    "pay_per_rep",
    "read_actuals",
    "resolve_data_dir",
]
