"""Long-term and non-cash plan elements (``pay.long_term``): a deferred bonus or equity
tied to the finally closed amount with vesting, a development fund, and non-cash rewards
with an assigned value (domain brief, sections 4 and 5).

Each element is paid in the engine as a payout component (``deferred_<name>``,
``fund_<name>``, ``non_cash_<name>``), so cost tables and statements show its cost.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from salesperf_model.schema.base import Section, check_roles, unit
from salesperf_model.schema.bounds import Money, Rate, Share
from salesperf_model.schema.grading import Grade


def _default_vesting() -> list[tuple[int, float]]:
    return [(2, 0.2), (3, 0.4), (4, 0.4)]


class _Element(Section):
    name: str = Field(
        description="Identifier; the payout component is `<type prefix>_<name>` (deferred_, fund_, non_cash_).",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    roles: list[str] | None = Field(None, description="Roles eligible; None: every role.")

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "roles")
        return value


class DeferredBonus(_Element):
    """An annual bonus or equity grant tied to the finally closed amount, vesting over years, forfeited on exit (domain brief, sections 4 and 5: e.g. 20% unlocks after 2 years)."""

    type: Literal["deferred_bonus"] = Field(
        "deferred_bonus", description="Element kind; selects which keys below apply."
    )
    form: Literal["equity", "cash"] = Field(
        "equity",
        description="Restricted stock valued at grant, or deferred cash: the same cost to the model, named in the words.",
    )
    share_of_closed: Rate = Field(
        0.01,
        description="Grant value as a share of the plan year's finally closed amount (`measure`), earned month by month and granted at the year's end. Assumption: 1%, a third of the brief's 3% commission rate below quota.",
        json_schema_extra=unit("share of revenue"),
    )
    measure: Literal["revenue_collected", "revenue_booked"] = Field(
        "revenue_collected",
        description="The finally closed amount: cash collected (the brief's commission base) or booked revenue.",
    )
    vesting: list[tuple[int, Share]] = Field(
        default_factory=_default_vesting,
        description="Tranches as [years after the grant, share of the grant]; shares add to 1. Default [[2, 0.2], [3, 0.4], [4, 0.4]]: the brief's 20% after 2 years, the rest (our assumption) over the next two.",
        json_schema_extra=unit("[years, share]"),
    )

    @model_validator(mode="after")
    def _check(self) -> DeferredBonus:
        years = [y for y, _ in self.vesting]
        if not self.vesting or any(y < 1 for y in years) or years != sorted(set(years)):
            raise ValueError(
                f"pay.long_term {self.name}: vesting years {years}; expected whole years"
                " after the grant, at least 1, each once, in order, e.g. [[2, 0.2], [3, 0.8]]"
            )
        total = sum(s for _, s in self.vesting)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"pay.long_term {self.name}: vesting shares add to {total:g}; expected 1"
            )
        return self


class DevelopmentFund(_Element):
    """A development fund (domain brief, section 5: MBA fees; a housing subsidy of 100,000 after 3 years)."""

    type: Literal["development_fund"] = Field(
        "development_fund", description="Element kind; selects which keys below apply."
    )
    amount: Money = Field(
        100_000,
        description="What the fund pays a rep: once (`per: once`) or each year, a twelfth each month (`per: year`). Default: the brief's housing subsidy of 100,000.",
        json_schema_extra=unit("money"),
    )
    per: Literal["once", "year"] = Field(
        "once",
        description="`once`: paid in the month the rep completes `after_tenure_months` in the seat; `year`: amount / 12 every month from then on (e.g. MBA fees).",
    )
    after_tenure_months: int = Field(
        36,
        ge=0,
        description="Months in the seat before the fund pays (brief: the housing subsidy after 3 years).",
        json_schema_extra=unit("months"),
    )


class NonCashReward(_Element):
    """A non-cash reward at each review for the named grades, at an assigned value so its cost shows (domain brief, section 5: titles, flexible hours for S-grade reps)."""

    type: Literal["non_cash"] = Field(
        "non_cash", description="Element kind; selects which keys below apply."
    )
    value: Money = Field(
        2000,
        description="Value the company assigns to one award (what it costs or is worth to the rep), counted at the review's last month. Assumption: set it.",
        json_schema_extra=unit("money per award"),
    )
    grades: list[Grade] = Field(
        default_factory=lambda: ["S"],
        min_length=1,
        description="Grades of a review that earn the award (brief: flexible hours for S-grade reps).",
    )
    exit_effect: float = Field(
        1.0,
        gt=0,
        le=2,
        description="Multiplier of a recipient's monthly exit hazard until the next review, when reps respond to the plan (behaviour on): below 1 recipients leave less. Default 1: no effect; no source measures it, set it.",
        json_schema_extra=unit("multiplier"),
    )


LongTermElement = Annotated[
    DeferredBonus | DevelopmentFund | NonCashReward, Field(discriminator="type")
]

#: Payout-component prefix of each element type.
COMPONENT_PREFIX: dict[str, str] = {
    "deferred_bonus": "deferred_",
    "development_fund": "fund_",
    "non_cash": "non_cash_",
}
