"""Export an executed notebook to a self-contained HTML report with the code hidden.

Leadership reads reports offline, in a browser, without Jupyter: the export uses the
``salesperf_offline`` template (``salesperf_model/report/templates``), which extends JupyterLab's
``lab`` template and empties every block that would fetch a script from a CDN. Plot images
are inlined as base64 by nbconvert already.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from salesperf_model.report.files import write_text_atomic
from salesperf_model.report.page_parts import finish_page

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

#: Where the offline template lives (package data).
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "salesperf_offline"

#: Cell tags whose cells never reach the HTML: helper cells, the parameters cell and the
#: cell papermill injects with the run's parameters.
REMOVED_CELL_TAGS = frozenset({"remove", "remove_cell", "parameters", "injected-parameters"})
#: Cell tags whose input is shown although code is hidden elsewhere: none for leadership.
REMOVED_OUTPUT_TAGS = frozenset({"remove_output"})


def drop_stderr(notebook: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
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


def small_images(notebook: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
    """Every chart image as a palette PNG (the same pixels in at most 64 colours, about a
    third of the bytes), so that a report with many charts stays under 1 MB a page."""
    import base64
    import io

    from PIL import Image

    from salesperf_model.present.charts.embed import small_png

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                png = base64.b64decode(data["image/png"])
                if Image.open(io.BytesIO(png)).mode == "P":
                    continue  # drawn as a palette PNG in the kernel already (alt_text.py)
                data["image/png"] = base64.b64encode(small_png(png)).decode("ascii")
    return notebook, resources


def make_exporter() -> HTMLExporter:
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
    exporter.register_preprocessor(small_images, enabled=True)
    return exporter


def notebook_to_html(
    notebook: NotebookNode | dict, title: str | None = None, *, index_href: str | None = None
) -> str:
    """Render a notebook (node or plain dict) to one self-contained HTML string, with a
    table of contents and (given ``index_href``) links back to the batch's index.

    ``title`` becomes the page ``<title>`` (nbconvert escapes it)."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    if title:
        notebook.metadata["title"] = title
    body, _resources = make_exporter().from_notebook_node(notebook)
    return finish_page(body, index_href=index_href)


def export_html(
    notebook_path: str | os.PathLike,
    html_path: str | os.PathLike,
    title: str | None = None,
    *,
    index_href: str | None = None,
) -> Path:
    """Export an executed ``.ipynb`` file to ``html_path`` (written atomically)."""
    import nbformat

    notebook = nbformat.read(Path(notebook_path), as_version=4)
    html = notebook_to_html(notebook, title=title, index_href=index_href)
    write_text_atomic(html_path, html)
    return Path(html_path)
