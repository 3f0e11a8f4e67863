"""Lists of named items (bonuses, grade bands, regions) merge item by item under `extends:`."""

from __future__ import annotations

import typing
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from salesperf_model.engine import run_plan
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.loading.model_shape import _unwrap
from salesperf_model.loading.named import NAMED_LISTS
from salesperf_model.pipeline import outcomes_for
from salesperf_model.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
BASE_BONUSES = [
    "over_achievement",
    "new_customer_award",
    "satisfaction_award",
    "team_award",
    "target_bonus",
    "profit_share",
]

EXTRA_TOP_N = """\
extends: {base}
pay:
  bonuses:
    - name: best_collector
      type: top_n
      measure: revenue_collected
      n: 5
      amount: 4000
      settlement: quarterly
"""


def _write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.format(base=BASELINE), encoding="utf-8")
    return path


def _names(scenario: Scenario) -> list[str]:
    return [b.name for b in scenario.pay.bonuses]


def test_adding_one_bonus_keeps_the_base_six_and_adds_its_own_pay(tmp_path):
    """The issue's case: one extra top_n bonus used to replace all six (pay 124.0 M -> 88.2 M).
    Now every baseline component is paid to the cent as before, plus the new bonus."""
    plan = load_scenario(_write(tmp_path, EXTRA_TOP_N))
    assert _names(plan) == [*BASE_BONUSES, "best_collector"]
    assert plan.warnings() == load_scenario(BASELINE).warnings()
    baseline = load_scenario(BASELINE)
    outcomes = outcomes_for(baseline, reps=60, periods=12, simulations=2, seed=7)
    before, after = run_plan(outcomes, baseline), run_plan(outcomes, plan)
    for component, paid in before.payouts.items():
        np.testing.assert_array_equal(after.payouts[component], paid, err_msg=component)
    extra = after.payouts["bonus_best_collector"]
    # 5 reps x 4,000 per quarter, 4 quarters, paid in each quarter's last month
    assert extra.sum(axis=(1, 2)).tolist() == pytest.approx([80_000.0, 80_000.0])
    assert after.total_pay().sum() == pytest.approx(before.total_pay().sum() + extra.sum())


def test_changing_one_field_of_one_bonus_keeps_its_other_fields(tmp_path):
    path = _write(
        tmp_path,
        "extends: {base}\npay:\n  bonuses:\n    - {{name: new_customer_award, amount: 6000}}\n",
    )
    plan, base = load_scenario(path), load_scenario(BASELINE)
    assert _names(plan) == BASE_BONUSES  # same order, nothing added
    changed = plan.pay.bonuses[1]
    assert changed.amount == 6000
    assert base.pay.bonuses[1].model_dump() == {**changed.model_dump(), "amount": 5000}


def test_removing_one_bonus(tmp_path):
    path = _write(
        tmp_path, "extends: {base}\npay:\n  bonuses:\n    - {{name: team_award, remove: true}}\n"
    )
    assert _names(load_scenario(path)) == [n for n in BASE_BONUSES if n != "team_award"]


