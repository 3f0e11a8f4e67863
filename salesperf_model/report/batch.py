"""Batch reports: run the report notebooks with papermill, export HTML, write the index.

One papermill run per scenario plus one comparison run, in parallel *processes*
(papermill's ``cwd`` is an ``os.chdir`` for the whole process, so threads would race).
Each run executes in a private staging folder inside the output folder and is published
by renaming that folder into place only when the notebook and its HTML export both
succeeded; a failed run leaves an error note and the partial notebook (named
``*.failed.ipynb``), never a report. Nothing is written outside the output folder.

Output layout (``out/``)::

    index.html                 every report with its headline figures, failures marked
    <slug>/report.html         self-contained HTML, code hidden
    <slug>/<slug>.ipynb        the executed notebook
    <slug>/headline.json       headline figures the notebook wrote (and any CSV/JSON)
    <slug>/FAILED.txt          instead of the above when the run failed
    .salesperf-report.json     what the last batch wrote (so a re-run can remove stale runs)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import html
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from salesperf_model.report.html_export import export_html, readable_mode, write_text_atomic

#: The notebooks the batch runs, shipped in the repository's ``notebooks/`` folder.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
SCENARIO_NOTEBOOK = NOTEBOOKS_DIR / "scenario_report.ipynb"
COMPARISON_NOTEBOOK = NOTEBOOKS_DIR / "compare_scenarios.ipynb"
CALIBRATION_NOTEBOOK = NOTEBOOKS_DIR / "calibration_report.ipynb"

#: Folder names the batch uses itself; a scenario that would slug to one of them is renamed.
COMPARISON_SLUG = "comparison"
CALIBRATION_SLUG = "calibration"
RESERVED_SLUGS = frozenset({COMPARISON_SLUG, CALIBRATION_SLUG, "index", "staging", "notebooks"})
STAGING_DIR_NAME = ".staging"
MANIFEST_NAME = ".salesperf-report.json"
HEADLINE_FILE = "headline.json"
REPORT_FILE = "report.html"
FAILED_FILE = "FAILED.txt"

#: Seconds a single cell may run before the run is failed; seconds to wait for a kernel.
DEFAULT_EXECUTION_TIMEOUT = 900
DEFAULT_START_TIMEOUT = 120


# ---------------------------------------------------------------------------------------
# Names and parameters
# ---------------------------------------------------------------------------------------


def slugify(name: str, fallback: str = "scenario") -> str:
    """A folder name safe on every file system and in a URL, from any scenario file name.

    Only the file's stem is used (``../../etc/x.yaml`` gives ``x``), accents are folded
    (``Prämie über.yaml`` gives ``pramie-uber``), anything else that is not a lower-case
    ASCII letter or digit becomes a dash. A name with nothing left (``提成.yaml``) gets
    ``fallback``; :func:`unique_slugs` then makes names distinct.
    """
    stem = Path(str(name).replace("\\", "/")).name
    for suffix in (".yaml", ".yml", ".ipynb", ".json"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    return slug or fallback


def unique_slugs(names: Sequence[str]) -> list[str]:
    """Slugs for ``names``, distinct from each other and from the batch's own folders."""
    taken: set[str] = set(RESERVED_SLUGS)
    slugs = []
    for name in names:
        base = slugify(name)
        if base in RESERVED_SLUGS:
            base = f"{base}-scenario"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def json_parameters(value: object, where: str = "parameters") -> object:
    """Check and convert notebook parameters to plain JSON types.

    papermill writes parameters into the notebook as JSON: a ``Path`` or ``np.int64``
    crashes when the output is written, a tuple silently becomes a string. Paths become
    strings, tuples lists, numpy scalars Python numbers; anything else is refused.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, dict):
        return {str(k): json_parameters(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_parameters(v, f"{where}[{i}]") for i, v in enumerate(value)]
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        converted = item()
        if isinstance(converted, bool | int | float | str):
            return converted
    raise TypeError(
        f"{where}: {value!r} of type {type(value).__name__} is not a JSON type; "
        "pass strings, numbers, booleans, lists or dicts (a scenario *path*, not its contents)"
    )


# ---------------------------------------------------------------------------------------
# Jobs and results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotebookJob:
    """One papermill run: which notebook, with which parameters, published under ``slug``."""

    slug: str
    label: str
    kind: str  # "scenario", "comparison" or "calibration"
    notebook: str
    parameters: dict
    source: str = ""
    output_parameter: str = "output_dir"


@dataclass
class RunResult:
    """What happened to one job; ``html`` and ``notebook`` are relative to the output folder."""

    slug: str
    label: str
    kind: str
    status: str  # "ok" or "failed"
    source: str = ""
    error: str = ""
    seconds: float = 0.0
    attempts: int = 0
    headline: dict = field(default_factory=dict)
    html: str | None = None
    notebook: str | None = None
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BatchResult:
    """Every job's result plus where the index is."""

    out_dir: Path
    index: Path
    results: list[RunResult]
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def failed(self) -> list[RunResult]:
        return [result for result in self.results if not result.ok]

    def summary(self) -> str:
        """Plain-text summary, one line per run, failures with their reason."""
        lines = []
        for result in self.results:
            mark = "ok    " if result.ok else "FAILED"
            where = result.html if result.ok else f"{result.slug}/{FAILED_FILE}"
            lines.append(f"{mark} {result.label} ({result.seconds:.1f} s) -> {where}")
            if not result.ok:
                lines.append(f"       {first_line(result.error)}")
        lines += [f"note: {note}" for note in self.notes]
        failed = len(self.failed)
        lines.append(
            f"{len(self.results) - failed} of {len(self.results)} reports written in "
            f"{self.seconds:.1f} s; {failed} failed. Index: {self.index}"
        )
        return "\n".join(lines)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def first_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of an error, without terminal colour codes."""
    for line in _ANSI.sub("", text or "").splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


# ---------------------------------------------------------------------------------------
# Running one notebook (inside a worker process)
# ---------------------------------------------------------------------------------------


def _describe_error(error: BaseException) -> str:
    """A reader-facing reason for a failed run, then the technical detail."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        return f"error in cell {error.exec_count}: {error.ename}: {_ANSI.sub('', error.evalue)}"
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
def _stderr_to(path: Path):
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
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace")
    return _ANSI.sub("", "\n".join(text.splitlines()[-lines:]))


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


