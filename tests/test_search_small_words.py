"""A search's smaller words: whole plan numbers on the path chart's axis, a share of
simulations in the winner file as a percentage, '95%' in the sweep help, --jobs for
--workers in optimize as in sweep, and a search that tried only the baseline saying so
('tried 1 plans', and a lead over the baseline that did not exist)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
import yaml

from salesperf_model.cli import build_parser, main
from salesperf_model.present import search_words
from salesperf_model.present.charts.search import search_path_chart

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def test_the_search_path_counts_plans_in_whole_numbers():
    steps = pd.DataFrame(
        {"step": range(20), "objective": [0.4 + i / 100 for i in range(20)], "feasible": True}
    )
    axes = search_path_chart(steps, objective="merit_alignment_pay", goal="maximize").axes[0]
    ticks = [t for t in axes.get_xticks() if 0 <= t <= 19]
    assert ticks and all(float(t).is_integer() for t in ticks)


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


@pytest.fixture(scope="module")
def baseline_only(tmp_path_factory):
    """A search allowed one evaluation: the baseline's own plan, and nothing else."""
    from salesperf_model.search import optimize

    folder = tmp_path_factory.mktemp("one")
    search = folder / "one.yaml"
    small = {"simulations": 3, "reps": 40, "periods": 6}
    spec = {
        "objective": {"metric": "merit_alignment_pay"},
        "constraints": [{"metric": "cost_of_sales_collected", "at_most": 0.5, "probability": 0.5}],
        "fixed": {"behaviour.enabled": False},
        "parameters": {"pay.commission.tiers.0.rate": {"low": 0.02, "high": 0.04, "step": 0.01}},
        "budget": {"evaluations": 1},
        "fit": {**small, "seed": 1},
        "check": {**small, "seed": 2},
    }
    search.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return optimize(BASELINE, search), search, folder


def test_a_share_of_simulations_in_the_winner_file_reads_as_a_percentage(baseline_only):
    from salesperf_model.search.report import write_search_outputs

    result, search, folder = baseline_only
    winner = write_search_outputs(result, folder / "out", scenario=BASELINE, search=search)
    header = Path(winner).read_text(encoding="utf-8")
    assert (
        "#   cost_of_sales_collected <= 0.5 in 50% of simulations: met in 100% of simulations"
        in header
    )
    assert "met (1)" not in header
    assert "# Search: 1 plan evaluated; evaluation budget reached (1 plan)." in header


def test_a_search_that_tried_only_the_baseline_says_so_and_claims_no_lead(baseline_only):
    result, _search, _folder = baseline_only
    assert len(result.evaluations) == 1 and result.winner == 0
    sentences = search_words.search_sentences(result)
    assert sentences[0] == "Recommended plan: the baseline as it is."
    assert "It is the baseline's own plan: every figure is the baseline's." in sentences
    assert not any("lead" in s or "lowers" in s or "raises" in s for s in sentences)
    assert (
        "The search tried only 1 plan, the baseline's own "
        "(evaluation budget reached (1 plan)): no other plan was compared." in sentences
    )
    chart = search_path_chart(result.evaluations, objective=result.objective, goal=result.goal)
    assert chart.axes[0].get_title(loc="left").startswith("The search tried 1 plan;")
    assert all(float(t).is_integer() for t in chart.axes[0].get_xticks())
    legend = [t.get_text() for t in chart.axes[0].get_legend().get_texts()]
    assert "breaks a constraint" not in legend  # no such plan drawn
