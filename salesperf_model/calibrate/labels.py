"""Plain labels for the calibration's fitted quantities (``fit_deals``, ``fit_reps``), the
figures its check compares (``diagnostics.summary_moments``) and their units, for the
calibration page: leadership reads "spread of deal sizes", not "deal size sigma". The
calibration JSON, the CSV tables and the command line keep the names."""

from __future__ import annotations

from collections.abc import Iterable

#: Quantity or checked figure -> what the page calls it. A fitted quantity and a checked
#: figure of the same name mean the same thing and share a label. No label has a comma:
#: the page lists them with commas between.
QUANTITY_LABELS: dict[str, str] = {
    # fit_deals.py: deal sizes, win rate, negotiation cycle
    "big_account_revenue_share": "big accounts' share of revenue",
    "big_deal_multiplier": "size of a big-account deal against a small one",
    "deal_size_median": "median deal size",
    "deal_size_sigma": "spread of deal sizes",
    "deal_size_all_median": "median size of every won deal",
    "deal_size_all_sigma": "spread of every won deal's size",
    "win_rate": "win rate",
    "negotiation_days": "days to close a deal",
    "negotiation_months": "months to close a deal",
    # fit_reps.py, fit_spread.py: pipeline, books, seasonality, repeatability, quota, attrition
    "deals_won_per_rep_month": "won deals per rep and month",
    "deals_won_dispersion_size": "evenness of won deals from month to month",
    "new_customer_deals_per_rep_month": "won deals with new customers per rep and month",
    "visits_per_month": "customer visits per rep and month",
    "book_customers": "customers per rep",
    "repeat_probability": "customers buying again in a month",
    "order_size_mean": "average repeat order",
    "order_size_cv": "variation of repeat order sizes",
    "order_size_sigma": "spread of repeat order sizes",
    "churn_probability": "customers lost in a month",
    "keep_new_customer_share": "new customers the rep keeps",
    "seasonality_observed_months": "calendar months in the export",
    "repeatability_icc": "lasting share of differences between reps",
    "repeatability_of_period_mean": "reliability of a rep's average over the export",
    "between_rep_log_sd": "spread of reps' usual revenue",
    "period_noise_log_sd": "month-to-month swings in a rep's revenue",
    "territory_potential_sigma": "spread of territory potential",
    "rep_month_sigma": "month-to-month swings in a rep's leads",
    "rep_month_noise_unexplained": "month-to-month swings left unexplained",
    "quota_share_of_revenue": "quota as a share of revenue",
    "annual_attrition": "annual attrition",
    "collection_lag_months": "months until revenue is collected",
    # diagnostics.summary_moments: the figures compared, actual against simulated
    "revenue_per_rep_month": "revenue per rep and month",
    "revenue_per_rep_month_sd": "spread of revenue per rep and month",
    "revenue_new_share": "new customers' share of revenue",
    "revenue_big_share": "big accounts' share of revenue",
    "new_customers_per_rep_month": "new customers per rep and month",
    "book_customers_last_month": "customers per rep in the last month",
    "attainment_mean": "average attainment",
}

#: A fit's unit -> the page's; units not listed read as they are ("share per month").
UNIT_LABELS: dict[str, str] = {
    "log units": "log scale",
    "size r": "index (larger: more even)",
    "ratio": "ratio to the average",
    "factor": "times",
}


def quantity_label(quantity: str) -> str:
    """A fitted quantity or checked figure in words; one not in :data:`QUANTITY_LABELS`
    (a calibration file from a newer fit) at least without underscores."""
    return QUANTITY_LABELS.get(quantity, quantity.replace("_", " "))


def unit_label(unit: str, currency: str | None = None) -> str:
    """A fit's unit in words; money with its ``currency`` where it is known ("money (CNY)":
    a bare currency code would read, and align, as a figure)."""
    if unit == "money" and currency:
        return f"money ({currency})"
    return UNIT_LABELS.get(unit, unit)


def unmapped_sentence(quantities: Iterable[str]) -> str:
    """The page's line on the quantities fitted with no setting in the simulation, in
    words; empty when there is none."""
    names = [quantity_label(quantity) for quantity in quantities]
    if not names:
        return ""
    return (
        "Fitted but with no setting in the simulation (shown for information): "
        + ", ".join(names)
        + "."
    )
