"""Loading scenario files: safe YAML, duplicate keys, extends merging, overrides, errors.

The merge mechanics are pinned on a small stand-in model (so they do not move when the
plan sections change); the last tests run the real scenarios through the same path.
"""

from __future__ import annotations

import copy
import pickle
import textwrap
from pathlib import Path
from typing import Literal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, model_validator

from salesperf_model.loading import (
    ScenarioError,
    apply_overrides,
    deep_merge,
    load_model,
    load_scenario,
    load_scenario_dict,
    load_yaml,
    parse_override,
    scenario_problem,
    yaml_problem,
)

SCENARIOS = Path(__file__).parents[1] / "scenarios"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(_Section):
    start: float = Field(ge=0, description="attainment where the tier starts")
    rate: float = Field(ge=0, description="rate in the tier")


class Commission(_Section):
    base: Literal["collected", "booked"] = "collected"
    tiers: list[Tier]
    cap: float | None = None


class Pay(_Section):
    commission: Commission
    allowances: dict[str, float] = Field(default_factory=dict)


class Plan(_Section):
    name: str
    description: str = ""
    extends: str | None = None
    currency: str = "CNY"
    pay: Pay


BASE = """\
name: base
description: the base plan
pay:
  commission:
    base: collected
    tiers:
      - {start: 0.0, rate: 0.03}
      - {start: 1.0, rate: 0.04}
      - {start: 1.2, rate: 0.05}
  allowances: {transport: 800, phone: 200}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(path: Path, overrides=()) -> Plan:
    return load_scenario(path, overrides, model=Plan)


def problems_of(path: Path, overrides=()) -> list:
    with pytest.raises(ScenarioError) as caught:
        load(path, overrides)
    return caught.value.problems


# ---------------------------------------------------------------- safe YAML, duplicates


def test_object_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "executed"
    path = write(
        tmp_path,
        "evil.yaml",
        f"name: x\nrun: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    assert not marker.exists()
    problem = caught.value.problems[0]
    assert problem.file == str(path) and problem.line == 2
    assert "not allowed" in problem.message


def test_every_duplicate_key_is_reported_with_its_path_and_both_lines(tmp_path):
    path = write(
        tmp_path,
        "dup.yaml",
        """\
        name: a
        pay:
          commission:
            base: booked
            base: collected
          allowances: {phone: 1, phone: 2}
        name: b
        """,
    )
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    found = {(p.path, p.line) for p in caught.value.problems}
    assert found == {("pay.commission.base", 5), ("pay.allowances.phone", 6), ("name", 7)}
    assert "first written on line 1" in str(caught.value)


def test_yaml_merge_keys_may_override_without_counting_as_duplicates(tmp_path):
    path = write(tmp_path, "merge.yaml", "a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  x: 3\n")
    data, _ = load_yaml(path)
    assert data["b"] == {"x": 3, "y": 2}


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = write(tmp_path, "list.yaml", "- 1\n- 2\n")
    (problem,) = problems_of(path)
    assert "must hold a mapping" in problem.message and problem.value == [1, 2]


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "broken.yaml", "name: a\npay: [unclosed\n")
    (problem,) = problems_of(path)
    assert problem.file == str(path) and problem.line is not None
    assert "not valid YAML" in problem.message


# ---------------------------------------------------------------- extends


def test_extends_merges_mappings_and_keeps_what_the_child_does_not_give(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
        extends: base.yaml
        pay:
          commission: {base: booked}
          allowances: {phone: 300}
        """,
    )
    plan = load(child)
    assert plan.pay.commission.base == "booked"
    assert [t.rate for t in plan.pay.commission.tiers] == [0.03, 0.04, 0.05]  # inherited
    assert plan.pay.allowances == {"transport": 800, "phone": 300}  # merged key by key
    assert plan.extends == "base.yaml"


