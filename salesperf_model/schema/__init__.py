"""Scenario models: what a pay and appraisal plan and its simulated population may say, validated."""

from salesperf_model.schema.kpi_catalog import (
    FAMILY_BANDS,
    KPI_CATALOG,
    KpiDefinition,
)
from salesperf_model.schema.population import (
    DEFAULT_SEED,
    Population,
    RoleProfile,
    SimulationSettings,
)
from salesperf_model.schema.reference import (
    REGENERATE_COMMAND,
    parameter_rows,
    render_markdown,
)
from salesperf_model.schema.scenario import (
    GRADES,
    MONTHS_PER,
    ByRole,
    Commission,
    Grading,
    KpiRule,
    KpiTarget,
    OverAchievementBonus,
    Pay,
    ProfitShareBonus,
    Scenario,
    TargetBonus,
    TeamPoolBonus,
    ThresholdBonus,
    TopNBonus,
)

__all__ = [
    "DEFAULT_SEED",
    "FAMILY_BANDS",
    "GRADES",
    "KPI_CATALOG",
    "MONTHS_PER",
    "REGENERATE_COMMAND",
    "ByRole",
    "Commission",
    "Grading",
    "KpiDefinition",
    "KpiRule",
    "KpiTarget",
    "OverAchievementBonus",
    "Pay",
    "Population",
    "ProfitShareBonus",
    "RoleProfile",
    "Scenario",
    "SimulationSettings",
    "TargetBonus",
    "TeamPoolBonus",
    "ThresholdBonus",
    "TopNBonus",
    "parameter_rows",
    "render_markdown",
]
