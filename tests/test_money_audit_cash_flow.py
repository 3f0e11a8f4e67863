"""The monthly pay table and chart add up (money audit, defects 2 and 3): every component
is in a column, negatives are drawn below zero with the net total marked, and every
component drawn has its own colour."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from salesperf_model.present.charts.money_views import cash_flow_components_chart
from salesperf_model.present.sales_tables import cash_flow_rows

FIXED = "base pay and allowances"


def _flow(columns: dict[str, list[float]]) -> pd.DataFrame:
    flow = pd.DataFrame({"period": ["2026-01", "2026-02"], **columns})
    total = flow[list(columns)].sum(axis=1)
    return flow.assign(
        total=total, share_of_year_pct=100 * total / total.sum(), cumulative=total.cumsum()
    )


#: The Windfall plan's January as the audit read it: 4,678,450 + 3,636,794 + 0 shown,
#: 7,416,657 the total (holdback, modifier, windfall and SPIF left out of the columns).
WINDFALL = {
    FIXED: [4_678_450.0, 4_678_450.0],
    "commission": [3_636_794.0, 2_900_000.0],
    "over achievement bonus": [0.0, 0.0],
    "team award bonus": [0.0, 0.0],
    "windfall": [-10_000.0, 0.0],
    "satisfaction payout modifier": [-160_000.0, -120_000.0],
    "holdback": [-763_787.0, -556_000.0],
    "q2 new logos SPIF": [35_200.0, 0.0],
}


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_every_row_of_the_monthly_table_adds_up_to_its_total() -> None:
    rows = cash_flow_rows(_flow(WINDFALL), pd.Series([8.3e6, 7.6e6]), "base")
    parts = [c for c in rows.columns if c not in ("period", "total", "Base total")]
    assert parts[:3] == [FIXED, "commission", "bonuses"]
    for _, row in rows.iterrows():
        assert sum(_number(row[c]) for c in parts) == pytest.approx(_number(row["total"]), abs=1)
    assert rows.loc[0, "total"] == "7,416,657"
    # four adjustments besides commission and bonuses: one column says what they are
    assert "other pay and deductions" in parts[3]
    assert _number(rows.loc[0, parts[3]]) == -898_587.0


def test_a_few_other_components_each_get_their_own_column() -> None:
    flow = _flow({FIXED: [100.0, 100.0], "commission": [50.0, 40.0], "holdback": [-10.0, 5.0]})
    rows = cash_flow_rows(flow, pd.Series([150.0, 140.0]), "base")
    assert list(rows.columns) == [
        "period", FIXED, "commission", "bonuses", "holdback", "total", "Base total"
    ]  # fmt: skip
    assert rows["holdback"].tolist() == ["-10", "5"]
    assert rows["total"].tolist() == ["140", "145"]


def _bars(figure) -> dict[str, list]:
    """Each bar series by its legend label: the rectangles drawn."""
    axes = figure.axes[0]
    return {c.get_label(): list(c.patches) for c in axes.containers}


def test_deductions_are_drawn_below_zero_and_the_net_total_is_marked() -> None:
    table = _flow(WINDFALL)
    figure = cash_flow_components_chart(
        table, baseline_total=pd.Series([8.3e6, 7.6e6]), currency="CNY", title="t"
    )
    axes = figure.axes[0]
    bars = _bars(figure)
    january_top = max(r.get_y() + r.get_height() for series in bars.values() for r in series[:1])
    january_bottom = min(
        min(r.get_y(), r.get_y() + r.get_height()) for series in bars.values() for r in series[:1]
    )
    assert january_top == pytest.approx(4_678_450 + 3_636_794 + 35_200)  # positive parts
    assert january_bottom == pytest.approx(-10_000 - 160_000 - 763_787)  # deductions below 0
    holdback = bars["holdback"][0]
    ends = (holdback.get_y(), holdback.get_y() + holdback.get_height())
    assert max(ends) <= 0 and min(ends) < 0
    # the net total is marked at 7,416,657 in January
    marks = [line for line in axes.lines if line.get_label() == "total paid (net)"]
    assert len(marks) == 1
    assert marks[0].get_ydata()[0] == pytest.approx(7_416_657)
    plt.close(figure)


def test_every_component_drawn_has_its_own_colour() -> None:
    many = {FIXED: [100.0, 100.0], "commission": [80.0, 70.0]}
    for i in range(10):  # more bonuses than a palette has colours
        many[f"b{i} bonus"] = [float(10 - i), 1.0]
    many["holdback"] = [-5.0, 3.0]
    figure = cash_flow_components_chart(_flow(many), baseline_total=None, currency="CNY", title="t")
    bars = _bars(figure)
    colours = [matplotlib.colors.to_hex(series[0].get_facecolor()) for series in bars.values()]
    assert len(set(colours)) == len(colours)
    assert len(bars) <= 9  # small components grouped, not one colour cycle repeated
    drawn = sum(r.get_height() for series in bars.values() for r in series[:1])
    assert drawn == pytest.approx(_flow(many)["total"].iloc[0])  # grouping loses nothing
    plt.close(figure)


def test_a_plan_without_deductions_still_stacks_from_zero() -> None:
    table = _flow({FIXED: [100.0, 100.0], "commission": [50.0, 40.0]})
    figure = cash_flow_components_chart(table, baseline_total=None, currency="CNY", title="t")
    bars = _bars(figure)
    assert [r.get_y() for r in bars[FIXED]] == [0.0, 0.0]
    assert [r.get_y() for r in bars["commission"]] == [100.0, 100.0]
    assert np.allclose([r.get_height() for r in bars["commission"]], [50.0, 40.0])
    plt.close(figure)
