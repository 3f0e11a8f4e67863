"""Outcome variants the cost metrics pay a plan on: everyone exactly at quota (pay at
target) and every sales-money measure scaled up (marginal cost)."""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import label_strings

#: compiled loops, loaded on first use (numba: the text commands never run them)
at_quota_side = on_first_use("salesperf_model.measure.sum_kernels", "at_quota_side")

#: Money measures that scale with sales volume (booked side).
BOOKED_MONEY: tuple[str, ...] = (
    "revenue_booked_new",
    "revenue_booked_existing",
    "revenue_booked_big",
    "revenue_upsell",
    "gross_profit",
    "channel_revenue",
    "new_product_revenue",
    "revenue_cancelled",  # cancellations are a share of what was booked
    "revenue_cancelled_booked",
)
#: Money measures that scale with cash collection (collected side, with what fell due).
COLLECTED_MONEY: tuple[str, ...] = (
    "revenue_collected_new",
    "revenue_collected_existing",
    "revenue_collected_big",
    "receivable",
)

#: Every measure the variants change: a KPI that reads none of them scores the same.
SALES_MONEY: tuple[str, ...] = (*BOOKED_MONEY, *COLLECTED_MONEY)


def _with_measures(outcomes: Outcomes, measures: dict[str, np.ndarray]) -> Outcomes:
    return Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures={**outcomes.measures, **measures},
        truth=outcomes.truth,
        source=outcomes.source,
        meta=outcomes.meta,
    )


def revenue_scaled(outcomes: Outcomes, factor: float) -> Outcomes:
    """The same outcomes with every sales-money measure (booked, collected, receivable,
    big-account, upsell, profit, channel and new-product revenue) times ``factor``.
    Quotas, counts and ratings are unchanged."""
    if not np.isfinite(factor) or factor <= 0:
        raise ValueError(f"revenue scale factor must be a positive number, got {factor!r}")
    names = [n for n in SALES_MONEY if n in outcomes.measures]
    return _with_measures(outcomes, {n: outcomes.measures[n] * factor for n in names})


def revenue_at_quota(outcomes: Outcomes) -> Outcomes:
    """The same outcomes with booked revenue and collected cash each equal to quota in
    every rep-month (100% attainment on either commission base).

    Each side is scaled by quota / actual so its mix (new vs existing, big accounts,
    upsell, profit) is kept; a rep-month with nothing booked (or collected) gets its
    quota as new-customer revenue for new-business reps, existing-customer revenue for
    every other role. ``receivable`` is scaled with collected cash, so the collection
    rate is unchanged where there was cash.
    """
    quota = outcomes.get("quota")
    hunter = label_strings(outcomes.reps, "role") == "new_business"
    updated: dict[str, np.ndarray] = {}
    for family, new, existing, fill in (
        (BOOKED_MONEY, "revenue_booked_new", "revenue_booked_existing", None),
        (COLLECTED_MONEY, "revenue_collected_new", "revenue_collected_existing", "receivable"),
    ):
        measures = {name: outcomes.get(name) for name in family}
        # one compiled pass per side: the factor, every product and the fills per cell
        updated.update(
            at_quota_side(quota, measures, hunter, new=new, existing=existing, fill=fill)
        )
    return _with_measures(outcomes, updated)
