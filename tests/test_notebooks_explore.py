"""explore.ipynb runs top to bottom on a small population: widgets built, first redraw done."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_explore_notebook_executes_and_draws_the_first_payout_curve(tmp_path):
    """Run in its own process, as a user's kernel would be: in a process that already ran
    another notebook, nbclient waited out the whole timeout for the widget cell's output."""
    output = tmp_path / "explore.ipynb"
    env = {**os.environ, "JUPYTER_PREFER_ENV_PATH": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(ROOT / "notebooks" / "explore.ipynb"),
            str(output),
            "-k",
            "python3",
            "--cwd",
            str(tmp_path),
            "--execution-timeout",
            "300",
            "--no-progress-bar",
            "-p",
            "scenario_path",
            str(ROOT / "scenarios" / "baseline.yaml"),
            "-p",
            "simulations",
            "2",
            "-p",
            "reps",
            "60",
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    cells = [c for c in nbformat.read(output, as_version=4).cells if c.cell_type == "code"]
    outputs = [o for c in cells for o in c.outputs]
    texts = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "2 simulations x 60 reps x 12 months simulated" in texts
    widget_views = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget_views, "the controls were not displayed"
    assert "Not a valid plan" not in texts
    durations = [c.metadata["papermill"]["duration"] for c in cells]
    assert max(durations) < 120, f"a cell took {max(durations):.0f} s"
