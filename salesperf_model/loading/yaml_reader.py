"""Safe YAML reading: plain data only, duplicate keys refused, the line of every key kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.loading.paths import KeyPath, Origin, dotted


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


def load_yaml(path: str | Path, *, what: str = "scenario") -> tuple[Any, dict[KeyPath, Origin]]:
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
            [Problem(label, "", "file not found", has_value=False, expected="an existing file")],
            what=what,
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(
            [Problem(label, "", f"cannot read the file: {error}", has_value=False)], what=what
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
                f"{reason}: tags that build objects are not allowed in {what} files"
                " (they are loaded with a safe loader)"
            )
        raise ScenarioError(
            [Problem(label, "", f"not valid YAML: {reason}", has_value=False, line=line)],
            what=what,
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError(
            [Problem(label, "", f"not valid YAML: {error}", has_value=False)], what=what
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
        raise ScenarioError(problems, label, what)
    return data, origins
