"""Forced-distribution shares that cannot reach 100% are refused, with the sum and the shares."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios"


def _share_problems(name: str) -> list:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / name)
    problems = [p for p in caught.value.problems if p.path.startswith("grading.shares")]
    assert problems, f"a problem at grading.shares expected, got {caught.value}"
    return problems


def test_minimum_shares_adding_to_more_than_100_percent_are_refused():
    problems = _share_problems("forced_shares_minima_over_100.yaml")
    text = "\n".join(str(p) for p in problems)
    minimum = [p for p in problems if "minimum" in p.message]
    assert minimum, f"a problem about the minimum shares expected: {text}"
    message = str(minimum[0])
    assert "forced_shares_minima_over_100.yaml" in message
    assert "105%" in message, f"say what the minima add to (20+40+35+10 = 105%): {message}"
    for grade, share in (("S", 20), ("A", 40), ("B", 35), ("C", 10)):
        assert f"{grade} {share}%" in message, f"list the minimum of {grade}: {message}"
    assert "more than 100%" in message, f"say what is expected: {message}"


def test_maximum_shares_adding_to_less_than_100_percent_are_refused():
    problems = _share_problems("forced_shares_maxima_under_100.yaml")
    text = "\n".join(str(p) for p in problems)
    maximum = [p for p in problems if "maximum" in p.message]
    assert maximum, f"a problem about the maximum shares expected: {text}"
    message = str(maximum[0])
    assert "forced_shares_maxima_under_100.yaml" in message
    assert "85%" in message, f"say what the maxima add to (15+30+30+10 = 85%): {message}"
    for grade, share in (("S", 15), ("A", 30), ("B", 30), ("C", 10)):
        assert f"{grade} {share}%" in message, f"list the maximum of {grade}: {message}"
    assert "less than 100%" in message, f"say what is expected: {message}"
