"""Which KPIs a plan can score on imported outcomes, and which read as zeros."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import KPI_CATALOG


def kpi_coverage(
    outcomes: Outcomes, weights: dict[str, dict[str, float]] | None = None
) -> pd.DataFrame:
    """Which KPIs can be scored on these outcomes: per KPI (and role, when the plan's
    `scoring.weights` are given, for the roles the outcomes hold), the measures it needs,
    those the outcomes lack (they read as zeros) and those that are assumed, not observed.
    """
    present = set(outcomes.measures)
    assumed = set(outcomes.meta.get("measures_assumed", []))
    if weights is None:
        pairs = [("", name, np.nan) for name in KPI_CATALOG]
    else:
        roles = sorted(set(outcomes.reps["role"]))
        pairs = [(role, kpi, w) for role in roles for kpi, w in weights.get(role, {}).items()]
    rows = []
    for role, name, weight in pairs:
        if name not in KPI_CATALOG:
            raise ValueError(
                f"scoring.weights.{role}.{name}: unknown KPI; known: {sorted(KPI_CATALOG)}"
            )
        kpi = KPI_CATALOG[name]
        needed = list(dict.fromkeys([*kpi.numerator, *kpi.denominator]))
        missing = [m for m in needed if m not in present]
        for group in outcomes.meta.get("measures_unsplit", []):
            for part in (kpi.numerator, kpi.denominator):
                parts = [m for m in group if m in part]
                if parts and len(parts) < len(group):  # only part of a sum the data holds
                    missing += [f"{m} (not told apart)" for m in parts]
        rows.append(
            {
                "role": role,
                "kpi": name,
                "family": kpi.family,
                "weight": weight,
                "measures": ", ".join(needed),
                "missing": ", ".join(missing),
                "assumed": ", ".join(m for m in needed if m in assumed),
                "scorable": not missing,
                "if_absent": ""
                if not missing
                else (
                    "reads as 0: full points for a lower-is-better KPI (misleading)"
                    if kpi.direction == "lower"
                    else "reads as 0: no points"
                ),
            }
        )
    return pd.DataFrame(rows)
