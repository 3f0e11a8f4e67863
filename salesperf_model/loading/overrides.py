"""Dotted overrides (`--set pay.commission.tiers.1.rate=0.05`, notebook parameters) applied to file data."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from salesperf_model.formatting import counted
from salesperf_model.loading.errors import Problem, ScenarioError, short_repr
from salesperf_model.loading.model_shape import (
    ANY_INDEX,
    annotations_at,
    children_of,
    closest_key,
    valid_keys_at,
)
from salesperf_model.loading.named import resolve_names
from salesperf_model.loading.paths import KeyPath, Origin, dotted, split_key
from salesperf_model.loading.yaml_reader import parse_yaml
from salesperf_model.schema import Scenario


def parse_override(text: str) -> tuple[str, Any]:
    """``"pay.commission.tiers.1.rate=0.05"`` -> ``("pay.commission.tiers.1.rate", 0.05)``.

    The value is read as a YAML scalar (or flow list/mapping), safely.
    """
    if "=" not in text:
        raise ValueError(f"override {text!r} is not of the form key.path=value")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key:
        raise ValueError(f"override {text!r} has no key path before '='")
    if not raw.strip():
        return key, ""
    try:
        value, _ = parse_yaml(raw, label=f"override {key}", what="override")
    except ScenarioError as error:
        reason = error.problems[0].message
        if not reason.startswith("not valid YAML") or "nesting deeper" in reason:
            raise ValueError(f"override {key}: {reason}") from None
        value = raw  # not YAML: keep the text as given
    return key, value


def _override_items(
    overrides: Sequence[str] | Mapping[str, object],
) -> tuple[list[tuple[str, Any, str]], list[tuple[str, str]]]:
    """Normalise command-line strings or a notebook's dict into (key, value, label);
    the overrides that cannot be read, as (label, reason)."""
    items: list[tuple[str, Any, str]] = []
    bad: list[tuple[str, str]] = []
    if isinstance(overrides, str):
        overrides = [overrides]
    if isinstance(overrides, Mapping):
        for key, value in overrides.items():
            items.append((str(key), value, f"override {key}={value!r}"))
        return items, bad
    for text in overrides:
        try:
            key, value = parse_override(str(text))
        except ValueError as error:
            bad.append((f"override {text}", str(error)))
            continue
        items.append((key, value, f"override {text}"))
    return items, bad


def apply_overrides(
    data: Mapping[str, Any],
    overrides: Sequence[str] | Mapping[str, object],
    *,
    model: type[BaseModel] = Scenario,
    file: str = "<overrides>",
    origins: dict[KeyPath, Origin] | None = None,
    problems: list[Problem] | None = None,
) -> dict[str, Any]:
    """Return a copy of ``data`` with dotted overrides applied (``data`` is not changed).

    A path must exist in the data or in the model (a key the file leaves at its default);
    list indices must point at an existing item. A path that does not exist is refused,
    naming the nearest valid key. Problems are appended to ``problems`` if given, else
    raised together as a ScenarioError.

    A value replaces what its path holds, whole: a mapping is not merged key by key
    (``pay.base_salary.by_role={new_business: 9000}`` leaves only that role), as a named
    list is not merged item by item; case files and notebooks rely on a value meaning exactly
    what it says (``scoring.weights.new_business={revenue: 100}`` must not keep the other
    KPIs). ``named.dropped_names(data, result)`` names what a replacement dropped, and
    ``load_scenario`` keeps those as the plan's warnings.
    """
    collected: list[Problem] = [] if problems is None else problems
    before = len(collected)
    result = copy.deepcopy(dict(data))
    items, unparsable = _override_items(overrides)
    for label, message in unparsable:
        collected.append(
            Problem(file, "", message, has_value=False, expected="key.path=value", source=label)
        )
    for key, value, label in items:
        path = split_key(key)
        if path[0] == "extends":
            collected.append(_extends_refused(file, key, value, label))
            continue
        path, unknown, names = resolve_names(result, path)
        if unknown is not None:
            near = closest_key(unknown, names)
            collected.append(
                Problem(
                    file,
                    key,
                    f"override path does not exist: no item named {unknown!r}"
                    + (f"; did you mean '{near}'?" if near else ""),
                    value=value,
                    expected="an item's name or 0-based index: " + ", ".join(names),
                    suggestion=near,
                    source=label,
                )
            )
            continue
        problem = _set_path(result, path, value, model, file, label)
        if problem:
            collected.append(problem)
        elif origins is not None:
            path = _counted_from_the_start(result, path)  # tiers.-1: the errors say tiers.2
            for existing in [p for p in origins if p[: len(path)] == path]:
                del origins[existing]
            for length in range(1, len(path) + 1):  # sections the override created, too
                origins.setdefault(path[:length], (label, None))
            origins[path] = (label, None)
    if problems is None and len(collected) > before:
        raise ScenarioError(collected, file)
    return result


def _extends_refused(file: str, key: str, value: Any, label: str) -> Problem:
    """``--set extends=...`` would be recorded and silently ignored: the chain is read
    from the files before any override applies."""
    return Problem(
        file,
        key,
        "'extends' cannot be overridden: the extends chain is read from the files before"
        " overrides apply",
        value=value,
        expected="'extends:' written in the scenario file, or load the other file instead",
        source=label,
    )


def _set_path(
    data: dict, path: KeyPath, value: Any, model: type[BaseModel], file: str, label: str
) -> Problem | None:
    """Set ``value`` at ``path`` in place; a Problem if the path does not exist."""
    current: Any = data
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        here = path[:depth]
        if isinstance(current, list):
            if not isinstance(part, int) or not -len(current) <= part < len(current):
                return Problem(
                    file,
                    dotted(path),
                    f"override path does not exist: {dotted(here) or '<top>'} is a list of"
                    f" {counted(len(current), 'item')}, so '{part}' is not a valid index",
                    value=value,
                    expected=f"an index from 0 to {len(current) - 1} (or -1 to "
                    f"-{len(current)}, counted from the end)"
                    if current
                    else f"the whole list, e.g. {dotted(here)}=[...]",
                    source=label,
                )
            if last:
                current[part] = value
                return None
            current = current[part]
            continue
        if not isinstance(current, dict):
            return Problem(
                file,
                dotted(path),
                f"override path does not exist: {dotted(here)} holds a value"
                f" ({short_repr(current)}), not a mapping or list",
                value=value,
                expected=f"a path that ends at {dotted(here)}",
                source=label,
            )
        allowed = annotations_at(model, (*here, part))
        if part not in current and allowed is None:
            candidates = sorted(set(map(str, current)) | set(valid_keys_at(model, here, data)))
            suggestion = closest_key(part, candidates)
            hint = f"did you mean '{dotted((*here, suggestion))}'?" if suggestion else ""
            return Problem(
                file,
                dotted(path),
                f"override path does not exist: no key '{part}' at"
                f" {dotted(here) or 'the top level'}" + (f"; {hint}" if hint else ""),
                value=value,
                expected="one of: " + ", ".join(candidates) if candidates else "",
                suggestion=dotted((*here, suggestion)) if suggestion else None,
                source=label,
            )
        if last:
            current[part] = value
            return None
        if part not in current or current[part] is None:
            if not children_of(allowed or []):
                return Problem(
                    file,
                    dotted(path),
                    f"override path does not exist: {dotted((*here, part))} holds a value,"
                    " not a mapping or list",
                    value=value,
                    expected=f"a path that ends at {dotted((*here, part))}",
                    source=label,
                )
            # a section the file leaves at its defaults
            current[part] = [] if set(children_of(allowed or [])) == {ANY_INDEX} else {}
        current = current[part]
    return None


def setting_path(data: Mapping[str, Any], key: str) -> tuple:
    """The setting a dotted key names in ``data``: named items as their index, indices
    from the end counted from the start, so two spellings of one setting
    (``pay.bonuses.target_bonus`` and ``pay.bonuses.4``, ``tiers.-3`` and ``tiers.0``) give
    one path."""
    path, _, _ = resolve_names(data, split_key(key))
    return _counted_from_the_start(data, path)


def _counted_from_the_start(data: object, path: tuple) -> tuple:
    """``path`` with each index counted from the end (-1, the last) counted from the start,
    as validation names the item: so an error is traced back to the override."""
    out = []
    current = data
    for part in path:
        if isinstance(part, int) and isinstance(current, list) and part < 0:
            part += len(current)
        out.append(part)
        try:
            current = current[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            current = None
    return tuple(out)
