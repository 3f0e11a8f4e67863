"""Pydantic validation errors translated into Problems that name file, line, key path, value and the fix."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from salesperf_model.loading.errors import Problem
from salesperf_model.loading.model_shape import closest_key, tags_at, valid_keys_at
from salesperf_model.loading.named import named_key
from salesperf_model.loading.paths import KeyPath, Origin, dotted, get_path, has_child, split_key


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
        if has_child(current, part):
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
        return part in values or has_child(current, next_part)
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
    if kind == "string_pattern_mismatch" and NAME_PATTERN in message:
        words = "lower-case letters, digits and underscores, starting with a letter"
        return f"not a usable name: expected {words}", f"{words}, e.g. new_customer_award"
    match = re.match(r"Input should be (.*)", message, flags=re.DOTALL)
    if match:
        expected = match.group(1).rstrip(".")
        return f"invalid value: expected {expected}", expected
    return message, ""


#: The pattern every named item's name follows (bonuses, SPIFs, modifiers, awards).
NAME_PATTERN = "^[a-z][a-z0-9_]*$"

_PATH_PREFIX = re.compile(r"^([A-Za-z_][\w]*(?:\.[\w]+)*):\s+(?=\S)")


def _split_model_message(
    message: str, path: KeyPath, data: Mapping[str, Any]
) -> list[tuple[KeyPath, str]]:
    """A model validator's message may hold several problems joined by "; ", each starting
    with the key path it is about ("weights.new_business: ...", relative to the model, or
    absolute from the top). Split them and resolve each path."""
    parts = re.split(r";\s+(?=[A-Za-z_][\w]*(?:\.[\w]+)*:\s)", message)
    found: list[tuple[KeyPath, str]] = []
    here = get_path(data, path, default=None)
    for part in parts:
        match = _PATH_PREFIX.match(part)
        if not match:
            found.append((path, part))
            continue
        prefix = split_key(match.group(1))
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
    *,
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
        elif kind == "union_tag_not_found":
            context = entry.get("ctx") or {}
            discriminator = str(context.get("discriminator", "")).strip("'\"") or "type"
            allowed = tags_at(model, path, discriminator)
            message = (
                f"'{discriminator}' is missing: each entry of {dotted(path[:-1]) or 'the list'}"
                f" names its {discriminator}, which says which other keys apply"
            )
            expected = f"{discriminator}: one of " + ", ".join(allowed)
            near = _named_like(data, path, value)
            if near:  # a misspelt name makes a new entry, which then lacks its type
                message += f"; no entry is named {value['name']!r}: did you mean '{near}'?"
                suggestion = near
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
                piece_value = get_path(data, piece_path, default=None)
            source, line = _origin_of(origins or {}, piece_path)
            problems.append(
                Problem(
                    file,
                    dotted(by_name(data, piece_path)),
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


def by_name(data: Any, path: KeyPath) -> KeyPath:
    """``path`` with the index of an item of a named list replaced by the item's name
    (``pay.bonuses.6.type`` -> ``pay.bonuses.spring_spif.type``): after a merge by name
    the index is the merged list's, which no file shows."""
    parts = list(path)
    for length in range(len(parts)):
        key = named_key(tuple(parts[:length]))
        if key is None or not isinstance(parts[length], int):
            continue
        item = get_path(data, tuple(parts[: length + 1]), default=None)
        if isinstance(item, Mapping) and isinstance(item.get(key), str | int):
            parts[length] = str(item[key])
    return tuple(parts)


def _origin_of(origins: Mapping[KeyPath, Origin], path: KeyPath) -> Origin:
    """Where the value at ``path`` (or its nearest written ancestor) was set. When parts
    of a mapping or list come from several places (a parent file, the extending file, an
    override), every place is named."""
    own: Origin = (None, None)
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
    # an override is what the user just changed: name it first, not the file under it
    ordered = sorted([first, *others], key=lambda x: not (x or "").startswith("override"))
    return ("; ".join(x for x in ordered if x), None)


def _named_like(data: Mapping[str, Any], path: KeyPath, value: object) -> str | None:
    """The name of another entry of the list at ``path[:-1]`` closest to the entry
    ``value``'s own name (a bonus named over_achievment beside over_achievement)."""
    if not isinstance(value, Mapping) or not isinstance(value.get("name"), str):
        return None
    entries: Any = data
    for part in path[:-1]:
        entries = entries.get(part) if isinstance(entries, Mapping) else None
    if not isinstance(entries, list):
        return None
    names = [
        e["name"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("name"), str)
    ]
    return closest_key(value["name"], [n for n in names if n != value["name"]])
