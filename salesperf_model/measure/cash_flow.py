"""Payout timing: what the whole sales force is paid in each month, by component.

Quarterly and annual bonuses are paid in the last month of their settlement period (the
engine places each payout in its pay month), so the cash a plan needs is lumpy even when
its total is not: finance plans the payroll by these months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.totals import FIXED_COMPONENTS, PlanResultLike

FIXED = "base pay and allowances"

#: Long-term and non-cash components (``pay.long_term``), SPIFs and payout modifiers
#: (``pay.spifs``, ``pay.modifiers``) in words, by prefix.
LONG_TERM_WORDS = {
    "deferred_": "{} (deferred, net of forfeits)",
    "fund_": "{} fund",
    "non_cash_": "{} (non-cash, assigned value)",
    "spif_": "{} SPIF",
    "modifier_": "{} payout modifier",
}


def component_label(name: str) -> str:
    """A payout component in words: base pay and allowances together, each bonus by name."""
    if name in FIXED_COMPONENTS:
        return FIXED
    if name.startswith("bonus_"):
        return name.removeprefix("bonus_").replace("_", " ") + " bonus"
    for prefix, words in LONG_TERM_WORDS.items():
        if name.startswith(prefix):
            return words.format(name.removeprefix(prefix).replace("_", " "))
    return name.replace("_", " ")


def payout_by_month(result: PlanResultLike, periods: list[str]) -> pd.DataFrame:
    """Pay of all reps in each month, per component, mean over simulations.

    Columns: ``period``, one column per component in words (:func:`component_label`,
    money), ``total`` (money), ``share_of_year_pct`` (the month's total over the
    horizon's) and ``cumulative`` (money paid up to and including the month)."""
    by_month: dict[str, np.ndarray] = {}
    # a result reduced to its horizon keeps each component summed over the reps by month
    stored = getattr(result, "pay_by_month", None)
    if stored is None:
        stored = {n: np.asarray(v, dtype=float).sum(axis=1) for n, v in result.payouts.items()}
    for name, over_reps in stored.items():
        monthly = over_reps.mean(axis=0)  # (periods,)
        label = component_label(name)
        by_month[label] = by_month.get(label, 0.0) + monthly
    if len(periods) != len(next(iter(by_month.values()))):
        raise ValueError(
            f"periods: {len(periods)} labels for {len(next(iter(by_month.values())))} months"
        )
    table = pd.DataFrame({"period": list(periods), **by_month})
    total = table[list(by_month)].sum(axis=1)
    table["total"] = total
    with np.errstate(all="ignore"):
        table["share_of_year_pct"] = 100.0 * total / total.sum()
    table["cumulative"] = total.cumsum()
    return table
