"""Sensitivity of a comparison to the assumed sales force: the same plans re-compared
under a few other population assumptions (more attrition, a wider skill spread, a more
volatile market), each a set of overrides of the baseline's sales force.

The simulated population is an assumption, not a fact: a verdict that flips when reps
leave twice as often is a weaker verdict. The runs are small (few reps and simulations)
and go through the stage cache, so the section costs seconds, not minutes.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salesperf_model.pipeline.plans import Overrides, PathLike
from salesperf_model.pipeline.run import Run, run_comparison

if TYPE_CHECKING:
    from salesperf_model.schema import Scenario

#: The name of the comparison under the scenario's own assumptions.
AS_ASSUMED = "as assumed"

#: Default alternatives: name -> (keys, factor applied to the baseline's value of each).
#: Sources: attrition x1.4 takes the baseline's 25% a year to 35%, the top of the 15-35%
#: yearly sales-rep turnover that sales-force surveys report; skill effects x1.5 and
#: market and regional shocks x2 are stated assumptions (a sales force where skill
#: matters more; a recession-like year), not published figures.
DEFAULT_ASSUMPTIONS: dict[str, tuple[tuple[str, ...], float]] = {
    "more reps leave (attrition x1.4)": (("population.workforce.annual_attrition",), 1.4),
    "skill matters more (skill effects x1.5)": (
        tuple(
            f"population.skill_effects.{name}"
            for name in ("visits", "leads", "win_log_odds", "deal_size", "repeat", "churn")
        ),
        1.5,
    ),
    "more volatile market (shocks x2)": (
        ("population.market.market_shock_sigma", "population.market.regional_shock_sigma"),
        2.0,
    ),
}
#: Default alternatives set to a value rather than scaled (the baseline may have none):
#: 3% of booked deals cancelled within 6 months (population.cancellations; the middle of
#: published order-cancellation ranges, an assumption for B2B, see schema/clawback.py).
#: Under it a plan paying on bookings with a clawback meets what it takes back, and one
#: paying on cash meets the cash that never comes. Left out when the baseline already
#: cancels at least as much.
SET_ASSUMPTIONS: dict[str, dict[str, float]] = {
    "some deals cancelled (3% within 6 months)": {"population.cancellations.share": 0.03},
}
#: Default size of each sensitivity run: small, the verdict's direction is what is asked.
SENSITIVITY_REPS = 150
SENSITIVITY_SIMULATIONS = 10


def _value(scenario: Scenario, key: str) -> float:
    node: object = scenario
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)  # type: ignore[arg-type]


def default_assumptions(
    baseline: Scenario,
    spec: Mapping[str, tuple[tuple[str, ...], float]] = DEFAULT_ASSUMPTIONS,
) -> dict[str, dict[str, float]]:
    """Each alternative as overrides (dotted key -> value): the baseline's value of each
    key times the alternative's factor, rounded to 4 decimals; with the default ``spec``,
    also :data:`SET_ASSUMPTIONS` (values set, not scaled) where they differ from the
    baseline's."""
    scaled = {
        name: {key: round(_value(baseline, key) * factor, 4) for key in keys}
        for name, (keys, factor) in spec.items()
    }
    if spec is not DEFAULT_ASSUMPTIONS:
        return scaled
    return {
        **scaled,
        **{
            name: dict(values)
            for name, values in SET_ASSUMPTIONS.items()
            if any(_value(baseline, key) < value for key, value in values.items())
        },
    }


@dataclass(frozen=True)
class Sensitivity:
    """One small comparison per assumption (:data:`AS_ASSUMED` first), the overrides of
    each, and the seconds the runs took altogether."""

    runs: dict[str, Run]
    assumptions: dict[str, dict[str, float]]
    seconds: float
    reps: int
    simulations: int


def _with(overrides: Overrides, extra: Mapping[str, float]) -> list[str] | dict[str, object]:
    if isinstance(overrides, Mapping):
        return {**overrides, **extra}
    if isinstance(overrides, str):
        overrides = [overrides]
    return [*overrides, *(f"{key}={value}" for key, value in extra.items())]


def run_sensitivity(
    scenario_paths: PathLike | Sequence[PathLike],
    baseline_path: PathLike,
    *,
    assumptions: Mapping[str, Mapping[str, float]] | None = None,
    reps: int = SENSITIVITY_REPS,
    simulations: int = SENSITIVITY_SIMULATIONS,
    seed: int | None = None,
    overrides: Overrides = (),
    cache_dir: PathLike | None = None,
) -> Sensitivity:
    """The comparison as assumed, then under each assumption (name -> overrides of the
    sales force; default :func:`default_assumptions` of the baseline), each with ``reps``
    seats and ``simulations`` simulations, without the pay-at-target and marginal-cost
    variants. Plans that fail to load are skipped as in the report."""
    from salesperf_model.loading import load_scenario
    from salesperf_model.pipeline.plans import split_overrides

    started = time.perf_counter()
    if assumptions is None:
        sales_force, _plan = split_overrides(overrides)
        assumptions = default_assumptions(load_scenario(baseline_path, sales_force))
    runs = {}
    for name, extra in {AS_ASSUMED: {}, **assumptions}.items():
        runs[name] = run_comparison(
            scenario_paths,
            baseline_path,
            reps=reps,
            simulations=simulations,
            seed=seed,
            overrides=_with(overrides, extra),
            variants=False,
            skip_invalid=True,
            cache_dir=cache_dir,
        )
    return Sensitivity(
        runs=runs,
        assumptions={name: dict(values) for name, values in assumptions.items()},
        seconds=round(time.perf_counter() - started, 1),
        reps=reps,
        simulations=simulations,
    )
