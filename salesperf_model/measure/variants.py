"""Outcome variants the cost metrics pay a plan on: everyone exactly at quota (pay at
target) and every sales-money measure scaled up (marginal cost)."""

from __future__ import annotations

import numpy as np

from salesperf_model.outcomes import Outcomes

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
    names = [n for n in (*BOOKED_MONEY, *COLLECTED_MONEY) if n in outcomes.measures]
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
    hunter = (outcomes.reps["role"].to_numpy() == "new_business")[None, :, None]
    updated: dict[str, np.ndarray] = {}
    for side, family, new, existing in (
        ("booked", BOOKED_MONEY, "revenue_booked_new", "revenue_booked_existing"),
        ("collected", COLLECTED_MONEY, "revenue_collected_new", "revenue_collected_existing"),
    ):
        actual = outcomes.get(f"revenue_{side}")
        has = actual > 0
        with np.errstate(all="ignore"):
            factor = np.where(has, quota / np.where(has, actual, 1.0), 0.0)
        for name in family:
            updated[name] = outcomes.get(name) * factor
        updated[new] = np.where(has, updated[new], np.where(hunter, quota, 0.0))
        updated[existing] = np.where(has, updated[existing], np.where(hunter, 0.0, quota))
        if side == "collected":
            updated["receivable"] = np.where(has, updated["receivable"], quota)
    return _with_measures(outcomes, updated)
