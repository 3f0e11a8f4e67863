"""The validation report's chart of one finding: our figure with 3-standard-error whiskers
beside the published one (bars), or the effect year by year (lines)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from salesperf_model.present.charts.style import (
    PLAN_COLOURS,
    WIDTH,
    TickFormatter,
    apply_style,
    wrap_title,
)
from salesperf_model.validation import Chart

#: The axis label's unit for a difference of two shares: its ticks are numbers of points.
POINTS_LABEL = "(percentage points)"


def _axis_format(unit: str) -> TickFormatter:
    """Tick labels in percent (shares), percentage points (differences of two shares: 0.006
    reads 0.6; the axis label names the unit, :data:`POINTS_LABEL`) or plain numbers, with
    the decimals the axis's ticks need, the same for every tick (-2.5%, -7.5%; 0.025, 0.075:
    never rounded into -2%, 0.03), never "-0%" or "-0.00"; a value formatted on its own (no
    ticks set) in percent with the decimals it needs, in points with one decimal, or plain
    with two."""
    if unit == "share":
        return TickFormatter(0.01, "%")
    if unit == "points":
        return TickFormatter(0.01, default=1)
    return TickFormatter(default=2)


def _axis_label(chart: Chart) -> str:
    """The chart's y label, with :data:`POINTS_LABEL` added when its figures are points
    and the label does not say so: a bare 0.6 must not read as a share or a percent."""
    if chart.unit == "points" and "points" not in chart.y_label:
        return f"{chart.y_label}\n{POINTS_LABEL}"
    return chart.y_label


def finding_chart(chart: Chart) -> Figure:
    """One finding's chart (whiskers: 3 Monte Carlo standard errors), its axis in the
    chart's unit (percent, percentage points or plain)."""
    apply_style()
    figure, axes = plt.subplots(figsize=(WIDTH * 0.75, 3.6))
    if chart.kind == "lines":
        for index, (label, values) in enumerate(zip(chart.labels, chart.values, strict=True)):
            errors = chart.errors[index] if chart.errors else None
            axes.errorbar(
                chart.x,
                values,
                yerr=errors,
                marker="o",
                capsize=3,
                label=label,
                color=PLAN_COLOURS[(index + 1) % len(PLAN_COLOURS)],
            )
        axes.set_xlabel(chart.x_label)
        axes.set_xticks(chart.x)
        axes.legend(frameon=False, fontsize=9)
    else:
        groups = len(chart.values[0])
        width = 0.8 / groups
        positions = np.arange(len(chart.labels))
        for group in range(groups):
            values = [row[group] for row in chart.values]
            errors = [row[group] for row in chart.errors] if chart.errors else None
            shift = (group - (groups - 1) / 2) * width
            names = chart.x_label.split(" | ") if groups > 1 else [None]
            axes.bar(
                positions + shift,
                values,
                width * 0.9,
                yerr=errors,
                capsize=4,
                color=PLAN_COLOURS[(group + 1) % len(PLAN_COLOURS)],
                label=names[group],
            )
        axes.set_xticks(positions, chart.labels)
        if groups > 1:
            axes.legend(frameon=False, fontsize=9)
    axes.axhline(0, color="#57606a", linewidth=0.8)
    axes.set_ylabel(_axis_label(chart))
    axes.yaxis.set_major_formatter(_axis_format(chart.unit))
    axes.set_title(wrap_title(chart.title, 70), fontsize=11, loc="left")
    figure.tight_layout()
    return figure
