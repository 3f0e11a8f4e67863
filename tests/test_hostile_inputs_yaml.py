"""Hostile scenario files and command lines found by an adversarial pass (3 December):
each now gets a clear error naming the file, key and value, and a batch goes on past it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from salesperf_model.cli import main
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.outcome_errors import OutcomesError

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def _file_problems(path: Path, text: str) -> str:
    """The loader's problems with a scenario file of ``text`` written at ``path``."""
    path.write_text(text)
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    return str(refused.value)


def _problems(overrides: dict) -> str:
    with pytest.raises(ScenarioError) as refused:
        load_scenario(BASELINE, overrides)
    return str(refused.value)


def test_a_negative_rate_is_told_its_range_not_a_percent_hint() -> None:
    """'-4 is above 0.5 ... did you mean -0.04?' suggested a value as invalid."""
    said = _problems({"pay.commission.tiers.1.rate": -4})
    assert "expected greater than or equal to 0" in said and "did you mean" not in said
    said = _problems({"pay.commission.tiers.1.slope": -4})
    assert "-4 is below -1: slopes are rates per 1.0 of attainment" in said
    assert "did you mean -0.04?" in said
    assert "4 is above 0.5" in _problems({"pay.commission.tiers.1.rate": 4})


def test_implausible_population_numbers_are_refused_by_the_loader() -> None:
    """skill_effects.deal_size 50 paid 10^45 in silence, visits_per_month 1e15 asked for
    81 PiB, hire_skill_mean 1000 stopped on numpy's 'lam value too large'."""
    for key, value, bound in (
        ("population.skill_effects.deal_size", 50, "less than or equal to 3"),
        ("population.skill_effects.churn", -5, "greater than or equal to -3"),
        ("population.roles.new_business.visits_per_month", 1e15, "less than or equal to 1000"),
        ("population.roles.new_business.deal_size_sigma", 1e15, "less than or equal to 5"),
        ("population.workforce.hire_skill_mean", 1000, "less than or equal to 3"),
    ):
        said = _problems({key: value})
        assert key in said and bound in said, key


@pytest.mark.parametrize(
    ("key", "value", "bound"),
    [
        # 500 overflowed 0.05 ** -500 and those reps never left: exits fell, not rose
        ("behaviour.performance_exit_effect", 500, "less than or equal to 5"),
        ("behaviour.pay_exit_elasticity", 1e6, "less than or equal to 10"),
        ("behaviour.effort_elasticity", 1e308, "less than or equal to 10"),
        ("behaviour.reference_marginal_pay", 3, "less than or equal to 0.5"),
        ("behaviour.forecast_cv", 1e9, "less than or equal to 5"),
        ("behaviour.c_grade_exit_multiplier", 1e9, "less than or equal to 20"),
        ("behaviour.marginal_step", 50, "less than or equal to 2"),
    ],
)
def test_implausible_behaviour_numbers_are_refused_by_the_loader(key, value, bound) -> None:
    said = _problems({key: value})
    assert key in said and bound in said, said


def test_a_simulation_run_to_infinity_is_refused_naming_the_measure() -> None:
    from salesperf_model.simulate.run import _check_finite

    final = {name: np.ones((2, 3, 4)) for name in ("quota", "revenue_booked_existing")}
    final["revenue_booked_new"] = np.array([[[1.0, np.inf, np.nan, 2.0]]])
    with pytest.raises(
        OutcomesError, match=r"revenue_booked_new is infinite or not a number in 2 rep"
    ):
        _check_finite(final)


def test_the_names_a_plan_is_keyed_by_are_usable() -> None:
    assert "the name is blank" in _problems({"name": "  "})
    assert "no slashes" in _problems({"name": "../../x/y"})
    assert load_scenario(BASELINE, {"name": "plan v2"}).name == "plan v2"


