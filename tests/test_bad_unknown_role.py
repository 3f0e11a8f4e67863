"""A role key that is not one of the toolkit's roles is refused wherever it appears."""

from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.outcomes import ROLES

BAD = Path(__file__).parent / "bad_scenarios"


def test_unknown_role_in_base_salary_is_refused_listing_the_valid_roles():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "unknown_role.yaml")
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert "unknown_role.yaml" in text
    assert problem.path.startswith("pay.base_salary.by_role"), text
    assert "'hunter'" in text, f"name the bad role: {text}"
    assert all(role in text for role in ROLES), f"say which roles are expected: {text}"


def test_misspelt_role_in_kpi_weights_is_refused_with_the_closest_role():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "unknown_role_in_weights.yaml")
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert "unknown_role_in_weights.yaml" in text
    assert "'acount_manager'" in text, f"name the bad role: {text}"
    assert "did you mean 'account_manager'" in text, f"suggest the closest role: {text}"
    assert problem.path.startswith("scoring.weights"), (
        "the key path must point at the role (ideally scoring.weights.acount_manager),"
        f" got {problem.path!r}. Needs scenario.py Scoring._weights to report unknown roles"
        " with a leading key path, e.g. 'scoring.weights.acount_manager: unknown role ...'"
        " (as it already does for unknown KPIs) instead of raising from _check_roles"
    )
