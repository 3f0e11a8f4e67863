"""The sweep's fast path for plan-only points (issue 13's speed target): components kept
while the sections they read are unchanged, commission's settlement sums kept across rate
changes, metrics that read no pay computed once, the Shapley fits' x'x kept. Every figure
must be the engine's and the plain measurement's to the bit."""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine import run_plan, score_and_grade
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.pay import pay
from salesperf_model.loading import load_scenario
from salesperf_model.measure import MetricInputs, merit, metric_draws, plan_draws
from salesperf_model.measure.reuse import watched_draws
from salesperf_model.pipeline import outcomes_for
from salesperf_model.schema import Scenario
from salesperf_model.search import evaluate as evaluate_module
from salesperf_model.search.evaluate import Evaluator
from salesperf_model.search.repay import Repayer, follows

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SMALL = {"simulations": 3, "reps": 40, "periods": 12, "seed": 5}


def _changed(scenario: Scenario, **pay_updates: object) -> Scenario:
    """The scenario with some of its pay sections replaced (a sweep point)."""
    return scenario.model_copy(
        update={"name": "point", "pay": scenario.pay.model_copy(update=pay_updates)}
    )


def _points(scenario: Scenario) -> list[Scenario]:
    """Sweep-like points: commission rates, a bonus, both, the limits, the roles, the
    last tier's gate, and back to the plan itself (every component kept)."""
    commission = scenario.pay.commission
    tiers = [t.model_copy(update={"rate": t.rate * 1.37 + 0.001}) for t in commission.tiers]
    faster = commission.model_copy(update={"tiers": tiers})
    bonuses = list(scenario.pay.bonuses)
    if bonuses:
        first = bonuses[0]
        field = next(
            (f for f in ("amount", "rate", "pool", "share_of_profit") if hasattr(first, f)), None
        )
        if field is not None:
            bonuses[0] = first.model_copy(update={field: getattr(first, field) * 1.5})
    limited = commission.model_copy(update={"cap_amount": 4000.0, "minimum_payout": 50.0})
    fewer = commission.model_copy(update={"roles": ["new_business", "account_manager"]})
    last = commission.tiers[-1]
    gated = commission.model_copy(
        update={
            "tiers": [*commission.tiers[:-1], last.model_copy(update={"gated": not last.gated})]
        }
    )
    return [
        _changed(scenario, commission=faster),
        _changed(scenario, bonuses=bonuses),
        _changed(scenario, commission=faster, bonuses=bonuses),
        _changed(scenario, commission=limited),
        _changed(scenario, commission=fewer),
        _changed(scenario, commission=gated),
        _changed(scenario),
    ]


def _same_pay(mine, plain) -> None:
    assert list(mine.payouts) == list(plain.payouts)
    for name, values in plain.payouts.items():
        assert np.array_equal(mine.payouts[name], values), name
    assert np.array_equal(mine.attainment, plain.attainment)
    assert mine.warnings == plain.warnings
    assert list(mine.deferred) == list(plain.deferred)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_re_paid_point_is_the_engine_s_pay_to_the_bit(path):
    scenario = load_scenario(path)
    outcomes = outcomes_for(scenario, **SMALL)
    graded = score_and_grade(outcomes, scenario)
    repayer = Repayer(outcomes, graded, scenario)
    components = list(repayer.first.payouts)
    if not follows(scenario, outcomes):
        # a rule of issue 19 is on (credit, clawback, people, relief, mechanics, a plan
        # change): the engine alone pays it, never this module
        assert not repayer.agrees(scenario)
        return
    assert repayer.agrees(scenario), "the repayer does not follow the engine's pay"
    for point in _points(scenario):
        _same_pay(repayer.run_plan(point), run_plan(outcomes, point, graded=graded))
    # the plan itself again: every component kept, none computed
    before = repayer.reused
    repayer.run_plan(scenario)
    assert repayer.reused - before == len(components)


def test_a_point_that_turns_on_a_rule_it_does_not_follow_is_paid_by_the_engine():
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    outcomes = outcomes_for(scenario, **SMALL)
    assert follows(scenario, outcomes)
    clawback = scenario.pay.clawback.model_copy(update={"window_months": 3})
    modifier = load_scenario(ROOT / "scenarios" / "plan_mechanics.yaml").pay.modifiers
    for changed in (_changed(scenario, clawback=clawback), _changed(scenario, modifiers=modifier)):
        assert not follows(changed, outcomes)
    # a sales force with an empty seat: the engine pays on its held view
    person = outcomes.measures["person_id"].copy()
    person[0, 0, 3:5] = -1
    vacant = dataclasses.replace(outcomes, measures={**outcomes.measures, "person_id": person})
    assert not follows(scenario, vacant)


def test_a_kept_component_is_recomputed_when_a_section_it_reads_changes():
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    outcomes = outcomes_for(scenario, **SMALL)
    graded = score_and_grade(outcomes, scenario)
    repayer = Repayer(outcomes, graded, scenario)
    components = list(repayer.first.payouts)
    assert repayer.agrees(scenario)
    # bonuses read the commission base's revenue: a booked base re-pays them all
    commission = scenario.pay.commission.model_copy(update={"base": "booked"})
    booked = _changed(scenario, commission=commission)
    before = repayer.reused
    _same_pay(repayer.run_plan(booked), run_plan(outcomes, booked, graded=graded))
    paid_anew = [n for n in components if n == "commission" or n.startswith("bonus_")]
    assert repayer.reused - before == len(components) - len(paid_anew)
    # a base salary change keeps everything else
    base = scenario.pay.base_salary.model_copy(
        update={"default": scenario.pay.base_salary.default + 1000}
    )
    richer = _changed(scenario, base_salary=base)
    repayer.run_plan(scenario)
    before = repayer.reused
    _same_pay(repayer.run_plan(richer), run_plan(outcomes, richer, graded=graded))
    assert repayer.reused - before == len(components) - 1


