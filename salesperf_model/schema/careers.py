"""The grade consequences that change who works in the sales force and how well: promotion,
training after a B, an improvement plan after a C (``grading.consequences``).

The plan states them; the simulation acts on them when reps respond to the plan (a
``behaviour`` section and the plan's review, ``simulate.careers``). With ``behaviour:
none`` every plan is paid on the same outcomes and none of them changes the future.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from salesperf_model.schema.base import Section, check_roles, unit


class Promotion(Section):
    """Each quarter one supervisor is chosen from the top 10% (the brief, section 3)."""

    enabled: bool = Field(
        True,
        description="Promote reps out of the sales force: the promoted rep leaves the rep population and a new hire takes the seat (domain brief, section 3: each quarter one supervisor is chosen from the top 10%). false: nobody is promoted.",
    )
    per_quarter: int = Field(
        1,
        ge=0,
        description="Reps promoted per quarter in each pool (domain brief: one supervisor each quarter). A review closing a half year promotes twice this, an annual review four times; a monthly review promotes at quarter ends only.",
        json_schema_extra=unit("reps per quarter per pool"),
    )
    from_top_share: float = Field(
        0.10,
        gt=0,
        le=1,
        description="Candidates are the pool's reps whose review points are in this top share (domain brief: the top 10%); the simulation picks among them at random (the choice of a committee the model does not see).",
        json_schema_extra=unit("share"),
    )
    pool: Literal["company", "region"] = Field(
        "company",
        description="Where candidates compete: the whole sales force of a simulation, or each region (then `per_quarter` per region). Assumption: the brief names one supervisor for the company.",
    )
    roles: list[str] | None = Field(
        None,
        description="Roles whose reps can be promoted; None: every role but regional_manager (already supervisors).",
    )

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "grading.consequences.promotion.roles")
        return value


class Training(Section):
    """B -> training on the weak skill (the brief, section 3)."""

    enabled: bool = Field(
        True,
        description="A rep graded B is trained on the weak skill (domain brief, section 3: B -> training on the weak skill). false: no training follows a B.",
    )
    skill_gain: float = Field(
        0.1,
        ge=0,
        le=2,
        description="Rise in the rep's skill (the model's one selling skill, in SD of the sales force) when the training is complete. Assumption: training raises the trained skill by about 0.6 SD (Arthur, Bennett, Edens & Bell, J. Appl. Psych. 2003, meta-analysis, behaviour criteria); one weak skill of several moves overall selling skill by a sixth of that.",
        json_schema_extra=unit("SD"),
    )
    months: int = Field(
        6,
        ge=1,
        le=24,
        description="Months over which the gain accrues, in equal monthly steps (a new hire in the seat stops it). A rep graded B again while in training is not trained twice. Assumption.",
        json_schema_extra=unit("months"),
    )


class ImprovementPlan(Section):
    """C -> improvement plan: closer supervision, then exit if C again (the brief, section 3)."""

    enabled: bool = Field(
        True,
        description="A rep graded C goes on an improvement plan: `months` of closer supervision, then the exit rule (C in `improvement_after_consecutive_c` reviews in a row raises the flag; the flagged rep leaves with `workforce.plan_exit_probability`). false: no supervision and no plan-driven exits (domain brief, section 3: C -> improvement plan; C twice running -> reassignment or dismissal after notice and a chance to improve).",
    )
    months: int = Field(
        3,
        ge=1,
        le=12,
        description="Months of closer supervision after a C grade (the brief's 'chance to improve', until the next quarterly review). Assumption.",
        json_schema_extra=unit("months"),
    )
    supervision_effort: float = Field(
        1.1,
        ge=1,
        le=2,
        description="Multiplier of a supervised rep's effort (visits) while on the plan: a manager who checks each week's visits. Assumption (1.1: a tenth more visits); 1 makes the plan a notice period only.",
        json_schema_extra=unit("multiplier"),
    )