def test_extends_replaces_lists_whole(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "flat.yaml",
        "extends: base.yaml\npay:\n  commission:\n    tiers: [{start: 0, rate: 0.033}]\n",
    )
    assert [(t.start, t.rate) for t in load(child).pay.commission.tiers] == [(0, 0.033)]


def test_name_defaults_to_the_file_stem_and_is_not_inherited(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "steeper_curve.yaml", "extends: base.yaml\n")
    plan = load(child)
    assert plan.name == "steeper_curve"  # not "base"
    assert plan.description == ""  # the base's description describes the base
    named = write(tmp_path, "named.yaml", "extends: base.yaml\nname: custom\n")
    assert load(named).name == "custom"
    assert load(tmp_path / "base.yaml").name == "base"


def test_extends_chains_resolve_paths_relative_to_each_file(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    write(
        tmp_path,
        "levers/middle.yaml",
        "extends: ../base.yaml\npay:\n  commission: {base: booked}\n",
    )
    top = write(
        tmp_path,
        "levers/deeper/top.yaml",
        "extends: ../middle.yaml\npay:\n  allowances: {transport: 0}\n",
    )
    plan = load(top)
    assert plan.pay.commission.base == "booked"  # from the middle file
    assert plan.pay.allowances == {"transport": 0, "phone": 200}  # top over base
    assert plan.extends == "../middle.yaml"
    assert plan.name == "top"


def test_an_extends_cycle_is_refused_naming_the_whole_chain(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: c.yaml\n")
    write(tmp_path, "c.yaml", "extends: a.yaml\n")
    (problem,) = problems_of(tmp_path / "a.yaml")
    assert problem.path == "extends"
    assert "cycle" in problem.message
    chain = problem.message.split(": ", 1)[1].split(" -> ")
    assert [Path(p).name for p in chain] == ["a.yaml", "b.yaml", "c.yaml", "a.yaml"]


def test_a_file_extending_itself_is_a_cycle(tmp_path):
    path = write(tmp_path, "self.yaml", "extends: self.yaml\n")
    (problem,) = problems_of(path)
    assert "cycle" in problem.message


def test_a_missing_extended_file_is_reported_with_the_validation_errors(tmp_path):
    path = write(tmp_path, "orphan.yaml", "extends: nowhere.yaml\ncurrency: 5\n")
    problems = problems_of(path)
    messages = {p.path: p.message for p in problems}
    assert "does not exist" in messages["extends"]
    assert "currency" in messages  # still validated: the file's own bad values are named
    # but not 'pay: required key is missing': it would come from the missing parent
    assert "pay" not in messages and "scoring" not in messages


def test_errors_say_which_file_of_the_chain_a_bad_value_came_from(tmp_path):
    write(tmp_path, "base.yaml", BASE.replace("rate: 0.04", "rate: -0.04"))
    child = write(tmp_path, "child.yaml", "extends: base.yaml\ncurrency: EUR\n")
    (problem,) = problems_of(child)
    assert problem.file == str(child)
    assert problem.path == "pay.commission.tiers.1.rate"
    assert problem.source == str(tmp_path / "base.yaml") and problem.line == 8
    assert f"(value from {tmp_path / 'base.yaml'}, line 8)" in str(problem)


def test_the_merged_scenario_is_validated_whole_and_every_error_reported(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
        extends: base.yaml
        currency: [1]
        pay:
          commission:
            base: cash
            tiers: [{start: -1, rate: 0.03}, {start: 1, rat: 0.04}]
        """,
    )
    problems = problems_of(child)
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {
        "currency",
        "pay.commission.base",
        "pay.commission.tiers.0.start",
        "pay.commission.tiers.1.rate",
        "pay.commission.tiers.1.rat",
    }
    assert by_path["pay.commission.base"].value == "cash"
    assert "'collected' or 'booked'" in by_path["pay.commission.base"].expected
    assert by_path["pay.commission.tiers.1.rat"].suggestion == "rate"
    assert "required key is missing" in by_path["pay.commission.tiers.1.rate"].message
    assert by_path["pay.commission.tiers.0.start"].line == 6


# ---------------------------------------------------------------- overrides


def test_parse_override_reads_the_value_as_yaml():
    assert parse_override("pay.commission.tiers.1.rate=0.05") == (
        "pay.commission.tiers.1.rate",
        0.05,
    )
    assert parse_override("pay.commission.base=booked") == ("pay.commission.base", "booked")
    assert parse_override("pay.commission.cap=null") == ("pay.commission.cap", None)
    assert parse_override("a.b=[1, 2]") == ("a.b", [1, 2])
    assert parse_override("description=a=b") == ("description", "a=b")
    with pytest.raises(ValueError, match=r"key\.path=value"):
        parse_override("no_equals_sign")


def test_override_sets_a_list_item_by_its_0_based_index(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    plan = load(path, ["pay.commission.tiers.1.rate=0.045"])
    assert [t.rate for t in plan.pay.commission.tiers] == [0.03, 0.045, 0.05]


def test_notebook_parameters_as_a_mapping_take_the_same_path(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    plan = load(path, {"pay.commission.base": "booked", "pay.commission.cap": 2.0})
    assert plan.pay.commission.base == "booked"
    assert plan.pay.commission.cap == 2.0  # absent from the file, but a model key
    with pytest.raises(ScenarioError) as caught:
        load(path, {"pay.commission.base": "cash"})
    (problem,) = caught.value.problems
    assert problem.path == "pay.commission.base" and problem.value == "cash"
    assert problem.source == "override pay.commission.base='cash'"


def test_overrides_apply_after_the_extends_chain(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\npay: {commission: {base: booked}}\n")
    plan = load(child, ["pay.commission.base=collected", "name=from_override"])
    assert plan.pay.commission.base == "collected" and plan.name == "from_override"


def test_an_override_may_add_a_key_to_a_free_form_mapping(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    assert load(path, ["pay.allowances.housing=1000"]).pay.allowances["housing"] == 1000


def test_override_paths_that_do_not_exist_are_refused_with_the_nearest_key(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    problems = problems_of(
        path, ["pay.comission.base=booked", "pay.commission.tiers.3.rate=0.1", "pay.x.y=1"]
    )
    by_path = {p.path: p for p in problems}
    assert by_path["pay.comission.base"].suggestion == "pay.commission"
    assert by_path["pay.commission.tiers.3.rate"].expected == (
        "an index from 0 to 2 (or -1 to -3, counted from the end)"
    )
    assert "no key 'x' at pay" in by_path["pay.x.y"].message
    assert all(p.source.startswith("override ") for p in problems)


def test_an_override_cannot_descend_into_a_plain_value(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    (problem,) = problems_of(path, ["currency.code=EUR"])
    assert "holds a value" in problem.message and problem.path == "currency.code"


def test_apply_overrides_returns_a_copy_and_leaves_the_input_alone(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    data, _, problems = load_scenario_dict(path, model=Plan)
    assert problems == []
    changed = apply_overrides(data, ["pay.commission.tiers.0.rate=0.02"], model=Plan)
    assert changed["pay"]["commission"]["tiers"][0]["rate"] == 0.02
    assert data["pay"]["commission"]["tiers"][0]["rate"] == 0.03


def test_apply_overrides_raises_for_a_bad_path_when_not_collecting():
    with pytest.raises(ScenarioError, match=r"did you mean 'pay\.commission'"):
        apply_overrides({"pay": {"commission": {}}}, {"pay.comision.base": "x"}, model=Plan)


def test_scenario_error_text_names_every_problem(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    with pytest.raises(ScenarioError) as caught:
        load(path, ["pay.commission.tiers.0.rate=-1", "pay.commission.tiers.1.rate=-2"])
    text = str(caught.value)
    assert text.startswith(f"2 problems in scenario {path}:")
    assert "pay.commission.tiers.0.rate" in text and "(value: -1)" in text
    assert "pay.commission.tiers.1.rate" in text and "(value: -2)" in text


# ---------------------------------------------------------------- the real scenarios


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_committed_scenario_loads(path):
    scenario = load_scenario(path)
    assert scenario.name == path.stem


def test_real_scenario_override_on_a_commission_tier():
    scenario = load_scenario(SCENARIOS / "baseline.yaml", ["pay.commission.tiers.1.rate=0.045"])
    assert [t.rate for t in scenario.pay.commission.tiers] == [0.03, 0.045, 0.05]
    baseline = load_scenario(SCENARIOS / "baseline.yaml")
    assert baseline.pay.commission.tiers[1].rate == 0.04  # the file is untouched


def test_an_override_into_a_list_the_file_leaves_out_names_the_valid_indices(tmp_path):
    class Plans(_Section):
        name: str
        bonuses: list[Tier] = Field(default_factory=list)

    path = write(tmp_path, "nobonus.yaml", "name: n\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, ["bonuses.0.rate=0.1"], model=Plans)
    (problem,) = caught.value.problems
    assert "a list of 0 items" in problem.message
    assert problem.expected == "the whole list, e.g. bonuses=[...]"


def test_errors_inside_a_bonus_use_the_file_path_not_the_union_member_name():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(
            SCENARIOS / "baseline.yaml",
            ["pay.bonuses.1.n=0", "pay.bonuses.2.type=thresh"],
        )
    by_path = {p.path: p for p in caught.value.problems}
    # an item of a named list is named by its name, whatever the override called it
    n, kind = "pay.bonuses.new_customer_award.n", "pay.bonuses.satisfaction_award.type"
    assert set(by_path) == {n, kind}, str(caught.value)
    assert by_path[n].value == 0
    assert by_path[n].source == "override pay.bonuses.1.n=0"
    assert by_path[kind].suggestion == "threshold"
    assert "top_n" in by_path[kind].expected


def test_a_single_override_string_from_a_notebook_is_accepted():
    scenario = load_scenario(SCENARIOS / "baseline.yaml", "pay.commission.base=booked")
    assert scenario.pay.commission.base == "booked"


class Checked(_Section):
    """A stand-in for a plan section whose cross-field validator reports several problems,
    each message starting with the key path it is about (relative, or absolute)."""

    tiers: list[Tier]
    weights: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Checked:
        problems = []
        starts = [t.start for t in self.tiers]
        for index in range(1, len(starts)):
            if starts[index] <= starts[index - 1]:
                problems.append(
                    f"tiers.{index}.start: tiers must ascend by start, got {starts[index]:g}"
                    f" after {starts[index - 1]:g}; expected more than {starts[index - 1]:g}"
                )
        total = sum(self.weights.values())
        if self.weights and total != 100:
            problems.append(f"section.weights: weights add to {total:g}%; they must add to 100%")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class CheckedPlan(_Section):
    name: str
    section: Checked


def test_a_cross_field_message_is_split_and_reported_at_each_key_path_it_names(tmp_path):
    path = write(
        tmp_path,
        "checked.yaml",
        """\
        section:
          tiers: [{start: 0, rate: 0.1}, {start: 1.2, rate: 0.1}, {start: 0.9, rate: 0.1}]
          weights: {a: 70, b: 50}
        """,
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, model=CheckedPlan)
    by_path = {p.path: p for p in caught.value.problems}
    assert set(by_path) == {"section.tiers.2.start", "section.weights"}, str(caught.value)
    tier = by_path["section.tiers.2.start"]
    assert tier.value == 0.9 and tier.line == 2
    assert tier.message == "tiers must ascend by start, got 0.9 after 1.2; expected more than 1.2"
    assert by_path["section.weights"].value == {"a": 70, "b": 50}
    assert by_path["section.weights"].message.startswith("weights add to 120%")


def test_scenario_error_survives_pickling(tmp_path):
    path = write(tmp_path, "base.yaml", BASE)
    with pytest.raises(ScenarioError) as caught:
        load(path, ["pay.commission.tiers.0.rate=-1"])
    copy_of = pickle.loads(pickle.dumps(caught.value))
    assert copy_of.problems == caught.value.problems and str(copy_of) == str(caught.value)


def test_a_misspelt_bonus_key_is_matched_against_that_bonus_type_only():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SCENARIOS / "baseline.yaml", ["pay.bonuses.1.amout=1"])
    (problem,) = caught.value.problems
    assert problem.suggestion == "pay.bonuses.1.amount"
    assert "tie_rule" in problem.expected  # a top_n bonus key
    assert "pool" not in problem.expected  # a team_pool key, not valid for top_n


def _leaves(data, path=()):
    """Every (dotted key, value) of plain values in a nested mapping/list."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield ".".join(map(str, path)), data


def test_overriding_every_baseline_value_with_itself_changes_nothing():
    """Each leaf written as a command-line override (YAML text) parses back to the same
    value at the same place, so any key an error message names can be overridden."""
    baseline_path = SCENARIOS / "baseline.yaml"
    data, _, _ = load_scenario_dict(baseline_path)
    leaves = [(key, value) for key, value in _leaves(data) if key != "extends"]
    overrides = []
    for key, value in leaves:
        text = yaml.safe_dump(value, default_flow_style=True).strip()
        overrides.append(f"{key}={text.removesuffix('...').strip()}")
    assert len(overrides) > 150
    for text, (key, value) in zip(overrides, leaves):
        assert parse_override(text) == (key, value)
    assert load_scenario(baseline_path, overrides) == load_scenario(baseline_path)


_KEYS = st.sampled_from(["a", "b", "c", "tiers"])
_SCALARS = st.one_of(st.integers(-5, 5), st.none(), st.text("xy", max_size=2))
_TREES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=3)
    ),
    max_leaves=8,
)
_MAPPINGS = st.dictionaries(_KEYS, _TREES, max_size=4)


