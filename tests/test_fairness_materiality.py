"""The smallest fairness change that matters: a component clear of the simulation noise
but smaller than its threshold reads 'no change that matters' and moves no verdict; the
threshold is a decision-rule setting, validated, and every text stating the rule says so."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from pydantic import ValidationError

from salesperf_model import pipeline
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.present.fairness_verdict import (
    COMPONENTS,
    RULE,
    fairness_verdict,
    fairness_verdicts_html,
)
from salesperf_model.present.glossary import TERMS
from salesperf_model.present.method import run_settings_words
from salesperf_model.present.verdict_trade_off import TradeOffFacts, trade_off_words
from salesperf_model.schema.decision import SMALLEST_FAIRNESS_CHANGE, Decision

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def _row(plan, metric, base, alt, low, high):
    return {
        "plan": plan,
        "metric": metric,
        "baseline": base,
        "alternative": alt,
        "difference": alt - base,
        "difference_low": low,
        "difference_high": high,
    }


def _run(rows, *, rule: Decision | None = None, source: str = "simulation"):
    base = SimpleNamespace(currency="CNY", display_title="Current plan")
    if rule is not None:
        base.decision = rule
    return pipeline.Run(
        baseline="base",
        plans=sorted({r["plan"] for r in rows}),
        scenarios={"base": base},
        sources={},
        outcomes=None,
        evaluations={},
        tables={"comparison": pd.DataFrame(rows)},
        settings=pipeline.RunSettings(source=source),
    )


#: tiny: grades match skill 0.1 points less, interval -0.2 to -0.01 (clear, too small);
#: large: grades match skill 5 points more, interval +3 to +7.
TINY = _row("tiny", "grade_accuracy", 40.1, 40.0, -0.2, -0.01)
LARGE = _row("large", "grade_accuracy", 40.0, 45.0, 3.0, 7.0)


def test_a_tiny_clear_change_reads_no_change_that_matters():
    verdict = fairness_verdict(_run([TINY]), "tiny")
    grades = verdict.components[1]
    assert grades.direction == 0
    assert grades.words == (
        "Grades match true skill: no change that matters (40.0 vs 40.1; -0.1 points, "
        "95% interval -0.2 points to 0.0 points; smaller than the 1 point that matters)"
    )
    assert verdict.verdict == "about as fair"
    assert verdict.reason == (
        "no change that matters: grades match true skill changes clearly but by less than "
        "the smallest change that matters"
    )
    assert verdict.clear_changes() == ""  # nothing that counts to report


def test_a_large_clear_change_reads_fairer():
    verdict = fairness_verdict(_run([LARGE]), "large")
    assert verdict.components[1].direction == 1
    assert (verdict.verdict, verdict.reason) == (
        "fairer",
        "clearly fairer on grades match true skill; less fair on none",
    )


def test_too_small_changes_are_named_beside_the_ones_that_count():
    rows = [
        _row("both", "merit_alignment_pay", 0.470, 0.500, 0.010, 0.050),
        _row("both", "luck_share", 44.0, 43.6, -0.7, -0.1),  # clear, 0.4 < 1 point
    ]
    verdict = fairness_verdict(_run(rows), "both")
    assert [c.direction for c in verdict.components] == [1, None, None, 0]
    assert verdict.reason == (
        "clearly fairer on pay follows true skill; less fair on none; too small to matter: "
        "luck's share of pay differences"
    )


def test_the_gender_gap_is_judged_by_the_change_in_its_size():
    # 3.0 -> -3.1: the signed change is -6.1 (clear), the gap's size grows by 0.1 only
    flip = _row("flip", "gender_pay_gap_mean", 3.0, -3.1, -7.0, -5.2)
    verdict = fairness_verdict(_run([flip]), "flip")
    gap = verdict.components[2]
    assert gap.direction == 0 and "no change that matters" in gap.words
    assert "the gap's size grows by 0.1 points" in gap.words
    assert verdict.verdict == "about as fair"
    # 3.0 -> 1.5: its size falls by 1.5 points, more than the 1 point that matters
    smaller = _row("smaller", "gender_pay_gap_mean", 3.0, 1.5, -2.0, -1.0)
    assert fairness_verdict(_run([smaller]), "smaller").verdict == "fairer"


def test_the_threshold_is_read_from_the_baselines_decision_rule():
    strict = Decision(smallest_fairness_change={"grade_accuracy": 6.0})
    assert strict.smallest_fairness_change["merit_alignment_pay"] == 0.01  # default kept
    large = fairness_verdict(_run([LARGE], rule=strict), "large")
    assert large.verdict == "about as fair" and "the 6 points that matter" in (
        large.components[1].words
    )
    every = Decision(smallest_fairness_change={"grade_accuracy": 0})  # 0: old rule
    assert fairness_verdict(_run([TINY], rule=every), "tiny").verdict == "less fair"
    # the verdict block states the thresholds the run uses
    html = fairness_verdicts_html(_run([LARGE], rule=strict))
    assert "grades match true skill 6 points" in html


def test_on_actual_results_a_tiny_change_does_not_matter_either():
    exact = _row("tiny", "luck_share", 44.0, 43.9, -0.1, -0.1)
    verdict = fairness_verdict(_run([exact], source="actuals"), "tiny")
    assert verdict.components[3].direction == 0
    assert verdict.reason == (
        "no change that matters: luck's share of pay differences changes by less than the "
        "smallest change that matters"
    )


def test_the_threshold_setting_is_validated():
    assert set(SMALLEST_FAIRNESS_CHANGE) == set(COMPONENTS)
    with pytest.raises(
        ValidationError, match=r"luck_share: -0\.5 .*expected a number of at least 0"
    ):
        Decision(smallest_fairness_change={"luck_share": -0.5})
    with pytest.raises(ValidationError) as caught:
        Decision(smallest_fairness_change={"grade_acuracy": 1.0})
    text = str(caught.value)
    assert "unknown fairness component 'grade_acuracy'" in text
    assert "did you mean 'grade_accuracy'?" in text
    assert all(name in text for name in COMPONENTS)


def test_a_scenario_file_with_a_bad_threshold_is_refused_naming_file_and_key(tmp_path):
    bad = tmp_path / "bad_threshold.yaml"
    bad.write_text(
        f"extends: {BASELINE}\ndecision:\n  smallest_fairness_change:\n    luck_shar: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    text = str(caught.value)
    assert "bad_threshold.yaml" in text
    assert "decision.smallest_fairness_change" in text
    assert "'luck_shar'" in text and "merit_alignment_pay" in text


def test_the_rule_text_states_the_threshold_and_that_cost_has_none():
    assert "smallest change that matters" in RULE
    assert TERMS["Fairness verdict"] == RULE
    assert "Cost has no such threshold" in RULE
    words = " ".join(run_settings_words(_run([TINY], rule=Decision())))
    assert "smallest change that matters" in words


def test_the_trade_off_reads_the_thresholded_verdict():
    verdict = fairness_verdict(_run([TINY]), "tiny")
    words = trade_off_words(
        TradeOffFacts(cheaper=True, dearer=False, fairness=verdict, currency="CNY")
    )
    assert words == "saves money with no change in fairness that matters"
