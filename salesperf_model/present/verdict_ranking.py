"""The ranking by the decision rule as a reader sees it: one line on how it is made, then
the table (rank with ties, the rule's verdict, what the company keeps with its 95%
interval, pay and revenue against the baseline, the fairness verdict, disruption)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from salesperf_model.formatting import losing_label, money, percent, share_cell
from salesperf_model.present.format import escape, table_html


def _title(titles: Mapping[str, str] | None, plan: str) -> str:
    return (titles or {}).get(plan, plan)


def ranking_caption(
    ranked: pd.DataFrame, *, titles: Mapping[str, str] | None = None, replay: bool = False
) -> str:
    """How the ranking is made, in one line; when the recommended plan (the fairest that
    meets the rule) is not first, why."""
    if replay:  # one set of actual results: facts, no interval and nothing too close to call
        order, figure = "then those that fail it", "on the actual results"
        noise = "plans whose figures are equal share a rank"
    else:
        order, figure = (
            "then those too close to call, then those that fail it",
            "with its 95% interval",
        )
        noise = "plans within the Monte Carlo error of each other share a rank"
    words = (
        f"Plans that meet the decision rule come first, {order}; within each group, by what "
        f"the company keeps against the baseline (revenue change minus pay change, {figure}); "
        + noise
        + "."
    )
    recommended = ranked[ranked["rule"] == "recommended"]
    if not recommended.empty and int(recommended["rank"].iloc[0]) != 1:
        row = recommended.iloc[0]
        words += (
            f" {_title(titles, str(row['plan']))} is recommended as the fairest plan that "
            f"meets the rule; it ranks {int(row['rank'])} on what the company keeps."
        )
    return words


def _money_interval(value: float, low: float, high: float, currency: str) -> str:
    if pd.isna(value):
        return "n/a"
    figure = money(value, currency, signed=True)
    if pd.isna(low) or low == high:
        return figure
    return (
        f"{figure} (95% interval {money(low, currency, signed=True)} to "
        f"{money(high, currency, signed=True)})"
    )


def _threshold(ranked: pd.DataFrame) -> float:
    """The decision rule's loss threshold the ranking's ``losers_pct`` counts by."""
    if "loss_threshold_pct" in ranked and ranked["loss_threshold_pct"].notna().any():
        return float(ranked["loss_threshold_pct"].dropna().iloc[0])
    return 5.0


def ranking_rows(
    ranked: pd.DataFrame, currency: str, *, titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The ranking by the rule (``ranking(run, decision=...)``) as text cells, plans by
    their titles; a rank shared with the plan above reads '3 (tie)'."""
    ties = set(ranked.loc[ranked["tied"], "rank"])
    return pd.DataFrame(
        {
            "rank": [f"{r} (tie)" if r in ties else str(r) for r in ranked["rank"]],
            "plan": [_title(titles, p) for p in ranked["plan"]],
            "decision rule": ranked["rule"],
            "what the company keeps vs baseline (revenue change - pay change)": [
                _money_interval(v, lo, hi, currency)
                for v, lo, hi in zip(
                    ranked["net_effect"], ranked["net_low"], ranked["net_high"], strict=True
                )
            ],
            "pay vs baseline": [percent(v, signed=True) for v in ranked["change_pct"]],
            "revenue vs baseline": [
                "n/a" if pd.isna(v) else percent(v, signed=True)
                for v in ranked["revenue_change_pct"]
            ],
            "fairness verdict": [v or "(baseline)" for v in ranked["fairness_verdict"]],
            losing_label(_threshold(ranked)): [
                "n/a" if pd.isna(v) else share_cell(v) for v in ranked["losers_pct"]
            ],
            f"keeping them whole ({currency})": [
                money(v, currency) for v in ranked["keep_whole_cost"]
            ],
        }
    )


def ranking_section_html(
    ranked: pd.DataFrame,
    currency: str,
    *,
    titles: Mapping[str, str] | None = None,
    replay: bool = False,
) -> str:
    """'Plans ranked' with its one-line caption, then the table."""
    caption = ranking_caption(ranked, titles=titles, replay=replay)
    return f"<p><strong>Plans ranked.</strong> {escape(caption)}</p>" + table_html(
        ranking_rows(ranked, currency, titles=titles)
    )
