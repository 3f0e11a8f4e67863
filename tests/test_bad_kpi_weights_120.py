"""The brief's own example weights (70 + 30 + 20 = 120%) are refused, naming them all."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario

BAD = Path(__file__).parent / "bad_scenarios" / "kpi_weights_120.yaml"
BRIEF_WEIGHTS = {
    "new_customer_revenue": 30,
    "new_customer_count": 25,
    "new_customer_conversion": 15,
    "customer_visits": 10,
    "response_time": 8,
    "collaboration": 7,
    "compliance": 5,
    "product_knowledge": 5,
    "negotiation": 5,
    "learning": 5,
    "customer_relationship": 5,
}


def test_brief_example_weights_add_to_120_percent():
    assert sum(BRIEF_WEIGHTS.values()) == 120  # the fixture is the brief's example


def test_weights_adding_to_120_percent_are_refused_naming_each_weight_and_the_total():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD)
    problems = [p for p in caught.value.problems if p.path.startswith("scoring.weights")]
    assert len(problems) == 1, f"one problem about the weights expected, got {caught.value}"
    problem = problems[0]
    text = str(problem)
    assert problem.path == "scoring.weights.new_business", text
    assert "kpi_weights_120.yaml:7" in text, f"file and line of the role's weights: {text}"
    assert "120%" in text, f"the message must say the weights add to 120%: {text}"
    for kpi, weight in BRIEF_WEIGHTS.items():
        assert f"{kpi} {weight}" in text, f"the message must list weight {kpi} {weight}: {text}"
    assert "100%" in text, f"the message must say what is expected (100%): {text}"
    assert problem.value == BRIEF_WEIGHTS  # the bad value: the role's weights
