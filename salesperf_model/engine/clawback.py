"""Clawback: commission paid on booked revenue that is later cancelled, taken back when the cancellation lands.

Rules (stated once):

- **What is reversed**: revenue booked in month b and cancelled ``lag`` months later
  (``revenue_cancelled_booked`` and ``cancellation_lag`` in the outcomes, at most the
  month's booked revenue) has its commission reversed when ``lag <=
  pay.clawback.window_months``; a later cancellation keeps its commission.
- **At the rate it was paid**: the reversal is ``share`` x the cancelled revenue x the
  effective rate the rep was paid on the settlement that holds month b: commission paid
  for that settlement / its commission-base revenue (booked). On tiered or accelerated
  curves this is the settlement's average rate (what the deal actually earned on
  average), not the top tier's marginal rate; credit factors, product rates, caps and
  minimums are in it because they are in what was paid. A negative rate (a negative
  true-up) reverses nothing. On a year-to-date basis the settlement's payment is its
  true-up, so the rate is the true-up over the settlement's revenue (an approximation:
  the year's average rate to date would spread it differently between settlements).
- **When**: in the month the cancellation lands, or, when that is before the
  settlement's commission is paid (a quarterly settlement), in the month it is paid:
  a commission is never reversed before it is paid. A cancellation landing after the
  last month is outside the results.
- **Component**: a NEGATIVE ``clawback`` component, apart from ``commission`` so that
  statements and cost tables show both what was paid and what was taken back (the
  total pay nets them).
- **Cash basis**: commission on collected revenue has nothing to claw back (cancelled
  revenue is never collected, so never paid on): the component is 0.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.periods import PeriodGroups, fiscal_start, period_groups
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Pay
from salesperf_model.schema.clawback import Clawback
from salesperf_model.tables import months_of


def clawback_words(rule: Clawback) -> str:
    """The clawback rule in one sentence."""
    amount = "in full" if rule.share >= 1 else f"{rule.share:.0%} of it"
    return (
        f"Clawback: commission on booked revenue cancelled within {rule.window_months} months "
        f"of booking is taken back ({amount}) at the rate it was paid, when the cancellation "
        "lands."
    )


def landing_period(periods: list[str], lag: np.ndarray) -> np.ndarray:
    """Index of the period each cell's cancellation lands in (booked in its own period,
    ``lag`` months later), or ``len(periods)`` when it lands after the last."""
    first, spans = months_of([str(p) for p in periods])
    first = np.asarray(first, dtype=np.int64)
    end = first[-1] + int(np.asarray(spans)[-1])  # first month after the data
    month = first[None, None, :] + np.rint(lag).astype(np.int64)
    index = np.searchsorted(first, month, side="right") - 1
    return np.where(month >= end, len(periods), index)


def paid_rate(commission: np.ndarray, base: np.ndarray, settle: PeriodGroups) -> np.ndarray:
    """(sims, reps, months): the effective commission rate of each month's settlement,
    commission paid / base revenue over the settlement (0 when negative or no revenue)."""
    rate = np.maximum(ratio(settle.sum(commission), settle.sum(base)), 0.0)
    return rate[..., settle.of_month]


def clawback(
    rule: Clawback,
    commission_plan: Commission,
    outcomes: Outcomes,
    *,
    commission: np.ndarray,
    record: PayRecord | None = None,
) -> np.ndarray:
    """The ``clawback`` component (sims, reps, periods), zero or negative, given the
    ``commission`` paid per month (see the module docstring)."""
    shape = outcomes.shape
    if not rule.enabled or commission_plan.base != "booked":
        if record is not None:
            record.add("=taken back", np.zeros(shape))
        return np.zeros(shape)
    settle = period_groups(
        outcomes.periods, commission_plan.settlement, start=fiscal_start(outcomes.meta)
    )
    booked_revenue = outcomes.get("revenue_booked")
    # never more than the month booked: a refund above its deal takes back no more than
    # the deal earned (an import scales such refunds down and reports them too)
    cancelled = np.minimum(
        outcomes.get("revenue_cancelled_booked"), np.maximum(booked_revenue, 0.0)
    )
    lag = outcomes.get("cancellation_lag")
    rate = paid_rate(commission, booked_revenue, settle)
    paid_at = settle.ends[settle.of_month][None, None, :]
    when = np.maximum(landing_period(outcomes.periods, lag), paid_at)
    inside = (cancelled > 0) & (lag <= rule.window_months) & (when < shape[2])
    sim, rep, booked = np.nonzero(inside)
    flat = (sim * shape[1] + rep) * shape[2] + when[sim, rep, booked]
    size = int(np.prod(shape))
    reversed_revenue = np.bincount(flat, weights=cancelled[inside], minlength=size)
    amount = np.bincount(flat, weights=(cancelled * rate)[inside], minlength=size)
    taken = 0.0 - rule.share * amount.reshape(shape)  # 0.0, never -0.0, where none
    if record is not None:
        record.add("cancelled revenue within the window", reversed_revenue.reshape(shape))
        record.add("share taken back", np.full(shape, rule.share), "share")
        record.add("=taken back", taken)
    return taken


def clawback_component(
    plan: Pay,
    outcomes: Outcomes,
    commission: np.ndarray,
    *,
    records: dict[str, PayRecord] | None = None,
) -> np.ndarray:
    """:func:`clawback` for a pay plan; its record (a monthly one) goes into ``records``."""
    record = None
    if records is not None:
        monthly = period_groups(outcomes.periods, "monthly", start=fiscal_start(outcomes.meta))
        record = records["clawback"] = PayRecord(clawback_words(plan.clawback), monthly)
    return clawback(plan.clawback, plan.commission, outcomes, commission=commission, record=record)
