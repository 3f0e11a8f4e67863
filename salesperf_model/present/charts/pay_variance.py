"""Why pay differs between reps of a role: one stacked bar per plan, its pay spread split into skill, the kinds of luck and everything else."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from salesperf_model.measure.pay_variance import PART_LABELS, RESIDUAL
from salesperf_model.present.charts.style import (
    OKABE_ITO,
    WIDTH,
    apply_style,
    plan_label,
    wrap_title,
)

#: Each part's colour, from the part palette (no yellow): skill blue, each kind of luck a
#: colour of its own, neighbours in the bar differing in lightness; the residual light grey.
PART_COLOURS: dict[str, str] = {
    "pay_variance_skill": OKABE_ITO["blue"],
    "pay_variance_territory": OKABE_ITO["orange"],
    "pay_variance_big_accounts": OKABE_ITO["sky_blue"],
    "pay_variance_deal_luck": OKABE_ITO["vermillion"],
    "pay_variance_market": OKABE_ITO["bluish_green"],
    "pay_variance_quota_error": OKABE_ITO["reddish_purple"],
    RESIDUAL: "#D9D9D9",
}
#: Parts dark enough to carry their share in white.
DARK_PARTS = frozenset({OKABE_ITO["blue"], OKABE_ITO["vermillion"]})


def pay_variance_table(summary: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """Plan x part: each part's mean share (%) of within-role pay variance over the
    simulations, from the run's ``summary`` table; plans in ``plans`` order, parts in
    :data:`PART_LABELS` order; empty when the parts were not measured (real data)."""
    rows = summary[summary["metric"].isin(list(PART_LABELS))]
    table = rows.pivot_table(index="plan", columns="metric", values="mean", sort=False)
    table = table.reindex(index=[p for p in plans if p in table.index], columns=list(PART_LABELS))
    return table.dropna(how="all")


def pay_variance_sentence(table: pd.DataFrame, baseline: str, title: str) -> str:
    """The baseline's split in one sentence: skill, luck (every luck part), the rest."""
    row = table.loc[baseline]
    luck = row.drop(["pay_variance_skill", RESIDUAL]).sum()
    return (
        f"Under {title}, skill explains {row['pay_variance_skill']:.0f}% of the pay differences "
        f"between reps of a role, luck {luck:.0f}% (territory, big accounts, deal luck, market "
        f"shocks and quota-setting error together) and {row[RESIDUAL]:.0f}% is not explained "
        "by any of them"
    )


def pay_variance_chart(table: pd.DataFrame, baseline: str, *, title: str) -> Figure:
    """One horizontal stacked bar per plan (the baseline on top): each part's share of
    within-role pay variance, labelled where the segment is wide enough."""
    apply_style()
    names = list(table.index)
    figure, axes = plt.subplots(figsize=(WIDTH, 2.4 + 0.45 * len(names)))
    y = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    for part, label in PART_LABELS.items():
        values = table[part].fillna(0.0).clip(lower=0.0).to_numpy()
        axes.barh(y, values, left=left, height=0.65, color=PART_COLOURS[part], label=label)
        for yi, start, value in zip(y, left, values):
            if value >= 6:
                axes.text(
                    start + value / 2,
                    yi,
                    f"{value:.0f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if PART_COLOURS[part] in DARK_PARTS else "black",
                )
        left = left + values
    axes.set_yticks(y, [plan_label(n, baseline) for n in names])
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of the pay differences between reps of the same role")
    axes.grid(axis="y", visible=False)
    figure.legend(ncol=7, loc="lower center", fontsize=8, frameon=False, handlelength=1.2)
    figure.suptitle(wrap_title(title), x=0.01, ha="left", fontsize=12, fontweight="bold")
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return figure
