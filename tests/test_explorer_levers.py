"""The explorer's levers: every one reaches the plan, refusals speak in the controls' words,
controls that do nothing say why, Save writes only what changed and reproduces the figures."""

from __future__ import annotations

import os
import statistics
from pathlib import Path

import numpy as np
import pytest
import yaml

from salesperf_model import explore
from salesperf_model.engine import run_plan
from salesperf_model.explore import PlanRefused, build_plan, plan_levers, start_values
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


@pytest.fixture(scope="module")
def explorer():
    return explore.prepare_explorer(BASELINE, simulations=2, reps=80)


def test_levers_cover_every_group_the_issue_names(explorer):
    levers = plan_levers(explorer.scenario)
    keys = {lever.key for lever in levers}
    assert {lever.group for lever in levers} == set(explore.GROUPS)
    for key in [
        "pay.base_salary.by_role.new_business",
        "pay.base_share_band.0",
        "tier.2.from_attainment",
        "tier.3.rate",
        "pay.commission.threshold",
        "pay.commission.cap_attainment",
        "pay.commission.cap_amount",
        "pay.commission.base",
        "pay.commission.big_account_coefficient",
        "pay.commission.region_tier_coefficient.3",
        "pay.commission.customer_factors.existing",
        "pay.bonuses.new_customer_award.amount",
        "pay.bonuses.team_award.pool",
        "pay.bonuses.target_bonus.grade_multipliers.S",
        "pay.bonuses.profit_share.share_of_profit",
        "scoring.weights.regional_manager.regional_attainment",
        "scoring.rater_weights.self",
        "scoring.kpis.compliance.floor",
        "scoring.family_bands.capability.1",
        "pay.allowances.phone.by_role.regional_manager",
        "review_cycle",
        "grading.consequences.promotion_on_s",
        "band.A",
        "grading.method",
        "grading.shares.C.min",
        "grading.shares.C.max",
        "grading.scope",
    ]:
        assert key in keys, key
    by_key = {lever.key: lever for lever in levers}
    assert by_key["tier.2.rate"].start == 4.0  # 0.04 shown in percent
    assert by_key["tier.3.from_attainment"].start == 120.0
    assert (
        by_key["pay.bonuses.new_customer_award.amount"].label == "new customer award: amount (CNY)"
    )


def test_unchanged_controls_give_back_the_starting_plan_exactly(explorer):
    levers = plan_levers(explorer.scenario)
    plan = build_plan(explorer.scenario, levers, start_values(levers))
    assert plan.model_dump(exclude={"name"}) == explorer.scenario.model_dump(exclude={"name"})


def test_every_number_lever_reaches_the_plan(explorer):
    """One step up on each number control changes that setting of the plan (or is refused
    in words that never show a schema path or pydantic's wording)."""
    start = explorer.scenario
    levers = plan_levers(start)
    base = start.model_dump(by_alias=True)
    moved = 0
    for lever in levers:
        if lever.kind == "choice" or lever.key.startswith(("band.", "scoring.weights.")):
            continue
        values = start_values(levers)
        if lever.kind == "switch":
            values[lever.key] = "no" if values[lever.key] == "yes" else "yes"
        else:
            values[lever.key] = float(values[lever.key]) + lever.step
        try:
            plan = build_plan(start, levers, values).model_dump(by_alias=True)
        except PlanRefused as refused:
            text = str(refused)
            assert "Value error" not in text and "tiers.1" not in text, text
            continue
        node_before, node_after = base, plan
        for part in lever.path:
            # A per-KPI rule the starting plan lacks is absent before the move.
            if isinstance(node_before, dict):
                node_before = node_before.get(part)
            elif node_before is not None:
                node_before = node_before[part]
            node_after = node_after[part]
        assert node_after != node_before, lever.key
        moved += 1
    assert moved >= 100


def test_tiers_out_of_order_are_refused_in_slider_numbering(explorer):
    levers = plan_levers(explorer.scenario)
    values = start_values(levers)
    values["tier.2.from_attainment"] = 130.0
    values["tier.3.from_attainment"] = 120.0
    with pytest.raises(PlanRefused) as refused:
        build_plan(explorer.scenario, levers, values)
    assert refused.value.problems == [
        "tier 3 starts at 120% of quota, below tier 2 at 130%; each tier must start above "
        "the one before"
    ]


