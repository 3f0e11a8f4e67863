"""The calibration check's figures in words: which figures the fit targets and their
tolerance, each figure's check label, a known-gap sentence for each untargeted figure that
misses, and the chart's headline from the numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.calibrate.labels import quantity_label
from salesperf_model.formatting import percent

if TYPE_CHECKING:
    from salesperf_model.calibrate.result import Calibration
    from salesperf_model.outcomes import Outcomes

#: Tolerances the calibration report checks (the same as tests/test_calibrate.py): revenue
#: per rep-month and attainment within 10%, total pay per seat-month within 6%.
MOMENT_TOLERANCE = 0.10
#: Moments the simulation reproduces by construction of the fit: checked against the
#: tolerance. The others are shown for information; each that misses by more than the
#: tolerance gets a known-gap sentence (:func:`untargeted_gaps`).
TARGETED_MOMENTS = (
    "revenue_per_rep_month",
    "revenue_big_share",
    "win_rate",
    "negotiation_days",
    "new_customers_per_rep_month",
    "book_customers_last_month",
    "attainment_mean",
)
#: Untargeted figures a fit note already explains: the words that note contains.
EXPLAINED_BY_NOTES = {"deals_won_per_rep_month": "won deals per rep and month are"}
#: What an untargeted figure's miss means for the plans compared on the simulation.
CONSEQUENCES = {
    "revenue_per_rep_month_sd": "pay that depends on how far reps spread (tiers above quota, "
    "rankings, top-performer awards) and the fairness figures differ on the simulation",
    "revenue_new_share": "pay and KPIs on new-customer revenue or counts (new-customer "
    "awards) differ on the simulation in the same direction",
    "repeatability_icc": "rankings and grades hold from period to period on the simulation "
    "to a different degree than on the actuals",
    "deals_won_per_rep_month": "KPIs built on won deals differ on the simulation",
}


def _figure(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"


def untargeted_gaps(diagnostics: pd.DataFrame, notes: Sequence[str]) -> list[str]:
    """A sentence for each figure the fit does not target that misses the actual by more
    than :data:`MOMENT_TOLERANCE`, unless a fit note (``notes``) explains it already."""
    sentences = []
    for row in diagnostics.itertuples():
        if row.moment in TARGETED_MOMENTS or abs(row.relative_difference) <= MOMENT_TOLERANCE:
            continue
        explained = EXPLAINED_BY_NOTES.get(str(row.moment))
        if explained and any(explained in note for note in notes):
            continue
        consequence = CONSEQUENCES.get(
            str(row.moment), "KPIs and pay built on it differ on the simulation accordingly"
        )
        sentences.append(
            f"The {quantity_label(str(row.moment))} is not targeted by the fit: "
            f"{_figure(row.simulated)} simulated against {_figure(row.actual)} in the export "
            f"({percent(100 * row.relative_difference, signed=True)}); {consequence}."
        )
    return sentences


def check_label(moment: str, relative_difference: float) -> str:
    """The check column of the figures table: targeted figures within or outside the
    tolerance; untargeted ones say so, and point to the known gaps only when they miss
    (every such miss has a gap sentence or a fit note)."""
    close = abs(relative_difference) <= MOMENT_TOLERANCE
    words = f"{MOMENT_TOLERANCE:.0%}"
    if moment in TARGETED_MOMENTS:
        return f"within {words}" if close else f"OUTSIDE {words}"
    return (
        f"not targeted: within {words}"
        if close
        else f"not targeted: OUTSIDE {words} (see known gaps)"
    )


def seasonality_gap(calibration: Calibration, simulated: Outcomes) -> float:
    """The largest difference, over the simulated calendar months, between the fitted
    seasonality index and the simulated revenue's."""
    months = pd.PeriodIndex(simulated.periods, freq="M").month
    totals = pd.Series(simulated.get("revenue_booked").sum(axis=(0, 1)), index=months)
    by_month = totals.groupby(level=0).mean()
    fitted = np.asarray(calibration.samples["seasonality"])[by_month.index.to_numpy() - 1]
    return float(np.max(np.abs(by_month.to_numpy() / by_month.mean() - fitted)))


def chart_headline(diagnostics: pd.DataFrame, seasonality_gap: float) -> str:
    """The fit chart's headline: whether revenue per rep-month matches in level and spread,
    and seasonality month by month, in words the numbers bear out."""
    gaps = diagnostics.set_index("moment")["relative_difference"]
    level, spread = float(gaps["revenue_per_rep_month"]), float(gaps["revenue_per_rep_month_sd"])
    tolerance = MOMENT_TOLERANCE
    if abs(level) <= tolerance and abs(spread) <= tolerance:
        revenue = f"matches in level ({level:+.0%}) and spread ({spread:+.0%})"
    elif abs(level) <= tolerance:
        more = "more" if spread > 0 else "less"
        revenue = f"matches on average ({level:+.0%}) but spreads {more} ({spread:+.0%})"
    else:
        revenue = f"differs: {level:+.0%} on average, {spread:+.0%} in spread"
    season = (
        f"matches (within {seasonality_gap:.2f} of the fitted index each month)"
        if seasonality_gap <= tolerance
        else f"differs (by up to {seasonality_gap:.2f} of the fitted index in a month)"
    )
    return (
        f"Actual (blue) and simulated (orange): revenue per rep-month {revenue}; seasonality "
        f"{season}; won deals differ by design, as repeat orders are not deals in the simulation"
    )
