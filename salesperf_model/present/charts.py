"""Charts for the reports: titles that state the finding, labelled axes with units, the
Okabe-Ito colour-blind-safe palette, sized to read at laptop width.

Charts read the comparison tables (salesperf_model.measure.compare) and never recompute metrics;
each function returns a matplotlib Figure and leaves showing or saving it to the caller.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

#: Okabe & Ito (2008) palette, distinguishable with every common colour-vision deficiency.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Plan colours in order: the baseline always gets the first (dark grey-black reads as "as is").
BASELINE_COLOUR = "#555555"
PLAN_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)
#: Line styles and bar hatches for the second and later rounds of colours (more than seven
#: plans), so that no two plans look alike. Okabe-Ito yellow is left out: too pale on white.
LINE_STYLES: tuple = ("-", (0, (5, 2)), (0, (1, 1.5)))
MARKERS: tuple[str, ...] = ("o", "s", "D")
HATCHES: tuple[str, ...] = ("", "//", "..")
#: Winners-and-losers bands, from big loss to big gain: a diverging, colour-blind-safe scale.
BAND_COLOURS: tuple[str, ...] = (
    OKABE_ITO["vermillion"],
    OKABE_ITO["orange"],
    "#D9D9D9",
    OKABE_ITO["sky_blue"],
    OKABE_ITO["blue"],
)
WIDTH = 9.0  # inches at 100 dpi: 900 px, fits a laptop screen with margins

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
}


def apply_style() -> None:
    """Use the report style for every chart drawn after this call."""
    plt.rcParams.update(STYLE)


def to_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, then closed: for an image widget that is redrawn in place
    (an Output widget capturing plt.show() can stall headless notebook runs, nbclient#312)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def plan_colours(names: Sequence[str], baseline: str | None = None) -> dict[str, str]:
    """A stable colour per plan; the baseline grey."""
    colours, others = {}, iter(PLAN_COLOURS * (1 + len(names) // len(PLAN_COLOURS)))
    for name in names:
        colours[name] = BASELINE_COLOUR if name == baseline else next(others)
    return colours


def plan_rounds(names: Sequence[str], baseline: str | None = None) -> dict[str, int]:
    """Which round of the palette each plan's colour comes from (0 for the first seven
    plans): later rounds get a dashed line or a hatched bar."""
    others = [n for n in names if n != baseline]
    rounds = {
        name: min(i // len(PLAN_COLOURS), len(LINE_STYLES) - 1) for i, name in enumerate(others)
    }
    return {name: rounds.get(name, 0) for name in names}


def literal(text: str) -> str:
    """Text matplotlib must not read as mathtext: a plan called "$5k bonus" stays as written."""
    return str(text).replace("$", r"\$")


def wrap_title(text: str, width: int = 78) -> str:
    """Break a long finding over lines so it fits the chart's width."""
    return literal(textwrap.fill(text, width=width, break_long_words=False))


def plan_label(name: str, baseline: str | None) -> str:
    """A plan's name, marked when it is the baseline (unless it is called that already)."""
    if name == baseline and "baseline" not in name.lower():
        return literal(f"{name} (baseline)")
    return literal(name)


def _money_axis(currency: str, scale: float = 1e6, suffix: str = "M") -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: f"{value / scale:,.2f} {suffix}")


