"""A negative commission rate is refused at its exact key, with the value and the bound."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "negative_rate.yaml"


def test_negative_rate_is_refused_naming_file_line_key_value_and_bound():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert problem.path == "pay.commission.tiers.1.rate", text
    assert problem.value == -0.03
    assert "negative_rate.yaml:7" in text, f"file and line of the tier: {text}"
    assert "-0.03" in text, text
    assert "greater than or equal to 0" in text, f"say what is expected: {text}"
