"""Pay equity for reading: the pay-equity table (measure.pay_equity) with every measure and
role in words, headcounts in their own columns, each gap said the way it runs ("women
paid 7.9% more than men") and flagged only when it is 5% or more and clear of the
Monte Carlo noise."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.measure.pay_equity import GAP_FLAG_PCT, gap_flag
from salesperf_model.present.format import format_value
from salesperf_model.present.plan_words import role_name
from salesperf_model.present.verdict_words import is_replay

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: Each measure of the pay-equity table in words (EU Directive 2023/970 Art. 9).
MEASURE_WORDS: dict[str, str] = {
    "gender_pay_gap_mean": "Gender pay gap (mean)",
    "gender_pay_gap_median": "Gender pay gap (median)",
    "variable_pay_gap_mean": "Gender gap in variable pay (mean)",
    "variable_pay_gap_median": "Gender gap in variable pay (median)",
    "fixed_pay_gap_mean": "Gender gap in fixed pay (mean)",
    "variable_pay_receipt_male": "Men receiving variable pay",
    "variable_pay_receipt_female": "Women receiving variable pay",
}
#: The unit of a gap and of a share receiving variable pay, in words.
UNIT_WORDS = {"% of male": "% of men's pay", "% of group": "% of the group"}
#: A gap smaller than this (in %) is written as no gap at all.
SAME = 0.05
FLAG_COLUMN = f"flag ({GAP_FLAG_PCT:g}% or more)"


def gap_words(gap: float) -> str:
    """A gap (% of men's pay, positive when women are paid less) the way it runs:
    -7.9 -> 'women paid 7.9% more than men', 4.8 -> 'women paid 4.8% less than men'."""
    if pd.isna(gap):
        return "not measured"
    if abs(gap) < SAME:
        return "women and men paid the same"
    way = "less" if gap > 0 else "more"
    return f"women paid {abs(gap):.1f}% {way} than men"


def role_plural(role: object) -> str:
    """Reps of a role as a group: 'channel_manager' -> 'channel managers', 'all' -> 'all reps'."""
    words = role_name(role)
    return words if words == "all reps" or words.endswith("s") else words + "s"


def _reading(row: pd.Series, *, replay: bool = False) -> str:
    """A gap row in words: which way it runs, and whether it is flagged or noise (on one
    set of actual results a gap is a fact: flagged or not, never noise)."""
    measure = str(row["measure"])
    if "gap" not in measure:
        return ""
    words = gap_words(row["mean"])
    if gap_flag(row["mean"], row["p5"], row["p95"]):
        return f"{words}: {GAP_FLAG_PCT:g}% or more" + ("" if replay else " and clear of the noise")
    if abs(row["mean"]) >= GAP_FLAG_PCT:
        men, women = int(row["reference_reps"]), int(row["comparison_reps"])
        return (
            f"{words}, but within the noise at {men} men and {women} women "
            f"(the 5-95% range includes 0)"
        )
    return words


def pay_equity_rows(table: pd.DataFrame, *, replay: bool = False) -> pd.DataFrame:
    """One plan's rows of the pay-equity table for reading: every measure for all reps,
    then the mean gender pay gap in each role; headcounts of men and women as such, the
    gap in words and ``FLAG`` only where :func:`~salesperf_model.measure.pay_equity.gap_flag`
    holds (5% or more either way, 5-95% range excluding 0). On one set of actual results
    (``replay``) each measure is one figure, its range the figure itself: not shown."""
    keep = (table["category"] == "all") | (table["measure"] == "gender_pay_gap_mean")
    table = table[keep]
    flags = [
        "gap" in str(m) and gap_flag(mean, p5, p95)
        for m, mean, p5, p95 in zip(table["measure"], table["mean"], table["p5"], table["p95"])
    ]
    rows = pd.DataFrame(
        {
            "who": [role_name(c) for c in table["category"]],
            "measure": [MEASURE_WORDS.get(m, str(m).replace("_", " ")) for m in table["measure"]],
            "men (reps)": table["reference_reps"].map(lambda v: f"{v:.0f}"),
            "women (reps)": table["comparison_reps"].map(lambda v: f"{v:.0f}"),
            "mean": table["mean"].map(lambda v: format_value(v, "%")),
            "unit": [UNIT_WORDS.get(u, u) for u in table["unit"]],
            "5-95% range": [
                f"{format_value(a, '%')} to {format_value(b, '%')}"
                for a, b in zip(table["p5"], table["p95"])
            ],
            "reading": [_reading(row, replay=replay) for _, row in table.iterrows()],
            FLAG_COLUMN: ["FLAG" if flag else "" for flag in flags],
        }
    )
    if replay:  # one figure each, not a mean over simulations with its range
        return rows.drop(columns="5-95% range").rename(columns={"mean": "figure"})
    return rows


def pay_equity_for(run: Run, plan: str) -> pd.DataFrame:
    """:func:`pay_equity_rows` of ``plan`` in ``run`` (worded for facts on a replay)."""
    table = run.tables["pay_equity"]
    return pay_equity_rows(table[table["plan"] == plan], replay=is_replay(run))
