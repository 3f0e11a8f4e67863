"""The model's shape: which keys a pydantic model accepts at a key path, and the closest one."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from salesperf_model.loading.paths import KeyPath, get_path

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


def children_of(annotations: Sequence[Any]) -> dict[Any, list[Any]]:
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


def annotations_at(model: type[BaseModel], path: KeyPath) -> list[Any] | None:
    """Types the model allows at ``path``; None when the path leaves the model."""
    annotations: list[Any] = [model]
    for part in path:
        if any(a is Any for a in annotations):
            return [Any]
        children = children_of(annotations)
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
    annotations = annotations_at(model, path)
    if annotations is None:
        return []
    here = get_path(data, path) if data is not None else None
    if isinstance(here, Mapping):
        models = [c for a in annotations for c in _unwrap(a) if _is_model(c)]
        tagged = [m for m in models if _carries_tag(m, here)]
        if 0 < len(tagged) < len(models):
            annotations = tagged
    return [k for k in children_of(annotations) if k not in (ANY_KEY, ANY_INDEX)]


def _carries_tag(model: type[BaseModel], values: Mapping[str, Any]) -> bool:
    """Whether ``values`` selects ``model`` by one of its single-value literal fields."""
    for name, field in model.model_fields.items():
        concrete = _unwrap(field.annotation)
        if len(concrete) == 1 and typing.get_origin(concrete[0]) is typing.Literal:
            options = typing.get_args(concrete[0])
            if len(options) == 1 and values.get(name) == options[0]:
                return True
    return False


def closest_key(key: Hashable, candidates: Sequence[str]) -> str | None:
    """The valid key a misspelt one most likely meant (difflib), or None."""
    matches = difflib.get_close_matches(str(key), [str(c) for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


def tags_at(model: type[BaseModel], path: KeyPath, discriminator: str) -> list[str]:
    """The values of ``discriminator`` that select each member of a union at ``path``
    (e.g. every bonus ``type``), in declaration order."""
    tags: list[str] = []
    for annotation in annotations_at(model, path) or []:
        for member in _unwrap(annotation):
            field = member.model_fields.get(discriminator) if _is_model(member) else None
            for concrete in _unwrap(field.annotation) if field else []:
                if typing.get_origin(concrete) is typing.Literal:
                    tags += [str(a) for a in typing.get_args(concrete) if str(a) not in tags]
    return tags
