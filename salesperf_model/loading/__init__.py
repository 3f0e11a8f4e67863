"""Reading scenario and mapping YAML: safe parsing, `extends:` chains, dotted overrides, errors with file and line."""

from salesperf_model.loading.loader import (
    ScenarioError,
    apply_overrides,
    deep_merge,
    load_scenario,
    load_scenario_dict,
    load_yaml,
    parse_override,
)

__all__ = [
    "ScenarioError",
    "apply_overrides",
    "deep_merge",
    "load_scenario",
    "load_scenario_dict",
    "load_yaml",
    "parse_override",
]
