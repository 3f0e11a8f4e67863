"""A dotted override whose path does not exist is refused, with the nearest valid key."""

from pathlib import Path

import pytest

from salesperf_model.cli import main
from salesperf_model.loading import ScenarioError, load_scenario

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def test_misspelt_override_key_is_refused_with_the_nearest_valid_key():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, ["pay.comission.base=booked"])
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert "baseline.yaml" in text
    assert problem.path == "pay.comission.base"
    assert problem.value == "booked"
    assert "override pay.comission.base=booked" in text, f"say the value came from: {text}"
    assert "does not exist" in text
    assert problem.suggestion == "pay.commission"
    assert "did you mean 'pay.commission'?" in text


def test_override_list_index_out_of_range_is_refused_naming_the_valid_indices():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, {"pay.commission.tiers.3.rate": 0.06})
    problem = caught.value.problems[0]
    assert problem.path == "pay.commission.tiers.3.rate"
    assert "a list of 3 item(s)" in problem.message
    assert problem.expected == "an index from 0 to 2"


def test_every_bad_override_is_reported_together_with_validation_errors():
    overrides = [
        "pay.commission.tiers.1.rat=0.05",  # misspelt leaf
        "grading.methd=forced",  # misspelt key
        "pay.commission.tiers.0.rate=-0.01",  # exists, but invalid
    ]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, overrides)
    by_path = {p.path: p for p in caught.value.problems}
    assert set(by_path) == {
        "pay.commission.tiers.1.rat",
        "grading.methd",
        "pay.commission.tiers.0.rate",
    }, str(caught.value)
    assert by_path["pay.commission.tiers.1.rat"].suggestion == "pay.commission.tiers.1.rate"
    assert by_path["grading.methd"].suggestion == "grading.method"
    assert by_path["pay.commission.tiers.0.rate"].value == -0.01


def test_cli_refuses_a_bad_override_path_and_exits_non_zero(capsys):
    code = main(["validate", str(BASELINE), "--set", "pay.comission.base=booked"])
    out = capsys.readouterr().out
    assert code == 1
    assert "pay.comission.base" in out and "did you mean 'pay.commission'?" in out
