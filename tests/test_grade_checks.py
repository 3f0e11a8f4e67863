"""Grade-mix warnings: point bands off the brief's shares per role, uneven forced ranking."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from salesperf_model.engine import run_plan
from salesperf_model.engine.checks import grade_mix_warnings, role_grade_mix
from salesperf_model.loading import load_scenario
from salesperf_model.schema import Grading
from salesperf_model.simulate import simulate

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"


def _warnings(bands: np.ndarray, grades: np.ndarray, roles: np.ndarray, grading: Grading):
    """The engine's grade-mix check on a plan that differs from the default only in grading."""
    plan = SimpleNamespace(grading=grading)
    outcomes = SimpleNamespace(reps=pd.DataFrame({"role": roles}))
    return grade_mix_warnings(plan, outcomes, band_grades=bands, grades=grades)


def _grades(*counts: int) -> np.ndarray:
    """One simulation, one review: counts of S, A, B, C as grade codes (1, reps, 1)."""
    return np.repeat(np.arange(4), counts).astype(np.int8)[None, :, None]


def test_a_role_inside_the_ranges_is_not_warned_and_one_outside_is() -> None:
    # 40 reps: S 5 (12.5%), A 14 (35%), B 14 (35%), C 7 (17.5%: 7.5 points over the 10% max)
    fine = _grades(5, 14, 14, 7)
    all_s = _grades(40, 0, 0, 0)
    bands = np.concatenate([fine, all_s], axis=1)
    roles = np.array(["a"] * 40 + ["b"] * 40)
    mix = role_grade_mix(bands, roles)
    assert np.array_equal(mix["a"], np.array([5, 14, 14, 7]) / 40)
    warnings = _warnings(bands, bands, roles, Grading())
    assert len(warnings) == 2
    assert "grade a outside" in warnings[0] and "C 18% (range 5%-10%)" in warnings[0]
    assert "S 12%" not in warnings[0]  # within range
    assert "grade b outside" in warnings[1] and "S 100% (range 10%-15%)" in warnings[1]
    # within the 5-point margin: C at 12.5% is not warned
    near = _grades(5, 14, 16, 5)
    assert _warnings(near, near, np.array(["a"] * 40), Grading()) == []


def test_forced_ranking_across_roles_that_grades_one_role_harder_is_warned() -> None:
    roles = np.array(["hunter"] * 40 + ["channel"] * 40)
    grades = np.concatenate([_grades(4, 14, 12, 10), _grades(4, 14, 22, 0)], axis=1)
    forced = Grading(method="forced")
    warnings = _warnings(grades, grades, roles, forced)
    uneven = [w for w in warnings if w.startswith("grading.scope")]
    assert len(uneven) == 1
    assert "grades hunter much harder than channel (25% vs 0% get C)" in uneven[0]
    assert not [
        w
        for w in _warnings(grades, grades, roles, Grading(method="forced", scope="role"))
        if w.startswith("grading.scope")
    ]


def test_forced_distribution_within_role_gives_every_role_the_target_shares() -> None:
    scenario = load_scenario(BASELINE, ["grading.method=forced", "grading.scope=role"])
    out = simulate(scenario.population, reps=200, periods=6, simulations=2, seed=3)
    result = run_plan(out, scenario)
    roles = out.reps["role"].astype(str).to_numpy()
    for role, mix in role_grade_mix(result.grades, roles).items():
        n = int((roles == role).sum())
        # largest-remainder counts: each share within one rep of its target
        target = np.array([0.125, 0.375, 0.40, 0.10])
        assert np.all(np.abs(mix - target) <= 1 / n + 1e-9), role
    # the baseline's per-role targets put every role on one point scale; a role whose
    # result targets are half as hard is ranked above the others when ranks cross roles
    across = load_scenario(
        BASELINE,
        [
            "grading.method=forced",
            "scoring.kpis.repeat_purchase_rate.target.by_role.account_manager=0.19",
            "scoring.kpis.upsell_revenue.target.by_role.account_manager=0.14",
            "scoring.kpis.collection_rate.target.by_role.account_manager=0.49",
        ],
    )
    warnings = run_plan(out, across).warnings
    assert any(w.startswith("grading.scope: ranking across roles") for w in warnings)
    assert not any(w.startswith("grading.scope") for w in result.warnings)