def test_shares_that_do_not_add_to_100_are_refused(explorer):
    levers = plan_levers(explorer.scenario)
    values = start_values(levers)
    values["grading.method"] = "forced"
    values["grading.shares.B.target"] = 47.5
    values["grading.shares.B.max"] = 50.0
    with pytest.raises(PlanRefused) as refused:
        build_plan(explorer.scenario, levers, values)
    assert refused.value.problems == [
        "grade target shares add to 107.5% (S 12.5 + A 37.5 + B 47.5 + C 10); they must add to 100%"
    ]


def test_kpi_weights_off_100_are_refused_with_the_gap(explorer):
    levers = plan_levers(explorer.scenario)
    values = start_values(levers)
    values["scoring.weights.new_business.new_customer_revenue"] = 35.0
    with pytest.raises(PlanRefused, match=r"new business add to 105%.*lower them by 5 points"):
        build_plan(explorer.scenario, levers, values)


def test_a_schema_rule_is_refused_naming_the_control(explorer):
    """Two bonuses' rules the checks do not repeat reach the schema; its message is
    labelled with the control, not a 0-based path."""
    levers = plan_levers(explorer.scenario)
    values = start_values(levers)
    values["pay.bonuses.profit_share.share_of_profit"] = 150.0
    with pytest.raises(PlanRefused) as refused:
        build_plan(explorer.scenario, levers, values)
    (problem,) = refused.value.problems
    assert problem == "profit share: share of profit (%): 150 is above the largest allowed, 100"


def test_rater_weights_kpi_caps_and_consequences_reach_the_figures(explorer):
    """Moving 360-degree weight from manager to peers changes regional managers' points; a
    120% cap on new-customer revenue lowers some new-business points; a third C in a row
    before the improvement flag raises fewer flags."""
    start = explorer.scenario
    levers = plan_levers(start)
    values = start_values(levers)
    assert values["scoring.rater_weights.manager"] == 60.0
    assert values["scoring.kpis.response_time.cap"] == 100.0
    assert values["scoring.kpis.new_customer_revenue.cap"] == 0.0  # the plan-wide: none
    before = run_plan(explorer.outcomes, start)
    values["scoring.rater_weights.manager"] = 20.0
    values["scoring.rater_weights.peer"] = 60.0
    values["scoring.kpis.new_customer_revenue.cap"] = 120.0
    values["grading.consequences.improvement_after_consecutive_c"] = 3.0
    plan = build_plan(start, levers, values)
    assert plan.scoring.rater_weights.peer == 60.0
    assert plan.scoring.kpis["new_customer_revenue"].cap == 1.2
    after = run_plan(explorer.outcomes, plan)
    assert not np.array_equal(before.points, after.points)
    assert (after.points <= before.points + 1e-9).sum() > 0
    assert after.improvement_flag.sum() < before.improvement_flag.sum()


def test_allowances_family_bands_and_review_cycle_reach_the_plan(explorer):
    """A regional manager's transport allowance of 2,500 instead of 2,000 raises their
    fixed pay by 500 a month; a 75% floor on result KPIs warns for every role (they weigh
    50-70%); half-yearly reviews grade twice a year instead of four times."""
    start = explorer.scenario
    levers = plan_levers(start)
    values = start_values(levers)
    assert values["pay.allowances.transport.by_role.regional_manager"] == 2000.0
    assert values["review_cycle"] == "quarterly"
    values["pay.allowances.transport.by_role.regional_manager"] = 2500.0
    values["scoring.family_bands.result.0"] = 75.0
    values["scoring.family_bands.result.1"] = 80.0
    values["review_cycle"] = "half_year"
    plan = build_plan(start, levers, values)
    assert plan.pay.allowances["transport"].by_role["regional_manager"] == 2500.0
    assert plan.scoring.family_bands["result"] == (75.0, 80.0)
    result_warnings = [w for w in plan.scoring.family_warnings() if "result KPIs" in w]
    assert len(result_warnings) == len(start.scoring.weights)
    before, after = (run_plan(explorer.outcomes, p) for p in (start, plan))
    assert before.grades.shape[-1] == 4 and after.grades.shape[-1] == 2


