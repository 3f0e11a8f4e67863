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
#: Where a point's label may go, tried in order: (dx, dy) in points and the alignment.
LABEL_PLACES: tuple[tuple[int, int, str], ...] = (
    (7, 5, "left"),
    (7, -13, "left"),
    (-7, 5, "right"),
    (-7, -13, "right"),
)

#: A label's box in axis fractions: left, bottom, right, top.
Box = tuple[float, float, float, float]


def _label_place(x: float, y: float, width: float, taken: list[Box]) -> tuple[int, int, str, Box]:
    """The first of right-above, right-below, left-above, left-below where a label of
    ``width`` at the point (``x``, ``y``, axis fractions) overlaps no label already placed
    (the last one when all overlap)."""
    height = 0.05
    for place in LABEL_PLACES:
        _dx, dy, align = place
        left = x if align == "left" else x - width
        bottom = y if dy > 0 else y - height
        box = (left, bottom, left + width, bottom + height)
        if not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
        ):
            break
    return (*place, box)


def _draw_plans(axes: Axes, frontier: pd.DataFrame, baseline: str) -> None:
    """One marker per plan (filled on the frontier, hollow when dominated), each labelled
    where it overlaps no other label."""
    colours = plan_colours(list(frontier["plan"]), baseline)
    rounds = plan_rounds(list(frontier["plan"]), baseline)
    x_low, x_span = frontier["cost"].min(), float(np.ptp(frontier["cost"])) or 1.0
    y_low, y_span = frontier["fairness"].min(), float(np.ptp(frontier["fairness"].dropna())) or 1.0
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
        )
        name = plan_label(row["plan"], baseline)
        x = 0.05 + 0.8 * (row["cost"] - x_low) / x_span  # where the point sits, roughly
        y = 0.05 + 0.9 * (row["fairness"] - y_low) / y_span
        dx, dy, align, box = _label_place(x, y, 0.0095 * len(name) + 0.01, taken)
        taken.append(box)
        axes.annotate(
            name,
            (row["cost"], row["fairness"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=10,
        )


def frontier_chart(frontier: pd.DataFrame, baseline: str, currency: str = "CNY") -> Figure:
    """Cost against fairness per plan; plans on the frontier (no plan both cheaper and
    fairer) filled and joined, dominated plans hollow."""
    apply_style()
    metric = str(frontier["fairness_metric"].iloc[0])
    label = FAIRNESS_AXIS_LABELS.get(metric, metric.replace("_", " "))
    figure, axes = plt.subplots(figsize=(WIDTH, 5.0))
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
    axes.plot(on["cost"], on["fairness"], color="#999999", linewidth=1.2, zorder=1)
    _draw_plans(axes, frontier, baseline)
    axes.xaxis.set_major_formatter(millions_axis())
    axes.set_xlabel(f"Total pay over the period (million {currency}), lower is cheaper")
    axes.set_ylabel(label)
    xmin, xmax = axes.get_xlim()
    axes.set_xlim(xmin, xmax + 0.12 * (xmax - xmin))  # room for labels
    names = ", ".join(plan_title(p) for p in on["plan"])
    title = (
        f"Best trade-offs between cost and fairness: {names}"
        if len(on) > 1
        else f"{names} beats every other plan on cost and fairness together"
    )
    axes.set_title(wrap_title(title, 85), fontsize=12)
    figure.text(
        0.01,
        0.01,
        "Filled: no other plan is both cheaper and fairer. Hollow: another plan beats it on both.",
        fontsize=9,
        color="#555555",
    )
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure
