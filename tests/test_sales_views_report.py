"""The report side of the commercial views: sentences state the figures, charts carry
alt text and the cap, the change log lists every plan, the sensitivity runs vary only the
sales force and say whether the verdict holds."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from salesperf_model.present import sales_views
from salesperf_model.present.charts.embed import figure_html
from salesperf_model.present.charts.money_views import sales_scenarios_chart
from salesperf_model.present.sensitivity import sensitivity_sentence

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def _bands(shares: dict[str, list[float]]) -> pd.DataFrame:
    lows = [np.nan, 0.5, 0.8, 1.0, 1.2, 1.5]
    return pd.concat(
        [
            pd.DataFrame({"plan": plan, "low": lows, "reps_pct": values})
            for plan, values in shares.items()
        ]
    )


def test_at_quota_sentence_adds_the_bands_at_or_above_quota():
    bands = _bands(
        {
            "base": [5, 20, 20, 20, 20, 15],  # 55% at quota
            "steep": [5, 25, 20, 20, 20, 10],  # 50%
            "flat": [5, 15, 20, 20, 20, 20],  # 60%
        }
    )
    assert sales_views.at_quota_sentence(bands, "base") == (
        "55% of reps reach quota under Base; from 50% under Steep to 60% under Flat"
    )
    assert sales_views.at_quota_sentence(bands[bands["plan"] == "base"], "base") == (
        "55% of reps reach quota over the year"
    )


def test_sales_scenario_sentence_names_the_plans_under_the_cap_when_sales_fall():
    table = pd.DataFrame(
        {
            "plan": ["base", "base", "steep", "steep"],
            "revenue_change_pct": [-10.0, 0.0, -10.0, 0.0],
            "cost_of_sales_pct": [12.6, 12.0, 11.9, 11.4],
        }
    )
    assert sales_views.sales_scenario_sentence(table, 0.12) == (
        "With sales -10%, only Steep keeps cost of sales under the 12% cap on average"
    )
    assert sales_views.sales_scenario_sentence(table, 0.13).startswith("Every plan keeps")
    assert sales_views.sales_scenario_sentence(table, 0.10) == (
        "With sales -10%, no plan keeps cost of sales under the 10% cap"
    )


def test_cash_flow_sentence_states_the_peak_against_an_average_month():
    table = pd.DataFrame({"period": ["2026-01", "2026-02", "2026-03"], "total": [1e6, 1e6, 4e6]})
    assert sales_views.cash_flow_sentence(table, "base", "CNY") == (
        "Base pays the most in 2026-03: 4.00 M CNY, 2.0 times an average month, as quarterly "
        "and yearly bonuses fall due"
    )


def test_region_sentences_by_hand():
    table = pd.DataFrame(
        {
            "plan": ["base"] * 3 + ["steep"] * 3,
            "region": ["north", "south", "all"] * 2,
            "cost_of_sales_pct": [11.0, 13.0, 12.0, 12.5, 11.5, 12.1],
            "pay_change_pct": [0.0, 0.0, 0.0, 4.0, -2.0, 1.0],
        }
    )
    assert sales_views.region_cost_sentence(table, "steep", "base", cap=0.12) == (
        "Under Steep, cost of sales is over the 12% cap in 1 of 2 regions (Base: 1); "
        "highest in north (12.5%)"
    )
    assert sales_views.region_spread_sentence(table, "base") == (
        "Pay changes most unevenly across regions under Steep: from -2.0% in south to +4.0% in north"
    )


def test_figure_html_inlines_a_png_with_escaped_alt_text():
    import matplotlib.pyplot as plt

    figure, _axes = plt.subplots()
    html = figure_html(figure, 'Cost "a" <b>')
    assert 'alt="Chart: Cost &quot;a&quot; &lt;b&gt;"' in html  # every alt text opens "Chart"
    data = html.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    from salesperf_model.present.charts import to_png
    from salesperf_model.present.charts.embed import small_png

    figure, axes = plt.subplots(figsize=(9, 4))
    axes.plot(range(50), np.sin(np.arange(50)))
    full = to_png(figure)
    small = small_png(full)
    assert len(small) < len(full) / 2  # a palette PNG: about a third here
    assert Image.open(io.BytesIO(small)).size == Image.open(io.BytesIO(full)).size
    with pytest.raises(ValueError, match="alt text is empty"):
        figure_html(plt.subplots()[0], "  ")


def test_sales_scenarios_chart_draws_the_cap_and_one_row_per_plan():
    table = pd.DataFrame(
        {
            "plan": ["base"] * 3 + ["steep"] * 3,
            "revenue_change_pct": [-10.0, 0.0, 10.0] * 2,
            "cost_of_sales_pct": [12.6, 12.0, 11.5, 11.9, 11.4, 10.9],
        }
    )
    figure = sales_scenarios_chart(table, "base", cap=0.12, title="t")
    axes = figure.axes[0]
    caps = [line for line in axes.get_lines() if list(line.get_xdata()) == [12.0, 12.0]]
    assert len(caps) == 1
    # plans are labelled by their display titles (the name in words without a title)
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Base (baseline)", "Steep"]
    minus = axes.collections[0].get_offsets()  # sales -10%
    assert sorted(minus[:, 0]) == [11.9, 12.6]


def test_sensitivity_sentence_says_under_which_assumption_the_verdict_moves():
    table = pd.DataFrame(
        {
            "assumption": ["as assumed", "more reps leave", "volatile market"],
            "cheapest": ["steep", "steep", "flat"],
            "first_ranked": ["steep", "steep", "steep"],
        }
    )
    table["same_cheapest"] = table["cheapest"] == "steep"
    table["same_first"] = table["first_ranked"] == "steep"
    assert sensitivity_sentence(table) == (
        "Steep is no longer the cheapest plan if volatile market; it stays the first-ranked "
        "plan under all 2 other assumptions"
    )


def test_change_log_lists_the_diff_rows_of_every_plan():
    from salesperf_model.pipeline import load_plans
    from salesperf_model.present import plan_changes
    from salesperf_model.present.change_log import change_log

    plans = load_plans(
        [SCENARIOS / "flat_commission.yaml", SCENARIOS / "steep_accelerator.yaml"],
        SCENARIOS / "baseline.yaml",
    )
    log = change_log(plans)
    assert list(log.columns) == ["plan", "setting", "baseline", "new value"]
    for plan in ("flat_commission", "steep_accelerator"):
        diff = plan_changes(plans.scenarios[plan], plans.scenarios["baseline"])
        rows = log[log["plan"] == plan]
        assert len(rows) == len(diff) > 0
        assert list(rows["new value"]) == list(diff["plan"])


def test_default_assumptions_scale_the_baseline_values():
    from salesperf_model.loading import load_scenario
    from salesperf_model.pipeline.sensitivity import default_assumptions

    baseline = load_scenario(SCENARIOS / "baseline.yaml")
    assumptions = default_assumptions(baseline)
    assert len(assumptions) == 4
    cancelled = assumptions["some deals cancelled (3% within 6 months)"]
    assert cancelled == {"population.cancellations.share": 0.03}  # set: the baseline has none
    attrition = assumptions["more reps leave (attrition x1.4)"]
    assert attrition == {"population.workforce.annual_attrition": pytest.approx(0.35)}
    skill = assumptions["skill matters more (skill effects x1.5)"]
    assert skill["population.skill_effects.win_log_odds"] == pytest.approx(0.45)
    assert skill["population.skill_effects.churn"] == pytest.approx(-0.45)
    shocks = assumptions["more volatile market (shocks x2)"]
    market = baseline.population.market
    assert shocks["population.market.market_shock_sigma"] == pytest.approx(
        2 * market.market_shock_sigma
    )


def test_run_sensitivity_varies_the_sales_force_and_keeps_the_run_as_assumed(tmp_path):
    from salesperf_model.pipeline import run_comparison
    from salesperf_model.pipeline.sensitivity import AS_ASSUMED, run_sensitivity
    from salesperf_model.present.sensitivity import sensitivity_table

    paths = [SCENARIOS / "flat_commission.yaml"]
    baseline = SCENARIOS / "baseline.yaml"
    result = run_sensitivity(
        paths,
        baseline,
        assumptions={"more reps leave": {"population.workforce.annual_attrition": 0.5}},
        reps=30,
        simulations=2,
        seed=5,
        cache_dir=tmp_path,
    )
    assert list(result.runs) == [AS_ASSUMED, "more reps leave"]
    same = run_comparison(paths, baseline, reps=30, simulations=2, seed=5, variants=False)
    pay = {
        name: run.tables["headline"].set_index("plan")["total_pay"]
        for name, run in result.runs.items()
    }
    pd.testing.assert_series_equal(
        pay[AS_ASSUMED], same.tables["headline"].set_index("plan")["total_pay"]
    )
    assert (pay["more reps leave"] != pay[AS_ASSUMED]).all()  # both plans meet the new sales force
    table = sensitivity_table(result)
    assert table["changes"].iloc[1] == "Voluntary attrition per year of an average rep: 25% -> 50%"
    assert table["cheapest"].iloc[0] == pay[AS_ASSUMED].idxmin()


def test_sales_scenario_wide_puts_one_plan_on_a_row():
    from salesperf_model.present.sales_tables import sales_scenario_wide

    table = pd.DataFrame(
        {
            "plan": ["base"] * 3 + ["steep"] * 3,
            "revenue_change_pct": [-10.0, 0.0, 10.0] * 2,
            "total_pay": [9e6, 1e7, 1.1e7, 8e6, 9e6, 9.5e6],
            "cost_of_sales_pct": [12.6, 12.0, 11.5, 11.9, 11.4, 10.9],
            "over_cap_pct": [100.0, 50.0, 0.0, 35.0, 0.0, 0.0],
        }
    )
    wide = sales_scenario_wide(table, 0.12, "CNY").set_index("plan")
    assert list(wide.columns) == [
        "total pay as simulated",
        "cost of sales, sales -10%",
        "cost of sales, as simulated",
        "cost of sales, sales +10%",
        "chance over cap, sales -10%",
        "chance over cap, as simulated",
        "chance over cap, sales +10%",
    ]
    assert list(wide.loc["steep"]) == ["9.00 M CNY", "11.9%", "11.4%", "10.9%", "35%", "0%", "0%"]
    assert "chance over cap, as simulated" not in sales_scenario_wide(table, None, "CNY")


def test_cash_flow_rows_add_the_bonuses_and_show_the_baseline_total():
    from salesperf_model.present.sales_tables import cash_flow_rows

    flow = pd.DataFrame(
        {
            "period": ["2026-01", "2026-02"],
            "base pay and allowances": [45.0, 45.0],
            "commission": [30.5, 26.5],
            "team award bonus": [0.0, 50.0],
            "target bonus bonus": [0.0, 1000.0],
            "total": [75.5, 1121.5],
            "share_of_year_pct": [6.3, 93.7],
            "cumulative": [75.5, 1197.0],
        }
    )
    rows = cash_flow_rows(flow, pd.Series([70.0, 1200.0]), "base")
    assert list(rows.columns) == [
        "period",
        "base pay and allowances",
        "commission",
        "bonuses",
        "total",
        "Base total",  # the baseline by its display title
    ]
    assert list(rows.iloc[1]) == ["2026-02", "45", "26", "1,050", "1,122", "1,200"]


def test_on_real_results_the_sales_scenario_table_says_over_or_not_and_as_recorded():
    from salesperf_model.present import sales_tables

    table = pd.DataFrame(
        {
            "plan": ["base"] * 3,
            "revenue_change_pct": [-10.0, 0.0, 10.0],
            "total_pay": [100.0, 110.0, 120.0],
            "cost_of_sales_pct": [12.6, 12.0, 11.5],
            "over_cap_pct": [100.0, 0.0, 0.0],
        }
    )
    rows = sales_tables.sales_scenario_rows(table, 0.12, "CNY", replay=True)
    assert rows["sales"].tolist() == ["-10%", "as recorded", "+10%"]
    assert rows["over the 12% cap?"].tolist() == ["yes", "no", "no"]
    wide = sales_tables.sales_scenario_wide(table, 0.12, "CNY", replay=True)
    assert "total pay as recorded" in wide.columns and "over cap?, sales -10%" in wide.columns
    assert not any("chance" in c or "simulated" in c for c in wide.columns)
