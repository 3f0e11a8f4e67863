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


def _legend(axes: plt.Axes, n: int) -> None:
    axes.legend(fontsize=8 if n > 5 else 10, ncol=2 if n > 5 else 1, loc="upper left")


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
    handles, labels_ = axes.get_legend_handles_labels()
    rows = -(-len(names) // 4)
    figure.legend(handles, labels_, ncol=4, loc="lower center", fontsize=9, frameon=False)
    figure.set_size_inches(WIDTH, 4.6 + 0.25 * rows)
    figure.tight_layout(rect=(0, (0.12 + 0.25 * rows) / (4.6 + 0.25 * rows), 1, 1))
    return figure


def pay_curve_chart(curves: pd.DataFrame, baseline: str, *, currency: str, title: str) -> Figure:
    """Mean total pay per rep (y) by attainment bin (x), one line per plan; the baseline's
    10th-90th percentile band shaded. ``curves`` is ``present.sales_views.pay_curve_table``."""
    apply_style()
    names = list(dict.fromkeys(curves["plan"]))
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
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1000:,.0f}k"))
    axes.set_xlabel("Attainment over the year (last point: 190% and above)")
    axes.set_ylabel(f"Total pay per rep over the year ({currency})")
    axes.set_title(wrap_title(title, 66))
    _legend(axes, len(names) + 1)
    figure.tight_layout()
    return figure
