"""``simulate``: run the month loop chunk by chunk of simulations and assemble the Outcomes.

Arithmetic is vectorised over simulations x reps; only the month loop (pipelines, books and
exits carry state forward) and the calls into each simulation's own generators are Python
loops. Chunking bounds the working arrays; the results do not depend on it (see
``streams``).

Common random numbers: plans that differ only in their rules are paid on the very same
outcomes (simulate once, pay every plan). Under a ``behaviour`` section each plan is
simulated under its own response from the same seed, and every draw of the month loop is
keyed by (simulation, month, seat, slot) (``keyed``), so plans meet the same luck cell by
cell and differ only where the reps' choices do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import ValidationError

from salesperf_model.outcome_errors import OutcomesError
from salesperf_model.outcomes import MEASURES, ROLES, TRUTH, Outcomes
from salesperf_model.schema import Behaviour, Population, SimulationSettings
from salesperf_model.simulate.careers import Careers
from salesperf_model.simulate.deal_timing import DealTiming, deal_table
from salesperf_model.simulate.month_step import step_month
from salesperf_model.simulate.periods import period_labels
from salesperf_model.simulate.response import PlanResponse
from salesperf_model.simulate.seats import seated
from salesperf_model.simulate.start import start_chunk

#: Rep-simulations per chunk by default: keeps each working array near 2 MB.
_CHUNK_CELLS = 250_000


def _settings(
    settings: SimulationSettings | None, overrides: dict[str, int | None]
) -> SimulationSettings:
    """``settings`` (default ``SimulationSettings()``) with the given keywords in force;
    a ValueError in words when they make an invalid (e.g. too big) run."""
    settings = settings or SimulationSettings()
    updates = {k: v for k, v in overrides.items() if v is not None}
    try:
        return SimulationSettings(**{**settings.model_dump(), **updates})
    except ValidationError as error:  # e.g. --sims too big for memory: say so in words
        reasons = [str(e["msg"]).removeprefix("Value error, ") for e in error.errors()]
        raise ValueError("; ".join(reasons)) from None


def _stage_months(cycle_stock: np.ndarray, cycle_flow: np.ndarray) -> dict[str, dict[str, float]]:
    """Realised months in prospecting and negotiation per role (Little's law)."""
    stage_months = np.divide(
        cycle_stock, cycle_flow, out=np.full(cycle_stock.shape, np.nan), where=cycle_flow > 0
    )
    return {
        role: {
            "prospecting": float(stage_months[i, 0]),
            "negotiation": float(stage_months[i, 1]),
        }
        for i, role in enumerate(ROLES)
        if cycle_flow[i].sum() > 0
    }


def _month_last(out: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each working array of ``out`` (periods, sims, reps) as a contiguous (sims, reps,
    periods) array. Only the first is copied into fresh memory; each next one goes into
    the memory the previous one has just left (the working arrays are the run's own:
    nothing else holds them), so no second set of arrays is faulted in."""
    final: dict[str, np.ndarray] = {}
    spare: np.ndarray | None = None
    for name, months in out.items():
        T, S, R = months.shape
        moved = months.transpose(1, 2, 0)
        if moved.flags.c_contiguous:  # one month (or one cell): already in place
            final[name] = moved
            continue
        final[name] = np.empty((S, R, T)) if spare is None else spare
        final[name][...] = moved
        spare = months.reshape(S, R, T)
    out.clear()
    return final


#: Measures whose every value must be a finite number: what plans pay and score on.
_MONEY_MEASURES = ("quota", "revenue_booked_new", "revenue_booked_existing")


def _check_finite(final: dict[str, np.ndarray]) -> None:
    """Refuse outcomes run to infinity or NaN (``population.skill_effects.deal_size: 1e15``
    paid NaN and ``50`` paid 10^45 in silence): they come from parameters far outside
    anything plausible, and every figure paid on them would be too."""
    for name in _MONEY_MEASURES:
        bad = ~np.isfinite(final[name])
        if bad.any():
            raise OutcomesError(
                f"the simulated sales force's {name} is infinite or not a number in "
                f"{int(bad.sum()):,} rep-months: a population or behaviour parameter is far "
                "outside a plausible range (e.g. population.skill_effects.deal_size, a "
                "deal_size_sigma or a market sigma of 1e15); `salesperf params` gives "
                "each parameter's meaning and default"
            )


def simulate(
    population: Population,
    settings: SimulationSettings | None = None,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    plan_response: PlanResponse | None = None,
    behaviour: Behaviour | None = None,
    chunk_size: int | None = None,
    keep_deals: bool = False,
    first_simulation: int = 0,
) -> Outcomes:
    """Simulate ``simulations`` x ``reps`` x ``periods`` monthly outcomes.

    Keyword arguments override ``settings`` (default ``SimulationSettings()``).
    ``chunk_size`` (simulations per chunk) bounds the width of the month loop's working
    arrays; the results do not depend on it. ``plan_response`` (see
    :class:`~salesperf_model.simulate.response.PlanResponse`) lets a plan drive exits and
    effort; without it reps do not respond to any plan and there are no plan-driven exits.
    ``behaviour`` (an enabled ``behaviour`` section, with a plan response that answers
    ``outlook`` and ``review``) makes reps respond to the plan's pay: effort, leaving and
    screened hires (``simulate.behaviour``); the month-by-month effort is in
    ``meta["effort"]``; the grade consequences (``simulate.careers``) act too: counts
    per simulation and month in ``meta["consequences"]`` and who was promoted after each
    month in ``meta["promoted"]`` (bool, simulations x reps x months). ``keep_deals`` keeps one record per new-customer deal signed
    (list value, discount, pulled, pushed) as a table in ``meta["deals"]``
    (``simulate.deal_timing.DEAL_COLUMNS``); off by default, as a run may sign millions.
    ``first_simulation``: simulate simulations ``first_simulation`` to
    ``first_simulation + simulations - 1`` of the seed (each simulation draws from its own
    streams, so these are bit for bit those rows of one larger run): how a run is split
    into pieces that run apart (``pipeline.stream``).

    Examples
    --------
    >>> from salesperf_model.schema import Population
    >>> out = simulate(Population(), reps=20, periods=3, simulations=2, seed=1)
    >>> out.shape
    (2, 20, 3)
    """
    settings = _settings(
        settings, {"reps": reps, "periods": periods, "simulations": simulations, "seed": seed}
    )
    S, R, T = settings.simulations, settings.reps, settings.periods
    table, seats = seated(population, R, settings.seed)
    labels = period_labels(settings.start_period, T)
    if chunk_size is None:
        chunk_size = max(1, _CHUNK_CELLS // R)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")

    # arrays are filled month by month, so they are laid out (periods, sims, reps)
    names = [*MEASURES, *(f"_{k}" for k in TRUTH)]
    out = {name: np.empty((T, S, R)) for name in names}
    if behaviour is not None and (not behaviour.enabled or plan_response is None):
        behaviour = None
    effort = np.empty((S, R, T)) if behaviour is not None else None
    exits = 0
    careers: dict[str, np.ndarray] = {}
    promoted = np.zeros((S, R, T), bool) if behaviour is not None else None
    deals: list[pd.DataFrame] = []
    cycle_stock = np.zeros((len(ROLES), 2))
    cycle_flow = np.zeros((len(ROLES), 2))
    if first_simulation < 0:
        raise ValueError(f"first_simulation must be at least 0, got {first_simulation}")
    for start in range(first_simulation, first_simulation + S, chunk_size):
        chunk, state = start_chunk(
            population,
            seats,
            table,
            labels=labels,
            seed=settings.seed,
            simulations=range(start, min(first_simulation + S, start + chunk_size)),
            out=out,
            response=plan_response,
            behaviour=behaviour,
            first_simulation=first_simulation,
        )
        if keep_deals:
            state.timing = DealTiming.start(chunk.shape, keep_deals=True)
        if behaviour is not None:
            state.careers = Careers.start(chunk.shape)
        try:
            for t in range(T):
                step_month(chunk, state, t)
        except MemoryError as error:
            raise OutcomesError(
                f"simulating {R:,} reps x {len(chunk.simulations)} simulations ran out of "
                f"memory ({error}): a per-month count in the population far too large (e.g. "
                "population.roles.<role>.visits_per_month) asks for that many items; "
                "`salesperf params` gives each parameter's meaning and default"
            ) from error
        if state.timing is not None and state.timing.log is not None:
            deals += state.timing.log
        if effort is not None and state.effort_path is not None:
            effort[chunk.rows] = np.stack(state.effort_path, axis=-1)
        exits += state.exits
        if state.careers is not None:
            for name, counts in state.careers.counts().items():
                careers.setdefault(name, np.zeros((S, T), np.int64))[chunk.rows] = counts
            promoted[chunk.rows] = state.careers.promoted_at()
        cycle_stock += state.cycle_stock
        cycle_flow += state.cycle_flow

    final = _month_last(out)
    _check_finite(final)
    return Outcomes(
        reps=table,
        periods=labels,
        measures={name: final[name] for name in MEASURES},
        truth={name: final[f"_{name}"] for name in TRUTH},
        source="simulation",
        meta={
            "seed": settings.seed,
            "settings": settings.model_dump(),
            "exits": exits,
            "quota_basis": population.quota.basis,
            "realised_stage_months": _stage_months(cycle_stock, cycle_flow),
            **({"first_simulation": first_simulation} if first_simulation else {}),
            **({"effort": effort} if effort is not None else {}),
            **({"consequences": careers, "promoted": promoted} if careers else {}),
            **({"deals": deal_table(deals)} if keep_deals else {}),
        },
    )
