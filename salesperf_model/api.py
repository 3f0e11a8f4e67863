"""The few high-level functions the notebooks call: load a run, describe a plan, save figures.

Notebooks stay short and readable; the logic lives here, where it is tested.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import yaml

from salesperf_model.html_export import write_text_atomic


def yaml_problem(path: str | os.PathLike) -> str | None:
    """What stops a file being read as a YAML mapping, or ``None``."""
    path = Path(path)
    if not path.is_file():
        return f"{path}: no such scenario file"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as problem:
        return f"{path}: not valid YAML: {problem}"
    if not isinstance(data, dict):
        return f"{path}: expected a mapping of scenario keys, got {type(data).__name__}"
    return None


def scenario_problem(path: str | os.PathLike) -> str | None:
    """What is wrong with a scenario file, or ``None`` when it loads and validates.

    Used by the batch to fail an invalid scenario before starting a kernel for it."""
    path = Path(path)
    problem = yaml_problem(path)
    if problem is not None:
        return problem
    try:
        from salesperf_model.scenario import load_scenario
    except ImportError:  # the scenario models are not there yet: the YAML check must do
        return None
    try:
        load_scenario(path)
    except Exception as problem:
        return str(problem)
    return None


# ---------------------------------------------------------------------------------------
# Writing results the batch reads (the output-folder parameter)
# ---------------------------------------------------------------------------------------


def _jsonable(value: object) -> object:
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, dict | list | tuple | str):
        return item()
    return str(value)


def save_json(output_dir: str | os.PathLike, name: str, data: object) -> Path:
    """Write ``data`` as ``<output_dir>/<name>.json`` atomically (numpy numbers allowed)."""
    path = Path(output_dir) / f"{name}.json"
    write_text_atomic(path, json.dumps(data, indent=2, default=_jsonable, ensure_ascii=False))
    return path


def save_table(output_dir: str | os.PathLike, name: str, table) -> Path:
    """Write a DataFrame as ``<output_dir>/<name>.csv`` atomically."""
    path = Path(output_dir) / f"{name}.csv"
    write_text_atomic(path, table.to_csv(index=table.index.name is not None))
    return path


def save_headline(
    output_dir: str | os.PathLike, title: str, summary: str, figures: dict[str, object]
) -> Path:
    """The headline the batch shows in ``index.html``: a title, one sentence, a few figures.

    Figures are label -> already formatted text (or a number)."""
    return save_json(
        output_dir, "headline", {"title": title, "summary": summary, "figures": figures}
    )


# ---------------------------------------------------------------------------------------
# Safe HTML for notebook outputs
# ---------------------------------------------------------------------------------------


def escape(text: object) -> str:
    """HTML-escape anything a user wrote (scenario names, descriptions): a description
    containing ``<script>`` must show as text in the report, never run."""
    return html.escape(str(text), quote=True)


def html_block(title: str | None, paragraphs: list[str], css_class: str = "") -> str:
    """A heading and paragraphs as HTML; every piece is escaped here."""
    parts = [f"<h2>{escape(title)}</h2>"] if title else []
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs]
    inner = "\n".join(parts)
    return f'<div class="{escape(css_class)}">{inner}</div>' if css_class else inner


def html_list(items: list[str]) -> str:
    """A bullet list of escaped items."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
