"""Generate the parameter reference (docs/parameters.md) from the scenario models.

The reference is never written by hand: every key, type, default, unit, allowed range
and description comes from the pydantic models, so it cannot drift from what the loader
accepts. `salesperf params --out docs/parameters.md` regenerates it; a test fails when
the committed file is out of date.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from salesperf_model.formatting import counted
from salesperf_model.outcomes import MEASURES, ROLES
from salesperf_model.schema.kpi_catalog import KPI_CATALOG
from salesperf_model.schema.scenario import Scenario

__all__ = ["ParameterRow", "parameter_rows", "render_markdown"]

REGENERATE_COMMAND = "salesperf params --out docs/parameters.md"


@dataclass(frozen=True)
class ParameterRow:
    """One documented key of a scenario file."""

    key: str  #: dotted key; ``N`` stands for a list index, ``<name>`` for a mapping key
    type: str
    default: str
    unit: str
    allowed: str
    description: str
    section: str  #: the model (section) the key belongs to
    section_doc: str = ""  #: first line of that model's docstring


def _unwrap(annotation: Any) -> tuple[list[Any], bool]:
    """(concrete types, whether null is allowed) for an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found: list[Any] = []
        nullable = False
        for arg in typing.get_args(annotation):
            inner, inner_null = _unwrap(arg)
            found += inner
            nullable = nullable or inner_null or arg is type(None)
        return found, nullable
    if annotation is type(None):
        return [], True
    return [annotation], False


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def type_name(annotation: Any) -> str:
    """A short, readable name for a field's type."""
    concrete, nullable = _unwrap(annotation)
    names = [_concrete_name(c) for c in concrete]
    text = " or ".join(dict.fromkeys(names)) or "null"
    return f"{text} or null" if nullable and concrete else text


def _concrete_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return " | ".join(json.dumps(a) if isinstance(a, str) else str(a) for a in args)
    if origin in (list, Sequence):
        return f"list of {type_name(args[0]) if args else 'values'}"
    if origin is tuple:
        return "[" + ", ".join(type_name(a) for a in args if a is not Ellipsis) + "]"
    if origin in (dict, Mapping):
        key, value = args if len(args) == 2 else (str, Any)
        return f"mapping {type_name(key)} → {type_name(value)}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " | ".join(str(m.value) for m in annotation)
    if _is_model(annotation):
        return annotation.__name__
    if annotation is Any:
        return "any"
    return getattr(annotation, "__name__", str(annotation))


def _inner_metadata(annotation: Any) -> list[Any]:
    """Constraints on the values inside a mapping, list or tuple (``dict[str, Share]``)."""
    found: list[Any] = []
    for concrete in _unwrap(annotation)[0]:
        args = typing.get_args(concrete)
        if typing.get_origin(concrete) in (dict, Mapping) and len(args) == 2:
            args = args[1:]
        elif typing.get_origin(concrete) not in (list, tuple, Sequence):
            continue
        for arg in dict.fromkeys(a for a in args if a is not Ellipsis):
            if typing.get_origin(arg) is typing.Annotated:
                for extra in typing.get_args(arg)[1:]:
                    found += getattr(extra, "metadata", [extra])
    return found


def _optional_metadata(annotation: Any) -> list[Any]:
    """Constraints of a constrained type made optional (``Attainment | None``)."""
    found: list[Any] = []
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is typing.Annotated:
                for extra in typing.get_args(arg)[1:]:
                    found += getattr(extra, "metadata", [extra])
    return found


