"""Whether the verdict survives other assumptions about the sales force: the plan the
decision rule recommends as assumed, judged by the same rule under each other assumption
(still recommended, within the rule, or failing it), plans by their titles."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from salesperf_model.formatting import percent
from salesperf_model.measure.decision import DecisionResult
from salesperf_model.pipeline import Run
from salesperf_model.pipeline.sensitivity import AS_ASSUMED, Sensitivity
from salesperf_model.present.changes import plan_changes
from salesperf_model.present.plan_titles import plan_title
from salesperf_model.present.ranking import rule_words
from salesperf_model.present.recommendation import run_decision
from salesperf_model.present.summaries import ranking
from salesperf_model.present.verdict_words import plan_title as run_title

#: ``sensitivity_table``'s default: follow the plan the small as-assumed run recommends.
_OWN_PICK = object()


def first_ranked(run: Run) -> str:
    """The plan the comparison ranks first (the report's ranking)."""
    return str(ranking(run)["plan"].iloc[0])


def _setting_words(run: Run, base: Run) -> str:
    """What the assumption changes, in the parameter reference's words."""
    changes = plan_changes(run.scenarios[run.baseline], base.scenarios[base.baseline])
    return "; ".join(f"{row.setting}: {row.baseline} -> {row.plan}" for row in changes.itertuples())


def sensitivity_table(
    sensitivity: Sensitivity,
    pick: Callable[[Run], str] = first_ranked,
    *,
    decision_of: Callable[[Run], DecisionResult] = run_decision,
    changes_of: Callable[[Run, Run], str] | None = None,
    recommended: str | object | None = _OWN_PICK,
) -> pd.DataFrame:
    """One row per assumption (as assumed first): ``assumption``, ``changes`` (the
    settings changed, in words), ``recommended`` (the plan the decision rule recommends,
    None when no plan meets it) with its ``title`` and ``recommended_change_pct`` (its
    pay against the baseline), ``as_assumed_rule`` (the plan recommended as assumed,
    judged by the rule under this assumption: 'recommended', 'meets', 'too close to call:
    ...', 'fails: ...'), ``same_recommended``; ``best_trade_offs`` (the frontier, by
    title); and, as before, ``cheapest`` (lowest total pay) with ``cheapest_change_pct``,
    ``first_ranked`` (``pick`` of the run), ``same_cheapest`` and ``same_first``.

    ``recommended``: the plan the full comparison recommends (the report's executive
    summary; None: it recommends none), followed through every small run, as assumed
    included (``attrs["followed"]``); by default the plan the small run recommends as
    assumed. The small runs (fewer reps and simulations) can judge the same plans
    otherwise than the full one."""
    base = sensitivity.runs[AS_ASSUMED]
    changes_of = changes_of or _setting_words
    decisions = {name: decision_of(run) for name, run in sensitivity.runs.items()}
    full = recommended is not _OWN_PICK
    kept = recommended if full else decisions[AS_ASSUMED].recommended
    rows = []
    for name, run in sensitivity.runs.items():
        headline = run.tables["headline"].set_index("plan")
        cheapest = str(headline["total_pay"].idxmin())
        frontier = run.tables["frontier"]
        decision = decisions[name]
        chosen = decision.recommended
        rows.append(
            {
                "assumption": name,
                "changes": "" if name == AS_ASSUMED else changes_of(run, base),
                "recommended": chosen,
                "recommended_title": run_title(run, chosen)
                if chosen
                else "none (no plan meets it)",
                "recommended_change_pct": float(headline.loc[chosen, "change_vs_baseline_pct"])
                if chosen
                else float("nan"),
                "as_assumed_rule": rule_words(
                    decision.verdicts[kept], chosen, decision.rule.loss_threshold_pct
                )
                if kept in decision.verdicts
                else "not compared",
                "cheapest": cheapest,
                "cheapest_change_pct": float(headline.loc[cheapest, "change_vs_baseline_pct"]),
                "first_ranked": pick(run),
                "best_trade_offs": ", ".join(
                    run_title(run, p) for p in frontier.loc[frontier["on_frontier"], "plan"]
                ),
            }
        )
    table = pd.DataFrame(rows)
    table.attrs["followed"] = kept
    table.attrs["followed_title"] = run_title(base, kept) if kept else ""
    table.attrs["from_full_run"] = full
    table["same_recommended"] = table["recommended"] == (
        kept if full else table["recommended"].iloc[0]
    )
    table["same_cheapest"] = table["cheapest"] == table["cheapest"].iloc[0]
    table["same_first"] = table["first_ranked"] == table["first_ranked"].iloc[0]
    return table


def _chosen(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def recommended_sentence(table: pd.DataFrame) -> str:
    """Does the plan recommended as assumed stay recommended, or at least within the
    decision rule, under every other assumption? By its title; assumptions with the same
    outcome together, with the condition it fails and the plan the rule picks instead."""
    if table.attrs.get("from_full_run") and table.attrs.get("followed"):
        return _followed_sentence(table)
    others = table.iloc[1:]
    first = table.iloc[0]
    if table.attrs.get("from_full_run"):  # the full comparison recommends no plan
        by_plan: dict[str, list[str]] = {}
        for row in table.itertuples():
            if _chosen(row.recommended):
                by_plan.setdefault(row.recommended_title, []).append(str(row.assumption))
        picked = [f"{title} {_when(names)}" for title, names in by_plan.items()]
        return "No plan meets the decision rule above" + (
            f"; in these smaller runs it would recommend {'; '.join(picked)}"
            if picked
            else ", nor in these smaller runs under any assumption"
        )
    if not _chosen(first["recommended"]):
        picked = [
            f"{r.recommended_title} if {r.assumption}"
            for r in others.itertuples()
            if _chosen(r.recommended)
        ]
        return "No plan meets the decision rule as assumed" + (
            f"; it would recommend {', '.join(picked)}"
            if picked
            else " or under any other assumption"
        )
    title = first["recommended_title"]
    stays = others[others["same_recommended"]]
    if len(stays) == len(others):
        n = len(others)
        under = "under the other assumption" if n == 1 else f"under all {n} other assumptions"
        return f"{title}, recommended as assumed, stays recommended {under}"
    outcomes: dict[tuple[str, str], list[str]] = {}
    for row in others[~others["same_recommended"]].itertuples():
        status, _, named = str(row.as_assumed_rule).partition(": ")
        words = {
            "meets": "meets the decision rule but is no longer recommended",
            "fails": "fails the decision rule",
            "too close to call": "is too close to call on the decision rule",
        }.get(status, "is not compared")
        words += f" on {named}" if named else ""
        instead = (
            f", and {row.recommended_title} is recommended instead"
            if _chosen(row.recommended)
            else ", where no plan meets the rule"
        )
        outcomes.setdefault((words, instead), []).append(str(row.assumption))
    pieces = [
        f"{words} if {_listed(names)}{instead}" for (words, instead), names in outcomes.items()
    ]
    if len(stays):
        pieces.append(f"it stays recommended if {_listed(list(stays['assumption']))}")
    return f"{title}, recommended as assumed, " + "; ".join(pieces)


def _when(names: list[str]) -> str:
    """'as assumed', 'if more reps leave', 'as assumed and if more reps leave'."""
    rest = [n for n in names if n != AS_ASSUMED]
    parts = ["as assumed"] if AS_ASSUMED in names else []
    return " and ".join([*parts, *([f"if {_listed(rest)}"] if rest else [])])


def _status_words(rule: str) -> str:
    """'fails: reps losing > 5%' -> 'fails the decision rule on reps losing > 5%'."""
    status, _, named = str(rule).partition(": ")
    words = {
        "meets": "meets the decision rule but is not recommended",
        "fails": "fails the decision rule",
        "too close to call": "is too close to call on the decision rule",
    }.get(status, "is not compared")
    return words + (f" on {named}" if named else "")


def _followed_sentence(table: pd.DataFrame) -> str:
    """The full comparison's recommended plan through every small run, as assumed
    included: where it stays recommended, and where not, what the rule says of it and
    which plan the small run picks instead."""
    title = table.attrs["followed_title"]
    stays = table[table["same_recommended"]]
    others = len(table) - 1
    under = "the other assumption" if others == 1 else f"all {others} other assumptions"
    if len(stays) == len(table):
        return (
            f"{title}, recommended above, stays recommended in these smaller runs, as assumed "
            f"and under {under}"
        )
    outcomes: dict[tuple[str, str], list[str]] = {}
    for row in table[~table["same_recommended"]].itertuples():
        instead = (
            f", and {row.recommended_title} is recommended instead"
            if _chosen(row.recommended)
            else ", where no plan meets the rule"
        )
        outcomes.setdefault((_status_words(row.as_assumed_rule), instead), []).append(
            str(row.assumption)
        )

    pieces = [f"{words} {_when(names)}{instead}" for (words, instead), names in outcomes.items()]
    if len(stays):
        pieces.append(f"it stays recommended {_when(list(stays['assumption']))}")
    return f"{title}, recommended above, in these smaller runs: " + "; ".join(pieces)


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
    """:func:`sensitivity_table` as a reader sees it: the assumption, the plan the rule
    recommends and its pay against the baseline, the plan recommended as assumed judged by
    the rule, and the best trade-offs; plans by their titles."""
    followed = table.attrs.get("followed_title") or table["recommended_title"].iloc[0]
    judged = f"{followed} under the decision rule"
    return pd.DataFrame(
        {
            "assumption": table["assumption"],
            "recommended plan": table["recommended_title"],
            judged: table["as_assumed_rule"],
            "its pay vs baseline": [
                "" if pd.isna(v) else percent(v, signed=True)
                for v in table["recommended_change_pct"]
            ],
            "best trade-offs": table["best_trade_offs"],
        }
    )


def assumption_lines(table: pd.DataFrame, sensitivity: Sensitivity) -> list[str]:
    """What each assumption changes, then how the runs were made and how long they took."""
    lines = [f"{row.assumption}: {row.changes}" for row in table.iloc[1:].itertuples()]
    return [*lines, sensitivity_words(sensitivity)]
