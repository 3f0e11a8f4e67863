"""The `decision:` section: the rule a comparison recommends a plan by (the baseline's applies)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from salesperf_model.schema.base import Section, closest, unit
from salesperf_model.schema.bounds import Percent, Share

#: The smallest change against the baseline that counts in the fairness verdict, per
#: component, in the component's own unit (see the field's description for why).
SMALLEST_FAIRNESS_CHANGE: dict[str, float] = {
    "merit_alignment_pay": 0.01,  # rank correlation
    "grade_accuracy": 1.0,  # points of % of rep-reviews
    "gender_pay_gap_mean": 1.0,  # points of % of men's pay, the gap's size
    "luck_share": 1.0,  # points of % of the explained pay differences
}
FairnessComponent = Literal[
    "merit_alignment_pay", "grade_accuracy", "gender_pay_gap_mean", "luck_share"
]


class Decision(Section):
    """Conditions every recommended plan must meet, then what to prefer among those that do.

    Like the budget, the baseline's section applies to the whole comparison. Each condition
    is judged with its Monte Carlo uncertainty: a plan whose figure is within the
    simulation noise of a limit neither clearly passes nor clearly fails it. The smallest
    fairness change is the size a change in fairness must reach, beyond being clear of the
    noise, to make a plan fairer or less fair in the fairness verdict.
    """

    budget_probability: Share = Field(
        0.9,
        description="Least probability of staying within each budget line that is set "
        "(budget.total_pay, budget.cost_of_sales); leadership's usual bar is 90%.",
        json_schema_extra=unit("probability"),
    )
    max_losers_pct: Percent = Field(
        20.0,
        description="Most reps, in % of the sales force, whose pay may fall by more than "
        "loss_threshold_pct against the baseline (the disruption a change may cause).",
        json_schema_extra=unit("% of reps"),
    )
    loss_threshold_pct: Percent = Field(
        5.0,
        gt=0,
        description="A rep counts as losing when their total pay falls by more than this "
        "% of their pay under the baseline.",
        json_schema_extra=unit("% of pay"),
    )
    no_pay_equity_flag: bool = Field(
        True,
        description="Refuse plans whose gender pay gap (mean total pay, all reps) is 5% or "
        "more either way: the EU Pay Transparency Directive's trigger for a joint pay "
        "assessment (Art. 10).",
    )
    prefer: Literal["fairest", "cheapest"] = Field(
        "fairest",
        description="Among the plans meeting every condition: the fairest (pay follows "
        "true skill most closely; on real data the smallest gender pay gap), the cheaper "
        "breaking a tie, or the cheapest, the fairer breaking a tie.",
    )
    smallest_fairness_change: dict[FairnessComponent, Annotated[float, Field(ge=0, le=100)]] = (
        Field(
            default_factory=lambda: dict(SMALLEST_FAIRNESS_CHANGE),
            description="Smallest change against the baseline that counts in the fairness "
            "verdict, per component, in the component's own unit: merit_alignment_pay (pay "
            "follows true skill) in rank correlation, grade_accuracy, gender_pay_gap_mean and "
            "luck_share in points of their percentage. A change clear of the simulation noise "
            "but smaller than this reads 'no change that matters' and makes a plan neither "
            "fairer nor less fair; on actual results, where every change is clear, it is the only "
            "bar. The size is the change as the verdict shows it (rounded to its digits); for the "
            "gender pay gap, the change in the gap's size whichever way it runs. Components left "
            "out keep their default; 0 counts every clear change. The defaults are a judgment "
            "(the practitioner documents give no figure for a fairness change that matters): "
            "one point on a 0-100 scale, i.e. 0.01 of the rank correlation (typically about "
            "0.45) and 1 point of each percentage (grades matching true skill typically about "
            "50%, luck's share about 45-55%); for the gender pay gap 1 point is a fifth of the "
            "5% EU flag. Cost has no such threshold: any clear change in pay counts. The "
            "decision rule's fairest plan is held to the same bar: a plan that follows true skill "
            "(or, on actual results, has a smaller gender pay gap) by less than this is tied, and "
            "the cheaper is preferred.",
            json_schema_extra=unit("component's own unit"),
        )
    )

    @field_validator("smallest_fairness_change", mode="before")
    @classmethod
    def _components(cls, value: Any) -> Any:
        """Components left out keep their default; unknown components and negative or
        non-number thresholds are refused, naming the valid components."""
        if not isinstance(value, dict):
            return value
        valid = list(SMALLEST_FAIRNESS_CHANGE)
        unknown = [k for k in value if k not in valid]
        if unknown:
            raise ValueError(
                f"unknown fairness component {unknown[0]!r}{closest(str(unknown[0]), valid)}; "
                f"expected one of {', '.join(valid)}"
            )
        bad = {
            k: v
            for k, v in value.items()
            if isinstance(v, bool) or not isinstance(v, int | float) or not v >= 0
        }
        if bad:
            name, number = next(iter(bad.items()))
            raise ValueError(
                f"{name}: {number!r} is not a smallest change; expected a number of at least 0 "
                "in the component's own unit (0 counts every clear change)"
            )
        return {**SMALLEST_FAIRNESS_CHANGE, **value}
