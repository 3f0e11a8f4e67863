"""Commission tiers that do not ascend by attainment are refused at the offending tier."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "tiers_not_ascending.yaml"


def test_tiers_not_ascending_are_refused_naming_the_tier_and_both_starts():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    text = str(caught.value)
    assert len(caught.value.problems) == 1, text
    problem = caught.value.problems[0]
    assert "tiers_not_ascending.yaml" in text, text
    assert "ascend" in problem.message, f"say what is expected (ascending tiers): {text}"
    assert "0.9" in problem.message and "1.2" in problem.message, (
        f"name the bad start (0.9) and the one it must exceed (1.2): {text}"
    )
    assert problem.path.startswith("pay.commission.tiers"), (
        "the key path must point at the tiers (ideally pay.commission.tiers.2.from_attainment),"
        f" got {problem.path!r}. Needs scenario.py Commission._tiers to start its message with"
        " the relative key path, e.g. 'tiers.2.from_attainment: tiers must ascend ...'"
        " (the loader reports a 'path: ' prefix at that path)"
    )
