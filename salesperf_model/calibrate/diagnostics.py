"""How well a calibrated simulation fits the actuals: the targeted moments side by side,
and the fit figure (actual vs fitted and simulated distributions)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from salesperf_model.calibrate.estimators import icc_consistency
from salesperf_model.calibrate.fit_deals import DAYS_PER_MONTH
from salesperf_model.calibrate.result import Calibration, active_seats, steady_seats
from salesperf_model.outcomes import Outcomes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def summary_moments(outcomes: Outcomes, active: np.ndarray | None = None) -> dict[str, float]:
    """The moments the calibration targets, from any outcome set (actual or simulated,
    pooled over simulations); the lasting share of differences between reps on the seats
    steady enough for it, as in the fit (:func:`steady_seats`)."""
    seats = slice(None) if active is None else active

    def get(name: str) -> np.ndarray:
        return outcomes.get(name)[:, seats]

    revenue, won, lost = get("revenue_booked"), get("deals_won"), get("deals_lost")
    iccs = [
        icc_consistency(np.log1p(revenue[s][steady_seats(revenue[s])]))["icc"]
        for s in range(revenue.shape[0])
    ]
    return {
        "revenue_per_rep_month": float(revenue.mean()),
        "revenue_per_rep_month_sd": float(revenue.std()),
        "revenue_new_share": float(get("revenue_booked_new").sum() / max(revenue.sum(), 1e-9)),
        "revenue_big_share": float(get("revenue_booked_big").sum() / max(revenue.sum(), 1e-9)),
        "deals_won_per_rep_month": float(won.mean()),
        "win_rate": float(won.sum() / max((won + lost).sum(), 1)),
        "new_customers_per_rep_month": float(get("new_customers").mean()),
        "book_customers_last_month": float(get("existing_customers")[..., -1].mean()),
        "repeatability_icc": float(np.mean(iccs)),
        "attainment_mean": float(revenue.sum() / max(get("quota").sum(), 1e-9)),
    }


def fit_diagnostics(
    calibration: Calibration, actual: Outcomes, simulated: Outcomes
) -> pd.DataFrame:
    """Actual vs simulated moments side by side, with the relative difference."""
    got = summary_moments(actual, active_seats(actual))
    sim = summary_moments(simulated)
    got["negotiation_days"], sim["negotiation_days"] = _cycle_days(calibration, simulated)
    table = pd.DataFrame(
        {"moment": list(got), "actual": list(got.values()), "simulated": [sim[k] for k in got]}
    )
    table["relative_difference"] = (table["simulated"] - table["actual"]) / table["actual"].abs()
    return table


def _cycle_days(calibration: Calibration, simulated: Outcomes) -> tuple[float, float]:
    """Engage-to-close days: the closed deals' mean in the export, and the simulated deals'
    realised months in negotiation (stock / flow, Little's law) in days (NaN when the
    simulation did not record them)."""
    days = calibration.samples["cycle_days"]
    actual = float(days.mean()) if len(days) else math.nan
    stages = simulated.meta.get("realised_stage_months", {}).get(calibration.role)
    return actual, float(stages["negotiation"] * DAYS_PER_MONTH) if stages else math.nan


def plot_fit(
    calibration: Calibration, simulated: Outcomes | None = None, *, fitted_values: bool = True
) -> Figure:
    """Side-by-side histograms, actual vs simulated: deal size, cycle length, revenue and
    won deals per rep-month, and the seasonality index, with the fitted values.

    ``fitted_values`` lists the values that set the scenario in a sixth panel (the one
    picture ``salesperf calibrate --figure`` writes); a report shows them as a table
    instead, and the seasonality panel takes the room: its twelve months read apart."""
    import matplotlib.pyplot as plt

    samples = calibration.samples
    fig = plt.figure(figsize=(13, 7))
    grid = fig.add_gridspec(2, 3)
    top = [fig.add_subplot(grid[0, column]) for column in range(3)]
    _deal_size_panel(top[0], calibration)
    _cycle_panel(top[1], calibration)
    sim_revenue = sim_deals = None
    if simulated is not None:
        sim_revenue = simulated.get("revenue_booked").ravel()
        sim_deals = simulated.get("deals_won").ravel()
    _histogram_panel(top[2], samples["revenue_per_rep_month"], sim_revenue, "Revenue per rep-month")
    _histogram_panel(
        fig.add_subplot(grid[1, 0]),
        samples["deals_won_per_rep_month"],
        sim_deals,
        "Won deals per rep-month\n(simulation: new-customer deals only)",
    )
    season = fig.add_subplot(grid[1, 1] if fitted_values else grid[1, 1:])
    _seasonality_panel(season, samples["seasonality"], simulated)
    if fitted_values:
        _fitted_values_panel(fig.add_subplot(grid[1, 2]), calibration)
    fig.suptitle(f"Calibration to {calibration.source}")
    fig.tight_layout()
    return fig


def _deal_size_panel(ax: Axes, calibration: Calibration) -> None:
    """Actual won deal sizes on a log scale, with the log-normal fit to every won deal."""
    deal_size = calibration.samples["deal_size"]
    log_sizes = np.log(deal_size[deal_size > 0])
    ax.hist(log_sizes, bins=40, density=True, alpha=0.6, label="actual won deals")
    grid = np.linspace(log_sizes.min(), log_sizes.max(), 200)
    median, sigma = (
        calibration.value("deal_size_all_median"),
        calibration.value("deal_size_all_sigma"),
    )
    ax.plot(grid, stats.norm(math.log(median), sigma).pdf(grid), label="log-normal fit")
    ax.set_title("Deal size (log scale)")
    ax.set_xlabel("log(money per won deal)")
    ax.legend(fontsize=8)


def _cycle_panel(ax: Axes, calibration: Calibration) -> None:
    """Engage-to-close days of the closed deals, with the fitted exponential."""
    days = calibration.samples["cycle_days"]
    ax.hist(days, bins=30, density=True, alpha=0.6, label="actual (closed deals)")
    mean = calibration.value("negotiation_days")
    grid = np.linspace(0, days.max() if len(days) else 1, 100)
    ax.plot(grid, stats.expon(scale=mean).pdf(grid), label=f"exponential, mean {mean:.0f} days")
    ax.set_title("Engage to close")
    ax.set_xlabel("days")
    ax.legend(fontsize=8)


def _histogram_panel(ax: Axes, actual: np.ndarray, sim: np.ndarray | None, title: str) -> None:
    """Actual values as bars and (when given) simulated ones as an outline, on common bins
    up to the 99.5% quantile."""
    upper = np.quantile(np.concatenate([actual, sim if sim is not None else actual]), 0.995)
    bins = np.linspace(0, upper, 30)
    ax.hist(actual, bins=bins, density=True, alpha=0.6, label="actual")
    if sim is not None:  # an outline over the bars: two fills would mix into a third colour
        ax.hist(sim, bins=bins, density=True, histtype="step", linewidth=2, label="simulated")
    ax.set_title(title)
    ax.legend(fontsize=8)


def _seasonality_panel(ax: Axes, season: np.ndarray, simulated: Outcomes | None) -> None:
    """The fitted monthly index beside the simulated revenue's (when given)."""
    months = np.arange(1, 13)
    ax.bar(months - 0.2, season, width=0.4, label="fitted index")
    if simulated is not None:
        sim_months = pd.PeriodIndex(simulated.periods, freq="M").month
        totals = pd.Series(simulated.get("revenue_booked").sum(axis=(0, 1)), index=sim_months)
        by_month = totals.groupby(level=0).mean()
        ax.bar(by_month.index + 0.2, by_month / by_month.mean(), width=0.4, label="simulated")
    ax.set_xticks(months)
    ax.set_title("Seasonality (revenue index)")
    ax.legend(fontsize=8)


def _fitted_values_panel(ax: Axes, calibration: Calibration) -> None:
    """The values that set the calibrated population, as text."""
    shown = calibration.fits.dropna(subset=["population_field"])
    ax.axis("off")
    text = "\n".join(f"{r.quantity}: {r.value:,.3g}" for r in shown.itertuples())
    ax.text(0, 1, text, va="top", family="monospace", fontsize=7)
    ax.set_title("Fitted values")
