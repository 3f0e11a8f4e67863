"""Read scenario YAML safely, merge `extends:` chains and dotted overrides, validate once.

A scenario file may name the file it extends (``extends: baseline.yaml``, a path relative
to the extending file) and give only what differs: mappings merge key by key, lists and
scalars replace. Dotted overrides (``pay.commission.tiers.1.rate=0.05``; list indices are
0-based, as in error messages) come last. The merged mapping is validated whole, in one
step, before anything uses it, and every problem found is reported together, each naming
the file (and the file in the chain, or the override, the value came from), the dotted key
path, the bad value, what is expected and, for a misspelt key, the closest valid one.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

__all__ = [
    "Problem",
    "ScenarioError",
    "apply_overrides",
    "load_scenario",
    "load_scenario_dict",
    "load_yaml",
    "parse_override",
    "validate_scenario_dict",
]

#: Keys a scenario file does not pass on to the files that extend it: an alternative that
#: extends the baseline is its own scenario and must not carry the baseline's name.
#: The description says what *this* file changes, so it is not inherited either.
NOT_INHERITED: tuple[str, ...] = ("name", "description")

#: Where a value came from: (source label, line number or None).
Origin = tuple[str, int | None]
KeyPath = tuple[Any, ...]

_VALUE_REPR_LIMIT = 120


# --------------------------------------------------------------------------------------
# Problems and the error that carries them
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario (or, with ``severity="warning"``, worth a look)."""

    file: str  #: the scenario file being loaded (the last file of an extends chain)
    path: str  #: dotted key path, e.g. ``pay.commission.tiers.2.rate``; "" for the file itself
    message: str  #: what is wrong and what is expected, in words
    value: Any = None  #: the offending value (None when there is none, e.g. a missing key)
    expected: str = ""  #: what would be accepted
    suggestion: str | None = None  #: the closest valid key for a misspelt one
    source: str | None = None  #: file in the extends chain, or override, the value came from
    line: int | None = None  #: line in ``source`` (1-based)
    severity: str = "error"
    has_value: bool = True

    def __str__(self) -> str:
        where = self.file
        if self.source and self.source != self.file:
            where += f" (value from {self.source}" + (f", line {self.line})" if self.line else ")")
        elif self.line:
            where += f":{self.line}"
        text = f"{where}: {self.path or '<top level>'}: {self.message}"
        if self.has_value:
            text += f" (value: {_short_repr(self.value)})"
        if self.expected and "expected" not in self.message:
            text += f"; expected {self.expected}"
        if self.suggestion and "did you mean" not in self.message:
            text += f"; did you mean '{self.suggestion}'?"
        return text


