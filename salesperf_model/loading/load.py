"""Read, merge, override and validate a YAML file into a pydantic model, every problem reported together.

A file may name the file it extends (``extends: baseline.yaml``, a path relative to the
extending file) and give only what differs: mappings merge key by key, lists of named
items (bonuses, grade bands, regions; see named.py) item by item, other lists and scalars
replace. Dotted overrides (``pay.commission.tiers.1.rate=0.05``; list indices are 0-based,
as in error messages) come last. The merged mapping is validated whole, in one step,
before anything uses it, and every problem found is reported together, each naming the
file (and the file in the chain, or the override, the value came from), the dotted key
path, the bad value, what is expected and, for a misspelt key, the closest valid one.

Scenarios (``load_scenario``) and other YAML files such as the CRM column mappings
(``load_model``) take the same path; a scenario's ``name`` defaults to its file name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from salesperf_model.loading.changes import fill_change_pays
from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.loading.merge import load_chain
from salesperf_model.loading.named import dropped_names
from salesperf_model.loading.overrides import apply_overrides
from salesperf_model.loading.paths import KeyPath, Origin
from salesperf_model.loading.translate import translate_validation_error
from salesperf_model.schema import Scenario

ModelT = TypeVar("ModelT", bound=BaseModel)
Overrides = Sequence[str] | Mapping[str, object]


def _read_merged(
    path: Path,
    model: type[BaseModel],
    overrides: Overrides,
    what: str,
    defaults: Mapping[str, object],
) -> tuple[dict[str, Any], dict[KeyPath, Origin], list[Problem], list[str]]:
    """The file's data with its extends chain merged, ``defaults`` filled in for the
    model's top-level keys the chain leaves out, and the overrides applied last; the
    last item warns of named items an override dropped."""
    file = str(path)
    problems: list[Problem] = []
    data, origins = load_chain(path, problems=problems, top=file, what=what)
    for key, value in defaults.items():
        if key not in data and key in model.model_fields:
            data[key] = value
    if "extends" not in model.model_fields:
        data.pop("extends", None)
    merged = data
    data = apply_overrides(
        data, overrides, model=model, file=file, origins=origins, problems=problems
    )
    return data, origins, problems, dropped_names(merged, data)


def validate_dict(
    data: Mapping[str, Any],
    model: type[ModelT],
    *,
    file: str,
    origins: Mapping[KeyPath, Origin] | None = None,
    problems: Sequence[Problem] = (),
    what: str = "scenario",
) -> ModelT:
    """Validate a merged mapping whole; raise ScenarioError with every problem
    (including ``problems`` found earlier, e.g. bad override paths)."""
    found = list(problems)
    try:
        result = model.model_validate(data)
    except ValidationError as error:
        more = translate_validation_error(error, data, model, file=file, origins=origins)
        if any(p.path == "extends" for p in found):  # the parent's keys never came in
            more = [p for p in more if p.message != "required key is missing"]
        raise ScenarioError(found + more, file, what) from None
    if found:
        raise ScenarioError(found, file, what)
    return result


def load_model(
    path: str | Path,
    model: type[ModelT],
    *,
    overrides: Overrides = (),
    what: str = "mapping",
) -> ModelT:
    """Load any YAML file into ``model`` the way scenarios are loaded: duplicate keys and
    object tags refused, ``extends:`` resolved, dotted ``overrides`` applied, and every
    problem raised together as a ScenarioError naming file:line, key path, bad value,
    what is expected and the closest valid key. ``what`` names the kind of file in the
    messages ("mapping", "scenario").

    >>> mapping = load_model("mappings/maven_crm.yaml", ActualsMapping)  # doctest: +SKIP
    """
    path = Path(path)
    data, origins, problems, _dropped = _read_merged(path, model, overrides, what, {})
    return validate_dict(data, model, file=str(path), origins=origins, problems=problems, what=what)


def load_scenario_dict(
    path: str | Path,
    overrides: Overrides = (),
    *,
    model: type[BaseModel] = Scenario,
    dropped: list[str] | None = None,
) -> tuple[dict[str, Any], dict[KeyPath, Origin], list[Problem]]:
    """The merged, not yet validated mapping for a scenario file: extends chain resolved,
    overrides applied, ``name`` defaulted to the file stem.

    Returns (data, origins of each key path, problems found so far). Problems that stop
    the merge (unreadable YAML, duplicate keys, an extends cycle) are raised. ``dropped``
    receives the warnings naming what an override replacing a whole list or mapping
    dropped (``named.dropped_names``), for the caller to show.
    """
    path = Path(path)
    data, origins, problems, warnings = _read_merged(
        path, model, overrides, "scenario", {"name": path.stem}
    )
    if dropped is not None:
        dropped.extend(warnings)
    return data, origins, problems


def load_scenario(
    path: str | Path,
    overrides: Overrides = (),
    *,
    model: type[ModelT] = Scenario,
    changes: bool = True,
) -> ModelT:
    """Load, merge and validate a scenario file into a frozen ``Scenario``; with
    ``changes``, each ``pay_changes`` item's pay is read from the plan file it names
    (loading/changes.py).

    ``overrides`` are dotted ``key.path=value`` strings (command line, notebook list) or a
    mapping ``{"key.path": value}`` (notebook parameters); both take the same path as the
    file. Raises ScenarioError listing every problem found.

    >>> scenario = load_scenario("scenarios/baseline.yaml", ["pay.commission.cap=2.0"])
    ... # doctest: +SKIP
    """
    path = Path(path)
    data, origins, problems, dropped = _read_merged(
        path, model, overrides, "scenario", {"name": path.stem}
    )
    if changes:
        fill_change_pays(data, path, origins=origins, problems=problems)
    scenario = validate_dict(data, model, file=str(path), origins=origins, problems=problems)
    if isinstance(scenario, Scenario):
        scenario = scenario.with_source_file(str(path))
        if dropped:
            return scenario.with_loading_warnings(dropped)
    return scenario
