"""The house rules of the package layout, checked on the code itself (issue 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "salesperf_model"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400

#: Stage packages from the bottom up: a package may import only those below it.
LAYERS = [
    ("tables", "compiled", "seat_labels"),
    ("formatting", "outcomes", "outcome_errors", "pairwise"),
    ("plan_questions",),
    ("schema",),
    ("loading",),
    ("engine",),
    ("simulate",),
    ("actuals",),
    ("measure",),
    ("calibrate",),
    ("cache",),
    ("pipeline",),
    ("validation",),
    ("search",),
    ("present",),
    ("explore",),
    ("report",),
    ("commands",),
    ("cli",),
]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}


def _package_of(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported_packages(module: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "salesperf_model" and len(parts) > 1:
                names.add(parts[1])
            elif node.module == "salesperf_model":
                names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "salesperf_model" and len(parts) > 1:
                    names.add(parts[1])
    return names


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_does_one_job_in_at_most_400_lines(module):
    lines = len(module.read_text().splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(PACKAGE)} has {lines} lines"
    if module.name != "__init__.py" or lines > 3:
        assert ast.get_docstring(ast.parse(module.read_text())), "a module says its job first"


def test_every_package_and_module_is_placed_in_a_layer():
    unplaced = {_package_of(m) for m in MODULES} - set(LEVEL) - {"__init__"}
    assert not unplaced, f"place these in LAYERS: {sorted(unplaced)}"


def test_a_stage_imports_only_stages_below_it():
    upward = []
    for module in MODULES:
        own = _package_of(module)
        if own == "__init__":
            continue
        for imported in _imported_packages(module) - {own}:
            if imported in LEVEL and LEVEL[imported] >= LEVEL[own]:
                upward.append(f"{module.relative_to(PACKAGE)} -> {imported}")
    assert not upward, "imports that run up or sideways: " + "; ".join(sorted(upward))


def test_the_simulation_asks_the_plan_through_a_protocol_not_the_engine():
    for module in (PACKAGE / "simulate").glob("*.py"):
        assert "engine" not in _imported_packages(module), module.name


def test_public_functions_take_more_than_three_arguments_by_keyword():
    offenders = []
    for module in MODULES:
        for node in ast.parse(module.read_text()).body:
            functions = [node] if isinstance(node, ast.FunctionDef) else []
            if isinstance(node, ast.ClassDef):
                functions = [n for n in node.body if isinstance(n, ast.FunctionDef)]
            for function in functions:
                if function.name.startswith("_"):
                    continue
                positional = [
                    a.arg
                    for a in function.args.posonlyargs + function.args.args
                    if a.arg not in ("self", "cls")
                ]
                if len(positional) > 3:
                    offenders.append(f"{module.relative_to(PACKAGE)}:{function.name}")
    assert not offenders, "make the fourth and later parameters keyword-only: " + ", ".join(
        offenders
    )
