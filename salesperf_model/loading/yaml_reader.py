"""Safe YAML reading within limits: plain data only, duplicate keys refused, the line of every key kept.

Limits that keep a hostile or broken file from hanging or crashing the loader: the file
must be a regular file of at most ``MAX_FILE_BYTES`` UTF-8 text without control
characters (see ``file_guard``); nesting deeper than ``MAX_DEPTH`` is refused while the
document is composed (before any recursion could overflow); aliases may not refer to
themselves and may not expand the document beyond ``MAX_VALUES`` values (a "billion
laughs" file is refused in milliseconds, before anything is built).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.loading.file_guard import FileRefused, check_characters, read_text
from salesperf_model.loading.paths import KeyPath, Origin, dotted

#: Deepest nesting of mappings and lists (the baseline scenario nests 6 deep).
MAX_DEPTH = 32
#: Most values (keys, items, scalars) a document may hold once aliases are expanded.
MAX_VALUES = 100_000

#: PyYAML's constructors raise these (not YAMLError) for some malformed scalars, e.g. the
#: timestamp ``2026-13-45`` or an empty ``!!float``; they are problems of the text, reported as such.
_SCALAR_ERRORS = (ValueError, OverflowError, IndexError)


class ScenarioYamlLoader(yaml.SafeLoader):
    """Safe loader: plain data only (a tag that would build a Python object is refused);
    nesting deeper than MAX_DEPTH refused while composing; where each alias is used kept."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.alias_lines: dict[str, int] = {}  #: anchor -> line its first alias is on
        self.anchor_nodes: dict[int, str] = {}  #: id(node) -> its anchor

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.alias_lines.setdefault(str(event.anchor), event.start_mark.line + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nesting deeper than {MAX_DEPTH} levels of mappings and lists",
                    event.start_mark,
                )
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            self.anchor_nodes[id(node)] = str(event.anchor)
        return node


def _expansion_problem(loader: ScenarioYamlLoader, root: yaml.Node) -> tuple[str, int] | None:
    """(message, line) when aliases make the document recursive or expand it beyond
    MAX_VALUES values; None otherwise. Sizes are counted once per node, so this takes
    time in the size of the text, not of the expansion."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise _Recursive(node)
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        open_nodes.discard(key)
        sizes[key] = total
        return total

    try:
        total = size(root)
    except _Recursive as recursive:
        anchor = loader.anchor_nodes.get(id(recursive.node), "?")
        line = loader.alias_lines.get(anchor, recursive.node.start_mark.line + 1)
        return f"alias *{anchor} refers to the value that contains it (a recursive alias)", line
    if total <= MAX_VALUES:
        return None
    used = {
        anchor: sizes.get(node_id, 1)
        for node_id, anchor in loader.anchor_nodes.items()
        if anchor in loader.alias_lines
    }
    if not used:
        return f"the document holds {total:,} values, more than the limit of {MAX_VALUES:,}", 1
    biggest = max(used, key=lambda anchor: used[anchor])
    return (
        f"aliases expand the document to {total:,} values, more than the limit of"
        f" {MAX_VALUES:,} (alias *{biggest} alone stands for {used[biggest]:,}):"
        " aliases of aliases multiply, as in a 'billion laughs' file",
        loader.alias_lines[biggest],
    )


class _Recursive(Exception):
    def __init__(self, node: yaml.Node):
        super().__init__("recursive alias")
        self.node = node


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
        except (yaml.YAMLError, TypeError, *_SCALAR_ERRORS):
            return (key_node.tag, repr(getattr(key_node, "value", None)))
        return key

    def merged(value_node: yaml.Node, path: KeyPath, own: set) -> None:
        """The keys a merge key (<<) brings in, where they are written, unless the mapping
        sets them itself (its own keys win, wherever they stand)."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                continue
            for key_node, value in source.value:
                key = key_of(key_node)
                if key_node.tag != "tag:yaml.org,2002:merge" and key not in own:
                    own.add(key)  # an earlier merged mapping wins over a later one
                    origins[(*path, key)] = (file, key_node.start_mark.line + 1)
                    walk(value, (*path, key))

    def walk(current: yaml.Node, path: KeyPath) -> None:
        if isinstance(current, yaml.MappingNode):
            first_line: dict[Any, int] = {}
            own = {key_of(k) for k, _ in current.value if k.tag != "tag:yaml.org,2002:merge"}
            for key_node, value_node in current.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    # may legitimately be overridden: not a duplicate
                    merged(value_node, path, own)
                    continue
                key = key_of(key_node)
                line = key_node.start_mark.line + 1
                if key in first_line:
                    duplicates.append(((*path, key), line, first_line[key]))
                else:
                    first_line[key] = line
                origins[(*path, key)] = (file, line)
                walk(value_node, (*path, key))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                origins[(*path, index)] = (file, item.start_mark.line + 1)
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return origins, duplicates


def _refused(label: str, what: str, reason: str, line: int | None = None) -> ScenarioError:
    return ScenarioError(
        [Problem(label, "", reason, has_value=False, line=line)], file=label, what=what
    )


def parse_yaml(
    text: str, *, label: str, what: str = "scenario"
) -> tuple[Any, dict[KeyPath, Origin]]:
    """Parse YAML text within the limits; the data and the line of each key path.

    Raises ScenarioError naming ``label`` and the line. Shared by files and ``--set``
    values, so both meet the same limits."""
    try:
        check_characters(text)
    except FileRefused as refused:
        raise _refused(label, what, refused.reason, refused.line) from None
    loader = ScenarioYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            expansion = _expansion_problem(loader, node)
            if expansion is not None:
                raise _refused(label, what, f"not accepted: {expansion[0]}", expansion[1])
        # scan before constructing: construction flattens YAML merge keys (<<) in place
        origins, duplicates = _scan_nodes(loader, node, label)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise _refused(label, what, *_marked_reason(error, what)) from None
    except yaml.YAMLError as error:
        raise _refused(label, what, f"not valid YAML: {error}") from None
    except _SCALAR_ERRORS as error:
        raise _refused(label, what, f"not valid YAML: a value cannot be read ({error})") from None
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


def _marked_reason(error: yaml.MarkedYAMLError, what: str) -> tuple[str, int | None]:
    """(reason, line) from a PyYAML error; the file's text is never quoted."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    reason = " ".join(part for part in (error.context, error.problem) if part)
    if "could not determine a constructor" in (error.problem or ""):
        reason = (
            f"{reason}: tags that build objects are not allowed in {what} files"
            " (they are loaded with a safe loader)"
        )
    return f"not valid YAML: {reason}", line


def load_yaml(path: str | Path, *, what: str = "scenario") -> tuple[Any, dict[KeyPath, Origin]]:
    """Load one YAML file safely within the limits; refuse duplicate keys and object tags.

    Returns the data and the line where each key path was written.
    Raises ScenarioError naming the file and line.
    """
    path = Path(path)
    label = str(path)
    try:
        text = read_text(path)
    except FileRefused as refused:
        expected = "an existing file" if refused.missing else ""
        problem = Problem(
            label, "", refused.reason, has_value=False, line=refused.line, expected=expected
        )
        raise ScenarioError([problem], what=what) from None
    return parse_yaml(text, label=label, what=what)
