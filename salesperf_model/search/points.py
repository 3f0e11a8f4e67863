"""Points of a sweep or search turned into scenarios through the loader `--set` uses, bad paths and values refused naming the GRID or SEARCH file, key and value."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from salesperf_model.loading import Problem, ScenarioError, apply_overrides, load_model
from salesperf_model.loading.load import load_scenario_dict, validate_dict
from salesperf_model.loading.model_shape import ANY_INDEX, ANY_KEY, _unwrap, children_of
from salesperf_model.loading.overrides import setting_path
from salesperf_model.loading.paths import split_key
from salesperf_model.loading.yaml_reader import load_yaml
from salesperf_model.schema import Scenario
from salesperf_model.schema.search import SearchSpec, SweepGrid, SweptParameter

SpecT = TypeVar("SpecT", SweepGrid, SearchSpec)
#: Sections that shape the simulated sales force: a point changing one is simulated anew.
SALES_FORCE_SECTIONS = ("population", "simulation", "behaviour")
Value = int | float


def load_spec(path: str | Path, model: type[SpecT]) -> SpecT:
    """A GRID or SEARCH file, read the way scenarios are (file:line, key, value, expected)."""
    what = "GRID file" if model is SweepGrid else "SEARCH file"
    return load_model(path, model, what=what)


@functools.cache
def whole_field(key: str) -> bool:
    """Whether the scenario field at ``key`` takes whole numbers only (a count such as a
    top-N ``n`` or the months), by the schema's types: so only such a field is rounded."""
    types: list[Any] = [Scenario]
    for part in split_key(key):  # a named item (a bonus by name) is a list item
        children = children_of(types)
        types = children.get(part) or children.get(ANY_INDEX) or children.get(ANY_KEY) or []
    numbers = [c for t in types for c in _unwrap(t) if c in (int, float)]
    return bool(numbers) and all(c is int for c in numbers)


def _as_number(value: float, like: SweptParameter, key: str) -> Value:
    """Whole where the field is a count, or where the values are written whole and a whole
    ``step`` (or a list) keeps them whole; else the value as it is (``steps`` of 1 to 2 are
    1.25 apart, not rounded)."""
    given = like.values or ([like.low, like.high, like.step] if like.step is not None else [])
    written_whole = bool(given) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in given
    )
    if whole_field(key) or written_whole:
        return round(value)
    return float(value)


def round_to_step(value: float, spec: SweptParameter, key: str = "") -> Value:
    """``value`` on the parameter's step grid from ``low`` (money to what a plan says)."""
    if spec.step is None or spec.low is None:
        return _as_number(value, spec, key)
    steps = round((value - spec.low) / spec.step)
    top = math.floor((spec.high - spec.low) / spec.step + 1e-9)  # type: ignore[operator]
    on_grid = spec.low + min(max(steps, 0), top) * spec.step
    decimals = max(0, -math.floor(math.log10(spec.step)) + 2)
    return _as_number(round(on_grid, decimals), spec, key)


def grid_values(spec: SweptParameter, key: str = "") -> list[Value]:
    """Every value the parameter ``key`` takes in a grid (or a search's step grid), each once."""
    if spec.values is not None:
        return [_as_number(v, spec, key) for v in spec.values]
    assert spec.low is not None and spec.high is not None
    if spec.step is not None:
        count = math.floor((spec.high - spec.low) / spec.step + 1e-9) + 1
        return [round_to_step(spec.low + i * spec.step, spec, key) for i in range(count)]
    steps = np.linspace(spec.low, spec.high, spec.steps or 2)
    return list(dict.fromkeys(_as_number(v, spec, key) for v in steps))


