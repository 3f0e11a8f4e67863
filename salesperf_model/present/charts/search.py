"""Charts of a sweep and a search: cost and fairness against each swept parameter with their paired intervals, the cost-fairness frontier of the points, and the search path."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from salesperf_model.present.charts.style import (
    BASELINE_COLOUR,
    OKABE_ITO,
    WIDTH,
    apply_style,
    literal,
    millions_axis,
    note_zero_left_out,
    wrap_title,
)

#: The figures sweep charts show by default: cost, and fairness (higher is fairer).
COST = "total_pay"
FAIRNESS = "merit_alignment_pay"
AXIS_WORDS: dict[str, str] = {
    "total_pay": "Total pay vs baseline ({currency})",
    "merit_alignment_pay": "Pay-skill rank corr. vs baseline",
    "share_losing_over_5pct": "Share losing over 5% vs baseline",
}
#: Figures in money: their axes read in millions.
MONEY = ("total_pay", "fixed_pay", "variable_pay", "revenue_collected", "revenue_booked")


def _words(figure: str, currency: str) -> str:
    return AXIS_WORDS.get(figure, f"{figure} vs baseline (95% interval)").format(currency=currency)


def frontier_mask(cost: np.ndarray, goodness: np.ndarray) -> np.ndarray:
    """Points no other point beats on both lower cost and higher goodness."""
    cheaper = cost[None, :] <= cost[:, None]
    better = goodness[None, :] >= goodness[:, None]
    strictly = (cost[None, :] < cost[:, None]) | (goodness[None, :] > goodness[:, None])
    return ~(cheaper & better & strictly).any(axis=1)


def sweep_parameter_chart(
    table: pd.DataFrame,
    parameter: str,
    *,
    figures: tuple[str, ...] = (COST, FAIRNESS),
    baseline_value: float | None = None,
    others: tuple[str, ...] = (),
    currency: str = "CNY",
) -> Figure:
    """Each figure's paired difference against the baseline point, with its 95% interval,
    against one swept parameter (``others``: the other swept parameters, whose points are
    drawn at the same x and averaged)."""
    apply_style()
    others_vary = any(table[other].nunique() > 1 for other in others if other in table)
    fig, axes = plt.subplots(
        1, len(figures), figsize=(WIDTH, 4.0), squeeze=False, layout="constrained"
    )
    order = table.sort_values(parameter)
    for ax, figure, colour in zip(
        axes[0],
        figures,
        (OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"]),
        strict=False,
    ):
        x = order[parameter].to_numpy(dtype=float)
        y = order[f"{figure}_diff"].to_numpy(dtype=float)
        low = order[f"{figure}_diff_low"].to_numpy(dtype=float)
        high = order[f"{figure}_diff_high"].to_numpy(dtype=float)
        if order[parameter].is_unique and not others_vary:  # a line and its band
            ax.fill_between(x, low, high, color=colour, alpha=0.25, linewidth=0)
            ax.plot(x, y, marker="o", markersize=3, color=colour, linewidth=1.2)
        else:  # other parameters vary, or a value repeats: every point, and the average
            ax.errorbar(
                x,
                y,
                yerr=[y - low, high - y],
                fmt="o",
                markersize=2.5,
                color=colour,
                alpha=0.35,
                elinewidth=0.6,
                label="each point (95% interval)",
            )
            average = order.groupby(parameter)[f"{figure}_diff"].mean()
            ax.plot(
                average.index,
                average.to_numpy(),
                color="black",
                linewidth=1.4,
                label=(
                    "average over the other parameters"
                    if others_vary
                    else "average of the repeated points"
                ),
            )
            ax.legend(loc="best", fontsize=7)
        ax.axhline(0, color=BASELINE_COLOUR, linewidth=0.8)
        if baseline_value is not None and np.isfinite(baseline_value):
            ax.axvline(baseline_value, color=BASELINE_COLOUR, linestyle=":", linewidth=0.8)
        ax.set_xlabel(literal(parameter))
        ax.set_ylabel(_words(figure, currency))
        if figure in MONEY:
            ax.yaxis.set_major_formatter(millions_axis())
    fig.suptitle(
        wrap_title(_headline(table, parameter, figures[0], others_vary, currency)), fontsize=11
    )
    return fig


def _headline(
    table: pd.DataFrame, parameter: str, figure: str, others_vary: bool, currency: str
) -> str:
    """This parameter's own effect: how the drawn line (the average over the other
    parameters at each value) moves from the lowest value to the highest, so one
    parameter's chart is not credited with another's cost."""
    line = table.groupby(parameter)[f"{figure}_diff"].mean().dropna()
    start = f"As {parameter} goes from {table[parameter].min():g} to {table[parameter].max():g}"
    if len(line) < 2:
        return f"{start}, {figure} cannot be compared: it has no value at both ends"
    change = float(line.iloc[-1] - line.iloc[0])
    amount = f"{abs(change):,.0f} {currency}" if figure in MONEY else f"{abs(change):.3g}"
    if (figure in MONEY and round(change) == 0) or abs(change) < 5e-4:
        moves = f"{figure} does not move"
    else:
        moves = f"{figure} {'rises' if change > 0 else 'falls'} by {amount}"
    averaged = ", averaged over the other parameters" if others_vary else ""
    return f"{start}, {moves}{averaged} (95% intervals of each point's paired difference)"


def sweep_frontier_chart(
    table: pd.DataFrame, *, cost: str = COST, fairness: str = FAIRNESS, currency: str = "CNY"
) -> Figure:
    """Every point's cost against its fairness (paired differences against the baseline
    point at 0, 0); the points no other beats on both are joined."""
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 4.6))
    x = table[f"{cost}_diff"].to_numpy(dtype=float)
    y = table[f"{fairness}_diff"].to_numpy(dtype=float)
    on = frontier_mask(x, y)
    ax.scatter(x[~on], y[~on], s=14, color=OKABE_ITO["sky_blue"], alpha=0.6, label="other points")
    order = np.argsort(x[on])
    ax.plot(x[on][order], y[on][order], marker="o", color=OKABE_ITO["vermillion"], label="frontier")
    ax.scatter([0], [0], marker="*", s=120, color=BASELINE_COLOUR, label="baseline", zorder=3)
    ax.axhline(0, color=BASELINE_COLOUR, linewidth=0.6)
    ax.axvline(0, color=BASELINE_COLOUR, linewidth=0.6)
    ax.set_xlabel(_words(cost, currency))
    ax.set_ylabel(_words(fairness, currency))
    if cost in MONEY:
        ax.xaxis.set_major_formatter(millions_axis())
    ax.legend(loc="best", fontsize=8)
    ax.set_title(
        wrap_title(f"{int(on.sum())} of {len(table)} points are on the cost-fairness frontier"),
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def search_path_chart(evaluations: pd.DataFrame, *, objective: str, goal: str) -> Figure:
    """The objective of every evaluated plan in the order the search tried them, feasible
    and infeasible marked, and the best feasible plan so far as a step line."""
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 3.8))
    steps = evaluations["step"].to_numpy(dtype=int)
    values = evaluations["objective"].to_numpy(dtype=float)
    feasible = evaluations["feasible"].to_numpy(dtype=bool)
    ax.scatter(
        steps[~feasible],
        values[~feasible],
        s=16,
        marker="x",
        color=OKABE_ITO["orange"],
        label="breaks a constraint" if (~feasible).any() else None,
    )
    ax.scatter(
        steps[feasible],
        values[feasible],
        s=18,
        color=OKABE_ITO["bluish_green"],
        label="meets every constraint" if feasible.any() else None,
    )
    best = pd.Series(np.where(feasible, values, np.nan))
    running = (best.cummax() if goal == "maximize" else best.cummin()).ffill()
    if running.notna().any():
        ax.step(
            steps,
            running,
            where="post",
            color=OKABE_ITO["vermillion"],
            label="best feasible so far",
        )
    ax.set_xlabel("Plans evaluated, in order")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # plans come whole, never 2.5
    if len(steps) and steps.max() - steps.min() < 2:  # one or two plans: their own ticks
        ax.set_xticks(np.unique(steps))
        ax.set_xlim(steps.min() - 0.5, steps.max() + 0.5)
    ax.set_ylabel(literal(f"{objective} ({goal})"))
    note_zero_left_out(ax, "y")  # the objective may be a cost
    ax.legend(loc="best", fontsize=8)
    found = int(feasible.sum())
    ax.set_title(
        wrap_title(
            f"The search tried {len(steps)} plan{'s' * (len(steps) != 1)}; "
            f"{found} met every constraint"
        ),
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def search_frontier_chart(
    evaluations: pd.DataFrame,
    *,
    objective: str,
    winner: int | None,
    cost: str = "c0_value",
    cost_label: str = "First condition's figure",
) -> Figure:
    """Every evaluated plan's first constraint figure (usually cost) against the
    objective; feasible plans filled, the winner starred."""
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH, 4.2))
    feasible = evaluations["feasible"].to_numpy(dtype=bool)
    x = evaluations[cost].to_numpy(dtype=float)
    y = evaluations["objective"].to_numpy(dtype=float)
    ax.scatter(
        x[~feasible], y[~feasible], s=16, marker="x", color=OKABE_ITO["orange"], label="infeasible"
    )
    ax.scatter(x[feasible], y[feasible], s=18, color=OKABE_ITO["bluish_green"], label="feasible")
    if winner is not None:
        ax.scatter(
            [x[winner]],
            [y[winner]],
            marker="*",
            s=200,
            color=OKABE_ITO["vermillion"],
            label="winner",
        )
    ax.set_xlabel(literal(cost_label))
    ax.set_ylabel(literal(objective))
    note_zero_left_out(ax, "x")
    note_zero_left_out(ax, "y")
    ax.legend(loc="best", fontsize=8)
    ax.set_title(
        wrap_title(f"Every plan the search evaluated: {cost_label} against {objective}"),
        fontsize=11,
    )
    fig.tight_layout()
    return fig
