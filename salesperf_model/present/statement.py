"""One rep's statement for one review period, read from the engine's records: KPIs,
points, grades and the rule that set them, and every pay component with its calculation.

Pay lines come from ``PlanResult.pay_records`` generically: any component the engine pays
is listed with its amount, and with its calculation values when it keeps a record (a
component without one shows "no calculation record"). The amounts are the engine's own
cent-rounded payouts of the review period's months, so they add up to the total paid.
Beside them the statement says what the plan's warnings say of this rep's figures
(statement_notes.py): KPIs left out, scores set by a floor or cap, pro-rated awards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult
from salesperf_model.formatting import title_words
from salesperf_model.outcomes import Outcomes
from salesperf_model.present.people_lookup import rep_index, review_index, review_months
from salesperf_model.present.statement_notes import left_out, limits, proration_notes
from salesperf_model.schema import GRADES, KPI_CATALOG, Scenario


@dataclass(frozen=True)
class Statement:
    """What one rep is told for one review period."""

    scenario_name: str
    currency: str
    rep: dict[str, str]  #: rep_id, role, region, team
    review: str
    months: list[str]
    #: kpi, description, actual, target, score, weight (used), points, plan_weight, limit
    #: ('floor' or 'cap' where it set the score, else '')
    kpis: pd.DataFrame
    points: float
    band_grade: str
    grade: str
    grade_rule: str
    pay: pd.DataFrame  #: component, rule, settlement, item, value, unit, amount
    components: pd.DataFrame  #: component, amount (to the cent)
    total: float
    #: (first month, last month, plan) of each plan that paid the period's months, when a
    #: plan change (``pay_changes``) moved the rep; empty when the scenario paid them all
    plans: list[tuple[str, str, str]] = field(default_factory=list)
    #: the role's KPIs these data cannot score (kpi, plan_weight, lacking), and the
    #: sentence saying they were left out, not scored 0, and the others scaled up
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame)
    left_out_note: str = ""
    kpi_notes: list[str] = field(default_factory=list)  #: scores a floor or cap set
    #: (component, sentence) for each award pro-rated for months the data lack
    pay_notes: list[tuple[str, str]] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """Every line of the statement as one long table (the CSV): section, item,
        detail, value, unit."""
        rows = [("rep", k, "", v, "") for k, v in self.rep.items()]
        rows += [("period", "review period", "", self.review, "")]
        rows += [("period", "months", "", " ".join(self.months), "")]
        rows += [("plan", f"{first}..{last}", "", name, "") for first, last, name in self.plans]
        if self.left_out_note:
            rows.append(("note", "KPIs left out", "", self.left_out_note, ""))
        rows += [("note", "score set by the plan", "", n, "") for n in self.kpi_notes]
        rows += [("note", c, "pro-rated", n, "") for c, n in self.pay_notes]
        for k in self.kpis.itertuples():
            for column in ("actual", "target", "score", "weight", "points"):
                rows.append(("kpi", k.kpi, column, getattr(k, column), ""))
            rows.append(("kpi", k.kpi, "plan weight", k.plan_weight, ""))
            if k.limit:
                rows.append(("kpi", k.kpi, "score set by", k.limit, ""))
        for k in self.left_out.itertuples():
            rows.append(("kpi left out", k.kpi, "plan weight", k.plan_weight, ""))
            rows.append(("kpi left out", k.kpi, "lacking", k.lacking, ""))
        rows += [
            ("grade", "total points", "", round(self.points, 4), "points"),
            ("grade", "band grade", "", self.band_grade, ""),
            ("grade", "final grade", "", self.grade, ""),
            ("grade", "rule", "", self.grade_rule, ""),
        ]
        for line in self.pay.itertuples():
            rows.append(
                ("pay", line.component, f"{line.settlement} {line.item}", line.value, line.unit)
            )
        for c in self.components.itertuples():
            rows.append(("pay total", c.component, "", f"{c.amount + 0.0:.2f}", self.currency))
        rows.append(("pay total", "total", "", f"{self.total + 0.0:.2f}", self.currency))
        return pd.DataFrame(rows, columns=["section", "item", "detail", "value", "unit"])


def _band_words(scenario: Scenario, grade: str) -> str:
    for band in scenario.grading.bands:
        if band.grade == grade:
            low = f"{band.min_points:g} <= " if band.min_points is not None else ""
            high = f" < {band.max_points:g}" if band.max_points is not None else ""
            return f"{low}points{high}"
    return "below every band"


def grade_rule(
    result: PlanResult, scenario: Scenario, rep: int, *, review: int, simulation: int = 0
) -> str:
    """The rule that set the final grade, in words: the band, and for ranking rules the
    rep's rank in its unit and the counts per grade the rule allowed."""
    grading = scenario.grading
    points = float(result.points[simulation, rep, review])
    band = GRADES[result.band_grades[simulation, rep, review]]
    final = GRADES[result.grades[simulation, rep, review]]
    words = f"{points:.1f} points fall in the {band} band ({_band_words(scenario, band)})."
    record = result.grade_record
    if grading.method == "absolute" or record is None:
        return f"Absolute bands: {words} The final grade is the band grade."
    rank = int(record.rank[simulation, rep, review])
    size = int(record.unit_size[rep])
    counts = record.counts[simulation, rep, review]
    quota = ", ".join(f"{g} {int(c)}" for g, c in zip(GRADES, counts))
    unit = "the company" if record.scope == "company" else f"{record.scope} {record.unit[rep]}"
    how = (
        "forced distribution"
        if grading.method == "forced"
        else "bands, with each grade's count kept within its share range"
    )
    text = (
        f"{title_words(how)}, in {unit} ({size} reps): {words} Ranked {rank} of {size}; "
        f"the rule grades {quota} in rank order."
    )
    if final != band:
        code = GRADES.index(final)
        first, last = int(counts[:code].sum()) + 1, int(counts[: code + 1].sum())
        direction = "down" if code > GRADES.index(band) else "up"
        text += (
            f" The rule moved the grade {direction} from {band} to {final}: "
            + (f"rank {first} is" if first == last else f"ranks {first}-{last} are")
            + f" graded {final}."
        )
    else:
        text += f" The final grade is the band grade, {final}."
    same_unit = np.asarray(record.unit) == record.unit[rep]
    tied = np.sum(result.points[simulation, same_unit, review] == points) > 1
    if tied and grading.tie_rule == "same_grade":
        text += " Reps tied on points share the best grade any of them reaches."
    return text


