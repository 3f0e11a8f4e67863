"""Save an explored plan as a scenario file that `extends:` the one it started from and gives only what changed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from salesperf_model.loading.named import NAMED_LISTS, REMOVE
from salesperf_model.schema import Scenario

#: Keys never written as a change: the file names itself and says what it is.
_OWN_KEYS = ("name", "title", "description", "extends")


def _plain(value: object) -> object:
    """YAML-ready data: tuples as lists, everything else as is."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def changed_settings(
    start: Mapping, edited: Mapping, *, path: tuple[str, ...] = (), merged: frozenset = frozenset()
) -> dict:
    """The keys of ``edited`` that differ from ``start``: mappings recurse; a list of named
    items at a path in ``merged`` (one the starting files give, so it merges by name under
    ``extends:``) gives only the items added, changed (name plus changed keys) or removed
    (``remove: true``); anything else (numbers, words, ordered lists such as tiers) is
    written whole, because those replace."""
    changes = {}
    for key, value in edited.items():
        before = start.get(key) if isinstance(start, Mapping) else None
        here = (*path, key)
        named = NAMED_LISTS.get(here)
        if named and here in merged and isinstance(value, list) and isinstance(before, list):
            items = _named_changes(before, value, named)
            if items:
                changes[key] = items
        elif isinstance(value, Mapping) and isinstance(before, Mapping):
            inner = changed_settings(before, value, path=here, merged=merged)
            if inner:
                changes[key] = inner
        elif _plain(value) != _plain(before) or key not in start:
            changes[key] = _plain(value)
    return changes


def _named_changes(before: list, after: list, key: str) -> list:
    """Items of a named list as an extending file gives them: new ones whole, changed ones
    by name with the keys that changed, dropped ones removed."""
    old = {str(item[key]): item for item in before}
    new = {str(item[key]): item for item in after}
    items: list = []
    for name, item in new.items():
        if name not in old:
            items.append(_plain(item))
        else:
            inner = changed_settings(old[name], item)
            if inner:
                items.append({key: item[key], **inner})
    items += [{key: old[name][key], REMOVE: True} for name in old if name not in new]
    return items


def _merged_lists(scenario: Scenario) -> frozenset:
    """Named lists the scenario's files give (not left at the built-in default): an
    extending file's items merge with them by name."""
    given = set()
    for path in NAMED_LISTS:
        section: object = scenario
        for part in path[:-1]:
            section = getattr(section, part)
        if path[-1] in getattr(section, "model_fields_set", ()):
            given.add(path)
    return frozenset(given)


def scenario_changes(start: Scenario, edited: Scenario) -> dict:
    """What ``edited`` changes of ``start``, as nested scenario keys."""
    before, after = (
        {k: v for k, v in s.model_dump(by_alias=True).items() if k not in _OWN_KEYS}
        for s in (start, edited)
    )
    return changed_settings(before, after, merged=_merged_lists(start))


def save_scenario(
    edited: Scenario,
    start: Scenario,
    start_path: str | os.PathLike,
    *,
    out_path: str | os.PathLike,
    description: str = "",
) -> Path:
    """Write ``edited`` to ``out_path`` as ``extends: <start_path>`` plus only the changed
    keys, and check that the file loads back to the same plan. Refuses to overwrite a file
    and leaves nothing behind when the check fails."""
    from salesperf_model.loading import load_scenario

    out = Path(out_path)
    if out.exists():
        raise FileExistsError(f"{out} exists already; choose another name")
    extends = os.path.relpath(Path(start_path).resolve(), out.resolve().parent)
    header = {
        "extends": Path(extends).as_posix(),
        "name": out.stem,
        "description": description or f"{start.name}, edited in the explorer.",
    }
    changes = scenario_changes(start, edited)
    text = (
        f"# Saved from the explorer: {start.name} with the changes below.\n"
        + yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=88)
        + (
            yaml.safe_dump(changes, sort_keys=False, allow_unicode=True, width=88)
            if changes
            else ""
        )
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    try:
        loaded = load_scenario(out)
        if scenario_changes(edited, loaded):
            raise ValueError(
                f"{out} does not load back to the explored plan: {scenario_changes(edited, loaded)}"
            )
    except Exception:
        out.unlink(missing_ok=True)
        raise
    return out
