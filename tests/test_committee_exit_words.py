"""The committee page lists reps flagged after a run of C grades; a reader saw a rep graded
C four quarters running while the plan says such reps exit. Not a bug: a flagged rep
leaves with the sales force's `plan_exit_probability` at each review, not surely. The page
now says so where the flag is shown, with that probability, and the plan in plain words no
longer says "then exit if C again"."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from plan_result_fixture import FakePlanResult, make_outcomes

from salesperf_model.loading import load_scenario
from salesperf_model.present import plain_words
from salesperf_model.present.committee import (
    c_twice_cases,
    exit_flag_note,
    exit_flag_words,
    flag_heading,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "scenarios" / "baseline.yaml")  # C twice flags; 50% leave


def _scenario(*overrides: str):
    return load_scenario(ROOT / "scenarios" / "baseline.yaml", list(overrides))


def test_a_flagged_rep_leaves_with_the_plans_probability_not_surely():
    words = exit_flag_words(BASELINE, exit_probability=0.5, responding=True)
    assert words == (
        "A rep flagged after 2 C grades running leaves at that review with a 50% chance, "
        "not surely (the chance set for the sales force): a flagged rep who stays is graded "
        "again and, with another C, flagged again, so a rep can be graded C several reviews "
        "running and still hold the seat."
    )
    three = exit_flag_words(
        _scenario("grading.consequences.improvement_after_consecutive_c=3"),
        exit_probability=0.3,
        responding=True,
    )
    assert three.startswith(
        "A rep flagged after 3 C grades running leaves at that review with a 30% chance"
    )


def test_when_no_flagged_rep_is_made_to_leave_the_words_say_why():
    still = exit_flag_words(BASELINE, exit_probability=0.5, responding=False)
    assert still == (
        "In this run reps do not respond to the plan, so no flagged rep is made to leave: "
        "the flag shows whom the plan's rule reaches after 2 C grades running."
    )
    real = exit_flag_words(BASELINE, exit_probability=0.5, responding=False, replay=True)
    assert real == (
        "On actual results the flag shows whom the plan's rule reaches after 2 C grades "
        "running, not who left: that is the company's decision after notice and a chance "
        "to improve."
    )
    off = _scenario("grading.consequences.improvement_plan.enabled=false")
    assert exit_flag_words(off, exit_probability=0.5, responding=True) == (
        "The plan's improvement plan is switched off: a rep flagged after 2 C grades "
        "running is not made to leave."
    )
    assert flag_heading(BASELINE) == "Reps flagged after 2 C grades running, and their history"


def test_the_note_reads_the_probability_of_the_sales_force_the_plan_met():
    """Every plan meets the baseline's sales force: its exit probability is the one used."""
    plan = _scenario("population.workforce.plan_exit_probability=0.9")
    base = _scenario("population.workforce.plan_exit_probability=0.25")
    run = SimpleNamespace(
        baseline="base",
        scenarios={"base": base, "plan": plan},
        behaviour=True,
        settings=SimpleNamespace(source="simulation"),
    )
    assert "with a 25% chance, not surely" in exit_flag_note(run, "plan")
    run.settings.source = "actuals"
    assert exit_flag_note(run, "plan").startswith("On actual results")


def test_the_plan_in_plain_words_gives_the_chance_of_leaving():
    consequences = next(w for w in plain_words(BASELINE) if w.startswith("Consequences"))
    assert "then exit if C again" not in consequences
    assert (
        "a C grade an improvement plan (3 months of closer supervision; after 2 C grades "
        "running a 50% chance of leaving at each review)"
    ) in consequences


def test_the_history_marks_a_new_person_in_the_seat():
    """A seat's history can hold two people: the flag follows the person, so a history of
    C four quarters running may be a leaver's C grades and then the successor's."""
    person = np.zeros((1, 2, 12))
    person[0, 0, 6:] = 7  # seat r0: a new person from the third quarter
    outcomes = make_outcomes(1, 2, 12, measures={"person_id": person})
    grades = np.array([[[3, 3, 3, 3], [3, 3, 3, 3]]])
    result = FakePlanResult(
        scenario_name="hand",
        payouts={},
        grades=grades,
        attainment=np.ones((1, 2, 12)),
        review_of_month=np.repeat(np.arange(4), 3),
        review_labels=["Q1", "Q2", "Q3", "Q4"],
    )
    result.points = np.full(grades.shape, 60.0)
    # the engine's flag: the C run starts again with the new person (Q2, then Q4)
    result.improvement_flag = np.array([[[False, True, False, True], [False, True, True, True]]])
    table = c_twice_cases(result, outcomes).set_index(["review", "rep_id"])
    assert table.loc[("Q4", "r0"), "history"] == (
        "Q1 C (60.00), Q2 C (60.00); new person in the seat: Q3 C (60.00), Q4 C (60.00)"
    )
    assert table.loc[("Q4", "r1"), "history"] == (
        "Q1 C (60.00), Q2 C (60.00), Q3 C (60.00), Q4 C (60.00)"
    )


def test_the_plan_report_says_what_the_flag_does_where_it_shows_the_flagged_reps():
    notebook = json.loads((ROOT / "notebooks" / "scenario_report.ipynb").read_text())
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    committee = [c for c in cells if "committee[" in c or "save_committee(" in c]
    assert any("exit_flag_note(run, plan)" in c for c in committee)
    assert any("flag_heading(" in c for c in committee)
    assert not any("C-twice cases" in c for c in cells)
