"""The calibration record: the table of fitted values, the scenario sections they set, and
the seats they were fitted on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from salesperf_model.outcomes import Outcomes

#: One row per fitted quantity: its value and 95% interval, unit, sample size, how it was
#: estimated (the estimator for analysts, and ``how``: the same in a sentence for the
#: calibration report's readers), the population field it sets (None: no field) and a note.
FIT_COLUMNS = [
    "quantity",
    "value",
    "ci_low",
    "ci_high",
    "unit",
    "n",
    "estimator",
    "how",
    "population_field",
    "note",
]


@dataclass
class Calibration:
    """Fitted values, where each goes in the scenario, and the data to check the fit.

    ``fits`` has one row per fitted quantity (:data:`FIT_COLUMNS`); ``population`` is the
    nested ``population:`` section to write; ``simulation`` the ``simulation:`` section;
    ``unmapped`` lists fitted quantities the population model has no field for;
    ``samples`` holds the actual distributions (deal sizes, cycle days, rep-month revenue
    and deals) for plots.
    """

    source: str
    role: str
    fits: pd.DataFrame
    population: dict[str, Any]
    simulation: dict[str, int | str]
    unmapped: list[str]
    samples: dict[str, np.ndarray]
    notes: list[str] = field(default_factory=list)

    def value(self, quantity: str) -> float:
        """One fitted value by its quantity name."""
        row = self.fits.loc[self.fits["quantity"] == quantity, "value"]
        if row.empty:
            raise KeyError(f"no fitted quantity {quantity!r}; known: {list(self.fits['quantity'])}")
        return float(row.iloc[0])

    def to_json(self) -> str:
        """The whole calibration (fits, sections, unmapped quantities, notes) as JSON."""
        return json.dumps(
            {
                "source": self.source,
                "role": self.role,
                "fits": self.fits.replace({np.nan: None}).to_dict(orient="records"),
                "population": self.population,
                "simulation": self.simulation,
                "unmapped": self.unmapped,
                "notes": self.notes,
            },
            indent=2,
            default=float,
        )


def active_seats(outcomes: Outcomes) -> np.ndarray:
    """Reps with at least one won or lost deal: the 'no deals at all' seats (absent, left
    or not started; the export cannot tell) would read as zero skill, so they are not fitted."""
    return (outcomes.get("deals_won")[0] + outcomes.get("deals_lost")[0]).sum(axis=1) > 0


#: Share of the export's months a seat must book revenue in to enter the fit of lasting
#: differences between reps (ICC and territory spread). The fit works on log(1 + monthly
#: revenue), so a seat absent most of the window (joined, left, or a handful of deals:
#: log 0 against about 12 for a working month) would read as a huge lasting gap. Half the
#: window is our convention: in the Maven export every one of the 30 reps with deals books
#: revenue in all 10 months, while a rep cut to one deal books in 1.
STEADY_MONTH_SHARE = 0.5


def steady_seats(revenue: np.ndarray) -> np.ndarray:
    """Of a (simulations x) seats x months revenue table, the seats that book revenue in at
    least :data:`STEADY_MONTH_SHARE` of the months."""
    months = revenue.shape[-1]
    return (np.asarray(revenue) > 0).sum(axis=-1) >= STEADY_MONTH_SHARE * months


def set_field(tree: dict[str, Any], dotted: str, value: object) -> None:
    """Set ``a.b.c`` in a nested section, creating the levels on the way."""
    parts = dotted.split(".")
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value
