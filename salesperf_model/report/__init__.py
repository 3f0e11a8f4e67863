"""The papermill report batch and its offline HTML export."""

from salesperf_model.report.html_export import (
    export_html,
    notebook_to_html,
    readable_mode,
    write_text_atomic,
)

__all__ = [
    "export_html",
    "notebook_to_html",
    "readable_mode",
    "write_text_atomic",
]
