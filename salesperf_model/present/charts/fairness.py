"""The fairness chart: one small panel per fairness figure, the baseline and each plan."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from salesperf_model.present.charts.style import (
    HATCHES,
    WIDTH,
    apply_style,
    plan_colours,
    plan_label,
    plan_rounds,
    wrap_title,
)

#: Fairness metrics drawn, each with a short label that says which direction is fairer,
#: in lines short enough that two panels' labels side by side never run into each other.
#: ``luck_share`` is luck's share of the pay differences that skill, territory and big
#: accounts explain (not of all pay differences: that is ``luck_variance_share``).
FAIRNESS_PANELS: tuple[tuple[str, str], ...] = (
    ("merit_alignment_pay", "Pay follows true skill\nrank correlation,\nhigher is fairer"),
    (
        "luck_share",
        "Luck's share of pay differences\n% of what skill and luck\nexplain, lower is fairer",
    ),
    ("gender_pay_gap_mean", "Gender pay gap\n% of men's mean pay,\nnearer 0 is fairer"),
    ("false_c_rate", "Above-median-skill reps\ngraded C, %,\nlower is fairer"),
)


def _not_measurable() -> Figure:
    """A one-line figure saying why there is no fairness chart (real data)."""
    figure, axes = plt.subplots(figsize=(WIDTH, 0.8))
    axes.set_axis_off()
    axes.set_title(
        wrap_title(
            "Fairness cannot be measured on these data: the figures need the "
            "simulation's true skill or the reps' group"
        ),
        fontsize=12,
    )
    return figure


def _metric_values(
    comparison: pd.DataFrame, metric: str, names: list[str], baseline: str
) -> list[float]:
    """One metric for each plan in ``names``: the baseline's figure, then each alternative's."""
    rows = comparison[comparison["metric"] == metric].set_index("plan")
    values = []
    for name in names:
        if name == baseline:
            value = rows["baseline"].iloc[0] if len(rows) else np.nan
        else:
            value = rows.loc[name, "alternative"] if name in rows.index else np.nan
        values.append(float(value))
    return values


def paired_whiskers(
    comparison: pd.DataFrame, metric: str, names: list[str], *, baseline: str
) -> list[tuple[float, float]]:
    """Per plan in ``names``: the 95% paired interval of its difference from the baseline,
    placed on the baseline's value (baseline + low, baseline + high), so that a bar whose
    whisker reaches the baseline's value is no clear change; NaN for the baseline itself,
    on one set of actual results (no Monte Carlo error) and where not measured."""
    rows = comparison[comparison["metric"] == metric].set_index("plan")
    out = []
    for name in names:
        if name == baseline or name not in rows.index or "difference_low" not in rows:
            out.append((np.nan, np.nan))
            continue
        row = rows.loc[name]
        low, high = row["difference_low"], row["difference_high"]
        if pd.isna(low) or low == high:
            out.append((np.nan, np.nan))
        else:
            out.append((float(row["baseline"] + low), float(row["baseline"] + high)))
    return out


def _draw_panel(
    axes: Axes,
    values: list[float],
    names: list[str],
    baseline: str,
    *,
    label: str,
    first: bool,
    whiskers: list[tuple[float, float]],
) -> None:
    """One horizontal bar per plan with its value written beside it and a whisker for
    its 95% paired interval against the baseline; plan names on the left-hand panels only."""
    colours = plan_colours(names, baseline)
    rounds = plan_rounds(names, baseline)
    y = np.arange(len(names))[::-1]
    for yi, value, name in zip(y, values, names):
        axes.barh(
            yi,
            value,
            color=colours[name],
            height=0.6,
            hatch=HATCHES[rounds[name]],
            edgecolor="white",
        )
    for yi, (low, high) in zip(y, whiskers):
        if not np.isnan(low):
            axes.plot([low, high], [yi, yi], color="#222222", linewidth=1.2, zorder=3)
            axes.plot([low, low], [yi - 0.15, yi + 0.15], color="#222222", linewidth=1.2)
            axes.plot([high, high], [yi - 0.15, yi + 0.15], color="#222222", linewidth=1.2)
    known = [abs(v) for v in values if not np.isnan(v)]
    digits = 2 if known and max(known) < 2 else 1  # one precision per panel: 1.8 beside 2.1
    for yi, value, (_, high) in zip(y, values, whiskers):
        if np.isnan(value):
            axes.text(0, yi, " not on real data", va="center", fontsize=8, color="#666666")
        else:
            text = f" {value:.{digits}f}"
            right = value if np.isnan(high) else max(value, high)
            axes.text(max(right, 0.0), yi, text, va="center", fontsize=9)
    labels = [plan_label(n, baseline) for n in names]
    axes.set_yticks(y, labels if first else [""] * len(names))
    axes.set_title(label, fontsize=10, fontweight="normal", loc="left")
    axes.axvline(0, color="#999999", linewidth=0.8)
    axes.grid(axis="y", visible=False)
    finite = [v for v in [*values, *(w for pair in whiskers for w in pair)] if not np.isnan(v)]
    if finite:
        low, high = min(0.0, *finite), max(0.0, *finite)
        span = (high - low) or 1.0
        axes.set_xlim(low - 0.05 * span, high + 0.25 * span)


def fairness_chart(
    comparison: pd.DataFrame, baseline: str, plans: Sequence[str], *, title: str
) -> Figure:
    """Small multiples, one panel per fairness figure (2 x 2): the baseline and each plan.
    Metrics missing on real data are marked as such."""
    apply_style()
    names = [baseline, *[p for p in plans if p != baseline]]
    shown = comparison[comparison["metric"].isin([m for m, _ in FAIRNESS_PANELS])]
    if shown[["baseline", "alternative"]].isna().all().all():
        return _not_measurable()
    figure, grid = plt.subplots(2, 2, figsize=(WIDTH, 2.8 + 0.8 * len(names)))
    drawn = False  # any whisker (none on one set of actual results)
    for position, (axes, (metric, label)) in enumerate(zip(np.ravel(grid), FAIRNESS_PANELS)):
        values = _metric_values(comparison, metric, names, baseline)
        whiskers = paired_whiskers(comparison, metric, names, baseline=baseline)
        drawn = drawn or any(not np.isnan(low) for low, _ in whiskers)
        _draw_panel(
            axes,
            values,
            names,
            baseline,
            label=label,
            first=position % 2 == 0,
            whiskers=whiskers,
        )
    figure.suptitle(wrap_title(title), x=0.01, ha="left", fontsize=13, fontweight="bold")
    note = (
        "Whiskers: 95% interval of each plan's difference from the baseline (paired "
        "simulations);\na whisker that reaches the baseline's value is no clear change."
    )
    if drawn:
        figure.text(0.01, 0.005, note, fontsize=9, color="#555555")
        figure.tight_layout(rect=(0, 0.05, 1, 1))
    else:
        figure.tight_layout()
    return figure
