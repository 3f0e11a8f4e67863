"""With one rep no fairness figure has a value (a rank correlation needs two reps, a gender
gap both genders): no plan is on a cost-vs-fairness frontier, and the notes and the
console say why (every plan was called 'on the frontier' on an all-empty column)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.measure.frontier import frontier, frontier_note

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _summary(merit: float, gap: float) -> pd.DataFrame:
    rows = []
    for plan, pay in (("baseline", 100.0), ("flat", 90.0), ("steep", 110.0)):
        rows += [
            {"plan": plan, "metric": "total_pay", "mean": pay},
            {"plan": plan, "metric": "merit_alignment_pay", "mean": merit},
            {"plan": plan, "metric": "gender_pay_gap_mean", "mean": gap},
        ]
    return pd.DataFrame(rows)


def test_no_plan_is_on_a_frontier_drawn_on_no_fairness_figure():
    table = frontier(_summary(np.nan, np.nan))
    assert table["on_frontier"].tolist() == [False, False, False]
    assert table["dominated_by"].tolist() == ["", "", ""]
    assert table["fairness_metric"].iloc[0] == "merit_alignment_pay"  # no empty fallback


def test_the_gender_gap_stands_in_only_when_it_has_a_value():
    table = frontier(_summary(np.nan, 0.02))
    assert table["fairness_metric"].iloc[0] == "gender_pay_gap_mean"
    # equal gaps: the cheapest plan alone is on the frontier
    assert table.set_index("plan")["on_frontier"].to_dict() == {
        "baseline": False,
        "flat": True,
        "steep": False,
    }


def test_the_note_says_why_there_is_no_frontier():
    empty = frontier(_summary(np.nan, np.nan))
    assert (
        frontier_note(empty, reps=1) == "no fairness figure can be measured with 1 rep: no frontier"
    )
    assert "no frontier" in frontier_note(empty, reps=30)
    assert frontier_note(frontier(_summary(0.4, 0.02)), reps=1) is None


def test_compare_with_one_rep_writes_the_reason_and_names_no_plan(tmp_path, capsys):
    from salesperf_model import cli

    out = tmp_path / "cmp"
    plans = [str(SCENARIOS / "flat_commission.yaml"), str(SCENARIOS / "steep_accelerator.yaml")]
    args = ["compare", *plans, "--baseline", str(SCENARIOS / "baseline.yaml")]
    args += ["--reps", "1", "--sims", "3", "--workers", "1", "--out", str(out)]
    assert cli.main(args) == 0
    printed = capsys.readouterr().out
    why = "no fairness figure can be measured with 1 rep: no frontier"
    assert f"Cost-vs-fairness frontier: none ({why})" in printed
    assert not pd.read_csv(out / "frontier.csv")["on_frontier"].any()
    notes = pd.read_csv(out / "notes.csv").set_index("metric")["note"]
    assert notes["frontier"] == why