def _expected_merge(base, update):
    """The rule, spelt out: a key only in one side keeps its value; a key in both merges
    when both values are mappings and the update's is not empty, and otherwise takes the
    update's value whole (an empty mapping clears what it replaces)."""
    merged = dict(base)
    for key, value in update.items():
        both_mappings = isinstance(base.get(key), dict) and isinstance(value, dict) and value
        merged[key] = _expected_merge(base[key], value) if both_mappings else value
    return merged


@settings(max_examples=60, deadline=None)
@given(_MAPPINGS, _MAPPINGS, _MAPPINGS)
def test_deep_merge_follows_the_rule_and_chains_compose(base, middle, top):
    assert deep_merge(base, middle) == _expected_merge(base, middle)
    assert deep_merge(deep_merge(base, middle), top) == _expected_merge(
        _expected_merge(base, middle), top
    )
    assert deep_merge(base, {}) == base and deep_merge({}, top) == top


@settings(max_examples=60, deadline=None)
@given(_MAPPINGS, _MAPPINGS)
def test_deep_merge_changes_neither_input(base, update):
    before = (copy.deepcopy(base), copy.deepcopy(update))
    merged = deep_merge(base, update)
    assert (base, update) == before
    for key, value in update.items():  # lists and scalars from the update replace whole
        if not isinstance(value, dict):
            assert merged[key] == value


