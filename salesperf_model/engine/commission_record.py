"""What a rep's statement shows of a commission settlement: quota, base, attainment, the
credit factor, each tier's slice and the true-up, kept as the engine pays (not recomputed)."""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.curves import tier_level, tier_slices
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import ratio
from salesperf_model.schema import Commission


def tier_label(plan: Commission, index: int) -> str:
    """A tier in words: its range (of quota, or in money), rate and slope, and its gate."""
    tier = plan.tiers[index]
    amount = plan.tiers_on == "amount"
    end = plan.tiers[index + 1].start if index + 1 < len(plan.tiers) else plan.tier_end

    def edge(value: float) -> str:
        return f"{value:,.0f}" if amount else f"{value:.0%}"

    span = f"{edge(tier.start)}-{edge(end)}" if end is not None else f"from {edge(tier.start)}"
    unit = "" if amount else " of quota"
    slope = f" + {tier.slope:g} per unit of attainment" if tier.slope else ""
    gate = ", once the annual quota is met" if tier.gated else ""
    return f"tier {index + 1} ({span}{unit} at {tier.rate:.2%}{slope}{gate})"


def keep_commission(
    record: PayRecord,
    plan: Commission,
    at_settlement: tuple[np.ndarray, ...],
    *,
    gate: np.ndarray | None,
    covered: np.ndarray,
    paid: np.ndarray,
    years: np.ndarray,
) -> None:
    """Add one line per figure of each settlement to ``record``: ``at_settlement`` is
    (quota, base revenue, tiered amount, credited amount) summed over the settlement (or
    year to date); ``paid`` what the engine paid; ``years`` each settlement's year."""
    quota, revenue, tiered, credited = at_settlement
    words = "year-to-date " if plan.basis == "year_to_date" else ""
    record.add(f"{words}quota", quota)
    record.add(f"{words}revenue ({plan.base}, commission base)", revenue)
    record.add("attainment", ratio(revenue, quota), "share")
    if plan.paid_on == "margin":
        record.add(f"{words}gross profit (what the tiers read)", tiered)
    if gate is not None:
        record.add("annual quota met (gated tiers in force)", gate, "flag")
    read = revenue if plan.tiers_on == "attainment" else tiered
    factor = np.where(read > 0, ratio(credited, read), 1.0)
    record.add(
        "credit factor (customer, big-account, region and product coefficients)", factor, "ratio"
    )
    if plan.tier_each == "deal":
        record.add("=earned (each deal on the tiers by its own amount)", paid)
    else:
        level = tier_level(plan, quota, read)
        scale = quota if plan.tiers_on == "attainment" else 1.0
        for index, share in enumerate(tier_slices(plan, level, gate)):
            money = np.where((quota > 0) | (plan.tiers_on == "amount"), scale * share, 0.0)
            record.add(tier_label(plan, index), money * factor * covered)
        earned = sum(v for k, v in record.values.items() if k.startswith("tier "))
        if plan.basis == "period":
            record.add("=earned (sum of the tiers)", earned)
        else:
            before = _paid_before(paid, years)
            record.add("=year-to-date earning (sum of the tiers)", earned)
            record.add("already paid this year", before)
            record.add("=true-up (year-to-date earning - already paid)", earned - before)
    record.add("=paid (after cap, minimum, carry-forward or claw-back)", paid)


def _paid_before(paid: np.ndarray, years: np.ndarray) -> np.ndarray:
    """What earlier settlements of the same (calendar or fiscal) year paid, per settlement."""
    before = np.zeros_like(paid)
    for g in range(1, len(years)):
        if years[g] == years[g - 1]:
            before[..., g] = before[..., g - 1] + paid[..., g - 1]
    return before
