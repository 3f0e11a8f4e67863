"""Test-wide settings: hypothesis runs derandomized under CI so a red build is reproducible,
and numpy and OpenBLAS take the same floating-point paths on every x86-64 machine
(``golden/float_paths.py``: before anything imports numpy)."""

import os

from golden import float_paths

float_paths.pin()

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped scenarios folder (the explorer saves beside its start)."""
    shutil.copytree(_SCENARIOS, tmp_path / "scenarios")
    return tmp_path / "scenarios"


@pytest.fixture
def app(folder):
    """The explorer on a copy of the baseline, small enough for a test."""
    from salesperf_model import explore

    return explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
