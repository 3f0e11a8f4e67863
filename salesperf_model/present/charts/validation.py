"""The validation report's chart of one finding: our figure with 3-standard-error whiskers
beside the published one (bars), or the effect year by year (lines)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from salesperf_model.present.charts.style import PLAN_COLOURS, WIDTH, apply_style, wrap_title
from salesperf_model.validation import Chart


def _axis_format(unit: str) -> FuncFormatter:
    """Tick labels in percent (shares) or two decimals, never "-0%" or "-0.00"."""
    if unit == "share":
        return FuncFormatter(
            lambda value, _position: _no_minus_zero(f"{100 * value:.{_digits(value)}f}%")
        )
    return FuncFormatter(lambda value, _position: _no_minus_zero(f"{value:.2f}"))


def _digits(value: float) -> int:
    """Decimals a percent tick needs: none from 1% up, one below (0.5%, 0.2%)."""
    return 0 if abs(value) >= 0.01 or abs(value) < 1e-12 else 1


def _no_minus_zero(text: str) -> str:
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def finding_chart(chart: Chart) -> Figure:
    """One finding's chart (whiskers: 3 Monte Carlo standard errors)."""
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
    axes.set_ylabel(chart.y_label)
    axes.yaxis.set_major_formatter(_axis_format(chart.unit))
    axes.set_title(wrap_title(chart.title, 70), fontsize=11, loc="left")
    figure.tight_layout()
    return figure
