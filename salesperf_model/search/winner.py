"""The winning plan written as a scenario file that extends the baseline and gives only what changed, commented with what and why, checked by loading it back."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from salesperf_model.loading import load_scenario
from salesperf_model.loading.named import named_key, resolve_names
from salesperf_model.loading.paths import dotted, get_path, split_key
from salesperf_model.schema import Scenario


def _change_tree(data: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """The smallest extending YAML that sets ``keys`` to their values in ``data``: plain
    lists (commission tiers) are given whole, named items (bonuses, bands, regions) by
    name with only the changed key."""
    tree: dict[str, Any] = {}
    for key in keys:
        path, _unknown, _names = resolve_names(data, split_key(key))
        node: Any = tree
        for depth, part in enumerate(path):
            container = get_path(data, path[:depth])
            last = depth == len(path) - 1
            if isinstance(container, list):  # a named list: the item by its name
                name_field = named_key(path[:depth]) or "name"
                item_name = container[part][name_field]
                found = next((i for i in node if i.get(name_field) == item_name), None)
                if found is None:
                    found = {name_field: item_name}
                    node.append(found)
                node = found
                if last:
                    node.update(copy.deepcopy(container[part]))
                continue
            child = container[part]
            if last or (isinstance(child, list) and named_key(path[: depth + 1]) is None):
                node[part] = copy.deepcopy(child)  # a value, or an ordered list given whole
                break
            node = node.setdefault(part, [] if isinstance(child, list) else {})
    return tree


def _plain(value: Any) -> Any:
    """Numbers as a plan document writes them (no numpy scalars, no 0.05500000001)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 10)
    return value


def write_winner(
    path: str | Path,
    *,
    baseline_file: str | Path,
    point_data: Mapping[str, Any],
    changes: Mapping[str, tuple[object, object]],
    name: str,
    header: Sequence[str],
    final_dir: str | Path | None = None,
) -> Scenario:
    """Write the winning plan to ``path``: ``extends:`` the baseline file, every changed
    key (``changes``: dotted key -> (baseline value, new value), the search's fixed
    overrides included) and a comment saying what changed and why. The file is loaded back
    and must give the very plan that was measured; it is written whole or not at all.
    ``final_dir``: the folder the file will be published to, if not its own (``extends:``
    is relative to it)."""
    path = Path(path)
    tree = _plain(_change_tree(point_data, list(changes)))
    baseline = Path(baseline_file).resolve()
    relative = os.path.relpath(baseline, Path(final_dir or path.parent).resolve())
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append("# What changed against the baseline:")
    for key, (before, after) in changes.items():
        lines.append(f"#   {key}: {before!r} -> {after!r}")
    comments = "\n".join(lines) + "\n"

    def text(extends: str) -> str:
        document = {"extends": extends, "name": name, **tree}
        return comments + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)

    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.partial")
    staging.write_text(text(str(baseline)), encoding="utf-8")  # checked where it stands
    try:
        loaded = load_scenario(staging)
        measured = point_data
        for key in changes:
            resolved, _u, _n = resolve_names(measured, split_key(key))
            got = get_path(loaded.model_dump(), resolved)
            want = get_path(measured, resolved)
            if got != want and not (
                _is_number(got) and _is_number(want) and abs(got - want) < 1e-9
            ):
                raise ValueError(
                    f"{path}: loading the written plan back gives {dotted(resolved)}={got!r}, "
                    f"not the searched {want!r}"
                )
        staging.write_text(text(relative), encoding="utf-8")
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
    return loaded


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
