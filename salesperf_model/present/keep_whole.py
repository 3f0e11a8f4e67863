"""The keep-whole view of a replay on actuals in figures, words and report tables: who would lose more than 5% under a plan and what keeping them whole costs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.formatting import money, percent
from salesperf_model.measure import keep_whole, pay_per_rep

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run

#: A rep "loses" under a plan change when their pay falls by more than this share.
KEEP_WHOLE_THRESHOLD = 0.05


def is_replay(run: Run) -> bool:
    """True when the run pays plans on imported actuals (one real set of results), where
    per-rep pay under each plan is a fact, not a draw: the keep-whole view applies."""
    return run.settings.source == "actuals"


def keep_whole_table(run: Run, plan: str, threshold: float = KEEP_WHOLE_THRESHOLD) -> pd.DataFrame:
    """Per rep, total pay over the window under the baseline (the current plan) and under
    ``plan``: change in money and %, and whether the rep loses more than ``threshold``.
    Reps are sorted from the largest % loss; role, team and region come along for reading.
    Uses the first simulation (a replay has exactly one)."""
    table = keep_whole(
        pay_per_rep(run.results[run.baseline]),
        pay_per_rep(run.results[plan]),
        loss_threshold=threshold,
    )
    flag = next(c for c in table.columns if c.startswith("loses_more_than_"))
    table = table.rename(columns={flag: "loses_over_threshold"})
    reps = run.outcomes.reps.set_index(run.outcomes.reps["rep_id"].astype(str))
    for column in ("role", "team", "region"):
        if column in reps.columns:
            table.insert(1, column, reps[column].reindex(table["rep_id"]).astype(str).to_numpy())
    table["keep_whole_top_up"] = np.where(table["loses_over_threshold"], -table["change"], 0.0)
    order = np.lexsort((table["rep_id"].to_numpy(), table["pct_change"].fillna(0).to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def keep_whole_figures(table: pd.DataFrame) -> dict[str, float]:
    """From a :func:`keep_whole_table`: reps counted, reps losing more than the threshold,
    the cost of keeping them whole (topping each back up to current pay), the same for every
    rep who loses anything, and the net change of the whole pay bill."""
    losers = table["loses_over_threshold"].to_numpy(dtype=bool)
    change = table["change"].to_numpy(dtype=float)
    current = table["current"].to_numpy(dtype=float)
    return {
        "reps": len(table),
        "reps_losing_over_threshold": int(losers.sum()),
        "keep_whole_cost": float(-change[losers].sum()),
        "keep_whole_cost_pct_of_current": float(
            100 * -change[losers].sum() / current.sum() if current.sum() else float("nan")
        ),
        "reps_losing_any": int((change < 0).sum()),
        "top_up_every_loser": float(-change[change < 0].sum()),
        "net_change": float(change.sum()),
    }


def keep_whole_sentence(
    figures: Mapping[str, float],
    plan: str,
    baseline: str,
    *,
    currency: str = "CNY",
    threshold: float = KEEP_WHOLE_THRESHOLD,
) -> str:
    """The keep-whole finding in one plain sentence for the executive summary."""
    limit = f"{100 * threshold:g}%"
    losing, reps = figures["reps_losing_over_threshold"], figures["reps"]
    if losing == 0:
        return (
            f"Replayed on the actual results, no rep would lose more than {limit} "
            f"under {plan} against {baseline}: nobody needs to be kept whole."
        )
    return (
        f"Replayed on the actual results, {losing} of {reps} reps would lose more "
        f"than {limit} of their pay under {plan}; keeping them whole (paying each the "
        f"difference to {baseline}) costs {money(figures['keep_whole_cost'], currency)}."
    )


def keep_whole_losers(table: pd.DataFrame, currency: str = "CNY") -> pd.DataFrame:
    """The reps who lose more than the threshold, formatted for a report table, biggest
    % loss first."""
    losers = table[table["loses_over_threshold"]]
    columns = [c for c in ("rep_id", "region", "team", "role") if c in losers.columns]
    shown = losers[columns].rename(columns={"rep_id": "rep"}).copy()
    if "role" in shown.columns:
        shown["role"] = shown["role"].str.replace("_", " ")
    shown[f"pay now ({currency})"] = losers["current"].map(lambda v: f"{v:,.0f}")
    shown[f"pay under plan ({currency})"] = losers["alternative"].map(lambda v: f"{v:,.0f}")
    shown[f"change ({currency})"] = losers["change"].map(lambda v: f"{v:+,.0f}")
    shown["change (%)"] = losers["pct_change"].map(lambda v: f"{v:+.1f}%")
    shown[f"keep-whole top-up ({currency})"] = losers["keep_whole_top_up"].map(
        lambda v: f"{v:,.0f}"
    )
    return shown.reset_index(drop=True)


def keep_whole_by_plan(run: Run, threshold: float = KEEP_WHOLE_THRESHOLD) -> pd.DataFrame:
    """One row per plan under study: reps losing more than the threshold and the cost of
    keeping them whole, for the comparison report (numbers, not formatted)."""
    rows = []
    for plan in run.plans:
        figures = keep_whole_figures(keep_whole_table(run, plan, threshold))
        rows.append({"plan": plan, **figures})
    return pd.DataFrame(rows)


def keep_whole_words(figures: Mapping[str, float], currency: str = "CNY") -> list[str]:
    """The keep-whole figures spelled out under the losers table."""
    return [
        f"Keeping whole the {figures['reps_losing_over_threshold']} reps who lose more than 5% "
        f"costs {money(figures['keep_whole_cost'], currency)} "
        f"({percent(figures['keep_whole_cost_pct_of_current'])} of today's pay bill).",
        f"{figures['reps_losing_any']} of {figures['reps']} reps lose something; topping every "
        f"one of them up would cost {money(figures['top_up_every_loser'], currency)}.",
        f"Net change of the whole pay bill: {money(figures['net_change'], currency, signed=True)}.",
    ]


def keep_whole_plan_rows(by_plan: pd.DataFrame, currency: str = "CNY") -> pd.DataFrame:
    """:func:`keep_whole_by_plan` formatted for the comparison report: one row per plan."""
    return pd.DataFrame(
        {
            "plan": by_plan["plan"],
            "reps losing > 5%": [
                f"{n} of {m}"
                for n, m in zip(by_plan["reps_losing_over_threshold"], by_plan["reps"])
            ],
            f"keep-whole cost ({currency})": by_plan["keep_whole_cost"].map(lambda v: f"{v:,.0f}"),
            "as % of today's pay": by_plan["keep_whole_cost_pct_of_current"].map(
                lambda v: percent(v)
            ),
            f"net change of the pay bill ({currency})": by_plan["net_change"].map(
                lambda v: f"{v:+,.0f}"
            ),
        }
    )


def keep_whole_comparison_sentence(by_plan: pd.DataFrame, currency: str = "CNY") -> str:
    """One sentence for the comparison summary: the plan with the largest keep-whole bill
    and the plans that need none."""
    if by_plan.empty:
        return "No plan to replay on actual results."
    worst = by_plan.loc[by_plan["keep_whole_cost"].idxmax()]
    none = by_plan.loc[by_plan["reps_losing_over_threshold"] == 0, "plan"].tolist()
    if worst["keep_whole_cost"] <= 0:
        return "Replayed on the actual results, no plan makes any rep lose more than 5%."
    sentence = (
        f"Replayed on the actual results, {worst['plan']} would need the largest keep-whole "
        f"budget: {worst['reps_losing_over_threshold']} of {worst['reps']} reps lose more than "
        f"5%, {money(worst['keep_whole_cost'], currency)} to keep them whole"
    )
    if none:
        sentence += f"; no rep loses more than 5% under {', '.join(none)}"
    return sentence + "."
