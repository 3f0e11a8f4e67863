"""What a search leaves behind: every evaluated plan, the fresh-seed check, a summary, and the winning plan as a scenario file whose comments say what changed and why."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from salesperf_model.loading import apply_overrides, load_scenario
from salesperf_model.loading.named import resolve_names
from salesperf_model.loading.paths import get_path, split_key
from salesperf_model.search.optimize import SearchResult, plan_count
from salesperf_model.search.winner import write_winner


def objective_words(result: SearchResult) -> str:
    """The winner's objective against the baseline's on the fresh simulations, in words."""
    if result.winner is None or result.check.empty:
        return "no plan met every constraint"
    name = result.objective
    row, base = result.check.loc["winner"], result.check.loc["baseline"]
    return (
        f"{result.goal} {name}: baseline {base[name]:.4g}, winner {row[name]:.4g} "
        f"(difference {row[f'{name}_diff']:+.4g}, 95% interval {row[f'{name}_diff_low']:+.4g} "
        f"to {row[f'{name}_diff_high']:+.4g}, on fresh simulations)"
    )


def fresh_constraints(result: SearchResult) -> list[str]:
    """Each constraint at the winner on the fresh simulations: met or not, and its figure."""
    if result.winner is None or result.check.empty:
        return []
    row = result.check.loc["winner"]
    lines = []
    for n, label in enumerate(result.constraints):
        met, value = bool(row[f"c{n}_met"]), float(row[f"c{n}_value"])
        if "of simulations" in label:  # a share of simulations: 1 reads as 100%
            lines.append(
                f"{label}: {'met' if met else 'NOT met, met'} in {value:.0%} of simulations"
            )
        else:
            lines.append(f"{label}: {'met' if met else 'NOT met'} ({value:.4g})")
    return lines


def check_failures(result: SearchResult) -> list[tuple[str, str]]:
    """(constraint, the winner's figure) for each constraint the winner fails on the fresh
    check simulations: meeting it only where it was found may be luck of that draw."""
    if result.winner is None or result.check.empty:
        return []
    row = result.check.loc["winner"]
    return [
        (
            label,
            f"met in {value:.0%} of simulations" if "of simulations" in label else f"{value:.4g}",
        )
        for n, label in enumerate(result.constraints)
        if not bool(row[f"c{n}_met"])
        for value in [float(row[f"c{n}_value"])]
    ]


def tie_words(result: SearchResult) -> str:
    """When the winner and the runner-up are not told apart on the objective on the check
    simulations: the paired difference, its interval and which costs less; else ""."""
    if not result.tied_with_runner_up:
        return ""
    gap, name = result.runner_up_gap, result.objective
    cost = gap["total_pay"]
    cheaper = "the winner" if cost < 0 else "the runner-up"
    costs = f"{cheaper} costs {abs(cost):,.0f} less in total pay" if cost else "both cost the same"
    return (
        f"the winner and the runner-up are tied on {name} on the fresh check simulations "
        f"(winner minus runner-up {gap[name]:+.4g}, 95% interval {gap[f'{name}_low']:+.4g} to "
        f"{gap[f'{name}_high']:+.4g}); {costs}"
    )


def _check_summary(result: SearchResult) -> dict[str, list[dict[str, object]]]:
    """Per plan of the check, each constraint's figure and whether it is met there."""
    return {
        str(plan).replace("-", "_"): [
            {
                "constraint": label,
                "value": float(row[f"c{n}_value"]),
                "met": bool(row[f"c{n}_met"]),
            }
            for n, label in enumerate(result.constraints)
        ]
        for plan, row in result.check.iterrows()
    }


def _changes(result: SearchResult, scenario: Path) -> dict[str, tuple[object, object]]:
    """Dotted key -> (the baseline file's value, the winner's), fixed overrides first."""
    assert result.loader is not None and result.winner is not None
    original = load_scenario(scenario).model_dump()
    point = result.point(result.winner)
    changes: dict[str, tuple[object, object]] = {}
    fixed = {str(k): v for k, v in result.fixed.items()}
    for key, value in {**fixed, **point}.items():
        path, unknown, _names = resolve_names(original, split_key(key))
        before = None if unknown else get_path(original, path)
        if before != value:
            changes[key] = (before, value)
    return changes


def write_search_outputs(
    result: SearchResult,
    out: str | Path,
    *,
    scenario: str | Path,
    search: str | Path,
    final_dir: str | Path | None = None,
) -> Path | None:
    """Write ``evaluations.csv``, ``check.csv``, ``search.json`` and, when a plan met
    every constraint, ``winner.yaml`` (extends ``scenario``, relative to ``final_dir`` when
    the folder is published elsewhere); returns the winner's path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result.evaluations.to_csv(out / "evaluations.csv", index=False)
    if not result.check.empty:
        result.check.to_csv(out / "check.csv")
    else:  # an earlier search's check would stand for a winner this one never found
        (out / "check.csv").unlink(missing_ok=True)
    summary = {
        "objective": result.objective,
        "goal": result.goal,
        "constraints": result.constraints,
        "stopped": result.stopped,
        "how": result.how,
        "winner": result.point(result.winner) if result.winner is not None else None,
        "runner_up": result.point(result.runner_up) if result.runner_up is not None else None,
        "binding": result.binding,
        "conflicts": result.conflicts,
        "check": _check_summary(result) if not result.check.empty else None,
        "runner_up_gap": result.runner_up_gap or None,
        "tied_with_runner_up": result.tied_with_runner_up if result.runner_up_gap else None,
        "winner_meets_constraints_on_check": (
            not check_failures(result) if result.winner is not None else None
        ),
        "evaluations": len(result.evaluations),
        "seconds": result.seconds,
    }
    (out / "search.json").write_text(json.dumps(summary, indent=2, default=_json), "utf-8")
    if result.winner is None or result.loader is None:
        (out / "winner.yaml").unlink(missing_ok=True)
        return None
    scenario, search = Path(scenario), Path(search)
    point = result.point(result.winner)
    data = apply_overrides(result.loader.data, point, file=str(scenario))
    failing = [f"  {label}: {figure}" for label, figure in check_failures(result)]
    tie = tie_words(result)
    warning = [
        "NOT RECOMMENDED AS IT STANDS: it met every constraint only on the simulations it "
        "was found on; on the fresh check simulations it fails:",
        *failing,
    ]
    header = [
        f"Found by `salesperf optimize {scenario} {search}`.",
        *(warning if failing else []),
        *([result.description] if result.description else []),
        objective_words(result) + ".",
        *([tie[0].upper() + tie[1:] + "."] if tie else []),
        result.how + ".",
        f"Search: {plan_count(len(result.evaluations))} evaluated; {result.stopped}.",
        "Constraints on fresh simulations:",
        *[f"  {line}" for line in fresh_constraints(result)],
        *(
            ["Binding constraints:"] + [f"  {line}" for line in result.binding]
            if result.binding
            else []
        ),
        "",
    ]
    path = out / "winner.yaml"
    write_winner(
        path,
        baseline_file=scenario,
        point_data=data,
        changes=_changes(result, scenario),
        name=f"{search.stem}_winner",
        header=header,
        final_dir=final_dir,
    )
    return path


def _json(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
