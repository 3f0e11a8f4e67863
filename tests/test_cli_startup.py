"""The text commands start without loading what they never use: matplotlib (0.5 s to
import), scipy.stats (0.7 s), numba (compiled loops) and bs4 (0.1 s, for report pages).
Each is checked in a fresh interpreter: this test process has long imported them all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "scipy.stats", "numba", "bs4")

PROBE = """
import contextlib, io, json, sys
from salesperf_model.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m in HEAVY)}))
""".replace("HEAVY", repr(HEAVY))


def _loaded(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["diff", "scenarios/flat_commission.yaml"],
        ["params"],
    ],
    ids=["help", "diff", "params"],
)
def test_text_commands_load_no_charts_statistics_or_compiled_loops(argv):
    probe = _loaded(*argv)
    assert probe["code"] == 0
    assert probe["loaded"] == [], f"salesperf {' '.join(argv)} imported {probe['loaded']}"


def test_the_probe_sees_what_a_simulating_command_loads():
    """The check can fail: ``validate`` simulates a small sales force under behaviour, so
    it loads the compiled loops, and the probe says so."""
    probe = _loaded("validate", "scenarios/baseline.yaml")
    assert probe["code"] == 0
    assert "numba" in probe["loaded"]
