"""The live explorer: move a plan's sliders and see cost and fairness re-paid at once."""

from salesperf_model.explore.edits import edited_scenario
from salesperf_model.explore.explorer import (
    Explorer,
    Repaid,
    prepare_explorer,
    quick_fairness,
    repay,
)

__all__ = [
    "Explorer",
    "Repaid",
    "edited_scenario",
    "prepare_explorer",
    "quick_fairness",
    "repay",
]
