"""A report batch: check the scenarios, run every report notebook in parallel processes,
then write the index and the record of what the batch wrote.

One papermill run per scenario plus one comparison run, in parallel *processes*
(papermill's ``cwd`` is an ``os.chdir`` for the whole process, so threads would race).
Each run is published only when it succeeded (see :mod:`salesperf_model.report.execute`);
a failed run leaves an error note and the partial notebook, never a report. Nothing is
written outside the output folder.

Output layout (``out/``)::

    index.html                 every report with its headline figures, failures marked
    <slug>/report.html         self-contained HTML, code hidden
    <slug>/<slug>.ipynb        the executed notebook
    <slug>/headline.json       headline figures the notebook wrote (and any CSV/JSON)
    <slug>/FAILED.txt          instead of the above when the run failed
    .salesperf-report.json     what the last batch wrote (so a re-run can remove stale runs)
    .cache/                    simulations and plans' pay kept for the next run (see
                               salesperf_model.cache; at most 4 GiB, oldest removed first)
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from functools import partial
from pathlib import Path

from salesperf_model.cache import CACHE_DIR_NAME
from salesperf_model.loading import scenario_problem
from salesperf_model.report.comparison_scope import (
    ScenarioCheck,
    checked_jobs,
    flag_comparison,
)
from salesperf_model.report.execute import (
    DEFAULT_EXECUTION_TIMEOUT,
    DEFAULT_START_TIMEOUT,
    STAGING_DIR_NAME,
    execute_job,
    publish_failure,
)
from salesperf_model.report.files import write_text_atomic
from salesperf_model.report.guard import out_dir_lock, refuse_collisions
from salesperf_model.report.index_page import render_index
from salesperf_model.report.jobs import (
    NotebookJob,
    calibration_report_job,
    plan_jobs,
    report_notebooks,
    search_report_job,
    slugify,
    validation_report_job,
)
from salesperf_model.report.results import BatchResult, RunResult
from salesperf_model.report.stopping import (
    BatchInterrupted,
    ignore_interrupts_in_worker,
    stop_descendants,
    stop_on_signals,
)
from salesperf_model.report.validation_headline import qualify_validation_results

MANIFEST_NAME = ".salesperf-report.json"
INDEX_TITLE = "Sales compensation plan reports"


def check_scenario(path: Path, overrides: list[str] | tuple[str, ...] = ()) -> str | None:
    """The scenario loader's verdict on a file under the run's ``--set`` overrides, asked
    before a kernel starts for it: the default check of :func:`run_batch`. Whatever goes
    wrong reading one file fails that file alone: a batch goes on past a bad scenario."""
    try:
        return scenario_problem(path, overrides)
    except Exception as error:  # e.g. a YAML file nested too deep for the parser
        return f"{path}: could not be read ({type(error).__name__}: {error})"


def _previous_slugs(out_dir: Path) -> set[str]:
    """The report folders the previous batch's manifest lists (safe names only)."""
    manifest = out_dir / MANIFEST_NAME
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8")).get("slugs", [])
    except (OSError, json.JSONDecodeError, AttributeError):
        return set()
    return {
        slug for slug in previous if isinstance(slug, str) and slug == slugify(slug, fallback="")
    }


def _remove_stale(out_dir: Path, previous: set[str], keep: set[str]) -> None:
    """Remove the folders a previous batch wrote that this batch did not write again."""
    for slug in previous - keep:
        shutil.rmtree(out_dir / slug, ignore_errors=True)


def _run_in_processes(
    runnable: list[NotebookJob],
    out: Path,
    results: dict[str, RunResult],
    *,
    workers: int,
    execution_timeout: int,
    start_timeout: int,
    progress: bool,
) -> None:
    """Every job's result into ``results`` as it comes, run in spawned worker processes
    under a progress bar; a crashed worker's job is published as a failure. On
    :class:`BatchInterrupted` every worker and kernel is stopped before it propagates."""
    from tqdm import tqdm

    bar = tqdm(total=len(runnable), desc="reports", unit="notebook", disable=not progress)
    context = multiprocessing.get_context("spawn")
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=ignore_interrupts_in_worker
    )
    try:
        futures = {
            pool.submit(
                execute_job,
                job,
                str(out),
                execution_timeout=execution_timeout,
                start_timeout=start_timeout,
            ): job
            for job in runnable
        }
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                results[job.slug] = future.result()
            except Exception as problem:  # worker crashed: the pool may be broken
                results[job.slug] = publish_failure(
                    job, out, f"worker process failed: {type(problem).__name__}: {problem}"
                )
            bar.set_postfix_str(f"{job.label}: {results[job.slug].status}", refresh=False)
            bar.update(1)
    except BatchInterrupted:
        stop_descendants()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        bar.close()
    pool.shutdown(wait=True)


def _write_index(out: Path, ordered: list[RunResult], keep: set[str], notes: Sequence[str]) -> Path:
    """Write ``index.html`` and the manifest a re-run reads; the staging folder goes."""
    index = out / "index.html"
    write_text_atomic(index, render_index(ordered, title=INDEX_TITLE, notes=notes))
    manifest = {
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "slugs": sorted(keep),
        "results": [asdict(result) for result in ordered],
    }
    write_text_atomic(out / MANIFEST_NAME, json.dumps(manifest, indent=2, default=str))
    shutil.rmtree(out / STAGING_DIR_NAME, ignore_errors=True)
    return index


