"""The views commercial compensation suites show, for every plan of a run: reps by
attainment and the pay they meet, cost with sales 10% under or over, pay by month and
regions, each with a sentence that states its finding."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from salesperf_model.engine.periods import months_spanned
from salesperf_model.formatting import money, percent
from salesperf_model.measure.attainment import attainment_bands, pay_by_attainment
from salesperf_model.measure.cash_flow import payout_by_month
from salesperf_model.measure.regions import region_table
from salesperf_model.measure.sales_scenarios import SALES_FACTORS, cost_under_sales
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes
from salesperf_model.pipeline import Run
from salesperf_model.present.plan_titles import plan_title


def _names(run: Run, plans: Sequence[str] | None) -> list[str]:
    return [run.baseline, *(p for p in (plans or run.plans) if p != run.baseline)]


def _per_plan(
    run: Run, plans: Sequence[str] | None, build: Callable[[PlanResultLike, Outcomes], pd.DataFrame]
) -> pd.DataFrame:
    frames = []
    for name in _names(run, plans):
        frame = build(run.results[name], run.outcomes_of(name))
        frame.insert(0, "plan", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def attainment_table(run: Run, plans: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`~salesperf_model.measure.attainment.attainment_bands` of the baseline and
    each plan, with a ``plan`` column first."""
    return _per_plan(run, plans, attainment_bands)


#: The pay curve's attainment bins (share of quota): ``CURVE_STEP`` wide from 0 to
#: ``CURVE_TOP``, the last taking everything above; the sentence names them by their edges.
CURVE_STEP, CURVE_TOP = 0.1, 2.0


