"""Whether a plan's draws meet a SEARCH file's constraints, by how much, which constraints bind at the winner and which conflict when nothing is feasible."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from salesperf_model.schema.search import Constraint


def constraint_label(constraint: Constraint) -> str:
    """``cost_of_sales_collected <= 0.12 in 90% of simulations`` and the like."""
    if constraint.at_most is not None and constraint.at_least is not None:
        limit = f"between {constraint.at_least:g} and {constraint.at_most:g}"
    elif constraint.at_most is not None:
        limit = f"<= {constraint.at_most:g}"
    else:
        limit = f">= {constraint.at_least:g}"
    where = (
        f" in {constraint.probability:.0%} of simulations"
        if constraint.probability is not None
        else " on average"
    )
    return f"{constraint.metric} {limit}{where}"


def _within(values: np.ndarray, constraint: Constraint) -> np.ndarray:
    ok = np.isfinite(values)
    if constraint.at_most is not None:
        ok &= values <= constraint.at_most + 1e-12
    if constraint.at_least is not None:
        ok &= values >= constraint.at_least - 1e-12
    return ok


def constraint_slack(draws: pd.DataFrame, constraint: Constraint) -> tuple[float, float]:
    """(the figure the constraint reads, its slack): with a probability, the share of
    simulations within the limits and that share minus the probability; else the Monte
    Carlo mean and its distance inside the nearer limit, relative to the limit's size.
    Slack >= 0 means met."""
    values = draws[constraint.metric].to_numpy(dtype=float)
    if constraint.probability is not None:
        share = float(_within(values, constraint).mean()) if values.size else 0.0
        return share, share - constraint.probability
    finite = values[np.isfinite(values)]
    mean = float(finite.mean()) if finite.size else np.nan
    if not np.isfinite(mean):
        return mean, -1.0
    slacks = []
    for limit, sign in ((constraint.at_most, 1.0), (constraint.at_least, -1.0)):
        if limit is not None:
            scale = max(abs(limit), 1e-9) if limit else max(abs(mean), 1.0)
            slacks.append(sign * (limit - mean) / scale)
    return mean, min(slacks)


def assess(draws: pd.DataFrame, constraints: Sequence[Constraint]) -> dict[str, float]:
    """Per constraint ``c<i>_value`` and ``c<i>_met``, and ``violation``: the summed
    shortfall of the constraints not met (0 for a feasible plan)."""
    row: dict[str, float] = {}
    violation = 0.0
    for number, constraint in enumerate(constraints):
        value, slack = constraint_slack(draws, constraint)
        row[f"c{number}_value"] = value
        row[f"c{number}_met"] = bool(slack >= 0)
        violation += max(0.0, -slack)
    row["violation"] = violation
    return row


def _closest(values: np.ndarray, constraint: Constraint) -> str:
    """How near the evaluated plans came to a constraint none met: the largest share of
    simulations within the limits, or the mean nearest the limits."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return "no plan gave a finite value"
    if constraint.probability is not None:
        return f"at best met in {finite.max():.0%} of simulations"
    above = finite - constraint.at_most if constraint.at_most is not None else -np.inf
    below = constraint.at_least - finite if constraint.at_least is not None else -np.inf
    return f"closest: {finite[np.argmin(np.maximum(above, below))]:.4g}"


def conflicts(evaluated: pd.DataFrame, constraints: Sequence[Constraint]) -> list[str]:
    """Why no evaluated plan met every constraint: constraints no plan met on their own,
    else the pairs no plan met together though each was met by some plan."""
    if evaluated.empty:
        return ["no plan was evaluated"]
    met = {
        n: evaluated.get(f"c{n}_met", pd.Series(dtype=bool)).fillna(False).astype(bool)
        for n in range(len(constraints))
    }
    found = []
    for n, constraint in enumerate(constraints):
        if not met[n].any():
            values = evaluated[f"c{n}_value"].to_numpy(dtype=float)
            found.append(
                f"no evaluated plan met {constraint_label(constraint)} "
                f"({_closest(values, constraint)})"
            )
    if found:
        return found
    for a in range(len(constraints)):
        for b in range(a + 1, len(constraints)):
            if not (met[a] & met[b]).any():
                found.append(
                    f"{constraint_label(constraints[a])} ({int(met[a].sum())} plans) and "
                    f"{constraint_label(constraints[b])} ({int(met[b].sum())} plans) were "
                    "never met together"
                )
    return found or ["every pair of constraints was met by some plan, but never all at once"]


def binding(
    evaluated: pd.DataFrame,
    constraints: Sequence[Constraint],
    *,
    winner: int,
    better: pd.Series,
) -> list[str]:
    """The constraints that stop the search going further: plans better on the objective
    than the winner failed them. ``better`` marks those plans (rows of ``evaluated``)."""
    rivals = evaluated[better & (evaluated.index != winner)]
    words = []
    for n, constraint in enumerate(constraints):
        failed = int((~rivals[f"c{n}_met"].astype(bool)).sum()) if len(rivals) else 0
        if failed:
            words.append(
                f"{constraint_label(constraint)}: {failed} of {len(rivals)} plans better on "
                "the objective failed it"
            )
    return words
