"""Fit the simulation's population to imported actuals: the fit steps in order, and the
``population:`` and ``simulation:`` sections they produce.

Each step is a plain scipy estimator (:mod:`salesperf_model.calibrate.estimators`) on the
cleaned deals (:mod:`salesperf_model.calibrate.fit_deals`) or the rep-month outcomes
(:mod:`salesperf_model.calibrate.fit_reps`, :mod:`salesperf_model.calibrate.fit_spread`). Fitted values set the population fields they
map onto; quantities the population model has no field for stay in the fit table.
"""

from __future__ import annotations

import calendar
from typing import Any

import numpy as np
import pandas as pd

from salesperf_model.actuals import CleanActuals, outcomes_from_deals
from salesperf_model.calibrate.fit_deals import (
    closed_cycle_days,
    fit_big_accounts,
    fit_deal_sizes,
    fit_negotiation_cycle,
    fit_win_rate_at_negotiation,
)
from salesperf_model.calibrate.fit_reps import (
    Pipeline,
    fit_books,
    fit_pipeline,
    fit_quota_attrition_collections,
    fit_seasonality,
)
from salesperf_model.calibrate.fit_spread import fit_repeatability, fit_variation_split
from salesperf_model.calibrate.fit_table import FitInputs, FitTable
from salesperf_model.calibrate.result import Calibration, active_seats, set_field
from salesperf_model.outcomes import ROLES, Outcomes
from salesperf_model.schema import Population