def test_new_levers_are_refused_in_their_own_units(explorer):
    start = explorer.scenario
    levers = plan_levers(start)
    values = start_values(levers)
    values["scoring.rater_weights.customer"] = 30.0
    values["scoring.kpis.response_time.floor"] = 120.0
    values["scoring.family_bands.behaviour.0"] = 35.0
    with pytest.raises(PlanRefused) as refused:
        build_plan(start, levers, values)
    assert refused.value.problems == [
        "360-degree rater weights add to 110% (manager 60 + customer 30 + peer 20 + self 0);"
        " they must add to 100% (lower them by 10 points)",
        "response time: floor 120% of target is above its cap 100%; the floor must not "
        "exceed the cap",
        "behaviour KPIs: recommended share low 35% is above high 30%",
    ]


def test_controls_that_do_nothing_say_why(explorer):
    start = explorer.scenario
    levers = plan_levers(start)
    values = start_values(levers)
    absolute = explore.inactive(start, levers, values)
    assert "grading.shares.S.target" in absolute and "grading.scope" in absolute
    assert "band.A" not in absolute
    assert "pay.commission.negative_true_up" in absolute
    assert absolute["scoring.kpis.compliance.cap"].startswith("this KPI is scored by bands")
    assert "scoring.kpis.response_time.cap" not in absolute
    assert "scoring.rater_weights.peer" not in absolute
    unrated = dict(values, **{"scoring.weights.regional_manager.rating_360": 0.0})
    assert explore.inactive(start, levers, unrated)["scoring.rater_weights.peer"] == (
        "no role weighs a 360-degree rated KPI in this plan"
    )
    values["grading.method"] = "forced"
    forced = explore.inactive(start, levers, values)
    assert forced["band.A"].startswith("forced grading ranks reps")
    assert "grading.shares.S.target" not in forced and "grading.shares.S.min" in forced
    assert not any(key.startswith("scoring.weights.") for key in forced)
    values["grading.method"] = "hybrid"
    hybrid = explore.inactive(start, levers, values)
    assert not any(key.startswith(("grading.shares.", "band.")) for key in hybrid)


def test_kpi_weights_change_ranks_under_forced_grading(explorer):
    """Why the KPI weights stay live under forced grading: they reorder reps' points."""
    start = explorer.scenario
    levers = plan_levers(start)
    values = start_values(levers)
    values["grading.method"] = "forced"
    forced = build_plan(start, levers, values)
    values["scoring.weights.new_business.new_customer_revenue"] = 10.0
    values["scoring.weights.new_business.customer_visits"] = 27.0
    reweighted = build_plan(start, levers, values)
    grades = [run_plan(explorer.outcomes, plan).grades for plan in (forced, reweighted)]
    assert (grades[0] != grades[1]).sum() > 0