def test_the_watched_metrics_are_the_plain_draws_and_pay_metrics_are_never_reused():
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    outcomes = outcomes_for(scenario, **SMALL)
    result = run_plan(outcomes, scenario)
    given = {"total_pay_budget": 1e7, "cost_of_sales_budget": 0.2}
    watched, blind, read = watched_draws(result, outcomes, **given)
    assert "result.payouts" in read
    plain = metric_draws(MetricInputs(result, outcomes, **given))
    pd.testing.assert_frame_equal(watched, plain, check_exact=True)
    assert {"grade_accuracy", "grade_change_rate", "revenue_booked"} <= set(blind)
    pay_metrics = {"total_pay", "over_budget_total_pay", "gender_pay_gap_mean", "luck_share"}
    assert not pay_metrics & set(blind)
    # a metric that reads no pay has the same draws under a plan paying twice as much
    doubled = {name: values * 2 for name, values in result.payouts.items()}
    other = metric_draws(MetricInputs(_Doubled(result, doubled), outcomes, **given))
    for name in blind:
        assert np.array_equal(other[name], plain[name], equal_nan=True), name
    assert not np.array_equal(other["total_pay"], plain["total_pay"])


class _Doubled:
    """A paid plan with other payouts (its grades the same)."""

    def __init__(self, result, payouts):
        self._result, self.payouts = result, payouts

    def __getattr__(self, name):
        return getattr(self._result, name)

    def total_pay(self):
        return np.round(sum(self.payouts.values()), 2)


def test_the_fast_path_gives_the_plain_measurement_s_table(monkeypatch):
    baseline = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    baseline = baseline.model_copy(
        update={"behaviour": baseline.behaviour.model_copy(update={"enabled": False})}
    )
    points = _points(baseline)
    fast = Evaluator(baseline, **SMALL)
    fast_draws = [fast.evaluate(p, simulate=False) for p in points]
    assert [r is not None and r.reused > 0 for r in fast._repayers.values()] == [True]
    monkeypatch.setattr(Repayer, "agrees", lambda self, plan: False)
    monkeypatch.setattr(
        evaluate_module,
        "watched_draws",
        lambda result, outcomes, **given: (
            metric_draws(MetricInputs(result, outcomes, **given)),
            [],
            {"result.warnings"},
        ),
    )
    merit._REGRESSOR_FITS.clear()
    merit._SAME_ARRAYS.clear()
    plain = Evaluator(baseline, **SMALL)
    pd.testing.assert_frame_equal(plain.baseline_draws, fast.baseline_draws, check_exact=True)
    for point, draws in zip(points, fast_draws, strict=True):
        pd.testing.assert_frame_equal(
            plain.evaluate(point, simulate=False), draws, check_exact=True
        )
    assert list(plain._repayers.values()) == [None]


def test_shapley_parts_with_kept_fits_match_fitting_afresh():
    rng = np.random.default_rng(3)
    x = {n: rng.normal(size=(5, 50)) for n in "abc"}
    first = rng.normal(size=(5, 50))
    second = first + rng.normal(size=(5, 50))
    merit._REGRESSOR_FITS.clear()
    merit._SAME_ARRAYS.clear()
    merit.shapley_r_squared(first, x)
    kept = merit.shapley_r_squared(second, x)  # x'x and the inverses from the first call
    merit._REGRESSOR_FITS.clear()
    merit._SAME_ARRAYS.clear()
    fresh = merit.shapley_r_squared(second, x)
    for name in x:
        assert np.array_equal(kept[name], fresh[name])
    assert not np.allclose(kept["a"], merit.shapley_r_squared(first, x)["a"])


#: Fingerprints of the engine functions search/repay.py and search/repay_commission.py
#: follow step for step. When one changes, check that those modules still follow it
#: (new components, steps or inputs), then record the new fingerprint here.
FOLLOWED = {
    "pay": "18cdd8e505013ab6",
    "pay_commission": "a2f3bb7147a83009",
}


@pytest.mark.parametrize("function", [pay, pay_commission], ids=lambda f: f.__name__)
def test_the_engine_functions_the_fast_path_follows_are_unchanged(function):
    source = inspect.getsource(function)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest == FOLLOWED[function.__name__], (
        f"engine {function.__name__} changed: check that search/repay.py and "
        f"search/repay_commission.py still pay as it does, then set its fingerprint in "
        f"tests/test_sweep_fast_path.py to {digest!r}"
    )


def test_a_swept_point_s_figures_are_the_plain_pipeline_s_for_that_plan():
    """Each re-paid point against the plan paid and measured the plain way: simulated from
    the same seed, run_plan scoring and grading it, every metric computed."""
    baseline = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    baseline = baseline.model_copy(
        update={"behaviour": baseline.behaviour.model_copy(update={"enabled": False})}
    )
    evaluator = Evaluator(baseline, **SMALL)
    outcomes = outcomes_for(baseline, **SMALL)
    given = {
        "total_pay_budget": baseline.budget.total_pay,
        "cost_of_sales_budget": baseline.budget.cost_of_sales,
    }
    for point in _points(baseline):
        swept = evaluator.evaluate(point, simulate=False)
        plain = plan_draws(run_plan(outcomes, point), outcomes, **given)
        pd.testing.assert_frame_equal(swept[list(plain.columns)], plain, check_exact=True)
