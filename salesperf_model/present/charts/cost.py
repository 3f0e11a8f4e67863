"""Cost charts: total pay over the simulations per plan, and mean pay split by component."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from salesperf_model.present.charts.change_words import money_change, percent_change, shown_sign
from salesperf_model.present.charts.style import (
    HATCHES,
    LINE_STYLES,
    MARKERS,
    OKABE_ITO,
    PLAN_COLOURS,
    WIDTH,
    apply_style,
    money_axis,
    note_zero_left_out,
    plan_colours,
    plan_label,
    plan_rounds,
    plan_title,
    wrap_title,
)
from salesperf_model.present.plan_words import component_name

#: One plan's spread of total pay: name, mean, 5th, 25th, 75th, 95th percentile, draws.
CostRow = tuple[str, float, float, float, float, float, int]


def _cost_rows(draws_by_plan: Mapping[str, pd.Series | np.ndarray]) -> list[CostRow]:
    """Mean and percentiles of each plan's draws (missing draws left out), cheapest first."""
    stats = []
    for name, draws in draws_by_plan.items():
        values = np.asarray(draws, dtype=float)
        values = values[~np.isnan(values)]
        stats.append((name, values.mean(), *np.percentile(values, [5, 25, 75, 95]), len(values)))
    stats.sort(key=lambda row: row[1])
    return stats


def _cost_title(stats: list[CostRow], baseline: str, currency: str) -> str:
    """What one plan costs against the baseline, or which plan is cheapest; a difference
    that prints as 0.00 M is the same cost, never "0.00 M less"."""
    base_mean = next((row[1] for row in stats if row[0] == baseline), None)
    cheapest = stats[0][0]
    if base_mean and len(stats) == 2:
        other = next(row for row in stats if row[0] != baseline)
        change = other[1] - base_mean
        words = money_change(
            change,
            currency,
            more="more than the baseline",
            less="less than the baseline",
            same="the same as the baseline",
        )
        if shown_sign(change / 1e6, 2):
            words += f" ({percent_change(100 * change / base_mean)})"
        return f"{plan_title(other[0])} costs {words}"
    if base_mean:
        saving = base_mean - stats[0][1]
        below = money_change(
            -saving,
            currency,
            more="above the baseline",
            less="below the baseline",
            same="at the same cost as the baseline",
        )
        return (
            f"{plan_title(cheapest)} is the cheapest plan, {below}"
            if cheapest != baseline
            else "The baseline is the cheapest plan"
        )
    return f"{plan_title(cheapest)} is the cheapest plan"


def cost_distribution(
    draws_by_plan: Mapping[str, pd.Series | np.ndarray],
    baseline: str,
    currency: str = "CNY",
    *,
    budget: float | None = None,
) -> Figure:
    """Total pay over the Monte Carlo simulations per plan: 5-95% range, middle half, mean,
    on an axis zoomed to the spreads (its label says it leaves zero out). On one set of
    actual results (one value per plan) a bar per plan from zero, its figure at its end.

    One row per plan, cheapest at the top; the baseline grey."""
    apply_style()
    stats = _cost_rows(draws_by_plan)
    names = [row[0] for row in stats]
    colours = plan_colours(list(draws_by_plan), baseline)
    rounds = plan_rounds(list(draws_by_plan), baseline)
    single = all(row[6] <= 1 for row in stats)  # one set of actual results: no spread
    figure, axes = plt.subplots(figsize=(WIDTH, 1.2 + 0.55 * len(stats)))
    for i, (name, mean, p5, p25, p75, p95, _n) in enumerate(stats):
        y = len(stats) - 1 - i
        if single:
            _value_bar(axes, y, mean, colour=colours[name], hatch=HATCHES[rounds[name]])
        else:
            figures = (mean, p5, p25, p75, p95)
            _spread_row(axes, y, figures, colour=colours[name], palette_round=rounds[name])
    axes.set_yticks(range(len(stats)), [plan_label(n, baseline) for n in reversed(names)])
    if budget:
        axes.axvline(budget, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.5)
        axes.text(budget, len(stats) - 0.5, " budget", color=OKABE_ITO["vermillion"], va="bottom")
    money_axis(axes.xaxis)
    axes.set_xlabel(
        f"Total pay over the period (million {currency})"
        if single
        else f"Total pay over the period (million {currency}); line 5-95% of simulations, bar middle half, dot mean"
    )
    axes.grid(axis="y", visible=False)
    axes.set_ylim(-0.7, len(stats) - 0.3)
    if single:
        top = max([row[1] for row in stats] + [budget or 0.0])
        axes.set_xlim(0, 1.12 * top)
    else:
        note_zero_left_out(axes, "x")
    axes.set_title(wrap_title(_cost_title(stats, baseline, currency)))
    figure.tight_layout()
    return figure


