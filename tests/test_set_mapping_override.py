"""`--set` of a whole mapping replaces it, as `--set` of a whole named list does, and warns
naming every key it drops: nothing an analyst did not write disappears silently."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.cli import main
from salesperf_model.loading import load_scenario
from salesperf_model.loading.named import dropped_names

ROOT = Path(__file__).parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
OTHER_ROLES = ["account_manager", "key_account_manager", "channel_manager", "regional_manager"]
#: the default base keeps the roles the override drops above the local minimum (8,000)
DEFAULT_BASE = "pay.base_salary.default=8000"


def _drop_warnings(plan) -> list[str]:
    return [w for w in plan.warnings() if "drops" in w]


def test_a_whole_mapping_replaces_and_warns_naming_the_keys_it_drops():
    plan = load_scenario(BASELINE, [DEFAULT_BASE, "pay.base_salary.by_role={new_business: 9000}"])
    assert plan.pay.base_salary.by_role == {"new_business": 9000}
    (warning,) = _drop_warnings(plan)
    assert warning == (
        "pay.base_salary.by_role: the override replaces the whole mapping and drops "
        "account_manager, key_account_manager, channel_manager, regional_manager, "
        "equity_sales, which are no longer set (the defaults apply); to change one key "
        "and keep the rest, set pay.base_salary.by_role.<key>=<value>"
    )


def test_a_notebook_parameters_dict_warns_the_same():
    plan = load_scenario(
        BASELINE,
        {"pay.base_salary.default": 8000, "pay.base_salary.by_role": {"new_business": 9000}},
    )
    (warning,) = _drop_warnings(plan)
    assert warning.startswith("pay.base_salary.by_role: the override replaces the whole mapping")
    for role in OTHER_ROLES:
        assert role in warning


def test_one_key_set_by_its_path_keeps_the_rest_without_a_warning():
    plan = load_scenario(BASELINE, ["pay.base_salary.by_role.new_business=9000"])
    assert plan.pay.base_salary.by_role["new_business"] == 9000
    assert plan.pay.base_salary.by_role["regional_manager"] == 15000
    assert _drop_warnings(plan) == []


def test_a_mapping_given_with_every_key_warns_of_nothing():
    plan = load_scenario(
        BASELINE, ["scoring.rater_weights={manager: 50, customer: 20, peer: 20, self: 10}"]
    )
    assert plan.scoring.rater_weights.self_rating == 10
    assert _drop_warnings(plan) == []


def test_nested_mappings_name_what_each_level_drops():
    plan = load_scenario(BASELINE, {"scoring.weights": {"new_business": {"revenue": 100}}})
    warnings = _drop_warnings(plan)
    assert [w.split(":")[0] for w in warnings] == [
        "scoring.weights",
        "scoring.weights.new_business",
    ]
    assert "drops account_manager, key_account_manager" in warnings[0]
    assert (
        "drops new_customer_revenue, new_customer_count, new_customer_conversion" in (warnings[1])
    )


def test_an_empty_mapping_clears_it_and_names_everything_cleared():
    plan = load_scenario(BASELINE, ["pay.bonuses.target_bonus.target_amount.by_role={}"])
    assert plan.pay.bonuses[4].target_amount.by_role == {}
    (warning,) = _drop_warnings(plan)
    assert warning.startswith(
        "pay.bonuses.target_bonus.target_amount.by_role: the override replaces the whole"
        " mapping and drops regional_manager,"
    )


def test_a_named_item_set_whole_names_the_fields_it_drops():
    plan = load_scenario(
        BASELINE,
        [
            "pay.bonuses.target_bonus={name: target_bonus, type: target_bonus, target_amount: {default: 3000}}"
        ],
    )
    whole, amount = _drop_warnings(plan)
    assert whole.startswith(
        "pay.bonuses.target_bonus: the override replaces the whole mapping and drops "
        "grade_multipliers, settlement, which are no longer set"
    )
    assert amount.startswith(
        "pay.bonuses.target_bonus.target_amount: the override replaces the whole mapping and"
        " drops by_role, which is no longer set"
    )


def test_a_value_in_place_of_a_mapping_is_not_a_dropped_key():
    """``behaviour=none`` is the documented way to switch reacting reps off."""
    plan = load_scenario(BASELINE, ["behaviour=none"])
    assert _drop_warnings(plan) == []


def test_keys_compared_as_text_so_a_notebook_dict_of_the_same_keys_drops_nothing():
    before = {"pay": {"base_salary": {"region_tier_multiplier": {1: 1.0, 2: 0.85}}}}
    after = {"pay": {"base_salary": {"region_tier_multiplier": {"1": 1.0, "2": 0.8}}}}
    assert dropped_names(before, after) == []
    after["pay"]["base_salary"]["region_tier_multiplier"] = {"1": 1.0}
    (warning,) = dropped_names(before, after)
    assert warning.startswith("pay.base_salary.region_tier_multiplier: ")
    assert "drops 2, which is no longer set" in warning


def test_pay_command_prints_the_warning_and_still_pays(tmp_path, capsys):
    out = tmp_path / "pay.csv"
    args = ["pay", str(BASELINE), "--outcomes", str(EXAMPLE), "--out", str(out)]
    sets = ["--set", DEFAULT_BASE, "--set", "pay.base_salary.by_role={new_business: 9000}"]
    assert main([*args, *sets]) == 0
    printed = capsys.readouterr().out
    assert (
        "warning: pay.base_salary.by_role: the override replaces the whole mapping and drops "
        "account_manager, key_account_manager, channel_manager, regional_manager, equity_sales"
    ) in printed
    assert out.exists()
