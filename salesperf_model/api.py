"""Scenario-file checks the report batch runs before starting a kernel for a file."""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def yaml_problem(path: str | os.PathLike) -> str | None:
    """What stops a file being read as a YAML mapping, or ``None``."""
    path = Path(path)
    if not path.is_file():
        return f"{path}: no such scenario file"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as problem:
        return f"{path}: not valid YAML: {problem}"
    if not isinstance(data, dict):
        return f"{path}: expected a mapping of scenario keys, got {type(data).__name__}"
    return None


def scenario_problem(path: str | os.PathLike) -> str | None:
    """What is wrong with a scenario file, or ``None`` when it loads and validates.

    Used by the batch to fail an invalid scenario before starting a kernel for it."""
    path = Path(path)
    problem = yaml_problem(path)
    if problem is not None:
        return problem
    try:
        from salesperf_model.loading import load_scenario
    except ImportError:  # the scenario models are not there yet: the YAML check must do
        return None
    try:
        load_scenario(path)
    except Exception as problem:
        return str(problem)
    return None
