"""The winners-and-losers charts: the share of reps in each pay-change band per group, and
the share of reps each plan leaves more than 5% worse off, with its interval."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from salesperf_model.formatting import share_cell
from salesperf_model.measure import BANDS
from salesperf_model.present.charts.change_words import percent_change, share_words, shown_sign
from salesperf_model.present.charts.style import (
    BAND_COLOURS,
    OKABE_ITO,
    WIDTH,
    apply_style,
    plan_label,
    plan_title,
    wrap_title,
)


def _group_names(rows: pd.DataFrame, by: str) -> list[str]:
    """Readable group labels: deciles named, underscores as spaces, blanks "(not recorded)"."""
    groups = [str(g) for g in rows[by]]
    if by == "attainment_decile":
        groups = [g if g == "all" else f"decile {g}" for g in groups]
    return [g.replace("_", " ") if g.strip() else "(not recorded)" for g in groups]


def _spread_words(low: float, high: float, names: tuple[str, str], each: str) -> str:
    """Which group fares worst and best, each change as printed (one decimal): a change
    that prints as 0.0% keeps its pay, never "gains least (+0.0%)" or "least (-0.0%)"."""
    worst, best = names
    low_sign, high_sign = shown_sign(low, 1), shown_sign(high, 1)
    same = "keeps its pay (to the nearest 0.1%)"
    if round(low, 1) == round(high, 1):  # alike to the shown decimal: no least or most
        if not low_sign:
            return f"every {each} {same}"
        change = "gains" if low_sign > 0 else "loses"
        return f"every {each} {change} about the same ({percent_change(high)})"
    if not low_sign:
        return f"{worst} {same}, {best} gains most ({percent_change(high)})"
    if not high_sign:
        return f"{worst} loses most ({percent_change(low)}), {best} {same}"
    if low_sign > 0:
        return f"{worst} gains least ({percent_change(low)}), {best} most ({percent_change(high)})"
    if high_sign < 0:
        return f"{worst} loses most ({percent_change(low)}), {best} least ({percent_change(high)})"
    return f"{worst} loses most ({percent_change(low)}), {best} gains most ({percent_change(high)})"


def _winners_title(rows: pd.DataFrame, by: str, label: str | None) -> str:
    """How many reps lose more than 5%, and which group fares worst and best."""
    everyone = rows[rows[by].astype(str) == "all"]
    groups_only = rows[rows[by].astype(str) != "all"]
    if everyone.empty or groups_only.empty:
        return f"Winners and losers by {label or by}"
    losers = share_words(float(everyone["lose > 5%"].iloc[0]))
    losers = losers[:1].upper() + losers[1:]
    if len(groups_only) == 1:
        return f"{losers} of reps lose more than 5% of their pay"
    worst = groups_only.loc[groups_only["pay_change_pct"].idxmin()]
    best = groups_only.loc[groups_only["pay_change_pct"].idxmax()]
    name = label or by.replace("_", " ")
    worst_name = str(worst[by]).replace("_", " ") or "(not recorded)"
    best_name = str(best[by]).replace("_", " ") or "(not recorded)"
    if by == "attainment_decile":
        worst_name, best_name = f"decile {worst_name}", f"decile {best_name}"
    each = "decile" if by == "attainment_decile" else name
    spread = _spread_words(
        float(worst["pay_change_pct"]),
        float(best["pay_change_pct"]),
        (worst_name, best_name),
        each,
    )
    return f"{losers} of reps lose more than 5%; by {name}, {spread}"


def winners_losers_chart(
    table: pd.DataFrame, by: str, plan: str, *, label: str | None = None
) -> Figure:
    """Share of reps in each change band, one bar per group (the baseline's grouping);
    ``table`` is compare.winners_losers output for one plan (``plan`` column optional)."""
    apply_style()
    rows = table[table["plan"] == plan] if "plan" in table.columns else table
    rows = rows.reset_index(drop=True)
    groups = _group_names(rows, by)
    height = max(2.9, 1.7 + 0.42 * len(groups))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    left = np.zeros(len(rows))
    y = np.arange(len(rows))[::-1]
    for band, colour in zip(BANDS, BAND_COLOURS):
        shares = rows[band].to_numpy(dtype=float)
        axes.barh(y, shares, left=left, color=colour, height=0.7, label=band)
        dark = colour in (OKABE_ITO["vermillion"], OKABE_ITO["blue"])
        for yi, start, share in zip(y, left, shares):
            if share >= 7:
                axes.text(
                    start + share / 2,
                    yi,
                    f"{share:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "black",
                )
        left += shares
    axes.set_yticks(y, groups)
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    axes.set_xlabel("Share of reps (%), by change in their total pay against the baseline")
    axes.grid(visible=False)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=5, loc="lower center", fontsize=9, frameon=False)
    axes.set_title(wrap_title(_winners_title(rows, by, label), 85), fontsize=12)
    figure.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return figure


def _disruption_title(
    rows: pd.DataFrame, limit: float, *, facts: bool = False, threshold: float = 5.0
) -> str:
    """How many plans keep disruption within the rule's limit, and the worst one."""
    alternatives = rows[rows["losers_pct"] > 0]
    within = int((rows["high"] <= limit).sum())
    if alternatives.empty:
        return f"No plan leaves any rep more than {threshold:g}% worse off"
    worst = alternatives.loc[alternatives["losers_pct"].idxmax()]
    keep = "keep" if facts else "clearly keep"  # one set of actual results: no noise
    return (
        f"{within} of {len(rows)} plans {keep} reps losing more than {threshold:g}% of pay within "
        f"the {limit:g}% limit; {plan_title(worst['plan'])} leaves "
        f"{share_words(float(worst['losers_pct']))} worse off"
    )


def disruption_chart(frame: pd.DataFrame, baseline: str, *, currency: str = "CNY") -> Figure:
    """% of reps each plan leaves more than the rule's loss threshold (5% by default) worse off than the baseline, with its 95%
    Monte Carlo interval, the decision rule's limit as a line, and the cost of keeping
    them whole beside each bar. ``frame``: ``present.recommendation.disruption_frame``."""
    apply_style()
    rows = frame.sort_values("losers_pct", kind="stable").reset_index(drop=True)
    limit = float(rows["limit"].iloc[0])
    threshold = float(rows["threshold"].iloc[0]) if "threshold" in rows else 5.0
    height = max(2.9, 1.6 + 0.38 * len(rows))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    y = np.arange(len(rows))[::-1]
    shade = {"fail": "vermillion", "unclear": "orange"}
    colours = [OKABE_ITO[shade.get(status, "blue")] for status in rows["status"]]
    error = np.vstack([rows["losers_pct"] - rows["low"], rows["high"] - rows["losers_pct"]]).clip(
        min=0
    )
    # every interval the figure itself: paid on one set of actual results, facts
    facts = bool(np.array_equal(rows["low"], rows["high"], equal_nan=True))
    whiskers = {} if facts else {"xerr": error, "capsize": 3}  # no zero-width whisker
    axes.barh(y, rows["losers_pct"], color=colours, height=0.65, **whiskers)
    right = max(float(rows["high"].max()), limit) * 1.05 + 1
    for yi, share, high, cost in zip(y, rows["losers_pct"], rows["high"], rows["keep_whole_cost"]):
        words = share_cell(share) + (
            f"; keeping them whole: {cost:,.0f} {currency}" if cost > 0 else ""
        )
        axes.text(  # on white: the limit's dashed line does not strike through the words
            max(share, high) + right * 0.02,
            yi,
            words,
            va="center",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    axes.axvline(limit, color="black", linestyle="--", linewidth=1)
    axes.text(limit, y.max() + 0.55, f" limit {limit:g}%", fontsize=8, va="bottom")
    axes.set_yticks(y, [plan_label(p, baseline) for p in rows["plan"]])
    axes.set_xlim(0, right * 1.45)
    axes.set_ylim(-0.6, y.max() + 1.1)
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    axes.set_xlabel(
        f"Reps losing more than {threshold:g}% of their pay against the baseline"
        + ("" if facts else " (whiskers: 95% interval)")
    )
    axes.grid(visible=False)
    axes.set_title(
        wrap_title(_disruption_title(rows, limit, facts=facts, threshold=threshold), 75),
        fontsize=12,
    )
    kinds = (
        (("blue", "within the limit"), ("vermillion", "over the limit"))
        if facts
        else (
            ("blue", "clearly within the limit"),
            ("orange", "too close to call"),
            ("vermillion", "clearly over the limit"),
        )
    )
    handles = [plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO[c]) for c, _ in kinds]
    labels = [label for _, label in kinds]
    figure.legend(handles, labels, ncol=3, loc="lower center", fontsize=9, frameon=False)
    figure.tight_layout(rect=(0, 0.4 / height, 1, 1))
    return figure
