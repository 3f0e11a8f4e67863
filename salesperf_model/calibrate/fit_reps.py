"""Fit steps on the fitted seats' rep-months: pipeline, customer books, seasonality, quota,
attrition, collections (the differences between reps: :mod:`.fit_spread`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from salesperf_model.calibrate.estimators import fit_negative_binomial, seasonality_index
from salesperf_model.calibrate.fit_table import FitInputs, FitTable


@dataclass(frozen=True)
class Pipeline:
    """Won deals per rep-month (every won deal, and new-customer deals only)."""

    won_counts: np.ndarray
    deals_won_mean: float
    new_per_month: float


@dataclass(frozen=True)
class Books:
    """The fitted customer book per rep and its monthly repeat-purchase probability."""

    book_mean: float
    repeat_probability: float


def fit_pipeline(table: FitTable, inputs: FitInputs, win_rate: float) -> Pipeline:
    """Won deals per rep-month (negative binomial) and the new-customer deal flow, which
    sets the visits that feed the simulated pipeline at the fitted win rate."""
    profile = inputs.profile
    won_counts = inputs.active_rep_months("deals_won")
    nb = fit_negative_binomial(won_counts)
    table.add(
        "deals_won_per_rep_month",
        nb["mean"],
        "deals",
        n=nb["n"],
        estimator="negative binomial MLE over active rep-months",
        how="the average number of won deals per rep and month",
        note=f"size {nb['size']:.2f}; variance {nb['variance']:.1f} vs Poisson {nb['mean']:.1f}",
    )
    table.add(
        "deals_won_dispersion_size",
        nb["size"],
        "size r",
        n=nb["n"],
        estimator="negative binomial MLE (variance = mu + mu^2 / r)",
        how="how much more the number of won deals varies from rep-month to rep-month than "
        "chance alone would make it (smaller: more)",
        note="dispersion emerges in the simulation from skill, territory and shocks; no field",
    )
    new_per_month = float(inputs.active_rep_months("new_customers").mean())
    negotiations = new_per_month / win_rate
    fixed = profile.leads_per_visit * profile.advance_share
    visits = negotiations / fixed if fixed > 0 else profile.visits_per_month
    rep_months = inputs.n_active * inputs.n_periods
    table.add(
        "new_customer_deals_per_rep_month",
        new_per_month,
        "deals",
        n=rep_months,
        estimator="mean over active rep-months",
        how="the average number of won deals with new customers per rep and month",
        note="the simulation's pipeline wins are its new customers",
    )
    table.add(
        "visits_per_month",
        visits,
        "visits",
        n=rep_months,
        estimator=f"new-customer deals / win rate / (leads_per_visit "
        f"{profile.leads_per_visit:g} x advance_share {profile.advance_share:g}); visits are "
        "not in the export",
        how="the visits it takes to win the export's new-customer deals at the fitted win "
        "rate, with the baseline's leads per visit and share of leads reaching negotiation "
        "(the export records no visits)",
        sets=f"{inputs.role_path}.visits_per_month",
        note="sets the pipeline flow; the split into visits and leads per visit is assumed",
    )
    _note_first_month_new_customers(table, inputs, new_per_month)
    return Pipeline(won_counts, nb["mean"], new_per_month)


#: Share of the export's new customers in its first month above which the inflow is taken
#: as bunched there. A steady inflow puts 1 / months of them in each month (10% over the
#: Maven export's 10 months); more than half in the first month is the mark of accounts
#: that bought before the export, counted new at their first order in it (Maven: 84 of 85).
FIRST_MONTH_NEW_SHARE = 0.5


def _note_first_month_new_customers(
    table: FitTable, inputs: FitInputs, new_per_month: float
) -> None:
    """A known gap when the new customers bunch in the export's first month: the fit's
    steady inflow (the window's mean) then overstates new business after it."""
    new = inputs.active_rep_months("new_customers")
    total, first = float(new.sum()), float(new[:, 0].sum())
    if inputs.n_periods < 2 or total == 0 or first / total <= FIRST_MONTH_NEW_SHARE:
        return
    later_rep_months = new[:, 1:].size
    later = total - first
    table.notes.append(
        f"{first:.0f} of the {total:.0f} new customers ({first / total:.0%}) are counted in "
        "the export's first month: accounts that bought before the export count as new at "
        f"their first order in it. The fit spreads them over all {inputs.n_periods} months "
        f"as a steady inflow ({new_per_month:.3f} per rep and month), while the export has "
        f"{later:.0f} in the {later_rep_months} rep-months after it ({later / later_rep_months:.4f} "
        "per rep and month): the visits, customers lost and new-deal sizes fitted from this "
        "flow, and new-customer KPIs and awards on the simulation, overstate new business "
        "after the first month."
    )


def fit_books(
    table: FitTable,
    inputs: FitInputs,
    *,
    book_periods: int,
    mix: float,
    new_per_month: float,
) -> Books:
    """Customer books from the last `book_periods` months (books start empty at the export);
    repeat order size chosen so that the fitted book's expected existing-customer revenue
    equals the window's mean per rep-month (what a replay pays on), after the big-account
    `mix`, upsell and tier factor; churn set to hold the book steady."""
    profile, role_path, tier_factor = inputs.profile, inputs.role_path, inputs.tier_factor
    last = slice(inputs.n_periods - book_periods, inputs.n_periods)
    book = inputs.active_rep_months("existing_customers")[:, last]
    repeat = inputs.active_rep_months("repeat_customers")[:, last]
    book_mean = float(book.mean())
    repeat_probability = float(repeat.sum() / book.sum()) if book.sum() > 0 else 0.0
    window_existing = float(inputs.active_rep_months("revenue_booked_existing").mean())
    upsell = 1 + profile.upsell_probability * profile.upsell_size_ratio
    expected_orders = book_mean * repeat_probability
    order_mean = (
        window_existing / (expected_orders * mix * upsell * tier_factor)
        if expected_orders > 0
        else profile.order_size_mean
    )
    won = inputs.won
    existing_deals = won.loc[~won["is_new_customer"], "amount"]
    order_cv = (
        float(existing_deals.std() / existing_deals.mean()) if len(existing_deals) > 1 else 0.0
    )
    table.add(
        "book_customers",
        book_mean,
        "customers",
        n=book.size,
        estimator=f"mean book over the last {book_periods} months",
        how=f"the average number of customers a rep serves, over the last {book_periods} months",
        sets=f"{role_path}.book_customers",
    )
    table.add(
        "repeat_probability",
        repeat_probability,
        "share per month",
        n=book.size,
        estimator="repeat customers / book customers",
        how="the share of a rep's customers who buy again in a month",
        sets=f"{role_path}.repeat_probability",
    )
    table.add(
        "order_size_mean",
        order_mean,
        "money",
        n=int(repeat.sum()),
        estimator="mean existing-customer revenue per rep-month / (book x repeat probability), "
        f"divided by big-account mix {mix:.3f}, upsell {upsell:.3f} and tier factor "
        f"{tier_factor:g}",
        how="the average repeat order that gives reps their monthly revenue from existing "
        "customers, after big accounts, upselling and the price level of the reps' regions",
        sets=f"{role_path}.order_size_mean",
    )
    table.add(
        "order_size_cv",
        order_cv,
        "ratio",
        n=len(existing_deals),
        estimator="sd / mean of existing-customer deal sizes",
        how="how widely existing customers' orders vary in size, relative to their average",
    )
    table.add(
        "order_size_sigma",
        float(np.sqrt(np.log1p(order_cv**2))),
        "log units",
        n=len(existing_deals),
        estimator="log-normal sigma with the same coefficient of variation: sqrt(ln(1 + cv^2))",
        how="how widely existing customers' orders vary in size, in the form the simulation "
        "draws repeat orders",
        sets=f"{role_path}.order_size_sigma",
    )
    churn = min(1.0, new_per_month / book_mean) if book_mean > 0 else profile.churn_probability
    table.add(
        "churn_probability",
        churn,
        "share per month",
        n=book.size,
        estimator="not observed: set so that keeping every new customer holds the book steady "
        "(new customers / book)",
        how="not in the export: set so that the customer book holds steady when reps keep "
        "every new customer",
        sets=f"{role_path}.churn_probability",
    )
    table.add(
        "keep_new_customer_share",
        1.0,
        "share",
        n=0,
        estimator="the export shows no hand-off of customers to account managers",
        how="every new customer stays with the rep who won it: the export shows no hand-off "
        "to account managers",
        sets=f"{role_path}.keep_new_customer_share",
    )
    return Books(book_mean, repeat_probability)


def fit_seasonality(table: FitTable, inputs: FitInputs) -> tuple[list[float], list[int]]:
    """Monthly seasonality index of the fitted seats' booked revenue. Returns the twelve
    multipliers and the calendar months observed."""
    totals = pd.Series(
        inputs.active_rep_months("revenue_booked").sum(axis=0), index=inputs.outcomes.periods
    )
    season, observed = seasonality_index(totals)
    table.add(
        "seasonality_observed_months",
        len(observed),
        "months",
        n=len(observed),
        estimator="calendar months in the window",
        how="the calendar months the export covers",
        note="unobserved months set to 1; one year of data: each month is one observation",
    )
    return season, observed


def fit_quota_attrition_collections(table: FitTable, inputs: FitInputs) -> None:
    """The replay's quota as a share of revenue (so simulated attainment runs at the
    replay's level), attrition from reps who stopped closing, and the stated collection
    rule (the export has no cash data)."""
    revenue = inputs.active_rep_months("revenue_booked")
    quota = inputs.active_rep_months("quota")
    table.add(
        "quota_share_of_revenue",
        float(quota.sum() / revenue.sum()),
        "share",
        n=quota.size,
        estimator="sum of the replay's quotas / sum of revenue, active reps",
        how="the replayed quotas as a share of the revenue the same reps booked",
        sets="quota.share_of_potential",
        note="so that simulated attainment runs at the replay's level",
    )
    closing = inputs.active_rep_months("deals_won") + inputs.active_rep_months("deals_lost")
    exits = int((closing[:, -3:].sum(axis=1) == 0).sum())
    exposure = inputs.n_active * inputs.n_periods / 12
    table.add(
        "annual_attrition",
        min(0.99, exits / exposure),
        "share per year",
        n=inputs.n_active,
        estimator="reps with deals who closed none in the last 3 months / rep-years",
        how="reps who had deals but closed none in the export's last 3 months, per rep and year",
        sets="workforce.annual_attrition",
        high=min(0.99, stats.chi2.ppf(0.975, 2 * exits + 2) / 2 / exposure),
    )
    table.add(
        "collection_lag_months",
        inputs.actuals.mapping.collection_lag_months,
        "months",
        n=0,
        estimator="the replay's stated rule (the export has no cash data)",
        how="the replay's stated rule for when revenue is collected (the export has no cash data)",
        sets="collections.lag_shares",
    )
