"""Plausible ranges for rates, shares, factors, attainment ratios, points and money, and the unit mistakes they catch.

A payroll-adjacent tool must not turn a typo into a confident wrong number: ``rate: 3``
meant as 3% would pay a hundred times too much, grade multipliers written 150/120/100
would pay 150 times the target bonus. Each kind of number has one documented range (the
parameter reference shows it); a value outside it that is a whole percent of a value
inside it is refused with the likely fix ("did you mean 0.03?"). Infinity and NaN are
refused everywhere by the ``Section`` base (``allow_inf_nan=False``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import BeforeValidator, Field

#: Highest commission or bonus rate, as a share of revenue (50%).
MAX_RATE = 0.5
#: Highest factor or multiplier (grade, region tier, customer, big-account): 10x.
MAX_FACTOR = 10.0
#: Highest attainment ratio a tier, threshold or cap may name: 10.0 = 1000% of quota.
MAX_ATTAINMENT = 10.0
#: Highest amount of money in one line of a plan (a salary, an award, a pool, a budget).
MAX_MONEY = 1e12
#: Points run from 0 to 100 (every KPI at target scores 100).
MAX_POINTS = 100.0


def percent_hint(
    upper: float, noun: str, example: str, *, signed: bool = False
) -> Callable[[object], object]:
    """A before-validator: a number of at least 1 above ``upper`` (below ``-upper`` too
    when ``signed``: a field that takes negatives) whose hundredth is within range is
    refused as a percent written where a fraction or factor is meant. A negative number
    where none is taken is left to the range check ("greater than or equal to 0")."""

    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        if value < 0 and not signed:
            return value
        if abs(value) > upper and 1 <= abs(value) <= 100 * upper:
            side = f"above {upper:g}" if value > 0 else f"below {-upper:g}"
            raise ValueError(
                f"{value:g} is {side}: {noun} ({example}); did you mean {value / 100:g}?"
            )
        return value

    return check


def _points_scale(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_POINTS:
        raise ValueError(
            f"{value:g} is above {MAX_POINTS:g} points: points run from 0 to 100"
            " (100 = every KPI exactly at target)"
        )
    return value


Rate = Annotated[
    float,
    BeforeValidator(percent_hint(MAX_RATE, "rates are shares of revenue", "0.03 = 3%")),
    Field(ge=0, le=MAX_RATE),
]
Slope = Annotated[
    float,
    BeforeValidator(
        percent_hint(1.0, "slopes are rates per 1.0 of attainment", "0.05 = 5%", signed=True)
    ),
    Field(ge=-1, le=1),
]
Share = Annotated[
    float,
    BeforeValidator(percent_hint(1.0, "shares are fractions", "0.25 = 25%")),
    Field(ge=0, le=1),
]
Factor = Annotated[
    float,
    BeforeValidator(percent_hint(MAX_FACTOR, "multipliers are factors", "1.5 = 150%")),
    Field(ge=0, le=MAX_FACTOR),
]
Attainment = Annotated[
    float,
    BeforeValidator(
        percent_hint(MAX_ATTAINMENT, "attainment is a ratio to quota", "1.0 = 100% of quota")
    ),
    Field(ge=0, le=MAX_ATTAINMENT),
]
Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]
PositiveMoney = Annotated[float, Field(gt=0, le=MAX_MONEY)]
Points = Annotated[float, BeforeValidator(_points_scale), Field(ge=0, le=MAX_POINTS)]
Percent = Annotated[
    float,
    Field(ge=0, le=100),
]
