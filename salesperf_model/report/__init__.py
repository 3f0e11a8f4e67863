"""The papermill report batch, its offline HTML export and the files reports write."""

from salesperf_model.report.batch import check_scenario, run_batch
from salesperf_model.report.execute import (
    DEFAULT_EXECUTION_TIMEOUT,
    DEFAULT_START_TIMEOUT,
    execute_job,
)
from salesperf_model.report.files import readable_mode, write_text_atomic
from salesperf_model.report.html_export import export_html, notebook_to_html
from salesperf_model.report.index_page import render_index
from salesperf_model.report.jobs import (
    NotebookJob,
    default_scenarios,
    json_parameters,
    plan_jobs,
    plans_besides_baseline,
    slugify,
    unique_slugs,
)
from salesperf_model.report.outputs import (
    save_committee,
    save_headline,
    save_json,
    save_keep_whole,
    save_run_tables,
    save_table,
    save_tables,
)
from salesperf_model.report.results import BatchResult, RunResult

__all__ = [
    "DEFAULT_EXECUTION_TIMEOUT",
    "DEFAULT_START_TIMEOUT",
    "BatchResult",
    "NotebookJob",
    "RunResult",
    "check_scenario",
    "default_scenarios",
    "execute_job",
    "export_html",
    "json_parameters",
    "notebook_to_html",
    "plan_jobs",
    "plans_besides_baseline",
    "readable_mode",
    "render_index",
    "run_batch",
    "save_committee",
    "save_headline",
    "save_json",
    "save_keep_whole",
    "save_run_tables",
    "save_table",
    "save_tables",
    "slugify",
    "unique_slugs",
    "write_text_atomic",
]