def test_removing_a_misspelt_name_is_refused_naming_the_closest(tmp_path):
    path = _write(
        tmp_path, "extends: {base}\npay:\n  bonuses:\n    - {{name: team_awrd, remove: true}}\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.path == "pay.bonuses.0.name"
    assert problem.value == "team_awrd"
    assert problem.suggestion == "team_award"
    assert "did you mean 'team_award'" in str(problem)
    assert "profit_share" in problem.expected


def test_a_chain_adds_changes_and_removes_in_turn(tmp_path):
    _write(tmp_path, EXTRA_TOP_N, "middle.yaml")
    top = tmp_path / "top.yaml"
    top.write_text(
        "extends: middle.yaml\npay:\n  bonuses:\n"
        "    - {name: best_collector, n: 3}\n"
        "    - {name: over_achievement, remove: true}\n",
        encoding="utf-8",
    )
    plan = load_scenario(top)
    assert _names(plan) == [*BASE_BONUSES[1:], "best_collector"]
    assert plan.pay.bonuses[-1].n == 3 and plan.pay.bonuses[-1].amount == 4000


def test_grade_bands_merge_by_grade(tmp_path):
    """Moving the S/A boundary to 95 needs two bands changed, B and C stay as in the base."""
    path = _write(
        tmp_path,
        "extends: {base}\ngrading:\n  bands:\n"
        "    - {{grade: S, min_points: 95}}\n    - {{grade: A, max_points: 95}}\n",
    )
    bands = {b.grade: (b.min_points, b.max_points) for b in load_scenario(path).grading.bands}
    assert bands == {"S": (95, None), "A": (80, 95), "B": (70, 80), "C": (None, 70)}


def test_an_error_in_a_merged_item_names_the_line_of_the_file_that_set_it(tmp_path):
    path = _write(
        tmp_path,
        "extends: {base}\npay:\n  bonuses:\n    - name: satisfaction_award\n      amount: -1\n",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.path == "pay.bonuses.satisfaction_award.amount"  # by name, not merged place
    assert (problem.source, problem.line) == (str(path), 5)


def test_remove_in_a_file_that_extends_nothing_is_refused(tmp_path):
    text = BASELINE.read_text(encoding="utf-8").replace(
        "  bonuses:\n", "  bonuses:\n    - {name: team_award, remove: true}\n", 1
    )
    path = tmp_path / "root.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [p.path for p in caught.value.problems] == ["pay.bonuses.0.remove"]
    assert "extends no other file" in caught.value.problems[0].message


def test_an_item_without_its_name_is_refused(tmp_path):
    path = _write(tmp_path, "extends: {base}\npay:\n  bonuses:\n    - {{amount: 6000}}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [p.path for p in caught.value.problems] == ["pay.bonuses.0"]
    assert "must give its 'name'" in caught.value.problems[0].message


def test_overrides_name_an_item_instead_of_its_index():
    plan = load_scenario(BASELINE, ["pay.bonuses.new_customer_award.amount=6000"])
    assert plan.pay.bonuses[1].amount == 6000
    plan = load_scenario(
        BASELINE, {"grading.bands.S.min_points": 95, "grading.bands.A.max_points": 95}
    )
    assert [(b.grade, b.min_points) for b in plan.grading.bands][:2] == [("S", 95), ("A", 80)]
    assert plan.grading.bands[1].max_points == 95
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, ["pay.bonuses.team_awrd.pool=1"])
    (problem,) = caught.value.problems
    assert problem.suggestion == "team_award"
    assert "no item named 'team_awrd'" in problem.message


def test_an_override_that_drops_named_items_warns_naming_them():
    plan = load_scenario(BASELINE, ["pay.bonuses=[]"])
    assert plan.pay.bonuses == []
    (warning,) = [w for w in plan.warnings() if "pay.bonuses" in w]
    for name in BASE_BONUSES:
        assert name in warning
    kept = load_scenario(BASELINE, {"grading.bands": [b.model_dump() for b in plan.grading.bands]})
    assert not [w for w in kept.warnings() if "drops" in w]


def _item_models(annotation: object) -> list[type[BaseModel]]:
    found = []
    for concrete in _unwrap(annotation):
        if typing.get_origin(concrete) is list:
            for arg in typing.get_args(concrete):
                found += [
                    m for m in _unwrap(arg) if isinstance(m, type) and issubclass(m, BaseModel)
                ]
                args = typing.get_args(arg)
                for member in args[:1] if typing.get_origin(arg) is typing.Annotated else ():
                    found += [
                        m
                        for m in _unwrap(member)
                        if isinstance(m, type) and issubclass(m, BaseModel)
                    ]
    return found


def _lists_of_models(model: type[BaseModel], prefix: tuple = ()) -> dict[tuple, list]:
    lists = {}
    for name, field in model.model_fields.items():
        items = _item_models(field.annotation)
        if items:
            lists[(*prefix, name)] = items
        for concrete in _unwrap(field.annotation):
            if isinstance(concrete, type) and issubclass(concrete, BaseModel):
                lists.update(_lists_of_models(concrete, (*prefix, name)))
    return lists


def test_every_list_of_named_items_in_the_schema_is_listed():
    """A list whose items have a required name (or grade) field merges by it; lists of
    items without one (tiers, score bands) stay ordered and replace whole."""
    named = {}
    for path, models in _lists_of_models(Scenario).items():
        keys = {
            key
            for model in models
            for key in ("name", "grade")
            if key in model.model_fields and model.model_fields[key].is_required()
        }
        if keys:
            (named[path],) = keys
    assert named == NAMED_LISTS
