"""explore.ipynb runs top to bottom on a small population: widgets built, first redraw done."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_explore_notebook_executes_and_draws_the_first_payout_curve(tmp_path):
    import papermill

    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    output = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "explore.ipynb"),
        str(output),
        parameters={
            "scenario_path": str(ROOT / "scenarios" / "baseline.yaml"),
            "simulations": 2,
            "reps": 60,
        },
        kernel_name="python3",
        cwd=str(tmp_path),
        execution_timeout=300,
        progress_bar=False,
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
