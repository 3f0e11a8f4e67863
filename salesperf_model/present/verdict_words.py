"""Words every verdict shares: a plan's title in a run, whether the run replays actual
results, a mean with its 95% Monte Carlo interval, and a money change with that interval
(or "a tie" when the interval holds no change)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure.statistics import half_width_factor
from salesperf_model.present.differences import clear_difference, interval

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def plan_title(run: Run, plan: str) -> str:
    """The title leadership reads for ``plan`` (its scenario's ``display_title``; the
    name itself when the run carries no scenario for it)."""
    scenarios = getattr(run, "scenarios", None) or {}
    return getattr(scenarios.get(plan), "display_title", plan)


def is_replay(run: Run) -> bool:
    """Paid on one set of actual results (no simulation, so no noise and no odds)."""
    settings = getattr(run, "settings", None)
    return getattr(settings, "source", "") == "actuals"


class Estimate(NamedTuple):
    """A mean and its 95% Monte Carlo interval (the mean itself on one set of results)."""

    value: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """The interval excludes zero: a difference, not noise."""
        return bool(self.low > 0 or self.high < 0)

    @property
    def exact(self) -> bool:
        """No Monte Carlo error (one set of results, or the same in every simulation)."""
        return self.low == self.high


def estimate(draws: np.ndarray) -> Estimate:
    """The mean of ``draws`` and its 95% interval (mean +- t standard errors,
    ``measure.statistics.half_width_factor``)."""
    values = np.asarray(draws, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return Estimate(np.nan, np.nan, np.nan)
    mean = float(values.mean())
    if values.size == 1:
        return Estimate(mean, mean, mean)
    half = half_width_factor(values.size) * float(values.std(ddof=1)) / np.sqrt(values.size)
    return Estimate(mean, mean - half, mean + half)


def row_estimate(row: pd.Series) -> Estimate:
    """A comparison row's difference against the baseline with its paired interval."""
    low, high = interval(row)
    return Estimate(float(row["difference"]), low, high)


def money_interval(low: float, high: float, currency: str) -> str:
    """'95% interval -6.00 M CNY to -5.95 M CNY'."""
    return (
        f"95% interval {money(low, currency, signed=True)} to {money(high, currency, signed=True)}"
    )


def money_change(row: pd.Series, currency: str, *, baseline: str, replay: bool = False) -> str:
    """A change against the baseline with its percent and 95% interval, e.g. '-5.98 M CNY
    (-6.0%; 95% interval -6.00 M CNY to -5.95 M CNY) against Current plan'; inside the
    interval: '... a tie with Current plan within the simulation noise (95% interval ...)';
    on actual results (or no noise at all) the figure alone."""
    change = money(row["difference"], currency, signed=True)
    pct = percent(row.get("difference_pct", np.nan), signed=True)
    low, high = interval(row)
    if replay or low == high:
        return f"{change} ({pct}) against {baseline}"
    if not clear_difference(row):
        return (
            f"{change} ({pct}), a tie with {baseline} within the simulation noise "
            f"({money_interval(low, high, currency)})"
        )
    value = float(row.get("difference_pct", np.nan))
    if np.isfinite(value) and value != 0 and round(value, 1) == 0:  # clear, not '0.0%'
        pct = f"{value:+.1g}%"
    return f"{change} ({pct}; {money_interval(low, high, currency)}) against {baseline}"


def amount_words(value: Estimate, currency: str, *, more: str, less: str) -> str:
    """'39.84 M CNY less revenue (95% interval 39.72 M CNY to 39.97 M CNY)': a clear
    change by its size, its direction in words (``more`` or ``less``), the interval of
    its size."""
    size = money(abs(value.value), currency)
    words = more if value.value > 0 else less
    if value.exact:
        return f"{size} {words}"
    low, high = sorted((abs(value.low), abs(value.high)))
    return f"{size} {words} (95% interval {money(low, currency)} to {money(high, currency)})"
