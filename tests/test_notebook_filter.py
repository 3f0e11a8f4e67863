"""The git clean filter keeps notebooks clean in the repository whatever JupyterLab saves."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FILTER = ROOT / "tools" / "strip_notebook_outputs.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

sys.path.insert(0, str(FILTER.parent))
from strip_notebook_outputs import clean_text  # noqa: E402


def _as_saved_by_jupyterlab(text: str) -> str:
    """What a JupyterLab save of a run notebook looks like: outputs, execution counts,
    timings, widget state, this machine's kernel name and Python version."""
    notebook = json.loads(text)
    count = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            count += 1
            cell["execution_count"] = count
            cell["outputs"] = [
                {"name": "stdout", "output_type": "stream", "text": ["figures\n"]},
                {
                    "data": {"text/plain": ["42"]},
                    "execution_count": count,
                    "metadata": {},
                    "output_type": "execute_result",
                },
            ]
            cell["metadata"]["execution"] = {"iopub.status.busy": "2025-01-01T00:00:00Z"}
    notebook["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    notebook["metadata"]["kernelspec"]["display_name"] = "Python 3 (salesperf)"
    notebook["metadata"]["language_info"] = {"name": "python", "version": "3.11.2"}
    return json.dumps(notebook, indent=1)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_filter_gives_back_the_committed_notebook(path):
    committed = path.read_text(encoding="utf-8")
    assert clean_text(committed) == committed  # a clean notebook passes unchanged
    saved = _as_saved_by_jupyterlab(committed)
    assert clean_text(saved) == committed


def test_the_filter_strips_a_real_kernel_run():
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "x", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("print(6 * 7)"), nbformat.v4.new_code_cell("6 * 7")]
    clean = clean_text(nbformat.writes(copy.deepcopy(notebook)))
    NotebookClient(notebook, kernel_name="python3", timeout=60).execute()
    assert notebook.cells[0].outputs[0]["text"] == "42\n"
    assert notebook.cells[1].execution_count == 2
    stripped = json.loads(clean_text(nbformat.writes(notebook)))
    assert [c["outputs"] for c in stripped["cells"]] == [[], []]
    assert [c["execution_count"] for c in stripped["cells"]] == [None, None]
    assert clean_text(nbformat.writes(notebook)) == clean


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None, reason="no git")
def test_a_run_and_saved_notebook_leaves_git_clean(tmp_path):
    """In a fresh repository set up by `make git-filter`: every notebook saved with
    outputs, the working files keep them, but git diffs none and stages none."""
    repo = tmp_path / "repo"
    for name in ("Makefile", ".gitattributes", "tools", "notebooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            repo.mkdir(exist_ok=True)
            shutil.copy(source, repo / name)
    _git(repo, "init", "-q")
    subprocess.run(["make", "-s", "git-filter"], cwd=repo, check=True)
    assert "strip_notebook_outputs" in _git(repo, "config", "filter.notebook.clean")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "notebooks")
    for path in (repo / "notebooks").glob("*.ipynb"):
        path.write_text(_as_saved_by_jupyterlab(path.read_text(encoding="utf-8")))
        assert '"execution_count": 1' in path.read_text(encoding="utf-8")
    # git status lists them (their size changed), but there is nothing to diff or commit
    assert _git(repo, "diff") == ""
    _git(repo, "add", "-A")
    assert _git(repo, "diff", "--cached") == ""
    assert _git(repo, "status", "--porcelain") == ""
    staged = _git(repo, "show", ":notebooks/scenario_report.ipynb")
    assert staged == (ROOT / "notebooks" / "scenario_report.ipynb").read_text(encoding="utf-8")
