"""The winner, the runner-up and the baseline measured again on fresh simulations (the SEARCH file's ``check`` sizes and seed), and the winner against the runner-up paired there: a lead found on one draw is judged on another."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.schema.search import SearchSpec
from salesperf_model.search.constraints import assess
from salesperf_model.search.evaluate import Evaluator, paired_summary
from salesperf_model.search.points import PointLoader, grid_values, simulation_reason


def _grid_value(spec: SearchSpec, name: str, value: float) -> int | float:
    """A table's value back on its parameter's grid, with the grid's type (whole money)."""
    grid = grid_values(spec.parameters[name], name)
    return grid[int(np.argmin([abs(g - value) for g in grid]))]


def fresh_check(
    loader: PointLoader,
    spec: SearchSpec,
    table: pd.DataFrame,
    *,
    rows: list[int | None],
    names: list[str],
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The baseline, the winner and the runner-up on fresh simulations: each figure's
    mean and paired interval against the baseline, and whether the constraints hold; and
    the winner minus the runner-up on the objective and total pay, paired simulation by
    simulation with a 95% interval (empty without a runner-up)."""
    chosen = [
        (label, row)
        for label, row in zip(("winner", "runner-up"), rows, strict=True)
        if row is not None
    ]
    if not chosen:
        return pd.DataFrame(), {}
    evaluator = Evaluator(loader.baseline, **spec.check.model_dump())
    records = [
        {
            "plan": "baseline",
            **paired_summary(evaluator.baseline_draws, evaluator.baseline_draws),
            **assess(evaluator.baseline_draws, spec.constraints),
        }
    ]
    measured = {}
    for label, row in chosen:
        point = {n: _grid_value(spec, n, table.loc[row, n]) for n in names}
        scenario = loader.scenario(point, name=label)
        how, _why = simulation_reason(point, loader.baseline)
        draws = measured[label] = evaluator.evaluate(scenario, simulate=how == "simulated")
        records.append(
            {
                "plan": label,
                **paired_summary(draws, evaluator.baseline_draws),
                **assess(draws, spec.constraints),
            }
        )
    gap: dict[str, float] = {}
    if "runner-up" in measured:
        figures = list(dict.fromkeys([spec.objective.metric, "total_pay"]))
        paired = paired_summary(measured["winner"][figures], measured["runner-up"][figures])
        for name in figures:
            gap[name] = paired[f"{name}_diff"]
            gap[f"{name}_low"] = paired[f"{name}_diff_low"]
            gap[f"{name}_high"] = paired[f"{name}_diff_high"]
    return pd.DataFrame(records).set_index("plan"), gap
