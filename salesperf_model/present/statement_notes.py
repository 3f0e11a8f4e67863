"""What a rep's statement says beside its figures, so the rep reads on the page what the
plan's warnings said only to whoever ran it: the KPIs these data could not score (left out,
not scored 0) and how the others were scaled up, each score a floor or cap set rather than
the result, and each fixed award pro-rated for the months the data lack. The facts are
those the warnings state (``left_out_weights``, ``partial_awards``), not worked out again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine import PlanResult
from salesperf_model.engine.bonus_notes import partial_awards
from salesperf_model.engine.periods import fiscal_start
from salesperf_model.engine.scoring_setup import left_out_weights, unscorable_kpis
from salesperf_model.formatting import measure_words, title_words
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import KPI_CATALOG, KpiRule, Scenario, TeamPoolBonus


def number_text(value: float) -> str:
    """A figure as a reader takes it in: whole above 100, else up to three decimals."""
    value = float(value) + 0.0  # no '-0'
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3f}".rstrip("0").rstrip(".") or "0"


def kpi_value(value: float, kpi: str, currency: str) -> str:
    """A KPI's actual or target, with the currency when the KPI counts money."""
    unit = KPI_CATALOG[kpi].unit if kpi in KPI_CATALOG else ""
    text = number_text(value)
    return f"{text} {currency}" if unit == "money" else text


def kpi_words(kpi: str) -> str:
    """A KPI's name in words: 'new_customer_revenue' -> 'new customer revenue'."""
    return kpi.replace("_", " ")


def weight_words(plan: float, used: float, total: float) -> str:
    """'30 of 100 in the plan, 54.55 used' when the weight was rescaled, else '30'."""
    if abs(plan - used) < 1e-9:
        return f"{used:g}"
    return f"{plan:g} of {total:g} in the plan, {used:.2f} used"


def left_out(outcomes: Outcomes, scenario: Scenario, role: str) -> tuple[pd.DataFrame, str]:
    """The role's KPIs these data cannot score (kpi, plan_weight, lacking) and the
    sentence telling the rep they were left out, not scored 0, and how the others were
    scaled (empty when every KPI can be scored)."""
    unscorable = unscorable_kpis(outcomes, scenario)
    lost, total, kept = left_out_weights(scenario, role, unscorable)
    table = pd.DataFrame(
        [(k, w, ", ".join(unscorable[k])) for k, w in lost.items()],
        columns=["kpi", "plan_weight", "lacking"],
    )
    if not lost:
        return table, ""
    weights = scenario.scoring.role_weights(role)
    lacking = sorted({measure_words(m) for k in lost for m in unscorable[k]})
    named = ", ".join(f"{kpi_words(k)} ({w:g} of {total:g} points)" for k, w in lost.items())
    text = (
        f"{len(lost)} of the {len(weights)} KPIs the plan weighs for {role} could not be "
        f"scored on these data, which have no {', '.join(lacking)}: {named}. They are left "
        f"out, not scored 0."
    )
    kept_kpis = {k: w for k, w in weights.items() if k not in lost}
    if kept <= 0:
        return table, text + " No KPI is left to score: the points are 0."
    used = ", ".join(
        f"{kpi_words(k)} {weight_words(w, w * total / kept, total)}" for k, w in kept_kpis.items()
    )
    text += (
        f" The other {len(kept_kpis)} KPIs, {kept:g} of the plan's {total:g} points, were "
        f"scaled up x{total / kept:.2f} to add to {total:g}: {used}."
    )
    return table, text


def limits(kpis: pd.DataFrame, scenario: Scenario, role: str) -> tuple[list[str], list[str]]:
    """For each KPI row (kpi, actual, target, score): 'floor' or 'cap' where the plan's
    floor or cap set the score rather than the result (else ''), and a sentence for each
    such KPI with the score the result alone would have given."""
    scoring = scenario.scoring
    marks, notes = [], []
    for k in kpis.itertuples():
        rule = scoring.kpis.get(k.kpi, KpiRule())
        if rule.rule != "ratio":  # bands pay a band's share: no floor or cap to name
            marks.append("")
            continue
        cap, floor = rule.role_limits(role, scoring.cap, scoring.floor)
        lower = KPI_CATALOG[k.kpi].direction == "lower"
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = (k.target / k.actual if k.actual > 0 else np.inf) if lower else None
            if not lower:
                raw = k.actual / k.target if k.target > 0 else None
        mark = ""
        if k.score <= floor + 1e-9 and (raw is None or raw < floor - 1e-9):
            mark, limit = "floor", floor
        elif cap is not None and k.score >= cap - 1e-9 and raw is not None and raw > cap + 1e-9:
            mark, limit = "cap", cap
        marks.append(mark)
        if not mark:
            continue
        result = (
            "a target of 0 scores the floor"
            if raw is None
            else f"the actual ({kpi_value(k.actual, k.kpi, scenario.currency)}) against "
            f"the target ({kpi_value(k.target, k.kpi, scenario.currency)}) would score "
            + _score_words(raw)
        )
        notes.append(
            f"{title_words(k.kpi)}: scored {limit:.2f}, the plan's {mark}, not on the "
            f"result: {result}."
        )
    return marks, notes


def _score_words(raw: float) -> str:
    """An unclipped score: 'less than 0.01' rather than a 0.00 that reads as nothing."""
    if np.isinf(raw):
        return "more than the cap"
    return "less than 0.01" if 0 < raw < 0.005 else f"{raw:.2f}"


def proration_notes(
    result: PlanResult, outcomes: Outcomes, scenario: Scenario, *, months: np.ndarray
) -> list[tuple[str, str]]:
    """(component, sentence) for each fixed award settled in ``months`` the pay engine
    pro-rated because these data cover only part of its settlement period."""
    cut = partial_awards(
        scenario.pay.bonuses, list(outcomes.periods), start=fiscal_start(outcomes.meta)
    )
    cur, notes = scenario.currency, []
    for bonus, parts in cut:
        component = f"bonus_{bonus.name}"
        record = result.pay_records.get(component)
        if record is None:
            continue
        settled = {
            record.settle.labels[g] for g, end in enumerate(record.settle.ends) if end in months
        }
        what, amount = (
            ("pool", bonus.pool) if isinstance(bonus, TeamPoolBonus) else ("award", bonus.amount)
        )
        for label, n, full in parts:
            if label in settled:
                notes.append(
                    (
                        component,
                        f"{label}: these data cover {n} of its {full} months, so the plan's "
                        f"{what} of {amount:,.2f} {cur} is pro-rated to "
                        f"{amount * n / full:,.2f} {cur} (x{n / full:.2f}).",
                    )
                )
    return notes
