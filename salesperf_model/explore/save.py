"""Save an explored plan as a scenario file that `extends:` the one it started from and gives only what changed."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel

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


def _dumped(value: object) -> object:
    """A default value as ``model_dump(by_alias=True)`` gives it."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True)
    if isinstance(value, Mapping):
        return {k: _dumped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dumped(v) for v in value]
    return value


def model_defaults(model: type[BaseModel]) -> dict:
    """The fields of ``model`` that have a default, by alias, as dumped (a section a file
    does not give resolves to these)."""
    return {
        field.alias or name: _dumped(field.get_default(call_default_factory=True))
        for name, field in model.model_fields.items()
        if not field.is_required()
    }


def _child(shape: object, key: object) -> object:
    """The part of ``shape`` (a model, mapping or list of models) at a dumped key."""
    if isinstance(shape, BaseModel):
        for name, field in type(shape).model_fields.items():
            if key in (name, field.alias):
                return getattr(shape, name)
        return None
    return shape.get(key) if isinstance(shape, Mapping) else None


def changed_settings(
    start: Mapping,
    edited: Mapping,
    *,
    path: tuple[str, ...] = (),
    merged: frozenset = frozenset(),
    shape: object = None,
    given: object = None,
) -> dict:
    """The keys of ``edited`` that differ from ``start``: mappings recurse; a section
    ``start`` does not give (absent or None) that is a model in ``shape`` (the edited
    scenario's objects) gives only the fields that differ from the model's defaults, so
    that later changes to the extended file's other fields show through; a list of named
    items at a path in ``merged`` (one the starting files give, so it merges by name under
    ``extends:``) gives only the items added, changed (name plus changed keys) or removed
    (``remove: true``); anything else (numbers, words, ordered lists such as tiers) is
    written whole, because those replace. ``given`` is the starting scenario's objects: a
    mapping field (not a section) its files leave at the default is written whole when it
    changes, because an extending file's mapping then replaces the default, not merges."""
    changes = {}
    for key, value in edited.items():
        before = start.get(key) if isinstance(start, Mapping) else None
        here = (*path, key)
        part = _child(shape, key)
        named = NAMED_LISTS.get(here)
        if named and here in merged and isinstance(value, list) and isinstance(before, list):
            items = _named_changes(before, value, named, shape=part)
            if items:
                changes[key] = items
        elif (
            isinstance(value, Mapping)
            and isinstance(before, Mapping)
            and not isinstance(part, BaseModel)
            and _left_at_default(given, key)
        ):
            if _plain(value) != _plain(before):
                changes[key] = _whole_mapping(before, value, part)
        elif isinstance(value, Mapping) and isinstance(before, Mapping):
            inner = changed_settings(
                before, value, path=here, merged=merged, shape=part, given=_child(given, key)
            )
            if inner:
                changes[key] = inner
        elif isinstance(value, Mapping) and before is None and isinstance(part, BaseModel):
            defaults = model_defaults(type(part))
            changes[key] = changed_settings(defaults, value, path=here, shape=part)
        elif _plain(value) != _plain(before) or key not in start:
            changes[key] = _plain(value)
    return changes


def _left_at_default(given: object, key: object) -> bool:
    """The starting files do not give field ``key`` of the model ``given``."""
    if not isinstance(given, BaseModel):
        return False
    for name, field in type(given).model_fields.items():
        if key in (name, field.alias):
            return name not in given.model_fields_set
    return False


def _whole_mapping(before: Mapping, after: Mapping, shape: object) -> dict:
    """A default mapping as an extending file must give it: every entry whole (an entry
    is not merged with the default's), a new entry that is a model by what differs from
    its own defaults."""
    whole = {}
    for key, value in after.items():
        part = _child(shape, key)
        if key not in before and isinstance(value, Mapping) and isinstance(part, BaseModel):
            whole[key] = changed_settings(model_defaults(type(part)), value, shape=part)
        else:
            whole[key] = _plain(value)
    return whole


