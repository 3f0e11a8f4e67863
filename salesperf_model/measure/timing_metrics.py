"""The deal-timing metrics, declared once each: revenue given up in timing discounts and
how bookings bunch at quarter and year ends."""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.periods import month_numbers, months_spanned
from salesperf_model.measure.metric import Metric, MetricInputs


def _booked_by_month(m: MetricInputs) -> np.ndarray:
    """Booked revenue per (simulation, month), all reps."""
    return m.shared("booked_by_month", lambda: m.measure("revenue_booked").sum(axis=1))


def _months(m: MetricInputs) -> np.ndarray:
    """Calendar month (1-12) of each period (0 for a period longer than a month, e.g. a
    quarter of a quarterly import: which of its months a deal fell in is unknown)."""
    _, months = month_numbers(m.outcomes.periods)
    return np.where(months_spanned(m.outcomes.periods) == 1, months, 0)


def _share_in(m: MetricInputs, months: tuple[int, ...]) -> np.ndarray:
    """Share of booked revenue booked in the given calendar months (NaN if none in the
    horizon, periods longer than a month, or no revenue)."""
    booked = _booked_by_month(m)
    chosen = np.isin(_months(m), months)
    total = booked.sum(axis=1)
    if not chosen.any() or (months_spanned(m.outcomes.periods) > 1).any():
        return np.full(len(total), np.nan)
    return np.where(
        total > 0,
        # C-ordered: each simulation's row summed alone, whatever the chunking
        np.ascontiguousarray(booked[:, chosen]).sum(axis=1) / np.where(total > 0, total, 1),
        np.nan,
    )


def _discount_share(m: MetricInputs) -> np.ndarray:
    discount = m.summed("revenue_discount")
    listed = discount + m.summed("revenue_booked")
    return np.where(listed > 0, discount / np.where(listed > 0, listed, 1), np.nan)


TIMING_METRICS: tuple[Metric, ...] = (
    Metric(
        "revenue_lost_to_discounts",
        label="Revenue lost to timing discounts",
        description="share of revenue given up in discounts on deals reps pulled in early",
        unit="share",
        higher_is_better=False,
        needs_truth=False,
        definition="sum of revenue_discount / (booked revenue + revenue_discount), all reps and months",
        compute=_discount_share,
        family="cost",
        explanation="The share of revenue the company gives up in discounts to customers whose deals reps closed early to earn more under the plan.",
        method="Reps who control a deal's close date pull deals into a month where the plan "
        "pays more at the margin, granting the customer `behaviour.pull_discount`; the "
        "discount is revenue the company gives up (Larkin, J. Labor Econ. 2014: 6-8% of "
        "revenue under accelerating quarterly commissions). 0 on imported actuals, which "
        "carry no discounts.",
    ),
    Metric(
        "quarter_end_share",
        label="Bookings in quarter-end months",
        description="share of booked revenue booked in the last month of a quarter",
        unit="share",
        higher_is_better=None,
        needs_truth=False,
        definition="booked revenue in March, June, September and December / all booked revenue (a third when flat, before seasonality)",
        compute=lambda m: _share_in(m, (3, 6, 9, 12)),
        family="cost",
        explanation="The share of the year's bookings signed in the last month of a quarter; about a third when reps do not time deals around quarter ends.",
    ),
    Metric(
        "year_end_share",
        label="Bookings in December",
        description="share of booked revenue booked in December (the fiscal year's last month)",
        unit="share",
        higher_is_better=None,
        needs_truth=False,
        definition="booked revenue in December / all booked revenue (NaN if the horizon has no December)",
        compute=lambda m: _share_in(m, (12,)),
        family="cost",
        explanation="The share of the year's bookings signed in December; it rises when the plan rewards reaching an annual target.",
    ),
)
