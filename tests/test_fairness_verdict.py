"""The composite fairness verdict: fairer / about as fair / less fair from four components,
each judged against the baseline with its 95% paired interval, components a click below."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from salesperf_model import pipeline
from salesperf_model.present.fairness_verdict import fairness_verdict, fairness_verdicts_html
from salesperf_model.present.glossary import TERMS


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


def _run():
    rows = [
        # fair: pay follows skill clearly more (+0.03, interval +0.01 to +0.05), rest unclear
        _row("fair", "merit_alignment_pay", 0.47, 0.50, 0.01, 0.05),
        _row("fair", "grade_accuracy", 40.0, 40.5, -1.0, 2.0),
        _row("fair", "gender_pay_gap_mean", 3.0, 2.5, -1.5, 0.5),
        _row("fair", "luck_share", 44.0, 43.0, -3.0, 1.0),
        # mixed: skill clearly more, grades clearly less accurate
        _row("mixed", "merit_alignment_pay", 0.47, 0.49, 0.005, 0.035),
        _row("mixed", "grade_accuracy", 40.0, 35.0, -6.0, -4.0),
        # worse: the pay gap clearly larger (3.0 -> -4.0: larger whichever way it runs)
        _row("worse", "merit_alignment_pay", 0.47, 0.47, -0.01, 0.01),
        _row("worse", "gender_pay_gap_mean", 3.0, -4.0, -8.0, -6.0),
    ]
    return pipeline.Run(
        baseline="base",
        plans=["fair", "mixed", "worse"],
        scenarios={
            "base": SimpleNamespace(currency="CNY", display_title="Current plan"),
            "fair": SimpleNamespace(display_title="Fair <plan>"),
        },
        sources={},
        outcomes=None,
        evaluations={},
        tables={"comparison": pd.DataFrame(rows)},
    )


def test_verdicts_follow_the_stated_rule():
    run = _run()
    fair, mixed, worse = (fairness_verdict(run, p) for p in ("fair", "mixed", "worse"))
    assert (fair.verdict, fair.reason) == (
        "fairer",
        "clearly fairer on pay follows true skill; less fair on none",
    )
    assert [c.direction for c in fair.components] == [1, 0, 0, 0]
    assert fair.components[0].words == (
        "Pay follows true skill: fairer (0.500 vs 0.470; +0.030, 95% interval +0.010 to +0.050)"
    )
    assert (mixed.verdict, mixed.reason) == (
        "about as fair",
        "mixed: fairer on pay follows true skill; less fair on grades match true skill",
    )
    assert [c.direction for c in mixed.components] == [1, -1, None, None]
    assert worse.verdict == "less fair"
    assert worse.components[2].words.startswith(
        "Pay equity (gender pay gap): less fair (-4.0 vs 3.0"
    )


def test_components_are_a_click_below_and_the_rule_is_in_the_glossary():
    html = fairness_verdicts_html(_run())
    assert html.count("<details>") == 3 and "<script" not in html
    assert "<summary><strong>Fair &lt;plan&gt;: fairer</strong>" in html  # escaped title
    assert "against Current plan" in html
    assert "Fairer: at least one component is clearly fairer" in TERMS["Fairness verdict"]


def test_on_actual_results_a_verdict_is_not_called_clear():
    # one set of actual results: every change is a fact, none is "clear" of any noise
    from dataclasses import replace

    run = replace(_run(), settings=SimpleNamespace(source="actuals"))
    fair, worse = fairness_verdict(run, "fair"), fairness_verdict(run, "worse")
    assert fair.reason.startswith("fairer on pay follows true skill; less fair on none")
    assert worse.reason.startswith("less fair on pay equity (gender pay gap); fairer on none")
    assert "clearly" not in fair.reason + worse.reason
