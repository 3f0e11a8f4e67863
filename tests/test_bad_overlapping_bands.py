"""Grade bands that overlap are refused, naming both bands and the overlap."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "overlapping_bands.yaml"


def test_overlapping_grade_bands_are_refused_naming_both_bands_and_the_overlap():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert "overlapping_bands.yaml" in text
    assert problem.path.startswith("grading.bands"), text
    assert "A (80 to 90)" in text and "B (75 to 85)" in text, f"name both bands: {text}"
    assert "between 80 and 85" in text, f"say where they overlap: {text}"
    assert "exactly one band" in text, f"say what is expected: {text}"
