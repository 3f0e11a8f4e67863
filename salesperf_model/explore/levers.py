"""Every plan lever of a scenario as an explorer control: its group, words, unit, range and where it lives in the scenario."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from salesperf_model.schema import GRADES, Scenario
from salesperf_model.schema.bounds import MAX_ATTAINMENT, MAX_FACTOR, MAX_POINTS, MAX_RATE

#: Tabs of the explorer, in the parameter reference's order of the plan's sections.
GROUPS: tuple[str, ...] = (
    "Base and pay mix",
    "Commission",
    "Coefficients",
    "Bonuses",
    "KPI weights",
    "Grading",
)

Path = tuple[str | int, ...]
Value = float | str


@dataclass(frozen=True)
class Lever:
    """One control: ``shown = stored x scale`` (ratios and shares shown in percent); with
    ``none_at_zero`` a shown 0 stores None ("no cap"). ``start`` is the value shown for the
    starting plan (None for a tier the analyst added)."""

    key: str
    group: str
    label: str
    path: Path
    kind: Literal["number", "whole", "choice", "switch"] = "number"
    scale: float = 1.0
    low: float = 0.0
    high: float = 100.0
    step: float = 1.0
    options: tuple[str, ...] = ()
    none_at_zero: bool = False
    start: Value | None = None
    #: the range doubles when the analyst reaches its end (money, counts: no schema limit
    #: a slider could show)
    stretches: bool = False

    def shown(self, stored: object) -> Value:
        """The control's value for a stored scenario value."""
        if self.kind == "choice":
            return str(stored)
        if self.kind == "switch":
            return "yes" if stored else "no"
        if stored is None:
            return 0.0
        return round(float(stored) * self.scale, 9)

    def stored(self, shown: Value) -> object:
        """The scenario value for a control's value."""
        if self.kind == "choice":
            return shown
        if self.kind == "switch":
            return shown == "yes"
        if self.none_at_zero and float(shown) == 0:
            return None
        if self.kind == "whole":
            return round(float(shown))
        return round(float(shown) / self.scale, 12)


#: How each unit is shown: (scale, suffix, lowest high end, step). The high end is at
#: least the schema's own limit for rates, attainment ratios, factors and slopes, so a
#: slider never clamps a value the schema allows (money's limit, 1e12, is a typo guard).
_UNITS: dict[str, tuple[float, str, float, float]] = {
    "ratio": (100.0, "% of quota", 100 * MAX_ATTAINMENT, 5.0),
    "ratio to target": (100.0, "% of target", 100 * MAX_ATTAINMENT, 5.0),
    "share of revenue": (100.0, "% of revenue", 100 * MAX_RATE, 0.25),
    "share": (100.0, "%", 100.0, 0.5),
    "money": (1.0, "{currency}", 10_000.0, 100.0),
    "money per month": (1.0, "{currency} a month", 10_000.0, 100.0),
    "factor": (1.0, "x", MAX_FACTOR, 0.05),
    "reps": (1.0, "reps", 20.0, 1.0),
    "review periods": (1.0, "reviews", 8.0, 1.0),
    "points": (1.0, "points", MAX_POINTS, 1.0),
    "percent": (1.0, "%", 100.0, 0.5),
    "unit of the measure": (1.0, "", 100.0, 1.0),
    "rate per unit attainment": (100.0, "% per 100% of quota", 100.0, 0.25),  # Slope: +-1
}


#: Units whose values run from 0 to 100 in the schema (Points, Percent).
_HUNDRED_AT_MOST = ("points", "percent")

#: Units whose slider stretches at its end: the schema has no limit a slider could reach.
_STRETCHING = ("money", "money per month", "reps", "review periods", "unit of the measure")


