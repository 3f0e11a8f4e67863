"""`extends:` chains: each file over the one it extends, mappings merged key by key, named lists item by item, with provenance."""

from __future__ import annotations

import copy
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.loading.file_guard import regular_file_problem
from salesperf_model.loading.named import NAMED_LISTS, REMOVE, merge_named_list, move_origins
from salesperf_model.loading.paths import KeyPath, Origin, dotted, get_path
from salesperf_model.loading.yaml_reader import load_yaml

#: Keys a file does not pass on to the files that extend it: an alternative that
#: extends the baseline is its own scenario and must not carry the baseline's name.
#: The description says what *this* file changes, so it is not inherited either.
NOT_INHERITED: tuple[str, ...] = ("name", "title", "description")


def deep_merge(base: Any, update: Any) -> Any:
    """Mappings merge key by key (recursively); anything else in ``update`` replaces. An
    empty mapping given for a key replaces too: ``allowances: {}`` clears the allowances,
    where merging it would silently keep every one of them."""
    if isinstance(base, Mapping) and isinstance(update, Mapping):
        merged = {key: copy.deepcopy(value) for key, value in base.items()}
        for key, value in update.items():
            clears = isinstance(value, Mapping) and not value
            if key in merged and not clears:
                merged[key] = deep_merge(merged[key], value)
            else:
                merged[key] = copy.deepcopy(value)
        return merged
    return copy.deepcopy(update)


def merge_origins(
    base: dict[KeyPath, Origin],
    update: dict[KeyPath, Origin],
    data: Any,
    *,
    merged_lists: Collection[KeyPath] = (),
) -> dict[KeyPath, Origin]:
    """Origins after merging: the update's wins, and whatever it replaced wholesale (a list,
    a scalar over a mapping) forgets the base's origins below it; a named list merged item
    by item (``merged_lists``) keeps the base's origins of the items it did not change."""
    replaced = [
        path
        for path in update
        if (not isinstance(value := get_path(data, path, default=None), Mapping) or not value)
        and path not in merged_lists
    ]
    merged = {
        path: origin
        for path, origin in base.items()
        if not any(path[: len(prefix)] == prefix and path != prefix for prefix in replaced)
    }
    merged.update(update)
    return merged


def load_chain(
    path: Path,
    *,
    problems: list[Problem],
    top: str,
    what: str = "scenario",
    chain: tuple[Path, ...] = (),
    via: Origin = (None, None),
) -> tuple[dict, dict[KeyPath, Origin]]:
    """Load ``path`` and everything it extends, merged; problems are appended, not raised,
    except where nothing sensible can be merged (a cycle, a file that is not a mapping).
    ``via``: the file whose ``extends:`` named this one, and that key's line."""
    resolved = path.resolve()
    if resolved in chain:
        names = " -> ".join(str(p) for p in (*chain, resolved))
        cycle = Problem(
            top,
            "extends",
            f"extends chain has a cycle: {names}",
            value=str(path),
            expected="a chain of files that ends in a file with no 'extends'",
            source=via[0] or top,
            line=via[1],
        )
        raise ScenarioError([cycle], top, what)
    data, origins = _read_mapping(path, top, what, via=via)
    named = "extends" in data  # an empty 'extends:' is refused, not read as none
    parent_name = data.pop("extends", None)
    line = origins.get(("extends",), (None, None))[1]
    origins = {p: o for p, o in origins.items() if p[:1] != ("extends",)}
    if parent_name is None and not named:
        for named_path in NAMED_LISTS:
            items = get_path(data, named_path)
            if isinstance(items, list):
                why = "this file extends no other file"
                _refuse_removals(items, named_path, (top, str(path)), problems, why=why)
        return data, origins
    parent_path = _parent_path(
        path, parent_name, problems, top=top, what=what, line=line, is_top=not chain
    )
    via_here = (str(path) if chain else top, line)
    if parent_path is None:
        return data, origins
    parent_data, parent_origins = load_chain(
        parent_path,
        problems=problems,
        top=top,
        what=what,
        chain=(*chain, resolved),
        via=via_here,
    )
    for key in NOT_INHERITED:
        if key in parent_data:
            parent_data.pop(key)
            parent_origins = {p: o for p, o in parent_origins.items() if p[:1] != (key,)}
    data, origins, parent_origins = _merge_named_lists(
        parent_data, parent_origins, data, origins, where=(top, str(path)), problems=problems
    )
    merged = deep_merge(parent_data, data)
    merged["extends"] = parent_name  # what this file extends, kept as a record
    return merged, merge_origins(parent_origins, origins, merged, merged_lists=NAMED_LISTS)


