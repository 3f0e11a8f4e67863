"""The cost variants' shortcut gives the figures of scoring every KPI again: the plan's own
points of the KPIs that read no sales money, passed explicitly, and no KPI points kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.engine.scoring_setup import points_reading_none
from salesperf_model.loading import load_scenario
from salesperf_model.measure import evaluate_plans
from salesperf_model.measure.variants import SALES_MONEY, revenue_at_quota, revenue_scaled
from salesperf_model.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_only_the_kpis_reading_no_sales_money_are_passed_on() -> None:
    points = {name: np.zeros(1) for name in ("customer_visits", "revenue", "rating_360")}
    points["regional_attainment"] = np.zeros(1)  # its cash numerator is sales money
    points["collection_rate"] = np.zeros(1)  # receivable
    assert set(points_reading_none(points, SALES_MONEY)) == {"customer_visits", "rating_360"}
    # any changed measure a KPI reads: visits, a rater's rating, the quota of a target
    assert "customer_visits" not in points_reading_none(points, ("visits",))
    assert "rating_360" not in points_reading_none(points, ("rating_self",))
    assert set(points_reading_none(points, ("quota",))) == set()


@pytest.mark.parametrize("name", ["baseline.yaml", "forced_distribution.yaml"])
def test_a_variant_paid_with_the_plans_own_points_is_paid_as_scored_afresh(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    outcomes = simulate(scenario.population, reps=40, periods=12, simulations=2, seed=5)
    own = run_plan(outcomes, scenario)
    same = points_reading_none(own.kpi_points, SALES_MONEY)
    assert same and len(same) < len(own.kpi_points)
    for variant in (revenue_at_quota(outcomes), revenue_scaled(outcomes, 1.01)):
        afresh = run_plan(variant, scenario)
        short = run_plan(variant, scenario, same_points=same, kpi_points_kept=False)
        assert short.kpi_points == {}
        assert np.array_equal(short.points, afresh.points)
        assert np.array_equal(short.grades, afresh.grades)
        assert np.array_equal(short.total_pay(), afresh.total_pay())


def test_evaluate_plans_gives_the_same_draws_with_or_without_the_shortcut() -> None:
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = simulate(scenario.population, reps=40, periods=12, simulations=2, seed=9)
    shortcut = evaluate_plans({"p": scenario}, outcomes, run_plan, reuse_points=True)["p"]
    plain = evaluate_plans({"p": scenario}, outcomes, run_plan)["p"]
    assert shortcut.draws.equals(plain.draws)
    assert np.array_equal(shortcut.at_target.rep_pay["total"], plain.at_target.rep_pay["total"])
    assert np.array_equal(shortcut.bumped.rep_pay["total"], plain.bumped.rep_pay["total"])


def test_a_variant_that_adds_a_measure_an_import_lacks_is_scored_afresh() -> None:
    """An import without ``receivable`` cannot score collection_rate (the other KPIs are
    reweighted); the variant paid at quota carries it, so its weights, and every KPI's
    points, are those of scoring it afresh."""
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    simulated = simulate(scenario.population, reps=40, periods=12, simulations=2, seed=3)
    measures = {k: v for k, v in simulated.measures.items() if k != "receivable"}
    imported = replace(simulated, measures=measures, truth=None, source="actuals")
    shortcut = evaluate_plans({"p": scenario}, imported, run_plan, reuse_points=True)["p"]
    plain = evaluate_plans({"p": scenario}, imported, run_plan)["p"]
    assert "receivable" in revenue_at_quota(imported).measures
    assert np.array_equal(shortcut.at_target.rep_pay["total"], plain.at_target.rep_pay["total"])
    assert shortcut.draws.equals(plain.draws)


@pytest.mark.parametrize("months", [1, 2, 7, 8, 9, 11, 12, 15, 16, 17, 24, 127, 128, 129])
def test_month_totals_are_numpys_sums_bit_for_bit(months: int) -> None:
    from salesperf_model.engine.outlook_kernels import month_totals

    rng = np.random.default_rng(months)
    values = rng.standard_normal((3, 7, months)) * 10.0 ** rng.integers(-8, 9, (3, 7, months))
    values[0, 0] = -0.0  # a row of negative zeros: numpy's sum starts from 0
    values[0, 1, 0] = np.nan
    values[0, 2, -1] = np.inf
    values[1, 0, : months // 2] = 1e16  # cancellations that expose the order of the sums
    values[1, 0, months // 2 :] = -1e16
    values[1, 1, :] = 0.1
    expected = values.sum(axis=-1)
    got = month_totals(values)
    assert got.tobytes() == expected.tobytes()
    strided = values[..., ::-1]  # not C-ordered: numpy's own sums
    assert month_totals(strided).tobytes() == strided.sum(axis=-1).tobytes()


def test_reuse_points_hands_the_engine_the_plans_own_points_for_each_variant() -> None:
    """With ``reuse_points`` the plan is paid once as it is, then each variant with the
    plan's own points of the KPIs reading no sales money; without, every run is plain."""
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    outcomes = simulate(scenario.population, reps=30, periods=12, simulations=1, seed=4)
    calls: list[dict] = []

    def spy(o, s, **options):
        calls.append(options)
        return run_plan(o, s, **options)

    evaluate_plans({"p": scenario}, outcomes, spy, reuse_points=True)
    assert len(calls) == 3 and calls[0] == {}
    for options in calls[1:]:
        assert options["kpi_points_kept"] is False
        assert options["same_points"], "the KPIs that read no sales money are handed over"
        assert not set(options["same_points"]) & {
            "revenue",
            "new_customer_revenue",
            "collection_rate",
        }
    calls.clear()
    evaluate_plans({"p": scenario}, outcomes, spy)
    assert calls == [{}, {}, {}]