def number_lever(
    key: str,
    group: str,
    words: str,
    *,
    path: Path,
    unit: str,
    stored: object,
    currency: str,
    optional: bool = False,
) -> Lever:
    """A number lever in the unit's words and a range wide enough for twice the value."""
    scale, suffix, high, step = _UNITS.get(unit, (1.0, "", 100.0, 1.0))
    suffix = suffix.format(currency=currency)
    value = 0.0 if stored is None else float(stored) * scale
    # points and percents stop at the schema's 100 (a band at 135 was offered, then
    # refused); other units reach twice the value
    high = MAX_POINTS if unit in _HUNDRED_AT_MOST else max(high, 2 * abs(value))
    if step >= 100:
        high = float(round(high, -3))
    low = -high if value < 0 else 0.0
    label = f"{words} ({suffix})" if suffix else words
    if optional:
        label += ", 0 = none"
    lever = Lever(
        key=key,
        group=group,
        label=label,
        path=path,
        kind="whole" if unit in ("reps", "review periods") else "number",
        scale=scale,
        low=low,
        high=high,
        step=step,
        none_at_zero=optional,
        stretches=unit in _STRETCHING,
    )
    return _started(lever, stored)


def _started(lever: Lever, stored: object) -> Lever:
    return Lever(**{**lever.__dict__, "start": lever.shown(stored)})


def _choices(annotation: object) -> tuple[str, ...]:
    """The allowed words of a Literal field (also inside ``X | None``)."""
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return ()


def _words(name: str) -> str:
    return name.replace("_", " ")


def model_levers(
    model: BaseModel,
    path: Path,
    group: str,
    *,
    prefix: str,
    currency: str,
    key_path: Path | None = None,
) -> list[Lever]:
    """A lever for every number with a unit and every choice of ``model``'s own fields;
    per-tier (1/2/3) mappings of factors become one lever per region tier. Keys follow
    ``key_path`` (default ``path``): a bonus's controls are keyed by its name, not its place."""
    levers = []
    for name, field in type(model).model_fields.items():
        alias = field.alias or name
        value = getattr(model, name)
        key = ".".join(str(p) for p in (*(path if key_path is None else key_path), alias))
        field_path = (*path, alias)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        unit = str(extra.get("unit", ""))
        options = _choices(field.annotation)
        words = f"{prefix}{_words(alias)}"
        if options and name != "type":
            lever = Lever(
                key=key, group=group, label=words, path=field_path, kind="choice", options=options
            )
            levers.append(_started(lever, value))
        elif isinstance(value, Mapping) and unit and all(isinstance(k, int) for k in value):
            for tier, stored in value.items():
                levers.append(
                    number_lever(
                        f"{key}.{tier}",
                        group,
                        f"{words.replace('region tier ', '')}, tier-{tier} regions",
                        path=(*field_path, tier),
                        unit=unit,
                        stored=stored,
                        currency=currency,
                    )
                )
        elif (
            unit
            and (value is None or isinstance(value, int | float))
            and not isinstance(value, bool)
        ):
            levers.append(
                number_lever(
                    key,
                    group,
                    words,
                    path=field_path,
                    unit=unit,
                    stored=value,
                    currency=currency,
                    optional=value is None or "None" in (field.description or ""),
                )
            )
    return levers


#: Controls per commission tier, in the order they are shown (the first is `from_amount`
#: on amount-based tiers).
TIER_FIELDS = ("from_attainment", "rate", "slope", "gated")


def tier_start_field(scenario: Scenario) -> str:
    """The tier field a tier starts at: ``from_attainment``, or ``from_amount``."""
    return "from_amount" if scenario.pay.commission.tiers_on == "amount" else "from_attainment"


def tier_levers(tiers: int, start: Scenario, currency: str) -> list[Lever]:
    """Start, rate, slope and gate of tiers 1..``tiers`` (tier 1 always starts at 0% of
    quota, or at 0 on amount-based tiers); a tier the analyst added has no starting value."""
    old = start.pay.commission.tiers
    begins = tier_start_field(start)
    begins_unit = "money" if begins == "from_amount" else "ratio"
    levers = []
    for i in range(tiers):
        path: Path = ("pay", "commission", "tiers", i)
        tier = old[i] if i < len(old) else None
        for field, words, unit in (
            (begins, f"tier {i + 1} starts at", begins_unit),
            ("rate", f"tier {i + 1} rate", "share of revenue"),
            ("slope", f"tier {i + 1} slope: rate added", "rate per unit attainment"),
        ):
            stored = getattr(tier, field) if tier is not None else 0.0
            lever = number_lever(
                f"tier.{i + 1}.{field}",
                "Commission",
                words,
                path=(*path, field),
                unit=unit,
                stored=stored,
                currency=currency,
            )
            if field == "slope":  # a decelerator is a negative slope
                lever = Lever(**{**lever.__dict__, "low": -lever.high})
            levers.append(lever if tier is not None else Lever(**{**lever.__dict__, "start": None}))
        gate = Lever(
            key=f"tier.{i + 1}.gated",
            group="Commission",
            label=f"tier {i + 1} gated: paid only once the year's quota is met",
            path=(*path, "gated"),
            kind="switch",
            options=("no", "yes"),
        )
        levers.append(_started(gate, tier.gated) if tier is not None else gate)
    return levers