def _merge_named_lists(
    parent_data: dict,
    parent_origins: dict[KeyPath, Origin],
    data: dict,
    origins: dict[KeyPath, Origin],
    *,
    where: tuple[str, str],
    problems: list[Problem],
) -> tuple[dict, dict[KeyPath, Origin], dict[KeyPath, Origin]]:
    """The file's named lists (NAMED_LISTS) merged item by item with its base's, so that
    the plain merge after it takes them whole; origins renumbered to the merged items."""
    for path, key in NAMED_LISTS.items():
        update, base = get_path(data, path), get_path(parent_data, path)
        if not isinstance(update, list):
            continue
        if not isinstance(base, list):
            why = "the extended file gives no such list (it keeps the built-in default)"
            _refuse_removals(update, path, where, problems, why=why + ", so this is the whole list")
            continue
        merged, base_moves, update_moves = merge_named_list(
            base, update, path=path, key=key, where=where, problems=problems
        )
        data = copy.deepcopy(data)
        parent = get_path(data, path[:-1])
        parent[path[-1]] = merged
        parent_origins = move_origins(parent_origins, path, base_moves)
        origins = move_origins(origins, path, update_moves)
    return data, origins, parent_origins


def _refuse_removals(
    items: list, path: KeyPath, where: tuple[str, str], problems: list[Problem], *, why: str
) -> None:
    """``remove: true`` in a list that has no base list to remove from is a mistake
    (reported once, and the item left out so that it is not reported again)."""
    for index, item in reversed(list(enumerate(items))):
        if isinstance(item, Mapping) and REMOVE in item:
            problems.append(
                Problem(
                    where[0],
                    dotted((*path, index, REMOVE)),
                    f"'{REMOVE}: true' removes an item that the extended file gives in "
                    f"{dotted(path)}, but {why}: leave the item out instead",
                    value=item.get(REMOVE),
                    expected=f"no '{REMOVE}' key here",
                    source=where[1],
                )
            )
            del items[index]


def _read_mapping(
    path: Path, top: str, what: str, *, via: Origin
) -> tuple[dict, dict[KeyPath, Origin]]:
    """One file of the chain as a mapping (an empty file is an empty mapping). The content
    of a file that is not a mapping is shown only for the file being loaded itself: a
    file ``extends:`` names may be anything, and its text is not echoed; the problem is
    then reported at the ``extends:`` key (``via``) that named it."""
    is_top = via[0] is None
    data, origins = load_yaml(path, what=what)
    if data is None and is_top:  # said as such, not as every required key missing
        empty = Problem(
            top,
            "",
            f"the file is empty: a {what} file holds sections",
            expected="'extends: baseline.yaml' and the keys it changes, or the whole plan",
            source=str(path),
            has_value=False,
        )
        raise ScenarioError([empty], top, what)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        kind = {str: "text", list: "list"}.get(type(data), type(data).__name__)
        not_mapping = Problem(
            top,
            "" if is_top else "extends",
            f"the file must hold a mapping of sections, not {kind}"
            + ("" if is_top else f": {path} is not a {what} file"),
            value=data,
            expected="a mapping such as 'pay: ...'",
            source=str(path) if is_top else via[0],
            line=None if is_top else via[1],
            has_value=is_top,
        )
        raise ScenarioError([not_mapping], top, what)
    return dict(data), origins


def _parent_path(
    path: Path,
    parent_name: object,
    problems: list[Problem],
    *,
    top: str,
    what: str,
    line: int | None,
    is_top: bool,
) -> Path | None:
    """The file ``path`` extends, or None (with a problem appended) when it names none, or
    names something that is not a regular YAML file (a directory, a device, a FIFO are
    refused from ``stat``, without opening them)."""

    def refuse(message: str, expected: str) -> None:
        problems.append(
            Problem(
                top,
                "extends",
                message,
                value=parent_name,
                expected=expected,
                source=None if is_top else str(path),
                line=line,
            )
        )

    if not isinstance(parent_name, str) or not parent_name.strip():
        refuse(
            f"'extends' must name one {what} file",
            "a path relative to this file, e.g. 'baseline.yaml'",
        )
        return None
    joined = path.parent / parent_name
    parent_path = Path(os.path.normpath(joined))
    # '..' after a symbolic link goes up from where the link points, as the system reads
    # it: only then is the written path given up for the resolved one
    if os.path.realpath(joined) != os.path.realpath(parent_path):
        parent_path = Path(os.path.realpath(joined))
    try:
        exists = parent_path.exists()
    except OSError as error:  # a path the system refuses, e.g. a name over 255 characters
        refuse(f"cannot extend {parent_name[:80]!r}: {error.strerror}", f"a {what} YAML file")
        return None
    if not exists:
        refuse(
            f"the extended file does not exist: {parent_path}",
            "a path relative to the extending file",
        )
        return None
    problem = regular_file_problem(parent_path)
    if problem is not None:
        refuse(f"cannot extend {parent_name!r}: {problem}", f"a {what} YAML file")
        return None
    if parent_path.suffix.lower() not in (".yaml", ".yml"):
        refuse(
            f"cannot extend {parent_name!r}: only .yaml or .yml files can be extended",
            f"a {what} YAML file",
        )
        return None
    return parent_path
