"""What drives a plan's cost change: the pay components whose change makes most of it, in
words, counting pay still owed at the end of the period as pay (a holdback defers pay, it
does not save it), and naming any component that pays nothing in every simulation (on a
replay: on the actual results)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure.cash_flow import component_label
from salesperf_model.measure.cost import components_never_paid
from salesperf_model.measure.owed import OwedAtEnd, holdbacks_in_force, owed_at_end
from salesperf_model.measure.statistics import paired_difference
from salesperf_model.present.plan_titles import plan_title
from salesperf_model.present.verdict_words import is_replay

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: Rows of the cost table that add components up rather than being one.
SUBTOTALS = ("fixed", "variable", "total")

#: A component is named when its change is at least this share of the plan's total change.
NAMED_SHARE = 0.25

#: Why a component can pay nothing in every simulation, by component (or prefix).
NEVER_PAID_WHY = {
    "windfall": "no deal was large enough to count as a windfall",
    "modifier_": "its gate was met in every settlement",
    "spif_": "no rep sold what it pays for in its window",
    "guarantee_top_up": "no new person earned less than the guarantee",
    "draw_advance": "no rep's commission fell short of the draw",
}
#: Components named in words of their own (engine/draws.py, people.py, credit.py).
OWN_WORDS = {
    "holdback": "the commission holdback",
    "windfall": "the windfall policy",
    "draw_advance": "the draws advanced",
    "draw_recovery": "the draws recovered",
    "draw_repaid": "the draws repaid at exit",
    "draw_written_off": "the draws written off",
    "guarantee_top_up": "the guarantee top-up",
    "leaver_forfeit": "the pay forfeited by reps who leave before it is settled",
}


def component_words(component: str) -> str:
    """'bonus_team_award' -> 'the team award bonus', 'base_salary' -> 'base salary'."""
    if component.startswith("bonus_"):
        name = component.removeprefix("bonus_").replace("_", " ")
        return f"the {name}" if "bonus" in name else f"the {name} bonus"
    if component.startswith(("deferred_", "fund_", "non_cash_", "spif_", "modifier_")):
        return f"the {component_label(component)}"
    if component in OWN_WORDS:  # pay.holdback, pay.windfall, pay.people
        return OWN_WORDS[component]
    return component.replace("_", " ")


def component_changes(run: Run, plan: str) -> pd.DataFrame:
    """Mean pay per component under the baseline and ``plan`` and the change, largest
    change (either sign) first; a component only one plan pays counts 0 for the other."""
    table = run.tables["cost_by_component"]
    table = table[~table["component"].isin(SUBTOTALS)]
    wide = table.pivot_table(index="component", columns="plan", values="mean", aggfunc="sum")
    wide = wide.reindex(columns=[run.baseline, plan]).fillna(0.0)
    frame = pd.DataFrame(
        {
            "component": wide.index,
            "baseline": wide[run.baseline].to_numpy(),
            "plan": wide[plan].to_numpy(),
        }
    )
    frame["change"] = frame["plan"] - frame["baseline"]
    return frame.reindex(frame["change"].abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )


def owed_of(run: Run, plan: str) -> OwedAtEnd | None:
    """``plan``'s deferred pay at the end of the period (``measure.owed``); None when the
    run keeps no result for it."""
    scenarios = getattr(run, "scenarios", None) or {}
    evaluations = getattr(run, "evaluations", None) or {}
    if plan not in scenarios or plan not in evaluations:
        return None
    outcomes = run.outcomes_of(plan)
    periods = getattr(outcomes, "periods", None)
    if periods is None:  # a run without outcomes (a table built by hand): nothing to read
        return None
    result, scenario = evaluations[plan].result, scenarios[plan]
    known = _known(run)  # a report's lines ask again and again: once per run and plan
    kept = known.get(plan)
    if kept is None or kept[0] is not result or kept[1] is not scenario:
        owed = owed_at_end(scenario, result, list(periods), outcomes=outcomes)
        kept = known[plan] = (result, scenario, owed)
    return kept[2]


#: id(run) -> (the run, weakly; plan -> (result, scenario, its owed figures)), an entry
#: dropped when its run is (a run is not hashable: its tables are dicts)
_OWED: dict[int, tuple[weakref.ref, dict]] = {}


def _known(run: Run) -> dict:
    """The owed figures already computed for ``run`` (an empty dict to fill)."""
    entry = _OWED.get(id(run))
    if entry is not None and entry[0]() is run:
        return entry[1]
    try:
        ref = weakref.ref(run)
    except TypeError:  # a stand-in that takes no weak reference: computed each time
        return {}
    _OWED[id(run)] = (ref, {})
    weakref.finalize(run, _OWED.pop, id(run), None)
    return _OWED[id(run)][1]


def _owed_mean(run: Run, plan: str) -> float:
    owed = owed_of(run, plan)
    return 0.0 if owed is None else float(owed.owed.mean())


def accrued_changes(run: Run, plan: str) -> pd.DataFrame:
    """:func:`component_changes` with pay still owed at the end counted as pay: the
    holdback row keeps only what the holdback really does not pay."""
    changes = component_changes(run, plan).set_index("component")
    if "holdback" in changes.index:
        changes.loc["holdback", "baseline"] += _owed_mean(run, run.baseline)
        changes.loc["holdback", "plan"] += _owed_mean(run, plan)
        changes["change"] = changes["plan"] - changes["baseline"]
    changes = changes.reset_index()
    return changes.reindex(changes["change"].abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )


def accrued_pay_draws(run: Run, plan: str) -> np.ndarray | None:
    """``plan``'s total pay per simulation with pay still owed at the end of the period
    counted (the ``total_pay`` draws + what is owed); None when the run keeps no draws."""
    evaluation = (getattr(run, "evaluations", None) or {}).get(plan)
    draws = getattr(evaluation, "draws", None)
    if draws is None or "total_pay" not in draws:
        return None
    owed = owed_of(run, plan)
    paid = draws["total_pay"].to_numpy(float)
    return paid if owed is None else paid + owed.owed


def accrued_draws(run: Run, plan: str) -> pd.DataFrame | None:
    """``plan``'s metric draws with pay still owed at the end of the period counted as pay
    (:func:`accrued_pay_draws`): total pay, cost of sales and the budget lines read from
    them, against the baseline's budget as the draws were measured; the draws themselves
    when nothing is owed; None when the run keeps none. A deferral is not a saving for
    the decision rule either."""
    evaluation = (getattr(run, "evaluations", None) or {}).get(plan)
    draws = getattr(evaluation, "draws", None)
    accrued = accrued_pay_draws(run, plan)
    if draws is None or accrued is None:
        return draws
    if np.array_equal(accrued, draws["total_pay"].to_numpy(float)):
        return draws
    draws = draws.copy()
    draws["total_pay"] = accrued
    for side in ("booked", "collected"):
        if f"revenue_{side}" in draws and f"cost_of_sales_{side}" in draws:
            revenue = draws[f"revenue_{side}"].to_numpy(float)
            ratio = accrued / np.where(revenue > 0, revenue, 1.0)
            draws[f"cost_of_sales_{side}"] = np.where(revenue > 0, ratio, np.nan)
    from salesperf_model.measure.tables import budget_chances  # the tables' own reading

    return budget_chances(draws, accrued, run.scenarios[run.baseline].budget)


def accrued_cost_row(run: Run, plan: str) -> pd.Series | None:
    """The comparison's total-pay row of ``plan`` (columns of ``measure.compare``) with pay
    still owed at the end of the period counted as pay, simulation by simulation
    (:func:`accrued_pay_draws`); the row itself when neither plan owes anything at the
    end; None when there is no row."""
    comparison = run.tables["comparison"]
    rows = comparison[(comparison["plan"] == plan) & (comparison["metric"] == "total_pay")]
    if rows.empty:
        return None
    row = rows.iloc[0].copy()
    if round(_owed_mean(run, plan)) == 0 and round(_owed_mean(run, run.baseline)) == 0:
        return row
    alternative = accrued_pay_draws(run, plan)
    baseline = accrued_pay_draws(run, run.baseline)
    if alternative is None or baseline is None:
        return row
    row.update(pd.Series(paired_difference(alternative, baseline)))
    row["alternative"], row["baseline"] = float(alternative.mean()), float(baseline.mean())
    base = row["baseline"]
    row["difference_pct"] = 100.0 * row["difference"] / abs(base) if base else np.nan
    return row


def owed_clause(run: Run, plan: str, currency: str) -> str:
    """'; it counts 1.73 M CNY of commission held back and still owed at the end of the
    period (paid after it)', for the summary's cost line; "" when nothing is owed."""
    owed = _owed_mean(run, plan)
    if round(owed) == 0:
        return ""
    return (
        f"; it counts {money(owed, currency)} of commission held back and still owed at the "
        "end of the period (paid after it) as pay, not as a saving"
    )


def _holdback_words(run: Run, plan: str, owed: OwedAtEnd | None, currency: str) -> str | None:
    """What the plan's holdback keeps back: only deferred, and really not paid."""
    if owed is None or round(float(owed.held_back.mean())) == 0:
        return None
    held, due, kept = (float(v.mean()) for v in (owed.held_back, owed.owed, owed.not_paid))
    months = owed.holdback_months
    deferred = (
        f"held from the last {months} months' commission and still owed at the end of the "
        "period (paid after it)"
    )
    holdback = next(h for h in holdbacks_in_force(run.scenarios[plan]) if h is not None)
    why = "forfeited when reps leave" + (
        ", or not released as customers leave" if holdback.release == "customers_kept" else ""
    )
    if round(kept) == 0:
        return (
            f"Its commission holdback keeps back {money(held, currency)} within the period, "
            f"all of it only deferred: {deferred}"
        )
    return (
        f"Its commission holdback keeps back {money(held, currency)} within the period: "
        f"{money(due, currency)} of it is only deferred, {deferred}, and "
        f"{money(kept, currency)} is really not paid ({why})"
    )