def pay_curve_table(run: Run, plans: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`~salesperf_model.measure.attainment.pay_by_attainment` per plan, in bins of
    :data:`CURVE_STEP`."""

    def build(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
        return pay_by_attainment(result, outcomes, step=CURVE_STEP, top=CURVE_TOP)

    return _per_plan(run, plans, build)


def at_quota_sentence(bands: pd.DataFrame, baseline: str) -> str:
    """How many reps reach quota under the baseline, and the plans furthest from it."""
    at_quota = bands[bands["low"] >= 1.0].groupby("plan", sort=False)["reps_pct"].sum()
    base = at_quota[baseline]
    if len(at_quota) == 1:
        return f"{percent(base, 0)} of reps reach quota over the year"
    others = at_quota.drop(baseline)
    low, high = others.idxmin(), others.idxmax()
    text = f"{percent(base, 0)} of reps reach quota under {plan_title(baseline)}"
    if np.isclose(others[low], others[high], atol=0.5) and np.isclose(others[low], base, atol=0.5):
        return text + ", about as many under every plan"
    if low == high:
        return text + f", {percent(others[low], 0)} under {plan_title(low)}"
    return (
        text + f"; from {percent(others[low], 0)} under {plan_title(low)} "
        f"to {percent(others[high], 0)} under {plan_title(high)}"
    )


def curve_bin_words(middle: float) -> str:
    """A pay-curve bin by its edges, '100-110%', the last one '190% and above' (as the
    chart's axis says): the sentence names the bin whose pay it quotes."""
    low = round(middle / CURVE_STEP - 0.5) * CURVE_STEP
    if low + CURVE_STEP >= CURVE_TOP - 1e-9:
        return f"{low:.0%} and above"
    return f"{low:.0%}-{low + CURVE_STEP:.0%}".replace("%-", "-")


def _nearest(bins: pd.Index, target: float) -> float:
    """The bin middle closest to ``target``: a bin nobody is in is left out of the table."""
    return float(bins[np.abs(bins.to_numpy() - target).argmin()])


def pay_curve_sentence(curves: pd.DataFrame, baseline: str, currency: str) -> str:
    """What the baseline's reps at 100-110% of quota earn against those at 150-160%, and
    the plans whose pay rises most and least between the same two bins. Where a bin holds
    nobody, the nearest one that does stands in and is named (on sparse data the one rep
    at 170-180% is quoted as 170-180%); with nobody above the lower bin, the sentence says
    so."""
    pay = {
        name: rows.set_index(rows["attainment"].round(6))["pay_mean"]
        for name, rows in curves.groupby("plan", sort=False)
    }
    base = pay[baseline]
    low = _nearest(base.index, 1.05)
    text = (
        f"Under {plan_title(baseline)}, reps at {curve_bin_words(low)} of quota earn "
        f"{money(base[low], currency)} a year on average"
    )
    above = base.index[base.index > low]
    if above.empty:
        return text + "; no rep reaches a higher attainment to compare with"
    high = _nearest(above, 1.55)
    text += f", at {curve_bin_words(high)} {money(base[high], currency)}"
    if base[low] <= 0:  # nothing paid at the lower bin: no ratio to give
        return text
    text += f" (x{base[high] / base[low]:.2f})"
    others = {
        name: own[high] / own[low]
        for name, own in pay.items()
        if name != baseline and low in own.index and high in own.index and own[low] > 0
    }
    return text + steepest_words(others)


def steepest_words(rises: dict[str, float]) -> str:
    """'; Steep accelerator: x1.29', or '; steepest A (x1.40), flattest B (x1.10)': the
    plans whose pay rises most and least between two attainment bins ('' for none)."""
    if not rises:
        return ""
    steep, flat = max(rises, key=rises.get), min(rises, key=rises.get)
    if steep == flat:
        return f"; {plan_title(steep)}: x{rises[steep]:.2f}"
    if f"{rises[steep]:.2f}" == f"{rises[flat]:.2f}":  # as shown, no steepest to name
        return f"; every other plan x{rises[steep]:.2f}"
    return (
        f"; steepest {plan_title(steep)} (x{rises[steep]:.2f}), "
        f"flattest {plan_title(flat)} (x{rises[flat]:.2f})"
    )


def month_by_month(run: Run) -> bool:
    """Whether the run kept every month's pay and outcomes (a run streamed in chunks,
    ``pipeline.stream``, keeps them reduced to the horizon: enough for every comparison
    table and pay by month, not for re-paying a plan on other sales)."""
    from salesperf_model.measure.horizon import HorizonResult

    return not any(isinstance(result, HorizonResult) for result in run.results.values())


def sales_scenario_table(run: Run, plans: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`~salesperf_model.measure.sales_scenarios.cost_under_sales` of each plan on
    the outcomes it was paid on, against the baseline's cost-of-sales cap."""
    from salesperf_model.engine import run_plan

    cap = run.scenarios[run.baseline].budget.cost_of_sales
    frames = []
    for name in _names(run, plans):
        frame = cost_under_sales(
            run.scenarios[name], run.outcomes_of(name), run_plan, cost_of_sales_cap=cap
        )
        frame.insert(0, "plan", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def sales_scenario_sentence(table: pd.DataFrame, cap: float | None) -> str:
    """Which plans stay under the cap when sales fall 10%, or what cost of sales does."""
    low = 100.0 * (min(SALES_FACTORS) - 1.0)
    down = table[np.isclose(table["revenue_change_pct"], low)].set_index("plan")
    if cap is None:
        worst = down["cost_of_sales_pct"].idxmax()
        return (
            f"With sales {percent(low, 0, signed=True)}, cost of sales rises most under "
            f"{plan_title(worst)}, to {percent(down.loc[worst, 'cost_of_sales_pct'])}"
        )
    under = [p for p, v in down["cost_of_sales_pct"].items() if v <= 100 * cap]
    cap_words = percent(100 * cap, 0)
    if not under:
        return f"With sales {percent(low, 0, signed=True)}, no plan keeps cost of sales under the {cap_words} cap"
    if len(under) == len(down):
        return f"Every plan keeps cost of sales under the {cap_words} cap even with sales {percent(low, 0, signed=True)}"
    verb = "keeps" if len(under) == 1 else "keep"
    return (
        f"With sales {percent(low, 0, signed=True)}, only {', '.join(map(plan_title, under))} {verb} cost of "
        f"sales under the {cap_words} cap on average"
    )


def cash_flow_table(run: Run, plan: str) -> pd.DataFrame:
    """:func:`~salesperf_model.measure.cash_flow.payout_by_month` of one plan."""
    return payout_by_month(run.results[plan], list(run.outcomes_of(plan).periods))


def monthly_totals(run: Run, plans: Sequence[str] | None = None) -> pd.DataFrame:
    """Total pay per month (rows) and plan (columns), mean over simulations."""
    columns = {name: cash_flow_table(run, name)["total"].to_numpy() for name in _names(run, plans)}
    return pd.DataFrame({"period": list(run.outcomes.periods), **columns})


#: A period in words by the months it spans (``engine.periods.months_spanned``).
PERIOD_WORDS = {1: "month", 3: "quarter", 6: "half year"}


def period_word(periods: Sequence[str]) -> str:
    """'month', 'quarter' or 'half year': the kind of the periods (labels ``YYYY-MM``,
    ``YYYY-Qn``, ``YYYY-Hn`` or a fiscal quarter's months); 'period' for a mix."""
    spans = set(months_spanned(list(periods)).tolist())
    return PERIOD_WORDS.get(spans.pop(), "period") if len(spans) == 1 else "period"


def cash_flow_sentence(table: pd.DataFrame, plan: str, currency: str) -> str:
    """The period that needs the most cash, against an average period of the same kind (a
    quarter on quarterly data, never "an average month")."""
    peak = table.loc[table["total"].idxmax()]
    average = table["total"].mean()
    word = period_word(table["period"].astype(str).tolist())
    return (
        f"{plan_title(plan)} pays the most in {peak['period']}: {money(peak['total'], currency)}, "
        f"{peak['total'] / average:.1f} times an average {word}, as quarterly and yearly "
        "bonuses fall due"
        if peak["total"] > 1.05 * average
        else f"{plan_title(plan)} pays about the same every {word} ({money(average, currency)})"
    )


def region_comparison(run: Run, plans: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`~salesperf_model.measure.regions.region_table` per plan, with the change of
    each region's pay against the baseline (``pay_change_pct``)."""
    table = _per_plan(run, plans, region_table)
    base = table[table["plan"] == run.baseline].set_index("region")["pay"]
    with np.errstate(all="ignore"):
        table["pay_change_pct"] = 100.0 * (table["pay"] / table["region"].map(base) - 1.0)
    return table


def region_spread_sentence(table: pd.DataFrame, baseline: str) -> str:
    """The plan whose pay change differs most between regions."""
    rows = table[(table["plan"] != baseline) & (table["region"] != "all")]
    if rows.empty:
        return "Pay by region"
    spread = rows.groupby("plan", sort=False)["pay_change_pct"].agg(lambda v: v.max() - v.min())
    plan = spread.idxmax()
    own = rows[rows["plan"] == plan].set_index("region")["pay_change_pct"]
    return (
        f"Pay changes most unevenly across regions under {plan_title(plan)}: from "
        f"{percent(own.min(), signed=True)} in {own.idxmin()} to "
        f"{percent(own.max(), signed=True)} in {own.idxmax()}"
    )


def region_cost_sentence(
    table: pd.DataFrame, plan: str, baseline: str, *, cap: float | None
) -> str:
    """How many regions' cost of sales is over the cap under ``plan`` and the baseline."""
    rows = table[table["region"] != "all"]
    own = rows[rows["plan"] == plan].set_index("region")["cost_of_sales_pct"]
    if cap is None:
        return f"Under {plan_title(plan)}, cost of sales is highest in {own.idxmax()} ({percent(own.max())})"
    base = rows[rows["plan"] == baseline]["cost_of_sales_pct"]
    over, base_over = int((own > 100 * cap).sum()), int((base > 100 * cap).sum())
    return (
        f"Under {plan_title(plan)}, cost of sales is over the {percent(100 * cap, 0)} cap in {over} of "
        f"{len(own)} regions ({plan_title(baseline)}: {base_over}); highest in {own.idxmax()} "
        f"({percent(own.max())})"
    )


def region_sentence(table: pd.DataFrame, plan: str, baseline: str) -> str:
    """The region whose pay changes most under ``plan``, or the dearest region."""
    rows = table[(table["plan"] == plan) & (table["region"] != "all")].set_index("region")
    if plan == baseline:
        dear = rows["cost_of_sales_pct"].idxmax()
        return (
            f"Cost of sales is highest in {dear} ({percent(rows.loc[dear, 'cost_of_sales_pct'])})"
        )
    low, high = rows["pay_change_pct"].idxmin(), rows["pay_change_pct"].idxmax()
    return (
        f"Under {plan_title(plan)}, pay changes from {percent(rows.loc[low, 'pay_change_pct'], signed=True)} "
        f"in {low} to {percent(rows.loc[high, 'pay_change_pct'], signed=True)} in {high}"
    )
