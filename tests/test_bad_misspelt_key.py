"""An unknown key is refused, naming where it is and the closest valid key."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "misspelt_key.yaml"


def test_misspelt_key_is_refused_with_the_closest_valid_key():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert problem.path == "pay.comission"
    assert "misspelt_key.yaml:4" in text, f"file and line of the key: {text}"
    assert "unknown key 'comission' at pay: did you mean 'commission'?" in text
    assert problem.suggestion == "commission"
    assert problem.value == {"base": "booked"}
    assert "base_salary" in problem.expected  # the valid keys at that level