# ---------------------------------------------------------------- other YAML files (mappings)


class Columns(_Section):
    rep: str = Field(description="column of the rep name")
    amount: str = Field(description="column of the deal amount")


class ColumnMapping(_Section):
    """A stand-in for a CRM column mapping: not a scenario, same loader."""

    name: str
    min_amount: float = Field(0.0, ge=0)
    columns: Columns


MAPPING = """\
name: crm
min_amount: 100
columns:
  rep: Sales Agent
  amount: Close Value
"""


def mapping_problems(path: Path, overrides=()) -> tuple[ScenarioError, list]:
    with pytest.raises(ScenarioError) as caught:
        load_model(path, ColumnMapping, overrides=overrides)
    return caught.value, caught.value.problems


def test_load_model_reads_another_kind_of_file_into_its_model(tmp_path):
    path = write(tmp_path, "crm.yaml", MAPPING)
    mapping = load_model(path, ColumnMapping)
    assert isinstance(mapping, ColumnMapping)
    assert mapping.columns.rep == "Sales Agent" and mapping.min_amount == 100
    changed = load_model(path, ColumnMapping, overrides=["columns.rep=Owner"])
    assert changed.columns.rep == "Owner"


def test_load_model_refuses_a_duplicate_key_naming_file_and_both_lines(tmp_path):
    path = write(tmp_path, "dup.yaml", MAPPING + "  rep: Owner\n")
    error, (problem,) = mapping_problems(path)
    assert problem.path == "columns.rep" and problem.line == 6
    assert f"{path}:6" in str(problem) and "first written on line 4" in str(problem)
    assert str(error).startswith(f"1 problem in mapping {path}:")


