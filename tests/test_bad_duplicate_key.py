"""A key written twice in one mapping is refused (YAML would silently keep the last)."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "duplicate_key.yaml"


def test_duplicate_key_is_refused_naming_file_key_path_and_both_lines():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert problem.path == "pay.commission.threshold"
    assert problem.line == 7
    assert "duplicate_key.yaml:7" in text
    assert "duplicate key 'threshold'" in text
    assert "first written on line 5" in text
    assert "each key once" in text
