"""The live explorer: move any lever of a plan and see cost, grades and fairness re-paid at once."""

from salesperf_model.explore.app import ExplorerApp
from salesperf_model.explore.appeal import Appeal, appeal, plan_measures
from salesperf_model.explore.behaviour import Resimulated, behaviour_notes, resimulate
from salesperf_model.explore.checks import inactive, problems_in_controls
from salesperf_model.explore.controls import css_class
from salesperf_model.explore.edits import edited_scenario
from salesperf_model.explore.explorer import (
    Explorer,
    Repaid,
    prepare_explorer,
    quick_fairness,
    repay,
    start_figures,
    winners_and_losers,
)
from salesperf_model.explore.figures_text import figure_lines
from salesperf_model.explore.levers import GROUPS, Lever
from salesperf_model.explore.more_levers import plan_levers
from salesperf_model.explore.plan_values import PlanRefused, build_plan, start_values
from salesperf_model.explore.save import changed_settings, save_scenario, scenario_changes

__all__ = [
    "GROUPS",
    "Appeal",
    "Explorer",
    "ExplorerApp",
    "Lever",
    "PlanRefused",
    "Repaid",
    "Resimulated",
    "appeal",
    "behaviour_notes",
    "build_plan",
    "changed_settings",
    "css_class",
    "edited_scenario",
    "figure_lines",
    "inactive",
    "plan_levers",
    "plan_measures",
    "prepare_explorer",
    "problems_in_controls",
    "quick_fairness",
    "repay",
    "resimulate",
    "save_scenario",
    "scenario_changes",
    "start_figures",
    "start_values",
    "winners_and_losers",
]
