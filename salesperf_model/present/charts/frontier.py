"""The cost-fairness frontier chart: each plan's cost against its fairness, the plans no
other plan beats on both filled and joined."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from salesperf_model.present.charts.style import (
    MARKERS,
    WIDTH,
    apply_style,
    millions_axis,
    plan_colours,
    plan_label,
    plan_rounds,
    plan_title,
    wrap_title,
)

#: Axis labels of the fairness figures a frontier is drawn on.
FAIRNESS_AXIS_LABELS: dict[str, str] = {
    "merit_alignment_pay": "Pay follows true skill (rank correlation, higher is fairer)",
    "gender_pay_gap_mean": "Gender pay gap (% of men's pay, nearer 0 is fairer)",
}
#: Where a point's label may go, tried in order: (dx, dy) in points and the alignment;
#: further out when the nearer places are taken (plans close together).
LABEL_PLACES: tuple[tuple[int, int, str], ...] = (
    (7, 5, "left"),
    (7, -13, "left"),
    (-7, 5, "right"),
    (-7, -13, "right"),
    (7, 17, "left"),
    (-7, -25, "right"),
    (-7, 17, "right"),
    (7, -25, "left"),
    (7, 29, "left"),
    (-7, -37, "right"),
)
#: More plans than this are named in a legend, not beside their points (labels of plans
#: close together would overlap).
CROWDED = 6
#: Height of a label in points (10-point text).
LABEL_HEIGHT = 11

#: A label's box in axis fractions: left, bottom, right, top.
Box = tuple[float, float, float, float]


def _label_place(
    x: float, y: float, width: float, taken: list[Box], *, point: float
) -> tuple[int, int, str, Box]:
    """The first place of :data:`LABEL_PLACES` where a label of ``width`` at the point
    (``x``, ``y``, axis fractions; ``point``: one point in axis-height fractions) overlaps
    no label already placed (the last one when all overlap)."""
    for place in LABEL_PLACES:
        _dx, dy, align = place
        left = x if align == "left" else x - width
        bottom = y + dy * point
        box = (left, bottom, left + width, bottom + LABEL_HEIGHT * point)
        if not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
        ):
            break
    return (*place, box)


def _whiskers(frontier: pd.DataFrame, comparison: pd.DataFrame | None, metric: str) -> pd.DataFrame:
    """Per plan of ``frontier``: the 95% paired interval of its difference from the
    baseline on ``metric``, placed on the baseline's value (``low``, ``high``; NaN for the
    baseline, without ``comparison`` and on one set of actual results)."""
    out = pd.DataFrame({"low": np.nan, "high": np.nan}, index=frontier["plan"])
    if comparison is None or "difference_low" not in comparison:
        return out
    rows = comparison[comparison["metric"] == metric].set_index("plan")
    for plan in out.index.intersection(rows.index):
        row = rows.loc[plan]
        if pd.notna(row["difference_low"]) and row["difference_low"] != row["difference_high"]:
            out.loc[plan] = [
                row["baseline"] + row["difference_low"],
                row["baseline"] + row["difference_high"],
            ]
    return out


def _fairness_limits(values: np.ndarray, metric: str) -> tuple[float, float]:
    """The fairness axis from zero: a rank correlation from 0 (or its lowest value, when
    negative) to a little above the highest, a pay gap over a range that includes 0, so
    that a gap of 0.02 looks like the 0.02 it is, not the whole height of the plot."""
    finite = values[np.isfinite(values)]
    low, high = min(0.0, float(finite.min())), max(0.0, float(finite.max()))
    span = (high - low) or 1.0
    top = min(1.0, high + 0.15 * span) if metric == "merit_alignment_pay" else high + 0.1 * span
    return low - (0.1 * span if low < 0 else 0.0), top


def _draw_plans(
    axes: Axes, frontier: pd.DataFrame, baseline: str, *, whiskers: dict[str, pd.DataFrame]
) -> None:
    """One marker per plan (filled on the frontier, hollow when dominated) with its 95%
    paired interval against the baseline as whiskers, each labelled where it overlaps no
    other label."""
    colours = plan_colours(list(frontier["plan"]), baseline)
    rounds = plan_rounds(list(frontier["plan"]), baseline)
    (x_low, x_high), (y_low, y_high) = axes.get_xlim(), axes.get_ylim()
    x_span, y_span = (x_high - x_low) or 1.0, (y_high - y_low) or 1.0
    figure = axes.get_figure()
    height_points = axes.get_position().height * figure.get_figheight() * 72
    point = 1.0 / height_points
    for column, cost in (("cost", True), ("fairness", False)):
        bounds = whiskers[column]
        for _, row in frontier.iterrows():
            low, high = bounds.loc[row["plan"], "low"], bounds.loc[row["plan"], "high"]
            if pd.isna(low):
                continue
            xs, ys = (
                ([low, high], [row["fairness"]] * 2) if cost else ([row["cost"]] * 2, [low, high])
            )
            axes.plot(xs, ys, color=colours[row["plan"]], linewidth=1.2, alpha=0.8, zorder=2)
    taken: list[Box] = []
    for _, row in frontier.sort_values("fairness", ascending=False).iterrows():
        colour = colours[row["plan"]]
        axes.scatter(
            row["cost"],
            row["fairness"],
            s=110,
            marker=MARKERS[rounds[row["plan"]]],
            color=colour if row["on_frontier"] else "white",
            edgecolor=colour,
            linewidth=2,
            zorder=3,
            label=plan_label(row["plan"], baseline),
        )
        if len(frontier) > CROWDED:
            continue  # the legend names them
        name = plan_label(row["plan"], baseline)
        x = (row["cost"] - x_low) / x_span  # where the point sits, in axis fractions
        y = (row["fairness"] - y_low) / y_span
        dx, dy, align, box = _label_place(x, y, 0.0095 * len(name) + 0.01, taken, point=point)
        taken.append(box)
        axes.annotate(
            name,
            (row["cost"], row["fairness"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=10,
        )


def frontier_chart(
    frontier: pd.DataFrame,
    baseline: str,
    currency: str = "CNY",
    *,
    comparison: pd.DataFrame | None = None,
) -> Figure:
    """Cost against fairness per plan; plans on the frontier (no plan both cheaper and
    fairer) filled and joined, dominated plans hollow. With ``comparison`` (the run's
    comparison table) each point carries whiskers: the 95% paired interval of its cost and
    fairness differences from the baseline. The fairness axis starts at zero; the cost
    axis does not, and says so."""
    apply_style()
    metric = str(frontier["fairness_metric"].iloc[0])
    label = FAIRNESS_AXIS_LABELS.get(metric, metric.replace("_", " "))
    figure, axes = plt.subplots(figsize=(WIDTH, 6.0))
    if frontier["fairness"].isna().all():  # real data without the attributes fairness needs
        axes.set_axis_off()
        axes.set_title(
            wrap_title(
                f"No frontier: {label.split(' (')[0].lower()} cannot be measured on these data"
            ),
            fontsize=12,
        )
        figure.set_size_inches(WIDTH, 0.8)
        return figure
    on = frontier[frontier["on_frontier"]].sort_values("cost")
    cost_metric = str(frontier["cost_metric"].iloc[0]) if "cost_metric" in frontier else "total_pay"
    whiskers = {
        "cost": _whiskers(frontier, comparison, cost_metric),
        "fairness": _whiskers(frontier, comparison, metric),
    }
    costs = np.concatenate([frontier["cost"], whiskers["cost"].to_numpy().ravel()])
    costs = costs[np.isfinite(costs)]
    span = float(np.ptp(costs)) or float(costs.max()) * 0.05
    axes.set_xlim(costs.min() - 0.08 * span, costs.max() + 0.25 * span)  # room for labels
    fairness = np.concatenate([frontier["fairness"], whiskers["fairness"].to_numpy().ravel()])
    axes.set_ylim(*_fairness_limits(fairness, metric))
    axes.plot(on["cost"], on["fairness"], color="#999999", linewidth=1.2, zorder=1)
    _draw_plans(axes, frontier, baseline, whiskers=whiskers)
    axes.xaxis.set_major_formatter(millions_axis())
    axes.set_xlabel(
        f"Total pay over the period (million {currency}), lower is cheaper; this axis does "
        "not start at zero"
    )
    axes.set_ylabel(label)
    names = ", ".join(plan_title(p) for p in on["plan"])
    title = (
        f"Best trade-offs between cost and fairness: {names}"
        if len(on) > 1
        else f"{names} beats every other plan on cost and fairness together"
    )
    axes.set_title(wrap_title(title, 85), fontsize=12)
    if len(frontier) > CROWDED:
        axes.legend(loc="lower center", ncol=3, fontsize=9, frameon=False, scatterpoints=1)
    figure.text(
        0.01,
        0.01,
        "Filled: no other plan is both cheaper and fairer. Hollow: another plan beats it on "
        "both.\nLines: 95% interval of each plan's difference from the baseline.",
        fontsize=9,
        color="#555555",
    )
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    return figure