def design_points(grid: SweepGrid, file: str = "<grid>") -> list[dict[str, Value]]:
    """The points of a GRID file: every combination, or a latin hypercube (one draw per
    stratum of each parameter, strata shuffled independently, rounded to ``step``)."""
    names = list(grid.parameters)
    if grid.design == "grid":
        values = {n: grid_values(grid.parameters[n], n) for n in names}
        _refuse_oversized(grid, file, {n: len(v) for n, v in values.items()})
        combos = itertools.product(*values.values())
        return [dict(zip(names, combo, strict=True)) for combo in combos]
    from scipy.stats import qmc

    assert grid.samples is not None
    _refuse_oversized(grid, file, {})
    unit_points = qmc.LatinHypercube(d=len(names), seed=grid.sample_seed).random(grid.samples)
    points = []
    for row in unit_points:
        point = {}
        for name, share in zip(names, row, strict=True):
            spec = grid.parameters[name]
            point[name] = round_to_step(spec.low + share * (spec.high - spec.low), spec, name)  # type: ignore[operator]
        points.append(point)
    return points


def _refuse_oversized(grid: SweepGrid, file: str, counts: Mapping[str, int]) -> None:
    """A design over ``max_points`` refused from the count of each parameter's values,
    before any point is listed (three rates in steps of 0.00001 are 8 billion points)."""
    total = math.prod(counts.values()) if counts else grid.samples or 0
    if total <= grid.max_points:
        return
    if counts:
        (first, many), *rest = counts.items()
        sizes = f"{many:,} values of {first}" + "".join(f" x {c:,} of {n}" for n, c in rest)
        what = f"the design has {total:,} points ({sizes})"
    else:
        what = f"the latin hypercube has {total:,} samples"
    problem = Problem(
        file,
        "parameters" if counts else "samples",
        f"{what}, more than max_points {grid.max_points:,}",
        expected=f"at most {grid.max_points:,} points: fewer values (a larger step, fewer "
        "steps), a latin_hypercube with samples, or a higher max_points",
        has_value=False,
    )
    raise ScenarioError([problem], file, "GRID file")


@dataclass(frozen=True)
class PointLoader:
    """The baseline's merged data (extends resolved, the spec's ``fixed`` overrides
    applied) loaded once; each point is that data with its values set as ``--set`` would,
    validated whole."""

    scenario_file: str
    spec_file: str
    what: str
    data: dict[str, Any]
    lines: dict[str, int]
    baseline: Scenario

    def scenario(self, point: Mapping[str, Value], *, name: str) -> Scenario:
        """The scenario of one point, named ``name``; a point the schema refuses raises a
        ScenarioError naming the spec file, each parameter key and value."""
        problems: list[Problem] = []
        data = apply_overrides(self.data, dict(point), file=self.scenario_file, problems=problems)
        data["name"] = name
        try:
            return validate_dict(data, Scenario, file=self.scenario_file, problems=problems)
        except ScenarioError as error:
            raise ScenarioError(
                [self._relabel(p, point) for p in error.problems], self.spec_file, self.what
            ) from None

    def _relabel(self, problem: Problem, point: Mapping[str, Value]) -> Problem:
        """A scenario problem as one of the spec file's key (the parameter it came from)."""
        key = next(
            (k for k in point if problem.path.startswith(k) or k.startswith(problem.path)), None
        )
        if key is None:
            key = next((k for k in point if problem.path.split(".")[:2] == k.split(".")[:2]), "")
        where = f"parameters.{key}" if key else problem.path
        value = point.get(key, problem.value) if key else problem.value
        message = problem.message
        if problem.path and problem.path != key:
            message += f" (scenario {self.scenario_file}, {problem.path})"
        suggestion = None
        if problem.suggestion and key:
            parts, near = key.split("."), problem.suggestion.split(".")
            suggestion = "parameters." + ".".join(near + parts[len(near) :])
            message = message.replace(
                f"did you mean '{problem.suggestion}'", f"did you mean '{suggestion}'"
            )
        return Problem(
            self.spec_file,
            where,
            message,
            value=value,
            expected=problem.expected,
            suggestion=suggestion,
            line=self.lines.get(key),
            has_value=True,
        )

    def check_parameters(self, parameters: Mapping[str, SweptParameter]) -> None:
        """Every parameter path exists and its extreme values pass the schema, checked one
        parameter at a time so each refusal names one key and one value; all together."""
        problems = self._settings_problems(list(parameters))
        for key, spec in parameters.items():
            if any(p.path == f"parameters.{key}" for p in problems):
                continue
            values = grid_values(spec, key) if spec.values is not None else [spec.low, spec.high]
            for value in dict.fromkeys(values):
                try:
                    self.scenario({key: value}, name=self.baseline.name)  # type: ignore[dict-item]
                except ScenarioError as error:
                    problems += error.problems
                    break
        if problems:
            raise ScenarioError(problems, self.spec_file, self.what)

    def _settings_problems(self, keys: list[str]) -> list[Problem]:
        """The simulation's size or seed (set by ``sizes:``, the same for every point and
        the baseline point), and two keys for one setting (one would silently override the
        other, and the table would label points with values never used)."""
        where = "sizes" if self.what == "GRID file" else "fit` and `check"
        problems = [
            Problem(
                self.spec_file,
                f"parameters.{key}",
                "the simulation's size and seed are not a plan parameter: every point is "
                "measured on the same simulations as the baseline point",
                has_value=False,
                expected=f"`{where}: {{{key.split('.')[-1]}: ...}}` in the {self.what}",
                line=self.lines.get(key),
            )
            for key in keys
            if key.split(".")[0] == "simulation"
        ]
        first_of: dict[tuple, str] = {}
        for key in keys:
            earlier = first_of.setdefault(setting_path(self.data, key), key)
            if earlier != key:
                problems.append(
                    Problem(
                        self.spec_file,
                        f"parameters.{key}",
                        f"names the same setting as parameters.{earlier}: one would silently "
                        "override the other",
                        has_value=False,
                        expected="each setting swept under one key",
                        line=self.lines.get(key),
                    )
                )
        return problems


