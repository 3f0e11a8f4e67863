"""The detail tables of a comparison, formatted for reading: every metric of a plan, the
headline figures, the pay-equity summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.present.format import format_difference, format_value
from salesperf_model.present.glossary import sentence
from salesperf_model.present.summaries import clear_difference

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def metric_table(run: Run, plan: str) -> pd.DataFrame:
    """Every metric of ``plan`` against the baseline, formatted for reading: what it
    measures, unit, baseline, plan, difference with its standard error, and whether the
    plan is better (blank when the metric has no better direction or no clear change)."""
    from salesperf_model.measure import METRICS

    rows = run.tables["comparison"]
    rows = rows[rows["plan"] == plan]
    shown_plan = run.scenarios[plan].display_title if plan in run.scenarios else plan
    table = []
    for _, row in rows.iterrows():
        if pd.isna(row["baseline"]) and pd.isna(row["alternative"]):
            continue  # not measurable here: unavailable_words says which and why
        unit, scale = shown_unit(str(row["metric"]), str(row["unit"]))
        metric = METRICS.get(row["metric"])
        clear = clear_difference(row)
        better = row["better"]
        verdict = (
            ""
            if not clear or pd.isna(better) or better is None
            else ("yes" if better in (True, "True") else "no")
        )
        table.append(
            {
                "metric": metric.label if metric else str(row["metric"]).replace("_", " "),
                "what it measures": (metric.explanation or sentence(metric.description))
                if metric
                else "",
                "unit": UNIT_LABELS.get(unit, unit),
                "baseline": format_value(_scaled(row["baseline"], scale), unit),
                shown_plan: format_value(_scaled(row["alternative"], scale), unit),
                # a difference of two percentages is in points, as is its error
                "difference": format_difference(_scaled(row["difference"], scale), unit),
                "± std. error": format_difference(
                    _scaled(row["difference_se"], scale), unit, signed=False
                ),
                "better?": verdict,
            }
        )
    shown = pd.DataFrame(table)
    if len(shown) and (shown["± std. error"] == "n/a").all():  # one set of actuals
        shown = shown.drop(columns=["± std. error"])
    return shown


def measured(run: Run, metrics: Iterable[str]) -> bool:
    """Whether any of ``metrics`` has a value for any plan (on real data those that need
    the simulation's true skill, or a group column the export lacks, have none)."""
    rows = run.tables["comparison"]
    rows = rows[rows["metric"].isin(list(metrics))]
    return bool(rows[["baseline", "alternative"]].notna().any().any())


def unavailable_words(run: Run) -> list[str]:
    """Which metrics the report leaves out and why, in one or two sentences (instead of a
    table of identical n/a notes)."""
    from salesperf_model.measure import METRICS

    rows = run.tables["comparison"]
    empty = rows.groupby("metric", sort=False)[["baseline", "alternative"]].apply(
        lambda group: group.isna().all().all()
    )
    missing = [name for name, none in empty.items() if none]
    notes = run.tables["notes"]
    truth = [m for m in missing if m in set(notes.get("metric", []))]
    other = [m for m in missing if m not in truth]

    def labels(names: list[str]) -> str:
        return ", ".join(METRICS[n].label if n in METRICS else n.replace("_", " ") for n in names)

    words = []
    if truth:
        words.append(
            "Not measurable on real data, as they need each rep's true skill, which only a "
            f"simulation knows: {labels(truth)}."
        )
    if other:
        words.append(f"Not measurable on these data (no values to compare): {labels(other)}.")
    return words


#: Ratios a reader knows as percentages: pay per unit of revenue is "cost of sales, %".
_PERCENT_RATIOS = ("cost_of_sales_booked", "cost_of_sales_collected")


def shown_unit(metric: str, unit: str) -> tuple[str, float]:
    """The unit a table shows a metric in and the factor from its stored unit: cost of
    sales as a percentage of revenue (0.085 -> 8.5 '% of revenue'), a share as a
    percentage (0.104 -> 10.4 '%'), others unchanged."""
    if metric in _PERCENT_RATIOS:
        return "% of revenue", 100.0
    return ("%", 100.0) if unit == "share" else (unit, 1.0)


def _scaled(value: object, scale: float) -> object:
    return value * scale if isinstance(value, int | float) and scale != 1.0 else value


#: Units as a table's unit column shows them.
UNIT_LABELS = {"money": "money", "money per money": "money per unit of revenue"}

#: Headline figures that are not metrics, in words.
_HEADLINE_LABELS = {
    "change_vs_baseline": "Pay change vs baseline",
    "change_vs_baseline_pct": "Pay change vs baseline (%)",
    "revenue_change_vs_baseline": "Revenue change vs baseline",
    "revenue_change_vs_baseline_pct": "Revenue change vs baseline (%)",
}

#: Units of the headline figures that are not metrics themselves.
_HEADLINE_UNITS = {
    "change_vs_baseline": "money",
    "change_vs_baseline_pct": "%",
    "revenue_change_vs_baseline": "money",
    "revenue_change_vs_baseline_pct": "%",
}


def _over_words(label: str) -> str:
    """'Chance of exceeding the pay budget' -> 'Over the pay budget?' (one set of actual
    results: a plan is over a budget line or not; a chance would be 0% or 100%)."""
    return label.replace("Chance of exceeding", "Over").rstrip("?") + "?"


def headline_table(run: Run) -> pd.DataFrame:
    """The headline figures, one row per figure and one column per plan, formatted; on
    actual results a budget line reads 'yes' / 'no' instead of a chance."""
    from salesperf_model.measure import METRICS

    replay = getattr(getattr(run, "settings", None), "source", "") == "actuals"

    headline = run.tables["headline"].set_index("plan")
    rows = []
    for figure in headline.columns:
        if headline[figure].isna().all():
            continue  # not measurable here (no budget given, no truth on real data)
        unit = _HEADLINE_UNITS.get(figure) or (METRICS[figure].unit if figure in METRICS else "")
        unit, scale = shown_unit(figure, unit)
        label = _HEADLINE_LABELS.get(figure) or (
            METRICS[figure].label if figure in METRICS else figure.replace("_", " ")
        )
        fact = replay and unit == "probability"
        row = {
            "figure": _over_words(label) if fact else label,
            "unit": "" if fact else UNIT_LABELS.get(unit, unit),
        }
        for plan in headline.index:
            title = run.scenarios[plan].display_title if plan in run.scenarios else plan
            value = headline.loc[plan, figure]
            row[title] = (
                ("yes" if value >= 0.5 else "no")
                if fact and pd.notna(value)
                else format_value(_scaled(value, scale), unit, signed=figure.startswith("change"))
            )
        rows.append(row)
    return pd.DataFrame(rows)


def pay_equity_summary(run: Run, plan: str) -> pd.DataFrame:
    """The pay-equity table trimmed for reading: every measure for the whole sales force,
    then the mean gender pay gap in each role; ``flag`` marks gaps of 5% or more."""
    from salesperf_model.measure import METRICS

    table = run.tables["pay_equity"]
    table = table[table["plan"] == plan]
    keep = (table["category"] == "all") | (table["measure"] == "gender_pay_gap_mean")
    table = table[keep]
    return pd.DataFrame(
        {
            "who": table["category"].str.replace("_", " "),
            "measure": [
                METRICS[m].label if m in METRICS else str(m).replace("_", " ")
                for m in table["measure"]
            ],
            "unit": table["unit"],
            "men": table["reference_reps"].map(lambda v: f"{v:.0f}"),
            "women": table["comparison_reps"].map(lambda v: f"{v:.0f}"),
            "mean": table["mean"].map(lambda v: format_value(v, "%")),
            "5-95% range": [
                f"{format_value(a, '%')} to {format_value(b, '%')}"
                for a, b in zip(table["p5"], table["p95"])
            ],
            "flag (>= 5%)": table["flag_5pct"].map(lambda v: "FLAG" if v else ""),
        }
    )
