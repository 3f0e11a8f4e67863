"""The plan's warnings, produced once: valid plans outside the brief's (and their own) recommendations.

``salesperf validate``, ``salesperf run``, the report notebooks and the explorer all show
``plan_warnings`` (through ``run_plan``), so one plan gives the same warning text through
every door. Some checks read only the plan; the others need a sales force to measure
(``CHECKS`` says which), and ``validate`` simulates a small one for them.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.pay import base_share_warnings, no_quota_warnings
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Scenario

#: Every plan-level check: name -> whether it needs a simulated (or imported) sales force,
#: and why.
CHECKS: dict[str, str | None] = {
    "KPI family weights per role": None,
    "named items an override dropped": None,
    "KPIs the outcomes cannot score": "which measures the outcomes carry",
    "base pay as a share of on-target pay": "on-target pay depends on each seat's role, "
    "region tier and quota",
    "revenue without a quota": "which rep-months have revenue and no quota",
    "grade mix per role": "grades come from the simulated reps' scores (roles of 20 reps or more)",
}


#: Roles with fewer reps are not checked for grade mix: with fewer than 20 reps a
#: 5-point share range (C 5-10%) holds no whole number of reps.
MIN_REPS_FOR_GRADE_MIX = 20


def grade_mix_warnings(scenario: Scenario, outcomes: Outcomes, grades: np.ndarray) -> list[str]:
    """Roles whose share of rep-reviews in a grade is outside the plan's own
    ``grading.shares`` [min, max] (the brief's S 10-15%, A 30-40%, B 30-40%, C 5-10%);
    roles of fewer than ``MIN_REPS_FOR_GRADE_MIX`` reps are not checked."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    shares = scenario.grading.shares
    messages = []
    for role in sorted(set(roles)):
        if (roles == role).sum() < MIN_REPS_FOR_GRADE_MIX:
            continue
        graded = grades[:, roles == role]
        mix = {g: float(np.mean(graded == code)) for code, g in enumerate(GRADES)}
        outside = [
            f"{g} ({shares[g].min:.0%}-{shares[g].max:.0%})"
            for g in GRADES
            if not shares[g].min - 1e-9 <= mix[g] <= shares[g].max + 1e-9
        ]
        if outside:
            listed = ", ".join(f"{g} {share:.0%}" for g, share in mix.items())
            messages.append(
                f"grading: {role} reps get {listed} of grades, outside the recommended "
                f"shares for {', '.join(outside)}"
            )
    return messages


def plan_warnings(
    scenario: Scenario,
    outcomes: Outcomes,
    *,
    grades: np.ndarray,
    unscorable: dict[str, list[str]],
) -> list[str]:
    """Every warning about ``scenario`` paid on ``outcomes`` (``grades`` as graded under
    it; ``unscorable``: KPI -> the measures the outcomes lack), in ``CHECKS`` order."""
    return [
        *scenario.warnings(),
        *(
            f"KPI {kpi} cannot be scored: the outcomes lack {', '.join(measures)}; "
            "its weight is spread over the role's other KPIs"
            for kpi, measures in unscorable.items()
        ),
        *base_share_warnings(scenario, outcomes),
        *no_quota_warnings(scenario.pay, outcomes),
        *grade_mix_warnings(scenario, outcomes, grades),
    ]
