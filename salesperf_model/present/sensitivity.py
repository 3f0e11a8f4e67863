"""Whether the verdict survives other assumptions about the sales force: the cheapest and
the first-ranked plan of each sensitivity run, side by side, in one sentence."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from salesperf_model.formatting import percent
from salesperf_model.pipeline import Run
from salesperf_model.pipeline.sensitivity import AS_ASSUMED, Sensitivity
from salesperf_model.present.changes import plan_changes
from salesperf_model.present.plan_titles import plan_title
from salesperf_model.present.summaries import ranking


def first_ranked(run: Run) -> str:
    """The plan the comparison ranks first (the report's ranking)."""
    return str(ranking(run)["plan"].iloc[0])


def _setting_words(run: Run, base: Run) -> str:
    """What the assumption changes, in the parameter reference's words."""
    changes = plan_changes(run.scenarios[run.baseline], base.scenarios[base.baseline])
    return "; ".join(f"{row.setting}: {row.baseline} -> {row.plan}" for row in changes.itertuples())


def sensitivity_table(
    sensitivity: Sensitivity, pick: Callable[[Run], str] = first_ranked
) -> pd.DataFrame:
    """One row per assumption (as assumed first): ``assumption``, ``changes`` (the
    settings changed, in words), ``cheapest`` (lowest total pay) with ``cheapest_change_pct``
    (its pay against the baseline), ``first_ranked`` (``pick`` of the run),
    ``best_trade_offs`` (the frontier), ``same_cheapest`` and ``same_first`` (as the run
    as assumed)."""
    base = sensitivity.runs[AS_ASSUMED]
    rows = []
    for name, run in sensitivity.runs.items():
        headline = run.tables["headline"].set_index("plan")
        cheapest = str(headline["total_pay"].idxmin())
        frontier = run.tables["frontier"]
        rows.append(
            {
                "assumption": name,
                "changes": "" if name == AS_ASSUMED else _setting_words(run, base),
                "cheapest": cheapest,
                "cheapest_change_pct": float(headline.loc[cheapest, "change_vs_baseline_pct"]),
                "first_ranked": pick(run),
                "best_trade_offs": ", ".join(frontier.loc[frontier["on_frontier"], "plan"]),
            }
        )
    table = pd.DataFrame(rows)
    table["same_cheapest"] = table["cheapest"] == table["cheapest"].iloc[0]
    table["same_first"] = table["first_ranked"] == table["first_ranked"].iloc[0]
    return table


def sensitivity_sentence(table: pd.DataFrame) -> str:
    """Does the cheapest and the first-ranked plan stay the same under every assumption?"""
    others = table.iloc[1:]
    n = len(others)
    cheapest, first = table["cheapest"].iloc[0], table["first_ranked"].iloc[0]
    parts = []
    for plan, column, role in (
        (cheapest, "same_cheapest", "cheapest"),
        (first, "same_first", "first-ranked"),
    ):
        moved = others.loc[~others[column], "assumption"].tolist()
        if not moved:
            parts.append(
                f"{plan_title(plan)} stays the {role} plan under all {n} other assumptions"
            )
        else:
            parts.append(f"{plan_title(plan)} is no longer the {role} plan if {', '.join(moved)}")
    if cheapest == first:
        parts[1] = parts[1].replace(f"{plan_title(first)} ", "it ", 1)
    return "; ".join(parts)


def sensitivity_words(sensitivity: Sensitivity) -> str:
    """How the sensitivity runs were made and how long they took."""
    return (
        f"Each comparison re-simulated with {sensitivity.reps} reps and "
        f"{sensitivity.simulations} simulations (as assumed too, so the rows compare like "
        f"with like); {len(sensitivity.runs)} comparisons took {sensitivity.seconds:.0f} s. "
        "Small runs: plans within about 1% of each other may swap places by chance."
    )


def verdict_rows(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`sensitivity_table` as a reader sees it: the assumption, the cheapest plan and
    its pay against the baseline, the first-ranked plan and the best trade-offs."""
    return pd.DataFrame(
        {
            "assumption": table["assumption"],
            "cheapest plan": table["cheapest"],
            "its pay vs baseline": [percent(v, signed=True) for v in table["cheapest_change_pct"]],
            "ranked first": table["first_ranked"],
            "best trade-offs": table["best_trade_offs"],
        }
    )


def assumption_lines(table: pd.DataFrame, sensitivity: Sensitivity) -> list[str]:
    """What each assumption changes, then how the runs were made and how long they took."""
    lines = [f"{row.assumption}: {row.changes}" for row in table.iloc[1:].itertuples()]
    return [*lines, sensitivity_words(sensitivity)]
