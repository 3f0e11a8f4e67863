"""One set of warnings: validate, run and the reports show the same plan checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from salesperf_model.engine import run_plan
from salesperf_model.engine.checks import CHECKS, grade_mix_warnings
from salesperf_model.loading import load_scenario
from salesperf_model.pipeline import CHECK_SIMULATIONS, check_plan, outcomes_for

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
CASES = ROOT / "tests" / "cases"


def _outcomes(roles: list[str]) -> SimpleNamespace:
    return SimpleNamespace(reps=pd.DataFrame({"role": roles}))


def test_grade_mix_per_role_against_the_plans_own_shares():
    """20 hunters graded 2 S, 8 A, 6 B, 4 C: S 10%, A 40%, B 30% are inside the
    brief's ranges, C 20% is above 5-10%. 19 farmers (too few to hold a 5-point range)
    are not checked, however skewed."""
    scenario = load_scenario(BASELINE)
    hunters = [0] * 2 + [1] * 8 + [2] * 6 + [3] * 4
    grades = np.array([hunters + [0] * 19])[:, :, None]  # (1 simulation, 39 reps, 1 review)
    outcomes = _outcomes(["new_business"] * 20 + ["account_manager"] * 19)
    assert grade_mix_warnings(scenario, outcomes, band_grades=grades, grades=grades) == [
        "grading.bands: point bands alone grade new_business outside the grade shares "
        "(grading.shares): C 20% (range 5%-10%); adjust the role's KPI targets or weights, "
        "or grade by forced distribution within role (grading.scope: role)"
    ]
    inside = np.array([[0] * 2 + [1] * 8 + [2] * 8 + [3] * 2])[:, :, None]
    twenty = _outcomes(["new_business"] * 20)
    assert grade_mix_warnings(scenario, twenty, band_grades=inside, grades=inside) == []


def test_validate_checks_what_run_checks_with_the_same_text():
    """check_plan (validate) is run_plan's warnings: the same function, the same words."""
    scenario = load_scenario(BASELINE)
    outcomes = outcomes_for(scenario, reps=120, periods=12, simulations=2, seed=3)
    warnings = check_plan(scenario, outcomes=outcomes)
    assert warnings == run_plan(outcomes, scenario).warnings
    assert any(w.startswith("pay.base_salary: base is") for w in warnings)
    # the baseline's per-role targets keep new business's band grades within the shares
    assert not any(
        w.startswith("grading.bands: point bands alone grade new_business") for w in warnings
    )


