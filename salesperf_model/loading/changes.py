"""The plans a scenario's ``pay_changes`` name, loaded beside it (paths relative to the
scenario file), so the engine can pay each part of the year under its own plan."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.loading.errors import Problem, ScenarioError
from salesperf_model.schema import Scenario


def with_change_plans(scenario: Scenario, path: Path) -> Scenario:
    """``scenario`` holding the plans its ``pay_changes`` name, each loaded with
    ``load_scenario`` (their own ``pay_changes`` are not followed: a part of the year is
    paid under the named plan's pay alone); a missing file refused as a ScenarioError
    naming the file, the key and the value."""
    from salesperf_model.loading.load import load_scenario  # the loader calls this module

    plans: dict[str, Scenario] = {}
    for i, change in enumerate(scenario.pay_changes):
        target = (path.parent / change.plan).resolve()
        if not target.is_file():
            raise ScenarioError(
                [
                    Problem(
                        file=str(path),
                        path=f"pay_changes.{i}.plan",
                        message="no such scenario file",
                        value=change.plan,
                        expected="a scenario file path relative to this file, e.g. steep_accelerator.yaml",
                    )
                ],
                str(path),
            )
        if change.plan not in plans:
            plans[change.plan] = load_scenario(target, changes=False)
    return scenario.with_change_plans(plans) if plans else scenario
