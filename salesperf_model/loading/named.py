"""Lists of named items (bonuses, long-term elements, grade bands, regions): merged item by item under `extends:`, found by name.

A file that extends another and gives one of these lists changes only the items it names:

- an item whose name is new is **added** (after the base's items, in the file's order);
- an item whose name the base has **changes** that item, key by key (give only what
  differs: ``- {name: new_customer_award, amount: 6000}``);
- ``- {name: team_award, remove: true}`` **removes** the base's item of that name (a name
  the base does not have is refused, naming the closest one).

Every other list (commission tiers, score bands, seasonality, role lists) is ordered or a
set of plain values, and a file that gives it replaces it whole. A named list merges with
the list its base file gives; where the base leaves it at the built-in default, the
file's list is the whole list. Dotted overrides may name an item instead of its index
(``pay.bonuses.new_customer_award.amount=6000``); an override that sets a whole named
list (``pay.bonuses=[]``) is applied as given, and the items it drops are named in a
warning. A whole mapping set by an override is applied as given too (``extends:`` merges
mappings; ``--set`` replaces what it names), and the keys it drops, at any depth, are
named the same way: nothing an analyst did not write disappears silently.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Mapping
from typing import Any

from salesperf_model.loading.errors import Problem
from salesperf_model.loading.model_shape import closest_key
from salesperf_model.loading.paths import KeyPath, Origin, dotted, get_path

#: Every list of named items in a scenario: key path -> the field that names an item.
#: The one place they are listed (tests/test_named_items.py checks it against the schema).
NAMED_LISTS: dict[KeyPath, str] = {
    ("pay", "bonuses"): "name",
    ("pay", "long_term"): "name",
    ("pay", "spifs"): "name",
    ("pay", "modifiers"): "name",
    ("grading", "bands"): "grade",
    ("population", "regions"): "name",
}

#: The key that removes a named item: ``- {name: team_award, remove: true}``.
REMOVE = "remove"


def named_key(path: KeyPath) -> str | None:
    """The field that names the items of the list at ``path``, or None for other lists."""
    return NAMED_LISTS.get(tuple(path))


def item_names(items: object, key: str) -> list[str]:
    """The names of a list's items (items without one are left out)."""
    if not isinstance(items, list):
        return []
    return [str(i[key]) for i in items if isinstance(i, Mapping) and key in i]


def find_item(items: list, key: str, name: Hashable) -> int | None:
    """Index of the item named ``name``, or None."""
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and str(item.get(key)) == str(name):
            return index
    return None


