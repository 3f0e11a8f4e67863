"""Per-rep pay totals of a paid plan: each payout component summed over the horizon."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.outcomes import Outcomes

#: compiled loops, loaded on first use (numba: the text commands never run them)
pay_totals = on_first_use("salesperf_model.measure.sum_kernels", "pay_totals")

#: Payout components that do not depend on results: what is left is variable pay.
FIXED_COMPONENTS: tuple[str, ...] = ("base_salary", "allowances")


class PlanResultLike(Protocol):
    """The fields of ``salesperf_model.engine.run.PlanResult`` the measures read."""

    scenario_name: str
    payouts: dict[str, np.ndarray]
    attainment: np.ndarray
    grades: np.ndarray
    review_of_month: np.ndarray

    def total_pay(self) -> np.ndarray: ...


def rep_totals(result: PlanResultLike) -> dict[str, np.ndarray]:
    """Each payout component summed over the horizon, (simulations, reps); plus ``total``,
    ``fixed`` and ``variable``. A result reduced to its horizon
    (``measure.horizon.HorizonResult``) keeps total and fixed pay per seat only: those,
    and variable pay as their difference."""
    kept = getattr(result, "rep_pay", None)
    if kept is not None:
        if "fixed" not in kept:
            return dict(kept)
        return {**kept, "variable": kept["total"] - kept["fixed"]}
    if not result.payouts:
        raise ValueError(f"plan {result.scenario_name!r}: PlanResult.payouts is empty")
    summed = pay_totals(result.payouts, FIXED_COMPONENTS)  # one compiled pass, same sums
    if summed is not None:
        components, total, fixed = summed
        return {**components, "total": total, "fixed": fixed, "variable": total - fixed}
    components = {
        name: np.asarray(v, dtype=float).sum(axis=2) for name, v in result.payouts.items()
    }
    total = sum(components.values())
    fixed = sum((components[c] for c in FIXED_COMPONENTS if c in components), np.zeros_like(total))
    return {**components, "total": total, "fixed": fixed, "variable": total - fixed}


def attained_quota(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """Each rep's attainment weighted by quota and summed over the horizon, (sims, reps):
    monthly attainment x quota summed over months (divide by the quota summed over months
    for the horizon attainment). A result reduced to its horizon
    (``measure.horizon.HorizonResult``) carries it already."""
    stored = getattr(result, "attained_quota", None)
    if stored is not None:
        return stored
    return (np.asarray(result.attainment) * outcomes.get("quota")).sum(axis=2)
