"""What the engine worked each figure out from, kept beside the result: KPI actuals,
targets and scores, the rank and quota a grading rule used, and each pay component's
calculation values per settlement, so a rep statement reads them instead of
recomputing them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from salesperf_model.engine.periods import PeriodGroups


@dataclass(frozen=True)
class KpiRecord:
    """One KPI as scored: arrays (sims, reps, reviews) and the weight per rep (0: the
    rep's role does not weight the KPI)."""

    actual: np.ndarray
    target: np.ndarray
    score: np.ndarray  #: share of the weight earned (1.0 = at target)
    weight: np.ndarray  #: (reps,)


@dataclass(frozen=True)
class GradeRecord:
    """How a ranking rule (forced or hybrid) placed each rep: rank within the unit
    (1 = best), the unit's name and size, and the counts per grade (S, A, B, C) the
    rule allowed in that unit, (sims, reps, reviews, 4)."""

    scope: str
    unit: list[str]  #: unit name of each rep
    unit_size: np.ndarray  #: (reps,)
    rank: np.ndarray  #: (sims, reps, reviews), 1-based
    counts: np.ndarray  #: (sims, reps, reviews, 4)


@dataclass(frozen=True)
class PayRecord:
    """How one pay component was worked out: its rule in one sentence, its settlement
    periods and named values per settlement, each (sims, reps, settlements).

    ``values`` keep the order they are explained in; a name with a leading ``"="`` is a
    step's result (e.g. ``"=earned"``), and the LAST value is the exact amount paid at
    that settlement (before rounding to the cent), in the settlement's last month. A
    component with no record (a new one) is still listed on a statement with its amount."""

    rule: str
    settle: PeriodGroups
    values: dict[str, np.ndarray] = field(default_factory=dict)
    #: value name -> unit: "money", "share", "ratio", "count", "flag" or "points"
    units: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, values: np.ndarray, unit: str = "money") -> None:
        """Keep one named value (sims, reps, settlements) of this component."""
        self.values[name] = np.asarray(values)
        self.units[name] = unit
