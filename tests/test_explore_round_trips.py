"""Edits kept between the explorer and the saved file: a mapping the starting files leave
at its default is written whole (else the saved file replaces it with the one changed
key); the saved file loads back to exactly the explored plan, both ways; a retyped bonus
is refused at once, not at Save; the picker never shows one file while the explorer runs
another; .yml files and files saved in the session can be picked; forced grading's
targets are not held to the greyed-out min and max."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from salesperf_model import explore
from salesperf_model.explore import save as save_module
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def _dump(scenario) -> dict:
    skip = ("name", "title", "description", "extends")
    return {k: v for k, v in scenario.model_dump(by_alias=True).items() if k not in skip}


def _saved(app, name: str) -> Path:
    app.save_name.value = name
    out = app.save()
    assert out is not None, app.message.value
    return out


def test_one_family_band_moved_keeps_the_other_families(app):
    assert "family_bands" not in app.explorer.scenario.scoring.model_fields_set
    app.controls["scoring.family_bands.behaviour.0"].value = 30.0
    out = _saved(app, "bands")
    loaded = load_scenario(out)
    start = app.explorer.scenario.scoring.family_bands
    assert start["behaviour"][0] != 30.0
    assert loaded.scoring.family_bands == {
        "result": start["result"],
        "behaviour": (30.0, start["behaviour"][1]),
        "capability": start["capability"],
    }
    assert _dump(loaded) == _dump(app.edited())


def test_a_share_moved_where_the_start_leaves_shares_at_default_can_be_saved(folder):
    text = (folder / "baseline.yaml").read_text()
    start, end = text.index("  shares:"), text.index("  scope: company")
    plain = text[:start] + text[end:]
    (folder / "no_shares.yaml").write_text(plain.replace("method: absolute", "method: hybrid"))
    app = explore.ExplorerApp(folder / "no_shares.yaml", simulations=2, reps=60)
    app.controls["grading.shares.S.max"].value = 20.0
    out = _saved(app, "wider_s")
    loaded = load_scenario(out)
    assert loaded.grading.shares["S"].max == pytest.approx(0.2)
    assert loaded.grading.shares["A"] == app.explorer.scenario.grading.shares["A"]
    assert _dump(loaded) == _dump(app.edited())


def test_the_loads_back_check_sees_a_setting_the_file_lost(app, folder, monkeypatch):
    app.controls["tier.2.rate"].value = 6.0
    real = save_module.scenario_changes

    def losing(start, edited):
        changes = real(start, edited)
        changes["scoring"] = {"family_bands": {"behaviour": [0.2, 0.3]}}  # drops two families
        return changes

    monkeypatch.setattr(save_module, "scenario_changes", losing)
    before = sorted(p.name for p in folder.iterdir())
    app.save_name.value = "lossy"
    assert app.save() is None
    assert "does not load back to the explored plan" in app.message.value
    assert "family_bands" in app.message.value
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.parametrize("bonus_type", ["threshold", "team_pool"])
def test_a_removed_bonus_of_the_starting_plan_cannot_come_back_by_its_name(app, bonus_type):
    app.remove_bonus("team_award")
    app.add_bonus(bonus_type, "team_award")
    assert "Not added" in app.message.value
    assert "team_award" in app.message.value and "another name" in app.message.value
    assert "team_award" not in [bonus.name for bonus in app.edited().pay.bonuses]
    app.add_bonus(bonus_type, "regional_award")
    assert "Added" in app.message.value
    assert _dump(load_scenario(_saved(app, "renamed"))) == _dump(app.edited())


def test_a_file_that_does_not_load_leaves_the_picker_on_the_plan_shown(app, folder):
    (folder / "broken.yaml").write_text("extends: baseline.yaml\npay:\n  commision: {}\n")
    app.picker.options = [*app.picker.options, "broken.yaml"]
    app.controls["tier.2.rate"].value = 6.0
    app.picker.value = "broken.yaml"
    assert app.picker.value == "baseline.yaml"
    assert app.start_path == folder / "baseline.yaml"
    assert "broken.yaml" in app.message.value and "commision" in app.message.value
    assert app.edited().pay.commission.tiers[1].rate == pytest.approx(0.06)  # edits kept
    saved = yaml.safe_load(_saved(app, "kept").read_text())
    assert saved["extends"] == "baseline.yaml"


def test_switching_plans_says_the_edits_left_behind(app):
    app.controls["tier.2.rate"].value = 6.0
    app.picker.value = "gated_accelerator.yaml"
    assert "baseline.yaml" in app.message.value and "not saved" in app.message.value


def test_yml_files_and_files_saved_in_the_session_can_be_picked(folder):
    shutil.copy(folder / "baseline.yaml", folder / "plain.yml")
    app = explore.ExplorerApp(folder / "plain.yml", simulations=2, reps=60)
    assert "plain.yml" in app.picker.options
    app.controls["tier.2.rate"].value = 6.0
    _saved(app, "mine")
    assert "mine.yaml" in app.picker.options
    app.picker.value = "mine.yaml"
    assert app.explorer.scenario.pay.commission.tiers[1].rate == pytest.approx(0.06)


def test_forced_grading_targets_are_not_held_to_min_and_max(app):
    app.controls["grading.method"].value = "forced"
    assert app.controls["grading.shares.S.max"].disabled
    app.controls["grading.shares.S.target"].value = 20.0
    app.controls["grading.shares.A.target"].value = 30.0
    plan = app.edited()
    assert (plan.grading.shares["S"].target, plan.grading.shares["A"].target) == (0.2, 0.3)
    out = _saved(app, "forced")
    assert load_scenario(out).grading.shares["S"].target == pytest.approx(0.2)


def test_a_kpi_cap_every_weighing_role_overrides_is_greyed_out_with_the_reason(app):
    rule = app.explorer.scenario.scoring.kpis["new_customer_revenue"]
    assert rule.cap_by_role  # the baseline caps it per role
    reason = app.reasons["scoring.kpis.new_customer_revenue.cap"].value
    assert "cap_by_role" in reason and "new business" in reason
    assert app.controls["scoring.kpis.new_customer_revenue.cap"].disabled


def test_point_and_percent_sliders_stop_at_the_schemas_100(app):
    levers = {lever.key: lever for lever in app.levers}
    for key in ("band.S", "scoring.family_bands.result.1", "scoring.rater_weights.manager"):
        assert levers[key].high == 100.0, key  # were 180, 140 and 120: offered, then refused


def test_a_money_slider_at_its_end_stretches_so_a_larger_pool_can_be_set(app):
    """A money slider ran to twice its start: a 500,000 pool typed on a 100,000 start was
    clamped to 200,000 without a word. Reaching the end now doubles the range and says so,
    and the larger value then sets and saves."""
    key = "pay.bonuses.team_award.pool"
    control = app.controls[key]
    start = control.value
    first_end = control.max
    assert first_end == pytest.approx(max(10_000, round(2 * start, -3)))
    control.value = 500_000.0
    assert control.value == first_end  # the widget clamps what it is given
    assert control.max == 2 * first_end
    assert "range" in app.message.value and f"{2 * first_end:,.0f}" in app.message.value
    control.value = 2 * first_end
    assert control.max == 4 * first_end
    control.value = 500_000.0
    assert control.value == 500_000.0
    assert app.values[key] == 500_000.0
    out = _saved(app, "bigger_pool")
    loaded = load_scenario(out)
    assert {b.name: b for b in loaded.pay.bonuses}["team_award"].pool == 500_000.0


def test_a_stretched_slider_keeps_its_range_when_a_bonus_is_added(app):
    key = "pay.bonuses.team_award.pool"
    control = app.controls[key]
    control.value = control.max
    control.value = control.max
    control.value = 3.5 * control.max / 4
    kept = control.value
    app.add_bonus("spot", "extra_spot")
    assert app.controls[key].value == kept
    assert app.values[key] == kept


def test_a_points_slider_does_not_stretch_past_the_schemas_hundred(app):
    control = app.controls["band.S"]
    control.value = 100.0
    assert control.max == 100.0
