"""A search in plain words and small tables: the recommendation, the winner against the baseline and the runner-up with intervals, each constraint, what binds."""

from __future__ import annotations

import math

import pandas as pd

from salesperf_model.present.changes import plan_changes
from salesperf_model.search import SearchResult
from salesperf_model.search.optimize import plan_count
from salesperf_model.search.report import check_failures

#: Figures the winner table shows, with the words a reader sees.
SHOWN: dict[str, str] = {
    "total_pay": "Total pay ({currency})",
    "cost_of_sales_collected": "Pay as a share of collected revenue",
    "over_budget_cost_of_sales": "Chance cost of sales is over budget",
    "merit_alignment_pay": "How closely pay follows true skill (rank correlation)",
    "share_losing_over_5pct": "Reps losing more than 5% of pay",
    "top_decile_losing_over_5pct": "Top-skill tenth losing more than 5%",
    "base_pay_share": "Base salary as a share of pay",
    "gender_pay_gap_mean": "Gender pay gap, mean (% of men's pay)",
}
SHARES = {
    "cost_of_sales_collected",
    "over_budget_cost_of_sales",
    "share_losing_over_5pct",
    "top_decile_losing_over_5pct",
    "base_pay_share",
}


def _number(name: str, value: float, *, signed: bool = False) -> str:
    """A figure as the tables show it: shares in percent (changes in points), money whole,
    other figures to three decimals; never "-0" or "+0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    pattern = "{:+" if signed else "{:"
    if name in SHARES:
        text, unit = (pattern + ".1f}").format(value * 100), " points" if signed else "%"
    elif name == "total_pay":
        text, unit = (pattern + ",.0f}").format(value), ""
    else:
        text, unit = (pattern + ".3f}").format(value), ""
    if not text.lstrip("+-").strip("0.,"):
        text = text.lstrip("+-")
    return text + unit


def _shown(result: SearchResult, name: str) -> str:
    """A figure's name in the report, money in the plan's currency."""
    return SHOWN.get(name, name).format(currency=result.currency)


def _plan_value(value: float) -> str:
    """A parameter's value in the fewest digits that give it exactly (steps of a quarter
    point read 0.0225; money 2500)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{round(number, 10):g}"


def change_words(result: SearchResult, row: int) -> str:
    """What an evaluated plan changes against the baseline, in the parameter reference's
    words and units (the ``salesperf diff`` table), or "" for the baseline's own plan."""
    if result.loader is None:
        return ""
    plan = result.loader.scenario(result.point(row), name="plan")
    table = plan_changes(plan, result.loader.baseline)
    return "; ".join(f"{r.setting} from {r.baseline} to {r.plan}" for r in table.itertuples())


def search_sentences(result: SearchResult) -> list[str]:
    """What a director reads first: the recommendation or why there is none, how sure it
    is (fresh simulations), what binds, and whether reps' reactions were modelled."""
    tried = f"The search tried {plan_count(len(result.evaluations))} ({result.stopped})."
    if result.winner is None:
        return [
            "No plan met every condition, so none is recommended.",
            *[f"Conflict: {line}." for line in result.conflicts],
            tried,
            result.how[0].upper() + result.how[1:] + ".",
        ]
    changed = change_words(result, result.winner)
    own = result.loader is not None and not changed  # the winner is the baseline's plan
    if own and len(result.evaluations) == 1:
        tried = (
            f"The search tried only 1 plan, the baseline's own ({result.stopped}): "
            "no other plan was compared."
        )
    name = result.objective
    row = result.check.loc["winner"]
    failing = "; ".join(f"{label} ({figure})" for label, figure in check_failures(result))
    verdict = (
        f"No plan is recommended: the best plan found ({changed or 'the baseline as it is'}) "
        "met every condition only on the simulations it was found on; on fresh simulations "
        f"it fails {failing}."
        if failing
        else f"Recommended plan: {changed or 'the baseline as it is'}."
    )
    sentences = [verdict]
    if own:  # no difference to report, and no lead over itself
        sentences.append("It is the baseline's own plan: every figure is the baseline's.")
    else:
        sentences.append(
            f"On fresh simulations it {'raises' if row[f'{name}_diff'] > 0 else 'lowers'} "
            f"{_shown(result, name).lower()} by {_number(name, abs(row[f'{name}_diff']))} "
            f"(95% interval {_number(name, row[f'{name}_diff_low'], signed=True)} to "
            f"{_number(name, row[f'{name}_diff_high'], signed=True)}); total pay changes by "
            f"{_number('total_pay', row['total_pay_diff'], signed=True)} {result.currency}."
        )
    if not failing:
        sentences.append("It meets every condition on fresh simulations too.")
    if not own and not _clearly_better(result, row):
        sentences.append(
            f"On fresh simulations it is not clearly better than the baseline on "
            f"{_shown(result, name).lower()}: its lead on the simulations the search was "
            "fitted on may be luck of that draw (more fit simulations would tell)."
        )
    if result.tied_with_runner_up:
        sentences.append(_tie_sentence(result))
    if result.binding:
        sentences.append("What stops a better plan: " + "; ".join(result.binding) + ".")
    if result.runner_up is not None and not change_words(result, result.runner_up):
        sentences.append("The runner-up is the baseline's own plan.")
    sentences += [tried, result.how[0].upper() + result.how[1:] + "."]
    return sentences


