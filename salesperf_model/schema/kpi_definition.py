"""What a KPI is: its family, direction, how its actual value is aggregated, its default target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["result", "behaviour", "capability"]
Aggregation = Literal["sum", "ratio", "mean", "rating_360", "growth", "retention", "per_head"]
Direction = Literal["higher", "lower"]
TargetKind = Literal["quota", "fixed"]


@dataclass(frozen=True)
class KpiDefinition:
    """How one KPI's actual value is computed for a review period.

    ``aggregation``:
    - ``sum``: the numerator measures summed over the review period's months;
    - ``ratio``: summed numerator / summed denominator;
    - ``mean``: monthly mean of the numerator measure;
    - ``rating_360``: the 360-degree ratings combined by the plan's rater weights, averaged;
    - ``growth``: this review period's sum / the previous review period's sum - 1;
    - ``retention``: 1 - summed numerator / summed denominator;
    - ``per_head``: the region's summed numerator / the number of reps in the region.

    ``collected_numerator``, when given, replaces ``numerator`` while the quota is set on
    collected cash (``population.quota.basis``): an attainment KPI then compares cash with a
    cash quota, not bookings with it (bookings run above cash by the bad debt and lags).
    ``scope`` ``region`` computes the value on the rep's whole region (regional managers).
    ``default_target`` is per month for flows (scaled by the months in the review period)
    and as-is for ratios, means and ratings.
    """

    name: str
    family: Family
    group: str
    description: str
    numerator: tuple[str, ...]
    aggregation: Aggregation = "sum"
    denominator: tuple[str, ...] = ()
    direction: Direction = "higher"
    scope: Literal["rep", "region"] = "rep"
    target_kind: TargetKind = "fixed"
    default_target: float = 1.0
    unit: str = ""
    collected_numerator: tuple[str, ...] = ()

    @property
    def is_flow(self) -> bool:
        """Flows (sums of money or counts) scale their per-month target with the period length."""
        return self.aggregation in ("sum", "per_head")


#: The brief's weight bands per KPI family, in percent of the total score.
FAMILY_BANDS: dict[str, tuple[float, float]] = {
    "result": (60.0, 70.0),
    "behaviour": (20.0, 30.0),
    "capability": (10.0, 20.0),
}