def _names(scenarios: Sequence[Any] | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(scenarios, Mapping):
        return dict(scenarios)
    return {scenario.name: scenario for scenario in scenarios}


# ---------------------------------------------------------------------------------------
# Payout curves
# ---------------------------------------------------------------------------------------


def payout_curve_table(
    scenarios: Sequence[Any] | Mapping[str, Any],
    quota: float = 100_000.0,
    max_attainment: float = 2.0,
    points: int = 401,
) -> pd.DataFrame:
    """Commission for one settlement at each attainment, per plan: ``attainment`` (share of
    quota) then one column per plan (money), for a rep with ``quota`` and revenue
    ``attainment x quota`` (before customer, big-account and region coefficients)."""
    from salesperf_model.engine import commission_payout

    attainment = np.linspace(0.0, max_attainment, points)
    table = pd.DataFrame({"attainment": attainment})
    for name, scenario in _names(scenarios).items():
        commission = scenario.pay.commission
        table[name] = commission_payout(
            commission, np.full_like(attainment, quota), attainment * quota
        )
    return table


def _curve_finding(table: pd.DataFrame, plan: str, reference: str) -> str:
    """'X pays less below 125% of quota and more above' and the like."""
    difference = (table[plan] - table[reference]).to_numpy()
    attainment = table["attainment"].to_numpy()
    tolerance = 1e-6 * max(1.0, float(np.abs(table[reference]).max()))
    sign = np.where(difference > tolerance, 1, np.where(difference < -tolerance, -1, 0))
    if not sign.any():
        return f"{plan} keeps the commission curve of {reference}: its changes lie elsewhere (see the plan in plain words)"
    if (sign >= 0).all():
        return f"{plan} pays at least as much as {reference} at every attainment"
    if (sign <= 0).all():
        return f"{plan} pays no more than {reference} at any attainment"
    nonzero = np.flatnonzero(sign)
    changes = nonzero[1:][np.diff(sign[nonzero]) != 0]
    first = "less" if sign[nonzero[0]] < 0 else "more"
    second = "more" if first == "less" else "less"
    edge = attainment[changes[0]] if len(changes) else attainment[nonzero[-1]]
    return f"{plan} pays {first} than {reference} below {edge:.0%} of quota and {second} above"


def payout_curves(
    scenarios: Sequence[Any] | Mapping[str, Any],
    baseline: str | None = None,
    quota: float = 100_000.0,
    max_attainment: float = 2.0,
    currency: str = "CNY",
    title: str | None = None,
) -> Figure:
    """Monthly commission against attainment for each plan, the baseline dashed grey."""
    apply_style()
    table = payout_curve_table(scenarios, quota, max_attainment)
    names = [c for c in table.columns if c != "attainment"]
    baseline = baseline if baseline in names else None
    colours = plan_colours(names, baseline)
    rounds = plan_rounds(names, baseline)
    # Plans with the very same curve (their changes lie elsewhere) share one line.
    groups: dict[str, list[str]] = {}
    for name in names:
        twin = next((g for g in groups if np.allclose(table[g], table[name])), None)
        groups.setdefault(twin or name, []).append(name)
    figure, axes = plt.subplots(figsize=(WIDTH, 4.6 if len(groups) <= 4 else 5.4))
    for name, members in groups.items():
        is_base = name == baseline
        label = plan_label(name, baseline)
        if len(members) > 1:
            label = literal(", ".join(members)) + " (same curve)"
        axes.plot(
            table["attainment"],
            table[name],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            linewidth=2.0 if is_base else 2.4,
            label=textwrap.fill(label, 60),
        )
    axes.axvline(1.0, color="#999999", linewidth=1, linestyle=":")
    axes.text(
        1.0, axes.get_ylim()[1] * 0.97, " 100% of quota", color="#666666", va="top", fontsize=9
    )
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    axes.set_xlabel("Attainment (revenue as % of quota)")
    axes.set_ylabel(f"Commission per month ({currency})")
    if title is None:
        plans = [n for n in names if n != baseline]
        if baseline and len(plans) == 1:
            title = _curve_finding(table, plans[0], baseline)
        else:
            at = table.iloc[(table["attainment"] - 1.5).abs().argmin()]
            best = max(names, key=lambda n: at[n])
            title = f"At 150% of quota, {best} pays the most commission"
    axes.set_title(wrap_title(title))
    figure.text(
        0.01,
        0.01,
        f"A rep with a {quota:,.0f} {currency} monthly quota; before customer, big-account and region coefficients.",
        fontsize=9,
        color="#555555",
    )
    axes.legend(loc="upper left", fontsize=9 if len(groups) > 4 else 11)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure


# ---------------------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------------------


def cost_distribution(
    draws_by_plan: Mapping[str, pd.Series | np.ndarray],
    baseline: str,
    currency: str = "CNY",
    budget: float | None = None,
) -> Figure:
    """Total pay over the Monte Carlo simulations per plan: 5-95% range, middle half, mean.

    One row per plan, cheapest at the top; the baseline grey."""
    apply_style()
    stats = []
    for name, draws in draws_by_plan.items():
        values = np.asarray(draws, dtype=float)
        values = values[~np.isnan(values)]
        stats.append((name, values.mean(), *np.percentile(values, [5, 25, 75, 95]), len(values)))
    stats.sort(key=lambda row: row[1])
    names = [row[0] for row in stats]
    colours = plan_colours(list(draws_by_plan), baseline)
    rounds = plan_rounds(list(draws_by_plan), baseline)
    figure, axes = plt.subplots(figsize=(WIDTH, 1.2 + 0.55 * len(stats)))
    for i, (name, mean, p5, p25, p75, p95, _n) in enumerate(stats):
        y = len(stats) - 1 - i
        colour = colours[name]
        axes.plot(
            [p5, p95],
            [y, y],
            color=colour,
            linewidth=2,
            solid_capstyle="butt",
            linestyle=LINE_STYLES[rounds[name]],
        )
        axes.plot([p25, p75], [y, y], color=colour, linewidth=9, solid_capstyle="butt", alpha=0.6)
        axes.plot(
            [mean],
            [y],
            marker=MARKERS[rounds[name]],
            color="white",
            markeredgecolor=colour,
            markersize=9,
            markeredgewidth=2,
        )
    axes.set_yticks(range(len(stats)), [plan_label(n, baseline) for n in reversed(names)])
    if budget:
        axes.axvline(budget, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.5)
        axes.text(budget, len(stats) - 0.5, " budget", color=OKABE_ITO["vermillion"], va="bottom")
    axes.xaxis.set_major_formatter(_money_axis(currency))
    axes.set_xlabel(
        f"Total pay over the period (million {currency}); line 5-95% of simulations, bar middle half, dot mean"
    )
    axes.grid(axis="y", visible=False)
    axes.set_ylim(-0.7, len(stats) - 0.3)
    base_mean = next((row[1] for row in stats if row[0] == baseline), None)
    cheapest = names[0]
    if base_mean and len(stats) == 2:
        other = next(row for row in stats if row[0] != baseline)
        change = other[1] - base_mean
        word = "less" if change < 0 else "more"
        title = f"{other[0]} costs {abs(change) / 1e6:,.2f} M {currency} {word} than the baseline ({100 * change / base_mean:+.1f}%)"
    elif base_mean:
        saving = base_mean - stats[0][1]
        title = (
            f"{cheapest} is the cheapest plan, {saving / 1e6:,.2f} M {currency} below the baseline"
            if cheapest != baseline
            else "The baseline is the cheapest plan"
        )
    else:
        title = f"{cheapest} is the cheapest plan"
    axes.set_title(wrap_title(title))
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------------------------------
# Fairness
# ---------------------------------------------------------------------------------------

#: Fairness metrics drawn, with a short label and the direction that is better.
FAIRNESS_PANELS: tuple[tuple[str, str, str], ...] = (
    ("merit_alignment_pay", "Pay follows true skill\nrank correlation, higher is fairer", "higher"),
    ("luck_share", "Pay differences due to territory luck\n%, lower is fairer", "lower"),
    ("gender_pay_gap_mean", "Gender pay gap\n% of men's mean pay, nearer 0 is fairer", "zero"),
    ("false_c_rate", "Above-median-skill reps graded C\n%, lower is fairer", "lower"),
)


def fairness_chart(
    comparison: pd.DataFrame, baseline: str, plans: Sequence[str], title: str
) -> Figure:
    """Small multiples, one panel per fairness figure (2 x 2): the baseline and each plan.
    Metrics missing on real data are marked as such."""
    apply_style()
    names = [baseline, *[p for p in plans if p != baseline]]
    shown = comparison[comparison["metric"].isin([m for m, _, _ in FAIRNESS_PANELS])]
    if shown[["baseline", "alternative"]].isna().all().all():
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
    colours = plan_colours(names, baseline)
    figure, grid = plt.subplots(2, 2, figsize=(WIDTH, 2.8 + 0.8 * len(names)))
    panels = list(np.ravel(grid))
    for position, (axes, (metric, label, _better)) in enumerate(zip(panels, FAIRNESS_PANELS)):
        rows = comparison[comparison["metric"] == metric].set_index("plan")
        values = []
        for name in names:
            if name == baseline:
                value = rows["baseline"].iloc[0] if len(rows) else np.nan
            else:
                value = rows.loc[name, "alternative"] if name in rows.index else np.nan
            values.append(float(value))
        y = np.arange(len(names))[::-1]
        rounds = plan_rounds(names, baseline)
        for yi, value, name in zip(y, values, names):
            axes.barh(
                yi,
                value,
                color=colours[name],
                height=0.6,
                hatch=HATCHES[rounds[name]],
                edgecolor="white",
            )
        for yi, value in zip(y, values):
            if np.isnan(value):
                axes.text(0, yi, " not on real data", va="center", fontsize=8, color="#666666")
            else:
                text = f" {value:.2f}" if abs(value) < 2 else f" {value:.1f}"
                axes.text(max(value, 0.0), yi, text, va="center", fontsize=9)
        labels = [plan_label(n, baseline) for n in names]
        axes.set_yticks(y, labels if position % 2 == 0 else [""] * len(names))
        axes.set_title(label, fontsize=10, fontweight="normal", loc="left")
        axes.axvline(0, color="#999999", linewidth=0.8)
        axes.grid(axis="y", visible=False)
        finite = [v for v in values if not np.isnan(v)]
        if finite:
            low, high = min(0.0, *finite), max(0.0, *finite)
            span = (high - low) or 1.0
            axes.set_xlim(low - 0.05 * span, high + 0.25 * span)
    figure.suptitle(wrap_title(title), x=0.01, ha="left", fontsize=13, fontweight="bold")
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------------------------------
# Winners and losers
# ---------------------------------------------------------------------------------------


def winners_losers_chart(
    table: pd.DataFrame, by: str, plan: str, label: str | None = None
) -> Figure:
    """Share of reps in each change band, one bar per group (the baseline's grouping);
    ``table`` is compare.winners_losers output for one plan (``plan`` column optional)."""
    from salesperf_model.measure import BANDS

    apply_style()
    rows = table[table["plan"] == plan] if "plan" in table.columns else table
    rows = rows.reset_index(drop=True)
    groups = [str(g) for g in rows[by]]
    if by == "attainment_decile":
        groups = [g if g == "all" else f"decile {g}" for g in groups]
    groups = [g.replace("_", " ") if g.strip() else "(not recorded)" for g in groups]
    height = max(2.9, 1.7 + 0.42 * len(groups))
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    left = np.zeros(len(rows))
    y = np.arange(len(rows))[::-1]
    for band, colour in zip(BANDS, BAND_COLOURS):
        shares = rows[band].to_numpy(dtype=float)
        axes.barh(y, shares, left=left, color=colour, height=0.7, label=band)
        for yi, start, share in zip(y, left, shares):
            if share >= 7:
                axes.text(
                    start + share / 2,
                    yi,
                    f"{share:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white"
                    if colour in (OKABE_ITO["vermillion"], OKABE_ITO["blue"])
                    else "black",
                )
        left += shares
    axes.set_yticks(y, groups)
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    axes.set_xlabel("Share of reps (%), by change in their total pay against the baseline")
    axes.grid(visible=False)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=5, loc="lower center", fontsize=9, frameon=False)
    everyone = rows[rows[by].astype(str) == "all"]
    groups_only = rows[rows[by].astype(str) != "all"]
    if not everyone.empty and len(groups_only) == 1:
        losers = float(everyone["lose > 5%"].iloc[0])
        title = f"{losers:.0f}% of reps lose more than 5% of their pay"
    elif not everyone.empty and not groups_only.empty:
        losers = float(everyone["lose > 5%"].iloc[0])
        worst = groups_only.loc[groups_only["mean_change_pct"].idxmin()]
        best = groups_only.loc[groups_only["mean_change_pct"].idxmax()]
        name = label or by.replace("_", " ")
        worst_name = str(worst[by]).replace("_", " ") or "(not recorded)"
        best_name = str(best[by]).replace("_", " ") or "(not recorded)"
        if by == "attainment_decile":
            worst_name, best_name = f"decile {worst_name}", f"decile {best_name}"
        low, high = worst["mean_change_pct"], best["mean_change_pct"]
        if low >= 0:
            spread = f"{worst_name} gains least ({low:+.1f}%), {best_name} most ({high:+.1f}%)"
        elif high <= 0:
            spread = f"{worst_name} loses most ({low:+.1f}%), {best_name} least ({high:+.1f}%)"
        else:
            spread = f"{worst_name} loses most ({low:+.1f}%), {best_name} gains most ({high:+.1f}%)"
        title = f"{losers:.0f}% of reps lose more than 5%; by {name}, {spread}"
    else:
        title = f"Winners and losers by {label or by}"
    axes.set_title(wrap_title(title, 85), fontsize=12)
    figure.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return figure


