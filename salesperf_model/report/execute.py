"""Running one report notebook with papermill (inside a worker process): a kernel that fails
to start is retried once, cells time out, and the run's staging folder is renamed into place
only when the notebook and its HTML export both succeeded; otherwise a FAILED.txt note."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

from salesperf_model.report.files import readable_mode, write_text_atomic
from salesperf_model.report.html_export import export_html
from salesperf_model.report.jobs import JsonValue, NotebookJob
from salesperf_model.report.results import (
    ANSI_CODES,
    FAILED_FILE,
    HEADLINE_FILE,
    REPORT_FILE,
    RunResult,
    first_line,
)

#: Seconds a single cell may run before the run is failed; seconds to wait for a kernel.
DEFAULT_EXECUTION_TIMEOUT = 900
DEFAULT_START_TIMEOUT = 120
#: Where runs are prepared inside the output folder before they are published.
STAGING_DIR_NAME = ".staging"
#: Every report is published one folder below the batch's index page.
INDEX_HREF = "../index.html"


def _describe_error(error: BaseException) -> str:
    """A reader-facing reason for a failed run, then the technical detail."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        return (
            f"error in cell {error.exec_count}: {error.ename}: {ANSI_CODES.sub('', error.evalue)}"
        )
    if isinstance(error, CellTimeoutError):
        return f"timeout: a cell ran longer than the execution timeout ({first_line(str(error))})"
    if isinstance(error, DeadKernelError):
        return f"kernel died: {first_line(str(error))}"
    return f"{type(error).__name__}: {first_line(str(error))}"


def _kernel_never_started(output_notebook: Path) -> bool:
    """True when no cell started, so the failure was the kernel start (worth one retry)."""
    import nbformat

    if not output_notebook.exists():
        return True
    try:
        notebook = nbformat.read(output_notebook, as_version=4)
    except Exception:
        return True
    return not any(
        cell.get("metadata", {}).get("papermill", {}).get("start_time")
        for cell in notebook.cells
        if cell.get("cell_type") == "code"
    )


@contextlib.contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Send this process's stderr (and so the kernel's, which inherits it) to a file while
    a notebook runs: kernel chatter stays off the progress bar, and a crash's last words
    can go into the failure note."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log, without terminal colour codes ("" when there is none)."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace")
    return ANSI_CODES.sub("", "\n".join(text.splitlines()[-lines:]))


