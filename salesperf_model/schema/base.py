"""The one base class of every scenario section, and the vocabularies the sections share."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, model_validator

from salesperf_model.outcomes import ROLES

Settlement = Literal["monthly", "quarterly", "half_year", "annual"]
ReviewCycle = Literal["monthly", "quarterly", "half_year", "annual"]
RegionTier = Literal[1, 2, 3]

#: Months per settlement period or review cycle.
MONTHS_PER: dict[str, int] = {"monthly": 1, "quarterly": 3, "half_year": 6, "annual": 12}


def _plain(annotation: object) -> object:
    """The type under ``Annotated[...]``."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_number(annotation: object) -> bool:
    """Whether a field holds a number only (int or float, or None): no yes/no value."""
    annotation = _plain(annotation)
    if get_origin(annotation) in (Union, UnionType):
        members = [_plain(a) for a in get_args(annotation) if a is not type(None)]
        return bool(members) and all(m in (int, float) for m in members)
    return annotation in (int, float)


def _number_kind(annotation: object) -> str:
    """'number', 'mapping' (of numbers) or '' for a field's annotation."""
    if _is_number(annotation):
        return "number"
    annotation = _plain(annotation)
    if get_origin(annotation) is dict and _is_number(get_args(annotation)[1]):
        return "mapping"
    return ""


class Section(BaseModel):
    """Base of every scenario section: unknown keys refused, values frozen, no infinity or
    NaN, and no yes/no value where a number is expected (YAML reads ``yes`` and ``true`` as
    true, which would otherwise pass as 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_yes_no_number(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        for name, value in data.items():
            field = cls.model_fields.get(name) if isinstance(name, str) else None
            kind = _number_kind(field.annotation) if field is not None else ""
            if kind == "number" and isinstance(value, bool):
                raise ValueError(f"{name}: {value!r} is a yes/no value; expected a number")
            if kind == "mapping" and isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, bool):
                        raise ValueError(
                            f"{name}.{key}: {item!r} is a yes/no value; expected a number"
                        )
        return data


def unit(name: str) -> dict[str, str]:
    """The unit of a field, as the parameter reference shows it (``json_schema_extra``)."""
    return {"unit": name}


def closest(name: str, choices: Sequence[str]) -> str:
    """A 'did you mean' hint for a misspelt name, or an empty string."""
    match = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_roles(keys: Sequence[str], where: str) -> None:
    """Refuse role keys that are not the toolkit's roles, with the closest one."""
    unknown = [k for k in keys if k not in ROLES]
    if unknown:
        hints = "; ".join(f"{k!r}{closest(k, list(ROLES))}" for k in unknown)
        raise ValueError(f"unknown role {hints} in {where}; expected one of {', '.join(ROLES)}")
