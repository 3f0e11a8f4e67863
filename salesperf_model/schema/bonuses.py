"""The bonus models, one per bonus `type`, and their discriminated union."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from salesperf_model.outcomes import MEASURES
from salesperf_model.schema.amounts import ByRole
from salesperf_model.schema.base import Section, Settlement, check_roles, closest, unit
from salesperf_model.schema.bounds import (
    MAX_ATTAINMENT,
    MAX_MONEY,
    Attainment,
    Factor,
    Money,
    Rate,
    Share,
)
from salesperf_model.schema.grading import Grade

#: A threshold bonus on attainment: commission-base revenue over quota for the settlement
#: period (``at_least: 1.0`` = quota met), a lump sum that moves with each rep's own quota.
ATTAINMENT = "attainment"


def _known_measure(value: str) -> str:
    if value not in MEASURES and value not in ("revenue_booked", "revenue_collected"):
        raise ValueError(
            f"unknown measure {value!r}{closest(value, list(MEASURES))}; expected one of "
            f"{', '.join(sorted([*MEASURES, 'revenue_booked', 'revenue_collected']))}"
        )
    return value


MeasureName = Annotated[str, AfterValidator(_known_measure)]


def _threshold_measure(value: str) -> str:
    return value if value == ATTAINMENT else _known_measure(value)


ThresholdMeasure = Annotated[str, AfterValidator(_threshold_measure)]


class _Bonus(Section):
    name: str = Field(
        description="Identifier; the payout component is `bonus_<name>`.",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    settlement: Settlement = Field("quarterly", description="How often it is assessed and paid.")
    roles: list[str] | None = Field(None, description="Roles eligible; None: every role.")

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "roles")
        return value


class OverAchievementBonus(_Bonus):
    """Extra rate on revenue above a multiple of quota (brief: 1% of revenue above 120%)."""

    type: Literal["over_achievement"] = Field(
        "over_achievement", description="Bonus kind; selects which keys below apply."
    )
    above_attainment: Attainment = Field(
        1.2,
        gt=0,
        description="Attainment above which the bonus is earned.",
        json_schema_extra=unit("ratio"),
    )
    rate: Rate = Field(
        0.01,
        description="Share of the revenue above that level.",
        json_schema_extra=unit("share of revenue"),
    )


class TopNBonus(_Bonus):
    """A fixed award to the top N reps by a measure (brief: 5,000 to each of the top 3 by quarterly new-customer count)."""

    type: Literal["top_n"] = Field(
        "top_n", description="Bonus kind; selects which keys below apply."
    )
    measure: MeasureName = Field(
        "new_customers", description="Measure ranked (summed over the settlement period)."
    )
    n: int = Field(3, ge=1, description="Reps awarded.", json_schema_extra=unit("reps"))
    amount: Money = Field(5000, description="Award per rep.", json_schema_extra=unit("money"))
    scope: Literal["company", "region", "team"] = Field(
        "company", description="Ranked within this unit."
    )
    tie_rule: Literal["share", "all"] = Field(
        "share",
        description="Reps tied at the N-th place: `share` splits the remaining awards equally among them; `all` pays each in full.",
    )
    minimum: float = Field(
        1.0,
        ge=0,
        description="Least value of the measure to qualify (zero new customers wins nothing).",
        json_schema_extra=unit("unit of the measure"),
    )


class ThresholdBonus(_Bonus):
    """A fixed award for reaching a level of a measure (brief: NPS >= 90 earns 3,000), or a share of quota."""

    type: Literal["threshold"] = Field(
        "threshold", description="Bonus kind; selects which keys below apply."
    )
    measure: ThresholdMeasure = Field(
        "nps",
        description="Measure tested (monthly mean over the settlement period), or `attainment`: commission-base revenue over quota for the settlement period (`at_least: 1.0` = quota met), so the award moves with each rep's own quota.",
    )
    at_least: float = Field(
        90,
        description="Level to reach: for `attainment` a ratio to quota from 0 to 10 (1.0 = quota met), for `nps` a score from -100 to 100, for other measures 0 or more.",
        json_schema_extra=unit("unit of the measure"),
    )
    amount: Money = Field(3000, description="Award.", json_schema_extra=unit("money"))

    @model_validator(mode="after")
    def _level_on_the_measure_scale(self) -> ThresholdBonus:
        """A level off its measure's scale awards nobody, or everybody, without a word
        (an NPS threshold of 1e15, attainment of 100 meant as 100%)."""
        low, high, scale = {
            ATTAINMENT: (0.0, MAX_ATTAINMENT, "a ratio to quota (1.0 = quota met)"),
            "nps": (-100.0, 100.0, "a net promoter score from -100 to 100"),
        }.get(self.measure, (0.0, MAX_MONEY, "the measure's own unit, 0 or more"))
        if not low <= self.at_least <= high:
            hint = ""
            if self.measure == ATTAINMENT and 1 <= self.at_least <= 100 * high:
                hint = f"; did you mean {self.at_least / 100:g}?"
            raise ValueError(
                f"at_least: {self.at_least:g} is outside {low:g}..{high:g} for measure "
                f"{self.measure!r}: {scale}{hint}"
            )
        return self


class TeamPoolBonus(_Bonus):
    """A pool for the region ranked first on attainment (brief: 100,000), split by a stated rule."""

    type: Literal["team_pool"] = Field(
        "team_pool", description="Bonus kind; selects which keys below apply."
    )
    pool: Money = Field(
        100_000,
        description="Pool for the winning region; regions tied first (to a part in a billion of attainment: rounding, not a lead) share it equally.",
        json_schema_extra=unit("money"),
    )
    split: Literal["by_revenue", "equal", "by_points"] = Field(
        "by_revenue",
        description="How the regional manager splits the pool among the region's reps (the brief leaves it to the manager; we state a rule).",
    )


class TargetBonus(_Bonus):
    """A target bonus paid by degree of completion and grade (grade multipliers)."""

    type: Literal["target_bonus"] = Field(
        "target_bonus", description="Bonus kind; selects which keys below apply."
    )
    target_amount: ByRole = Field(
        default_factory=ByRole,
        description="Target bonus per month of the settlement period, by role.",
    )
    grade_multipliers: dict[Grade, Factor] = Field(
        default_factory=lambda: {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.0},
        description="Multiplier on the target bonus by the grade of the review period.",
        json_schema_extra=unit("factor"),
    )


class ProfitShareBonus(_Bonus):
    """A pool of a share of profit, split by contribution (brief: e.g. 5% of annual profit)."""

    type: Literal["profit_share"] = Field(
        "profit_share", description="Bonus kind; selects which keys below apply."
    )
    share_of_profit: Share = Field(
        0.05,
        description="Share of gross profit put in the pool.",
        json_schema_extra=unit("share"),
    )
    split: Literal["by_profit", "by_revenue", "equal"] = Field(
        "by_profit", description="How the pool is split among eligible reps."
    )


Bonus = Annotated[
    OverAchievementBonus
    | TopNBonus
    | ThresholdBonus
    | TeamPoolBonus
    | TargetBonus
    | ProfitShareBonus,
    Field(discriminator="type"),
]
