"""The papermill report batch, its offline HTML export and the files reports write."""

from salesperf_model.report.html_export import (
    export_html,
    notebook_to_html,
    readable_mode,
    write_text_atomic,
)
from salesperf_model.report.outputs import (
    save_headline,
    save_json,
    save_keep_whole,
    save_run_tables,
    save_table,
    save_tables,
)

__all__ = [
    "export_html",
    "notebook_to_html",
    "readable_mode",
    "save_headline",
    "save_json",
    "save_keep_whole",
    "save_run_tables",
    "save_table",
    "save_tables",
    "write_text_atomic",
]