def _spread_row(
    axes: Axes, y: float, figures: tuple[float, ...], *, colour: str, palette_round: int
) -> None:
    """One plan's simulations: 5-95% line, middle-half bar, mean dot."""
    mean, p5, p25, p75, p95 = figures
    axes.plot(
        [p5, p95],
        [y, y],
        color=colour,
        linewidth=2,
        solid_capstyle="butt",
        linestyle=LINE_STYLES[palette_round],
    )
    axes.plot([p25, p75], [y, y], color=colour, linewidth=9, solid_capstyle="butt", alpha=0.6)
    axes.plot(
        [mean],
        [y],
        marker=MARKERS[palette_round],
        color="white",
        markeredgecolor=colour,
        markersize=9,
        markeredgewidth=2,
    )


def _value_bar(axes: Axes, y: float, value: float, *, colour: str, hatch: str) -> None:
    """One plan's total on actual results: a bar from zero, the figure at its end."""
    axes.barh(y, value, height=0.5, color=colour, hatch=hatch or None, edgecolor="white")
    axes.annotate(
        f"{value / 1e6:,.2f} M",
        xy=(value, y),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=10,
    )


def cost_components_chart(
    cost_by_component: pd.DataFrame,
    plans: Sequence[str],
    baseline: str,
    *,
    currency: str = "CNY",
    replay: bool = False,
) -> Figure:
    """Mean total pay split by component, one stacked bar per plan (reductions left of
    0, the net total ticked); on one set of actual results (``replay``) the pay itself,
    not a mean over simulations."""
    apply_style()
    table = cost_by_component[cost_by_component["plan"].isin(plans)]
    table = table[~table["component"].isin(["total", "fixed", "variable"])]
    pivot = (
        table.pivot_table(index="plan", columns="component", values="mean", sort=False)
        .reindex(plans)
        .fillna(0)
    )
    legend_rows = -(-len(pivot.columns) // 4)
    legend_height = 0.15 + 0.24 * legend_rows  # inches under the axes, below the x label
    height = 1.6 + 0.55 * len(plans) + legend_height
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    # positive components stack right of 0, reductions (holdbacks, modifiers, forfeits)
    # left of it; every component gets a colour (later rounds of the palette hatched)
    # and a tick marks each plan's net total
    right, left = np.zeros(len(pivot)), np.zeros(len(pivot))
    palette = [*PLAN_COLOURS, "#999999", "#BBBBBB", "#777777"]
    y = np.arange(len(pivot))[::-1]
    for i, component in enumerate(pivot.columns):
        values = pivot[component].to_numpy()
        start = np.where(values >= 0, right, left)
        axes.barh(
            y,
            values,
            left=start,
            color=palette[i % len(palette)],
            hatch="//" if i >= len(palette) else None,
            edgecolor="white" if i >= len(palette) else None,
            height=0.6,
            label=component_name(component),
        )
        right += np.maximum(values, 0)
        left += np.minimum(values, 0)
    if (left < 0).any():
        axes.axvline(0, color="black", linewidth=0.8)
        axes.scatter(right + left, y, marker="|", s=400, color="black", zorder=3, label="net total")
    axes.set_yticks(y, [plan_label(p, baseline) for p in pivot.index])
    money_axis(axes.xaxis)
    axes.set_xlabel(
        f"Total pay over the period on the actual results (million {currency})"
        if replay
        else f"Mean total pay over the period (million {currency})"
    )
    axes.grid(axis="y", visible=False)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=4, fontsize=9, loc="lower center", frameon=False)
    largest = component_name(pivot.mean().idxmax())
    axes.set_title(f"{largest} is the largest part of pay", fontsize=12)
    figure.tight_layout(rect=(0, legend_height / height, 1, 1))
    return figure
