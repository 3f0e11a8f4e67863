"""Cost of sales with sales 10% under and over plan against the cap, and pay by month."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.present.charts.style import (
    LINE_STYLES,
    OKABE_ITO,
    PLAN_COLOURS,
    WIDTH,
    apply_style,
    literal,
    plan_colours,
    plan_label,
    plan_rounds,
    wrap_title,
)

#: Markers for revenue -10%, as simulated, +10%.
SCENARIO_STYLE = {
    -10.0: ("v", OKABE_ITO["vermillion"]),
    0.0: ("o", "#333333"),
    10.0: ("^", OKABE_ITO["blue"]),
}


def sales_scenarios_chart(
    table: pd.DataFrame, baseline: str, *, cap: float | None, title: str
) -> Figure:
    """Cost of sales per plan (one row each) with sales -10%, as simulated and +10%, and
    the cost-of-sales cap as a vertical line; ``table`` is
    ``present.sales_views.sales_scenario_table``."""
    apply_style()
    names = list(dict.fromkeys(table["plan"]))
    height = max(3.2, 1.6 + 0.42 * len(names))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    y = np.arange(len(names))[::-1]
    for yi, name in zip(y, names, strict=True):
        rows = table[table["plan"] == name]
        axes.plot(rows["cost_of_sales_pct"], [yi] * len(rows), color="#BBBBBB", zorder=1)
    for change, (marker, colour) in SCENARIO_STYLE.items():
        rows = table[np.isclose(table["revenue_change_pct"], change)].set_index("plan").loc[names]
        label = "sales as simulated" if change == 0 else f"sales {change:+.0f}%"
        axes.scatter(
            rows["cost_of_sales_pct"], y, marker=marker, color=colour, s=46, zorder=2, label=label
        )
    if cap is not None:
        axes.axvline(100 * cap, color=OKABE_ITO["vermillion"], linewidth=1.5, linestyle="--")
        axes.text(
            100 * cap,
            y.max() + 0.45,
            f" cap {100 * cap:g}%",
            color=OKABE_ITO["vermillion"],
            fontsize=9,
            va="bottom",
        )
    axes.set_yticks(y, [plan_label(n, baseline) for n in names])
    axes.set_ylim(-0.6, y.max() + 0.9)
    axes.xaxis.set_major_formatter(PercentFormatter(100, decimals=1))
    axes.set_xlabel("Cost of sales: total pay / collected revenue (mean over simulations)")
    axes.set_title(wrap_title(title, 56))
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=3, loc="lower center", fontsize=9, frameon=False)
    figure.tight_layout(rect=(0, 0.4 / height, 1, 1))
    return figure


def cash_flow_chart(monthly: pd.DataFrame, baseline: str, *, currency: str, title: str) -> Figure:
    """Total pay per month, one line per plan; ``monthly`` is
    ``present.sales_views.monthly_totals`` (period column, then one column per plan)."""
    apply_style()
    names = [c for c in monthly.columns if c != "period"]
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    figure, axes = plt.subplots(figsize=(WIDTH, 4.4))
    x = np.arange(len(monthly))
    for name in names:
        is_base = name == baseline
        axes.plot(
            x,
            monthly[name],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            linewidth=2.2 if is_base else 1.5,
            marker="o",
            markersize=3,
            label=plan_label(name, baseline),
        )
    axes.set_xticks(x, monthly["period"], rotation=45 if len(x) > 12 else 0, fontsize=9)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1e6:,.1f} M"))
    axes.set_ylim(bottom=0)
    axes.set_ylabel(f"Pay of all reps in the month ({currency})")
    axes.set_title(wrap_title(title, 66))
    axes.legend(
        fontsize=8 if len(names) > 5 else 10, ncol=2 if len(names) > 5 else 1, loc="upper left"
    )
    figure.tight_layout()
    return figure


def cash_flow_components_chart(
    table: pd.DataFrame, *, baseline_total: pd.Series | None, currency: str, title: str
) -> Figure:
    """One plan's pay per month stacked by component, the baseline's total as a dashed
    line; ``table`` is ``present.sales_views.cash_flow_table``."""
    apply_style()
    components = [
        c for c in table.columns if c not in ("period", "total", "share_of_year_pct", "cumulative")
    ]
    figure, axes = plt.subplots(figsize=(WIDTH, 4.6))
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    colours = ["#BBBBBB", *PLAN_COLOURS]
    for i, name in enumerate(components):
        values = table[name].to_numpy(dtype=float)
        if not np.any(values):
            continue
        axes.bar(
            x,
            values,
            bottom=bottom,
            color=colours[i % len(colours)],
            label=literal(name),
            width=0.75,
        )
        bottom += values
    if baseline_total is not None:
        axes.plot(
            x,
            baseline_total.to_numpy(),
            color="#333333",
            linestyle="--",
            marker="o",
            markersize=3,
            label="baseline total",
        )
    axes.set_xticks(x, table["period"], fontsize=9)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1e6:,.1f} M"))
    axes.set_ylabel(f"Pay of all reps in the month ({currency})")
    axes.set_title(wrap_title(title, 66))
    axes.legend(fontsize=8, ncol=2, loc="upper left")
    figure.tight_layout()
    return figure
