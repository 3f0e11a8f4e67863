"""Command-line words of a search: '95%' in the sweep help (it printed '95%%') and --jobs
for --workers in optimize as in sweep (optimize refused it)."""

from __future__ import annotations

import pytest

from salesperf_model.cli import build_parser, main


def test_the_sweep_help_prints_one_percent_sign(capsys):
    with pytest.raises(SystemExit):
        main(["sweep", "--help"])
    printed = " ".join(capsys.readouterr().out.split())
    assert "a 95% interval" in printed and "%%" not in printed


def test_optimize_takes_jobs_for_workers_as_sweep_does():
    parser = build_parser()
    optimize = parser.parse_args(["optimize", "s.yaml", "g.yaml", "--jobs", "3"])
    sweep = parser.parse_args(["sweep", "s.yaml", "g.yaml", "--jobs", "3"])
    assert optimize.workers == sweep.workers == 3