def _tie_sentence(result: SearchResult) -> str:
    """The winner and the runner-up not told apart on fresh simulations, and which costs less."""
    gap, name = result.runner_up_gap, result.objective
    cost = gap["total_pay"]
    cheaper = "the winner" if cost < 0 else "the runner-up"
    costs = (
        f"{cheaper} costs {_number('total_pay', abs(cost))} {result.currency} less"
        if cost
        else "both cost the same"
    )
    return (
        f"On fresh simulations the winner and the runner-up are tied on "
        f"{_shown(result, name).lower()}: winner minus runner-up "
        f"{_number(name, gap[name], signed=True)} (95% interval "
        f"{_number(name, gap[f'{name}_low'], signed=True)} to "
        f"{_number(name, gap[f'{name}_high'], signed=True)}); {costs}."
    )


def _clearly_better(result: SearchResult, row: pd.Series) -> bool:
    """Whether the winner's 95% interval against the baseline on the objective, on fresh
    simulations, lies wholly on the better side of zero."""
    name = result.objective
    if result.goal == "maximize":
        return bool(row[f"{name}_diff_low"] > 0)
    return bool(row[f"{name}_diff_high"] < 0)


def winner_table(result: SearchResult) -> pd.DataFrame:
    """Baseline, winner and runner-up on fresh simulations: each figure's level and the
    change against the baseline with its 95% interval."""
    if result.check.empty:
        return pd.DataFrame()
    rows = []
    for name, words in SHOWN.items():
        if name not in result.check.columns:
            continue
        row = {"Figure": words.format(currency=result.currency)}
        for plan in result.check.index:
            value = result.check.loc[plan]
            row[str(plan).capitalize()] = _number(name, value[name])
            if plan != "baseline":
                row[f"{str(plan).capitalize()} vs baseline (95% interval)"] = (
                    f"{_number(name, value[f'{name}_diff'], signed=True)} "
                    f"({_number(name, value[f'{name}_diff_low'], signed=True)} to "
                    f"{_number(name, value[f'{name}_diff_high'], signed=True)})"
                )
        rows.append(row)
    return pd.DataFrame(rows)


def constraint_table(result: SearchResult) -> pd.DataFrame:
    """Each condition: what the baseline, the winner and the runner-up read on fresh
    simulations, and whether each meets it."""
    rows = []
    for n, label in enumerate(result.constraints):
        row = {"Condition": label}
        metric = label.split(" ", 1)[0]
        for plan in result.check.index:
            value = result.check.loc[plan]
            met = "meets" if bool(value[f"c{n}_met"]) else "fails"
            figure = value[f"c{n}_value"]
            text = (
                f"{figure:.0%} of simulations within"
                if "of simulations" in label
                else _number(metric, figure)
            )
            row[str(plan).capitalize()] = f"{text} ({met})"
        rows.append(row)
    return pd.DataFrame(rows)


def evaluations_table(result: SearchResult) -> pd.DataFrame:
    """Every plan the search evaluated, in order: its values, objective and feasibility."""
    table = result.evaluations[["step", *result.parameters, "objective", "feasible"]].copy()
    for name in result.parameters:  # as a plan writes them: 0.0225, not 0.022
        table[name] = [_plan_value(v) for v in table[name]]
    table["feasible"] = table["feasible"].map({True: "yes", False: "no"})
    breakable = [p.replace(".", ".\u200b") for p in result.parameters]  # headers may wrap
    table.columns = ["Step", *breakable, result.objective, "Meets every condition"]
    return table
