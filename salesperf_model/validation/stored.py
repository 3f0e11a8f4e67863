"""Findings kept beside the reports: a validation report run again with nothing changed (the
baseline, the size, the code) reads its findings back instead of simulating them again."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from salesperf_model.cache.keys import code_version, digest
from salesperf_model.schema import Scenario
from salesperf_model.validation.experiment import FindingResult, Size

#: Sub-folder of the batch's cache folder the findings are kept in.
FOLDER = "validation"


def finding_key(key: str, baseline: Scenario, size: Size) -> str:
    """Everything a finding's figures depend on: which finding, the baseline's settings,
    the run size and the code (any source change is a new key)."""
    return digest(
        {
            "finding": key,
            "baseline": baseline.model_dump(mode="json"),
            "size": [size.reps, size.simulations, size.periods, size.seed],
            "code": code_version(),
        }
    )


def load_finding(cache_dir: str | os.PathLike, name: str) -> FindingResult | None:
    """The finding stored under ``name``, or None (absent or unreadable: computed again)."""
    path = Path(cache_dir) / FOLDER / f"{name}.pickle"
    try:
        with path.open("rb") as stored:
            result = pickle.load(stored)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return result if isinstance(result, FindingResult) else None


def store_finding(cache_dir: str | os.PathLike, name: str, result: FindingResult) -> None:
    """Keep ``result`` under ``name``, written atomically (a half-written file is never read)."""
    folder = Path(cache_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{name}.pickle")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
