"""The plan report's deferred-pay schedule: what a deferred bonus earns, forfeits and vests by year, past the horizon too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.formatting import money
from salesperf_model.present.format import escape, html_list, table_html
from salesperf_model.present.verdict_words import is_replay

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

FLOWS = {"earned": "Earned", "forfeited": "Forfeited on exit", "vesting": "Vesting"}


def vesting_rows(run: Run, plan: str) -> pd.DataFrame:
    """One row per deferred element (by name) and year: year (marked when past the horizon),
    earned, forfeited on exit and vesting (means over simulations); empty when ``plan``
    has no deferred bonus."""
    table = run.tables.get("deferred_vesting")
    if table is None or table.empty or plan not in set(table["plan"]):
        return pd.DataFrame(columns=["element", "year", *FLOWS.values()])
    table = table[table["plan"] == plan]
    wide = table.pivot_table(
        index=["component", "year", "after_horizon"], columns="flow", values="mean", sort=False
    ).reset_index()
    wide["year"] = [
        f"{year} (after the horizon)" if after else str(year)
        for year, after in zip(wide["year"], wide["after_horizon"], strict=True)
    ]
    wide["component"] = wide["component"].str.removeprefix("deferred_")
    return wide[["component", "year", *FLOWS]].rename(columns={**FLOWS, "component": "element"})


def vesting_sentence(rows: pd.DataFrame, currency: str) -> str:
    """What the horizon's deferred pay becomes: forfeited on exits, and still to vest
    after the horizon (a cost that the horizon's cost tables do not show)."""
    after = rows["year"].str.endswith("(after the horizon)")
    earned = rows["Earned"].sum()
    forfeited = rows["Forfeited on exit"].sum()
    later = rows.loc[after, "Vesting"].sum()
    return (
        f"Over the horizon the sales force earns {money(earned, currency)} of deferred pay; "
        f"{money(forfeited, currency)} is forfeited by reps who leave, and "
        f"{money(later, currency)} vests after the horizon if its holders stay: a cost the "
        "horizon's totals count when earned but the company pays out in later years."
    )


def vesting_html(run: Run, plan: str, currency: str, *, title: str) -> str:
    """The schedule as a heading, a sentence and a table; "" without a deferred bonus. On
    a replay the figures are the actual results', not means over simulations."""
    rows = vesting_rows(run, plan)
    if rows.empty:
        return ""
    formats = {name: "{:,.0f}" for name in FLOWS.values()}
    figures = "the actual results" if is_replay(run) else "mean over simulations"
    return (
        f"<h3>Deferred pay by year, {escape(title)} ({escape(currency)}, {figures})</h3>"
        + f"<p>{escape(vesting_sentence(rows, currency))}</p>"
        + table_html(rows, formats)
        + html_list(
            [
                "Earned: the year's grant as it accrues; forfeited: unvested grants of reps "
                "who left, in the year they left; vesting: what was not forfeited within the "
                "horizon, in the year it vests. Over all the years, earned = forfeited + vesting."
            ]
        )
    )
