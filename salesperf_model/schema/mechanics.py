"""Plan mechanics around commission (``pay.windfall``, ``pay.holdback``, ``pay.spifs``,
``pay.modifiers``): windfall deals, holdbacks, time-boxed SPIFs and payout modifiers.

Each is off by default (None or an empty list), so a plan that does not name them pays
exactly as before. The engine pays them in engine/mechanics.py as their own components:
``windfall``, ``holdback``, ``spif_<name>`` and ``modifier_<name>``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from salesperf_model.outcomes import MEASURES
from salesperf_model.schema.base import Section, check_roles, closest, unit
from salesperf_model.schema.bounds import Factor, Money, PositiveMoney, Rate, Share

#: Measures a modifier gate may read: every outcome measure and the two revenue totals.
GATE_MEASURES = (*MEASURES, "revenue_booked", "revenue_collected")


class Windfall(Section):
    """A windfall ("bluebird") deal policy: a deal above a threshold is capped, carved out
    of the tiers or paid at a flat rate (issue 19: e.g. a deal above half of annual quota)."""

    above_amount: PositiveMoney | None = Field(
        None,
        description="A deal whose booked value is above this amount is a windfall. Give this or `above_quota_share`.",
        json_schema_extra=unit("money"),
    )
    above_quota_share: Share | None = Field(
        None,
        gt=0,
        description="A deal above this share of the rep's annual quota (the sum of that year's monthly quotas) is a windfall, e.g. 0.5 (issue 19's example: half of annual quota). A rep with no quota has no windfall. Give this or `above_amount`.",
        json_schema_extra=unit("share of annual quota"),
    )
    action: Literal["cap", "carve_out", "flat_rate"] = Field(
        description="`cap`: the deal counts only up to the threshold (the excess earns nothing and counts for no tier); `carve_out`: the excess is taken out of the tiers and paid at `rate`; `flat_rate`: the WHOLE deal is taken out of the tiers and paid at `rate`.",
    )
    rate: Rate | None = Field(
        None,
        description="Rate on what is taken out of the tiers: needed with `flat_rate`; with `carve_out` None pays the first tier's rate (the plan's base rate, no accelerator: assumption, the usual reading of a carve-out paid 'at base rate'); not used with `cap`.",
        json_schema_extra=unit("share of revenue"),
    )

    @model_validator(mode="after")
    def _check(self) -> Windfall:
        if (self.above_amount is None) == (self.above_quota_share is None):
            given = "both" if self.above_amount is not None else "neither"
            raise ValueError(
                f"above_amount: a windfall threshold is an amount (above_amount) or a share "
                f"of annual quota (above_quota_share), got {given}"
            )
        if self.action == "flat_rate" and self.rate is None:
            raise ValueError(
                "rate: action flat_rate pays the windfall deal at a flat rate; "
                "got no rate, expected a share of revenue, e.g. 0.02"
            )
        if self.action == "cap" and self.rate is not None:
            raise ValueError(
                f"rate: action cap pays nothing above the threshold; got rate "
                f"{self.rate:g}, expected no rate (or action carve_out / flat_rate)"
            )
        return self


class Holdback(Section):
    """A share of commission held back and released some months later if the customers
    stay and the rep is still in the seat (forfeited on exit)."""

    share: Share = Field(
        gt=0,
        description="Share of each positive commission payment held back, e.g. 0.2. Required, no default: the share is the plan's own choice (no survey figure found for a typical share).",
        json_schema_extra=unit("share"),
    )
    months: int = Field(
        3,
        ge=1,
        le=24,
        description="Months after the commission payment when the held amount is released. Default 3: one quarter, assumption (a typical cancellation or return window for a B2B order; no survey figure found).",
        json_schema_extra=unit("months"),
    )
    release: Literal["customers_kept", "in_full"] = Field(
        "customers_kept",
        description="`customers_kept`: the release is scaled by the share of the rep's existing customers kept over the months held (the simulation's `customers_lost` / `existing_customers`; in full where the data has no customers); `in_full`: released in full. Either way nothing is released if the rep left the seat in between (forfeited).",
    )


def _month_label(value: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValueError(f"{value!r} is not a month; expected 'YYYY-MM', e.g. '2026-03'")
    return value


class Spif(Section):
    """A time-boxed incentive (SPIF): a rate on eligible revenue or an amount per eligible
    deal within a window of months, for eligible roles, paid from its own fund."""

    name: str = Field(
        description="Identifier; the payout component is `spif_<name>`.",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    window: tuple[str, str] = Field(
        description="First and last month of the SPIF, ['YYYY-MM', 'YYYY-MM'], inside the simulated horizon (`simulation.start_period` and `periods`); imported data pays only the months of the window it has.",
        json_schema_extra=unit("months"),
    )
    roles: list[str] | None = Field(None, description="Roles eligible; None: every role.")
    products: list[str] | None = Field(
        None,
        description="Product lines whose revenue (or deals, in proportion to the line's share of revenue) earns the SPIF; names from `population.products.mix`; None: every line.",
    )
    customers: Literal["new", "existing", "all"] = Field(
        "new",
        description="Customers whose booked revenue earns it: `new` (the usual SPIF for new logos; assumption), `existing` or `all`. `per_deal` counts new-customer deals won whatever this says.",
    )
    rate: Rate = Field(
        0.0,
        description="Share of eligible booked revenue in the window paid as the SPIF.",
        json_schema_extra=unit("share of revenue"),
    )
    per_deal: Money = Field(
        0.0,
        description="Amount per eligible new-customer deal won in the window.",
        json_schema_extra=unit("money per deal"),
    )
    fund: PositiveMoney | None = Field(
        None,
        description="The SPIF's own fund for the whole sales force over the window: once paid out, later earnings are not paid (the month that exhausts it is shared pro rata); None: no limit.",
        json_schema_extra=unit("money"),
    )

    @field_validator("window")
    @classmethod
    def _window(cls, value: tuple[str, str]) -> tuple[str, str]:
        first, last = (_month_label(v) for v in value)
        if last < first:
            raise ValueError(
                f"window ends ({last}) before it starts ({first}); expected [first, last]"
            )
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "roles")
        return value

    @model_validator(mode="after")
    def _pays(self) -> Spif:
        if self.rate == 0 and self.per_deal == 0:
            raise ValueError(
                f"rate: spif {self.name} pays nothing; expected a rate (share of eligible revenue) "
                "or a per_deal amount above 0"
            )
        return self


class Modifier(Section):
    """A payout modifier: when a named measure misses its gate in a commission settlement,
    that settlement's commission is multiplied by ``factor`` (issue 19: satisfaction below
    its target -> commission x 0.75)."""

    name: str = Field(
        description="Identifier; the payout component is `modifier_<name>`.",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    measure: str = Field(
        description="The outcome measure gated (e.g. `nps`, `complaints`, `revenue_collected`).",
    )
    aggregate: Literal["mean", "sum"] = Field(
        "mean",
        description="How the measure is read over the commission's settlement period: the mean of its months (scores such as NPS) or their sum (counts, money).",
    )
    at_least: float | None = Field(
        None,
        description="The gate passes when the measure is at least this; give this or `at_most`.",
    )
    at_most: float | None = Field(
        None,
        description="The gate passes when the measure is at most this (complaints, incidents); give this or `at_least`.",
    )
    factor: Factor = Field(
        0.75,
        description="Commission multiplier when the gate misses. Default 0.75: issue 19's example (assumption, no survey figure found).",
        json_schema_extra=unit("factor"),
    )
    roles: list[str] | None = Field(None, description="Roles it applies to; None: every role.")

    @field_validator("measure")
    @classmethod
    def _measure(cls, value: str) -> str:
        if value not in GATE_MEASURES:
            raise ValueError(
                f"unknown measure {value!r}{closest(value, GATE_MEASURES)}; expected one of "
                f"{', '.join(GATE_MEASURES)}"
            )
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "roles")
        return value

    @model_validator(mode="after")
    def _gate(self) -> Modifier:
        if (self.at_least is None) == (self.at_most is None):
            given = "both" if self.at_least is not None else "neither"
            raise ValueError(
                f"at_least: modifier {self.name}: a gate is `at_least` or `at_most` a value, got {given}"
            )
        return self


def horizon_months(start_period: str, periods: int) -> list[str]:
    """The 'YYYY-MM' labels of a simulated horizon."""
    year, month = (int(x) for x in start_period.split("-"))
    first = year * 12 + month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, first + periods)]


def mechanics_problems(
    spifs: list[Spif], products: list[str], *, start_period: str, periods: int
) -> list[str]:
    """What is wrong with the SPIFs against the scenario: a window outside the simulated
    horizon, a product line the population does not sell; each with key, value and what
    is expected."""
    months = horizon_months(start_period, periods)
    problems = []
    for i, spif in enumerate(spifs):
        outside = [m for m in spif.window if m not in months]
        if outside:
            problems.append(
                f"pay.spifs.{i}.window: {list(spif.window)} has {', '.join(outside)} outside "
                f"the simulated horizon {months[0]}..{months[-1]} (simulation.start_period "
                "and periods); expected months inside it"
            )
        for line in spif.products or []:
            if line not in products:
                problems.append(
                    f"pay.spifs.{i}.products: unknown product line {line!r}"
                    f"{closest(line, products)}; expected one of population.products.mix: "
                    f"{', '.join(products)}"
                )
    return problems