def test_save_writes_only_changes_and_reproduces_the_figures_to_the_cent(explorer, tmp_path):
    start = explorer.scenario
    levers = plan_levers(start, tiers=4)
    values = start_values(levers)
    values.update(
        {
            "tier.2.rate": 5.0,
            "tier.4.from_attainment": 150.0,
            "tier.4.rate": 6.5,
            "pay.bonuses.new_customer_award.amount": 6000.0,
            "pay.base_salary.by_role.account_manager": 8500.0,
            "band.A": 85.0,
            "pay.commission.cap_attainment": 250.0,
            "pay.commission.big_account_coefficient": 1.2,
            "scoring.rater_weights.manager": 50.0,
            "scoring.rater_weights.peer": 30.0,
            "scoring.kpis.credit_assessment.cap": 120.0,
            "grading.consequences.improvement_after_consecutive_c": 3.0,
            "grading.consequences.promotion_on_s": "no",
            "pay.allowances.transport.by_role.regional_manager": 2500.0,
            "scoring.family_bands.result.0": 55.0,
            "review_cycle": "half_year",
        }
    )
    edited = build_plan(start, levers, values)
    figures = explore.repay(explorer, edited)
    out = explore.save_scenario(edited, start, BASELINE, out_path=tmp_path / "mine.yaml")
    saved = yaml.safe_load(out.read_text())
    assert saved["extends"] == Path(os.path.relpath(BASELINE, tmp_path)).as_posix()
    assert set(saved) == {
        "extends",
        "name",
        "description",
        "review_cycle",
        "grading",
        "pay",
        "scoring",
    }
    assert saved["review_cycle"] == "half_year"
    assert saved["pay"]["allowances"] == {"transport": {"by_role": {"regional_manager": 2500.0}}}
    assert saved["scoring"]["family_bands"]["result"] == [55.0, 70.0]
    assert set(saved["scoring"]) == {"kpis", "rater_weights", "family_bands"}
    assert saved["scoring"]["rater_weights"] == {"manager": 50.0, "peer": 30.0}
    # A rule the starting plan lacks is written as its changed field alone: its other keys
    # stay the parent's (or the defaults), so a later change to the parent shows through.
    assert saved["scoring"]["kpis"] == {"credit_assessment": {"cap": 1.2}}
    assert saved["grading"]["consequences"] == {
        "improvement_after_consecutive_c": 3,
        "promotion_on_s": False,
    }
    assert set(saved["pay"]) == {"base_salary", "allowances", "commission", "bonuses"}
    assert saved["pay"]["base_salary"] == {"by_role": {"account_manager": 8500.0}}
    # Named items merge by name: only the changed bonus, only its changed key.
    assert saved["pay"]["bonuses"] == [{"name": "new_customer_award", "amount": 6000.0}]
    assert saved["grading"]["bands"] == [
        {"grade": "A", "min_points": 85.0},
        {"grade": "B", "max_points": 85.0},
    ]
    assert set(saved["pay"]["commission"]) == {"tiers", "cap_attainment", "big_account_coefficient"}
    assert saved["pay"]["commission"]["cap_attainment"] == 2.5
    assert [t["rate"] for t in saved["pay"]["commission"]["tiers"]] == [0.03, 0.05, 0.05, 0.065]
    assert set(saved["grading"]) == {"bands", "consequences"}
    loaded = load_scenario(out)
    result = run_plan(explorer.outcomes, loaded)
    for name, values_paid in figures["payouts"].items():
        assert np.array_equal(np.round(result.payouts[name], 2), np.round(values_paid, 2)), name
    total = sum(v.sum() for v in result.payouts.values()) / explorer.outcomes.n_simulations
    assert round(total, 2) == round(figures["total_pay"], 2)