def _publish(staging: Path, final: Path, trash_root: Path) -> None:
    """Swap a finished staging folder into place; the old folder is removed afterwards."""
    os.chmod(staging, readable_mode(directory=True))
    for path in staging.iterdir():
        if path.is_file():
            os.chmod(path, readable_mode())
    if final.exists():
        trash = trash_root / f"old-{final.name}-{uuid.uuid4().hex[:8]}"
        os.replace(final, trash)
        os.replace(staging, final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(staging, final)


def _read_headline(folder: Path) -> dict[str, JsonValue]:
    """The headline figures the notebook wrote ({} when it wrote none)."""
    path = folder / HEADLINE_FILE
    if not path.exists():
        return {}
    headline = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(headline, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(headline).__name__}")
    return headline


def _run_notebook(
    job: NotebookJob,
    executed: Path,
    staging: Path,
    *,
    execution_timeout: int,
    start_timeout: int,
) -> tuple[BaseException | None, int]:
    """Execute the notebook into ``executed``, retrying once when the kernel never started
    (ports can collide when kernels start together) or died (killed, out of memory: a
    second try in a fresh kernel often passes); the error (or None) and attempts."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    parameters = {**job.parameters, job.output_parameter: str(staging)}
    error: BaseException | None = None
    for attempt in (1, 2):
        error = None
        try:
            with _stderr_to(staging / ".kernel-stderr.txt"):
                papermill.execute_notebook(
                    job.notebook,
                    str(executed),
                    parameters=parameters,
                    kernel_name="python3",
                    language="python",
                    cwd=str(staging),
                    execution_timeout=execution_timeout,
                    start_timeout=start_timeout,
                    progress_bar=False,
                    log_output=False,
                )
            break
        except (PapermillExecutionError, CellTimeoutError) as problem:
            error = problem
            break
        except Exception as problem:
            error = problem
            died = isinstance(problem, DeadKernelError)
            if attempt == 1 and (died or _kernel_never_started(executed)):
                _clear_for_retry(staging)
                time.sleep(1.0)
                continue
            break
    return error, attempt


def _clear_for_retry(staging: Path) -> None:
    """Remove what a failed attempt wrote (figures, the partial notebook), keeping the
    kernel's stderr log, so the retry's files are its own."""
    for path in staging.iterdir():
        if path.name == ".kernel-stderr.txt":
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _keep_failure(
    job: NotebookJob, result: RunResult, error: BaseException, staging: Path, staging_root: Path
) -> Path:
    """A fresh folder with the failure note and the partial notebook (``*.failed.ipynb``),
    nothing the failed run wrote as figures; the run's staging folder is removed."""
    executed = staging / f"{job.slug}.ipynb"
    result.error = _describe_error(error)
    detail = "".join(traceback.format_exception(error))
    failed = Path(tempfile.mkdtemp(prefix=f"{job.slug}-failed-", dir=staging_root))
    if executed.exists():
        os.replace(executed, failed / f"{job.slug}.failed.ipynb")
        result.notebook = f"{job.slug}/{job.slug}.failed.ipynb"
    kernel_output = _tail(staging / ".kernel-stderr.txt")
    write_text_atomic(
        failed / FAILED_FILE,
        f"{job.label}: report failed\nsource: {job.source}\nreason: {result.error}\n\n"
        f"{ANSI_CODES.sub('', detail)}"
        + (f"\nkernel stderr (last lines):\n{kernel_output}\n" if kernel_output else ""),
    )
    shutil.rmtree(staging, ignore_errors=True)
    result.files = sorted(p.name for p in failed.iterdir())
    return failed


def execute_job(
    job: NotebookJob,
    out_dir: str,
    *,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    start_timeout: int = DEFAULT_START_TIMEOUT,
) -> RunResult:
    """Run one notebook in a staging folder, export it, publish it or its failure.

    Runs in a worker process. Never raises for a notebook problem: the result says
    ``failed`` and why.
    """
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    out = Path(out_dir)
    staging_root = out / STAGING_DIR_NAME
    staging_root.mkdir(parents=True, exist_ok=True)
    final = out / job.slug
    if final.resolve().parent != out.resolve():  # defence in depth: slugs are sanitised
        raise ValueError(f"report folder {final} would be outside {out}")
    started = time.perf_counter()
    result = RunResult(
        slug=job.slug, label=job.label, kind=job.kind, status="failed", source=job.source
    )
    staging = Path(tempfile.mkdtemp(prefix=f"{job.slug}-", dir=staging_root))
    executed = staging / f"{job.slug}.ipynb"
    error, result.attempts = _run_notebook(
        job,
        executed,
        staging,
        execution_timeout=execution_timeout,
        start_timeout=start_timeout,
    )
    if error is None:
        try:
            result.headline = _read_headline(staging)
            title = str(result.headline.get("title") or job.label)
            export_html(executed, staging / REPORT_FILE, title=title, index_href=INDEX_HREF)
        except Exception as problem:
            error = problem
    if error is None:
        (staging / ".kernel-stderr.txt").unlink(missing_ok=True)
        result.status = "ok"
        result.html = f"{job.slug}/{REPORT_FILE}"
        result.notebook = f"{job.slug}/{executed.name}"
        result.files = sorted(p.name for p in staging.iterdir() if not p.name.startswith("."))
    else:
        staging = _keep_failure(job, result, error, staging, staging_root)
    result.seconds = time.perf_counter() - started
    _publish(staging, final, staging_root)
    return result


def publish_failure(job: NotebookJob, out_dir: Path, reason: str) -> RunResult:
    """Publish a failure for a job that was never run (invalid scenario file, crash)."""
    staging_root = out_dir / STAGING_DIR_NAME
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{job.slug}-failed-", dir=staging_root))
    write_text_atomic(
        staging / FAILED_FILE,
        f"{job.label}: report failed\nsource: {job.source}\nreason: {reason}\n",
    )
    _publish(staging, out_dir / job.slug, staging_root)
    return RunResult(
        slug=job.slug,
        label=job.label,
        kind=job.kind,
        status="failed",
        source=job.source,
        error=reason,
        files=[FAILED_FILE],
    )
