"""What the method section and the cost drivers say the simulation leaves out (money
audit, defects 4 and 5): dated plan changes are paid but not simulated, and a component
that pays nothing in every simulation is named with the reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from commission_fixture import outcomes_of, scenario_with

from salesperf_model import pipeline
from salesperf_model.loading import load_scenario
from salesperf_model.pipeline import pay_and_compare
from salesperf_model.pipeline.plans import Plans
from salesperf_model.present.cost_drivers import cost_driver_sentence, never_paid_notes
from salesperf_model.present.method import dated_changes_words, run_settings_words
from salesperf_model.schema import Scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _behaviour_run(scenarios: dict) -> pipeline.Run:
    names = list(scenarios)
    return pipeline.Run(
        baseline=names[0],
        plans=names[1:],
        scenarios=scenarios,
        sources={},
        outcomes=None,
        evaluations={},
        tables={},
        outcomes_by_plan={name: object() for name in names},
        settings=pipeline.RunSettings(simulations=20, reps=500, periods=12, seed=7),
    )


def test_the_method_says_dated_plan_changes_are_paid_but_not_simulated() -> None:
    run = _behaviour_run(
        {
            "baseline": load_scenario(SCENARIOS / "baseline.yaml"),
            "mid_year_change": load_scenario(SCENARIOS / "mid_year_change.yaml"),
        }
    )
    words = " ".join(run_settings_words(run))
    assert "dated plan changes" in words
    assert "paid but not simulated" in words
    assert "the plan in force at the start of the year" in words
    # the plan with a dated change is named, with its month
    assert "Mid-year change" in words and "2026-07" in words
    note = dated_changes_words(run, "mid_year_change")
    assert note is not None and "2026-07" in note and "not simulated" in note
    assert dated_changes_words(run, "baseline") is None
    assert "_" not in note


def test_the_general_paragraph_lists_dated_changes_without_any_such_plan() -> None:
    run = _behaviour_run({"baseline": load_scenario(SCENARIOS / "baseline.yaml")})
    words = " ".join(run_settings_words(run))
    assert "dated plan changes" in words


def _clawback_run():
    """Commission on bookings with and without a six-month clawback, on a sales force
    that cancels nothing."""
    flat = [{"from_attainment": 0.0, "rate": 0.03}]

    def plan(name: str, **pay) -> Scenario:
        data = scenario_with(tiers=flat, base="booked").model_dump(by_alias=True)
        data["pay"].update(pay)
        data["name"], data["title"] = name, name.capitalize()
        return Scenario.model_validate(data)

    scenarios = {
        "booked": plan("booked"),
        "clawback": plan("clawback", clawback={"window_months": 6, "share": 1.0}),
    }
    plans = Plans(baseline="booked", scenarios=scenarios, sources={k: "" for k in scenarios})
    return pay_and_compare(plans, outcomes_of(np.full((1, 12), 100_000.0)), variants=False)


def test_a_clawback_that_never_fires_is_named_with_why() -> None:
    run = _clawback_run()
    assert run.results["clawback"].payouts["clawback"].sum() == 0.0
    notes = never_paid_notes(run, "clawback")
    assert len(notes) == 1
    assert "clawback" in notes[0] and "nothing in any simulation" in notes[0]
    assert "cancels no deals" in notes[0]
    assert never_paid_notes(run, "booked") == []
    # the plan costs the same: the cost drivers still say why
    sentence = cost_driver_sentence(run, "clawback", "CNY")
    assert sentence is not None and "cancels no deals" in sentence
    assert "_" not in sentence


def test_the_method_names_a_component_that_never_pays() -> None:
    run = _clawback_run()
    run = pipeline.Run(**{**run.__dict__, "outcomes_by_plan": {}})
    words = " ".join(run_settings_words(run))
    assert "Clawback: the clawback takes back nothing in any simulation" in words