def _is_text(annotation: Any) -> bool:
    """A text field (``str``, optional or constrained): its lengths count characters."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_text(a) for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is typing.Annotated:
        return _is_text(typing.get_args(annotation)[0])
    return annotation is str


def _allowed(field: FieldInfo) -> str:
    """Allowed range from the field's constraints (ge, gt, le, lt, lengths, pattern);
    for a mapping or list, the range of each value."""
    parts: list[str] = []
    inner = _inner_metadata(field.annotation)
    for item in [*field.metadata, *_optional_metadata(field.annotation), *inner]:
        for attribute, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            value = getattr(item, attribute, None)
            if value is not None and isinstance(item, getattr(annotated_types, attribute.title())):
                text = f"{symbol} {value:g}" if isinstance(value, float) else f"{symbol} {value}"
                if text not in parts:
                    parts.append(text)
        noun = "character" if _is_text(field.annotation) else "item"
        if isinstance(item, annotated_types.MinLen):
            parts.append(f"at least {counted(item.min_length, noun)}")
        if isinstance(item, annotated_types.MaxLen):
            parts.append(f"at most {counted(item.max_length, noun)}")
        pattern = getattr(item, "pattern", None)
        if pattern:
            parts.append(f"matches `{pattern}`")
    concrete, _ = _unwrap(field.annotation)
    literals = [c for c in concrete if typing.get_origin(c) is Literal]
    parts = [p for p in parts if not (p.startswith(">= ") and f"> {p[3:]}" in parts)]
    if inner and parts:
        parts[0] = "each " + parts[0]
    if literals and not parts:
        values = [a for c in literals for a in typing.get_args(c)]
        parts.append("one of " + ", ".join(f"`{v}`" for v in values))
    return "; ".join(parts)


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _default(field: FieldInfo) -> str:
    if field.default is PydanticUndefined and field.default_factory is None:
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "see below"
    return "`" + json.dumps(_jsonable(value), ensure_ascii=False) + "`"


def _unit(field: FieldInfo) -> str:
    extra = field.json_schema_extra
    if isinstance(extra, Mapping):
        return str(extra.get("unit", ""))
    return ""


def _placeholder(key_annotation: Any, value_annotation: Any) -> str:
    concrete, _ = _unwrap(key_annotation)
    for candidate in concrete:
        if typing.get_origin(candidate) is Literal:
            return "<" + "|".join(str(a) for a in typing.get_args(candidate)) + ">"
    value_types, _ = _unwrap(value_annotation)
    if any(_is_model(v) for v in value_types):
        return "<name>"
    return "<key>"


def _nested(annotation: Any, key: str) -> Iterator[tuple[str, type[BaseModel], str]]:
    """Models reachable below a field, with the dotted prefix they document and a note
    (the variant tag for a union of models)."""
    concrete, _ = _unwrap(annotation)
    models = [c for c in concrete if _is_model(c)]
    for model in models:
        yield key, model, _variant_note(model) if len(models) > 1 else ""
    for candidate in concrete:
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin in (list, Sequence) and args:
            yield from _nested(args[0], f"{key}.N")
        elif origin in (dict, Mapping) and len(args) == 2:
            yield from _nested(args[1], f"{key}.{_placeholder(args[0], args[1])}")


def _variant_note(model: type[BaseModel]) -> str:
    """For a member of a discriminated union: which tag selects it."""
    for name, field in model.model_fields.items():
        concrete, _ = _unwrap(field.annotation)
        if (
            name in ("type", "kind", "shape")
            and len(concrete) == 1
            and typing.get_origin(concrete[0]) is Literal
        ):
            return f"{name}: {typing.get_args(concrete[0])[0]}"
    return model.__name__


def parameter_rows(model: type[BaseModel], prefix: str = "") -> list[ParameterRow]:
    """Every key a scenario file may contain, depth first, in model field order."""
    rows: list[ParameterRow] = []
    seen: set[tuple[str, type]] = set()

    def walk(current: type[BaseModel], path: str, section: str, stack: tuple[type, ...]) -> None:
        if (path, current) in seen or current in stack:
            return
        seen.add((path, current))
        for name, field in current.model_fields.items():
            key_name = field.alias or name
            key = f"{path}.{key_name}" if path else key_name
            rows.append(
                ParameterRow(
                    key=key,
                    type=type_name(field.annotation),
                    default=_default(field),
                    unit=_unit(field),
                    allowed=_allowed(field),
                    description=" ".join((field.description or "").split()),
                    section=section,
                    section_doc=_first_line(current.__doc__),
                )
            )
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if extra.get("same_keys_as"):  # documented once, where it is (e.g. `pay`)
                continue
            for sub_path, sub_model, note in _nested(field.annotation, key):
                label = f"{sub_path} ({note})" if note else sub_path
                walk(sub_model, sub_path, label, (*stack, current))

    walk(model, prefix, prefix or "top level", ())
    return rows


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ") if doc else ""


def _cell(text: str) -> str:
    """Markdown table cells: pipes escaped (also inside code spans, as GitHub needs)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _catalog_sections() -> list[str]:
    """Vocabularies a scenario refers to by name: roles, KPIs, measures."""
    lines = ["## Roles", "", "| role key | meaning |", "|---|---|"]
    lines += [f"| `{role}` | {_cell(text)} |" for role, text in ROLES.items()]
    lines += [
        "",
        "## KPI catalog",
        "",
        "KPI names used in `scoring.weights.<role>` and `scoring.kpis`.",
        "",
        "| KPI | family | group | direction | aggregation | default target | target kind | unit"
        " | description |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kpi in KPI_CATALOG.values():
        lines.append(
            f"| `{kpi.name}` | {kpi.family} | {kpi.group} | {kpi.direction} | {kpi.aggregation}"
            f" | {kpi.default_target:g} | {kpi.target_kind} | {_cell(kpi.unit)}"
            f" | {_cell(kpi.description)} |"
        )
    lines += [
        "",
        "## Measures",
        "",
        "Outcome measures per rep and month (used by bonuses that rank or test a measure).",
        "",
        "| measure | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in MEASURES.items()]
    return lines


def render_markdown(model: type[BaseModel] = Scenario) -> str:
    """The whole parameter reference as Markdown."""
    rows = parameter_rows(model)
    lines = [
        "# Scenario parameters",
        "",
        f"<!-- Generated from the scenario models by `{REGENERATE_COMMAND}`."
        " Do not edit by hand. -->",
        "",
        "Every key a scenario file may contain. `N` stands for a list index (0-based, as in"
        " error messages and dotted overrides such as `pay.commission.tiers.1.rate=0.05`);"
        " `<name>` for a key you choose; `<a|b>` for one of the keys listed.",
        "",
        "How a scenario file is read (`salesperf_model.loading`):",
        "",
        "- YAML is loaded safely (tags that build objects are refused) and a key written twice"
        " in one mapping is refused. Unknown keys are refused, with the closest valid key.",
        "- `extends: other.yaml` (a path relative to the extending file) takes every value from"
        " that file and its own chain; the extending file gives only what differs. Mappings"
        " merge key by key; lists (tiers, bands, bonuses), plain values and an empty mapping"
        " (`allowances: {}` clears them) replace whole. A"
        " cycle of files is refused. `name` and `description` are not inherited: `name`"
        " defaults to the file name without `.yaml`.",
        "- Dotted overrides come last: `salesperf validate FILE --set key.path=value`, or"
        " `load_scenario(path, overrides)` with a list of such strings or a mapping"
        ' `{"key.path": value}` (notebook parameters). The value is read as YAML'
        " (`0.05`, `booked`, `null`, `[1, 2]`). A path that does not exist is refused.",
        "- The merged scenario is validated whole, once; every problem is reported together,"
        " each with the file (and the file of the chain or the override the value came from),"
        " the key path, the bad value and what is expected. `salesperf validate FILES...`"
        " prints them, with warnings (valid, but outside the brief's recommendations).",
        "- Numbers must be finite (`.inf` and `.nan` are refused) and within the range in the"
        " *allowed* column. Rates and shares are fractions (0.03 = 3%), multipliers factors"
        " (1.5 = 150%), attainment a ratio to quota (1.0 = 100%), grade bands points from 0"
        " to 100; a whole percent written where a fraction is meant (`rate: 3`) is refused"
        " with the likely fix (did you mean 0.03?).",
        "- Limits on the file itself: a regular file of at most 1 MiB of UTF-8 text without"
        " control characters, nesting at most 32 deep, at most 100,000 values once YAML"
        " aliases are expanded; `extends:` names a regular `.yaml` or `.yml` file.",
        "",
    ]
    sections: dict[str, list[ParameterRow]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    for section, section_rows in sections.items():
        heading = "## Top level" if section == "top level" else f"## `{_cell(section)}`"
        lines += ["", heading, ""]
        if section_rows[0].section_doc:
            lines += [_cell(section_rows[0].section_doc), ""]
        lines += [
            "| key | type | default | unit | allowed | description |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| `{_cell(row.key)}` | {_cell(row.type)} | {_cell(row.default)} | {_cell(row.unit)}"
            f" | {_cell(row.allowed)} | {_cell(row.description)} |"
            for row in section_rows
        ]
    lines += ["", *_catalog_sections()]
    return "\n".join(lines).rstrip() + "\n"