def test_load_model_names_the_closest_key_for_a_misspelt_one(tmp_path):
    path = write(tmp_path, "typo.yaml", MAPPING.replace("columns:", "colums:"))
    _, problems = mapping_problems(path)
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {"colums", "columns"}  # the misspelt key, and the missing one
    typo = by_path["colums"]
    assert typo.suggestion == "columns" and typo.line == 3
    assert f"{path}:3" in str(typo) and "did you mean 'columns'?" in str(typo)
    assert "min_amount" in typo.expected  # the valid keys at that level
    assert "required key is missing" in by_path["columns"].message


def test_load_model_reports_a_bad_value_with_its_line_and_what_is_expected(tmp_path):
    path = write(tmp_path, "bad.yaml", MAPPING.replace("min_amount: 100", "min_amount: -5"))
    _, (problem,) = mapping_problems(path)
    assert (problem.path, problem.value, problem.line) == ("min_amount", -5, 2)
    assert f"{path}:2" in str(problem) and "greater than or equal to 0" in str(problem)


def test_load_model_does_not_default_the_name_as_scenarios_do(tmp_path):
    path = write(tmp_path, "nameless.yaml", MAPPING.replace("name: crm\n", ""))
    _, (problem,) = mapping_problems(path)
    assert problem.path == "name" and "required key is missing" in problem.message
    assert load_scenario(path, model=ColumnMapping).name == "nameless"


