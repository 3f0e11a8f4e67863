"""Keep-whole charts for a replay on actuals: each rep's change in pay under a plan, and
what keeping the big losers whole costs under each plan."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from salesperf_model.formatting import counted
from salesperf_model.present.charts.style import (
    OKABE_ITO,
    WIDTH,
    apply_style,
    literal,
    plan_title,
    wrap_title,
)


def _keep_whole_title(table: pd.DataFrame, plan: str, currency: str, threshold: float) -> str:
    """How many reps lose more than the threshold and what keeping them whole costs."""
    count = int(table["loses_over_threshold"].sum())
    cost = float(-table.loc[table["loses_over_threshold"], "change"].sum())
    if count:
        return (
            f"{count} of {len(table)} reps would lose more than {100 * threshold:g}% under "
            f"{plan_title(plan)}; keeping them whole costs {cost:,.0f} {currency}"
        )
    return f"No rep would lose more than {100 * threshold:g}% under {plan_title(plan)}"


def _keep_whole_legend(figure: Figure, threshold: float) -> None:
    """The three bar colours explained, under the chart."""
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["vermillion"]),
        plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["orange"]),
        plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["blue"]),
    ]
    labels = [
        f"loses more than {100 * threshold:g}% (keep whole)",
        f"loses up to {100 * threshold:g}%",
        "gains or unchanged",
    ]
    figure.legend(handles, labels, ncol=3, loc="lower center", fontsize=9, frameon=False)


def keep_whole_chart(
    table: pd.DataFrame,
    plan: str,
    baseline: str,
    *,
    currency: str = "CNY",
    threshold: float = 0.05,
) -> Figure:
    """Each rep's change in total pay under ``plan`` against the baseline, sorted, with the
    loss line at ``-threshold``: reps beyond it (the ones to keep whole) in vermillion.
    ``table`` is the keep-whole table (``pct_change``, ``change``, ``loses_over_threshold``,
    ``rep_id``). Reps paid nothing under the baseline have no % change and are left out of
    the bars (named in the title's count).

    ``currency`` stays positional: the scenario notebook passes it fourth."""
    apply_style()
    shown = table.dropna(subset=["pct_change"]).sort_values("pct_change", kind="stable")
    losers = shown["loses_over_threshold"].to_numpy(dtype=bool)
    pct = shown["pct_change"].to_numpy(dtype=float)
    many = len(shown) > 60
    height = 5.1 if many else 5.8
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    x = np.arange(len(shown))
    colours = np.where(
        losers, OKABE_ITO["vermillion"], np.where(pct < 0, OKABE_ITO["orange"], OKABE_ITO["blue"])
    )
    axes.bar(x, pct, color=colours, width=0.8 if not many else 1.0)
    limit = -100 * threshold
    axes.axhline(limit, color=OKABE_ITO["black"], linestyle=(0, (5, 3)), linewidth=1.2)
    axes.axhline(0, color="#888888", linewidth=0.8)
    axes.annotate(
        f"{limit:g}%: loses more than {100 * threshold:g}%",
        xy=(len(shown) - 0.5, limit),
        xytext=(0, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=9,
    )
    axes.yaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:+g}%" if v else "0%"))
    axes.set_ylabel("Change in total pay vs baseline (%)")
    axes.set_xlim(-0.6, len(shown) - 0.4)
    if many:
        axes.set_xticks([])
        axes.set_xlabel("Reps, sorted from the largest loss to the largest gain")
    else:
        axes.set_xticks(x, [literal(str(r)) for r in shown["rep_id"]], rotation=90, fontsize=8)
        axes.set_xlabel("Rep, sorted from the largest loss to the largest gain")
    axes.grid(axis="x", visible=False)
    axes.set_title(wrap_title(_keep_whole_title(table, plan, currency, threshold), 80), fontsize=12)
    _keep_whole_legend(figure, threshold)
    low = min(float(pct.min()) if len(pct) else 0.0, limit)
    high = max(float(pct.max()) if len(pct) else 0.0, 0.0)
    pad = 0.08 * (high - low)
    axes.set_ylim(low - pad, high + pad)
    figure.tight_layout(rect=(0, 0.35 / height, 1, 1))
    return figure


def keep_whole_plans_chart(by_plan: pd.DataFrame, currency: str = "CNY") -> Figure:
    """Cost of keeping whole every rep who would lose more than 5%, one bar per plan, each
    labelled with how many reps that is (the keep-whole-by-plan table)."""
    apply_style()
    rows = by_plan.sort_values("keep_whole_cost", kind="stable").reset_index(drop=True)
    height = max(2.8, 1.6 + 0.45 * len(rows))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    y = np.arange(len(rows))[::-1]
    axes.barh(y, rows["keep_whole_cost"], color=OKABE_ITO["vermillion"], height=0.6)
    top = float(rows["keep_whole_cost"].max()) if len(rows) else 0.0
    for yi, cost, losing, reps in zip(
        y, rows["keep_whole_cost"], rows["reps_losing_over_threshold"], rows["reps"]
    ):
        axes.text(
            cost + 0.01 * max(top, 1.0),
            yi,
            f"{cost:,.0f} {currency} ({losing} of {reps} reps)",
            va="center",
            fontsize=9,
        )
    axes.set_yticks(y, [literal(plan_title(p)) for p in rows["plan"]])
    axes.set_xlim(0, max(top, 1.0) * 1.45)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    axes.set_xlabel(f"Cost of keeping whole the reps who lose more than 5% ({currency})")
    axes.grid(axis="y", visible=False)
    if len(rows) and top > 0:
        worst = rows.iloc[-1]
        title = (
            f"{plan_title(worst['plan'])} needs the largest keep-whole budget: {worst['keep_whole_cost']:,.0f} "
            f"{currency} for {counted(int(worst['reps_losing_over_threshold']), 'rep')}"
        )
    else:
        title = "No plan makes any rep lose more than 5%"
    axes.set_title(wrap_title(title, 70), fontsize=12)
    figure.tight_layout()
    return figure
