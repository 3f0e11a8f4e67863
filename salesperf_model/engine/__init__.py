"""The plan engine: score KPIs, grade, pay every rep and month, on arrays."""

from salesperf_model.engine.curves import (
    commission_payout,
    earning_share,
    has_gate,
    limit_payout,
    marginal_rate,
)
from salesperf_model.engine.grading import (
    band_grades,
    consequence_flags,
    forced_counts,
    grade,
    moved_counts,
    ranked_grades,
    share_ranges,
    unit_codes,
)
from salesperf_model.engine.pay import (
    pay,
    round_to_cents,
)
from salesperf_model.engine.response import EnginePlanResponse
from salesperf_model.engine.run import (
    PlanResult,
    run_plan,
)
from salesperf_model.engine.scoring import (
    PeriodGroups,
    kpi_actual,
    kpi_score,
    kpi_target,
    month_numbers,
    period_groups,
    score,
    unit_sum,
    unscorable_kpis,
)

__all__ = [
    "EnginePlanResponse",
    "PeriodGroups",
    "PlanResult",
    "band_grades",
    "commission_payout",
    "consequence_flags",
    "earning_share",
    "forced_counts",
    "grade",
    "has_gate",
    "kpi_actual",
    "kpi_score",
    "kpi_target",
    "limit_payout",
    "marginal_rate",
    "month_numbers",
    "moved_counts",
    "pay",
    "period_groups",
    "ranked_grades",
    "round_to_cents",
    "run_plan",
    "score",
    "share_ranges",
    "unit_codes",
    "unit_sum",
    "unscorable_kpis",
]