def test_load_model_refuses_object_tags_in_words_about_the_kind_of_file(tmp_path):
    path = write(tmp_path, "evil.yaml", MAPPING + "run: !!python/object/apply:os.getcwd []\n")
    _, (problem,) = mapping_problems(path)
    assert "not allowed in mapping files" in problem.message and problem.line == 6


# ---------------------------------------------------------------- checks before a batch run


def test_yaml_problem_says_what_stops_a_file_being_read(tmp_path):
    assert (
        yaml_problem(tmp_path / "absent.yaml")
        == f"{tmp_path / 'absent.yaml'}: no such scenario file"
    )
    broken = write(tmp_path, "broken.yaml", "name: a\npay: [unclosed\n")
    assert yaml_problem(broken).startswith(f"{broken}: not valid YAML:")
    listing = write(tmp_path, "list.yaml", "- 1\n")
    assert yaml_problem(listing) == f"{listing}: expected a mapping of scenario keys, got list"
    assert yaml_problem(SCENARIOS / "baseline.yaml") is None


def test_scenario_problem_is_none_for_a_valid_scenario_and_the_error_text_otherwise(tmp_path):
    assert scenario_problem(SCENARIOS / "baseline.yaml") is None
    assert scenario_problem(tmp_path / "absent.yaml").endswith("no such scenario file")
    bad = write(tmp_path, "bad.yaml", f"extends: {SCENARIOS / 'baseline.yaml'}\ncurrency: [1]\n")
    text = scenario_problem(bad)
    assert text.startswith(f"1 problem in scenario {bad}:") and "currency" in text
