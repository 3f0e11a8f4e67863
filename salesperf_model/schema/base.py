"""The one base class of every scenario section, and the vocabularies the sections share."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from salesperf_model.outcomes import ROLES

Settlement = Literal["monthly", "quarterly", "half_year", "annual"]
ReviewCycle = Literal["monthly", "quarterly", "half_year", "annual"]
RegionTier = Literal[1, 2, 3]

#: Months per settlement period or review cycle.
MONTHS_PER: dict[str, int] = {"monthly": 1, "quarterly": 3, "half_year": 6, "annual": 12}


class Section(BaseModel):
    """Base of every scenario section: unknown keys refused, values frozen, no infinity or NaN."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
