"""One default seed: no function, command or notebook carries a seed literal of its own."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from salesperf_model.schema import DEFAULT_SEED, SimulationSettings

ROOT = Path(__file__).resolve().parents[1]


def _seed_defaults(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            positional = arguments.posonlyargs + arguments.args
            pairs = list(
                zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)
            )
            pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d]
            for argument, default in pairs:
                if "seed" in argument.arg:
                    yield node.name, argument.arg, default


def test_no_function_in_the_package_defaults_to_a_seed_literal():
    literals = []
    for path in (ROOT / "salesperf_model").rglob("*.py"):
        for function, name, default in _seed_defaults(ast.parse(path.read_text())):
            if isinstance(default, ast.Constant) and isinstance(default.value, int):
                literals.append(f"{path.relative_to(ROOT)}: {function}({name}={default.value})")
    assert not literals, "seed literals instead of schema.DEFAULT_SEED: " + "; ".join(literals)


def test_notebook_seed_parameters_fall_back_on_the_scenario_or_the_default_seed():
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            for line in source.splitlines():
                if line.strip().startswith("seed ="):
                    assert line.strip() == "seed = None", f"{notebook.name}: {line.strip()}"


def test_the_simulation_section_defaults_to_the_one_seed():
    assert SimulationSettings().seed == DEFAULT_SEED
