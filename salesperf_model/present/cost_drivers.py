"""What drives a plan's cost change: the pay components whose change makes most of it, in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure.cash_flow import component_label
from salesperf_model.present.plan_titles import plan_title

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: Rows of the cost table that add components up rather than being one.
SUBTOTALS = ("fixed", "variable", "total")

#: A component is named when its change is at least this share of the plan's total change.
NAMED_SHARE = 0.25


def component_words(component: str) -> str:
    """'bonus_team_award' -> 'the team award bonus', 'base_salary' -> 'base salary'."""
    if component.startswith("bonus_"):
        name = component.removeprefix("bonus_").replace("_", " ")
        return f"the {name}" if "bonus" in name else f"the {name} bonus"
    if component.startswith(("deferred_", "fund_", "non_cash_", "spif_", "modifier_")):
        return f"the {component_label(component)}"
    if component in ("holdback", "windfall"):  # pay.holdback, pay.windfall
        return "the commission holdback" if component == "holdback" else "the windfall policy"
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


def cost_driver_sentence(run: Run, plan: str, currency: str) -> str | None:
    """Which components make most of ``plan``'s cost change against the baseline, with
    their before and after ("Most of the +17.7% is the team award bonus: 39,400 -> 1.02 M
    CNY"); None for the baseline or a plan whose total does not change."""
    if plan == run.baseline:
        return None
    changes = component_changes(run, plan)
    total_before = changes["baseline"].sum()
    total_change = changes["change"].sum()
    if total_before <= 0 or abs(total_change) < 0.0005 * total_before:
        return None
    named = changes[changes["change"].abs() >= NAMED_SHARE * abs(total_change)].head(2)
    if named.empty:
        return (
            f"{plan_title(plan)}'s {percent(100 * total_change / total_before, signed=True)} "
            "is spread over many pay components, none a quarter of it"
        )
    parts = [
        f"{component_words(row.component)} "
        f"({money(row.baseline, currency)} -> {money(row.plan, currency)})"
        for row in named.itertuples()
    ]
    return (
        f"{plan_title(plan)}: most of its {percent(100 * total_change / total_before, signed=True)}"
        f" in pay is {' and '.join(parts)}"
    )