def test_validate_a_folder_reads_yml_files_and_refuses_an_empty_one(tmp_path, capsys) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(BASELINE, folder / "baseline.yaml")
    broken = "extends: baseline.yaml\npay:\n  commission:\n    thresold: 0.2\n"
    (folder / "bad.yml").write_text(broken)
    (folder / "BAD2.YAML").write_text(broken)
    assert main(["validate", "--plan-only", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "bad.yml" in out and "BAD2.YAML" in out
    assert "1 of 3 files valid" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", "--plan-only", str(empty)]) == 1
    assert "no scenario files (.yaml, .yml) in" in capsys.readouterr().out


def test_a_path_the_system_refuses_fails_its_file_alone(tmp_path, capsys) -> None:
    """An `extends:` of 300 characters stopped validate on a bare '[Errno 36]'."""
    long_parent = tmp_path / "long.yaml"
    long_parent.write_text(f"extends: {'a' * 300}.yaml\n")
    good = tmp_path / "good.yaml"
    shutil.copy(BASELINE, good)
    assert main(["validate", "--plan-only", str(long_parent), str(good)]) == 1
    out = capsys.readouterr().out
    assert "extends: cannot extend" in out and "File name too long" in out
    assert f"ok   {good}" in out


def test_a_plan_change_names_only_scenario_files_and_never_quotes_another(tmp_path) -> None:
    secret = tmp_path / "notes.txt"
    secret.write_text("root:x:0:0:secret\n")
    plan = tmp_path / "change.yaml"
    plan.write_text(
        f"extends: {BASELINE}\npay_changes:\n"
        f"  - {{from: 2026-07, plan: {secret}, roles: [new_business]}}\n"
    )
    with pytest.raises(ScenarioError) as refused:
        load_scenario(plan)
    said = str(refused.value)
    assert "notes.txt is not a scenario file (.yaml or .yml)" in said
    assert "secret" not in said.replace(str(tmp_path), "")


def test_periods_beyond_ten_years_are_refused_by_the_option(capsys) -> None:
    for command in (["run", str(BASELINE)], ["simulate", str(BASELINE)]):
        with pytest.raises(SystemExit) as exit_:
            main([*command, "--periods", "1000"])
        assert exit_.value.code == 2
        assert "argument --periods: 1000 months is more than 120" in capsys.readouterr().err


def test_report_checks_each_plan_under_the_set_overrides_before_any_kernel(tmp_path, capsys):
    """A misspelt `--set` was found only inside the notebooks (38 s), and the comparison
    then failed on a KeyError with a traceback."""
    out = tmp_path / "reports"
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("baseline.yaml", "steep_accelerator.yaml"):
        shutil.copy(ROOT / "scenarios" / name, plans / name)
    argv = ["report", str(plans / "steep_accelerator.yaml"), "--baseline"]
    argv += [str(plans / "baseline.yaml"), "--out", str(out), "--reps", "20", "--sims", "2"]
    argv += ["--no-validation", "--no-progress", "--set", "pay.commision.threshold=0.1"]
    assert main(argv) != 0
    said = capsys.readouterr()
    text = said.out + said.err
    assert "override path does not exist" in text and "did you mean 'pay.commission'" in text
    failed = (out / "steep-accelerator" / "FAILED.txt").read_text()
    assert "override path does not exist" in failed and "Traceback" not in failed
    assert not list(out.rglob("*.failed.ipynb"))


def test_errors_point_at_the_line_a_merge_key_or_a_negative_index_wrote(tmp_path) -> None:
    """A value brought in by `<<:` was blamed on a line of the extended baseline, and
    `--set tiers.-1.rate=7` on the baseline's line of the last tier."""
    plan = tmp_path / "merged.yaml"
    said = _file_problems(
        plan,
        f"extends: {BASELINE}\npay:\n  commission:\n    <<: {{thresold: 0.2, cap_amount: -1}}\n",
    )
    assert f"{plan}:4: pay.commission.cap_amount" in said
    assert f"{plan}:4: pay.commission.thresold: unknown key" in said
    said = _problems({"pay.commission.tiers.-1.rate": 7})
    assert "value from override pay.commission.tiers.-1.rate=7" in said


def test_extends_through_a_linked_folder_reads_the_file_the_system_does(tmp_path) -> None:
    """`extends: ../baseline.yaml` in a folder reached through a symbolic link was read
    from beside the link (missing, or another baseline in silence); the system reads '..'
    from where the link points."""
    real = tmp_path / "real"
    (real / "deep").mkdir(parents=True)
    shutil.copy(BASELINE, real / "baseline.yaml")
    (real / "deep" / "child.yaml").write_text("extends: ../baseline.yaml\nname: child\n")
    links = tmp_path / "links"
    links.mkdir()
    (links / "deep").symlink_to(real / "deep")
    decoy = BASELINE.read_text().replace("rate: 0.03}", "rate: 0.01}", 1)  # beside the link
    (links / "baseline.yaml").write_text(decoy)
    through_link = load_scenario(links / "deep" / "child.yaml")
    direct = load_scenario(real / "deep" / "child.yaml")
    assert through_link.pay.commission.tiers[0].rate == direct.pay.commission.tiers[0].rate == 0.03


def test_messages_say_what_is_wrong_in_the_analysts_words(tmp_path) -> None:
    """An empty file was 'scoring: required key is missing / pay: ...'; a misspelt bonus
    name in a plan that extends the baseline made a new bonus, refused for its missing
    type with no hint of the name; an unknown measure gave no list to pick from."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(empty)
    assert "the file is empty: a scenario file holds sections" in str(refused.value)
    assert "required key is missing" not in str(refused.value)
    said = _file_problems(
        tmp_path / "misspelt.yaml",
        f"extends: {BASELINE}\npay:\n  bonuses:\n    - {{name: over_achievment, rate: 0.02}}\n",
    )
    assert "no entry is named 'over_achievment': did you mean 'over_achievement'?" in said
    bonus = {"name": "happy", "type": "threshold", "measure": "happiness", "at_least": 1}
    said = _problems({"pay.bonuses": [{**bonus, "amount": 100}]})
    assert "unknown measure 'happiness'; expected one of cancellation_lag" in said
    assert "revenue_booked, revenue_booked_big" in said


def test_weights_written_as_fractions_are_said_to_look_like_fractions() -> None:
    raters = {"manager": 0.6, "customer": 0.2, "peer": 0.2, "self": 0}
    said = _problems({"scoring.rater_weights": raters})
    assert "they look like fractions (0.6 for 60%): write each as a percentage" in said
    assert "look like fractions" not in _problems({"scoring.rater_weights.manager": 50})


def test_a_threshold_off_its_measures_scale_is_refused_and_the_explorer_keeps_to_it() -> None:
    """An NPS threshold of 1e15 (nobody ever paid) or attainment 100 meant as 100% passed."""
    award = {"name": "hit", "type": "threshold", "amount": 100}
    said = _problems({"pay.bonuses": [{**award, "measure": "nps", "at_least": 1e15}]})
    assert "is outside -100..100 for measure 'nps'" in said
    said = _problems({"pay.bonuses": [{**award, "measure": "attainment", "at_least": 100}]})
    assert "is outside 0..10 for measure 'attainment'" in said and "did you mean 1?" in said
    plan = load_scenario(BASELINE, {"pay.bonuses": [{**award, "measure": "nps", "at_least": -20}]})
    assert plan.pay.bonuses[0].at_least == -20
    from salesperf_model.explore import plan_levers

    lever = next(
        lv
        for lv in plan_levers(load_scenario(BASELINE))
        if lv.key == "pay.bonuses.satisfaction_award.at_least"
    )
    assert (lever.low, lever.high) == (-100.0, 100.0)


def test_a_set_override_of_the_baseline_only_sections_is_said_to_change_nothing() -> None:
    from salesperf_model.pipeline.plans import baseline_only_overrides, load_plans

    said = baseline_only_overrides(["decision.max_losers_pct=60", "pay.base_salary=9000"])
    assert len(said) == 1 and "decision.max_losers_pct" in said[0]
    assert "baseline's decision section" in said[0] and "changes no verdict" in said[0]
    assert baseline_only_overrides({"budget.total_pay": 1e6})[0].startswith("--set budget.")
    steep = BASELINE.with_name("steep_accelerator.yaml")
    plans = load_plans([steep], BASELINE, overrides=["decision.loss_threshold_pct=10"])
    assert any("decision.loss_threshold_pct" in w for w in plans.warnings)
