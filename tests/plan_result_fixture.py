"""Test-only stand-ins for the engine's PlanResult and small hand-built Outcomes.

The fake carries exactly the fields docs/architecture.md documents, so measurement code
tested against it only relies on the contract, not on the engine's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesperf_model.outcomes import Outcomes


@dataclass
class FakePlanResult:
    """The documented PlanResult fields, filled by hand."""

    scenario_name: str
    payouts: dict[str, np.ndarray]
    grades: np.ndarray
    attainment: np.ndarray
    review_of_month: np.ndarray
    review_labels: list[str] = field(default_factory=list)
    kpi_points: dict[str, np.ndarray] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    kpi_records: dict = field(default_factory=dict)
    grade_record: object = None
    pay_records: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.grades = np.asarray(self.grades, dtype=np.int8)
        self.band_grades = self.grades.copy()
        self.moved = np.zeros(self.grades.shape, dtype=bool)
        self.points = np.zeros(self.grades.shape)
        self.improvement_flag = self.grades == 3
        self.promotion_flag = self.grades == 0
        if not self.review_labels:
            self.review_labels = [f"R{r + 1}" for r in range(self.grades.shape[2])]

    def total_pay(self) -> np.ndarray:
        return sum(self.payouts.values())


def make_outcomes(
    n_sims: int,
    n_reps: int,
    n_periods: int,
    *,
    roles: list[str] | None = None,
    groups: list[str] | None = None,
    regions: list[str] | None = None,
    tiers: list[int] | None = None,
    measures: dict[str, np.ndarray] | None = None,
    truth: dict[str, np.ndarray] | None = None,
) -> Outcomes:
    """Outcomes of the given shape: quota 100 per rep-month and revenue booked/collected
    100 unless ``measures`` says otherwise."""
    shape = (n_sims, n_reps, n_periods)
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(n_reps)],
            "role": roles or ["new_business"] * n_reps,
            "region": regions or ["north"] * n_reps,
            "region_tier": tiers or [1] * n_reps,
            "team": ["t1"] * n_reps,
            "group": groups or [""] * n_reps,
        }
    )
    base = {
        "quota": np.full(shape, 100.0),
        "revenue_booked_new": np.full(shape, 100.0),
        "revenue_collected_new": np.full(shape, 100.0),
    }
    base.update(
        {
            k: np.broadcast_to(np.asarray(v, dtype=float), shape).copy()
            for k, v in (measures or {}).items()
        }
    )
    truth_arrays = None
    if truth is not None:
        truth_arrays = {
            k: np.broadcast_to(np.asarray(v, dtype=float), shape).copy() for k, v in truth.items()
        }
    return Outcomes(
        reps=reps,
        periods=[f"2026-{m + 1:02d}" for m in range(n_periods)],
        measures=base,
        truth=truth_arrays,
    )


def per_rep(values: list[float], n_sims: int = 1, n_periods: int = 1) -> np.ndarray:
    """(sims, reps, periods) array with values[rep] spread evenly over the periods."""
    v = np.asarray(values, dtype=float)[None, :, None] / n_periods
    return np.broadcast_to(v, (n_sims, len(values), n_periods)).copy()


def fake_result(
    name: str,
    base_salary: np.ndarray,
    commission: np.ndarray,
    grades: np.ndarray | None = None,
    attainment: np.ndarray | None = None,
    review_of_month: np.ndarray | None = None,
) -> FakePlanResult:
    """A plan result with base salary and commission components."""
    sims, reps, periods = base_salary.shape
    if review_of_month is None:
        review_of_month = np.zeros(periods, dtype=int)
    n_reviews = int(np.max(review_of_month)) + 1
    if grades is None:
        grades = np.full((sims, reps, n_reviews), 2)
    if attainment is None:
        attainment = np.ones((sims, reps, periods))
    return FakePlanResult(
        scenario_name=name,
        payouts={
            "base_salary": base_salary,
            "allowances": np.zeros_like(base_salary),
            "commission": commission,
        },
        grades=grades,
        attainment=attainment,
        review_of_month=np.asarray(review_of_month),
    )
