"""Which notebooks the report batch runs, with which parameters, under which folder names."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: The notebooks the batch runs, shipped in the repository's ``notebooks/`` folder.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
SCENARIO_NOTEBOOK = NOTEBOOKS_DIR / "scenario_report.ipynb"
COMPARISON_NOTEBOOK = NOTEBOOKS_DIR / "compare_scenarios.ipynb"
CALIBRATION_NOTEBOOK = NOTEBOOKS_DIR / "calibration_report.ipynb"
VALIDATION_NOTEBOOK = NOTEBOOKS_DIR / "validation.ipynb"
SEARCH_NOTEBOOK = NOTEBOOKS_DIR / "search_report.ipynb"

#: Folder names the batch uses itself; a scenario that would slug to one of them is renamed.
COMPARISON_SLUG = "comparison"
CALIBRATION_SLUG = "calibration"
VALIDATION_SLUG = "validation"
SEARCH_SLUG = "search"
RESERVED_SLUGS = frozenset(
    {
        COMPARISON_SLUG,
        CALIBRATION_SLUG,
        VALIDATION_SLUG,
        SEARCH_SLUG,
        "index",
        "staging",
        "notebooks",
    }
)

#: What a report is about: one plan against the baseline, all plans, the calibration, the
#: model against published findings, or a search for the best plan.
JobKind = Literal["scenario", "comparison", "calibration", "validation", "search"]
#: A notebook parameter value once checked: plain JSON types only.
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class NotebookJob:
    """One papermill run: which notebook, with which parameters, published under ``slug``."""

    slug: str
    label: str
    kind: JobKind
    notebook: str
    parameters: dict[str, JsonValue]
    source: str = ""
    output_parameter: str = "output_dir"


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


def json_parameters(value: object, where: str = "parameters") -> JsonValue:
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


def _json_mapping(parameters: dict[str, object] | None, where: str) -> dict[str, JsonValue]:
    """``json_parameters`` of a parameter mapping, which stays a mapping."""
    checked = json_parameters(dict(parameters or {}), where)
    assert isinstance(checked, dict)
    return checked


def default_scenarios(scenarios_dir: str | os.PathLike, baseline: str | os.PathLike) -> list[Path]:
    """Every scenario file in a folder except the baseline itself, sorted by name."""
    folder = Path(scenarios_dir)
    baseline_path = Path(baseline).resolve()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
    return [p for p in files if p.resolve() != baseline_path]


def plans_besides_baseline(
    scenarios: Sequence[str | os.PathLike], baseline: str | os.PathLike
) -> tuple[list[Path], list[str]]:
    """The plans to report on and a note for each file left out: the baseline itself
    (``salesperf report scenarios/*.yaml`` names it) is what every report compares
    against, not a plan of its own, and a file named twice is reported once."""
    baseline_path = Path(baseline).resolve()
    plans: list[Path] = []
    notes: list[str] = []
    seen: set[Path] = set()
    for scenario in scenarios:
        path = Path(scenario)
        if path.resolve() == baseline_path:
            notes.append(
                f"{path} is the baseline: every report compares against it, so it has no "
                "plan report of its own"
            )
        elif path.resolve() in seen:
            notes.append(f"{path} was named twice; reported once")
        else:
            seen.add(path.resolve())
            plans.append(path)
    return plans, notes


def report_notebooks(
    scenario_notebook: str | os.PathLike | None = None,
    comparison_notebook: str | os.PathLike | bool | None = None,
) -> tuple[str | os.PathLike, str | os.PathLike | None]:
    """The scenario and comparison notebooks to run: the shipped ones unless others are
    given; ``comparison_notebook=False`` means no comparison."""
    if comparison_notebook is False:
        comparison = None
    elif comparison_notebook is None or comparison_notebook is True:
        comparison = COMPARISON_NOTEBOOK
    else:
        comparison = comparison_notebook
    return scenario_notebook or SCENARIO_NOTEBOOK, comparison


def plan_jobs(
    scenarios: Sequence[str | os.PathLike],
    baseline: str | os.PathLike,
    run_parameters: dict[str, object] | None = None,
    *,
    scenario_notebook: str | os.PathLike = SCENARIO_NOTEBOOK,
    comparison_notebook: str | os.PathLike | None = COMPARISON_NOTEBOOK,
    comparison_parameters: dict[str, object] | None = None,
) -> tuple[list[NotebookJob], NotebookJob | None]:
    """One job per scenario and the comparison job (which gets every scenario's path).

    ``run_parameters`` (reps, periods, simulations, seed, overrides, ...) are passed to
    every notebook and must be JSON types; ``comparison_parameters`` (scheduler, workers,
    chunk_size) to the comparison's alone.
    """
    shared = _json_mapping(run_parameters, "run parameters")
    own = _json_mapping(comparison_parameters, "comparison parameters")
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
                # each plan's own report, from the comparison's folder, for its links
                "report_links": {
                    str(p.resolve()): f"../{slug}/report.html"
                    for p, slug in zip(paths, slugs, strict=True)
                },
                **shared,
                **own,
            },
            source=", ".join(str(p) for p in paths),
        )
    return jobs, comparison


def calibration_report_job(parameters: dict[str, object]) -> NotebookJob:
    """The calibration report's job (mapping_path, calibrated_path, ...): how well the
    simulation fits the actuals, published as ``calibration/``."""
    checked = _json_mapping(parameters, "calibration parameters")
    return NotebookJob(
        slug=CALIBRATION_SLUG,
        label="Calibration to actuals",
        kind="calibration",
        notebook=str(CALIBRATION_NOTEBOOK),
        parameters=checked,
        source=str(checked.get("calibrated_path", "")),
    )


def validation_report_job(parameters: dict[str, object]) -> NotebookJob:
    """The validation report's job (baseline_path, seed, ...): the model's behaviour
    against published field findings, published as ``validation/``."""
    checked = _json_mapping(parameters, "validation parameters")
    return NotebookJob(
        slug=VALIDATION_SLUG,
        label="Validation against published findings",
        kind="validation",
        notebook=str(VALIDATION_NOTEBOOK),
        parameters=checked,
        source=str(checked.get("baseline_path", "")),
    )


def search_report_job(
    search_path: str | os.PathLike, baseline: str | os.PathLike, out: Path
) -> NotebookJob:
    """The search report's job (``salesperf report --search SEARCH.yaml``): the optimizer
    run from the baseline, published as ``search/`` with the winning plan's file."""
    return NotebookJob(
        slug=SEARCH_SLUG,
        label="Search for the best plan",
        kind="search",
        notebook=str(SEARCH_NOTEBOOK),
        parameters={
            "baseline_path": str(Path(baseline).resolve()),
            "search_path": str(Path(search_path).resolve()),
            "report_dir": str(out / SEARCH_SLUG),
        },
        source=str(search_path),
    )