def test_nothing_is_saved_from_an_invalid_plan(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app.controls["tier.2.from_attainment"].value = 150.0
    assert "tier 3 starts at 120% of quota, below tier 2 at 150%" in app.problems.value
    assert app.save_button.disabled
    assert app.save() is None
    assert "Not saved" in app.message.value
    assert not (folder / "baseline_edited.yaml").exists()


def test_app_edits_saves_resets_and_switches_scenario(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    assert "(0.0% vs baseline, 0 CNY)" in app.figures.value
    app.controls["tier.2.rate"].value = 6.0
    assert "(0.0% vs baseline" not in app.figures.value
    app.save_name.value = "steeper"
    out = app.save()
    assert out == folder / "steeper.yaml" and "Saved" in app.message.value
    assert load_scenario(out).pay.commission.tiers[1].rate == 0.06
    assert app.save() is None and "exists already" in app.message.value
    app.reset()
    assert app.controls["tier.2.rate"].value == 4.0 and "(0.0% vs baseline" in app.figures.value
    outcomes = app.explorer.outcomes
    app.picker.value = "forced_distribution.yaml"
    assert app.explorer.outcomes is outcomes  # same sales force: not simulated again
    assert app.controls["grading.method"].value == "forced"
    assert app.controls["band.A"].disabled and "(0.0% vs forced_distribution" in app.figures.value


def test_adding_and_removing_a_tier(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app._retier(+1)
    assert app.values["tier.4.from_attainment"] == 140.0 and app.values["tier.4.rate"] == 5.0
    assert len(app.edited().pay.commission.tiers) == 4
    app._retier(-1)
    app._retier(-1)
    assert len(app.edited().pay.commission.tiers) == 2


def test_behaviour_notes_and_resimulation_with_reps_not_responding(tmp_path):
    """With the behaviour section off, simulating under the plan gives the same outcomes,
    so the re-simulated starting total equals the explorer's to the cent; with it on
    (the default), a steeper commission says that effort, and so sales, would differ."""
    explorer = explore.prepare_explorer(
        BASELINE,
        simulations=2,
        reps=60,
        overrides=["behaviour.enabled=false"],
    )
    edited = explorer.scenario.model_copy(update={"name": "edited"})
    assert explore.behaviour_notes(explorer.scenario, edited) == []
    again = explore.resimulate(explorer, edited)
    assert again.start_total_pay == pytest.approx(explorer.start_total_pay, abs=0.005)
    assert again.change_pct == 0.0
    responding = load_scenario(BASELINE)
    levers = plan_levers(responding)
    values = start_values(levers)
    values["tier.2.rate"] = 8.0
    steeper = build_plan(responding, levers, values)
    notes = explore.behaviour_notes(responding, steeper)
    assert any("effort elasticity" in note and "sales would differ" in note for note in notes)


@pytest.mark.slow
def test_an_update_stays_under_300_ms_at_the_default_size(folder):
    """The default explorer: 8 simulations of the scenario's 500 reps x 12 months."""
    app = explore.ExplorerApp(folder / "baseline.yaml")
    assert app.explorer.outcomes.shape == (8, 500, 12)
    seconds = []
    for rate in (4.5, 5.0, 5.5, 6.0, 6.5):
        app.controls["tier.2.rate"].value = rate
        seconds.append(app.seconds)
    app.controls["grading.method"].value = "hybrid"
    seconds.append(app.seconds)
    assert statistics.median(seconds) < 0.3, seconds


def test_tier_slope_and_gate_reach_the_plan_and_the_first_tier_cannot_be_gated(explorer):
    start = explorer.scenario
    levers = plan_levers(start)
    by_key = {lever.key: lever for lever in levers}
    assert by_key["tier.3.slope"].low < 0 < by_key["tier.3.slope"].high  # decelerators too
    assert by_key["tier.2.gated"].options == ("no", "yes")
    values = start_values(levers)
    values["tier.3.slope"] = 2.0  # 2% more rate per 100% of quota above 120%
    values["tier.3.gated"] = "yes"
    plan = build_plan(start, levers, values)
    assert plan.pay.commission.tiers[2].slope == 0.02 and plan.pay.commission.tiers[2].gated
    assert plan.pay.commission.tiers[1].slope == 0.0 and not plan.pay.commission.tiers[1].gated
    reasons = explore.inactive(start, levers, values)
    assert "cannot be gated" in reasons["tier.1.gated"]
    values["tier.1.gated"] = "yes"
    with pytest.raises(PlanRefused) as refused:
        build_plan(start, levers, values)
    assert any("first tier cannot be gated" in p for p in refused.value.problems)


def test_adding_and_removing_bonuses_saves_by_name_and_loads_back(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    before = app.explorer.start_total_pay
    app.add_bonus("threshold", "nps_award")
    assert "pay.bonuses.nps_award.amount" in app.controls
    assert app.edited().pay.bonuses[-1].amount == 3000  # the documented default
    app.controls["pay.bonuses.nps_award.at_least"].value = 80.0
    app.remove_bonus("team_award")
    assert "pay.bonuses.team_award.pool" not in app.controls
    assert "pay.bonuses.nps_award.at_least" in app.controls  # kept its place and value
    assert app.values["pay.bonuses.nps_award.at_least"] == 80.0
    edited = app.edited()
    assert [b.name for b in edited.pay.bonuses] == [
        "over_achievement",
        "new_customer_award",
        "satisfaction_award",
        "target_bonus",
        "profit_share",
        "nps_award",
    ]
    app.add_bonus("threshold", "nps_award")
    assert "exists already" in app.message.value
    app.add_bonus("threshold", "NPS award!")
    assert "lower-case letters" in app.message.value
    app.save_name.value = "with_nps"
    out = app.save()
    saved = yaml.safe_load(out.read_text())
    assert saved["pay"]["bonuses"] == [
        {"name": "nps_award", "settlement": "quarterly", "roles": None, "type": "threshold",
         "measure": "nps", "at_least": 80.0, "amount": 3000.0},
        {"name": "team_award", "remove": True},
    ]  # fmt: skip
    loaded = load_scenario(out)
    assert [b.name for b in loaded.pay.bonuses] == [b.name for b in edited.pay.bonuses]
    result = run_plan(app.explorer.outcomes, loaded)
    assert "bonus_nps_award" in result.payouts and "bonus_team_award" not in result.payouts
    app.reset()
    assert "pay.bonuses.team_award.pool" in app.controls
    assert app.explorer.start_total_pay == before


def test_adding_a_bonus_keeps_the_bonuses_tab_open(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app.tabs.selected_index = explore.GROUPS.index("Bonuses")
    app.add_bonus("top_n", "visits_award")
    assert app.tabs.selected_index == explore.GROUPS.index("Bonuses")
