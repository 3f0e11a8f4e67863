"""Save an explored plan as a scenario file that `extends:` the one it started from and gives only what changed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

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


def changed_settings(start: Mapping, edited: Mapping) -> dict:
    """The keys of ``edited`` that differ from ``start``: mappings recurse, anything else
    (numbers, words, whole lists such as tiers, bands or bonuses) is written whole, because
    under ``extends:`` mappings merge key by key and lists replace."""
    changes = {}
    for key, value in edited.items():
        before = start.get(key) if isinstance(start, Mapping) else None
        if isinstance(value, Mapping) and isinstance(before, Mapping):
            inner = changed_settings(before, value)
            if inner:
                changes[key] = inner
        elif _plain(value) != _plain(before) or key not in start:
            changes[key] = _plain(value)
    return changes


def scenario_changes(start: Scenario, edited: Scenario) -> dict:
    """What ``edited`` changes of ``start``, as nested scenario keys."""
    before, after = (
        {k: v for k, v in s.model_dump(by_alias=True).items() if k not in _OWN_KEYS}
        for s in (start, edited)
    )
    return changed_settings(before, after)


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
