"""Reps by attainment band per plan, and the pay reps meet at each attainment."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.present.charts.style import (
    LINE_STYLES,
    MARKERS,
    WIDTH,
    apply_style,
    plan_colours,
    plan_label,
    plan_rounds,
    wrap_title,
)

#: An attainment bin drawn on the pay curve holds at least this many rep-simulations: a
#: mean of 1 or 3 reps' pay (283,348 CNY at 0-10% of quota) is one rep's story, not the
#: curve reps meet.
MIN_REPS = 30


def _legend_below(figure: Figure, axes: plt.Axes, height: float, *, caption: str = "") -> None:
    """The legend in rows under the x label (never over a line), as many columns as the
    longest entry leaves room for within the chart's width, a caption under it, the
    figure grown to hold both."""
    handles, labels = axes.get_legend_handles_labels()
    longest = max((len(label) for label in labels), default=1)
    ncol = max(1, min(4, 160 // (longest + 8)))  # about 160 characters of 9-point text
    rows = -(-len(labels) // ncol)
    below = (0.45 if caption else 0.15) + 0.22 * rows  # inches: caption and legend
    figure.set_size_inches(WIDTH, height + below)
    figure.legend(
        handles,
        labels,
        ncol=ncol,
        loc="lower center",
        bbox_to_anchor=(0.5, (0.4 if caption else 0.05) / (height + below)),
        fontsize=9,
        frameon=False,
    )
    if caption:
        figure.text(0.01, 0.01, caption, fontsize=9, color="#555555")
    figure.tight_layout(rect=(0, below / (height + below), 1, 1))


def attainment_chart(bands: pd.DataFrame, baseline: str, *, title: str) -> Figure:
    """% of reps in each attainment band (x), one line per plan, the baseline dashed grey;
    ``bands`` is ``present.sales_views.attainment_table``."""
    apply_style()
    names = list(dict.fromkeys(bands["plan"]))
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    labels = list(dict.fromkeys(bands["band"]))
    x = np.arange(len(labels))
    figure, axes = plt.subplots(figsize=(WIDTH, 4.6))
    for name in names:
        rows = bands[bands["plan"] == name]
        is_base = name == baseline
        axes.plot(
            x,
            rows["reps_pct"],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            marker=MARKERS[rounds[name]],
            linewidth=2.2 if is_base else 1.6,
            label=plan_label(name, baseline),
        )
    axes.axvspan(
        x[labels.index(next(b for b in labels if b.startswith("100%")))] - 0.5,
        x[-1] + 0.5,
        color="#EEEEEE",
        zorder=0,
    )
    axes.set_xticks(x, labels)
    axes.yaxis.set_major_formatter(PercentFormatter(100))
    axes.set_ylim(bottom=0)
    axes.set_xlabel(
        "Attainment over the year (revenue the plan pays on, as % of quota); shaded: at or above quota"
    )
    axes.set_ylabel("Share of reps")
    axes.set_title(wrap_title(title, 66))
    _legend_below(figure, axes, 4.6)
    return figure


def pay_curve_chart(curves: pd.DataFrame, baseline: str, *, currency: str, title: str) -> Figure:
    """Mean total pay per rep (y) by attainment bin (x), one line per plan; the baseline's
    10th-90th percentile band shaded. ``curves`` is ``present.sales_views.pay_curve_table``;
    bins with fewer than :data:`MIN_REPS` rep-simulations are left out (the caption says
    so), the legend sits under the plot."""
    apply_style()
    names = list(dict.fromkeys(curves["plan"]))
    if "reps" in curves:
        curves = curves[curves["reps"] >= MIN_REPS]
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    figure, axes = plt.subplots(figsize=(WIDTH, 4.8))
    base = curves[curves["plan"] == baseline]
    axes.fill_between(
        base["attainment"],
        base["pay_p10"],
        base["pay_p90"],
        color="#DDDDDD",
        label=f"{plan_label(baseline, baseline)}: 10th to 90th percentile",
    )
    for name in names:
        rows = curves[curves["plan"] == name]
        is_base = name == baseline
        axes.plot(
            rows["attainment"],
            rows["pay_mean"],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            linewidth=2.2 if is_base else 1.6,
            label=plan_label(name, baseline),
        )
    axes.axvline(1.0, color="#999999", linewidth=1, linestyle=":")
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1000:,.0f}k" if v else "0"))
    axes.set_xlabel("Attainment over the year (last point: 190% and above)")
    axes.set_ylabel(f"Total pay per rep over the year ({currency})")
    axes.set_ylim(bottom=0)  # pay from zero: the gap between plans in proportion
    axes.set_title(wrap_title(title, 66))
    caption = (
        f"Mean over the rep-simulations in each 10% bin of attainment; bins with fewer than "
        f"{MIN_REPS} rep-simulations are left out."
    )
    _legend_below(figure, axes, 4.8, caption=caption)
    return figure
