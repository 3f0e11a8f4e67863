"""Export an executed notebook to a self-contained HTML report with the code hidden.

Leadership reads reports offline, in a browser, without Jupyter: the export uses the
``salesperf_offline`` template (``salesperf_model/report/templates``), which extends JupyterLab's
``lab`` template and empties every block that would fetch a script from a CDN. Plot images
are inlined as base64 by nbconvert already.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Where the offline template lives (package data).
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "salesperf_offline"

#: Cell tags whose cells never reach the HTML: helper cells, the parameters cell and the
#: cell papermill injects with the run's parameters.
REMOVED_CELL_TAGS = frozenset({"remove", "remove_cell", "parameters", "injected-parameters"})
#: Cell tags whose input is shown although code is hidden elsewhere: none for leadership.
REMOVED_OUTPUT_TAGS = frozenset({"remove_output"})


def drop_stderr(notebook, resources):
    """Drop stderr streams (library warnings, progress bars): a reader without Jupyter cannot
    act on them. Warnings a reader must see are shown by the notebook on purpose."""
    for cell in notebook.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if not (output.get("output_type") == "stream" and output.get("name") == "stderr")
            ]
    return notebook, resources


def make_exporter():
    """An HTML exporter with code cells' input, prompts and helper cells removed."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    remove_tags = TagRemovePreprocessor(
        remove_cell_tags=set(REMOVED_CELL_TAGS),
        remove_all_outputs_tags=set(REMOVED_OUTPUT_TAGS),
        enabled=True,
    )
    exporter.register_preprocessor(remove_tags, enabled=True)
    exporter.register_preprocessor(drop_stderr, enabled=True)
    return exporter


def notebook_to_html(notebook: dict, title: str | None = None) -> str:
    """Render a notebook (node or plain dict) to one self-contained HTML string.

    ``title`` becomes the page ``<title>`` (nbconvert escapes it)."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    if title:
        notebook.metadata["title"] = title
    body, _resources = make_exporter().from_notebook_node(notebook)
    return body


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def readable_mode(directory: bool = False) -> int:
    """The permissions a normal file (or folder) gets under the current umask: ``mkstemp``
    and ``mkdtemp`` create private ones, but reports are meant to be shared."""
    return (0o777 if directory else 0o666) & ~_umask()


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a text file so that readers see the old or the new file, never half of one:
    a temporary file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, readable_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_html(
    notebook_path: str | os.PathLike, html_path: str | os.PathLike, title: str | None = None
) -> Path:
    """Export an executed ``.ipynb`` file to ``html_path`` (written atomically)."""
    import nbformat

    notebook = nbformat.read(Path(notebook_path), as_version=4)
    html = notebook_to_html(notebook, title=title)
    write_text_atomic(html_path, html)
    return Path(html_path)
