"""The labels audit, words: what leadership reads names plans by their titles and pay
components, roles, KPIs, SPIFs and modifiers in words, never by a scenario file's
snake_case key; money carries its currency; gender gaps say which way they run and are
flagged only when they are both 5% or more and clear of the Monte Carlo noise."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.loading import load_scenario
from salesperf_model.present import plain_words, plan_changes
from salesperf_model.present.plan_titles import set_plan_titles
from salesperf_model.present.plan_words import component_name, key_words, role_name

ROOT = Path(__file__).resolve().parents[1]
#: A snake_case identifier: two or more lower-case words joined by underscores.
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
#: Every pay component key the engine writes (cost_by_component of the shipped scenarios).
COMPONENTS = [
    "allowances",
    "base_salary",
    "bonus_new_customer_award",
    "bonus_over_achievement",
    "bonus_profit_share",
    "bonus_satisfaction_award",
    "bonus_target_bonus",
    "bonus_team_award",
    "clawback",
    "commission",
    "double_credit",
    "draw_advance",
    "draw_recovery",
    "draw_written_off",
    "fixed",
    "guarantee_top_up",
    "holdback",
    "leaver_forfeit",
    "manager_override",
    "modifier_satisfaction",
    "overlay",
    "spif_q2_new_logos",
    "total",
    "variable",
    "windfall",
]


def snake_words(text: str) -> list[str]:
    """The snake_case identifiers in ``text`` (dates and figures are not words)."""
    return SNAKE.findall(text)


@pytest.fixture(scope="module")
def scenarios():
    names = ("baseline", "plan_mechanics", "role_weights", "steep_accelerator")
    return {name: load_scenario(ROOT / "scenarios" / f"{name}.yaml") for name in names}


@pytest.fixture
def titles(scenarios):
    set_plan_titles({name: s.display_title for name, s in scenarios.items()})
    yield {name: s.display_title for name, s in scenarios.items()}
    set_plan_titles({})


@pytest.mark.parametrize("component", COMPONENTS)
def test_every_pay_component_has_a_name_in_words(component):
    name = component_name(component)
    assert not snake_words(name) and "_" not in name
    assert name[0].isupper()


def test_component_names_read_as_leadership_expects():
    assert component_name("base_salary") == "Base salary"
    assert component_name("spif_q2_new_logos") == "Q2 new logos SPIF"
    assert component_name("modifier_satisfaction") == "Satisfaction payout modifier"
    assert component_name("bonus_over_achievement") == "Over-achievement bonus"
    assert component_name("bonus_profit_share") == "Profit share bonus"
    assert component_name("bonus_target_bonus") == "Target bonus"
    assert role_name("new_business") == "new business" and role_name("all") == "all reps"
    assert key_words("new_customer_revenue") == "new customer revenue"


@pytest.mark.parametrize("plan", ["plan_mechanics", "role_weights", "steep_accelerator"])
def test_the_change_table_names_settings_in_words(scenarios, plan):
    changes = plan_changes(scenarios[plan], scenarios["baseline"])
    assert len(changes)
    for column in ("setting", "baseline", "plan"):
        text = " | ".join(changes[column])
        assert not snake_words(text), (column, snake_words(text))


def test_the_change_table_names_spifs_and_modifiers_as_such(scenarios):
    settings = list(plan_changes(scenarios["plan_mechanics"], scenarios["baseline"])["setting"])
    assert "SPIF Q2 new logos" in settings
    assert "Payout modifier satisfaction" in settings
    role_rows = plan_changes(scenarios["role_weights"], scenarios["baseline"])["setting"]
    assert "Points per KPI by role (new business, new customer revenue)" in list(role_rows)


def test_the_plan_in_plain_words_has_no_keys_and_money_in_its_currency(scenarios):
    words = plain_words(scenarios["plan_mechanics"])
    text = " ".join(words)
    assert not snake_words(text), snake_words(text)
    spif = next(w for w in words if w.startswith("SPIF"))
    assert "SPIF Q2 new logos:" in spif
    assert "500 CNY per new-customer deal" in spif
    assert "for new business reps" in spif
    assert "from a fund of 400,000 CNY" in spif
    modifier = next(w for w in words if w.startswith("Payout modifier"))
    assert "NPS" in modifier and " nps " not in modifier


def test_the_sales_scenario_sentence_names_plans_by_title(titles):
    from salesperf_model.present.sales_views import sales_scenario_sentence

    table = pd.DataFrame(
        {
            "plan": ["baseline", "steep_accelerator", "plan_mechanics"] * 2,
            "revenue_change_pct": [-10.0] * 3 + [0.0] * 3,
            "cost_of_sales_pct": [12.5, 11.5, 12.4, 11.0, 10.5, 11.0],
        }
    )
    sentence = sales_scenario_sentence(table, 0.12)
    assert titles["steep_accelerator"] in sentence
    assert "steep_accelerator" not in sentence and not snake_words(sentence)
    no_cap = sales_scenario_sentence(table, None)
    assert titles["baseline"] in no_cap and not snake_words(no_cap)


def _equity_rows(mean: float, p5: float, p95: float, men: int = 35, women: int = 35):
    return {
        "plan": "baseline",
        "category": "channel_manager",
        "measure": "gender_pay_gap_mean",
        "unit": "% of male",
        "reference_reps": men,
        "comparison_reps": women,
        "mean": mean,
        "p5": p5,
        "p50": mean,
        "p95": p95,
    }


def test_a_gap_is_flagged_only_when_5_percent_or_more_and_clear_of_noise():
    from salesperf_model.measure.pay_equity import gap_flag

    assert gap_flag(8.0, 6.0, 10.0)  # women paid 8% less, the whole range above 0
    assert gap_flag(-8.0, -10.0, -6.0)  # women paid 8% more, clearly
    assert not gap_flag(-8.0, -22.8, 5.4)  # noise at 35 men and 35 women
    assert not gap_flag(4.0, 3.0, 5.0)  # clear but under 5%
    assert gap_flag(24.0, 24.0, 24.0)  # one set of actual results: no spread


def test_gap_words_say_which_way_the_gap_runs():
    from salesperf_model.present.equity_words import gap_words

    assert gap_words(-7.9) == "women paid 7.9% more than men"
    assert gap_words(4.8) == "women paid 4.8% less than men"
    assert gap_words(0.02) == "women and men paid the same"


def test_the_pay_equity_table_reads_in_words():
    from salesperf_model.present.equity_words import pay_equity_rows

    table = pd.DataFrame(
        [
            {**_equity_rows(1.5, -1.7, 4.6, 291, 209), "category": "all"},
            {
                **_equity_rows(-0.1, -0.1, -0.1, 291, 209),
                "category": "all",
                "measure": "fixed_pay_gap_mean",
            },
            {
                **_equity_rows(100.0, 100.0, 100.0, 291, 209),
                "category": "all",
                "measure": "variable_pay_receipt_male",
                "unit": "% of group",
            },
            _equity_rows(-7.9, -23.7, 8.6),
            _equity_rows(-9.0, -12.0, -6.0),
        ]
    ).assign(flag_5pct=False)
    rows = pay_equity_rows(table)
    text = " ".join(" ".join(map(str, r)) for r in rows.itertuples()) + " ".join(rows.columns)
    assert not snake_words(text), snake_words(text)
    assert "% of male" not in text
    assert {"men (reps)", "women (reps)"} <= set(rows.columns)
    assert list(rows["who"])[:3] == ["all reps"] * 3 and rows["who"].iloc[3] == "channel manager"
    assert "Gender gap in fixed pay (mean)" in list(rows["measure"])
    assert "Men receiving variable pay" in list(rows["measure"])
    noise, clear = rows.iloc[3], rows.iloc[4]
    assert "women paid 7.9% more" in noise["reading"] and noise["flag (5% or more)"] == ""
    assert "within the noise" in noise["reading"]
    assert "women paid 9.0% more" in clear["reading"] and clear["flag (5% or more)"] == "FLAG"


def test_the_summary_warning_says_the_direction_and_skips_noise():
    from salesperf_model.present.summary_notes import pay_equity_warnings

    table = pd.DataFrame(
        [
            {**_equity_rows(-7.9, -23.7, 8.6), "plan": "a"},
            {**_equity_rows(-9.0, -12.0, -6.0), "plan": "b"},
            {**_equity_rows(6.2, 5.1, 7.3), "plan": "b", "category": "all"},
        ]
    )
    table["flag_5pct"] = [False, True, True]
    warnings = pay_equity_warnings(table)
    assert len(warnings) == 2
    text = " ".join(message for message, _ in warnings)
    assert "at or above" not in text and "-9.0" not in text
    assert "women paid 9.0% more than men" in text and "channel managers" in text
    assert "women paid 6.2% less than men" in text and "all reps" in text


def test_the_flag_in_the_pay_equity_table_needs_a_range_clear_of_zero():
    from salesperf_model.measure import pay_equity
    from tests.plan_result_fixture import fake_result, make_outcomes

    groups = ["male", "female"] * 3
    outcomes = make_outcomes(3, 6, 1, groups=groups)
    # the women earn 37.5% less in simulation 0, 60% more in 1, the same in 2
    fixed = np.array([[100.0] * 6] * 3)[..., None]
    variable = np.array(
        [
            [0, 0, 0, 0, 0, 0],
            [0, 60, 0, 60, 0, 60],
            [0, 0, 0, 0, 0, 0],
        ],
        dtype=float,
    )[..., None]
    variable[0, 0::2] = 60.0
    result = fake_result("p", fixed, variable)
    table = pay_equity.pay_equity_table(result, outcomes).set_index(["category", "measure"])
    row = table.loc[("all", "gender_pay_gap_mean")]
    assert row["mean"] == pytest.approx((37.5 - 60.0 + 0.0) / 3)  # 5% or more on average,
    assert row["p5"] < 0 < row["p95"] and not row["flag_5pct"]  # but either way: noise
