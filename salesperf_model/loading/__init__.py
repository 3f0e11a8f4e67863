"""Reading scenario and mapping YAML: safe parsing, `extends:` chains, dotted overrides, errors with file and line."""

from salesperf_model.loading.checks import scenario_problem, yaml_problem
from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.loading.load import load_model, load_scenario, load_scenario_dict
from salesperf_model.loading.merge import deep_merge
from salesperf_model.loading.overrides import apply_overrides, parse_override
from salesperf_model.loading.translate import translate_validation_error
from salesperf_model.loading.yaml_reader import load_yaml

__all__ = [
    "Problem",
    "ScenarioError",
    "apply_overrides",
    "deep_merge",
    "load_model",
    "load_scenario",
    "load_scenario_dict",
    "load_yaml",
    "parse_override",
    "scenario_problem",
    "translate_validation_error",
    "yaml_problem",
]
