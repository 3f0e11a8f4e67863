"""Cancellations and clawbacks: the share of booked deals cancelled later, and the plan rule that reverses their commission.

Two sections, each off by default so that every existing scenario simulates and pays
exactly as before:

- ``population.cancellations`` (a fact about the market): a share of booked deals and
  orders is cancelled or returned, landing 1 to ``window_months`` months after booking;
  cancelled revenue is never collected (simulate/cancellations.py).
- ``pay.clawback`` (a plan rule): commission paid on booked revenue that is cancelled
  within ``window_months`` of booking is reversed, times ``share``, in the month the
  cancellation lands (engine/clawback.py).
"""

from __future__ import annotations

from pydantic import Field

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Share

#: Longest cancellation or clawback window a scenario may state (five years).
MAX_WINDOW_MONTHS = 60


class Cancellations(Section):
    """Booked deals and orders later cancelled or returned."""

    share: Share = Field(
        0.0,
        description="Share of booked deals and repeat orders cancelled or returned after booking (each transaction independently). Default 0: no cancellations, every existing scenario as before. Typical values: order-cancellation benchmarks put 1-3% for e-commerce orders, 2-8% for retail and 3-7% for SaaS subscriptions, below 1% for pre-approved B2B portal orders (Fluent Commerce and Vortex IQ cancellation-rate metric pages); the example scenario uses 3% (assumption: a B2B middle of those ranges).",
        json_schema_extra=unit("share"),
    )
    window_months: int = Field(
        6,
        ge=1,
        le=MAX_WINDOW_MONTHS,
        description="Cancellations land 1 to this many months after booking, each month equally likely (one landing month per rep-month's cancelled revenue; one landing after the last simulated month is not in the results). Default 6: assumption, a common return or cancellation period of B2B contracts (half a year); the same horizon as the clawback windows plans use.",
        json_schema_extra=unit("months"),
    )


class Clawback(Section):
    """Commission on cancelled deals taken back (``pay.clawback``)."""

    window_months: int = Field(
        0,
        ge=0,
        le=MAX_WINDOW_MONTHS,
        description="A cancellation landing at most this many months after the deal was booked has its commission reversed; later ones are kept. Default 0: no clawback (the rule is off). Surveys: about two thirds of companies claw back commission in full on cancellation or non-payment (behaviour-evidence.md, issue 19); 6 to 12 months is the usual window (assumption: practitioner plan templates).",
        json_schema_extra=unit("months"),
    )
    share: Share = Field(
        1.0,
        description="Share of the commission paid on the cancelled revenue that is reversed: 1 = in full (about two thirds of companies, behaviour-evidence.md), 0.5 = half. Default 1.",
        json_schema_extra=unit("share"),
    )

    @property
    def enabled(self) -> bool:
        """True when the rule reverses anything."""
        return self.window_months > 0 and self.share > 0


def window_errors(clawback: Clawback, *, horizon: int) -> list[str]:
    """A clawback window longer than the simulated ``horizon`` (months): an error in
    words. (Cancellations may land after the horizon: they are simply not in the results.)"""
    if clawback.window_months <= horizon:
        return []
    return [
        f"pay.clawback.window_months: {clawback.window_months} months is longer than the "
        f"simulated horizon (simulation.periods = {horizon} months); expected at most {horizon}"
    ]
