"""The search report in the batch (`salesperf report --search`): the real notebook run from
the baseline, published as search/ with a winner file that loads where it is published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from salesperf_model import report
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]
TINY_REPORT = ROOT / "tests" / "notebooks" / "tiny_report.ipynb"

pytestmark = pytest.mark.slow


def test_the_batch_publishes_the_search_report_and_a_loadable_winner(tmp_path):
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    search = tmp_path / "search.yaml"
    small = {"simulations": 3, "reps": 50, "periods": 6}
    search.write_text(
        yaml.safe_dump(
            {
                "description": "A tiny search for the batch test.",
                "objective": {"metric": "merit_alignment_pay"},
                # a constraint every plan meets: the winner is the best on the objective,
                # a commission change (under 0.5, the 2% rate fails it on the recalibrated
                # baseline and the search rightly keeps the baseline's rate)
                "constraints": [{"metric": "share_losing_over_5pct", "at_most": 1.0}],
                "parameters": {
                    "pay.commission.tiers.0.rate": {"low": 0.02, "high": 0.04, "step": 0.01}
                },
                "fixed": {"behaviour.enabled": False},
                "budget": {"evaluations": 3},
                "fit": {**small, "seed": 1},
                "check": {**small, "seed": 2},
            }
        ),
        encoding="utf-8",
    )
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text("name: tiny\nvalue: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    batch = report.run_batch(
        [tiny],
        ROOT / "scenarios" / "baseline.yaml",
        out,
        scenario_notebook=TINY_REPORT,
        comparison_notebook=False,
        validate=lambda _path: None,
        progress=False,
        cache=False,
        search=search,
    )
    assert batch.ok, batch.summary()
    page = (out / "search" / "report.html").read_text(encoding="utf-8")
    assert "Recommended plan:" in page and "Commission" in page
    assert "Every plan the search evaluated" in page
    winner = load_scenario(out / "search" / "winner.yaml")  # extends from where it is published
    rate = winner.pay.commission.tiers[0].rate
    assert rate in (0.02, 0.03, 0.04)
    assert "search" in (out / "index.html").read_text(encoding="utf-8")
