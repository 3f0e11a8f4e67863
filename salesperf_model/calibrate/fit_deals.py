"""Fit steps on the cleaned deals: big accounts, deal sizes, win rate, negotiation cycle."""

from __future__ import annotations

import numpy as np

from salesperf_model.calibrate.estimators import (
    fit_censored_exponential,
    fit_lognormal,
    fit_win_rate,
)
from salesperf_model.calibrate.fit_table import FitInputs, FitTable

DAYS_PER_MONTH = 365.25 / 12


def fit_big_accounts(table: FitTable, inputs: FitInputs) -> float:
    """Big accounts' share of won revenue and how much larger their deals are, from the won
    deals. Returns the big-account mix: the factor by which big deals raise the mean deal."""
    won = inputs.won
    revenue = won["amount"].sum()
    big_share = float(won.loc[won["is_big"], "amount"].sum() / revenue) if revenue > 0 else 0.0
    small_mean = won.loc[~won["is_big"], "amount"].mean()
    big_mean = won.loc[won["is_big"], "amount"].mean()
    multiplier = float(max(1.0, big_mean / small_mean)) if won["is_big"].any() else 1.0
    table.add(
        "big_account_revenue_share",
        big_share,
        "share",
        n=len(won),
        estimator="big-account revenue / revenue",
        how="big accounts' share of the revenue of won deals",
        sets=f"{inputs.role_path}.big_account_share_mean",
    )
    table.add(
        "big_deal_multiplier",
        multiplier,
        "factor",
        n=len(won),
        estimator="mean big-account deal / mean small-account deal (at least 1)",
        how="how many times larger the average won deal with a big account is than with a "
        "small one (at least 1)",
        sets="territory.big_deal_multiplier",
    )
    return 1.0 / (1.0 - big_share + big_share / multiplier)


def fit_deal_sizes(table: FitTable, inputs: FitInputs) -> dict[str, float]:
    """Log-normal deal sizes: the population's (new-customer deals with small accounts,
    divided by the tier factor) and, for the report, every won deal's. Returns the
    population's fit."""
    won, tier_factor, role_path = inputs.won, inputs.tier_factor, inputs.role_path
    new_small = won.loc[won["is_new_customer"] & ~won["is_big"], "amount"].to_numpy()
    size_source = "new-customer deals with small accounts"
    size_words = "won deals with new customers and small accounts"
    if len(new_small) < 30:
        new_small = won.loc[~won["is_big"], "amount"].to_numpy()
        size_source = "all small-account won deals (fewer than 30 new-customer deals)"
        size_words = "every won deal with a small account (too few with new customers)"
    sizes = fit_lognormal(new_small)
    table.add(
        "deal_size_median",
        sizes["median"] / tier_factor,
        "money",
        n=sizes["n"],
        estimator=f"log-normal MLE on {size_source}, divided by the tier factor {tier_factor:g}",
        how=f"the median size of {size_words}, from a curve fitted to their sizes, adjusted "
        "for the price level of the reps' regions",
        sets=f"{role_path}.deal_size_median",
        low=sizes["median_low"] / tier_factor,
        high=sizes["median_high"] / tier_factor,
        note=f"KS distance {sizes['ks_statistic']:.3f}",
    )
    table.add(
        "deal_size_sigma",
        sizes["sigma"],
        "log units",
        n=sizes["n"],
        estimator="log-normal MLE",
        how="how widely the sizes of those deals spread around their median, from the same curve",
        sets=f"{role_path}.deal_size_sigma",
    )
    all_sizes = fit_lognormal(won["amount"].to_numpy())
    table.add(
        "deal_size_all_median",
        all_sizes["median"],
        "money",
        n=all_sizes["n"],
        estimator="log-normal MLE on every won deal",
        how="the median size of every won deal, from a curve fitted to their sizes",
        low=all_sizes["median_low"],
        high=all_sizes["median_high"],
        note=f"KS distance {all_sizes['ks_statistic']:.3f}: deal sizes follow the product "
        "price list, a log-normal is a rough summary",
    )
    table.add(
        "deal_size_all_sigma",
        all_sizes["sigma"],
        "log units",
        n=all_sizes["n"],
        estimator="log-normal MLE on every won deal",
        how="how widely the sizes of every won deal spread around their median",
    )
    return sizes