def _deep_merge(base: Any, update: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(update, Mapping):
        merged = {k: copy.deepcopy(v) for k, v in base.items()}
        for k, v in update.items():
            merged[k] = _deep_merge(merged[k], v) if k in merged else copy.deepcopy(v)
        return merged
    return copy.deepcopy(update)


def merge_named_list(
    base: list,
    update: list,
    *,
    path: KeyPath,
    key: str,
    where: tuple[str, str],
    problems: list[Problem],
) -> tuple[list, dict[int, int], dict[int, int]]:
    """(merged list, base index -> merged index, update index -> merged index).

    ``where`` is (top file, file the update comes from), for the problems: an item
    without its name, a name given twice, a removal of a name the base does not have."""
    top, source = where
    # each merged entry: (base index or None, update index or None, item)
    entries: list[tuple[int | None, int | None, Any]] = [
        (j, None, copy.deepcopy(item)) for j, item in enumerate(base)
    ]
    seen: set[str] = set()
    for index, item in enumerate(update):
        here = (*path, index)
        if not isinstance(item, Mapping) or key not in item:
            problems.append(
                Problem(
                    top,
                    dotted(here),
                    f"each item of {dotted(path)} must give its '{key}' so that it can be "
                    "merged with the items of the extended file "
                    f"({', '.join(item_names(base, key))})",
                    value=item,
                    expected=f"a mapping with '{key}', e.g. {{{key}: ..., ...}}",
                    source=source,
                )
            )
            continue
        name = str(item[key])
        if name in seen:
            problems.append(
                Problem(
                    top,
                    dotted((*here, key)),
                    f"{dotted(path)} names {name!r} twice in one file",
                    value=name,
                    expected="each name at most once",
                    source=source,
                )
            )
            continue
        seen.add(name)
        at = find_item([e[2] for e in entries], key, name)
        if item.get(REMOVE) is True:
            if at is None:
                names = item_names([e[2] for e in entries], key)
                near = closest_key(name, names)
                problems.append(
                    Problem(
                        top,
                        dotted((*here, key)),
                        f"cannot remove {name!r}: the extended file has no item of that "
                        f"{key} in {dotted(path)}" + (f"; did you mean '{near}'?" if near else ""),
                        value=name,
                        expected="one of: " + ", ".join(names),
                        suggestion=near,
                        source=source,
                    )
                )
                continue
            del entries[at]
            continue
        change = {k: v for k, v in item.items() if not (k == REMOVE and v is False)}
        if at is None:
            entries.append((None, index, copy.deepcopy(change)))
        else:
            old, _, current = entries[at]
            entries[at] = (old, index, _deep_merge(current, change))
    merged = [item for _, _, item in entries]
    base_moves = {old: new for new, (old, _, _) in enumerate(entries) if old is not None}
    update_moves = {upd: new for new, (_, upd, _) in enumerate(entries) if upd is not None}
    return merged, base_moves, update_moves


def move_origins(
    origins: Mapping[KeyPath, Origin], path: KeyPath, moves: Mapping[int, int]
) -> dict[KeyPath, Origin]:
    """Origins below ``path``'s items renumbered by ``moves`` (old -> new index); items
    that did not move on (removed) lose their origins; other origins are kept."""
    moved: dict[KeyPath, Origin] = {}
    depth = len(path)
    for where, origin in origins.items():
        if where[:depth] == path and len(where) > depth:
            index = where[depth]
            if index in moves:
                moved[(*path, moves[index], *where[depth + 1 :])] = origin
            continue
        moved[where] = origin
    return moved


def dropped_names(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Warnings naming what overrides dropped: the items of each named list, and the keys
    of every mapping an override set whole (``pay.base_salary.by_role={new_business:
    9000}`` replaces the mapping, so the other roles fall to their defaults)."""
    messages = []
    for path, key in NAMED_LISTS.items():
        old, new = get_path(before, path), get_path(after, path)
        if not isinstance(old, list) or not isinstance(new, list):
            continue
        gone = [n for n in item_names(old, key) if n not in set(item_names(new, key))]
        if gone:
            messages.append(
                f"{dotted(path)}: the override replaces the whole list and drops "
                f"{', '.join(gone)} (to change one item, set "
                f"{dotted(path)}.<{key}>.<field>; to remove one on purpose, write "
                f"'- {{{key}: ..., remove: true}}' in a file that extends this one)"
            )
    return messages + _dropped_keys(before, after, ())


def _dropped_keys(before: Any, after: Any, path: KeyPath) -> list[str]:
    """Warnings for the keys of ``before``'s mappings that ``after`` no longer has, at
    every depth. Keys compare as text (a notebook's ``{"1": ...}`` is YAML's ``{1: ...}``);
    a value given in a mapping's place (``behaviour=none``) is a choice, not a dropped key;
    a plain list is followed item by item only while its length is kept, and a named list
    item by item by name (the items it drops are named above)."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        kept = {str(k): v for k, v in after.items()}
        gone = [str(k) for k in before if str(k) not in kept]
        messages = []
        if gone:
            where = dotted(path)
            messages.append(
                f"{where}: the override replaces the whole mapping and drops "
                f"{', '.join(gone)}, which {'is' if len(gone) == 1 else 'are'} no longer set"
                f" (the defaults apply); to change"
                f" one key and keep the rest, set {where}.<key>=<value>"
            )
        for k, value in before.items():
            if str(k) in kept:
                messages += _dropped_keys(value, kept[str(k)], (*path, k))
        return messages
    if not isinstance(before, list) or not isinstance(after, list):
        return []
    key = named_key(path)
    if key is not None:
        old_items = {str(i[key]): i for i in before if isinstance(i, Mapping) and key in i}
        new_items = {str(i[key]): i for i in after if isinstance(i, Mapping) and key in i}
        return [
            message
            for name, item in old_items.items()
            if name in new_items
            for message in _dropped_keys(item, new_items[name], (*path, name))
        ]
    if len(before) != len(after):
        return []
    return [
        message
        for index, (old, new) in enumerate(zip(before, after, strict=True))
        for message in _dropped_keys(old, new, (*path, index))
    ]


def resolve_names(data: Any, path: KeyPath) -> tuple[KeyPath, str | None, list[str]]:
    """``("pay", "bonuses", "team_award", "pool")`` -> ``("pay", "bonuses", 3, "pool")``:
    a name in a named list's place stands for its item's index. Returns (path, the name
    that matches no item or None, the names there)."""
    resolved: list[Hashable] = []
    for depth, part in enumerate(path):
        here = tuple(resolved)
        key = named_key(here)
        items = get_path(data, here)
        if key and isinstance(part, str) and isinstance(items, list) and depth < len(path):
            at = find_item(items, key, part)
            if at is None:
                return path, part, item_names(items, key)
            part = at
        resolved.append(part)
    return tuple(resolved), None, []
