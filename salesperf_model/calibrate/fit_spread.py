"""Fit steps on the differences between reps: how much of the rep-month variation lasts
(repeatability), and its split into territory potential and month-to-month noise, on the
seats steady enough for it."""

from __future__ import annotations

import math

import numpy as np

from salesperf_model.calibrate.estimators import icc_consistency
from salesperf_model.calibrate.fit_reps import Books, Pipeline
from salesperf_model.calibrate.fit_table import FitInputs, FitTable


def fit_repeatability(table: FitTable, inputs: FitInputs) -> dict[str, float]:
    """How much of the rep-month variation in log revenue (after common month effects) is
    lasting between-rep difference, ICC(3,1), and its variance components. Returns the ICC
    fit."""
    revenue = inputs.active_rep_months("revenue_booked")
    _note_unsteady_seats(table, inputs, revenue)
    icc = icc_consistency(np.log1p(revenue[inputs.steady]))
    table.add(
        "repeatability_icc",
        icc["icc"],
        "share",
        n=icc["reps"] * icc["periods"],
        estimator="ICC(3,1), two-way ANOVA of log(1 + monthly booked revenue), months fixed",
        how="the share of the differences in reps' monthly revenue that lasts, once months "
        "good or bad for everyone are set aside",
        low=icc["low"],
        high=icc["high"],
        note="share of rep-month variation (after common month effects) that is lasting",
    )
    table.add(
        "repeatability_of_period_mean",
        icc["icc_mean_of_periods"],
        "share",
        n=icc["reps"],
        estimator="ICC(3,k): reliability of a rep's mean over the window",
        how="how reliably a rep's average over the whole export tells reps apart",
    )
    table.add(
        "between_rep_log_sd",
        math.sqrt(icc["between_rep_variance"]),
        "log units",
        n=icc["reps"],
        estimator="sqrt of the between-rep variance component",
        how="how much reps' usual monthly revenue differs from rep to rep",
    )
    table.add(
        "period_noise_log_sd",
        math.sqrt(icc["period_noise_variance"]),
        "log units",
        n=icc["reps"] * icc["periods"],
        estimator="sqrt of the residual variance",
        how="how much a rep's revenue moves from month to month around the rep's usual level",
    )
    return icc


def _note_unsteady_seats(table: FitTable, inputs: FitInputs, revenue: np.ndarray) -> None:
    """Name the seats with deals left out of the between-rep fit (too few months with
    revenue), with their months."""
    left_out = ~inputs.steady
    if not left_out.any():
        return
    names = inputs.outcomes.reps["rep_id"].to_numpy()[inputs.active][left_out]
    months = (revenue[left_out] > 0).sum(axis=1)
    shown = ", ".join(
        f"{name}: {count} of {inputs.n_periods} months" for name, count in zip(names, months)
    )
    seats, are, they = (
        ("1 seat", "is", "It stays")
        if len(names) == 1
        else (f"{len(names)} seats", "are", "They stay")
    )
    table.notes.append(
        f"{seats} with revenue in fewer than half the export's months ({shown}) {are} "
        "left out of the fit of lasting differences between reps: months without revenue "
        f"would read as a lasting gap. {they} in the other fits and in the simulated sales "
        "force."
    )


def fit_variation_split(
    table: FitTable,
    inputs: FitInputs,
    *,
    icc: dict[str, float],
    win_rate: float,
    deal_size_sigma: float,
    pipeline: Pipeline,
    books: Books,
) -> None:
    """Split the variation between reps: the lasting part into skill (the population's skill
    effects) and territory potential; the period noise that counting noise (Poisson deals,
    log-normal deal and order sizes) and the common shocks leave onto the rep-month lead
    noise (only when new-customer revenue is a large enough share to carry it)."""
    revenue = inputs.active_rep_months("revenue_booked")[inputs.steady]
    new_revenue = inputs.active_rep_months("revenue_booked_new")[inputs.steady]
    new_share = float(new_revenue.sum() / revenue.sum())
    fx = inputs.base.skill_effects
    skill_loading = new_share * (
        fx.visits + fx.leads + fx.deal_size + fx.win_log_odds * (1 - win_rate)
    ) + (1 - new_share) * (fx.repeat + fx.deal_size)
    potential_sigma = math.sqrt(max(0.0, icc["between_rep_variance"] - skill_loading**2))
    table.add(
        "territory_potential_sigma",
        potential_sigma,
        "log units",
        n=icc["reps"],
        estimator=f"sqrt(between-rep variance - skill loading^2), skill loading "
        f"{skill_loading:.3f} from the population's skill effects",
        how="how much reps' territories must differ in potential for revenue to differ from "
        "rep to rep as in the export, once the differences in skill are counted",
        sets="territory.potential_sigma",
    )
    deal_rate = max(pipeline.new_per_month, 1e-9)
    order_rate = max(books.repeat_probability * books.book_mean, 1e-9)
    counting = (
        new_share**2 * math.exp(deal_size_sigma**2) / deal_rate
        + (1 - new_share) ** 2 * 1.5 / order_rate
    )
    shocks = inputs.base.market.regional_shock_sigma**2
    residual = icc["period_noise_variance"] - counting - shocks
    rep_month = math.sqrt(max(0.0, residual)) / max(new_share, 1e-9)
    rep_months = icc["reps"] * icc["periods"]
    if new_share >= 0.2:
        table.add(
            "rep_month_sigma",
            rep_month,
            "log units",
            n=rep_months,
            estimator=f"sqrt(period noise - counting noise {counting:.3f} - regional shocks "
            f"{shocks:.3f}) / new-customer revenue share {new_share:.2f}",
            how="the month-to-month ups and downs of reps' leads left once chance in deal "
            "counts and sizes and market-wide shocks are counted",
            sets="market.rep_month_sigma",
        )
    else:
        table.add(
            "rep_month_noise_unexplained",
            math.sqrt(max(0.0, residual)),
            "log units",
            n=rep_months,
            estimator=f"period noise left after counting noise {counting:.3f} and shocks "
            f"{shocks:.3f}",
            how="the month-to-month ups and downs of reps' revenue left once chance in deal "
            "counts and sizes and market-wide shocks are counted",
            note=f"new-customer revenue is only {new_share:.0%} of revenue: the "
            "population's rep-month noise acts on leads only, so it cannot carry this noise",
        )
