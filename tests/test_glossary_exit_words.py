"""The glossary said a second C running "leads to reassignment or dismissal". In the model
a rep the plan flags after a run of C grades leaves at that review with the sales force's
`population.workforce.plan_exit_probability`, a chance, not surely (and only where reps
respond to the plan). The glossary and the metric reference now say so, in words, without
a number the scenario may not use."""

from __future__ import annotations

import re

from salesperf_model.measure import METRICS
from salesperf_model.present.glossary import glossary_items

SURE_EXIT = re.compile(r"leads to (reassignment|dismissal)|dismissals the plan", re.IGNORECASE)


def _glossary() -> dict[str, str]:
    return dict(glossary_items(["c_twice", "wrongful_exits"]))


def test_the_glossary_says_a_flagged_rep_leaves_with_a_chance_not_surely():
    entry = _glossary()["Reps graded C twice in a row"]
    assert not SURE_EXIT.search(entry), entry
    assert entry == (
        "How often a rep gets a C for the second review running: cases per 100 reps over the "
        "period (a rep graded C three reviews running counts twice, so it can exceed 100); "
        "where the plan flags reps after two C grades running, a flagged rep leaves at that "
        "review only with a chance set for the sales force, not surely, and only in runs "
        "where reps respond to the plan. Shown as cases per 100 reps; neither higher nor "
        "lower is better in itself."
    )
    assert "%" not in entry  # no default chance that a scenario may not use


def test_good_reps_graded_c_twice_are_flags_the_plan_gets_wrong_not_dismissals():
    entry = _glossary()["Good reps graded C twice"]
    assert not SURE_EXIT.search(entry), entry
    assert entry.startswith(
        "How often a good rep (above the median in true skill) gets a C for the second "
        "review running: flags for leaving the plan gets wrong (a flagged rep leaves only "
        "with a chance, not surely), as cases per 100 reps over the period."
    )


def test_the_metric_reference_names_the_exit_chance_for_analysts():
    c_twice = METRICS["c_twice"]
    assert not SURE_EXIT.search(c_twice.description + c_twice.definition)
    assert "reassignment or dismissal" not in c_twice.description
    assert c_twice.definition.endswith(
        "a flagged rep leaves at that review with population.workforce.plan_exit_probability, "
        "not surely"
    )