def _other_deferred_words(owed: OwedAtEnd | None, currency: str) -> list[str]:
    """Deferred pay the cost already counts: deferred bonuses vesting later, draws to
    recover."""
    if owed is None:
        return []
    words = []
    later, draws = float(owed.vesting_later.mean()), float(owed.draws_outstanding.mean())
    if round(later):
        words.append(
            f"Its deferred bonus is counted as pay when earned: {money(later, currency)} of "
            "it vests after the period"
        )
    if round(draws):
        words.append(
            f"Draws advanced and not yet recovered at the end of the period "
            f"({money(draws, currency)}) are counted as paid"
        )
    return words


def never_paid_notes(run: Run, plan: str) -> list[str]:
    """One sentence per component ``plan`` pays that pays nothing in every simulation (on
    a replay: on the actual results), with why (no cancelled deals for a clawback)."""
    evaluations = getattr(run, "evaluations", None) or {}
    if plan not in evaluations:
        return []
    where = "on the actual results" if is_replay(run) else "in any simulation"
    notes = []
    for name in components_never_paid(evaluations[plan].result):
        if name == "clawback":
            notes.append(_clawback_note(run))
            continue
        # the secondary flows of a draw (recovered, repaid) say nothing about the plan
        why = next((w for key, w in NEVER_PAID_WHY.items() if name.startswith(key)), None)
        if why is not None:
            notes.append(f"{component_words(name).capitalize()} pays nothing {where}: {why}")
    return notes


