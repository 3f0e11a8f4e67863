"""Key paths into nested YAML data: dotted text, splitting, lookup, and where a value was written."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

#: A key path into nested data: mapping keys and 0-based list indices.
KeyPath = tuple[Hashable, ...]
#: Where a value came from: (file or override label, line number), either may be unknown.
Origin = tuple[str | None, int | None]


def dotted(path: Sequence[Hashable]) -> str:
    """``("pay", "commission", "tiers", 2, "rate")`` -> ``"pay.commission.tiers.2.rate"``."""
    return ".".join(str(part) for part in path)


def split_key(key: str) -> KeyPath:
    """``"pay.commission.tiers.2.rate"`` -> ``("pay", "commission", "tiers", 2, "rate")``."""
    return tuple(int(part) if re.fullmatch(r"-?\d+", part) else part for part in key.split("."))


def has_child(container: object, part: Hashable) -> bool:
    """Whether a mapping has the key, or a list the (non-negative) index."""
    if isinstance(container, Mapping):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def get_path(data: Any, path: KeyPath, default: Any = None) -> Any:
    """The value at ``path`` in nested YAML data, or ``default`` when the path is absent."""
    current = data
    for part in path:
        if not has_child(current, part):
            return default
        current = current[part]
    return current
