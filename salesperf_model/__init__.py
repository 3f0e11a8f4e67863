"""salesperf_model: simulate sales reps, score, grade and pay them under each plan,
and measure each plan's cost and fairness."""

from salesperf_model.outcomes import MEASURES, ROLES, TRUTH, Outcomes, read_outcomes_csv

__all__ = ["MEASURES", "ROLES", "TRUTH", "Outcomes", "read_outcomes_csv"]
