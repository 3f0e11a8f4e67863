"""The commercial views' tables as a reader sees them: money, percents and plan names in
columns that fit the page (the figures come from ``present.sales_views``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure.cash_flow import FIXED
from salesperf_model.present.plan_titles import plan_title

#: What the sales scenarios are, and under behaviour what they are not.
REPAY_NOTE = (
    "Each plan is paid again on the same results with every revenue figure 10% lower or "
    "higher; quotas stay as they are."
)
BEHAVIOUR_NOTE = (
    " Reps' effort is not simulated again: this shows the same people in a weaker or "
    "stronger market, not how they would respond to it."
)


def sales_scenario_note(behaviour: bool) -> str:
    """How the sales scenarios were made (``behaviour``: reps respond to pay in this run)."""
    return REPAY_NOTE + (BEHAVIOUR_NOTE if behaviour else "")


def attainment_shares(bands: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """% of reps in each attainment band: one row per plan, one column per band."""
    shares = bands.pivot_table(index="plan", columns="band", values="reps_pct", sort=False)
    shown = shares.loc[list(plans)].map(lambda v: percent(v, 0))
    shown.columns.name = None
    return shown.reset_index()


def attainment_pay(bands: pd.DataFrame, plans: Sequence[str], currency: str) -> pd.DataFrame:
    """Per attainment band: % of reps and yearly pay per rep under each plan."""
    side = bands.pivot_table(
        index="band", columns="plan", values=["reps_pct", "pay_per_rep"], sort=False
    )
    shown = pd.DataFrame({"attainment over the year": side.index})
    for name in plans:
        shown[f"reps, {plan_title(name)}"] = [percent(v, 0) for v in side[("reps_pct", name)]]
    for name in plans:
        shown[f"pay per rep, {plan_title(name)}"] = [
            money(v, currency) for v in side[("pay_per_rep", name)]
        ]
    return shown


def sales_scenario_rows(
    table: pd.DataFrame, cap: float | None, currency: str, *, replay: bool = False
) -> pd.DataFrame:
    """One row per plan and sales scenario: total pay, cost of sales and (with a cap) the
    chance of going over it; on one set of real results (``replay``) the sales are "as
    recorded" and the cap is over or not, no chance."""
    actual = "as recorded" if replay else "as simulated"
    shown = pd.DataFrame(
        {
            "plan": table["plan"].to_numpy(),
            "sales": [actual if c == 0 else f"{c:+.0f}%" for c in table["revenue_change_pct"]],
            "total pay": [money(v, currency) for v in table["total_pay"]],
            "cost of sales": [percent(v) for v in table["cost_of_sales_pct"]],
        }
    )
    if cap is not None and replay:
        shown[f"over the {percent(100 * cap, 0)} cap?"] = [
            "yes" if v > 0 else "no" for v in table["over_cap_pct"]
        ]
    elif cap is not None:
        shown[f"chance over the {percent(100 * cap, 0)} cap"] = [
            percent(v, 0) for v in table["over_cap_pct"]
        ]
    return shown


def sales_scenario_wide(
    table: pd.DataFrame, cap: float | None, currency: str, *, replay: bool = False
) -> pd.DataFrame:
    """One row per plan: total pay as simulated, cost of sales with sales -10%, as simulated
    and +10%, and (with a cap) the chance of going over it in each; on one set of real
    results (``replay``) "as recorded" and over the cap or not."""
    actual = "as recorded" if replay else "as simulated"
    wide = table.pivot_table(
        index="plan",
        columns="revenue_change_pct",
        values=["total_pay", "cost_of_sales_pct", "over_cap_pct"],
        sort=False,
    )
    changes = sorted(table["revenue_change_pct"].unique())
    names = {c: actual if c == 0 else f"sales {c:+.0f}%" for c in changes}
    shown = pd.DataFrame({"plan": wide.index})
    shown[f"total pay {actual}"] = [money(v, currency) for v in wide[("total_pay", 0.0)]]
    for change in changes:
        shown[f"cost of sales, {names[change]}"] = [
            percent(v) for v in wide[("cost_of_sales_pct", change)]
        ]
    if cap is not None:
        for change in changes:
            values = wide[("over_cap_pct", change)]
            if replay:
                shown[f"over cap?, {names[change]}"] = ["yes" if v > 0 else "no" for v in values]
            else:
                shown[f"chance over cap, {names[change]}"] = [percent(v, 0) for v in values]
    return shown


