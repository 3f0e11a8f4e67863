"""Which jobs of a batch run and what the comparison covers: scenarios that fail the check
are published as failures without a kernel, yet given to the comparison, which leaves them
out itself and names them with their problems (``pipeline.load_plans(skip_invalid=True)``
fills the comparison's ``run.skipped``, shown as "Left out of the comparison")."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from salesperf_model.formatting import counted
from salesperf_model.report.execute import publish_failure
from salesperf_model.report.jobs import NotebookJob
from salesperf_model.report.results import RunResult

#: ``check(path)`` says what is wrong with a scenario file, or None when nothing is.
ScenarioCheck = Callable[[Path], str | None]

#: The comparison headline's figure counting the files it left out (compare_scenarios.ipynb).
LEFT_OUT_FIGURE = "Left out"


def checked_jobs(
    scenario_jobs: list[NotebookJob],
    comparison: NotebookJob | None,
    baseline: str | os.PathLike,
    *,
    validate: ScenarioCheck,
    out: Path,
    results: dict[str, RunResult],
) -> tuple[list[NotebookJob], list[NotebookJob]]:
    """(the jobs worth a kernel, the scenario jobs the comparison will leave out).

    Scenarios that fail ``validate`` are published as failures into ``results`` (a
    FAILED.txt, nothing else). The comparison runs when the baseline is valid and at least
    one scenario is; it is given every scenario file, the invalid ones too, so that it
    names them as left out, with their problems, instead of saying nothing of them."""
    runnable: list[NotebookJob] = []
    left_out: list[NotebookJob] = []
    baseline_problem = validate(Path(baseline))
    for job in scenario_jobs:
        problem = validate(Path(job.source))
        if problem is None and baseline_problem is not None:
            problem = f"baseline {baseline}: {baseline_problem}"
        if problem is None:
            runnable.append(job)
        else:
            results[job.slug] = publish_failure(job, out, problem)
            left_out.append(job)
    if comparison is None:
        return runnable, []
    if not runnable:
        reason = "no valid scenario to compare"
        if baseline_problem is not None:
            reason += f" (the baseline {baseline} is invalid: {baseline_problem})"
        results[comparison.slug] = publish_failure(comparison, out, reason)
        return runnable, []
    given = {str(path) for path in comparison.parameters["scenario_paths"]}  # type: ignore[union-attr]
    left_out = [job for job in left_out if job.parameters["scenario_path"] in given]
    runnable.append(comparison)
    return runnable, left_out


def _left_out_count(result: RunResult) -> int | None:
    """The comparison's own count of files it left out, when its headline gives one."""
    figures = result.headline.get("figures")
    count = figures.get(LEFT_OUT_FIGURE) if isinstance(figures, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def flag_comparison(
    runnable: list[NotebookJob],
    scenario_jobs: list[NotebookJob],
    results: dict[str, RunResult],
    *,
    left_out: list[NotebookJob],
) -> None:
    """Say on the comparison's result what it covers: the files it left out (by name) and
    the plans whose own report failed while it compared them (their figures there are
    unchecked, so it must not read as a plain "ok"). When it left out fewer files than
    failed the check, a plan the batch failed may be in it: said too."""
    comparison = next((job for job in runnable if job.kind == "comparison"), None)
    if comparison is None or not results[comparison.slug].ok:
        return
    result = results[comparison.slug]
    # the files the comparison left out itself (its headline's ``left_out``): those that
    # failed the check, and those it found it could not pay (no weights for a seated role)
    own = {str(Path(p).resolve()) for p in result.headline.get("left_out") or []}
    left_out = [
        *left_out,
        *(
            job
            for job in scenario_jobs
            if job not in left_out and str(Path(job.source).resolve()) in own
        ),
    ]
    names = sorted(Path(job.source).name for job in left_out)
    result.left_out = names
    compared = set(comparison.parameters["scenario_paths"])  # type: ignore[arg-type]
    skipped = {job.slug for job in left_out}
    failed = [
        job.label
        for job in scenario_jobs
        if job.parameters["scenario_path"] in compared
        and job.slug not in skipped
        and not results[job.slug].ok
    ]
    if failed:
        result.warnings.append(
            f"includes {counted(len(failed), 'plan')} whose own report failed: {', '.join(failed)}; "
            "their figures in this comparison are unchecked"
        )
    count = _left_out_count(result)
    if count is not None and count < len(names):
        result.warnings.append(
            f"{counted(len(names), 'file')} failed the scenario check ({', '.join(names)}) but the "
            f"comparison left out {count}: a plan without a report of its own may be in it "
            '(see its section "Left out of the comparison")'
        )