class ScenarioError(Exception):
    """A scenario file (or its overrides) could not be turned into a valid scenario.

    ``problems`` lists every problem found, not just the first.
    """

    def __init__(self, problems: Sequence[Problem], file: str | None = None):
        self.problems = list(problems)
        self.file = file or (self.problems[0].file if self.problems else "")
        super().__init__(self._text())

    def __reduce__(self) -> tuple:
        return (type(self), (self.problems, self.file))  # survives pickling (worker processes)

    def _text(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in scenario {self.file}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def _short_repr(value: Any) -> str:
    text = repr(value)
    if len(text) > _VALUE_REPR_LIMIT:
        text = text[: _VALUE_REPR_LIMIT - 3] + "..."
    return text


def dotted(path: Sequence[Any]) -> str:
    """``("pay", "commission", "tiers", 2, "rate")`` -> ``"pay.commission.tiers.2.rate"``."""
    return ".".join(str(part) for part in path)


# --------------------------------------------------------------------------------------
# Safe YAML with duplicate keys refused and a line for every key
# --------------------------------------------------------------------------------------
class ScenarioYamlLoader(yaml.SafeLoader):
    """Safe loader: plain data only; a tag that would build a Python object is refused."""


def _scan_nodes(
    loader: ScenarioYamlLoader, node: yaml.Node | None, file: str
) -> tuple[dict[KeyPath, Origin], list[tuple[KeyPath, int, int]]]:
    """Line of every key and list item, by key path (to say where a value was set), and
    every duplicate key as (path, line, line of first occurrence)."""
    origins: dict[KeyPath, Origin] = {}
    duplicates: list[tuple[KeyPath, int, int]] = []

    def key_of(key_node: yaml.Node) -> Any:
        try:
            key = loader.construct_object(key_node, deep=True)
            hash(key)
        except (yaml.YAMLError, TypeError):
            return (key_node.tag, getattr(key_node, "value", None).__repr__())
        return key

    def walk(current: yaml.Node, path: KeyPath, seen: frozenset[int]) -> None:
        if id(current) in seen:
            return  # a recursive alias: nothing new below
        seen = seen | {id(current)}
        if isinstance(current, yaml.MappingNode):
            first_line: dict[Any, int] = {}
            for key_node, value_node in current.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # YAML merge keys (<<) may legitimately be overridden
                key = key_of(key_node)
                line = key_node.start_mark.line + 1
                if key in first_line:
                    duplicates.append(((*path, key), line, first_line[key]))
                else:
                    first_line[key] = line
                origins[(*path, key)] = (file, line)
                walk(value_node, (*path, key), seen)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                origins[(*path, index)] = (file, item.start_mark.line + 1)
                walk(item, (*path, index), seen)

    if node is not None:
        walk(node, (), frozenset())
    return origins, duplicates


def load_yaml(path: str | Path) -> tuple[Any, dict[KeyPath, Origin]]:
    """Load one YAML file safely; refuse duplicate keys and object tags.

    Returns the data and the line where each key path was written.
    Raises ScenarioError naming the file and line.
    """
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(
            [Problem(label, "", "file not found", has_value=False, expected="an existing file")]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(
            [Problem(label, "", f"cannot read the file: {error}", has_value=False)]
        ) from None
    loader = ScenarioYamlLoader(text)
    try:
        node = loader.get_single_node()
        # scan before constructing: construction flattens YAML merge keys (<<) in place
        origins, duplicates = _scan_nodes(loader, node, label)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(part for part in (error.context, error.problem) if part)
        if "could not determine a constructor" in (error.problem or ""):
            reason = (
                f"{reason}: tags that build objects are not allowed in scenario files"
                " (they are loaded with a safe loader)"
            )
        raise ScenarioError(
            [Problem(label, "", f"not valid YAML: {reason}", has_value=False, line=line)]
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError(
            [Problem(label, "", f"not valid YAML: {error}", has_value=False)]
        ) from None
    finally:
        loader.dispose()
    if duplicates:
        problems = [
            Problem(
                label,
                dotted(key_path),
                f"duplicate key '{key_path[-1]}' (line {line}; first written on line {first}):"
                " YAML would silently keep only the last value",
                has_value=False,
                expected="each key once per mapping",
                line=line,
            )
            for key_path, line, first in duplicates
        ]
        raise ScenarioError(problems, label)
    return data, origins


# --------------------------------------------------------------------------------------
# extends: chains, merge semantics, provenance
# --------------------------------------------------------------------------------------
def deep_merge(base: Any, update: Any) -> Any:
    """Mappings merge key by key (recursively); anything else in ``update`` replaces."""
    if isinstance(base, Mapping) and isinstance(update, Mapping):
        merged = {key: copy.deepcopy(value) for key, value in base.items()}
        for key, value in update.items():
            merged[key] = deep_merge(merged[key], value) if key in merged else copy.deepcopy(value)
        return merged
    return copy.deepcopy(update)


def _merge_origins(
    base: dict[KeyPath, Origin], update: dict[KeyPath, Origin], data: Any
) -> dict[KeyPath, Origin]:
    """Origins after merging: the update's wins, and whatever it replaced wholesale (a list,
    a scalar over a mapping) forgets the base's origins below it."""
    replaced = [
        path for path in update if not isinstance(_get_path(data, path, default=None), Mapping)
    ]
    merged = {
        path: origin
        for path, origin in base.items()
        if not any(path[: len(prefix)] == prefix and path != prefix for prefix in replaced)
    }
    merged.update(update)
    return merged


def _has_child(container: Any, part: Any) -> bool:
    if isinstance(container, Mapping):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _get_path(data: Any, path: KeyPath, default: Any = None) -> Any:
    current = data
    for part in path:
        if not _has_child(current, part):
            return default
        current = current[part]
    return current


def _load_chain(
    path: Path, chain: tuple[Path, ...], problems: list[Problem], top: str
) -> tuple[dict, dict[KeyPath, Origin]]:
    """Load ``path`` and everything it extends, merged; problems are appended, not raised,
    except where nothing sensible can be merged."""
    resolved = path.resolve()
    if resolved in chain:
        names = " -> ".join(str(p) for p in (*chain, resolved))
        raise ScenarioError(
            [
                Problem(
                    top,
                    "extends",
                    f"extends chain has a cycle: {names}",
                    value=str(path),
                    expected="a chain of files that ends in a file with no 'extends'",
                    source=str(chain[-1]) if chain else top,
                )
            ],
            top,
        )
    data, origins = load_yaml(path)
    label = str(path)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [
                Problem(
                    top,
                    "",
                    f"the file must hold a mapping of sections, not a {type(data).__name__}",
                    value=data,
                    expected="a mapping such as 'pay: ...'",
                    source=label,
                )
            ],
            top,
        )
    data = dict(data)
    parent_name = data.pop("extends", None)
    origins = {p: o for p, o in origins.items() if p[:1] != ("extends",)}
    if parent_name is None:
        return data, origins
    if not isinstance(parent_name, str) or not parent_name.strip():
        problems.append(
            Problem(
                top,
                "extends",
                "'extends' must name one scenario file",
                value=parent_name,
                expected="a path relative to this file, e.g. 'baseline.yaml'",
                source=label,
            )
        )
        return data, origins
    parent_path = Path(os.path.normpath(path.parent / parent_name))
    if not parent_path.exists():
        problems.append(
            Problem(
                top,
                "extends",
                f"the extended file does not exist: {parent_path}",
                value=parent_name,
                expected="a path relative to the extending file",
                source=label,
            )
        )
        return data, origins
    parent_data, parent_origins = _load_chain(parent_path, (*chain, resolved), problems, top)
    for key in NOT_INHERITED:
        if key in parent_data:
            parent_data.pop(key)
            parent_origins = {p: o for p, o in parent_origins.items() if p[:1] != (key,)}
    merged = deep_merge(parent_data, data)
    merged["extends"] = parent_name  # what this file extends, kept as a record
    return merged, _merge_origins(parent_origins, origins, merged)


# --------------------------------------------------------------------------------------
# The model's shape: which keys exist at a given path (for overrides and suggestions)
# --------------------------------------------------------------------------------------
ANY_KEY = "<any key>"
ANY_INDEX = "<any index>"


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (Optional, Union, Annotated unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found += _unwrap(arg)
        return found
    if annotation is type(None):
        return []
    return [annotation]


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _children(annotations: Sequence[Any]) -> dict[Any, list[Any]]:
    """Keys reachable one level down from values of the given types, with the types there.

    Model fields by name; ``ANY_KEY`` for dict values; ``ANY_INDEX`` for list items.
    """
    children: dict[Any, list[Any]] = {}
    for annotation in annotations:
        for concrete in _unwrap(annotation):
            origin = typing.get_origin(concrete)
            if _is_model(concrete):
                for name, field in concrete.model_fields.items():
                    children.setdefault(name, []).append(field.annotation)
                    if field.alias and field.alias != name:
                        children.setdefault(field.alias, []).append(field.annotation)
            elif origin in (dict, Mapping) or concrete in (dict,):
                args = typing.get_args(concrete)
                children.setdefault(ANY_KEY, []).append(args[1] if len(args) == 2 else Any)
            elif origin in (list, tuple, Sequence) or concrete in (list, tuple):
                args = [a for a in typing.get_args(concrete) if a is not Ellipsis]
                children.setdefault(ANY_INDEX, []).extend(args or [Any])
    return children


def _annotations_at(model: type[BaseModel], path: KeyPath) -> list[Any] | None:
    """Types the model allows at ``path``; None when the path leaves the model."""
    annotations: list[Any] = [model]
    for part in path:
        if any(a is Any for a in annotations):
            return [Any]
        children = _children(annotations)
        if isinstance(part, int) and ANY_INDEX in children:
            annotations = children[ANY_INDEX]
        elif part in children:
            annotations = children[part]
        elif ANY_KEY in children:
            annotations = children[ANY_KEY]
        else:
            return None
    return annotations


def valid_keys_at(
    model: type[BaseModel], path: KeyPath, data: Mapping[str, Any] | None = None
) -> list[str]:
    """Field names the model accepts directly under ``path`` (empty if free-form or unknown).

    With ``data``, a union of models (e.g. bonus types) is narrowed to the member whose
    literal tag (``type: top_n``) the mapping at ``path`` carries.
    """
    annotations = _annotations_at(model, path)
    if annotations is None:
        return []
    here = _get_path(data, path) if data is not None else None
    if isinstance(here, Mapping):
        models = [c for a in annotations for c in _unwrap(a) if _is_model(c)]
        tagged = [m for m in models if _carries_tag(m, here)]
        if 0 < len(tagged) < len(models):
            annotations = tagged
    return [k for k in _children(annotations) if k not in (ANY_KEY, ANY_INDEX)]


def _carries_tag(model: type[BaseModel], values: Mapping[str, Any]) -> bool:
    """Whether ``values`` selects ``model`` by one of its single-value literal fields."""
    for name, field in model.model_fields.items():
        concrete = _unwrap(field.annotation)
        if len(concrete) == 1 and typing.get_origin(concrete[0]) is typing.Literal:
            options = typing.get_args(concrete[0])
            if len(options) == 1 and values.get(name) == options[0]:
                return True
    return False


def closest_key(key: Any, candidates: Sequence[str]) -> str | None:
    """The valid key a misspelt one most likely meant (difflib), or None."""
    matches = difflib.get_close_matches(str(key), [str(c) for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


# --------------------------------------------------------------------------------------
# Dotted overrides
# --------------------------------------------------------------------------------------
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
    try:
        value = yaml.load(raw, Loader=ScenarioYamlLoader) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw  # not YAML: keep the text as given
    return key, value


def _override_items(
    overrides: Sequence[str] | Mapping[str, object],
) -> tuple[list[tuple[str, Any, str]], list[str]]:
    """Normalise command-line strings or a notebook's dict into (key, value, label)."""
    items: list[tuple[str, Any, str]] = []
    bad: list[str] = []
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
            bad.append(str(error))
            continue
        items.append((key, value, f"override {text}"))
    return items, bad


def _split_key(key: str) -> KeyPath:
    return tuple(int(part) if re.fullmatch(r"-?\d+", part) else part for part in key.split("."))


def apply_overrides(
    data: Mapping[str, Any],
    overrides: Sequence[str] | Mapping[str, object],
    *,
    model: type[BaseModel] | None = None,
    file: str = "<overrides>",
    origins: dict[KeyPath, Origin] | None = None,
    problems: list[Problem] | None = None,
) -> dict[str, Any]:
    """Return a copy of ``data`` with dotted overrides applied (``data`` is not changed).

    A path must exist in the data or in the model (a key the file leaves at its default);
    list indices must point at an existing item. A path that does not exist is refused,
    naming the nearest valid key. Problems are appended to ``problems`` if given, else
    raised together as a ScenarioError.
    """
    model = model or _default_model()
    collected: list[Problem] = [] if problems is None else problems
    before = len(collected)
    result = copy.deepcopy(dict(data))
    items, unparsable = _override_items(overrides)
    for message in unparsable:
        collected.append(
            Problem(
                file, "", message, has_value=False, expected="key.path=value", source="override"
            )
        )
    for key, value, label in items:
        path = _split_key(key)
        problem = _set_path(result, path, value, model, file, label)
        if problem:
            collected.append(problem)
        elif origins is not None:
            for existing in [p for p in origins if p[: len(path)] == path]:
                del origins[existing]
            for length in range(1, len(path) + 1):  # sections the override created, too
                origins.setdefault(path[:length], (label, None))
            origins[path] = (label, None)
    if problems is None and len(collected) > before:
        raise ScenarioError(collected, file)
    return result


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
                    f" {len(current)} item(s), so '{part}' is not a valid index",
                    value=value,
                    expected=f"an index from 0 to {len(current) - 1}"
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
                f" ({_short_repr(current)}), not a mapping or list",
                value=value,
                expected=f"a path that ends at {dotted(here)}",
                source=label,
            )
        allowed = _annotations_at(model, (*here, part))
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
            if not _children(allowed or []):
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
            current[part] = [] if set(_children(allowed or [])) == {ANY_INDEX} else {}
        current = current[part]
    return None


# --------------------------------------------------------------------------------------
# Validation: pydantic errors translated into problems that name file, key, value
# --------------------------------------------------------------------------------------
def _default_model() -> type[BaseModel]:
    from salesperf_model.schema import Scenario  # lazy: the loader does not need it

    return Scenario


def _data_path(data: Any, loc: Sequence[Any]) -> tuple[KeyPath, Any, bool]:
    """Map a pydantic ``loc`` onto keys that exist in the data: union-member tags and
    ``[key]`` markers are dropped. Returns (path, value there, whether a key is the value)."""
    path: list[Any] = []
    current = data
    is_key = False
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if part == "[key]":
            is_key = True
            continue
        if _has_child(current, part):
            path.append(part)
            current = current[part]
        elif last or not _is_union_tag(current, part, loc[index + 1]):
            path.append(part)
            current = None
        # else: a union member tag such as 'top_n' or 'function-after[...]'
    return tuple(path), current, is_key


def _is_union_tag(current: Any, part: Any, next_part: Any) -> bool:
    """Whether a ``loc`` element names a union member rather than a key in the data: a
    discriminator value ('top_n'), a class name, a validator label, or anything followed
    by a key that does exist here."""
    if not isinstance(part, str):
        return False
    if "[" in part or part[:1].isupper() or part.startswith(("function-", "lax-", "json-")):
        return True
    if isinstance(current, Mapping):
        values = {v for v in current.values() if isinstance(v, str)}
        return part in values or _has_child(current, next_part)
    return False


def _expected_from(error: Mapping[str, Any]) -> tuple[str, str]:
    """(message, expected) in plain words from a pydantic error entry."""
    message = str(error.get("msg", ""))
    kind = error.get("type", "")
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind == "missing":
        return "required key is missing", "a value for this key (it has no default)"
    match = re.match(r"Input should be (.*)", message, flags=re.DOTALL)
    if match:
        expected = match.group(1).rstrip(".")
        return f"invalid value: expected {expected}", expected
    return message, ""


_PATH_PREFIX = re.compile(r"^([A-Za-z_][\w]*(?:\.[\w]+)*):\s+(?=\S)")


def _split_model_message(
    message: str, path: KeyPath, data: Mapping[str, Any]
) -> list[tuple[KeyPath, str]]:
    """A model validator's message may hold several problems joined by "; ", each starting
    with the key path it is about ("weights.new_business: ...", relative to the model, or
    absolute from the top). Split them and resolve each path."""
    parts = re.split(r";\s+(?=[A-Za-z_][\w]*(?:\.[\w]+)*:\s)", message)
    found: list[tuple[KeyPath, str]] = []
    here = _get_path(data, path, default=None)
    for part in parts:
        match = _PATH_PREFIX.match(part)
        if not match:
            found.append((path, part))
            continue
        prefix = _split_key(match.group(1))
        text = part[match.end() :]
        if isinstance(here, Mapping) and prefix[0] in here:
            found.append(((*path, *prefix), text))  # relative to the model
        elif prefix[0] in data:
            found.append((prefix, text))  # absolute from the top
        elif isinstance(here, Mapping) and prefix[0] not in data and len(prefix) > 1:
            found.append(((*path, *prefix), text))
        else:
            found.append((path, part))  # "word: ..." that is not a key path
    return found


def translate_validation_error(
    error: ValidationError,
    data: Mapping[str, Any],
    model: type[BaseModel],
    file: str,
    origins: Mapping[KeyPath, Origin] | None = None,
) -> list[Problem]:
    """One Problem per pydantic error entry: dotted path, bad value, what is expected,
    the closest valid key for an unknown one, and where in the extends chain it was set.

    A cross-field validator's message that starts with a key path ("tiers.2.rate: ...")
    is reported at that path, with the value found there."""
    problems = []
    for entry in error.errors(include_url=False):
        loc = tuple(entry.get("loc", ()))
        path, value, is_key = _data_path(data, loc)
        message, expected = _expected_from(entry)
        suggestion = None
        has_value = entry.get("type") != "missing"
        value = entry.get("input", value)
        kind = entry.get("type")
        if kind == "extra_forbidden":
            parent, key = path[:-1], path[-1] if path else ""
            candidates = valid_keys_at(model, parent, data)
            suggestion = closest_key(key, candidates)
            where = dotted(parent) or "the top level"
            message = f"unknown key '{key}' at {where}"
            if suggestion:
                message += f": did you mean '{suggestion}'?"
            expected = "one of: " + ", ".join(candidates) if candidates else "no extra keys"
        elif kind == "union_tag_invalid":
            context = entry.get("ctx") or {}
            discriminator = str(context.get("discriminator", "")).strip("'\"")
            path = (*path, discriminator) if discriminator else path
            value = context.get("tag", value)
            allowed = re.findall(r"'([^']*)'", str(context.get("expected_tags", "")))
            expected = "one of: " + ", ".join(allowed)
            message = f"unknown {discriminator or 'type'} {value!r}"
            suggestion = closest_key(value, allowed)
            if suggestion:
                message += f": did you mean '{suggestion}'?"
        elif is_key:
            value = path[-1] if path else value
            message = f"invalid key {value!r}: {message}"
        if kind in ("literal_error", "enum") or is_key:
            allowed = re.findall(r"'([^']*)'", str((entry.get("ctx") or {}).get("expected", "")))
            near = closest_key(value, allowed) if isinstance(value, str) else None
            if near and near != value:
                suggestion = near
                message += f"; did you mean '{near}'?"
        pieces = [(path, message)]
        if kind in ("value_error", "assertion_error") and isinstance(data, Mapping):
            pieces = _split_model_message(message, path, data)
        for piece_path, piece_message in pieces:
            piece_value = value
            if piece_path != path:
                piece_value = _get_path(data, piece_path, default=None)
            source, line = _origin_of(origins or {}, piece_path)
            problems.append(
                Problem(
                    file,
                    dotted(piece_path),
                    piece_message,
                    value=piece_value,
                    expected=expected,
                    suggestion=suggestion,
                    source=source,
                    line=line,
                    has_value=has_value,
                )
            )
    return problems


def _origin_of(origins: Mapping[KeyPath, Origin], path: KeyPath) -> Origin:
    """Where the value at ``path`` (or its nearest written ancestor) was set. When parts
    of a mapping or list come from several places (a parent file, the extending file, an
    override), every place is named."""
    own: Origin = (None, None)  # type: ignore[assignment]
    for length in range(len(path), 0, -1):
        if path[:length] in origins:
            own = origins[path[:length]]
            break
    others = sorted(
        {
            source
            for key, (source, _) in origins.items()
            if key[: len(path)] == path and len(key) > len(path) and source != own[0]
        }
    )
    if not others:
        return own
    first = own[0] + (f", line {own[1]}" if own[1] else "") if own[0] else None
    return ("; ".join(x for x in [first, *others] if x), None)


def validate_scenario_dict(
    data: Mapping[str, Any],
    *,
    model: type[BaseModel] | None = None,
    file: str = "<scenario>",
    origins: Mapping[KeyPath, Origin] | None = None,
    problems: Sequence[Problem] = (),
) -> BaseModel:
    """Validate a merged scenario mapping whole; raise ScenarioError with every problem
    (including ``problems`` found earlier, e.g. bad override paths)."""
    model = model or _default_model()
    found = list(problems)
    scenario = None
    try:
        scenario = model.model_validate(data)
    except ValidationError as error:
        found += translate_validation_error(error, data, model, file, origins)
    if found:
        raise ScenarioError(found, file)
    return scenario  # type: ignore[return-value]


def load_scenario_dict(
    path: str | Path,
    overrides: Sequence[str] | Mapping[str, object] = (),
    *,
    model: type[BaseModel] | None = None,
) -> tuple[dict[str, Any], dict[KeyPath, Origin], list[Problem]]:
    """The merged, not yet validated mapping for ``path``: extends chain resolved,
    overrides applied, ``name`` defaulted to the file stem.

    Returns (data, origins of each key path, problems found so far). Problems that stop
    the merge (unreadable YAML, duplicate keys, an extends cycle) are raised.
    """
    model = model or _default_model()
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    data, origins = _load_chain(path, (), problems, file)
    if "name" not in data and "name" in model.model_fields:
        data["name"] = path.stem
    if "extends" not in model.model_fields:
        data.pop("extends", None)
    data = apply_overrides(
        data, overrides, model=model, file=file, origins=origins, problems=problems
    )
    return data, origins, problems


def load_scenario(
    path: str | Path,
    overrides: Sequence[str] | Mapping[str, object] = (),
    *,
    model: type[BaseModel] | None = None,
) -> Any:
    """Load, merge and validate a scenario file into a frozen ``Scenario``.

    ``overrides`` are dotted ``key.path=value`` strings (command line, notebook list) or a
    mapping ``{"key.path": value}`` (notebook parameters); both take the same path as the
    file. Raises ScenarioError listing every problem found.

    >>> scenario = load_scenario("scenarios/baseline.yaml", ["pay.commission.cap=2.0"])
    ... # doctest: +SKIP
    """
    model = model or _default_model()
    data, origins, problems = load_scenario_dict(path, overrides, model=model)
    return validate_scenario_dict(
        data, model=model, file=str(path), origins=origins, problems=problems
    )
