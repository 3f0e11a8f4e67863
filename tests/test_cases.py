"""Run every analyst-readable case file in tests/cases/ through the plan engine.

A case file (``NN_short_name.yaml``) gives a scenario (a path relative to the case file,
or an inline mapping that may ``extends:`` a file), optional dotted ``overrides``, the
months, the reps with their outcomes, and what the engine must produce, per rep:
points, kpi_points, grades, flags, attainment and payout components (to the cent). The
hand calculation is a comment in the file. Format:

```yaml
scenario: ../../scenarios/baseline.yaml
overrides: {pay.bonuses: []}
months: 3                      # or periods: [2026-01, ...]; default: longest outcome list
reps:
  - rep_id: H1
    role: new_business         # region (R1), region_tier (1), team (T1) default as shown
    outcomes:                  # a scalar repeats every month; a list gives each month
      quota: 1000000
      revenue_collected_new: [1300000]
expect:
  H1:
    attainment: [1.3]          # per month
    commission: [41000.00]     # any payout component, or total; per month
    points: [100]              # per review period; also kpi_points: {kpi: [...]}
    grades: [S]                # also band_grades, moved, improvement_flag, promotion_flag
  warnings_contain: ["base is"]
```
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from salesperf_model.engine import PlanResult, run_plan
from salesperf_model.loading import deep_merge, load_scenario, load_scenario_dict
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Scenario

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("[0-9][0-9]_*.yaml"))
TOLERANCE = 0.005  # half a cent; points and ratios are written with enough decimals
REP_DEFAULTS = {"region": "R1", "region_tier": 1, "team": "T1", "group": ""}
PER_REVIEW = {"points", "grades", "band_grades", "moved", "improvement_flag", "promotion_flag"}


def load_case_scenario(case: dict, where: Path) -> Scenario:
    spec = case["scenario"]
    overrides = case.get("overrides") or {}
    if isinstance(spec, str):
        return load_scenario(where.parent / spec, overrides)
    spec = dict(spec)
    base = spec.pop("extends", None)
    data = {}
    if base is not None:
        data, _, problems = load_scenario_dict(where.parent / base)
        assert not problems, problems
    data = deep_merge(data, spec)
    data.setdefault("name", where.stem)
    scenario = Scenario.model_validate(data)
    if overrides:
        merged = scenario.model_dump(by_alias=True)
        for key, value in overrides.items():
            node = merged
            parts = key.split(".")
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            last = parts[-1]
            if isinstance(node, list):
                node[int(last)] = value
            else:
                node[last] = value
        scenario = Scenario.model_validate(merged)
    return scenario


def case_outcomes(case: dict) -> Outcomes:
    lengths = [
        len(v)
        for rep in case["reps"]
        for v in rep.get("outcomes", {}).values()
        if isinstance(v, list)
    ]
    if "periods" in case:
        periods = [str(p) for p in case["periods"]]
    else:
        months = case.get("months", max(lengths, default=1))
        periods = [f"2026-{m + 1:02d}" for m in range(months)]
    rows = []
    for rep in case["reps"]:
        fixed = {**REP_DEFAULTS, **{k: v for k, v in rep.items() if k != "outcomes"}}
        for m, period in enumerate(periods):
            row = {**fixed, "period": period, "quota": 0.0}
            for measure, values in rep.get("outcomes", {}).items():
                if isinstance(values, list):
                    assert len(values) == len(periods), (
                        f"rep {rep['rep_id']}: {measure} has {len(values)} values for "
                        f"{len(periods)} months"
                    )
                    row[measure] = values[m]
                else:
                    row[measure] = values
            rows.append(row)
    table = pd.DataFrame(rows).fillna(0)
    # hand-made: measures a case leaves out are zeros, not unknown (unlike an import)
    outcomes = Outcomes.from_long(table, source="hand-made", where="case")
    order = [str(rep["rep_id"]) for rep in case["reps"]]
    assert list(outcomes.reps["rep_id"]) == order
    return outcomes


def _actual(result: PlanResult, rep: int, key: str, kpi: str | None = None) -> np.ndarray:
    if kpi is not None:
        return result.kpi_points[kpi][0, rep]
    if key in PER_REVIEW:
        return getattr(result, key)[0, rep]
    if key == "attainment":
        return result.attainment[0, rep]
    if key == "total":
        return result.total_pay()[0, rep]
    return result.payouts[key][0, rep]


def _compare(label: str, actual: np.ndarray, expected: list) -> None:
    assert len(actual) == len(expected), f"{label}: {len(actual)} values, expected {expected}"
    if expected and isinstance(expected[0], str):
        got = [GRADES[int(code)] for code in actual]
        assert got == expected, f"{label}: got {got}, expected {expected}"
    elif expected and isinstance(expected[0], bool):
        got = [bool(x) for x in actual]
        assert got == expected, f"{label}: got {got}, expected {expected}"
    else:
        got = np.asarray(actual, dtype=float)
        ok = np.abs(got - np.asarray(expected, dtype=float)) <= TOLERANCE
        assert ok.all(), f"{label}: got {np.round(got, 4).tolist()}, expected {expected}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    scenario = load_case_scenario(case, path)
    outcomes = case_outcomes(case)
    result = run_plan(outcomes, scenario)
    rep_index = {rep_id: i for i, rep_id in enumerate(outcomes.reps["rep_id"])}
    expect = dict(case["expect"])
    for fragment in expect.pop("warnings_contain", []):
        assert any(fragment in w for w in result.warnings), (fragment, result.warnings)
    for fragment in expect.pop("no_warning_contains", []):
        assert not any(fragment in w for w in result.warnings), (fragment, result.warnings)
    for rep_id, checks in expect.items():
        rep = rep_index[str(rep_id)]
        for key, expected in checks.items():
            if key == "kpi_points":
                for kpi, values in expected.items():
                    _compare(f"{rep_id} kpi_points.{kpi}", _actual(result, rep, key, kpi), values)
            else:
                _compare(f"{rep_id} {key}", _actual(result, rep, key), expected)
    # Every case: the components add up to the total, to the cent.
    cents = sum(np.round(v * 100).astype(np.int64) for v in result.payouts.values())
    assert (cents == np.round(result.total_pay() * 100).astype(np.int64)).all()


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASE_FILES) >= 30, [p.name for p in CASE_FILES]
