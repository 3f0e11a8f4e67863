"""What each fit step reads (the cleaned deals and the fitted seats' rep-months) and
writes (a row per fitted quantity)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from salesperf_model.actuals import CleanActuals
from salesperf_model.calibrate.result import FIT_COLUMNS, steady_seats
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Population, RoleProfile


@dataclass
class FitInputs:
    """The export as the fit steps see it: cleaned deals, monthly outcomes, the seats with
    deals (``active``) and the population the calibrated scenario extends (``base``), whose
    unfitted fields (skill effects, tier factors, upsell) the fits must account for."""

    actuals: CleanActuals
    outcomes: Outcomes
    base: Population
    active: np.ndarray

    @property
    def role(self) -> str:
        """The one role the export's reps are fitted as."""
        return self.actuals.mapping.role

    @property
    def profile(self) -> RoleProfile:
        """The base population's profile of that role."""
        return self.base.roles[self.role]

    @property
    def role_path(self) -> str:
        """Dotted prefix of that role's fields in the population section."""
        return f"roles.{self.role}"

    @property
    def n_active(self) -> int:
        return int(self.active.sum())

    @property
    def n_periods(self) -> int:
        return self.outcomes.n_periods

    @cached_property
    def won(self) -> pd.DataFrame:
        """Won deals."""
        deals = self.actuals.deals
        return deals[deals["stage"] == "won"]

    @cached_property
    def closed(self) -> pd.DataFrame:
        """Won and lost deals."""
        deals = self.actuals.deals
        return deals[deals["stage"].isin(["won", "lost"])]

    @cached_property
    def tier_factor(self) -> float:
        """Mean revenue factor of the fitted seats' region tiers: the simulation multiplies
        deal and order sizes by it, so fitted sizes are divided by it."""
        tiers = self.outcomes.reps["region_tier"][self.active]
        factors = self.base.market.tier_revenue_factor
        return float(np.mean([factors[int(t)] for t in tiers]))

    @cached_property
    def steady(self) -> np.ndarray:
        """Of the fitted seats, those steady enough for the fit of lasting differences
        between reps (:func:`steady_seats`)."""
        return steady_seats(self.active_rep_months("revenue_booked"))

    def active_rep_months(self, measure: str) -> np.ndarray:
        """One measure of the actuals for the fitted seats: reps x months."""
        return self.outcomes.get(measure)[0][self.active]


@dataclass
class FitTable:
    """The fits as they are made, in order: rows of :data:`FIT_COLUMNS`, the quantities
    with no population field, and notes on what the data could not identify."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self,
        quantity: str,
        value: float,
        unit: str,
        *,
        n: int,
        estimator: str,
        how: str,
        sets: str | None = None,
        low: float = math.nan,
        high: float = math.nan,
        note: str = "",
    ) -> None:
        """One fitted quantity; ``estimator`` names the method for analysts, ``how`` says it
        in a sentence without formulas for the report's readers; ``sets`` is the population
        field it goes into (dotted path), None when the population model has no field for it."""
        values = [quantity, float(value), float(low), float(high), unit, int(n), estimator, how]
        self.rows.append(dict(zip(FIT_COLUMNS, [*values, sets, note], strict=True)))
        if sets is None:
            self.unmapped.append(quantity)

    def frame(self) -> pd.DataFrame:
        """The fits as a table with :data:`FIT_COLUMNS`."""
        return pd.DataFrame(self.rows, columns=FIT_COLUMNS)