def run_batch(
    scenarios: Sequence[str | os.PathLike],
    baseline: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    run_parameters: dict[str, object] | None = None,
    jobs: int | None = None,
    scenario_notebook: str | os.PathLike | None = None,
    comparison_notebook: str | os.PathLike | bool | None = None,
    validate: ScenarioCheck | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    start_timeout: int = DEFAULT_START_TIMEOUT,
    progress: bool = True,
    calibration_parameters: dict[str, object] | None = None,
    validation_parameters: dict[str, object] | None = None,
    notes: Sequence[str] = (),
    cache: bool = True,
    search: str | os.PathLike | None = None,
    comparison_parameters: dict[str, object] | None = None,
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
        problem are reported failed without running; the comparison is given them too and
        names them as left out (with their problems). Default: :func:`check_scenario`.
    calibration_parameters
        Parameters of ``calibration_report.ipynb`` (mapping_path, calibrated_path, ...): one
        more report, ``calibration/``, on how well the simulation fits the actuals.
    validation_parameters
        Parameters of ``validation.ipynb`` (baseline_path, seed, ...): one more report,
        ``validation/``, on whether the model reproduces published field findings.
    comparison_parameters
        Parameters of the comparison notebook alone: ``scheduler`` (a Dask scheduler
        address), ``workers`` and ``chunk_size``, to run its simulations in chunks there.
    notes
        Lines shown in the summary and on the index page (e.g. a report that was skipped).
    search
        A SEARCH file: one more report, ``search/``, the optimizer's search from the
        baseline and its winning plan (``search/winner.yaml``).
    cache
        Keep the simulation and every plan's pay in ``out/.cache`` and reuse them when
        their inputs and the package are unchanged (a report of one edited plan then
        recomputes that plan only). The figures are the same either way.
    """
    started = time.perf_counter()
    overrides = list((run_parameters or {}).get("overrides") or [])  # checked with each file
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    scenario_notebook, comparison_notebook = report_notebooks(
        scenario_notebook, comparison_notebook
    )
    if cache:
        run_parameters = {"cache_dir": str(out / CACHE_DIR_NAME), **(run_parameters or {})}
    scenario_jobs, comparison = plan_jobs(
        scenarios,
        baseline,
        run_parameters,
        scenario_notebook=scenario_notebook,
        comparison_notebook=comparison_notebook,
        comparison_parameters=comparison_parameters,
    )
    calibration = None
    if calibration_parameters is not None:
        calibration = calibration_report_job(calibration_parameters)
    validation = None
    if validation_parameters is not None:
        if cache:
            validation_parameters = {
                "cache_dir": str(out / CACHE_DIR_NAME),
                **validation_parameters,
            }
        validation = validation_report_job(validation_parameters)
    searching = search_report_job(search, baseline, out) if search is not None else None
    every_job = [*([comparison] if comparison else []), *([calibration] if calibration else [])]
    every_job += [job for job in (validation, searching) if job is not None]
    every_job += scenario_jobs
    keep = {job.slug for job in every_job}
    notes = list(notes)
    results: dict[str, RunResult] = {}
    with out_dir_lock(out, notes), stop_on_signals():
        previous = _previous_slugs(out)
        refuse_collisions(out, every_job, previous)
        shutil.rmtree(out / STAGING_DIR_NAME, ignore_errors=True)
        try:
            runnable, left_out = checked_jobs(
                scenario_jobs,
                comparison,
                baseline,
                validate=validate
                or (partial(check_scenario, overrides=overrides) if overrides else check_scenario),
                out=out,
                results=results,
            )
            runnable += [job for job in (calibration, validation, searching) if job is not None]
            _run_in_processes(
                runnable,
                out,
                results,
                workers=max(1, min(jobs or os.cpu_count() or 1, len(runnable) or 1)),
                execution_timeout=execution_timeout,
                start_timeout=start_timeout,
                progress=progress,
            )
        except BatchInterrupted as stop:
            for job in every_job:
                results.setdefault(job.slug, _stopped(job, stop.signal_name))
            ordered = [results[job.slug] for job in every_job]
            stop.result = BatchResult(
                out_dir=out,
                index=_write_index(out, ordered, keep | previous, notes),
                results=ordered,
                seconds=time.perf_counter() - started,
                notes=notes,
                stopped_by=stop.signal_name,
            )
            raise
        flag_comparison(runnable, scenario_jobs, results, left_out=left_out)
        qualify_validation_results(results.values(), out)
        _remove_stale(out, previous, keep)
        ordered = [results[job.slug] for job in every_job]
        return BatchResult(
            out_dir=out,
            index=_write_index(out, ordered, keep, notes),
            results=ordered,
            seconds=time.perf_counter() - started,
            notes=notes,
        )


def _stopped(job: NotebookJob, signal_name: str) -> RunResult:
    """The result of a job the batch did not finish: its folder keeps what it held."""
    return RunResult(
        slug=job.slug,
        label=job.label,
        kind=job.kind,
        status="stopped",
        source=job.source,
        error=f"the batch was stopped by {signal_name} before this report finished; its "
        "folder keeps the previous report, if there was one",
    )
