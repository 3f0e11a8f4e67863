"""The vacancy and turnover metrics: seat-months nobody held, the revenue lost while seats
were empty, and the reps who left (all of them, and those of above-median true skill).

The vacancy metrics are shown only when some seat-month of the outcomes was vacant
(``workforce.time_to_fill_months`` > 0, ``person_id`` -1: ``simulate.vacancy``), the
turnover metrics only when the outcomes follow people (``person_id``) and someone left: a
plan that pays less and drives reps out shows it here, not only in lost revenue.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.vacancy import vacant_months
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.outcomes import Outcomes


def _vacant_seat_months(m: MetricInputs) -> np.ndarray:
    assert m.vacancies is not None  # Metric.requires
    return m.vacancies.sum(axis=(1, 2)).astype(float)


def _leavers(m: MetricInputs) -> np.ndarray:
    assert m.leavers is not None  # Metric.requires
    return 100.0 * m.leavers.sum(axis=(1, 2)) / m.outcomes.n_reps


def _good_leavers(m: MetricInputs) -> np.ndarray:
    """Leavers whose true skill in their last month was above the median of the seats
    held that month (an empty seat has no holder to compare)."""
    assert m.leavers is not None and m.outcomes.truth is not None
    skill = np.asarray(m.outcomes.truth["skill"], dtype=float)[..., :-1]
    if m.vacancies is not None:
        skill = np.where(m.vacancies[..., :-1], np.nan, skill)
    above = skill > np.nanmedian(skill, axis=1, keepdims=True)
    return 100.0 * (m.leavers & above).sum(axis=(1, 2)) / m.outcomes.n_reps


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
    Metric(
        "leavers_per_100_reps",
        label="Reps who left",
        description="reps who left their seat (not promoted), per 100 seats over the horizon",
        explanation=(
            "How many reps left the sales force over the period, per 100 reps: under a "
            "plan that pays less, more leave, and each leaver's seat stands empty and "
            "their successor starts slow (both already cost revenue); recruiting and "
            "training them is not in total pay."
        ),
        unit="per 100 reps",
        higher_is_better=False,
        needs_truth=False,
        definition="count of (rep, month) whose person_id differs the next month and was not -1 (a new person or a vacancy follows; a promotion out of the seat is not counted), per 100 seats; an exit after the last month is not seen",
        compute=_leavers,
        family="cost",
        requires=("leavers",),
    ),
    Metric(
        "good_reps_leaving_per_100_reps",
        label="Good reps who left",
        description="leavers of above-median true skill, per 100 seats over the horizon",
        explanation=(
            "How many of the reps who left were better than the median rep that month, "
            "per 100 reps: the leavers a company most regrets."
        ),
        unit="per 100 reps",
        higher_is_better=False,
        needs_truth=True,
        definition="leavers (as leavers_per_100_reps) whose truth `skill` in their last month was above the median `skill` of the seats held that month, per 100 seats",
        compute=_good_leavers,
        family="cost",
        requires=("leavers",),
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
