"""What stops a scenario file being used, as one line of text (the report batch asks before it starts a kernel)."""

from __future__ import annotations

import os
from pathlib import Path

from salesperf_model.loading.errors import ScenarioError
from salesperf_model.loading.load import load_scenario
from salesperf_model.loading.yaml_reader import load_yaml


def yaml_problem(path: str | os.PathLike[str]) -> str | None:
    """What stops a file being read as a YAML mapping, or ``None``."""
    path = Path(path)
    if not path.exists():
        return f"{path}: no such scenario file"
    try:
        data, _ = load_yaml(path)
    except ScenarioError as error:
        return f"{path}: " + "; ".join(
            p.message + (f" (line {p.line})" if p.line else "") for p in error.problems
        )
    if not isinstance(data, dict):
        return f"{path}: expected a mapping of scenario keys, got {type(data).__name__}"
    return None


def scenario_problem(
    path: str | os.PathLike[str], overrides: list[str] | tuple[str, ...] = ()
) -> str | None:
    """What is wrong with a scenario file under the run's ``overrides`` (``--set``), or
    ``None`` when it loads and validates.

    Used by the batch to fail an invalid scenario before starting a kernel for it."""
    problem = yaml_problem(path)
    if problem is not None:
        return problem
    try:
        load_scenario(path, list(overrides))
    except ScenarioError as error:
        return str(error)
    return None
