"""The explorer's control values -> a validated scenario, refused in the controls' own words, units and numbering."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence

from pydantic import ValidationError

from salesperf_model.explore.checks import problems_in_controls
from salesperf_model.explore.levers import Lever, Value, tier_start_field
from salesperf_model.schema import GRADES, Scenario


class PlanRefused(ValueError):
    """The controls do not make a valid plan; ``problems`` says why, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def start_values(levers: Sequence[Lever]) -> dict[str, Value]:
    """The controls as the starting plan sets them (a new tier starts at 0, ungated)."""
    return {lever.key: _blank(lever) if lever.start is None else lever.start for lever in levers}


def _blank(lever: Lever) -> Value:
    return lever.options[0] if lever.kind in ("choice", "switch") else 0.0


def _set(data: dict, path: Sequence[str | int], value: object) -> None:
    node = data
    for part in path[:-1]:
        # A per-KPI rule the starting plan does not have yet starts empty.
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    node[path[-1]] = value


def _bands(edges: Mapping[str, float]) -> list[dict[str, object]]:
    """Contiguous bands S > A > B > C from the lower edges of S, A and B."""
    tops = [None, edges["S"], edges["A"], edges["B"]]
    lows = [edges["S"], edges["A"], edges["B"], None]
    return [
        {"grade": grade, "min_points": low, "max_points": top}
        for grade, low, top in zip(GRADES, lows, tops, strict=True)
    ]


def plan_data(start: Scenario, levers: Sequence[Lever], values: Mapping[str, Value]) -> dict:
    """The starting scenario's data with every control that moved written in. A control
    left at its starting value keeps the starting value exactly (no rounding creeps in)."""
    data = copy.deepcopy(start.model_dump(by_alias=True))
    data["pay"]["base_share_band"] = list(data["pay"]["base_share_band"])
    bands = data["scoring"]["family_bands"]
    data["scoring"]["family_bands"] = {family: list(band) for family, band in bands.items()}
    tiers = [lever for lever in levers if lever.key.startswith("tier.")]
    old = data["pay"]["commission"]["tiers"]
    count = sum(1 for lever in tiers if lever.key.endswith(".rate"))
    blank = {tier_start_field(start): 0.0, "rate": 0.0, "slope": 0.0, "gated": False}
    data["pay"]["commission"]["tiers"] = [
        dict(old[i]) if i < len(old) else dict(blank) for i in range(count)
    ]
    edges: dict[str, float] = {}
    for lever in levers:
        value = values.get(lever.key, lever.start)
        if lever.key.startswith("band."):
            edges[lever.key[5:]] = float(value)
            continue
        if lever.start is not None and value == lever.start:
            continue
        _set(data, lever.path, lever.stored(value))
    if edges and any(edges[g] != lever_start(levers, f"band.{g}") for g in edges):
        data["grading"]["bands"] = _bands(edges)
    if data["grading"]["method"] == "forced":  # cuts at the targets: min and max widened
        for share in data["grading"]["shares"].values():
            share["min"] = min(share["min"], share["target"])
            share["max"] = max(share["max"], share["target"])
    return data


def lever_start(levers: Sequence[Lever], key: str) -> Value | None:
    """The starting value of the control ``key``."""
    return next((lever.start for lever in levers if lever.key == key), None)


def _control_of(levers: Sequence[Lever], location: Sequence[str | int]) -> Lever | None:
    """The control a pydantic error location points at (the longest matching path); a
    bonus's location carries its type tag after the index, which the data path does not."""
    location = list(location)
    for k in range(len(location) - 3):
        if location[k] == "bonuses" and isinstance(location[k + 1], int):
            del location[k + 2]
            break
    best: Lever | None = None
    for lever in levers:
        if tuple(location[: len(lever.path)]) == lever.path and (
            best is None or len(lever.path) > len(best.path)
        ):
            best = lever
    return best


def _bound_shown(lever: Lever, message: str) -> str:
    """'Input should be less than or equal to 1' -> '... to 100' for a control in %."""
    if lever.kind == "choice" or lever.scale == 1:
        return message
    # The schema's unit hint ("1.5 is above 1: shares are fractions ...; did you mean
    # 0.015?") speaks in fractions; the control speaks in its own unit.
    above = re.match(r"(-?[0-9.]+(?:e-?[0-9]+)?) is above (-?[0-9.]+(?:e-?[0-9]+)?)", message)
    if above:
        value, upper = (float(g) * lever.scale for g in above.groups())
        return f"{value:g} is above the largest allowed, {upper:g}"
    return re.sub(
        r"(than(?: or equal to)?) (-?[0-9.]+(?:e-?[0-9]+)?)",
        lambda m: f"{m.group(1)} {float(m.group(2)) * lever.scale:g}",
        message,
    )


def _translate(error: ValidationError, levers: Sequence[Lever]) -> list[str]:
    problems = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        lever = _control_of(levers, item["loc"])
        if lever is None:
            where = ".".join(str(p) for p in item["loc"]) or "the plan"
            problems.append(f"{where}: {message}")
        else:
            problems.append(f"{lever.label}: {_bound_shown(lever, message)}")
    return problems


def build_plan(
    start: Scenario,
    levers: Sequence[Lever],
    values: Mapping[str, Value],
    *,
    name: str = "edited plan",
) -> Scenario:
    """The plan the controls describe, validated by the scenario schema; raises
    :class:`PlanRefused` with every problem in the controls' words ("tier 2 starts at
    120% of quota, below tier 1 at 130%") instead of the schema's paths."""
    problems = problems_in_controls(start, levers, values)
    if problems:
        raise PlanRefused(problems)
    data = plan_data(start, levers, values)
    data["name"] = name
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise PlanRefused(_translate(error, levers)) from None