def bands_in_order(scenario: Scenario) -> bool:
    """Bands S > A > B > C from top to bottom (the explorer edits their three edges)."""
    lows = {b.grade: b.min_points for b in scenario.grading.bands}
    return (
        lows["C"] is None
        and all(lows[g] is not None for g in GRADES[:-1])
        and lows["S"] > lows["A"] > lows["B"]
    )


def base_levers(scenario: Scenario, *, tiers: int | None = None) -> list[Lever]:
    """The pay, tier, bonus, KPI-weight and grading levers of ``scenario`` (the rest are in
    :mod:`salesperf_model.explore.more_levers`)."""
    currency = scenario.currency
    pay = scenario.pay
    levers: list[Lever] = []
    base = ("pay", "base_salary")
    for role, amount in pay.base_salary.by_role.items():
        levers.append(
            number_lever(
                f"pay.base_salary.by_role.{role}",
                GROUPS[0],
                f"base salary, {_words(role)}",
                path=(*base, "by_role", role),
                unit="money per month",
                stored=amount,
                currency=currency,
            )
        )
    levers += model_levers(
        pay.base_salary, base, GROUPS[0], prefix="base salary ", currency=currency
    )
    for name, allowance in pay.allowances.items():
        levers.append(
            number_lever(
                f"pay.allowances.{name}.default",
                GROUPS[0],
                f"{_words(name)} allowance",
                path=("pay", "allowances", name, "default"),
                unit="money per month",
                stored=allowance.default,
                currency=currency,
            )
        )
    for end, words in enumerate(("base share of on-target pay, low", "high")):
        levers.append(
            number_lever(
                f"pay.base_share_band.{end}",
                GROUPS[0],
                words if end == 0 else "base share of on-target pay, high",
                path=("pay", "base_share_band", end),
                unit="share",
                stored=pay.base_share_band[end],
                currency=currency,
            )
        )
    levers += tier_levers(tiers or len(pay.commission.tiers), scenario, currency)
    commission = ("pay", "commission")
    for lever in model_levers(pay.commission, commission, GROUPS[1], prefix="", currency=currency):
        coefficient = "coefficient" in lever.key
        levers.append(Lever(**{**lever.__dict__, "group": GROUPS[2] if coefficient else GROUPS[1]}))
    levers += model_levers(
        pay.commission.customer_factors,
        (*commission, "customer_factors"),
        GROUPS[2],
        prefix="customer factor, ",
        currency=currency,
    )
    for role in scenario.scoring.weights:
        for kpi, weight in scenario.scoring.weights[role].items():
            levers.append(
                number_lever(
                    f"scoring.weights.{role}.{kpi}",
                    GROUPS[4],
                    _words(kpi),
                    path=("scoring", "weights", role, kpi),
                    unit="percent",
                    stored=weight,
                    currency=currency,
                )
            )
    levers += model_levers(
        scenario.scoring, ("scoring",), GROUPS[4], prefix="KPI score ", currency=currency
    )
    grading = scenario.grading
    levers += model_levers(grading, ("grading",), GROUPS[5], prefix="grading ", currency=currency)
    if bands_in_order(scenario):
        for band in grading.bands:
            if band.min_points is not None:
                levers.append(
                    number_lever(
                        f"band.{band.grade}",
                        GROUPS[5],
                        f"band {band.grade} starts at",
                        path=("grading", "bands"),
                        unit="points",
                        stored=band.min_points,
                        currency=currency,
                    )
                )
    for grade, share in grading.shares.items():
        for end in ("target", "min", "max"):
            levers.append(
                number_lever(
                    f"grading.shares.{grade}.{end}",
                    GROUPS[5],
                    f"{grade} share, {end}",
                    path=("grading", "shares", grade, end),
                    unit="share",
                    stored=getattr(share, end),
                    currency=currency,
                )
            )
    return levers