# ---------------------------------------------------------------------------------------
# Frontier
# ---------------------------------------------------------------------------------------


def frontier_chart(frontier: pd.DataFrame, baseline: str, currency: str = "CNY") -> Figure:
    """Cost against fairness per plan; plans on the frontier (no plan both cheaper and
    fairer) filled and joined, dominated plans hollow."""
    apply_style()
    colours = plan_colours(list(frontier["plan"]), baseline)
    metric = str(frontier["fairness_metric"].iloc[0])
    label = {
        "merit_alignment_pay": "Pay follows true skill (rank correlation, higher is fairer)",
        "gender_pay_gap_mean": "Gender pay gap (% of men's pay, nearer 0 is fairer)",
    }.get(metric, metric.replace("_", " "))
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
    rounds = plan_rounds(list(frontier["plan"]), baseline)
    x_low, x_span = frontier["cost"].min(), float(np.ptp(frontier["cost"])) or 1.0
    y_low, y_span = frontier["fairness"].min(), float(np.ptp(frontier["fairness"].dropna())) or 1.0
    taken: list[tuple[float, float, float, float]] = []  # label boxes, axis fractions
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
        width, height = 0.0095 * len(name) + 0.01, 0.05
        # first of right-above, right-below, left-above, left-below that overlaps no label
        for offset in (
            (7, 5, "left"),
            (7, -13, "left"),
            (-7, 5, "right"),
            (-7, -13, "right"),
        ):
            dx, dy, align = offset
            left = x if align == "left" else x - width
            bottom = y if dy > 0 else y - height
            box = (left, bottom, left + width, bottom + height)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
            ):
                break
        taken.append(box)
        axes.annotate(
            name,
            (row["cost"], row["fairness"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=10,
        )
    axes.xaxis.set_major_formatter(_money_axis(currency))
    axes.set_xlabel(f"Total pay over the period (million {currency}), lower is cheaper")
    axes.set_ylabel(label)
    xmin, xmax = axes.get_xlim()
    axes.set_xlim(xmin, xmax + 0.12 * (xmax - xmin))  # room for labels
    names = ", ".join(on["plan"])
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


# ---------------------------------------------------------------------------------------
# Cost by component
# ---------------------------------------------------------------------------------------


def cost_components_chart(
    cost_by_component: pd.DataFrame, plans: Sequence[str], baseline: str, currency: str = "CNY"
) -> Figure:
    """Mean total pay split by component, one stacked bar per plan."""
    apply_style()
    table = cost_by_component[cost_by_component["plan"].isin(plans)]
    table = table[~table["component"].isin(["total", "fixed", "variable"])]
    pivot = (
        table.pivot_table(index="plan", columns="component", values="mean", sort=False)
        .reindex(plans)
        .fillna(0)
    )
    legend_rows = -(-len(pivot.columns) // 4)
    legend_height = 0.15 + 0.24 * legend_rows  # inches under the axes, below the x label
    height = 1.6 + 0.55 * len(plans) + legend_height
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    left = np.zeros(len(pivot))
    palette = [*PLAN_COLOURS, "#999999", "#BBBBBB", "#777777"]
    y = np.arange(len(pivot))[::-1]
    for colour, component in zip(palette, pivot.columns):
        values = pivot[component].to_numpy()
        axes.barh(
            y,
            values,
            left=left,
            color=colour,
            height=0.6,
            label=component.replace("bonus_", "bonus: ").replace("_", " "),
        )
        left += values
    axes.set_yticks(y, [plan_label(p, baseline) for p in pivot.index])
    axes.xaxis.set_major_formatter(_money_axis(currency))
    axes.set_xlabel(f"Mean total pay over the period (million {currency})")
    axes.grid(axis="y", visible=False)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, ncol=4, fontsize=9, loc="lower center", frameon=False)
    largest = pivot.mean().idxmax().replace("_", " ")
    axes.set_title(f"{largest.capitalize()} is the largest part of pay", fontsize=12)
    figure.tight_layout(rect=(0, legend_height / height, 1, 1))
    return figure


# ---------------------------------------------------------------------------------------
# Keep-whole view (replay on actuals)
# ---------------------------------------------------------------------------------------


def keep_whole_chart(
    table: pd.DataFrame,
    plan: str,
    baseline: str,
    currency: str = "CNY",
    threshold: float = 0.05,
) -> Figure:
    """Each rep's change in total pay under ``plan`` against the baseline, sorted, with the
    loss line at ``-threshold``: reps beyond it (the ones to keep whole) in vermillion.
    ``table`` is api.keep_whole_table output (``pct_change``, ``change``,
    ``loses_over_threshold``, ``rep_id``). Reps paid nothing under the baseline have no %
    change and are left out of the bars (named in the title's count)."""
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
    count = int(table["loses_over_threshold"].sum())
    cost = float(-table.loc[table["loses_over_threshold"], "change"].sum())
    if count:
        title = (
            f"{count} of {len(table)} reps would lose more than {100 * threshold:g}% under "
            f"{plan}; keeping them whole costs {cost:,.0f} {currency}"
        )
    else:
        title = f"No rep would lose more than {100 * threshold:g}% under {plan}"
    axes.set_title(wrap_title(title, 80), fontsize=12)
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
    low = min(float(pct.min()) if len(pct) else 0.0, limit)
    high = max(float(pct.max()) if len(pct) else 0.0, 0.0)
    pad = 0.08 * (high - low)
    axes.set_ylim(low - pad, high + pad)
    figure.tight_layout(rect=(0, 0.35 / height, 1, 1))
    return figure


def keep_whole_plans_chart(by_plan: pd.DataFrame, currency: str = "CNY") -> Figure:
    """Cost of keeping whole every rep who would lose more than 5%, one bar per plan, each
    labelled with how many reps that is (api.keep_whole_by_plan output)."""
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
    axes.set_yticks(y, [literal(p) for p in rows["plan"]])
    axes.set_xlim(0, max(top, 1.0) * 1.45)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    axes.set_xlabel(f"Cost of keeping whole the reps who lose more than 5% ({currency})")
    axes.grid(axis="y", visible=False)
    if len(rows) and top > 0:
        worst = rows.iloc[-1]
        title = (
            f"{worst['plan']} needs the largest keep-whole budget: {worst['keep_whole_cost']:,.0f} "
            f"{currency} for {worst['reps_losing_over_threshold']} reps"
        )
    else:
        title = "No plan makes any rep lose more than 5%"
    axes.set_title(wrap_title(title, 70), fontsize=12)
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------------------------------
# Calibration fit (simulated vs actual distributions)
# ---------------------------------------------------------------------------------------

#: Actual first, simulated second: the order calibrate.plot_fit draws them in.
FIT_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermillion"],
)


def calibration_fit_chart(calibration: Any, simulated: Any, currency: str, title: str) -> Figure:
    """calibrate.plot_fit drawn in the report style and Okabe-Ito colours (actual blue,
    simulated orange), under a title that states the finding. Density axes lose their
    tick values (a reader compares shapes, not densities); money axes get their unit."""
    from cycler import cycler

    from salesperf_model.calibrate import plot_fit

    apply_style()
    with plt.rc_context({"axes.prop_cycle": cycler(color=FIT_COLOURS), "axes.titlesize": 11}):
        figure = plot_fit(calibration, simulated)
        for axes in figure.axes:
            name = axes.get_title(loc="center") or axes.get_title(loc="left")
            if name.startswith(("Deal size", "Engage", "Revenue per", "Won deals")):
                axes.set_yticks([])
                axes.set_ylabel("share (density)")
            if name.startswith("Revenue per"):
                axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1e3:,.0f}k"))
                axes.set_xlabel(f"booked revenue per rep and month ({currency})")
            elif name.startswith("Won deals"):
                axes.set_xlabel("won deals per rep and month")
            elif name.startswith("Seasonality"):
                axes.set_xlabel("calendar month")
                axes.set_ylabel("revenue / monthly mean")
        figure.set_size_inches(12, 7.8)
        figure.suptitle(wrap_title(title, 110), fontsize=12, fontweight="bold", x=0.01, ha="left")
        figure.tight_layout(rect=(0, 0, 1, 0.96))
    return figure