def _read_headline(folder: Path) -> dict:
    path = folder / HEADLINE_FILE
    if not path.exists():
        return {}
    headline = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(headline, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(headline).__name__}")
    return headline


def execute_job(
    job: NotebookJob,
    out_dir: str,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    start_timeout: int = DEFAULT_START_TIMEOUT,
) -> RunResult:
    """Run one notebook in a staging folder, export it, publish it or its failure.

    Runs in a worker process. Never raises for a notebook problem: the result says
    ``failed`` and why.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

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
    parameters = dict(job.parameters)
    parameters[job.output_parameter] = str(staging)
    error: BaseException | None = None
    kernel_log = staging / ".kernel-stderr.txt"
    for attempt in (1, 2):
        result.attempts = attempt
        error = None
        try:
            with _stderr_to(kernel_log):
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
            if attempt == 1 and _kernel_never_started(executed):
                time.sleep(1.0)  # ports can collide when kernels start together
                continue
            break
    if error is None:
        try:
            result.headline = _read_headline(staging)
            title = str(result.headline.get("title") or job.label)
            export_html(executed, staging / REPORT_FILE, title=title)
        except Exception as problem:
            error = problem
    if error is None:
        kernel_log.unlink(missing_ok=True)
        result.status = "ok"
        result.html = f"{job.slug}/{REPORT_FILE}"
        result.notebook = f"{job.slug}/{executed.name}"
        result.files = sorted(p.name for p in staging.iterdir() if not p.name.startswith("."))
    else:
        result.error = _describe_error(error)
        detail = "".join(traceback.format_exception(error))
        # Keep only what helps debugging; remove anything the failed run wrote as figures.
        failed = Path(tempfile.mkdtemp(prefix=f"{job.slug}-failed-", dir=staging_root))
        if executed.exists():
            os.replace(executed, failed / f"{job.slug}.failed.ipynb")
            result.notebook = f"{job.slug}/{job.slug}.failed.ipynb"
        kernel_output = _tail(kernel_log)
        write_text_atomic(
            failed / FAILED_FILE,
            f"{job.label}: report failed\nsource: {job.source}\nreason: {result.error}\n\n"
            f"{_ANSI.sub('', detail)}"
            + (f"\nkernel stderr (last lines):\n{kernel_output}\n" if kernel_output else ""),
        )
        shutil.rmtree(staging, ignore_errors=True)
        staging = failed
        result.files = sorted(p.name for p in staging.iterdir())
    result.seconds = time.perf_counter() - started
    _publish(staging, final, staging_root)
    return result


def _failed_without_running(job: NotebookJob, out_dir: Path, reason: str) -> RunResult:
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


# ---------------------------------------------------------------------------------------
# Planning and running a batch
# ---------------------------------------------------------------------------------------


def default_scenarios(scenarios_dir: str | os.PathLike, baseline: str | os.PathLike) -> list[Path]:
    """Every scenario file in a folder except the baseline itself, sorted by name."""
    folder = Path(scenarios_dir)
    baseline_path = Path(baseline).resolve()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
    return [p for p in files if p.resolve() != baseline_path]


def plan_jobs(
    scenarios: Sequence[str | os.PathLike],
    baseline: str | os.PathLike,
    run_parameters: dict | None = None,
    scenario_notebook: str | os.PathLike = SCENARIO_NOTEBOOK,
    comparison_notebook: str | os.PathLike | None = COMPARISON_NOTEBOOK,
) -> tuple[list[NotebookJob], NotebookJob | None]:
    """One job per scenario and the comparison job (which gets every scenario's path).

    ``run_parameters`` (reps, periods, simulations, seed, overrides, ...) are passed to
    every notebook and must be JSON types.
    """
    shared = json_parameters(dict(run_parameters or {}), "run parameters")
    assert isinstance(shared, dict)
    baseline_path = str(Path(baseline).resolve())
    paths = [Path(s) for s in scenarios]
    slugs = unique_slugs([p.name for p in paths])
    jobs = []
    for path, slug in zip(paths, slugs, strict=True):
        parameters = {"scenario_path": str(path.resolve()), "baseline_path": baseline_path}
        jobs.append(
            NotebookJob(
                slug=slug,
                label=path.stem,
                kind="scenario",
                notebook=str(Path(scenario_notebook).resolve()),
                parameters={**parameters, **shared},
                source=str(path),
            )
        )
    comparison = None
    if comparison_notebook is not None:
        comparison = NotebookJob(
            slug=COMPARISON_SLUG,
            label="Comparison of all plans",
            kind="comparison",
            notebook=str(Path(comparison_notebook).resolve()),
            parameters={
                "scenario_paths": [str(p.resolve()) for p in paths],
                "baseline_path": baseline_path,
                **shared,
            },
            source=", ".join(str(p) for p in paths),
        )
    return jobs, comparison


def _clean_previous_run(out_dir: Path, keep: set[str]) -> None:
    """Remove the folders a previous batch wrote that this batch does not write again."""
    manifest = out_dir / MANIFEST_NAME
    if manifest.exists():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8")).get("slugs", [])
        except (json.JSONDecodeError, AttributeError):
            previous = []
        for slug in previous:
            if isinstance(slug, str) and slug not in keep and slug == slugify(slug, fallback=""):
                shutil.rmtree(out_dir / slug, ignore_errors=True)
    shutil.rmtree(out_dir / STAGING_DIR_NAME, ignore_errors=True)


def run_batch(
    scenarios: Sequence[str | os.PathLike],
    baseline: str | os.PathLike,
    out_dir: str | os.PathLike,
    run_parameters: dict | None = None,
    jobs: int | None = None,
    scenario_notebook: str | os.PathLike | None = None,
    comparison_notebook: str | os.PathLike | bool | None = None,
    validate: Callable[[Path], str | None] | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    start_timeout: int = DEFAULT_START_TIMEOUT,
    progress: bool = True,
    calibration_parameters: dict | None = None,
    notes: Sequence[str] = (),
) -> BatchResult:
    """Run every scenario's report and the comparison, export HTML, write ``index.html``.

    Parameters
    ----------
    scenarios, baseline
        Scenario file paths; the baseline every report compares against.
    out_dir
        The only folder written to. Created if missing.
    run_parameters
        Extra notebook parameters shared by every run (reps, periods, simulations, seed,
        overrides, actuals_mapping); JSON types only.
    jobs
        Worker processes; default the number of cores.
    scenario_notebook, comparison_notebook
        Default: the shipped notebooks. ``comparison_notebook=False`` runs no comparison.
    validate
        ``validate(path)`` returns a problem description or ``None``; scenarios with a
        problem are reported failed without running and left out of the comparison.
        Default: :func:`salesperf_model.api.scenario_problem`.
    calibration_parameters
        Parameters of ``calibration_report.ipynb`` (mapping_path, calibrated_path, ...): one
        more report, ``calibration/``, on how well the simulation fits the actuals.
    notes
        Lines shown in the summary and on the index page (e.g. a report that was skipped).
    """
    started = time.perf_counter()
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if validate is None:
        from salesperf_model import api

        validate = api.scenario_problem
    scenario_notebook = scenario_notebook or SCENARIO_NOTEBOOK
    if comparison_notebook is False:
        comparison_notebook = None
    elif comparison_notebook is None or comparison_notebook is True:
        comparison_notebook = COMPARISON_NOTEBOOK
    scenario_jobs, comparison = plan_jobs(
        scenarios, baseline, run_parameters, scenario_notebook, comparison_notebook
    )
    calibration = None
    if calibration_parameters is not None:
        parameters = json_parameters(dict(calibration_parameters), "calibration parameters")
        assert isinstance(parameters, dict)
        calibration = NotebookJob(
            slug=CALIBRATION_SLUG,
            label="Calibration to actuals",
            kind="calibration",
            notebook=str(CALIBRATION_NOTEBOOK),
            parameters=parameters,
            source=str(parameters.get("calibrated_path", "")),
        )
    keep = {job.slug for job in scenario_jobs} | ({comparison.slug} if comparison else set())
    keep |= {calibration.slug} if calibration else set()
    _clean_previous_run(out, keep)

    results: dict[str, RunResult] = {}
    runnable: list[NotebookJob] = []
    baseline_problem = validate(Path(baseline))
    for job in scenario_jobs:
        problem = validate(Path(job.source))
        if problem is None and baseline_problem is not None:
            problem = f"baseline {baseline}: {baseline_problem}"
        if problem is None:
            runnable.append(job)
        else:
            results[job.slug] = _failed_without_running(job, out, problem)
    if comparison is not None:
        valid = [job.parameters["scenario_path"] for job in runnable]
        if valid:
            parameters = {**comparison.parameters, "scenario_paths": valid}
            comparison = NotebookJob(**{**asdict(comparison), "parameters": parameters})
            runnable.append(comparison)
        else:
            results[comparison.slug] = _failed_without_running(
                comparison, out, "no valid scenario to compare"
            )
    if calibration is not None:
        runnable.append(calibration)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(runnable) or 1))
    from tqdm import tqdm

    bar = tqdm(total=len(runnable), desc="reports", unit="notebook", disable=not progress)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(execute_job, job, str(out), execution_timeout, start_timeout): job
            for job in runnable
        }
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                results[job.slug] = future.result()
            except Exception as problem:  # worker crashed: the pool may be broken
                results[job.slug] = _failed_without_running(
                    job, out, f"worker process failed: {type(problem).__name__}: {problem}"
                )
            bar.set_postfix_str(f"{job.label}: {results[job.slug].status}", refresh=False)
            bar.update(1)
    bar.close()

    ordered = [results[job.slug] for job in scenario_jobs]
    if calibration is not None:
        ordered.insert(0, results[calibration.slug])
    if comparison is not None:
        ordered.insert(0, results[comparison.slug])
    index = out / "index.html"
    write_text_atomic(
        index, render_index(ordered, title="Sales compensation plan reports", notes=notes)
    )
    manifest = {
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "slugs": sorted(keep),
        "results": [asdict(result) for result in ordered],
    }
    write_text_atomic(out / MANIFEST_NAME, json.dumps(manifest, indent=2, default=str))
    shutil.rmtree(out / STAGING_DIR_NAME, ignore_errors=True)
    return BatchResult(
        out_dir=out,
        index=index,
        results=ordered,
        seconds=time.perf_counter() - started,
        notes=list(notes),
    )


# ---------------------------------------------------------------------------------------
# Index page
# ---------------------------------------------------------------------------------------

_INDEX_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; color: #1f2328; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
p.meta { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 0.45em 0.7em; border-bottom: 1px solid #d0d7de;
         vertical-align: top; }
th { background: #f6f8fa; }
td.status-ok { color: #006644; font-weight: 600; }
td.status-failed { color: #B33A00; font-weight: 700; }
tr.failed { background: #fdecea; }
ul.figures { margin: 0; padding-left: 1.1em; }
.summary { color: #424a53; }
.error { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; color: #B33A00; }
"""


def _format_figure(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _figures(headline: dict) -> list[tuple[str, str]]:
    """Headline figures as (label, value) pairs: a dict, or a list of {label, value, unit}."""
    figures = headline.get("figures") or {}
    pairs = []
    if isinstance(figures, dict):
        pairs = [(str(k), _format_figure(v)) for k, v in figures.items()]
    elif isinstance(figures, list):
        for item in figures:
            if isinstance(item, dict):
                value = _format_figure(item.get("value", ""))
                unit = item.get("unit")
                pairs.append((str(item.get("label", "")), f"{value} {unit}" if unit else value))
    return pairs


def render_index(results: Iterable[RunResult], title: str, notes: Sequence[str] = ()) -> str:
    """The index page: one row per run, linking each report, failures marked and explained.

    Self-contained (inline CSS, no script); every name and figure is HTML-escaped."""
    escape = html.escape
    results = list(results)
    failed = sum(not r.ok for r in results)
    rows = []
    for result in results:
        headline = result.headline or {}
        name = escape(str(headline.get("title") or result.label))
        if result.ok:
            link = f'<a href="{escape(result.html or "")}">{name}</a>'
            status = '<td class="status-ok">ok</td>'
            figures = "".join(
                f"<li>{escape(label)}: <strong>{escape(value)}</strong></li>"
                for label, value in _figures(headline)
            )
            summary = escape(str(headline.get("summary", "")))
            detail = (f'<p class="summary">{summary}</p>' if summary else "") + (
                f'<ul class="figures">{figures}</ul>' if figures else ""
            )
            row_class = "ok"
        else:
            link = f"{name} (no report)"
            status = '<td class="status-failed">FAILED</td>'
            note = f'<a href="{escape(result.slug)}/{FAILED_FILE}">error details</a>'
            detail = f'<p class="error">{escape(first_line(result.error))}</p><p>{note}</p>'
            row_class = "failed"
        kind = {"comparison": "all plans", "calibration": "simulation vs actuals"}.get(
            result.kind, "plan vs baseline"
        )
        source = escape(Path(result.source).name if result.kind == "scenario" else "")
        rows.append(
            f'<tr class="{row_class}"><td>{link}<br><small>{kind}'
            f"{' · ' + source if source else ''}</small></td>{status}<td>{detail}</td></tr>"
        )
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    state = f"{len(results) - failed} of {len(results)} reports ready" + (
        f", <strong>{failed} failed</strong>" if failed else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{escape(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<p class="meta">Generated {generated}. {state}.</p>\n'
        + "".join(f'<p class="meta">Note: {escape(note)}</p>\n' for note in notes)
        + "<table>\n<thead><tr><th>Report</th><th>Status</th><th>Headline</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def main_summary(batch: BatchResult, stream=None) -> None:
    """Print the batch summary (to stdout by default)."""
    print(batch.summary(), file=stream or sys.stdout)