def fit_win_rate_at_negotiation(table: FitTable, inputs: FitInputs) -> float:
    """Won share of the closed negotiations. Returns the win rate."""
    closed = inputs.closed
    win = fit_win_rate(
        int((closed["stage"] == "won").sum()), int((closed["stage"] == "lost").sum())
    )
    table.add(
        "win_rate",
        win["value"],
        "share",
        n=win["n"],
        estimator="share of closed deals won, with an exact 95% interval",
        how="the share of closed deals that were won",
        sets=f"{inputs.role_path}.win_rate",
        low=win["low"],
        high=win["high"],
    )
    stages = set(inputs.actuals.deals["stage"])
    if "negotiation" in stages or "prospecting" in stages:
        table.notes.append(
            "How long prospecting takes and how many prospects reach negotiation cannot be "
            "told from the export (it records no prospecting dates and no prospects that "
            "dropped out): the baseline's values are kept."
        )
    return win["value"]


def fit_negotiation_cycle(table: FitTable, inputs: FitInputs) -> None:
    """Mean engage-to-close time of deals engaged inside the window, open deals censored at
    the window end; the simulation moves deals monthly, so its cycle is at least a month.

    An open deal older than the longest engage-to-close of any closed deal in the export is
    taken as abandoned (the export has no stage for a deal nobody works on any more) and
    left out: censored as a live negotiation it would stretch the fitted cycle (Maven: 1,078
    such deals made it 83 days against the 48 its closed deals take)."""
    deals, months = inputs.actuals.deals, inputs.actuals.months
    window_start = months[0].start_time
    window_end = months[-1].end_time.normalize()
    engaged = deals[
        deals["engage_date"].notna()
        & (deals["engage_date"] >= window_start)
        & deals["stage"].isin(["won", "lost", "negotiation"])
    ]
    is_closed = engaged["stage"].isin(["won", "lost"]).to_numpy()
    end = engaged["close_date"].where(is_closed, window_end)
    days = (end - engaged["engage_date"]).dt.days.to_numpy(dtype=float)
    closed_days = closed_cycle_days(inputs)
    longest = float(closed_days.max()) if len(closed_days) else np.inf
    abandoned = ~is_closed & (days > longest)
    keep = (days >= 0) & ~abandoned
    cycle = fit_censored_exponential(np.maximum(days[keep], 0.5), is_closed[keep])
    if abandoned.any():
        table.notes.append(
            f"{int(abandoned.sum()):,} deals still open at the export's end had been open "
            f"longer than any deal took to close ({longest:.0f} days): they are taken as "
            "abandoned and left out of the sales cycle, which is fitted on "
            f"{int(is_closed[keep].sum()):,} closed deals and {int((~is_closed[keep]).sum()):,} "
            "younger open ones."
        )
    table.add(
        "negotiation_days",
        cycle["mean"],
        "days",
        n=cycle["n"],
        estimator="exponential MLE, open deals right-censored at the window end, open deals "
        "older than the longest close left out as abandoned",
        how="the average time from engaging a customer to closing the deal, in days, deals "
        "still open counted as open until the export's last day (those open longer than any "
        "deal took to close are taken as abandoned)",
        low=cycle["low"],
        high=cycle["high"],
        note=f"closed deals: mean {closed_days.mean():.0f}, median {np.median(closed_days):.0f} "
        "days (an exponential's median is 0.69 x its mean): the simulation reproduces the "
        "mean, not the shape"
        if len(closed_days)
        else "",
    )
    table.add(
        "negotiation_months",
        max(1.0, cycle["mean"] / DAYS_PER_MONTH),
        "months",
        n=cycle["n"],
        estimator="negotiation_days / 30.44, at least 1 (the simulation moves deals monthly)",
        how="the average time from engaging a customer to closing the deal, in months, at "
        "least one (the simulation moves deals on once a month)",
        low=max(1.0, cycle["low"] / DAYS_PER_MONTH),
        high=max(1.0, cycle["high"] / DAYS_PER_MONTH),
        sets=f"{inputs.role_path}.negotiation_months",
    )


def closed_cycle_days(inputs: FitInputs) -> np.ndarray:
    """Engage-to-close days of the closed deals (the actual distribution the fit figure
    draws)."""
    closed = inputs.closed
    days = (closed["close_date"] - closed["engage_date"]).dt.days.to_numpy(dtype=float)
    return days[np.isfinite(days) & (days >= 0)]
