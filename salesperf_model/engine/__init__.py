"""The plan engine: score KPIs, grade, pay every rep and month, on arrays."""

from salesperf_model.engine.bonuses import (
    BONUS_TYPES,
    BonusType,
    bonus_words,
)
from salesperf_model.engine.cents import round_to_cents
from salesperf_model.engine.credit import credit_words
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
    ranked_grades,
    share_ranges,
    unit_codes,
)
from salesperf_model.engine.long_term import long_term_words
from salesperf_model.engine.pay import pay
from salesperf_model.engine.periods import (
    PeriodGroups,
    month_numbers,
    period_groups,
    unit_sum,
)
from salesperf_model.engine.relief import ReliefError
from salesperf_model.engine.response import EnginePlanResponse
from salesperf_model.engine.run import (
    GRADING_SECTIONS,
    Graded,
    PlanResult,
    grading_key,
    run_plan,
    score_and_grade,
)
from salesperf_model.engine.scoring import (
    UnscoredRoleError,
    kpi_actual,
    kpi_score,
    kpi_target,
    score,
    unscorable_kpis,
)
from salesperf_model.outcome_errors import OutcomesError

#: Errors of a plan that does not fit the data it is paid on (a role no KPI scores, carve-
#: outs over a whole quota, a plan change inside a data period, a simulation run to
#: infinity on implausible parameters): each message names the
#: file, key and value; commands report them as the file's problem, not a traceback.
PLAN_DATA_ERRORS = (ReliefError, UnscoredRoleError, OutcomesError)

__all__ = [
    "BONUS_TYPES",
    "GRADING_SECTIONS",
    "PLAN_DATA_ERRORS",
    "BonusType",
    "EnginePlanResponse",
    "Graded",
    "PeriodGroups",
    "PlanResult",
    "ReliefError",
    "UnscoredRoleError",
    "band_grades",
    "bonus_words",
    "commission_payout",
    "consequence_flags",
    "credit_words",
    "earning_share",
    "forced_counts",
    "grade",
    "grading_key",
    "has_gate",
    "kpi_actual",
    "kpi_score",
    "kpi_target",
    "limit_payout",
    "long_term_words",
    "marginal_rate",
    "month_numbers",
    "pay",
    "period_groups",
    "ranked_grades",
    "round_to_cents",
    "run_plan",
    "score",
    "score_and_grade",
    "share_ranges",
    "unit_codes",
    "unit_sum",
    "unscorable_kpis",
]