def cash_peaks(monthly: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Per plan: the average period, the peak period and what it pays, and the last
    quarter's share of the year (``monthly`` from ``sales_views.monthly_totals``), in the
    data's own periods: months, or quarters on quarterly data (three quarters are not
    'the last 3 months')."""
    from salesperf_model.present.sales_views import period_word

    word = period_word(monthly["period"].astype(str).tolist())
    last, tail = (3, "last 3 months'") if word == "month" else (1, f"last {word}'s")
    plans = [c for c in monthly.columns if c != "period"]
    return pd.DataFrame(
        {
            "plan": plans,
            f"average {word}": [money(monthly[p].mean(), currency) for p in plans],
            f"peak {word}": [monthly.loc[monthly[p].idxmax(), "period"] for p in plans],
            f"paid in the peak {word}": [money(monthly[p].max(), currency) for p in plans],
            "peak / average": [f"{monthly[p].max() / monthly[p].mean():.1f}x" for p in plans],
            f"{tail} share of the year": [
                percent(100 * monthly[p].iloc[-last:].sum() / monthly[p].sum(), 0) for p in plans
            ],
        }
    )


#: Columns of ``sales_views.cash_flow_table`` that are not pay components.
FLOW_EXTRAS = ("period", "total", "share_of_year_pct", "cumulative")
#: At most this many components besides base, commission and bonuses get a column each;
#: more are added up in one column (the chart shows each).
OWN_COLUMNS = 3
OTHER = "other pay and deductions"


def cash_flow_rows(flow: pd.DataFrame, baseline_total: pd.Series, baseline: str) -> pd.DataFrame:
    """One plan's pay by month (``sales_views.cash_flow_table``): base pay and allowances,
    commission, every bonus together, every other component (holdback, payout modifier,
    windfall, SPIF, credit, draws, forfeits: each in a column of its own when there are
    at most three, else added up in one column that names them), so each row adds up to
    its total, then the total and the baseline's total; money without decimals."""
    fixed = [c for c in flow.columns if c == FIXED]
    bonuses = [c for c in flow.columns if c.endswith(" bonus")]
    shown_apart = {*FLOW_EXTRAS, *fixed, "commission", *bonuses}
    others = [c for c in flow.columns if c not in shown_apart and flow[c].any()]
    shown = pd.DataFrame({"period": flow["period"]})
    for column in (*fixed, "commission"):
        if column in flow:
            shown[column] = flow[column]
    shown["bonuses"] = flow[bonuses].sum(axis=1) if bonuses else 0.0
    if len(others) <= OWN_COLUMNS:
        for column in others:
            shown[column] = flow[column]
    else:
        shown[f"{OTHER} ({', '.join(others)})"] = flow[others].sum(axis=1)
    shown["total"] = flow["total"]
    shown[f"{plan_title(baseline)} total"] = baseline_total.to_numpy()
    for column in shown.columns[1:]:
        shown[column] = [f"{v:,.0f}" for v in shown[column]]
    return shown


def region_rows(regions: pd.DataFrame, plan: str, baseline: str, *, currency: str) -> pd.DataFrame:
    """Per region under ``plan``: reps, pay (and the baseline's and the change when it is
    another plan), cost of sales, median attainment and reps at quota."""
    own = regions[regions["plan"] == plan].set_index("region")
    before = regions[regions["plan"] == baseline].set_index("region")
    shown = pd.DataFrame({"region": own.index, "reps": own["reps"].to_numpy()})
    if plan != baseline:
        shown[f"pay, {plan_title(baseline)}"] = [
            money(v, currency) for v in before.loc[own.index, "pay"]
        ]
    shown[f"pay, {plan_title(plan)}"] = [money(v, currency) for v in own["pay"]]
    if plan != baseline:
        shown["change"] = [percent(v, signed=True) for v in own["pay_change_pct"]]
    shown["cash collected"] = [money(v, currency) for v in own["revenue_collected"]]
    shown["cost of sales"] = [percent(v) for v in own["cost_of_sales_pct"]]
    shown["median attainment"] = [percent(100 * v, 0) for v in own["attainment_median"]]
    shown["reps at quota"] = [percent(v, 0) for v in own["at_quota_pct"]]
    return shown
