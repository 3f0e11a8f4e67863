"""Sums of measures over review periods, as scoring reads them, and how much of each
period a seat was held.

A seat held for part of a review period (a hire or a leaver by a roster's dates, a roster
move, a vacancy between an exit and the successor) is judged on the months it was held,
as a period the data only partly covers is judged on the months present: a flow's
per-month target counts the months held, a mean (ratings, test scores, response time)
averages over them, weighted by the share of each month held, and a quota target sums
the quota of those months. Without ``meta["in_seat"]`` or ``meta["vacant"]`` every seat
holds every month and scoring reads the data as it is (the same figures, bit for bit).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.periods import PeriodGroups, months_spanned, seat_months, unit_sum
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import seat_labels

#: Measures that describe the region, carried by each of its seats: a region-scope KPI
#: averages them over the region's seats instead of adding them up.
REGION_LEVEL_MEASURES = frozenset({"region_market_size"})


def region_codes(outcomes: Outcomes, column: str = "region") -> tuple[np.ndarray, list[str]]:
    """Integer code of each rep's unit (region, team...) and the unit names."""
    labels = seat_labels(outcomes.reps, column)
    return labels.codes, list(labels.names)


def _measure_sum(outcomes: Outcomes, names: tuple[str, ...]) -> np.ndarray:
    total = outcomes.get(names[0])
    for name in names[1:]:
        total = total + outcomes.get(name)
    return total


class PeriodSums:
    """Sums of measures over review periods, each computed once per run (memo)."""

    def __init__(self, outcomes: Outcomes, reviews: PeriodGroups) -> None:
        self.outcomes, self.reviews, self.cache = outcomes, reviews, {}
        self.codes, self.names = region_codes(outcomes)
        self.share = held_share(outcomes)  # None: every seat held every month
        self._months_held: np.ndarray | None = None

    def held(self, measures: tuple[str, ...], regional: bool = False) -> np.ndarray:
        """Like calling the sums, each period weighted by the share of it the seat was
        held (engine.held_time): a seat's means and quota over the months it held."""
        if self.share is None:
            return self(measures, regional)
        key = (measures, regional, "held")
        if key not in self.cache:
            if regional:
                value = unit_sum(self.held(measures), self.codes, len(self.names))
            else:
                value = self.reviews.sum(_measure_sum(self.outcomes, measures) * self.share)
            self.cache[key] = value
        return self.cache[key]

    def months_held(self) -> np.ndarray:
        """Months each seat held in each review period (engine.held_time)."""
        if self._months_held is None:
            self._months_held = review_months_held(self.outcomes, self.reviews)
        return self._months_held

    def __call__(self, measures: tuple[str, ...], regional: bool = False) -> np.ndarray:
        key = (measures, regional)
        if key not in self.cache:
            if regional:
                value = unit_sum(self(measures), self.codes, len(self.names))
                if set(measures) <= REGION_LEVEL_MEASURES:  # every seat carries the region's
                    seats = np.bincount(self.codes, minlength=len(self.names))[self.codes]
                    value = value / seats[None, :, None]
            else:
                value = self.reviews.sum(_measure_sum(self.outcomes, measures))
            self.cache[key] = value
        return self.cache[key]


def held_share(outcomes: Outcomes) -> np.ndarray | None:
    """(1 or sims, reps, periods): the share of each period the seat was held; None when
    every seat holds every period."""
    if "in_seat" not in outcomes.meta and "vacant" not in outcomes.meta:
        return None
    spanned = months_spanned(outcomes.periods)[None, None, :].astype(float)
    return seat_months(outcomes.periods, outcomes.meta) / spanned


def review_months_held(outcomes: Outcomes, reviews: PeriodGroups) -> np.ndarray:
    """Months held in each review period, (1 or sims, reps or 1, reviews); a period the
    seat never held counts its months present (nobody to judge: scored on the whole
    period, as before, and paid nothing)."""
    months = reviews.months[None, None, :].astype(float)
    if held_share(outcomes) is None:
        return months
    held = reviews.sum(seat_months(outcomes.periods, outcomes.meta))
    return np.where(held > 0, held, months)
