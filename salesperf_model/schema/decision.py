"""The `decision:` section: the rule a comparison recommends a plan by (the baseline's applies)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Percent, Share


class Decision(Section):
    """Conditions every recommended plan must meet, then what to prefer among those that do.

    Like the budget, the baseline's section applies to the whole comparison. Each condition
    is judged with its Monte Carlo uncertainty: a plan whose figure is within the
    simulation noise of a limit neither clearly passes nor clearly fails it.
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