def point_loader(
    scenario_path: str | Path, spec_path: str | Path, spec: SweepGrid | SearchSpec
) -> PointLoader:
    """Load the baseline once with the spec's ``fixed`` overrides; check every parameter."""
    scenario_file, spec_file = str(scenario_path), str(spec_path)
    fixed = {str(k): v for k, v in spec.fixed.items()}
    dropped: list[str] = []  # what a `fixed` override replacing a whole mapping dropped
    data, origins, problems = load_scenario_dict(scenario_path, fixed, dropped=dropped)
    if problems:
        raise ScenarioError(
            [
                Problem(
                    spec_file,
                    f"fixed.{p.path}",
                    p.message,
                    value=p.value,
                    expected=p.expected,
                    suggestion=p.suggestion,
                )
                for p in problems
            ],
            spec_file,
            "GRID file" if isinstance(spec, SweepGrid) else "SEARCH file",
        )
    baseline = validate_dict(data, Scenario, file=scenario_file, origins=origins)
    if dropped:
        baseline = baseline.with_loading_warnings(dropped)
    try:
        _, spec_lines = load_yaml(spec_path, what="spec")
    except ScenarioError:  # a spec built in code: no lines to point at
        spec_lines = {}
    lines = {
        str(path[1]): line
        for path, (_source, line) in spec_lines.items()
        if len(path) == 2 and path[0] == "parameters" and line is not None
    }
    what = "GRID file" if isinstance(spec, SweepGrid) else "SEARCH file"
    loader = PointLoader(scenario_file, spec_file, what, data, lines, baseline)
    loader.check_parameters(spec.parameters)
    return loader


def simulation_reason(point: Mapping[str, Value], baseline: Scenario) -> tuple[str, str]:
    """How a point is evaluated and why: ``("re-paid", why)`` on the baseline's one
    simulated sales force, or ``("simulated", why)`` anew with the same seed."""
    sections = sorted({k.split(".")[0] for k in point} & set(SALES_FORCE_SECTIONS))
    if sections:
        return (
            "simulated",
            f"changes the sales force ({', '.join(sections)}): simulated with the same seed",
        )
    if all(k.split(".")[0] == "budget" for k in point):
        return "re-paid", "changes only the budget: the plan is paid on the baseline's sales force"
    if baseline.behaviour.enabled:
        return (
            "simulated",
            "reps respond to the plan's pay (behaviour on): simulated with the same seed",
        )
    return (
        "re-paid",
        "plan-only change with behaviour off: re-paid on the one simulated sales force",
    )
