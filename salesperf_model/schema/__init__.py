"""Scenario models: what a pay and appraisal plan and its simulated population may say, validated."""

from salesperf_model.schema.amounts import ByRole
from salesperf_model.schema.base import MONTHS_PER, Section
from salesperf_model.schema.behaviour import Behaviour
from salesperf_model.schema.bonuses import (
    Bonus,
    OverAchievementBonus,
    ProfitShareBonus,
    TargetBonus,
    TeamPoolBonus,
    ThresholdBonus,
    TopNBonus,
)
from salesperf_model.schema.commission import Commission
from salesperf_model.schema.decision import Decision
from salesperf_model.schema.grading import GRADES, Grading
from salesperf_model.schema.kpi_catalog import KPI_CATALOG
from salesperf_model.schema.kpi_definition import FAMILY_BANDS, KpiDefinition
from salesperf_model.schema.pay import Pay
from salesperf_model.schema.population import Population
from salesperf_model.schema.reference import (
    REGENERATE_COMMAND,
    parameter_rows,
    render_markdown,
)
from salesperf_model.schema.roles import RoleProfile
from salesperf_model.schema.scenario import Scenario
from salesperf_model.schema.scoring import KpiRule, KpiTarget
from salesperf_model.schema.settings import DEFAULT_SEED, SimulationSettings

__all__ = [
    "DEFAULT_SEED",
    "FAMILY_BANDS",
    "GRADES",
    "KPI_CATALOG",
    "MONTHS_PER",
    "REGENERATE_COMMAND",
    "Behaviour",
    "Bonus",
    "ByRole",
    "Commission",
    "Decision",
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
    "Section",
    "SimulationSettings",
    "TargetBonus",
    "TeamPoolBonus",
    "ThresholdBonus",
    "TopNBonus",
    "parameter_rows",
    "render_markdown",
]
