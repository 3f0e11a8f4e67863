"""Cost of sales with sales 10% under and over plan against the cap, and pay by month."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.measure.cash_flow import FIXED
from salesperf_model.present.charts.style import (
    LINE_STYLES,
    OKABE_ITO,
    PART_PALETTE,
    WIDTH,
    apply_style,
    literal,
    note_zero_left_out,
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
    table: pd.DataFrame, baseline: str, *, cap: float | None, title: str, replay: bool = False
) -> Figure:
    """Cost of sales per plan (one row each) with sales -10%, as simulated and +10%, and
    the cost-of-sales cap as a vertical line; ``table`` is
    ``present.sales_views.sales_scenario_table``; ``replay``: on actual results."""
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
        as_is = "sales as recorded" if replay else "sales as simulated"
        label = as_is if change == 0 else f"sales {change:+.0f}%"
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
    axes.set_xlabel(
        "Cost of sales: total pay / collected revenue "
        + ("(on the actual results)" if replay else "(mean over simulations)")
    )
    note_zero_left_out(axes, "x")  # dots, not bars: zoomed to the scenarios and the cap
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


#: Colours of the pay-by-month components: base pay light grey, then the six colours of
#: the part palette, the small components added up in dark grey: no colour drawn twice.
COMPONENT_COLOURS: tuple[str, ...] = PART_PALETTE
FIXED_COLOUR = "#BBBBBB"
OTHER_COLOUR = "#666666"
#: Not pay components: the columns ``sales_views.cash_flow_table`` adds.
_NOT_COMPONENTS = ("period", "total", "share_of_year_pct", "cumulative")


def chart_components(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """The components to draw, label -> monthly values: base pay first, then the others by
    size (the sum of their monthly amounts either way), at most one per colour; the
    smallest added up as "n smaller components". Components that pay nothing are left out;
    a bonus named "target bonus" reads "target bonus", not "target bonus bonus"."""
    values = {
        c.replace(" bonus bonus", " bonus"): table[c].to_numpy(dtype=float)
        for c in table.columns
        if c not in _NOT_COMPONENTS and np.any(table[c].to_numpy(dtype=float))
    }
    fixed = {c: v for c, v in values.items() if c == FIXED}
    others = sorted((c for c in values if c != FIXED), key=lambda c: -np.abs(values[c]).sum())
    if len(others) > len(COMPONENT_COLOURS):
        kept, small = others[: len(COMPONENT_COLOURS) - 1], others[len(COMPONENT_COLOURS) - 1 :]
        grouped = {c: values[c] for c in kept}
        grouped[f"{len(small)} smaller components"] = sum(values[c] for c in small)
        return {**fixed, **grouped}
    return {**fixed, **{c: values[c] for c in others}}


def _colour(label: str, index: int, grouped: bool) -> str:
    if label == FIXED:
        return FIXED_COLOUR
    if grouped:
        return OTHER_COLOUR
    return COMPONENT_COLOURS[index]


def cash_flow_components_chart(
    table: pd.DataFrame, *, baseline_total: pd.Series | None, currency: str, title: str
) -> Figure:
    """One plan's pay per month stacked by component: what is paid above zero, deductions
    (a holdback held, a payout modifier, a clawback) below it, the net total paid marked
    on each bar, and the baseline's total as a dashed line; ``table`` is
    ``present.sales_views.cash_flow_table``. Every component has a colour of its own."""
    apply_style()
    components = chart_components(table)
    figure, axes = plt.subplots(figsize=(WIDTH, 5.4))
    x = np.arange(len(table))
    above, below = np.zeros(len(table)), np.zeros(len(table))
    others = 0
    for label, values in components.items():
        grouped = label.endswith(" smaller components")
        colour = _colour(label, others, grouped)
        others += label != FIXED and not grouped
        bottom = np.where(values >= 0, above, below)
        axes.bar(x, values, bottom=bottom, color=colour, label=literal(label), width=0.75)
        above += np.maximum(values, 0.0)
        below += np.minimum(values, 0.0)
    if below.any():
        axes.axhline(0.0, color="#333333", linewidth=0.8)
    axes.plot(
        x,
        table["total"].to_numpy(dtype=float),
        linestyle="none",
        marker="_",
        markersize=22,
        markeredgewidth=2.5,
        color="#000000",
        label="total paid (net)",
    )
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
    handles, labels = axes.get_legend_handles_labels()
    rows = -(-len(labels) // 3)
    figure.legend(handles, labels, ncol=3, loc="lower center", fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.01 + 0.04 * rows, 1, 1))
    return figure
