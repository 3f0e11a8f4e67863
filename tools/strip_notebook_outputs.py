"""Git clean filter for notebooks: outputs, execution counts and machine-specific metadata stripped.

Configured by ``make setup`` (``git config filter.notebook.clean ...``, ``.gitattributes``):
git runs every ``*.ipynb`` through it when staging or diffing, so a notebook opened, run
and saved in JupyterLab stays clean in the repository while the working copy keeps its
outputs. Reads a notebook on stdin (or the files given, rewritten in place), writes it
without outputs in the committed notebooks' own format (nbformat's: one-space indent,
sorted keys). Standard library only: git may run it outside the project's venv.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Cell metadata a run or a view leaves behind (timings, collapsed or scrolled outputs).
RUN_CELL_METADATA = ("execution", "ExecuteTime", "papermill", "trusted", "collapsed", "scrolled")
#: Notebook metadata a run leaves behind (widget state, papermill's record).
RUN_NOTEBOOK_METADATA = ("widgets", "papermill")
#: The kernelspec every committed notebook names (a test checks the name).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def strip(notebook: dict) -> dict:
    """The notebook as committed: no outputs or counts, no run or machine metadata."""
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        for key in RUN_CELL_METADATA:
            metadata.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        tags = [t for t in metadata.get("tags", []) if t != "injected-parameters"]
        if "tags" in metadata:
            metadata["tags"] = tags
    metadata = notebook.setdefault("metadata", {})
    for key in RUN_NOTEBOOK_METADATA:
        metadata.pop(key, None)
    if metadata.get("kernelspec", {}).get("name") == KERNELSPEC["name"]:
        metadata["kernelspec"] = dict(KERNELSPEC)  # display names differ by machine
    if "language_info" in metadata:  # the Python version a run used is not the notebook's
        metadata["language_info"] = {"name": metadata["language_info"].get("name", "python")}
    return notebook


def clean_text(text: str) -> str:
    """A notebook's JSON text, stripped, in nbformat's layout."""
    return json.dumps(strip(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if not argv:
        sys.stdout.write(clean_text(sys.stdin.read()))
        return 0
    for name in argv:
        path = Path(name)
        path.write_text(clean_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
