"""Reps by attainment band per plan, and the pay reps meet at each attainment: on
simulations a curve in 10% bins, on one set of actual results the pay of the reps in
each attainment band, each band's reps counted (:func:`pay_view` picks)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.formatting import counted, money
from salesperf_model.present.charts.style import (
    LINE_STYLES,
    MARKERS,
    WIDTH,
    apply_style,
    plan_colours,
    plan_label,
    plan_rounds,
    wrap_title,
)
from salesperf_model.present.plan_titles import plan_title
from salesperf_model.present.sales_views import pay_curve_sentence, steepest_words

#: An attainment bin drawn on the pay curve holds at least this many rep-simulations: a
#: mean of 1 or 3 reps' pay (283,348 CNY at 0-10% of quota) is one rep's story, not the
#: curve reps meet.
MIN_REPS = 30
#: On one set of actual results each rep is a fact, not a draw: no bin needs 30 of them to
#: be stable (the Maven CRM replay has 35 reps in all). Pay is drawn by attainment band
#: with each band's reps counted; a band of one or two reps is left out, as its point
#: would show a person's pay rather than what reps at that attainment earn.
MIN_REPS_ON_ACTUALS = 3


def _legend_below(figure: Figure, axes: plt.Axes, height: float, *, caption: str = "") -> None:
    """The legend in rows under the x label (never over a line), as many columns as the
    longest entry leaves room for within the chart's width, a caption under it, the
    figure grown to hold both."""
    handles, labels = axes.get_legend_handles_labels()
    longest = max((len(label) for label in labels), default=1)
    ncol = max(1, min(4, 160 // (longest + 8)))  # about 160 characters of 9-point text
    rows = -(-len(labels) // ncol)
    below = (0.45 if caption else 0.15) + 0.22 * rows  # inches: caption and legend
    figure.set_size_inches(WIDTH, height + below)
    figure.legend(
        handles,
        labels,
        ncol=ncol,
        loc="lower center",
        bbox_to_anchor=(0.5, (0.4 if caption else 0.05) / (height + below)),
        fontsize=9,
        frameon=False,
    )
    if caption:
        figure.text(0.01, 0.01, caption, fontsize=9, color="#555555")
    figure.tight_layout(rect=(0, below / (height + below), 1, 1))


def attainment_chart(bands: pd.DataFrame, baseline: str, *, title: str) -> Figure:
    """% of reps in each attainment band (x), one line per plan, the baseline dashed grey;
    ``bands`` is ``present.sales_views.attainment_table``."""
    apply_style()
    names = list(dict.fromkeys(bands["plan"]))
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    labels = list(dict.fromkeys(bands["band"]))
    x = np.arange(len(labels))
    figure, axes = plt.subplots(figsize=(WIDTH, 4.6))
    for name in names:
        rows = bands[bands["plan"] == name]
        is_base = name == baseline
        axes.plot(
            x,
            rows["reps_pct"],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            marker=MARKERS[rounds[name]],
            linewidth=2.2 if is_base else 1.6,
            label=plan_label(name, baseline),
        )
    axes.axvspan(
        x[labels.index(next(b for b in labels if b.startswith("100%")))] - 0.5,
        x[-1] + 0.5,
        color="#EEEEEE",
        zorder=0,
    )
    axes.set_xticks(x, labels)
    axes.yaxis.set_major_formatter(PercentFormatter(100))
    axes.set_ylim(bottom=0)
    axes.set_xlabel(
        "Attainment over the year (revenue the plan pays on, as % of quota); shaded: at or above quota"
    )
    axes.set_ylabel("Share of reps")
    axes.set_title(wrap_title(title, 66))
    _legend_below(figure, axes, 4.6)
    return figure


def pay_curve_chart(curves: pd.DataFrame, baseline: str, *, currency: str, title: str) -> Figure:
    """Mean total pay per rep (y) by attainment bin (x), one line per plan; the baseline's
    10th-90th percentile band shaded. ``curves`` is ``present.sales_views.pay_curve_table``;
    bins with fewer than :data:`MIN_REPS` rep-simulations are left out (the caption says
    so), the legend sits under the plot."""
    apply_style()
    names = list(dict.fromkeys(curves["plan"]))
    if "reps" in curves:
        curves = curves[curves["reps"] >= MIN_REPS]
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    figure, axes = plt.subplots(figsize=(WIDTH, 4.8))
    base = curves[curves["plan"] == baseline]
    axes.fill_between(
        base["attainment"],
        base["pay_p10"],
        base["pay_p90"],
        color="#DDDDDD",
        label=f"{plan_label(baseline, baseline)}: 10th to 90th percentile",
    )
    for name in names:
        rows = curves[curves["plan"] == name]
        is_base = name == baseline
        axes.plot(
            rows["attainment"],
            rows["pay_mean"],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            linewidth=2.2 if is_base else 1.6,
            label=plan_label(name, baseline),
        )
    axes.axvline(1.0, color="#999999", linewidth=1, linestyle=":")
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1000:,.0f}k" if v else "0"))
    axes.set_xlabel("Attainment over the year (last point: 190% and above)")
    axes.set_ylabel(f"Total pay per rep over the year ({currency})")
    axes.set_ylim(bottom=0)  # pay from zero: the gap between plans in proportion
    axes.set_title(wrap_title(title, 66))
    caption = (
        f"Mean over the rep-simulations in each 10% bin of attainment; bins with fewer than "
        f"{MIN_REPS} rep-simulations are left out."
    )
    _legend_below(figure, axes, 4.8, caption=caption)
    return figure


def _reps_words(counts: pd.Series) -> str:
    """'7 reps', or '5 to 7 reps' when the plans' attainment (each on its own commission
    basis) puts different reps in the band."""
    low, high = round(float(counts.min())), round(float(counts.max()))
    return counted(high, "rep") if low == high else f"{low} to {counted(high, 'rep')}"


def _at(band: str) -> str:
    """'at 100% to 120%', 'under 50%': a band as the sentence reads it."""
    return band if band.startswith("under") else f"at {band}"


def band_pay_sentence(bands: pd.DataFrame, baseline: str, currency: str) -> str:
    """What the reps at quota (100% to 120%) earn under the baseline against the reps in
    the highest band drawn, and the plans whose pay rises most and least between the two;
    only bands of :data:`MIN_REPS_ON_ACTUALS` reps or more, the ones the chart draws (the
    lowest and highest drawn when the highest is the band at quota)."""
    shown = bands[(bands["reps"] >= MIN_REPS_ON_ACTUALS) & bands["pay_per_rep"].notna()]
    base = shown[shown["plan"] == baseline].set_index("band")
    at_quota = [band for band, low in base["low"].items() if low == 1.0]
    top = base.index[-1]
    low_band = at_quota[0] if at_quota and at_quota[0] != top else base.index[0]
    pay, reps = base["pay_per_rep"], base["reps"].round().astype(int)
    text = f"Under {plan_title(baseline)}, the {counted(reps[low_band], 'rep')} {_at(low_band)}"
    if low_band == top:
        return text + f" of quota earn {money(pay[top], currency)} a year on average"
    text += (
        f" of quota earn {money(pay[low_band], currency)} a year on average, the "
        f"{reps[top]} {_at(top)} {money(pay[top], currency)}"
    )
    if pay[low_band] <= 0:  # nothing paid at the lower band: no ratio to give
        return text
    text += f" (x{pay[top] / pay[low_band]:.2f})"
    rises = {}
    for name, rows in shown[shown["plan"] != baseline].groupby("plan", sort=False):
        own = rows.set_index("band")["pay_per_rep"]
        if low_band in own and top in own and own[low_band] > 0:
            rises[name] = own[top] / own[low_band]
    return text + steepest_words(rises)


def band_pay_chart(bands: pd.DataFrame, baseline: str, *, currency: str, title: str) -> Figure:
    """Pay per rep (y) in each attainment band (x) on one set of actual results, one line
    per plan, the baseline dashed grey; under each band the reps it holds; bands of fewer
    than :data:`MIN_REPS_ON_ACTUALS` reps are left out (the caption says so). ``bands`` is
    ``present.sales_views.attainment_table``."""
    apply_style()
    names = list(dict.fromkeys(bands["plan"]))
    colours, rounds = plan_colours(names, baseline), plan_rounds(names, baseline)
    labels = list(dict.fromkeys(bands["band"]))
    x = np.arange(len(labels))
    figure, axes = plt.subplots(figsize=(WIDTH, 4.8))
    for name in names:
        rows = bands[bands["plan"] == name].set_index("band").reindex(labels)
        pay = rows["pay_per_rep"].where(rows["reps"] >= MIN_REPS_ON_ACTUALS)
        is_base = name == baseline
        axes.plot(
            x,
            pay.to_numpy(dtype=float),
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            marker=MARKERS[rounds[name]],
            linewidth=2.2 if is_base else 1.6,
            label=plan_label(name, baseline),
        )
    counts = bands.groupby("band", sort=False)["reps"]
    axes.set_xticks(x, [f"{band}\n{_reps_words(counts.get_group(band))}" for band in labels])
    quota = next((i for i, band in enumerate(labels) if band.startswith("100%")), None)
    if quota is not None:
        axes.axvspan(quota - 0.5, x[-1] + 0.5, color="#EEEEEE", zorder=0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1000:,.0f}k" if v else "0"))
    axes.set_xlabel(
        "Attainment over the year, and the reps in each band; shaded: at or above quota"
    )
    axes.set_ylabel(f"Total pay per rep over the year ({currency})")
    axes.set_ylim(bottom=0)  # pay from zero: the gap between plans in proportion
    axes.set_title(wrap_title(title, 66))
    caption = (
        f"Mean pay of the reps in each band on the actual results; bands with fewer than "
        f"{MIN_REPS_ON_ACTUALS} reps are left out."
    )
    _legend_below(figure, axes, 4.8, caption=caption)
    return figure


def pay_view(
    curves: pd.DataFrame, bands: pd.DataFrame, baseline: str, *, currency: str, replay: bool
) -> tuple[Figure | None, str]:
    """The pay reps meet at each attainment and its finding, never an empty chart under
    a title quoting figures: on simulations :func:`pay_curve_chart` (``curves``, 10% bins
    of :data:`MIN_REPS` rep-simulations or more), on one set of actual results
    (``replay``) :func:`band_pay_chart` (``bands``). When the baseline has no bin or band
    that full: no figure (None) and a plain sentence saying why."""
    if replay:
        base = bands[bands["plan"] == baseline]
        if not ((base["reps"] >= MIN_REPS_ON_ACTUALS) & base["pay_per_rep"].notna()).any():
            return None, (
                f"Pay by attainment is not drawn: no band of attainment holds "
                f"{MIN_REPS_ON_ACTUALS} reps or more under {plan_title(baseline)} "
                f"({counted(int(base['reps'].sum()), 'rep')} in all), and a point for one or two "
                "reps would show a person's pay"
            )
        finding = band_pay_sentence(bands, baseline, currency)
        return band_pay_chart(bands, baseline, currency=currency, title=finding), finding
    base = curves[curves["plan"] == baseline]
    if not (base["reps"] >= MIN_REPS).any():
        return None, (
            f"Pay by attainment is not drawn: no 10% band of attainment holds {MIN_REPS} "
            f"rep-simulations or more under {plan_title(baseline)}; more simulations would fill it"
        )
    # the title quotes only bins the chart draws
    finding = pay_curve_sentence(curves[curves["reps"] >= MIN_REPS], baseline, currency)
    return pay_curve_chart(curves, baseline, currency=currency, title=finding), finding