def _clawback_note(run: Run) -> str:
    """Why the clawback takes nothing back: no cancellations, or nothing paid on them; on
    a replay the data's own cancellations, not the simulated sales force's setting."""
    if is_replay(run):
        return (
            "The clawback takes back nothing on the actual results: no deal in them was "
            "cancelled after commission had been paid on it within the clawback window"
        )
    scenarios = getattr(run, "scenarios", None) or {}
    base = scenarios.get(run.baseline)
    cancelled = 0.0 if base is None else float(base.population.cancellations.share)
    if cancelled == 0:
        return (
            "The clawback takes back nothing in any simulation: the simulated sales force "
            "cancels no deals (cancellations are set to 0%), so this plan costs what it "
            "would without the clawback; only cancelled deals would set it off"
        )
    return (
        "The clawback takes back nothing in any simulation: no cancelled deal had been "
        "paid commission within the clawback window"
    )


def cost_driver_sentence(run: Run, plan: str, currency: str) -> str | None:
    """Which components make most of ``plan``'s cost change against the baseline, with
    their before and after ("Most of the +17.7% is the team award bonus: 39,400 -> 1.02 M
    CNY"), pay still owed at the end of the period counted as pay (and said apart from
    what is really not paid), then any component that pays nothing in every simulation;
    None for the baseline, or a plan whose total does not change and has nothing to say."""
    if plan == run.baseline:
        return None
    paid = component_changes(run, plan)
    changes = accrued_changes(run, plan)
    if changes["baseline"].sum() <= 0:
        return None
    owed = owed_of(run, plan)
    deferral = _holdback_words(run, plan, owed, currency)
    extra = [
        *([deferral] if deferral else []),
        *_other_deferred_words(owed, currency),
        *never_paid_notes(run, plan),
    ]
    if deferral:
        paid_change = paid["change"].sum()
        extra.insert(
            1,
            f"Counting only what is paid within the period, pay changes by "
            f"{percent(100 * paid_change / paid['baseline'].sum(), signed=True)} "
            f"({money(paid_change, currency, signed=True)}), which counts the deferred pay "
            "as saved",
        )
    head = _change_words(run, plan, changes, currency, counted=bool(deferral))
    if head is None and not extra:
        return None
    if head is None:
        counted = " once pay still owed at the end of the period is counted" if deferral else ""
        head = f"{plan_title(plan)} costs the same as {plan_title(run.baseline)}{counted}"
    return ". ".join([head, *extra])


def _change_words(
    run: Run, plan: str, changes: pd.DataFrame, currency: str, *, counted: bool
) -> str | None:
    """The components making most of the change; None when the total does not change."""
    total_before = changes["baseline"].sum()
    total_change = changes["change"].sum()
    if abs(total_change) < 0.0005 * total_before:
        return None
    change = percent(100 * total_change / total_before, signed=True)
    named = changes[changes["change"].abs() >= NAMED_SHARE * abs(total_change)].head(2)
    if named.empty:
        return f"{plan_title(plan)}'s {change} is spread over many pay components, none a quarter of it"
    parts = []
    for row in named.itertuples():
        words = component_words(row.component)
        if counted and row.component == "holdback":
            words = "what the commission holdback really keeps"
        parts.append(f"{words} ({money(row.baseline, currency)} -> {money(row.plan, currency)})")
    owed = " (pay still owed at the end of the period counted as pay)" if counted else ""
    return f"{plan_title(plan)}: most of its {change} in pay{owed} is {' and '.join(parts)}"
