"""What-if for an appeal: one rep's measure changed, re-paid by the engine; others whose
grade moves are named; changes the plan cannot see are refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.explore.appeal import appeal, plan_measures
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes, read_outcomes_csv
from salesperf_model.present.people_lookup import PeopleInputError

ROOT = Path(__file__).parents[1]
OUTCOMES = read_outcomes_csv(ROOT / "tests" / "data" / "example_outcomes.csv")
FORCED = load_scenario(ROOT / "scenarios" / "forced_distribution.yaml")


def test_a_corrected_quarter_moves_the_rep_down_and_a_colleague_up() -> None:
    # N-AM1's Q1 collected existing-customer revenue is corrected to 0: its points fall
    # from 86.3 to 79.8 (band B), and the North region's forced shares (4 reps: A 2,
    # B 2) then grade N-KA1, ranked third before at 80.9, A in its place.
    result = appeal(
        OUTCOMES,
        FORCED,
        rep_id="N-AM1",
        measure="revenue_collected_existing",
        value=0,
        period="2026-Q1",
    )
    assert (result.before.grade, result.after.grade) == ("A", "B")
    assert result.after.band_grade == "B"
    others = result.others[["review", "rep_id", "grade_before", "grade_after"]]
    assert others.values.tolist() == [["2026-Q1", "N-KA1", "B", "A"]]
    # the same as paying the edited table by hand
    measures = dict(OUTCOMES.measures)
    edited = measures["revenue_collected_existing"].copy()
    rep = OUTCOMES.reps["rep_id"].tolist().index("N-AM1")
    edited[0, rep, :3] = 0
    measures["revenue_collected_existing"] = edited
    by_hand = run_plan(
        Outcomes(reps=OUTCOMES.reps, periods=OUTCOMES.periods, measures=measures), FORCED
    )
    assert result.after.points == pytest.approx(by_hand.points[0, rep, 0])
    pay = by_hand.total_pay()[0].sum(axis=1)
    assert result.pay_changes.set_index("rep_id").loc["N-AM1", "pay_after"] == pytest.approx(
        pay[rep]
    )


def test_setting_a_measure_to_its_own_value_changes_nothing() -> None:
    rep = OUTCOMES.reps["rep_id"].tolist().index("E-AM1")
    value = float(OUTCOMES.get("visits")[0, rep, 4])
    result = appeal(
        OUTCOMES, FORCED, rep_id="E-AM1", measure="visits", value=value, period="2026-05"
    )
    assert result.others.empty
    assert result.before.total == result.after.total
    assert result.before.points == result.after.points
    assert result.pay_changes["pay_before"].tolist() == result.pay_changes["pay_after"].tolist()


def test_bad_appeals_are_refused_in_words() -> None:
    with pytest.raises(PeopleInputError, match="closest: N-NB1"):
        appeal(OUTCOMES, FORCED, rep_id="N-NB", measure="visits", value=1)
    with pytest.raises(PeopleInputError, match="outside the data"):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="visits", value=1, period="2027-01")
    with pytest.raises(
        PeopleInputError, match="does not use measure 'rating_manager' for a new_business rep"
    ):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="rating_manager", value=95)
    with pytest.raises(PeopleInputError, match="closest: revenue_collected_new"):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="revenue_colected_new", value=1)


def test_an_appeal_value_an_outcome_table_would_refuse_is_refused() -> None:
    """The what-if skipped the outcome table's checks: 2.5 deals, negative revenue or a
    NaN were re-paid as if real. The same rules as ``salesperf pay``'s reader apply."""
    with pytest.raises(
        PeopleInputError, match=r"new_customers=2\.5: not a whole number; new_customers is a count"
    ):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="new_customers", value=2.5)
    with pytest.raises(PeopleInputError, match="revenue_collected_new=-100: negative"):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="revenue_collected_new", value=-100)
    with pytest.raises(PeopleInputError, match="visits=nan: not a finite number"):
        appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="visits", value=float("nan"))
    assert appeal(OUTCOMES, FORCED, rep_id="N-NB1", measure="new_customers", value=3).change


def test_every_measure_a_plan_says_it_does_not_use_changes_no_pay_or_grade() -> None:
    # the refusal must be right: a measure left out of plan_measures changes nothing
    from salesperf_model.outcomes import MEASURES

    one = OUTCOMES.select_simulations(slice(0, 1))
    before = run_plan(one, FORCED)
    for role in sorted(set(one.reps["role"])):
        rep = one.reps["role"].tolist().index(role)
        for measure in sorted(set(MEASURES) - plan_measures(FORCED, role)):
            values = one.get(measure).copy()
            values[:, rep, :] = values[:, rep, :] * 3 + 7
            edited = Outcomes(
                reps=one.reps, periods=one.periods, measures={**one.measures, measure: values}
            )
            after = run_plan(edited, FORCED)
            assert np.array_equal(after.total_pay(), before.total_pay()), (role, measure)
            assert np.array_equal(after.points, before.points), (role, measure)


def test_appeal_command(tmp_path, capsys) -> None:
    from salesperf_model.cli import main

    args = [
        "appeal",
        str(ROOT / "scenarios" / "forced_distribution.yaml"),
        "--outcomes",
        str(ROOT / "tests" / "data" / "example_outcomes.csv"),
        "--rep",
        "N-AM1",
        "--change",
        "revenue_collected_existing=0",
        "--period",
        "2026-Q1",
    ]
    assert main([*args, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (
        "grade A -> B" in out and "N-KA1 (key_account_manager, north) 2026-Q1: grade B -> A" in out
    )
    assert (tmp_path / "after" / "N-AM1_2026-Q1.html").exists()
    assert main([*args[:-4], "--change", "rating_self=90"]) == 1
    assert "does not use measure 'rating_self'" in capsys.readouterr().err