def test_validate_prints_the_population_checks_and_how_long_they_took(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "salesperf_model.cli", "validate", str(BASELINE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("checks: KPI family weights per role")
    for name in CHECKS:
        assert name in lines[0]
    assert f"{CHECK_SIMULATIONS} simulations" in lines[0]
    assert lines[1].startswith(f"ok   {BASELINE} (baseline): ")
    warned = [line for line in lines if line.startswith("  warning: ")]
    assert sum("pay.base_salary: base is" in w for w in warned) == 5  # five paid roles
    assert sum("grading.bands: " in w for w in warned) >= 1
    assert lines[-1].startswith("1 of 1 file valid; 1 with warnings (")
    assert lines[-1].endswith(" s)")
    plan_only = subprocess.run(
        [sys.executable, "-m", "salesperf_model.cli", "validate", "--plan-only", str(BASELINE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "  warning:" not in plan_only.stdout  # the baseline's KPI family weights pass


def test_year_to_date_and_gated_plans_on_part_of_a_year_say_the_annual_quota_is_partial():
    """The annual quota year-to-date tiers and gates read is the sum of the months in the
    data: on January-June alone the accelerator is reached against half a year's quota.
    Found paying 31,800 where a full year's quota pays 27,000, without a word."""
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.outcomes import read_outcomes_csv

    half = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    assert list(half.periods) == [f"2026-{m:02d}" for m in range(1, 7)]
    ytd = load_scenario(BASELINE, ["pay.commission.basis=year_to_date"])
    note = [w for w in run_plan(half, ytd).warnings if "annual quota" in w]
    assert note == [
        "pay.commission: year-to-date tiers read the annual quota as the sum of the quotas "
        "of the months in the data, which covers part of 2026 (6 of 12 months): the "
        "accelerators are reached against that part's quota, not a full year's"
    ]
    gated = load_scenario(ROOT / "scenarios" / "gated_accelerator.yaml")
    note = [w for w in run_plan(half, gated).warnings if "annual quota" in w]
    assert note and note[0].startswith("pay.commission: the gate reads the annual quota")
    plain = load_scenario(BASELINE)
    assert not [w for w in run_plan(half, plain).warnings if "annual quota" in w]


def test_revenue_without_quota_is_counted_per_settlement_and_names_an_example():
    """A month without quota inside a quarter that has one is paid within the quarter: no
    warning under quarterly settlement; under monthly settlement the month is named."""
    from salesperf_model.outcomes import read_outcomes_csv

    outcomes = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    reps = outcomes.reps["rep_id"].astype(str).tolist()
    seller = next(i for i, r in enumerate(reps) if "NB" in r)
    quota = outcomes.get("quota")
    quota[:, seller, 1] = 0.0  # February
    assert outcomes.get("revenue_collected")[0, seller, 1] > 0
    monthly = load_scenario(BASELINE)
    note = [w for w in run_plan(outcomes, monthly).warnings if "no quota" in w]
    assert note == [
        f"1 rep-month of commission roles has revenue but no quota (e.g. {reps[seller]} in "
        "2026-02): no commission is paid on it (attainment undefined)"
    ]
    quarterly = load_scenario(BASELINE, ["pay.commission.settlement=quarterly"])
    assert not [w for w in run_plan(outcomes, quarterly).warnings if "no quota" in w]


def test_a_kpi_whose_target_no_rep_reaches_is_named():
    """A ratio KPI that scores nearly all of a role's reps at its floor grades no one,
    however weighted: the baseline's new-customer revenue target for new business (31,400
    x quota) did so unnoticed. A reachable target silences the warning."""
    scenario = load_scenario(BASELINE)
    outcomes = outcomes_for(scenario, reps=120, periods=12, simulations=2, seed=3)
    flat = [w for w in run_plan(outcomes, scenario).warnings if "tells few" in w]
    assert any(
        w.startswith("scoring.kpis.new_customer_revenue: 100% of new_business's scores sit at")
        for w in flat
    ), flat
    reachable = load_scenario(
        BASELINE, ["scoring.kpis.new_customer_revenue.target.by_role.new_business=1.0"]
    )
    again = [w for w in run_plan(outcomes, reachable).warnings if "tells few" in w]
    assert not [w for w in again if w.startswith("scoring.kpis.new_customer_revenue:")]
    assert "KPIs that tell few reps apart" in CHECKS


def test_a_plan_without_a_cap_is_checked_for_flat_kpis_at_its_floor_alone():
    """The brief's rule has no cap (``scoring.cap: null``): the flat-KPI check crashed on it
    (``None - 1e-9``) in ``validate`` and ``run``. Without a cap only the floor is read,
    and an unreachable target is still named."""
    plain = load_scenario(CASES / "brief_rule_plan.yaml", ["scoring.floor=0.5"])
    assert plain.scoring.cap is None
    outcomes = outcomes_for(plain, reps=120, periods=12, simulations=2, seed=3)
    assert not [w for w in run_plan(outcomes, plain).warnings if "tells few" in w and "cap" in w]
    unreachable = load_scenario(
        CASES / "brief_rule_plan.yaml",
        ["scoring.floor=0.5", "scoring.kpis.new_customer_revenue.target.value=1e12"],
    )
    flat = [w for w in run_plan(outcomes, unreachable).warnings if "tells few" in w]
    assert any(
        w.startswith("scoring.kpis.new_customer_revenue: 100% of new_business") for w in flat
    )


def test_reviews_where_a_role_scores_the_same_points_are_named():
    """On the Maven CRM replay every new-business rep scored exactly 65.0 in three of four
    quarters (every KPI the data can score at its floor), so every rep was graded C, and
    no check said so: the flat-KPI check skips roles with unscorable KPIs. Now the
    reviews where nearly a whole role scores the same points are named."""
    from salesperf_model.engine.checks import same_points_warnings

    scenario = load_scenario(BASELINE)
    outcomes = _outcomes(["new_business"] * 30 + ["account_manager"] * 25)
    points = np.linspace(60.0, 95.0, 55)[None, :, None] * np.ones((2, 1, 4))
    points[:, :30, 1:] = 65.0  # new business: all alike from the second review on
    points[0, :2, 1] = 70.0  # two of 30 differ in one simulation: 93% alike still
    said = same_points_warnings(
        scenario, outcomes, points=points, labels=["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]
    )
    assert said == [
        "grading: in 3 of 4 reviews (2017-Q2, 2017-Q3, 2017-Q4) 93%-100% of new_business's "
        "reps score exactly the same points (65): every KPI the data can score sits at its "
        "floor or cap for them, so their grades follow the plan's floors and caps, not their "
        "results; set targets the role can reach and miss, or check the role's measures in "
        "the data"
    ]
    points[:, :30, :] = np.linspace(60.0, 95.0, 30)[None, :, None]
    assert same_points_warnings(scenario, outcomes, points=points, labels=list("abcd")) == []


def test_two_plan_changes_from_the_same_month_for_the_same_rep_are_named():
    """Two changes from 2026-07 both selecting a rep (one by role, one by region) were
    settled silently by their order in the list; the plan's warnings now name the reps
    and the two changes (the later one in the list pays them)."""
    from salesperf_model.engine.plan_changes import change_warnings, who_mask

    scenario = load_scenario(ROOT / "scenarios" / "mid_year_change.yaml")
    first = scenario.pay_changes[0]  # new business in three regions, from 2026-07
    second = first.model_copy(update={"regions": []})  # all new business, from 2026-07
    both = scenario.model_copy(update={"pay_changes": [first, second]})
    outcomes = outcomes_for(both, reps=60, periods=12, simulations=1, seed=3)
    moved = int(who_mask(first, outcomes).sum())
    assert moved > 0
    said = change_warnings(both, outcomes)
    assert len(said) == 1
    assert said[0].startswith(f"pay_changes.0 and pay_changes.1 both move {moved} rep"), said
    assert (
        "from 2026-07" in said[0] and "pay_changes.1 (the later in the list) pays them" in said[0]
    )
    alone = scenario.model_copy(update={"pay_changes": [first]})
    assert change_warnings(alone, outcomes) == []
    assert any("both move" in w for w in run_plan(outcomes, both).warnings)


def test_a_plan_change_dated_before_the_data_is_said_to_cover_all_of_it(tmp_path):
    """A change from 2026-07 paid every month of a 2027 table under its plan, silently
    (a change before the data's first month is in force throughout, by design)."""
    from salesperf_model.outcomes import read_outcomes_csv

    table = pd.read_csv(ROOT / "tests" / "data" / "example_outcomes.csv", dtype=str)
    table["period"] = table["period"].str.replace("2026-", "2027-", regex=False)
    path = tmp_path / "later.csv"
    table.to_csv(path, index=False)
    scenario = load_scenario(ROOT / "scenarios" / "mid_year_change.yaml")
    said = [w for w in run_plan(read_outcomes_csv(path), scenario).warnings if "before" in w]
    assert said == [
        "pay_changes.0: from 2026-07, before the data's first period 2027-01: its reps are "
        "paid under its plan in every period of the data"
    ]
    same_year = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
    assert not [w for w in run_plan(same_year, scenario).warnings if "before the data" in w]
    # a change after the last period of real data pays no one in them (January-June 2026
    # data, a change from July): said too; a simulation's months so far are not data
    after = [w for w in run_plan(same_year, scenario).warnings if "after the data" in w]
    assert after == [
        "pay_changes.0: from 2026-07, after the data's last period 2026-06: it pays no one "
        "in these data"
    ]
