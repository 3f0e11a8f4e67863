"""The committed notebooks: stored without outputs, run on the `python3` kernel, declare the
parameters the batch passes, and keep their logic in the package."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "tests" / "notebooks").glob("*.ipynb")
)

#: Parameters the batch (salesperf_model.report.jobs) passes to each notebook.
SCENARIO_PARAMETERS = {
    "scenario_path",
    "baseline_path",
    "reps",
    "periods",
    "simulations",
    "seed",
    "overrides",
    "actuals_mapping",
    "actuals_data_dir",
    "actuals_lenient",
    "cache_dir",
    "output_dir",
}
#: The comparison also declares ``sensitivity_assumptions`` (default None: the built-in
#: list), which the batch leaves at its default.
COMPARISON_PARAMETERS = (SCENARIO_PARAMETERS - {"scenario_path"}) | {
    "scenario_paths",
    "report_links",
    "sensitivity_assumptions",
    "scheduler",
    "workers",
    "chunk_size",
}
#: Parameters `salesperf report --actuals` passes to the calibration report.
CALIBRATION_PARAMETERS = {
    "mapping_path",
    "calibrated_path",
    "baseline_path",
    "data_dir",
    "simulations",
    "seed",
    "output_dir",
}


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _committed(path: Path) -> nbformat.NotebookNode:
    """The notebook as staged in git (what a commit holds), not the working file: a
    notebook opened, run and saved in JupyterLab keeps its outputs in the working copy,
    and the clean filter (tools/strip_notebook_outputs.py) strips them when staging.
    Outside a git checkout (an unpacked release), the file itself."""
    relative = path.relative_to(ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f":{relative}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        return _read(path)
    return nbformat.reads(shown.stdout, as_version=4)


def _parameter_names(notebook: nbformat.NotebookNode) -> set[str]:
    cells = [c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, "exactly one cell must be tagged 'parameters'"
    tree = ast.parse(cells[0].source)
    return {
        target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
    }


#: Parameters `salesperf report --search` passes to the search report.
SEARCH_PARAMETERS = {"baseline_path", "search_path", "report_dir", "output_dir"}


def test_the_six_notebooks_exist():
    names = {p.name for p in NOTEBOOKS if p.parent.name == "notebooks" and p.parent.parent == ROOT}
    assert names == {
        "scenario_report.ipynb",
        "compare_scenarios.ipynb",
        "explore.ipynb",
        "calibration_report.ipynb",
        "validation.ipynb",
        "search_report.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = _committed(path)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], (
                f"{path.name} cell {index} has outputs: clear them before committing"
            )
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"
    assert "widgets" not in notebook.metadata, f"{path.name} stores widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_the_python3_kernel(path):
    assert _read(path).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scenario_report.ipynb", SCENARIO_PARAMETERS),
        ("compare_scenarios.ipynb", COMPARISON_PARAMETERS),
        ("calibration_report.ipynb", CALIBRATION_PARAMETERS),
        ("search_report.ipynb", SEARCH_PARAMETERS),
        ("explore.ipynb", {"scenario_path", "simulations", "reps", "periods", "seed"}),
    ],
)
def test_notebook_declares_the_parameters_the_batch_passes(name, expected):
    assert _parameter_names(_read(ROOT / "notebooks" / name)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "scenario_report.ipynb",
        "compare_scenarios.ipynb",
        "calibration_report.ipynb",
        "search_report.ipynb",
    ],
)
def test_report_notebooks_keep_logic_in_the_package(name):
    """No function or class is defined in a report notebook, and every cell is short."""
    for cell in _read(ROOT / "notebooks" / name).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(x for x in cell.source.splitlines() if not x.startswith("%"))
        tree = ast.parse(source)
        assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree))
        assert len(cell.source.splitlines()) <= 45


#: The views commercial compensation suites show, after the method (plan and comparison).
MORE_VIEWS = [
    "## More views",
    "### Attainment and the pay reps meet",
    "### Cost if sales come in 10% lower or higher",
    "### Pay by month",
    "### Regions",
]
COMPARISON_VIEWS = [
    "### Does the verdict survive other assumptions about the sales force?",
    "### What each plan changes against the baseline",
]


@pytest.mark.parametrize(
    "name",
    [
        "scenario_report.ipynb",
        "compare_scenarios.ipynb",
        "calibration_report.ipynb",
        "search_report.ipynb",
    ],
)
def test_report_notebooks_have_the_sections_in_leadership_order(name):
    headings = [
        c.source for c in _read(ROOT / "notebooks" / name).cells if c.cell_type == "markdown"
    ]
    glossary = [] if name == "calibration_report.ipynb" else ["## Glossary"]
    more = {
        "scenario_report.ipynb": [*MORE_VIEWS, "### The appraisal committee's view"],
        "compare_scenarios.ipynb": [*MORE_VIEWS, *COMPARISON_VIEWS],
    }.get(name, [])
    assert headings == [
        "## Executive summary",
        "## Charts",
        "## Detail tables",
        "## Method and parameters",
        *more,
        *glossary,  # every metric's meaning, generated from the metric registry
    ]
