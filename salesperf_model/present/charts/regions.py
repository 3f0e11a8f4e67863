"""Region drill-down charts: each region's pay change under every plan (a heat table),
and one plan's cost of sales by region against the cap."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from salesperf_model.formatting import percent
from salesperf_model.present.charts.style import (
    BASELINE_COLOUR,
    OKABE_ITO,
    WIDTH,
    apply_style,
    literal,
    plan_label,
    plan_title,
    wrap_title,
)


def region_heat_chart(table: pd.DataFrame, baseline: str, *, title: str) -> Figure:
    """Pay change against the baseline (%) by region (rows) and plan (columns), numbers in
    the cells (signed, a change that rounds to zero "0.0%", a missing one "n/a");
    ``table`` is ``present.sales_views.region_comparison``."""
    apply_style()
    rows = table[table["plan"] != baseline]
    grid = rows.pivot_table(index="region", columns="plan", values="pay_change_pct", sort=False)
    order = [r for r in dict.fromkeys(table["region"]) if r != "all"] + ["all"]
    grid = grid.loc[[r for r in order if r in grid.index], list(dict.fromkeys(rows["plan"]))]
    height = max(3.4, 1.9 + 0.36 * len(grid))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    limit = max(1.0, float(np.nanmax(np.abs(grid.to_numpy()))))
    norm = TwoSlopeNorm(vmin=-limit, vcenter=0.0, vmax=limit)
    axes.imshow(grid.to_numpy(), cmap="PuOr_r", norm=norm, aspect="auto")
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        axes.text(
            j,
            i,
            percent(value, 1, signed=True),  # "0.0%" for what rounds to zero, never "-0.0%"
            ha="center",
            va="center",
            fontsize=8,
            color="white" if abs(value) > 0.6 * limit else "black",
        )
    axes.set_yticks(range(len(grid)), [literal(r) for r in grid.index])
    axes.set_xticks(
        range(grid.shape[1]),
        [plan_label(p, baseline) for p in grid.columns],
        rotation=30,
        ha="right",
        fontsize=9,
    )
    axes.grid(visible=False)
    axes.set_title(wrap_title(title, 66))
    figure.text(
        0.01,
        0.01,
        f"Change of each region's total pay against {literal(plan_title(baseline))}; orange: "
        "pays more, purple: less.",
        fontsize=9,
        color="#555555",
    )
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure


def region_cost_chart(
    table: pd.DataFrame,
    plan: str,
    baseline: str,
    *,
    cap: float | None,
    title: str,
    replay: bool = False,
) -> Figure:
    """Cost of sales by region, the baseline's and the plan's bars side by side, the cap as
    a line; ``table`` is ``present.sales_views.region_comparison``; ``replay``: paid on
    one set of actual results (no mean over simulations)."""
    apply_style()
    base = table[table["plan"] == baseline].set_index("region")
    own = table[table["plan"] == plan].set_index("region")
    regions = list(own.index)
    height = max(3.4, 1.6 + 0.4 * len(regions))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    y = np.arange(len(regions))[::-1]
    axes.barh(
        y + 0.2,
        base.loc[regions, "cost_of_sales_pct"],
        height=0.4,
        color=BASELINE_COLOUR,
        label=plan_label(baseline, baseline),
    )
    axes.barh(
        y - 0.2,
        own.loc[regions, "cost_of_sales_pct"],
        height=0.4,
        color=OKABE_ITO["blue"],
        label=plan_label(plan, baseline),
    )
    if cap is not None:
        axes.axvline(
            100 * cap,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=1.5,
            label=f"cap {100 * cap:g}%",
        )
    axes.set_yticks(y, [literal(r) for r in regions])
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    axes.set_xlabel(
        "Cost of sales: pay / collected revenue "
        + ("(the actual results)" if replay else "(mean over simulations)")
    )
    axes.set_title(wrap_title(title, 62))
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=3, loc="lower center", fontsize=9, frameon=False)
    figure.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return figure
