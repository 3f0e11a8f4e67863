"""The cost-fairness frontier chart: each plan's cost against its fairness, the plans no
other plan beats on both filled and joined."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from salesperf_model.present.charts.style import (
    WIDTH,
    apply_style,
    money_axis,
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
    """The fairness axis zoomed to the points and their whiskers with a margin either
    side (15 plans within 0.46-0.52 spread over the plot, not squeezed into a tenth of
    it); at least 0.05 of a rank correlation or 2 points of a pay gap tall, so that a
    difference of 0.002 does not fill the plot. The axis label says it does not start at
    zero."""
    finite = values[np.isfinite(values)]
    low, high = float(finite.min()), float(finite.max())
    least = 0.05 if metric == "merit_alignment_pay" else 2.0
    middle, span = (low + high) / 2, max(high - low, least)
    low, high = min(low, middle - span / 2), max(high, middle + span / 2)
    margin = 0.15 * span
    if metric == "merit_alignment_pay":
        return max(-1.0, low - margin), min(1.0, high + margin)
    return low - margin, high + margin


#: Marker shapes of the frontier by round of the palette: circles, then triangles, then
#: diamonds, so that two plans sharing a colour never share a shape as well.
FRONTIER_MARKERS: tuple[str, ...] = ("o", "^", "D")
#: A marker's size (points squared) and its diameter in points.
MARKER_SIZE = 110
MARKER_POINTS = float(np.sqrt(MARKER_SIZE))


def _numbers(frontier: pd.DataFrame) -> dict[str, int]:
    """Each plan's number on a crowded chart: 1 for the cheapest, left to right."""
    order = frontier.sort_values(["cost", "fairness"])["plan"]
    return {plan: number for number, plan in enumerate(order, start=1)}


def _draw_whiskers(
    axes: Axes, frontier: pd.DataFrame, colours: dict[str, str], whiskers: dict[str, pd.DataFrame]
) -> tuple[bool, bool]:
    """Each plan's 95% paired intervals as lines; (any drawn, any longer than a marker)."""
    figure = axes.get_figure()
    box = axes.get_position()
    size = {  # the axes in points and the data per axis
        "cost": (box.width * figure.get_figwidth() * 72, np.ptp(axes.get_xlim())),
        "fairness": (box.height * figure.get_figheight() * 72, np.ptp(axes.get_ylim())),
    }
    drawn = visible = False
    for column in ("cost", "fairness"):
        bounds = whiskers[column]
        points, data = size[column]
        for _, row in frontier.iterrows():
            low, high = bounds.loc[row["plan"], "low"], bounds.loc[row["plan"], "high"]
            if pd.isna(low):
                continue
            xs, ys = (
                ([low, high], [row["fairness"]] * 2)
                if column == "cost"
                else ([row["cost"]] * 2, [low, high])
            )
            axes.plot(xs, ys, color=colours[row["plan"]], linewidth=1.2, alpha=0.8, zorder=2)
            drawn = True
            visible = visible or (high - low) / (data or 1.0) * points > MARKER_POINTS + 2
    return drawn, visible


def _draw_plans(
    axes: Axes, frontier: pd.DataFrame, baseline: str, *, whiskers: dict[str, pd.DataFrame]
) -> tuple[bool, bool]:
    """One marker per plan (filled on the frontier, hollow when dominated) with its 95%
    paired interval against the baseline as whiskers; each labelled where it overlaps no
    other label, or, on a crowded chart, numbered (the legend gives the number's plan).
    Returns whether any interval was drawn and whether any shows past its marker."""
    colours = plan_colours(list(frontier["plan"]), baseline)
    rounds = plan_rounds(list(frontier["plan"]), baseline)
    (x_low, x_high), (y_low, y_high) = axes.get_xlim(), axes.get_ylim()
    x_span, y_span = (x_high - x_low) or 1.0, (y_high - y_low) or 1.0
    figure = axes.get_figure()
    height_points = axes.get_position().height * figure.get_figheight() * 72
    point = 1.0 / height_points
    drawn = _draw_whiskers(axes, frontier, colours, whiskers)
    crowded = len(frontier) > CROWDED
    numbers = _numbers(frontier)
    taken: list[Box] = []
    for _, row in frontier.sort_values("cost").iterrows():
        colour = colours[row["plan"]]
        name = plan_label(row["plan"], baseline)
        axes.scatter(
            row["cost"],
            row["fairness"],
            s=MARKER_SIZE,
            marker=FRONTIER_MARKERS[rounds[row["plan"]]],
            color=colour if row["on_frontier"] else "white",
            edgecolor=colour,
            linewidth=2,
            zorder=3,
            label=f"{numbers[row['plan']]}  {name}" if crowded else name,
        )
        text = str(numbers[row["plan"]]) if crowded else name
        x = (row["cost"] - x_low) / x_span  # where the point sits, in axis fractions
        y = (row["fairness"] - y_low) / y_span
        dx, dy, align, box = _label_place(x, y, 0.0095 * len(text) + 0.01, taken, point=point)
        taken.append(box)
        axes.annotate(
            text,
            (row["cost"], row["fairness"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=9 if crowded else 10,
        )
    return drawn


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
    fairness differences from the baseline. Both axes are zoomed to the points and say
    that they do not start at zero; more than :data:`CROWDED` plans are numbered from the
    cheapest and named in a legend under the plot."""
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
    crowded = len(frontier) > CROWDED
    legend_rows = -(-len(frontier) // 3) if crowded else 0
    below = 0.55 + 0.22 * legend_rows  # inches under the x label: legend and caption
    figure.set_size_inches(WIDTH, 6.0 + below)
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=(below + 0.7) / (6.0 + below))
    axes.plot(on["cost"], on["fairness"], color="#999999", linewidth=1.2, zorder=1)
    drawn, visible = _draw_plans(axes, frontier, baseline, whiskers=whiskers)
    money_axis(axes.xaxis)
    axes.set_xlabel(
        f"Total pay over the period (million {currency}), lower is cheaper; this axis does "
        "not start at zero"
    )
    axes.set_ylabel(
        f"{label}\nthis axis does not start at zero" if axes.get_ylim()[0] > 0 else label
    )
    names = ", ".join(plan_title(p) for p in on["plan"])
    title = (
        f"Best trade-offs between cost and fairness: {names}"
        if len(on) > 1
        else f"{names} is the only best trade-off: every other plan is no cheaper and no "
        f"fairer on {label.split(' (')[0].lower()}, and clearly worse on one of them (one "
        "fairness measure; revenue is not on this chart)"
    )
    axes.set_title(wrap_title(title, 85), fontsize=12)
    caption = (
        "Filled: no other plan is both cheaper and fairer. Hollow: another plan is as cheap "
        "and as fair, and clearly better on one."
    )
    if drawn and visible:
        caption += (
            "\nLines: 95% interval of each plan's difference from the baseline (hidden behind "
            "the marker where narrower)."
        )
    elif drawn:
        caption += (
            "\nThe 95% intervals of each plan's difference from the baseline are narrower "
            "than the markers."
        )
    figure.text(0.01, 0.01, caption, fontsize=9, color="#555555")
    if crowded:
        handles, labels = axes.get_legend_handles_labels()
        figure.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.5 / (6.0 + below)),
            ncol=3,
            fontsize=9,
            frameon=False,
            scatterpoints=1,
        )
    figure.tight_layout(rect=(0, below / (6.0 + below), 1, 1))
    return figure