def plan_differences(one: Scenario, other: Scenario) -> list[str]:
    """Dotted keys where two scenarios' plans differ (either side's keys: a key one lacks
    counts), their names and descriptions aside."""
    found: list[str] = []

    def walk(a: object, b: object, path: str) -> None:
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in [*a, *(k for k in b if k not in a)]:
                here = f"{path}.{key}" if path else str(key)
                if key not in a or key not in b:
                    found.append(here)
                else:
                    walk(a[key], b[key], here)
        elif _plain(a) != _plain(b):
            found.append(path)

    walk(
        *(
            {k: v for k, v in s.model_dump(by_alias=True).items() if k not in _OWN_KEYS}
            for s in (one, other)
        ),
        "",
    )
    return found


def _named_changes(before: list, after: list, key: str, *, shape: object = None) -> list:
    """Items of a named list as an extending file gives them: new ones whole, changed ones
    by name with the keys that changed, dropped ones removed."""
    old = {str(item[key]): item for item in before}
    new = {str(item[key]): item for item in after}
    objects = {str(getattr(o, key, None)): o for o in shape or () if isinstance(o, BaseModel)}
    items: list = []
    for name, item in new.items():
        if name not in old:
            items.append(_plain(item))
        else:
            inner = changed_settings(old[name], item, shape=objects.get(name))
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
    return changed_settings(before, after, merged=_merged_lists(start), shape=edited, given=start)


#: A save name: letters, digits, _, - and . (not first); .yaml or .yml kept as given.
_SAVE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def scenario_file_name(name: str) -> str:
    """The file a save name writes: ``name`` if it ends in .yaml or .yml, else
    ``name.yaml``; refuses a name with other characters (spaces, folders) in words."""
    if not _SAVE_NAME.fullmatch(name):
        raise ValueError(
            f"save as {name!r}: use only letters, digits, _, - and . (not first), "
            "e.g. steeper_tiers or steeper_tiers.yaml"
        )
    return name if name.lower().endswith((".yaml", ".yml")) else f"{name}.yaml"


def write_problem(out: str | os.PathLike, error: OSError) -> str:
    """'Could not write /x/y.yaml: permission denied': the file and the system's reason."""
    reason = error.strerror or str(error) or type(error).__name__
    return f"Could not write {out}: {reason[:1].lower()}{reason[1:]}"


def diff_rows(path: str | os.PathLike) -> int:
    """How many settings `salesperf diff PATH` lists (the file against what it extends)."""
    from salesperf_model.loading import load_scenario
    from salesperf_model.present.changes import plan_changes

    scenario = load_scenario(path)
    if not scenario.extends:
        return 0
    base = load_scenario(Path(path).parent / scenario.extends)  # as the diff command reads it
    return len(plan_changes(scenario, base))


def save_scenario(
    edited: Scenario,
    start: Scenario,
    start_path: str | os.PathLike,
    *,
    out_path: str | os.PathLike,
    description: str = "",
) -> Path:
    """Write ``edited`` to ``out_path`` as ``extends: <start_path>`` plus only the changed
    keys, and check that the file loads back to the same plan. The file is written whole
    or not at all: a temporary file in the same folder, checked, then moved into place;
    refuses to overwrite a file and leaves nothing behind when the write or the check
    fails (an OSError says why, :func:`write_problem` in words)."""
    from salesperf_model.loading import ScenarioError, load_scenario

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
    temp = out.with_name(f".{out.stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp{out.suffix}")
    try:
        with temp.open("x", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            loaded = load_scenario(temp)
        except ScenarioError as error:
            raise ValueError(str(error).replace(str(temp), str(out))) from None
        lost = plan_differences(edited, loaded)
        if lost:
            raise ValueError(
                f"{out} does not load back to the explored plan: it differs at "
                + ", ".join(lost[:10])
                + (f" and {len(lost) - 10} more" if len(lost) > 10 else "")
            )
        if out.exists():
            raise FileExistsError(f"{out} exists already; choose another name")
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    return out
