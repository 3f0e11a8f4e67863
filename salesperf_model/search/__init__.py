"""Finding the plan: parameter sweeps over GRID files and a constrained optimizer over SEARCH files, on the pipeline's common random numbers."""

from salesperf_model.search.evaluate import FIGURE_NAMES, SEARCH_FIGURES, Evaluator
from salesperf_model.search.optimize import SearchResult, optimize, search_plans
from salesperf_model.search.points import design_points, load_spec, point_loader
from salesperf_model.search.sweep import SweepResult, sweep
from salesperf_model.search.winner import write_winner

__all__ = [
    "FIGURE_NAMES",
    "SEARCH_FIGURES",
    "Evaluator",
    "SearchResult",
    "SweepResult",
    "design_points",
    "load_spec",
    "optimize",
    "point_loader",
    "search_plans",
    "sweep",
    "write_winner",
]
