"""Whether a plan's difference from the baseline is clear of Monte Carlo noise, and the
difference in words with its paired 95% interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.statistics import Z


def clear_difference(row: pd.Series | None) -> bool:
    """A difference whose 95% Monte Carlo interval excludes zero: its interval columns, or
    1.96 standard errors either side (the method section's rule, the same as
    :func:`interval`)."""
    if row is None or pd.isna(row["difference"]):
        return False
    if "difference_low" in row:
        return bool(row["difference_low"] > 0 or row["difference_high"] < 0)
    se = row["difference_se"]
    return (
        bool(abs(row["difference"]) > Z * se) if pd.notna(se) and se > 0 else row["difference"] != 0
    )


def same_in_every_simulation(row: pd.Series) -> bool:
    """No difference at all: zero in every simulation, not a mean near zero."""
    if row["difference"] != 0:
        return False
    if "difference_low" in row and pd.notna(row["difference_low"]):
        return bool(row["difference_low"] == 0 and row["difference_high"] == 0)
    return bool(row.get("difference_se", np.nan) == 0)


def interval(row: pd.Series) -> tuple[float, float]:
    """The 95% paired Monte Carlo interval of a comparison row's difference (from its
    standard error when the table has no interval columns)."""
    if "difference_low" in row and pd.notna(row["difference_low"]):
        return float(row["difference_low"]), float(row["difference_high"])
    se = row.get("difference_se", np.nan)
    half = Z * se if pd.notna(se) else 0.0
    return float(row["difference"] - half), float(row["difference"] + half)


def difference_words(row: pd.Series, digits: int, unit: str = "") -> str:
    """'+0.031, 95% interval +0.020 to +0.042' (the difference against the baseline with
    its paired interval); on one set of actual results the difference alone."""
    low, high = interval(row)

    def signed(value: float) -> str:  # no "-0.000" / "+0.000": a zero has no sign
        text = f"{value:+.{digits}f}"
        return text[1:] if float(text) == 0 else text

    difference = f"{signed(row['difference'])}{unit}"
    if low == high:
        return difference
    return f"{difference}, 95% interval {signed(low)}{unit} to {signed(high)}{unit}"
