"""`salesperf diff`: the effective plan against its base, key by key, in words and units."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from salesperf_model.cli import main
from salesperf_model.loading import load_scenario
from salesperf_model.present import plan_changes

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.yaml"


def test_diff_prints_old_and_new_in_units_against_the_extended_file(capsys):
    assert main(["diff", str(SCENARIOS / "steep_accelerator.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("steep_accelerator (") and lines[0].endswith(": 6 settings differ")
    assert f"against baseline ({SCENARIOS / 'baseline.yaml'})" in lines[0]
    assert lines[1:] == [
        "  pay.commission.tiers.0.rate: Commission rate in the tier (tier 1): 3% -> 2%",
        "  pay.commission.tiers.1.rate: Commission rate in the tier (tier 2): 4% -> 6%",
        "  pay.commission.tiers.2.from_attainment: Attainment where the tier starts (tier 3):"
        " 120% -> 150%",
        "  pay.commission.tiers.2.rate: Commission rate in the tier (tier 3): 5% -> 8%",
        "  pay.commission.threshold: Entry threshold: below this attainment no commission is"
        " paid: 0% -> 50%",
        "  pay.commission.cap_attainment: Attainment above which no further commission accrues:"
        " (none) -> 200%",
    ]


def test_diff_names_money_with_the_currency_and_named_items_by_name(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        f"extends: {BASELINE}\npay:\n  bonuses:\n"
        "    - {name: new_customer_award, amount: 6000}\n"
        "    - {name: team_award, remove: true}\n"
        "  base_salary: {by_role: {new_business: 9000}}\n",
        encoding="utf-8",
    )
    assert main(["diff", str(plan), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_key = {row["key"]: row for row in rows}
    assert set(by_key) == {
        "pay.base_salary.by_role.new_business",
        "pay.bonuses.new_customer_award.amount",
        "pay.bonuses.team_award",
    }
    salary = by_key["pay.base_salary.by_role.new_business"]
    assert (salary["baseline"], salary["plan"]) == ("8,000 CNY a month", "9,000 CNY a month")
    award = by_key["pay.bonuses.new_customer_award.amount"]
    assert (award["setting"], award["baseline"], award["plan"]) == (
        "Award per rep (new customer award)",
        "5,000 CNY",
        "6,000 CNY",
    )
    team = by_key["pay.bonuses.team_award"]
    assert team["setting"] == "Bonus team award" and team["plan"] == "removed"
    assert team["baseline"].startswith("Team award: a 100,000 CNY pool")


def test_an_added_bonus_is_one_row_in_the_plans_own_words():
    base = load_scenario(BASELINE)
    bonuses = [b.model_dump() for b in base.pay.bonuses]
    bonuses.append({**bonuses[1], "name": "best_seller", "measure": "revenue_collected"})
    plan = load_scenario(BASELINE, {"pay.bonuses": bonuses})
    (row,) = plan_changes(plan, base).to_dict("records")
    assert row["key"] == "pay.bonuses.best_seller" and row["baseline"] == "(none)"
    assert row["plan"] == "added: Top-3 award by revenue collected: 5,000 CNY each (quarterly)."


def test_an_added_long_term_element_is_one_row_in_the_plans_own_words():
    """A deferred bonus added to a plan (the plan report's first table) used to raise
    KeyError: ('pay', 'long_term')."""
    base = load_scenario(BASELINE)
    element = {"type": "deferred_bonus", "name": "equity", "vesting": [[2, 0.2], [3, 0.8]]}
    plan = load_scenario(BASELINE, {"pay.long_term": [element]})
    (row,) = plan_changes(plan, base).to_dict("records")
    assert row["key"] == "pay.long_term.equity" and row["setting"] == "Long-term element equity"
    assert row["plan"] == (
        "added: Restricted stock worth 1% of each year's cash collected for every rep, "
        "vesting 20% after 2 years, 80% after 3 years; unvested grants are forfeited on leaving."
    )


def test_diff_markdown_and_an_explicit_baseline(capsys):
    args = ["diff", str(BASELINE), "--baseline", str(BASELINE), "--format", "markdown"]
    assert main([*args, "--set", "pay.commission.big_account_coefficient=1.3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:] == [
        "| key | setting | base | plan |",
        "|---|---|---|---|",
        "| `pay.commission.big_account_coefficient` | Commission coefficient on big-account"
        " revenue | x1 | x1.3 |",
    ]


def test_diff_of_a_file_that_extends_nothing_asks_for_a_baseline(capsys):
    assert main(["diff", str(BASELINE)]) == 2
    assert "extends no other file" in capsys.readouterr().err


def test_diff_of_an_invalid_file_names_the_problem(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {BASELINE}\npay:\n  commision: {{}}\n", encoding="utf-8")
    assert main(["diff", str(bad)]) == 1
    assert "did you mean 'commission'" in capsys.readouterr().err


def test_a_plan_change_is_said_by_its_plan_file_not_every_setting_of_that_plan():
    """The change table (report head, `salesperf diff`) showed the whole pay section
    loading fills in from the plan file: a wall of settings in leadership's report."""
    scenario = load_scenario(SCENARIOS / "mid_year_change.yaml")
    table = plan_changes(scenario, load_scenario(BASELINE)).set_index("key")
    said = table.loc["pay_changes", "plan"]
    assert said == (
        "From 2026-07, new business reps in Beijing, Shanghai, Shenzhen are paid under "
        "the Steep accelerator plan (steep_accelerator.yaml; quota reset)"
    )
    assert "base_salary" not in said


def test_a_carve_out_is_said_as_the_plan_summary_says_it(tmp_path):
    """The change table read "reps none, roles none, regions Hangzhou, first 2026-10,
    share 20%": every field of the item, empty lists included."""
    scenario = load_scenario(SCENARIOS / "mid_year_change.yaml")
    table = plan_changes(scenario, load_scenario(BASELINE)).set_index("key")
    assert table.loc["pay.relief.carve_outs", "plan"] == "20% of Hangzhou from 2026-10"
    # roles and a last month, as a file writes them (from / to)
    plan = tmp_path / "carved.yaml"
    plan.write_text(
        "extends: " + str(BASELINE) + "\nname: carved\npay:\n  relief:\n    carve_out: prorate\n"
        "    carve_outs:\n      - {roles: [account_manager], from: 2026-03, to: 2026-05, "
        "share: 0.25}\n"
    )
    table = plan_changes(load_scenario(plan), load_scenario(BASELINE)).set_index("key")
    assert table.loc["pay.relief.carve_outs", "plan"] == (
        "25% of account manager from 2026-03 to 2026-05"
    )


def test_a_kpi_rule_a_plan_adds_lists_only_the_fields_it_sets(tmp_path, capsys) -> None:
    """A rule the baseline lacks is read at its defaults, as the engine reads it: one
    floor set is one setting, not also 'rule: (none) -> ratio' and 'bands'."""
    plan = tmp_path / "plan.yaml"
    baseline = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"
    plan.write_text(
        f"extends: {baseline}\nscoring:\n  kpis:\n    stage_prospecting:\n      floor: 0.2\n"
    )
    assert main(["diff", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "1 setting differs" in out
    assert "stage_prospecting.floor" in out
    assert "stage_prospecting.rule" not in out and "stage_prospecting.bands" not in out


def test_a_decision_rule_change_reads_20_percent_of_reps_not_20_space_percent() -> None:
    from salesperf_model.loading import load_scenario
    from salesperf_model.present.changes import plan_changes

    base = load_scenario(Path(__file__).parents[1] / "scenarios" / "baseline.yaml")
    changed = load_scenario(
        Path(__file__).parents[1] / "scenarios" / "baseline.yaml",
        {"decision.max_losers_pct": 60, "decision.loss_threshold_pct": 10},
    )
    rows = plan_changes(changed, base)
    shown = " ".join(rows["baseline"].astype(str)) + " " + " ".join(rows["plan"].astype(str))
    assert "60% of reps" in shown and "10% of pay" in shown
    assert " % of" not in shown
