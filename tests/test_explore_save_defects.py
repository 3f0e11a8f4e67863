"""The explorer's Save: a folder that cannot be written is said in words and leaves nothing
behind; only the changed leaves are written (a parent's later change shows through); the
count said equals `salesperf diff`'s rows; save names keep .yml/.yaml and refuse other
characters; sliders reach the schema's own limits."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
import yaml

from salesperf_model import explore
from salesperf_model.cli import main as salesperf
from salesperf_model.explore import save as save_module
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _diff_count(path: Path, capsys) -> int:
    capsys.readouterr()
    assert salesperf(["diff", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    return int(re.search(r": (\d+) settings? differ$", first).group(1))


def _said_count(message: str) -> int:
    return int(re.search(r"\((\d+) changed settings?,", message).group(1))


# -- 1. a folder that cannot be written --------------------------------------------------
@pytest.mark.parametrize(
    ("patched", "error", "words"),
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        ("fsync", OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
    ],
)
def test_a_failed_write_is_said_on_the_button_and_leaves_nothing(
    app, folder, monkeypatch, patched, error, words
):
    app.controls["tier.2.rate"].value = 6.0
    before = _files(folder)

    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(save_module.os, patched, fail)
    app.save_name.value = "mine"
    app.save_button.click()  # ipywidgets swallows an exception raised here
    target = folder / "mine.yaml"
    assert f"Could not write {target}: {words}" in app.message.value
    assert "Traceback" not in app.message.value
    assert _files(folder) == before  # no file, no temporary file


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_said_on_the_button(app, folder):
    app.controls["tier.2.rate"].value = 6.0
    before = _files(folder)
    folder.chmod(0o555)
    try:
        app.save_button.click()
        assert f"Could not write {folder / 'baseline_edited.yaml'}: permission denied" in (
            app.message.value
        )
    finally:
        folder.chmod(0o755)
    assert _files(folder) == before


# -- 2. only the changed leaves, so the parent's later changes show through -------------
def test_an_edit_of_a_new_kpi_rule_writes_only_that_field(app, folder):
    assert "stage_prospecting" not in app.explorer.scenario.scoring.kpis
    app.controls["scoring.kpis.stage_prospecting.floor"].value = 20.0
    app.save_name.value = "floor"
    out = app.save()
    assert out == folder / "floor.yaml", app.message.value
    saved = yaml.safe_load(out.read_text())
    assert saved["scoring"] == {"kpis": {"stage_prospecting": {"floor": 0.2}}}
    assert explore.scenario_changes(app.edited(), load_scenario(out)) == {}
    # The parent later gives the rule a cap: the saved child does not mask it.
    parent = folder / "baseline.yaml"
    text = parent.read_text()
    assert text.count("\n  kpis:\n") == 1
    parent.write_text(text.replace("\n  kpis:\n", "\n  kpis:\n    stage_prospecting: {cap: 1.5}\n"))
    rule = load_scenario(out).scoring.kpis["stage_prospecting"]
    assert (rule.cap, rule.floor) == (1.5, 0.2)


def test_a_new_nested_section_writes_only_what_differs_from_its_defaults():
    from salesperf_model.schema.scoring import Scoring

    scoring = Scoring(weights={}, kpis={"revenue": {"target": {"kind": "quota"}, "cap": 1.3}})
    before = {"kpis": {}}
    after = scoring.model_dump(by_alias=True)
    changes = explore.changed_settings(before, {"kpis": after["kpis"]}, shape=scoring)
    assert changes == {"kpis": {"revenue": {"target": {"kind": "quota"}, "cap": 1.3}}}


# -- 3. the count said is `salesperf diff`'s ---------------------------------------------
def test_the_count_said_equals_the_rows_of_salesperf_diff(app, folder, capsys):
    app.controls["scoring.kpis.stage_prospecting.floor"].value = 20.0
    app.controls["tier.2.rate"].value = 5.5
    app.save_name.value = "two_edits"
    out = app.save()
    assert _said_count(app.message.value) == _diff_count(out, capsys)
    app.reset()
    for i in range(6):
        app.add_bonus("threshold", f"award_{i}")
    app.save_name.value = "six_bonuses"
    out = app.save()
    assert _said_count(app.message.value) == _diff_count(out, capsys) == 6
    app.reset()
    app.controls["pay.commission.cap_attainment"].value = 250.0
    app.controls["scoring.rater_weights.manager"].value = 50.0
    app.controls["scoring.rater_weights.peer"].value = 30.0
    app.controls["pay.bonuses.new_customer_award.amount"].value = 6000.0
    app.controls["band.A"].value = 85.0
    app.remove_bonus("team_award")
    app.save_name.value = "mixed"
    out = app.save()
    assert _said_count(app.message.value) == _diff_count(out, capsys)


# -- 4. save names ------------------------------------------------------------------------
def test_yml_and_yaml_names_are_kept_as_given(app, folder):
    app.controls["tier.2.rate"].value = 6.0
    for name in ("e.yml", "f.yaml", "g"):
        app.save_name.value = name
        out = app.save()
        assert out is not None, app.message.value
        assert out.name == {"g": "g.yaml"}.get(name, name)
        assert load_scenario(out).pay.commission.tiers[1].rate == 0.06


@pytest.mark.parametrize("name", ["my plan", "plan!", "../up", "sub/plan", ".hidden", "平面"])
def test_names_with_other_characters_are_refused_saying_what_is_allowed(app, folder, name):
    app.controls["tier.2.rate"].value = 6.0
    before = _files(folder)
    app.save_name.value = name
    assert app.save() is None
    assert "Not saved" in app.message.value
    assert "letters, digits, _, - and ." in app.message.value
    assert _files(folder) == before


# -- 5. slider ranges reach the schema's limits -------------------------------------------
def test_sliders_reach_the_schemas_own_limits(app):
    levers = {lever.key: lever for lever in app.levers}
    assert levers["tier.2.rate"].high >= 50.0  # Rate: up to 50% of revenue
    assert levers["tier.3.from_attainment"].high >= 1000.0  # Attainment: up to 10x quota
    assert levers["tier.2.slope"].high >= 100.0 and levers["tier.2.slope"].low <= -100.0
    assert levers["pay.commission.big_account_coefficient"].high >= 10.0  # Factor: up to 10x
    assert levers["scoring.kpis.compliance.cap"].high >= 1000.0
    app.controls["tier.2.rate"].value = 45.0
    assert app.controls["tier.2.rate"].value == 45.0  # not clamped to 15%
    assert app.edited().pay.commission.tiers[1].rate == 0.45
