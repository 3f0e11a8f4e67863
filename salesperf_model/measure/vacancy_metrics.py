"""The vacancy metrics: seat-months nobody held and the revenue lost while seats were empty.

Shown only when some seat-month of the outcomes was vacant (``workforce.time_to_fill_months``
> 0, ``person_id`` -1: ``simulate.vacancy``); without vacancies the tables are as before.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.vacancy import vacant_months
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.outcomes import Outcomes


def _vacant_seat_months(m: MetricInputs) -> np.ndarray:
    assert m.vacancies is not None  # Metric.requires
    return m.vacancies.sum(axis=(1, 2)).astype(float)


def _revenue_lost(m: MetricInputs) -> np.ndarray:
    assert m.outcomes.truth is not None  # needs_truth
    return np.asarray(m.outcomes.truth["revenue_lost_vacancy"]).sum(axis=(1, 2))


VACANCY_METRICS: tuple[Metric, ...] = (
    Metric(
        "vacant_seat_months",
        label="Months seats stood empty",
        description="seat-months between a rep's exit and the successor's first month",
        explanation=(
            "How many months, added over all seats, nobody held a seat because a leaver's "
            "successor had not started yet: no pay, but no new business either."
        ),
        unit="seat-months",
        higher_is_better=False,
        needs_truth=False,
        definition="count of (rep, month) with person_id = -1 (`workforce.time_to_fill_months` after each exit, cut at the horizon)",
        compute=_vacant_seat_months,
        family="cost",
        requires=("vacancies",),
    ),
    Metric(
        "revenue_lost_to_vacancies",
        label="Revenue lost to empty seats",
        description="expected revenue the empty seats did not keep while vacant",
        explanation=(
            "Sales the company did not make while seats stood empty: the new business an "
            "average rep would have won plus the existing customers' orders colleagues did "
            "not cover (not in revenue booked: the price of the pay saved on empty seats)."
        ),
        unit="money",
        higher_is_better=False,
        needs_truth=True,
        definition="sum of the truth `revenue_lost_vacancy` over reps and months: in each vacant seat-month an average rep's expected new-customer revenue (x that month's season and market shocks) + (1 - `workforce.vacancy_coverage`) x the existing-customer revenue drawn",
        compute=_revenue_lost,
        family="cost",
        requires=("vacancies",),
    ),
)


def vacancy_line(outcomes: Outcomes) -> str:
    """One sentence on the empty seats (mean over simulations), or "" without any."""
    vacant = vacant_months(outcomes)
    if vacant is None:
        return ""
    months = vacant.sum(axis=(1, 2)).mean()
    seats = vacant.shape[1] * vacant.shape[2]
    text = f"Empty seats: {months:,.1f} seat-months ({months / seats:.1%} of all) nobody held"
    if outcomes.truth is not None and "revenue_lost_vacancy" in outcomes.truth:
        lost = outcomes.truth["revenue_lost_vacancy"].sum(axis=(1, 2)).mean()
        booked = outcomes.get("revenue_booked").sum(axis=(1, 2)).mean()
        text += f", revenue lost while empty {lost:,.0f} ({lost / booked:.1%} of revenue booked)"
    return text + " (means over simulations; nothing is paid for an empty seat)"