def _kpi_table(
    result: PlanResult, rep: int, review: int, simulation: int, *, plan: dict[str, float]
) -> pd.DataFrame:
    rows = []
    for name, record in result.kpi_records.items():
        weight = float(record.weight[rep])
        if weight <= 0:
            continue
        rows.append(
            {
                "kpi": name,
                "description": KPI_CATALOG[name].description,
                "actual": float(record.actual[simulation, rep, review]),
                "target": float(record.target[simulation, rep, review]),
                "score": float(record.score[simulation, rep, review]),
                "weight": weight,
                "points": float(result.kpi_points[name][simulation, rep, review]),
                "plan_weight": plan.get(name, weight),
            }
        )
    columns = ["kpi", "description", "actual", "target", "score", "weight", "points"]
    return pd.DataFrame(rows, columns=[*columns, "plan_weight"])


def _pay_lines(
    result: PlanResult, rep: int, months: np.ndarray, simulation: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Calculation lines of every component whose record settles in these months, and
    each component's amount paid in them (the engine's cents)."""
    lines, amounts = [], []
    for component, paid in result.payouts.items():
        amount = round(float(paid[simulation, rep, months].sum()), 2)
        amounts.append({"component": component, "amount": amount})
        record = result.pay_records.get(component)
        if record is None:
            lines.append((component, "", "", "no calculation record", "", "", amount))
            continue
        settled = [g for g, end in enumerate(record.settle.ends) if end in set(months)]
        last = list(record.values)[-1] if record.values else None
        for g in settled:
            label = record.settle.labels[g]
            for name, values in record.values.items():
                value = values[simulation, rep, g]
                lines.append((component, record.rule, label, name, value, record.units[name], ""))
            if last is None:
                continue
            exact = float(record.values[last][simulation, rep, g])
            cents = float(paid[simulation, rep, record.settle.ends[g]])
            if abs(cents - exact) > 1e-9:
                lines.append(
                    (
                        component,
                        record.rule,
                        label,
                        "=rounded to the cent",
                        cents - exact,
                        "money",
                        "",
                    )
                )
        if not settled:
            lines.append(
                (component, record.rule, "", "nothing settles in this period", 0.0, "money", "")
            )
    pay = pd.DataFrame(
        lines, columns=["component", "rule", "settlement", "item", "value", "unit", "amount"]
    )
    return pay, pd.DataFrame(amounts, columns=["component", "amount"])


def _plan_parts(
    result: PlanResult, rep: int, months: np.ndarray, simulation: int
) -> tuple[list[tuple[str, str, str]], pd.DataFrame]:
    """When plan changes moved the rep: which plan paid which of these months, and each
    part's calculation lines from its own plan's records (settlements labelled with the
    plan: a period cut by the change is settled once under each plan)."""
    plans, frames = [], []
    for part in result.parts:
        inside = months[(months >= part.start) & (months < part.end)]
        if not part.reps[rep] or not len(inside):
            continue
        name = part.result.scenario_name
        plans.append((str(result.periods[inside[0]]), str(result.periods[inside[-1]]), name))
        lines, _amounts = _pay_lines(part.result, rep, inside - part.start, simulation)
        lines["settlement"] = lines["settlement"].astype(str) + f" under {name}"
        frames.append(lines)
    return plans, (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())


def rep_statement(
    result: PlanResult,
    outcomes: Outcomes,
    scenario: Scenario,
    *,
    rep_id: str,
    period: str | None = None,
    simulation: int = 0,
) -> Statement:
    """The statement of ``rep_id`` for the review period ``period`` (its label, or one of
    its months; default the last) from a plan result of ``outcomes`` under ``scenario``."""
    if not result.kpi_records:
        raise ValueError(
            "a statement reads the engine's records: pay with run_plan(..., records=True)"
        )
    rep = rep_index(result.rep_ids, rep_id)
    review = review_index(
        result.review_labels, result.periods, period, review_of_month=result.review_of_month
    )
    months = review_months(result.review_of_month, review)
    row = outcomes.reps.iloc[rep]
    pay, components = _pay_lines(result, rep, months, simulation)
    plans, part_lines = _plan_parts(result, rep, months, simulation)
    if plans:  # each part's calculation from its own plan's records
        pay = part_lines
    total = round(float(result.total_pay()[simulation, rep, months].sum()), 2)
    role = str(row["role"])
    kpis = _kpi_table(result, rep, review, simulation, plan=scenario.scoring.role_weights(role))
    kpis["limit"], kpi_notes = limits(kpis, scenario, role)
    dropped, dropped_note = left_out(outcomes, scenario, role)
    return Statement(
        scenario_name=scenario.name,
        currency=scenario.currency,
        rep={k: str(row[k]) for k in ("rep_id", "role", "region", "team")},
        review=result.review_labels[review],
        months=[str(result.periods[m]) for m in months],
        kpis=kpis,
        points=float(result.points[simulation, rep, review]),
        band_grade=GRADES[result.band_grades[simulation, rep, review]],
        grade=GRADES[result.grades[simulation, rep, review]],
        grade_rule=grade_rule(result, scenario, rep, review=review, simulation=simulation),
        pay=pay,
        components=components,
        total=total,
        plans=plans,
        left_out=dropped,
        left_out_note=dropped_note,
        kpi_notes=kpi_notes,
        pay_notes=proration_notes(result, outcomes, scenario, months=months),
    )