def calibrate(
    actuals: CleanActuals,
    outcomes: Outcomes | None = None,
    *,
    base_population: Population | None = None,
    book_periods: int | None = None,
) -> Calibration:
    """Fit the simulation's parameters to cleaned actuals.

    Parameters
    ----------
    actuals
        From :func:`salesperf_model.actuals.read_actuals`.
    outcomes
        Monthly outcomes built from `actuals` (built here when omitted).
    base_population
        The population the calibrated scenario extends (default: the model's defaults);
        unfitted fields (skill effects, tier factors, upsell) are read from it so that the
        fitted totals come out right.
    book_periods
        Months at the end of the window used for the customer-book fits (default: the
        second half), because books are built from nothing when the export starts.
    """
    if actuals.revenue is not None:
        raise ValueError(
            f"mapping {actuals.mapping.name!r}: calibration fits deals (cycle lengths, win "
            "rates, deal sizes) and the mapping's `revenue` table has revenue per rep and "
            "period only; calibrate on a deal export (mapping key `opportunities`)"
        )
    outcomes = outcomes if outcomes is not None else outcomes_from_deals(actuals, period="month")
    if outcomes.meta.get("period", "month") != "month":
        raise ValueError("calibrate needs monthly outcomes (period='month')")
    base = base_population if base_population is not None else Population()
    inputs = FitInputs(actuals, outcomes, base, active_seats(outcomes))
    table = FitTable()

    mix = fit_big_accounts(table, inputs)
    sizes = fit_deal_sizes(table, inputs)
    win_rate = fit_win_rate_at_negotiation(table, inputs)
    fit_negotiation_cycle(table, inputs)
    pipeline = fit_pipeline(table, inputs, win_rate)
    books = fit_books(
        table,
        inputs,
        book_periods=book_periods or max(1, inputs.n_periods // 2),
        mix=mix,
        new_per_month=pipeline.new_per_month,
    )
    season, observed = fit_seasonality(table, inputs)
    icc = fit_repeatability(table, inputs)
    fit_variation_split(
        table,
        inputs,
        icc=icc,
        win_rate=win_rate,
        deal_size_sigma=sizes["sigma"],
        pipeline=pipeline,
        books=books,
    )
    fit_quota_attrition_collections(table, inputs)

    fits = table.frame()
    return Calibration(
        source=actuals.report.source,
        role=inputs.role,
        fits=fits,
        population=_population_section(inputs, fits, season),
        simulation={
            "reps": inputs.n_active,
            "periods": inputs.n_periods,
            "start_period": outcomes.periods[0],
        },
        unmapped=table.unmapped,
        samples=_samples(inputs, pipeline, season),
        notes=[*table.notes, *_fit_notes(inputs, pipeline, observed)],
    )


def _population_section(
    inputs: FitInputs, fits: pd.DataFrame, season: list[float]
) -> dict[str, Any]:
    """The nested `population:` section: every fit that maps onto a field, plus the seat
    structure (one role, the export's regions) and the stated collection rule."""
    section: dict[str, Any] = {}
    for row in fits.dropna(subset=["population_field"]).itertuples():
        if row.population_field == "collections.lag_shares":
            lag = int(row.value)
            set_field(section, "collections.lag_shares", [0.0] * lag + [1.0])
            set_field(section, "collections.shortfall_mean", 0.0)
            continue
        set_field(section, row.population_field, round(float(row.value), 6))
    section["role_shares"] = {name: (1.0 if name == inputs.role else 0.0) for name in ROLES}
    seats = inputs.outcomes.reps[inputs.active]
    regions = seats.groupby("region", sort=True).agg(
        tier=("region_tier", "first"), seat_weight=("rep_id", "size")
    )
    section["regions"] = [
        {"name": str(name), "tier": int(row.tier), "seat_weight": float(row.seat_weight)}
        for name, row in regions.iterrows()
    ]
    set_field(section, "market.seasonality", [round(v, 4) for v in season])
    return section


def _fit_notes(inputs: FitInputs, pipeline: Pipeline, observed: list[int]) -> list[str]:
    """What the reader of the fit must know, in the words of the calibration report that
    shows them: seats left out, won deals that mean something else in the simulation, what
    the seasonality was fitted on."""
    notes = [
        f"{int((~inputs.active).sum())} seats with no deals at all are left out of the fits "
        f"and of the simulated sales force ({inputs.n_active} reps); costs are compared with "
        "the replay on the same seats."
    ]
    if pipeline.deals_won_mean > 2 * pipeline.new_per_month:
        notes.append(
            "The simulation counts only deals with new customers as won deals (repeat orders "
            f"are not deals there): won deals per rep and month are "
            f"{pipeline.deals_won_mean:.1f} in the actuals but about "
            f"{pipeline.new_per_month:.2f} in the calibrated simulation, so KPIs built on won "
            "deals differ for that reason."
        )
    notes.append(
        "Seasonality raises and lowers leads and repeat purchases in the simulation; it is "
        f"fitted on booked revenue per calendar month, {_months_words(observed)}."
    )
    return notes


def _months_words(observed: list[int]) -> str:
    """The calendar months seasonality was observed for, as a reader says them: 'observed
    from March to December (the other months are set to an average month)'."""
    months = sorted(observed)
    names = [calendar.month_name[month] for month in months]
    if len(names) == 12:
        return "observed for every month"
    if not names:
        return "observed for no month (every month is set to an average month)"
    if len(names) > 2 and months == list(range(months[0], months[-1] + 1)):
        shown = f"from {names[0]} to {names[-1]}"
    elif len(names) == 1:
        shown = f"for {names[0]}"
    else:
        shown = "for " + ", ".join(names[:-1]) + " and " + names[-1]
    return f"observed {shown} (the other months are set to an average month)"


def _samples(inputs: FitInputs, pipeline: Pipeline, season: list[float]) -> dict[str, np.ndarray]:
    """The actual distributions the fit figure draws beside the fitted ones."""
    return {
        "deal_size": inputs.won["amount"].to_numpy(dtype=float),
        "cycle_days": closed_cycle_days(inputs),
        "revenue_per_rep_month": inputs.active_rep_months("revenue_booked").ravel(),
        "deals_won_per_rep_month": pipeline.won_counts.ravel(),
        "seasonality": np.array(season),
    }
